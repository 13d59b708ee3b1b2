"""The one schema for every setting: dataset, model, training and run.

The GUI form, TOML experiment files, lessons and the CLI are all derived from these pydantic
models. Every field has a default, bounds where they make sense and a one-line description.
A bad value raises :class:`ConfigError`, whose message names the field, the value and what is
allowed (``train.lr: must be > 0, got -1``).
"""

from __future__ import annotations

import math
import re
import reprlib
import typing
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from nnstudio.core.errors import ConfigError
from nnstudio.core.registries import ACTIVATIONS, DATASETS, OPTIMIZERS, SCHEDULES

# The names each registry declares (nnstudio/core/registries): adding an entry there adds it here.
DatasetName = DATASETS.literal()
ActivationName = ACTIVATIONS.literal()
OptimizerName = OPTIMIZERS.literal()
ScheduleName = SCHEDULES.literal()
AugmentationName = Literal["shift", "rotate", "flip"]
PresetName = Literal["auto", "linear", "polynomial", "logistic", "softmax", "mlp", "cnn", "custom"]

_DEVICE_PATTERN = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")

# Inputs a 2D point set can give the network, computed from (x1, x2) as TensorFlow Playground
# does (core/data/features.py computes them).
INPUT_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
DEFAULT_FEATURES = ("x1", "x2")
MAX_CLASSES = 10  # the most classes a generator makes, and a painted point can name
FLOAT32_MAX = 3.4028234663852886e38  # data is trained as float32: larger numbers become inf
# The most trainable parameters a network may have (200 MB of float32 weights, ~1 GB with Adam's
# state and the gradients): a config or checkpoint asking for more is refused before anything
# is built, not after minutes of allocating.
MAX_PARAMETERS = 50_000_000


