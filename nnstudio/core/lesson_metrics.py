"""The numbers the lesson checks measure, one function per metric of ``lesson_checks.METRICS``.

Each function reads a run through a :class:`~nnstudio.core.lesson_evaluator.Source` (its
history, its trained model, the grid the boundary view draws, the fitted curve, the capacity
sweep or the folds) and returns a number, or a word for the ``text`` metrics. What the window
only shows as a picture is measured on the numbers behind it.
"""

from __future__ import annotations

import copy
import math
from typing import TYPE_CHECKING, Callable, Union

import numpy as np
import torch
from torch import nn

from nnstudio.core.errors import ConfigError
from nnstudio.core.lesson_checks import METRICS, Measure
from nnstudio.core.models.builder import PolynomialFeatures
from nnstudio.core.viz.grids import fit_curve
from nnstudio.core.viz.landscape import mse_landscape
from nnstudio.core.viz.weights import weight_layers

if TYPE_CHECKING:
    from nnstudio.core.lesson_evaluator import Source

Value = Union[float, str]
_FUNCTIONS: dict[str, Callable[["Source", Measure], Value]] = {}
FLAT = 1e-12  # a change this small is no change (accuracies move in whole points)


def metric(name: str):
    """Register the function computing the metric ``name`` (declared in METRICS)."""
    if name not in METRICS:
        raise KeyError(f"{name} is not declared in lesson_checks.METRICS")

    def register(function):
        _FUNCTIONS[name] = function
        return function

    return register


def measure(source: "Source", spec: Measure) -> Value:
    """The value of ``spec.metric`` on the run ``source`` names."""
    return _FUNCTIONS[spec.metric](source, spec)


def implemented() -> set[str]:
    return set(_FUNCTIONS)


# --- curves over epochs -------------------------------------------------------------------------
def _window(values: np.ndarray, spec: Measure) -> np.ndarray:
    if spec.epochs is not None:
        return values[spec.epochs[0] - 1 : spec.epochs[1]]
    if spec.last is not None:
        return values[-spec.last :]
    return values


def _curve(source: "Source", spec: Measure, name: str = "") -> np.ndarray:
    run = source.train()
    name = name or spec.of
    if name == "step_loss":
        epochs = _window(np.arange(len(run.trainer.history)), spec)
        history = run.trainer.history.epochs
        return np.concatenate([history[k].step_losses for k in epochs]).astype(float)
    return _window(run.trainer.history.column(name), spec)


def _rises_when_better(column: str) -> bool:
    return column.endswith("_acc")


@metric("final")
def _final(source, spec):
    return float(source.train().trainer.history.column(spec.of)[-1])


@metric("at_epoch")
def _at_epoch(source, spec):
    values = source.train().trainer.history.column(spec.of)
    return float(values[spec.epoch - 1]) if 1 <= spec.epoch <= len(values) else math.nan


@metric("min")
def _min(source, spec):
    return float(np.nanmin(_curve(source, spec)))


@metric("max")
def _max(source, spec):
    return float(np.nanmax(_curve(source, spec)))


@metric("mean")
def _mean(source, spec):
    return float(np.nanmean(_curve(source, spec)))


@metric("argmin")
def _argmin(source, spec):
    return float(np.nanargmin(_curve(source, spec)) + 1)


@metric("epochs_to_reach")
def _epochs_to_reach(source, spec):
    values = _curve(source, spec)
    reached = values >= spec.level if _rises_when_better(spec.of) else values <= spec.level
    return float(np.argmax(reached) + 1) if reached.any() else math.inf


@metric("settled_epoch")
def _settled_epoch(source, spec):
    values = _curve(source, spec)
    outside = np.abs(values - values[-1]) > spec.level * abs(values[-1])
    return float(len(values) - np.argmax(outside[::-1]) + 1) if outside.any() else 1.0


@metric("rising_share")
def _rising_share(source, spec):
    return float(np.mean(np.diff(_curve(source, spec)) > 0))


def roughness(values: np.ndarray) -> float:
    """Mean jump between neighbouring points over the mean size of the values."""
    values = values[np.isfinite(values)]
    return float(np.mean(np.abs(np.diff(values))) / np.mean(np.abs(values)))


@metric("roughness")
def _roughness(source, spec):
    return roughness(_curve(source, spec))


@metric("drop_share")
def _drop_share(source, spec):
    values = source.train().trainer.history.column(spec.of)
    first, last = spec.epochs
    return float((values[first - 1] - values[last - 1]) / (values[0] - values[-1]))


@metric("largest_jump")
def _largest_jump(source, spec):
    return float(np.max(np.abs(np.diff(_curve(source, spec)))))


@metric("flat_share")
def _flat_share(source, spec):
    return float(np.mean(np.abs(np.diff(_curve(source, spec))) <= FLAT))


@metric("falls_while_flat")
def _falls_while_flat(source, spec):
    flat = np.abs(np.diff(_curve(source, spec, spec.while_flat))) <= FLAT
    falls = np.diff(_curve(source, spec)) < 0
    return float(np.mean(falls[flat])) if flat.any() else math.nan


