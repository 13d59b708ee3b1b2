"""A lesson's claims in a form a test can check: ``[[checks]]`` tables beside its text.

Each item of a lesson's "what to look for" is backed by one or more checks. A check names the
claim it backs (``claim``, counted from 1), the run it reads (the lesson's own settings, a
``variant`` counted from 1 as ``nnstudio train --lesson L --variant K`` counts them, and
``overrides`` for a claim about changing a setting), a number measured on that run (``metric``
and its parameters) and the limits the number must keep (``above``, ``below``, ``at_least``,
``at_most`` or ``equals``). A limit is a number, or another run's measurement (a
:class:`Reference`) times a factor plus a term::

    [[checks]]   # "lr 0.01: the loss falls slowly and is still high after 100 epochs"
    claim = 1
    variant = 1
    metric = "final"
    of = "train_loss"
    at_least = { variant = 2, times = 5 }

The metrics are declared once in :data:`METRICS` (what each measures, which parameters it
takes); ``lesson_metrics.py`` computes them and ``lesson_evaluator.py`` runs a lesson on a
training seed and evaluates its checks. A lesson whose full settings are too slow to check on
every test run says in ``[checked_with]`` what the checks change, and why the claims still hold.

This module is plain data and pydantic: loading a lesson does not import torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

HISTORY_COLUMNS = ("train_loss", "val_loss", "train_acc", "val_acc", "lr")
STEP_COLUMNS = HISTORY_COLUMNS + ("step_loss",)
PARAMETERS = ("of", "epoch", "epochs", "last", "level", "classes", "point", "while_flat")
WINDOW = ("epochs", "last")
BOUNDS = ("above", "below", "at_least", "at_most", "equals")
Section = Literal["data", "model", "train"]


@dataclass(frozen=True)
class Metric:
    """One number a check can measure: what it is, which run it reads and what it takes.

    ``kind`` is the run it needs: ``train`` (one training run), ``sweep`` (the capacity sweep
    of the lesson's key setting, over the knob's default values), ``kfold`` (5 folds) or
    ``data_seeds`` (the run repeated on data seeds 0 to ``level`` − 1). ``of`` lists the values
    its ``of`` parameter may take, when it takes one. ``text`` metrics give a word (compared
    with ``equals``), the others a number.
    """

    name: str
    kind: str
    description: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    of: tuple[str, ...] = ()
    text: bool = False
    gradients: bool = False  # reads the per-epoch gradient sizes (recorded only when asked)


def _metrics(*metrics: Metric) -> dict[str, Metric]:
    return {metric.name: metric for metric in metrics}


_COLUMN = ("of",)
METRICS: dict[str, Metric] = _metrics(
    # --- the history: curves over epochs ---
    Metric("final", "train", "the value at the last epoch", _COLUMN, of=HISTORY_COLUMNS),
    Metric("at_epoch", "train", "the value at epoch `epoch`", ("of", "epoch"), of=HISTORY_COLUMNS),
    Metric("min", "train", "the smallest value", _COLUMN, WINDOW, of=HISTORY_COLUMNS),
    Metric("max", "train", "the largest value", _COLUMN, WINDOW, of=HISTORY_COLUMNS),
    Metric("mean", "train", "the mean value", _COLUMN, WINDOW, of=HISTORY_COLUMNS),
    Metric("argmin", "train", "the epoch of the smallest value", _COLUMN, of=HISTORY_COLUMNS),
    Metric("epochs_to_reach", "train",
           "the first epoch at which an accuracy reaches `level` (a loss or rate falls to it); "
           "infinite if it never does", ("of", "level"), of=HISTORY_COLUMNS),
    Metric("settled_epoch", "train",
           "the first epoch from which the curve stays within `level` × the final value of it",
           ("of", "level"), of=HISTORY_COLUMNS),
    Metric("rising_share", "train", "the share of epochs whose value is above the previous one's",
           _COLUMN, WINDOW, of=HISTORY_COLUMNS),
    Metric("roughness", "train",
           "the mean jump from one point of the curve to the next, over the curve's mean value",
           _COLUMN, WINDOW, of=STEP_COLUMNS),
    Metric("drop_share", "train",
           "how much of the whole run's fall happens within `epochs` (1 = all of it)",
           ("of", "epochs"), of=HISTORY_COLUMNS),
    Metric("largest_jump", "train", "the largest change from one epoch to the next", _COLUMN,
           WINDOW, of=HISTORY_COLUMNS),
    Metric("flat_share", "train", "the share of epochs whose value equals the previous one's",
           _COLUMN, WINDOW, of=HISTORY_COLUMNS),
    Metric("falls_while_flat", "train",
           "among the epochs in which `while_flat` stands still, the share in which `of` falls",
           ("of", "while_flat"), WINDOW, of=HISTORY_COLUMNS),
    Metric("smoothed_roughness", "train",
           "the roughness of a curve smoothed as the course notes do, "
           "C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁ with β = `level`", ("of", "level"), of=STEP_COLUMNS),
    Metric("smoothed_lag", "train",
           "how far a curve smoothed with β = `level` stays above the raw one on average, over "
           "the raw mean: the delay of a falling curve", ("of", "level"), of=STEP_COLUMNS),
    Metric("lr_cuts", "train", "how many times the learning rate was lowered"),
    Metric("cuts_after_stall", "train",
           "the share of learning-rate cuts made after train.plateau_patience epochs without a "
           "new lowest validation loss"),
    Metric("epochs_run", "train", "how many epochs the run trained"),
    Metric("stop_kind", "train",
           "how the run ended: completed, early_stopped or diverged", text=True),
    Metric("restored_epoch", "train", "the epoch whose weights early stopping restored (0: none)"),
    Metric("restored_gap", "train",
           "the difference between the final model's validation loss and the best epoch's"),
    Metric("steps_per_epoch", "train", "the optimiser steps of one epoch"),
    Metric("optimizer_steps", "train", "the optimiser steps of the whole run"),
    Metric("n_params", "train", "the number of trainable parameters"),
    Metric("n_outputs", "train", "the width of the output layer"),
    Metric("multiply_adds", "train", "the multiply-adds of one forward pass of one sample"),
    # --- a one-neuron line ŷ = w·x + b, epoch by epoch ---
    Metric("parameter", "train", "w or b after epoch `epoch` (0: the initial value; default: "
           "the end)", _COLUMN, ("epoch",), of=("w", "b")),
    Metric("parameter_change", "train", "how far w or b moved from its initial value", _COLUMN,
           of=("w", "b")),
    Metric("sign_changes", "train",
           "how often w, b or the line's mean offset from the points (ŷ − y) crosses its final "
           "value", _COLUMN, WINDOW, of=("w", "b", "offset")),
    Metric("distance_to_optimum", "train",
           "the distance in (w, b) between the trained line and the least-squares line"),
    Metric("landscape_best", "train", "w or b at the bottom of the exhaustive-search grid",
           _COLUMN, of=("w", "b")),
    Metric("landscape_rise", "train",
           "the cost at the ends of the cost-against-w curve over its lowest cost (the lower end)"),
    Metric("landscape_centre_offset", "train",
           "how many grid cells the lowest point of the (w, b) contour grid is from its centre"),
    # --- the trained weights and gradients ---
    Metric("weight_norm", "train", "the L2 norm of every weight (biases left out)"),
    Metric("near_zero_share", "train", "the share of weights with |w| below `level`", ("level",)),
    Metric("large_weights", "train", "how many weights have |w| above `level`", ("level",)),
    Metric("odd_power_share", "train",
           "the share of a polynomial's total |weight| on the odd powers x, x³, x⁵, …"),
    Metric("gradient_ratio", "train",
           "the last weight layer's gradient size over the first's, the median over the epochs "
           "(what the gradients chart shows)", gradients=True),
    Metric("gradient_spread", "train",
           "the largest layer gradient size over the smallest, the median over the epochs",
           gradients=True),
    Metric("gradient_order_share", "train",
           "the share of neighbouring layers whose gradient (median over the epochs) is smaller "
           "on the input side", gradients=True),
    # --- the fitted curve of a 1D regression ---
    Metric("fit_turns", "train",
           "how many times the fitted curve turns (up to down or back) over the data's x range"),
    Metric("fit_range", "train", "the height of the fitted curve over the data's x range"),
    Metric("mean_offset", "train", "the mean of ŷ − y over the training points"),
    # --- the decision boundary over the plane (the grid the boundary view draws) ---
    Metric("grid_classes", "train", "how many classes own a region of the plane"),
    Metric("boundary_length", "train",
           "the boundary's length: grid cells next to another class, over the grid's side"),
    Metric("boundary_confidence", "train",
           "the mean probability of the predicted class on the boundary's grid cells"),
    Metric("boundary_top_two", "train",
           "the mean probability the two likeliest classes share on the boundary's grid cells"),
    Metric("point_confidence", "train",
           "the median probability of the predicted class at the training points"),
    Metric("closed_region", "train",
           "1 if the region of the class at the plane's centre (0, 0) is closed (it does not "
           "reach the edge of the plane), else 0"),
    Metric("corner_share", "train",
           "the share of points along lines across the plane where the network's output bends "
           "(straight pieces joined at corners give a small share)"),
    Metric("noise_free_accuracy", "train",
           "the accuracy on 2,000 points of the same shapes without noise: how close the "
           "boundary is to the true one"),
    # --- the network diagram ---
    Metric("trough_inputs", "train",
           "how many inputs of the network diagram are U-shaped troughs over the plane"),
    Metric("varying_hidden", "train",
           "how many hidden neurons of the network diagram show a pattern (not one flat colour)"),
    Metric("diagram_output_closed", "train",
           "1 if the output of the network diagram shows a closed region around the centre"),
    # --- images ---
    Metric("class_accuracy_min", "train", "the lowest validation accuracy among `classes`",
           ("classes",)),
    Metric("class_accuracy_max", "train", "the highest validation accuracy among `classes`",
           ("classes",)),
    Metric("confusion_share", "train",
           "the share of misclassified validation images whose true and predicted classes are "
           "both among `classes`", ("classes",)),
    Metric("misclassified_confidence", "train",
           "the median probability the model gave its wrong answer, over misclassified "
           "validation images"),
    Metric("augmented_share", "train",
           "the share of 256 training images that train.augment changes (a new draw each time)"),
    Metric("validation_images_fixed", "train",
           "1 if the network sees the validation images as they are (no augmentation), else 0"),
    # --- splits, the test set, checkpoints ---
    Metric("split_size", "train", "the number of samples in a part", _COLUMN,
           of=("train", "val", "test")),
    Metric("test_used_in_training", "train",
           "1 if the test set was evaluated during training, else 0"),
    Metric("second_test_refused", "train",
           "1 if evaluating the test set a second time is refused, else 0"),
    Metric("reload_difference", "train",
           "the largest difference between the predictions of a model and of its checkpoint "
           "saved and loaded again (boundary grid or fitted curve, and validation accuracy)"),
    Metric("checkpoint_holds_code", "train",
           "1 if a saved checkpoint needs more than tensors and plain data to load, else 0"),
    # --- the capacity sweep ---
    Metric("sweep_argmin", "sweep", "the knob's value with the lowest final error", _COLUMN,
           of=("train_loss", "val_loss")),
    Metric("sweep_value", "sweep",
           "a point's final error; `point` is a knob value, 'best' or 'last'", ("of", "point"),
           of=("train_loss", "val_loss")),
    Metric("sweep_worst_rise", "sweep",
           "the largest rise of the error from one knob value to the next", _COLUMN,
           of=("train_loss", "val_loss")),
    Metric("sweep_fit_turns", "sweep",
           "how many times a point's fitted curve turns; `point` is a knob value, 'best' or "
           "'last'", ("point",)),
    # --- K-fold cross-validation (K = 5) ---
    Metric("fold_count", "kfold", "how many folds were trained"),
    Metric("fold_spread", "kfold", "the largest minus the smallest fold's final score", _COLUMN,
           of=("val_loss", "val_acc")),
    Metric("fold_seed_shift", "kfold",
           "the largest change of a fold's final score when the training seed is one higher",
           _COLUMN, of=("val_loss", "val_acc")),
    # --- the same run on other data seeds (another random split) ---
    Metric("data_seed_range", "data_seeds",
           "the largest minus the smallest final score over data seeds 0 to `level` − 1",
           ("of", "level"), of=("val_loss", "val_acc")),
    Metric("data_seed_min", "data_seeds",
           "the lowest final score over data seeds 0 to `level` − 1",
           ("of", "level"), of=("val_loss", "val_acc")),
    Metric("data_seed_max", "data_seeds",
           "the highest final score over data seeds 0 to `level` − 1", ("of", "level"),
           of=("val_loss", "val_acc")),
    Metric("kfold_mean_range", "data_seeds",
           "the largest minus the smallest 5-fold mean score over data seeds 0 to `level` − 1",
           ("of", "level"), of=("val_loss", "val_acc")),
)
MetricName = Literal[tuple(METRICS)]  # type: ignore[valid-type]
Overrides = dict[Section, dict[str, Any]]


class Measure(BaseModel):
    """A metric and its parameters (see :data:`METRICS` for which each metric takes)."""

    model_config = ConfigDict(extra="forbid")

    metric: Optional[MetricName] = Field(None, description="The number measured (METRICS).")
    of: Optional[str] = Field(None, description="The curve, parameter or part measured.")
    epoch: Optional[int] = Field(None, ge=0, le=10_000_000, description="An epoch (0: the start).")
    epochs: Optional[tuple[int, int]] = Field(
        None, description="A window of epochs [first, last], counted from 1, both included."
    )
    last: Optional[int] = Field(None, ge=2, le=10_000_000, description="The last N epochs.")
    level: Optional[float] = Field(None, description="A threshold, factor or count.")
    classes: Optional[list[str]] = Field(None, min_length=1, description="Class names (images).")
    point: Optional[Union[int, Literal["best", "last"]]] = Field(
        None, description="A sweep's point: a knob value, 'best' or 'last'."
    )
    while_flat: Optional[str] = Field(None, description="The curve that stands still.")

    @field_validator("epochs")
    @classmethod
    def _ordered_window(cls, epochs: Optional[tuple[int, int]]) -> Optional[tuple[int, int]]:
        if epochs is not None and not 1 <= epochs[0] < epochs[1]:
            raise ValueError(f"must be [first, last] with 1 <= first < last, got {list(epochs)}")
        return epochs

    def parameters(self) -> dict[str, Any]:
        """The parameters that are set, by name."""
        return {name: getattr(self, name) for name in PARAMETERS if getattr(self, name) is not None}


class Reference(Measure):
    """A limit read from another run: ``times`` × its measurement + ``plus``.

    Without ``variant`` or ``overrides`` it is the check's own run; with either, that run
    (``overrides = {}`` alone names the lesson's own settings). Metric parameters left out are
    the check's, where the reference's metric takes them.
    """

    variant: Optional[int] = Field(None, ge=1, description="The variant, counted from 1.")
    overrides: Optional[Overrides] = Field(None, description="Settings changed, per section.")
    times: float = Field(1.0, description="Factor applied to the measurement.")
    plus: float = Field(0.0, description="Term added after the factor.")


Limit = Union[float, Reference]


class Check(Measure):
    """One claim of a lesson as a measurement and its limits."""

    claim: int = Field(ge=1, description="The look_for item this backs, counted from 1.")
    variant: Optional[Union[int, list[int]]] = Field(
        None, description="The variant(s) measured, counted from 1 (each must pass); none: the "
        "lesson's own settings."
    )
    overrides: Overrides = Field(
        default_factory=dict, description="Settings changed from the run's, per section."
    )
    above: Optional[Limit] = None
    below: Optional[Limit] = None
    at_least: Optional[Limit] = None
    at_most: Optional[Limit] = None
    equals: Optional[Union[float, str, Reference]] = None
    note: str = Field("", max_length=2000, description="How the number stands for the claim.")

    @field_validator("variant")
    @classmethod
    def _variants_from_one(cls, variant):
        numbers = variant if isinstance(variant, list) else [variant]
        if variant is not None and (not numbers or any(number < 1 for number in numbers)):
            raise ValueError(f"variants are counted from 1, got {variant}")
        return variant

    @model_validator(mode="after")
    def _metric_and_limits(self) -> "Check":
        if self.metric is None:
            raise ValueError(f"metric: choose one of {', '.join(METRICS)}")
        problem = parameter_problem(self.metric, self.parameters())
        if problem:
            raise ValueError(problem)
        metric = METRICS[self.metric]
        limits = self.limits()
        if not limits:
            raise ValueError("give at least one limit: " + ", ".join(BOUNDS))
        if metric.text and set(limits) != {"equals"}:
            raise ValueError(f"{self.metric} gives a word; compare it with equals only")
        if isinstance(self.equals, str) and not metric.text:
            raise ValueError(f"equals: {self.metric} gives a number, got {self.equals!r}")
        return self

    def variants(self) -> list[Optional[int]]:
        """The variants measured, counted from 1 (``[None]``: the lesson's own settings)."""
        if self.variant is None:
            return [None]
        return list(self.variant) if isinstance(self.variant, list) else [self.variant]

    def limits(self) -> dict[str, Union[float, str, Reference]]:
        return {name: getattr(self, name) for name in BOUNDS if getattr(self, name) is not None}

    def reference_run(self, reference: Reference, variant: Optional[int]):
        """(variant, overrides) of the run a reference reads when the check measures ``variant``:
        the check's own run, unless the reference names a variant or overrides."""
        if reference.variant is None and reference.overrides is None:
            return variant, self.overrides
        return reference.variant, reference.overrides or {}

    def measure_for(self, reference: Optional[Reference] = None) -> Measure:
        """The check's measurement, or a reference's: its own metric and parameters, with the
        check's parameters filled in where the reference's metric takes them."""
        values = {"metric": self.metric, **self.parameters()}
        if reference is not None:
            if reference.metric is not None and reference.metric != self.metric:
                metric = METRICS[reference.metric]
                takes = set(metric.required) | set(metric.optional)
                values = {name: value for name, value in values.items() if name in takes}
                values["metric"] = reference.metric
            values.update(reference.parameters())
        return Measure(**values)


class CheckedWith(BaseModel):
    """What the checks change in an expensive lesson's settings, and why the claims still hold."""

    model_config = ConfigDict(extra="forbid")

    why: str = Field(min_length=20, max_length=2000, description="Why the claims still hold.")
    overrides: Overrides = Field(description="Settings changed for the checks, per section.")


def parameter_problem(metric_name: str, parameters: dict[str, Any]) -> str:
    """Why ``parameters`` do not fit the metric (a 'field: problem' line), or ''."""
    metric = METRICS[metric_name]
    allowed = set(metric.required) | set(metric.optional)
    for name in parameters:
        if name not in allowed:
            takes = ", ".join(sorted(allowed)) or "no parameters"
            return f"{name}: {metric_name} takes {takes}"
    for name in metric.required:
        if name not in parameters:
            return f"{name}: {metric_name} needs it ({metric.description})"
    if "epochs" in parameters and "last" in parameters:
        return "last: give a window as epochs or as last, not both"
    for name in ("of", "while_flat"):
        if name in parameters and parameters[name] not in (metric.of or HISTORY_COLUMNS):
            return (f"{name}: {metric_name} measures one of {', '.join(metric.of)}, "
                    f"got {parameters[name]!r}")
    if metric.kind == "data_seeds" and not (
        float(parameters["level"]).is_integer() and 2 <= parameters["level"] <= 20
    ):
        return f"level: {metric_name} needs a whole number of data seeds from 2 to 20"
    return ""


__all__ = ["BOUNDS", "METRICS", "Check", "CheckedWith", "Measure", "Metric", "Reference",
           "parameter_problem"]