def is_point_set(dataset: str, task: str | None = None) -> bool:
    """True for the 2D point sets (x1, x2) that input features apply to (the dataset registry
    says which)."""
    return DATASETS[dataset].features_apply(task)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class DataConfig(_Section):
    """Which data to train on and how it is split."""

    dataset: DatasetName = Field(
        "moons", description="Dataset to train on (synthetic sets are generated from the seed)."
    )
    n_samples: int = Field(400, ge=10, le=1_000_000, description="Number of samples to generate.")
    noise: float = Field(0.1, ge=0.0, le=5.0, description="Amount of noise added to the samples.")
    n_classes: int = Field(
        3, ge=2, le=MAX_CLASSES,
        description="Number of classes (" + DATASETS.labels_where("n_classes") + ").",
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Random seed for generating and splitting.")
    subset: int = Field(
        0, ge=0, le=10_000_000, description="Use only this many training images (0 = all)."
    )
    data_dir: str = Field(
        "", max_length=4096, description="Folder holding image datasets (empty = the app's cache)."
    )
    csv: str = Field("", max_length=4096, description="CSV file to train on (dataset 'csv').")
    target: str = Field(
        "", max_length=500, description="CSV column to predict (empty = the last column)."
    )
    feature_columns: list[str] = Field(
        default_factory=list,
        max_length=10_000,
        description="CSV columns used as inputs (empty = every column but the target).",
    )
    task: Literal["auto", "regression", "classification"] = Field(
        "auto",
        description="CSV task: auto makes classes of text and of at most 20 different whole "
        "numbers, and regression of other numbers.",
    )
    points: list[list[float]] = Field(
        default_factory=list,
        max_length=100_000,
        description="Painted points: [x1, x2, class] (or [x, y] with task 'regression').",
    )
    features: list[str] = Field(
        default_factory=lambda: list(DEFAULT_FEATURES),
        max_length=len(INPUT_FEATURES),
        description="Inputs computed from x1, x2 of 2D sets: " + ", ".join(INPUT_FEATURES) + ".",
    )
    standardize: bool = Field(
        True, description="Scale CSV features to mean 0 and std 1 (training split statistics)."
    )
    val_fraction: float = Field(
        0.2, ge=0.0, le=0.9, description="Share of samples held out for validation."
    )
    test_fraction: float = Field(
        0.2, ge=0.0, le=0.9, description="Share of samples kept for the final test (used once)."
    )

    @model_validator(mode="before")
    @classmethod
    def _a_csv_file_means_the_csv_dataset(cls, raw: Any) -> Any:
        # `csv = "FILE"` alone trains on that file: naming a file chooses the dataset.
        if isinstance(raw, dict) and raw.get("csv") and "dataset" not in raw:
            return {**raw, "dataset": "csv"}
        return raw

    @field_validator("csv")
    @classmethod
    def _csv_only_for_the_csv_dataset(cls, csv: str, info: Any) -> str:
        dataset = info.data.get("dataset")
        if csv and dataset is not None and dataset != "csv":
            raise ValueError(
                f"only the 'csv' dataset reads a CSV file, and data.dataset is {dataset!r}; "
                f"remove csv or set dataset = \"csv\", got {csv!r}"
            )
        return csv

    @field_validator("features")
    @classmethod
    def _known_features(cls, features: list[str], info: Any) -> list[str]:
        for name in features:
            if name not in INPUT_FEATURES:
                raise ValueError(
                    f"choose from {', '.join(INPUT_FEATURES)}; got the unknown feature {name!r}"
                )
        if not features:
            raise ValueError("must name at least one input feature, got []")
        if len(set(features)) != len(features):
            raise ValueError(f"must not name a feature twice, got {features}")
        dataset, task = info.data.get("dataset"), info.data.get("task")
        if features != list(DEFAULT_FEATURES) and dataset is not None and not is_point_set(
            dataset, task
        ):
            raise ValueError(
                f"input features are computed from 2D points (x1, x2); {dataset!r} has other "
                f"inputs, got {features}"
            )
        return features

    @field_validator("points")
    @classmethod
    def _painted_points(cls, points: list[list[float]], info: Any) -> list[list[float]]:
        """[x1, x2, class] each (or [x, y] with task 'regression'): finite, one length, and
        classes that are whole numbers from 0 to MAX_CLASSES - 1."""
        if not points:
            return points
        regression = info.data.get("task") == "regression"
        if info.data.get("dataset") == "painted":
            size = 2 if regression else 3
            what = "[x, y] (task 'regression')" if regression else "[x1, x2, class]"
        else:  # points kept while another dataset is chosen: checked, not used
            size = len(points[0]) if len(points[0]) in (2, 3) else 3
            what = "[x1, x2, class] or [x, y]"
        for number, point in enumerate(points, start=1):
            where = f"point {number}"
            if len(point) != size:
                raise ValueError(f"{where} must be {what}, got {shown(point)}")
            if not all(math.isfinite(value) and abs(value) <= FLOAT32_MAX for value in point):
                raise ValueError(
                    f"{where} must hold finite numbers of at most {FLOAT32_MAX:.4g} (float32), "
                    f"got {shown(point)}"
                )
            if size == 3:
                label = point[2]
                if not (label.is_integer() and 0 <= label < MAX_CLASSES):
                    raise ValueError(
                        f"{where}: its class must be a whole number from 0 to {MAX_CLASSES - 1}, "
                        f"got {shown(label)}"
                    )
        return points

    @field_validator("test_fraction")
    @classmethod
    def _fractions_leave_training_data(cls, test_fraction: float, info: Any) -> float:
        val = info.data.get("val_fraction", 0.0)
        if val + test_fraction > 0.9:
            raise ValueError(
                f"validation + test fractions must leave at least 10% for training, "
                f"got {val} + {test_fraction}"
            )
        return test_fraction


class LinearLayer(_Section):
    type: Literal["linear"] = "linear"
    width: int = Field(16, ge=1, le=65_536, description="Number of neurons.")


class ActivationLayer(_Section):
    type: Literal["activation"] = "activation"
    name: ActivationName = Field("relu", description="Non-linearity applied element-wise.")


class DropoutLayer(_Section):
    type: Literal["dropout"] = "dropout"
    p: float = Field(0.5, ge=0.0, lt=1.0, description="Probability of dropping each unit.")


class BatchNormLayer(_Section):
    type: Literal["batchnorm"] = "batchnorm"


class FlattenLayer(_Section):
    type: Literal["flatten"] = "flatten"


class Conv2dLayer(_Section):
    type: Literal["conv2d"] = "conv2d"
    channels: int = Field(16, ge=1, le=4096, description="Number of output channels.")
    kernel_size: int = Field(3, ge=1, le=15, description="Side of the square kernel.")
    stride: int = Field(1, ge=1, le=8, description="Step between kernel positions.")
    padding: int = Field(1, ge=0, le=8, description="Zeros added around the input.")


class MaxPool2dLayer(_Section):
    type: Literal["maxpool2d"] = "maxpool2d"
    kernel_size: int = Field(2, ge=1, le=8, description="Side of the pooling window.")


LayerSpec = Annotated[
    Union[
        LinearLayer,
        ActivationLayer,
        DropoutLayer,
        BatchNormLayer,
        FlattenLayer,
        Conv2dLayer,
        MaxPool2dLayer,
    ],
    Field(discriminator="type"),
]


class ModelConfig(_Section):
    """The network. The output layer and the loss follow from the task of the data."""

    preset: PresetName = Field(
        "auto",
        description="Model family; 'auto' picks an MLP, 'custom' uses the layer list.",
    )
    degree: int = Field(3, ge=1, le=30, description="Polynomial degree (polynomial regression).")
    hidden: list[Annotated[int, Field(ge=1, le=65_536)]] = Field(
        default_factory=lambda: [16, 16],
        max_length=64,
        description="Widths of the hidden layers (MLP).",
    )
    activation: ActivationName = Field("tanh", description="Activation of the hidden layers.")
    dropout: float = Field(
        0.0, ge=0.0, lt=1.0, description="Dropout after each hidden layer (probability of dropping)."
    )
    layers: list[LayerSpec] = Field(
        default_factory=list,
        max_length=256,
        description="Explicit hidden layers (preset 'custom'); the output layer is added for you.",
    )


class TrainConfig(_Section):
    """How the network is trained."""

    optimizer: OptimizerName = Field(
        "adam",
        description="Optimisation algorithm; least squares (exact) solves linear and polynomial "
        "regression in one step.",
    )
    lr: float = Field(0.01, gt=0.0, le=100.0, description="Learning rate (step size).")
    momentum: float = Field(
        0.9, ge=0.0, lt=1.0, description="Momentum (" + OPTIMIZERS.labels_where("momentum") + ")."
    )
    beta1: float = Field(0.9, ge=0.0, lt=1.0, description="Adam's decay rate of the mean gradient.")
    beta2: float = Field(
        0.999, ge=0.0, lt=1.0, description="Adam's decay rate of the squared gradient."
    )
    batch_size: Union[Annotated[int, Field(ge=1, le=1_000_000)], Literal["full"]] = Field(
        32, description="Samples per step: 1 is plain SGD, 'full' is full-batch gradient descent."
    )
    epochs: int = Field(200, ge=1, le=10_000_000, description="Passes over the training data.")
    weight_decay: float = Field(0.0, ge=0.0, le=10.0, description="L2 penalty (weight decay).")
    l1: float = Field(0.0, ge=0.0, le=10.0, description="L1 penalty on the weights (sparsity).")
    schedule: ScheduleName = Field("none", description="Learning-rate schedule.")
    step_size: int = Field(50, ge=1, le=1_000_000, description="Epochs between steps (step schedule).")
    gamma: float = Field(
        0.5, gt=0.0, le=1.0, description="Factor applied to the learning rate at each step."
    )
    plateau_patience: int = Field(
        10, ge=0, le=100_000, description="Epochs without improvement before the LR is cut."
    )
    plateau_factor: float = Field(
        0.5, gt=0.0, lt=1.0, description="Factor applied to the LR on a plateau."
    )
    early_stopping: bool = Field(False, description="Stop when validation loss stops improving.")
    patience: int = Field(
        20, ge=1, le=1_000_000, description="Epochs without improvement before stopping early."
    )
    min_delta: float = Field(
        0.0, ge=0.0, le=1e6, description="Smallest decrease of the loss that counts as improvement."
    )
    restore_best: bool = Field(
        True, description="On early stopping, restore the weights of the best epoch."
    )
    grad_clip: float = Field(
        0.0, ge=0.0, le=1e6, description="Clip the gradient norm to this value (0 = off)."
    )
    augment: list[AugmentationName] = Field(
        default_factory=list,
        max_length=3,
        description="Image sets only: randomly shift, rotate or flip each training image "
        "(validation and test images stay as they are).",
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Random seed for weights and shuffling.")
    val_every_steps: int = Field(
        15, ge=0, le=1_000_000,
        description="In long epochs (at least 1000 training samples and more steps than this: image "
        "sets), also validate every this many steps, on 256 validation samples, so the curves "
        "move within an epoch (0 = only at the end of each epoch).",
    )
    device: str = Field("auto", description="Where to train: auto, cpu, cuda, cuda:N or mps.")

    @field_validator("augment")
    @classmethod
    def _each_augmentation_once(cls, augment: list[str]) -> list[str]:
        return [name for name in typing.get_args(AugmentationName) if name in augment]

    @field_validator("device")
    @classmethod
    def _known_device(cls, device: str) -> str:
        if not _DEVICE_PATTERN.match(device):
            raise ValueError(f"must be auto, cpu, cuda, cuda:N or mps, got {device!r}")
        return device


class RunConfig(_Section):
    """A whole experiment: what a TOML file holds."""

    name: str = Field("", max_length=200, description="A name for this experiment.")
    description: str = Field("", max_length=2000, description="What this experiment shows.")
    data: DataConfig = Field(default_factory=DataConfig)
    model: ModelConfig = Field(default_factory=ModelConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)

    @model_validator(mode="after")
    def _parameter_ceiling(self) -> RunConfig:
        from nnstudio.core.models.size import smallest_parameter_count  # it imports this module

        count = smallest_parameter_count(self)
        if count > MAX_PARAMETERS:
            raise ValueError(
                f"model: the network would have at least {count:,} parameters, more than "
                f"MAX_PARAMETERS ({MAX_PARAMETERS:,}); use fewer or narrower layers"
            )
        return self


def parse_config(raw: dict[str, Any], strict: bool = True) -> RunConfig:
    """Validate a plain dict (e.g. read from TOML) into a RunConfig or raise ConfigError.

    Strict by default: a file's ``epochs = true`` or ``lr = "0.1"`` is refused, not converted
    (a whole number is still accepted where a decimal one is expected)."""
    if not isinstance(raw, dict):
        raise ConfigError(f"config: must be a table of sections, got {type(raw).__name__}")
    try:
        return RunConfig.model_validate(raw, strict=strict)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc)) from None
    except RecursionError:
        raise ConfigError("config: nested too deeply to be a config") from None