def smooth_as_in_the_notes(values: np.ndarray, beta: float) -> np.ndarray:
    """C′₀ = C₀, C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁: β is the weight of the newest value."""
    smoothed = np.empty(len(values))
    state = values[0]
    for index, value in enumerate(values):
        state = beta * value + (1.0 - beta) * state
        smoothed[index] = state
    return smoothed


@metric("smoothed_roughness")
def _smoothed_roughness(source, spec):
    return roughness(smooth_as_in_the_notes(_curve(source, spec), spec.level))


@metric("smoothed_lag")
def _smoothed_lag(source, spec):
    raw = _curve(source, spec)
    return float(np.mean(smooth_as_in_the_notes(raw, spec.level) - raw) / np.mean(raw))


@metric("lr_cuts")
def _lr_cuts(source, spec):
    return float(np.sum(np.diff(source.train().trainer.history.column("lr")) < 0))


@metric("cuts_after_stall")
def _cuts_after_stall(source, spec):
    run = source.train()
    history, patience = run.trainer.history, run.trainer.config.train.plateau_patience
    lr, loss = history.column("lr"), history.column("val_loss")
    cuts = np.nonzero(np.diff(lr) < 0)[0] + 1  # index of the first epoch at the lower rate
    stalled = []
    for cut in cuts:
        window_start = cut - 1 - patience  # the patience + 1 epochs before the cut decided it
        if window_start < 1:
            stalled.append(False)
            continue
        best_before = np.min(loss[:window_start])
        stalled.append(bool(np.min(loss[window_start:cut]) >= best_before * (1 - 1e-4)))
    return float(np.mean(stalled)) if stalled else math.nan


@metric("epochs_run")
def _epochs_run(source, spec):
    return float(source.train().result.epochs_run)


@metric("stop_kind")
def _stop_kind(source, spec):
    return source.train().result.stop_kind


@metric("restored_epoch")
def _restored_epoch(source, spec):
    return float(source.train().result.restored_epoch or 0)


@metric("restored_gap")
def _restored_gap(source, spec):
    run = source.train()
    loss, _ = run.trainer.evaluate(run.trainer.val_part)
    return abs(loss - float(run.trainer.history.best.val_loss))


@metric("steps_per_epoch")
def _steps_per_epoch(source, spec):
    return float(source.train().trainer.steps_per_epoch)


@metric("optimizer_steps")
def _optimizer_steps(source, spec):
    return float(sum(epoch.steps for epoch in source.train().trainer.history.epochs))


@metric("n_params")
def _n_params(source, spec):
    return float(source.train().trainer.n_params)


@metric("n_outputs")
def _n_outputs(source, spec):
    return float(source.train().dataset.n_outputs)


@metric("multiply_adds")
def _multiply_adds(source, spec):
    run = source.train()
    model = copy.deepcopy(run.trainer.model).cpu().eval()
    total = 0

    def count(module, inputs, output) -> None:
        nonlocal total
        if isinstance(module, nn.Linear):
            total += module.in_features * module.out_features
        elif isinstance(module, nn.Conv2d):
            kernel = module.kernel_size[0] * module.kernel_size[1]
            total += output[0].numel() * module.in_channels // module.groups * kernel

    for module in model.modules():
        module.register_forward_hook(count)
    sample = run.dataset.train.x[:1]
    transform = run.trainer.batch_transform()
    with torch.no_grad():
        model(transform(sample) if transform else sample)
    return float(total)


# --- a one-neuron line, epoch by epoch ----------------------------------------------------------
def _lines(source) -> np.ndarray:
    run = source.train()
    if not run.lines:
        raise ConfigError(
            "this metric needs a one-neuron line ŷ = w·x + b (model.preset 'linear')"
        )
    return np.array(run.lines)


@metric("parameter")
def _parameter(source, spec):
    lines = _lines(source)
    column = lines[:, "wb".index(spec.of)]
    return float(column[-1] if spec.epoch is None else column[min(spec.epoch, len(column) - 1)])


@metric("parameter_change")
def _parameter_change(source, spec):
    column = _lines(source)[:, "wb".index(spec.of)]
    return float(abs(column[-1] - column[0]))


@metric("sign_changes")
def _sign_changes(source, spec):
    lines = _lines(source)[1:]  # after each epoch
    if spec.of == "offset":
        data = source.train().dataset.train
        x_mean, y_mean = float(data.x.mean()), float(data.y.mean())
        values = lines[:, 0] * x_mean + lines[:, 1] - y_mean
        values = values - values[-1]
    else:
        values = lines[:, "wb".index(spec.of)] - lines[-1, "wb".index(spec.of)]
    signs = np.sign(_window(values, spec))
    signs = signs[signs != 0]
    return float(np.sum(signs[1:] != signs[:-1]))