def updated(config: RunConfig, section: str, **changes: Any) -> RunConfig:
    """A copy of ``config`` with fields of one section changed, validated by the schema (the
    changes come from the program, not a file: a 3.0 for a whole number is taken as 3)."""
    raw = config.model_dump(mode="json")
    raw[section].update(changes)
    return parse_config(raw, strict=False)


_MESSAGES = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than": "must be < {lt}",
    "less_than_equal": "must be <= {le}",
    "extra_forbidden": "unknown setting",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "too_long": "must have at most {max_length} items",
    "string_too_long": "must be at most {max_length} characters",
    "finite_number": "must be a finite number",
}


def format_validation_error(exc: ValidationError) -> str:
    """One line per problem: ``section.field: what is allowed, got value``."""
    lines = []
    seen_locations = set()
    for error in exc.errors():
        location = ".".join(
            str(part) for part in error["loc"] if not _is_union_branch(part)
        ) or "config"
        kind = error["type"]
        # A union (batch_size: int | "full") reports one error per branch; one line is enough.
        if location in seen_locations:
            continue
        seen_locations.add(location)
        context = error.get("ctx") or {}
        if kind == "literal_error":
            message = "must be one of " + context.get("expected", "")
        elif kind == "union_tag_invalid":
            message = "type must be one of " + context.get("expected_tags", "")
        elif kind == "value_error":
            message = str(context.get("error", error["msg"]))
        elif kind in _MESSAGES:
            message = _MESSAGES[kind].format(
                **{key: f"{value:g}" if isinstance(value, float) else value
                   for key, value in context.items()}
            )
        else:
            message = error["msg"]
        if location.startswith("train.batch_size") and kind in (
            "literal_error", "int_parsing", "int_type"
        ):
            message = "must be a whole number >= 1 or 'full'"
        if location == "config" and kind == "value_error" and _NAMES_ITS_PLACE.match(message):
            lines.append(message)  # a check of the whole config that names its own section
        elif kind in ("extra_forbidden", "missing") or "got" in message:
            lines.append(f"{location}: {message}")
        else:
            lines.append(f"{location}: {message}, got {shown(error.get('input'))}")
    if len(lines) > SHOWN_PROBLEMS:  # a list of 100,000 bad points: the first few say enough
        lines = lines[:SHOWN_PROBLEMS] + [f"... and {len(lines) - SHOWN_PROBLEMS:,} more problems"]
    return "\n".join(lines)


_NAMES_ITS_PLACE = re.compile(r"^(data|model|train)(\.\w+)*: ")
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxother = 3, 6, 6, 60
SHOWN_LENGTH = 60  # characters of a bad value an error line repeats
SHOWN_PROBLEMS = 5  # problems listed of one config


def shown(value: object) -> str:
    """A value as an error line shows it: repr, cut to a readable length (a 1 MB string or a
    list nested 1,000 deep is not printed whole)."""
    if isinstance(value, str) and len(value) > SHOWN_LENGTH:
        return repr(value[:SHOWN_LENGTH]) + f"… ({len(value):,} characters)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)) and len(text := repr(value)) <= SHOWN_LENGTH:
        return text
    text = _SHORT.repr(value)
    return text if len(text) <= SHOWN_LENGTH + 20 else text[:SHOWN_LENGTH] + "…"


def _is_union_branch(part: object) -> bool:
    # pydantic names the branch of a union it tried ("int", "literal['full']", "linear").
    return isinstance(part, str) and (
        part in ("int", "float", "str", "bool") or part.startswith(("literal[", "constrained-"))
    )