def _least_squares(source) -> np.ndarray:
    data = source.train().dataset.train
    x, y = data.x.numpy().ravel().astype(float), data.y.numpy().ravel().astype(float)
    return np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), y, rcond=None)[0]


@metric("distance_to_optimum")
def _distance_to_optimum(source, spec):
    return float(np.linalg.norm(_lines(source)[-1] - _least_squares(source)))


def _landscape(source):
    run = source.train()
    if "landscape" not in run.cache:
        data = run.dataset.train
        start = tuple(_lines(source)[0])
        run.cache["landscape"] = mse_landscape(data.x.numpy(), data.y.numpy(), start)
    return run.cache["landscape"]


@metric("landscape_best")
def _landscape_best(source, spec):
    landscape = _landscape(source)
    row, column = np.unravel_index(np.argmin(landscape.loss), landscape.loss.shape)
    return float(landscape.w[column] if spec.of == "w" else landscape.b[row])


@metric("landscape_rise")
def _landscape_rise(source, spec):
    _, cost = _landscape(source).cost_along_w()
    return float(min(cost[0], cost[-1]) / cost.min())


@metric("landscape_centre_offset")
def _landscape_centre_offset(source, spec):
    loss = _landscape(source).loss
    row, column = np.unravel_index(np.argmin(loss), loss.shape)
    return float(max(abs(row - (loss.shape[0] - 1) / 2), abs(column - (loss.shape[1] - 1) / 2)))


# --- weights and gradients ----------------------------------------------------------------------
def _weights(source) -> np.ndarray:
    layers = weight_layers(source.train().trainer.model)
    return np.concatenate([weight.detach().cpu().numpy().ravel() for _, weight in layers])


@metric("weight_norm")
def _weight_norm(source, spec):
    return float(np.linalg.norm(_weights(source)))


@metric("near_zero_share")
def _near_zero_share(source, spec):
    return float(np.mean(np.abs(_weights(source)) < spec.level))


@metric("large_weights")
def _large_weights(source, spec):
    return float(np.sum(np.abs(_weights(source)) > spec.level))


@metric("odd_power_share")
def _odd_power_share(source, spec):
    model = source.train().trainer.model
    if not isinstance(next(iter(model)), PolynomialFeatures):
        raise ConfigError("odd_power_share needs polynomial regression (model.preset 'polynomial')")
    weights = np.abs(_weights(source))  # x, x², x³, … in order
    return float(weights[0::2].sum() / weights.sum())


def _gradients(source) -> np.ndarray:
    sizes = source.train(gradients=True).gradient_sizes
    return np.array(sizes)  # (epochs, layers), input side first


@metric("gradient_ratio")
def _gradient_ratio(source, spec):
    sizes = _gradients(source)
    return float(np.median(sizes[:, -1] / sizes[:, 0]))


@metric("gradient_spread")
def _gradient_spread(source, spec):
    sizes = _gradients(source)
    return float(np.median(sizes.max(axis=1) / sizes.min(axis=1)))


@metric("gradient_order_share")
def _gradient_order_share(source, spec):
    profile = np.median(_gradients(source), axis=0)
    return float(np.mean(profile[:-1] < profile[1:]))


# --- the fitted curve of a 1D regression --------------------------------------------------------
def turns(values: np.ndarray, tolerance: float) -> int:
    """How many times ``values`` turns (up to down or back), ignoring wiggles smaller than
    ``tolerance``: a turn counts once the curve has come back that far from its extreme."""
    count, direction, extreme = 0, 0, values[0]
    for value in values[1:]:
        if direction == 0:
            if abs(value - extreme) >= tolerance:
                direction, extreme = (1 if value > extreme else -1), value
        elif (value - extreme) * direction > 0:
            extreme = value
        elif abs(value - extreme) >= tolerance:
            count += 1
            direction, extreme = -direction, value
    return count


def fitted_curve(model, dataset, device="cpu") -> np.ndarray:
    """The model's curve over the data's x range (the view draws it a little wider, where a
    high-degree polynomial swings off; the claims are about the curve between the points)."""
    return fit_curve(model, dataset.bounds(margin=0.0), 400, device).y


def curve_turns(y: np.ndarray) -> float:
    """Turns of a fitted curve, ignoring wiggles under 2 % of the data's scale."""
    return float(turns(y, 0.02 * max(float(np.ptp(y)), 1e-9)))


@metric("fit_turns")
def _fit_turns(source, spec):
    return curve_turns(source.train().fit)


@metric("fit_range")
def _fit_range(source, spec):
    return float(np.ptp(source.train().fit))


@metric("mean_offset")
def _mean_offset(source, spec):
    run = source.train()
    data = run.dataset.train
    predicted = run.trainer.predict(data.x.numpy())
    return float(np.mean(predicted - data.y.numpy()))


# The plane, the network diagram, images, checkpoints, sweeps and folds: lesson_pictures.py
# registers those metrics with @metric; importing it here makes every metric known to measure().
from nnstudio.core import lesson_pictures  # noqa: E402,F401
