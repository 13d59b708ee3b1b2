"""Run a lesson on a training seed and hold each check's measurement to its limits.

:func:`evaluate_lesson` trains what the lesson's ``[[checks]]`` read (each variant, the
settings a check changes, the capacity sweep, the folds of K-fold), on ``[checked_with]``'s
settings where the lesson has them, measures each check's metric (``lesson_metrics.py``) and
compares it with its limits. Runs are kept in a :class:`RunCache`, so checks reading the same
run (or lessons with the same settings) train it once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Optional, Union

import numpy as np

from nnstudio.core.config import RunConfig, updated
from nnstudio.core.errors import ConfigError, NNStudioError
from nnstudio.core.lesson_checks import METRICS, Check, Reference
from nnstudio.core.lesson_metrics import fitted_curve, measure
from nnstudio.core.lessons import Lesson
from nnstudio.core.train import KFoldResult, RunResult, SweepResult, Trainer, run_kfold, run_sweep
from nnstudio.core.train.callbacks import Callback
from nnstudio.core.train.sweep import KNOBS, knob_for_setting, sweep_settings
from nnstudio.core.viz.grids import BoundaryGrid, boundary_grid
from nnstudio.core.viz.landscape import linear_parameters
from nnstudio.core.viz.weights import gradient_sizes

GRADIENT_BATCH = 256  # training samples the gradient sizes are measured on, as the window does
GRID_CELLS = 100  # the boundary view's grid
FOLDS = 5  # K of the K-fold checks (the K-fold panel's default)


class _Recorder(Callback):
    """Keeps what the views draw besides the history: a one-neuron line's (w, b) after every
    epoch, and (when asked) every weight layer's gradient size, as the weights view does."""

    def __init__(self, gradients: bool) -> None:
        self.gradients = gradients
        self.lines: list[tuple[float, float]] = []
        self.gradient_sizes: list[np.ndarray] = []

    def on_run_start(self, trainer) -> None:
        line = linear_parameters(trainer.model)
        if line is not None and not self.lines:
            self.lines.append(line)

    def on_epoch_end(self, trainer, metrics) -> None:
        if self.lines:
            self.lines.append(linear_parameters(trainer.model))
        if self.gradients:
            x = trainer.train_part.x[:GRADIENT_BATCH]
            y = trainer.train_part.y[:GRADIENT_BATCH]
            transform = trainer.batch_transform()
            self.gradient_sizes.append(gradient_sizes(
                trainer.model, trainer.loss_fn, transform(x) if transform else x, y
            ))


@dataclass
class TrainRun:
    """One finished training run and what its views would show."""

    trainer: Trainer
    result: RunResult
    lines: list[tuple[float, float]]  # (w, b) at the start and after each epoch; [] if no line
    gradient_sizes: list[np.ndarray]  # per epoch, input side first; [] unless recorded
    cache: dict[str, Any] = field(default_factory=dict)  # derived numbers, computed once

    @property
    def dataset(self):
        return self.trainer.dataset

    @cached_property
    def grid(self) -> BoundaryGrid:
        dataset = self.dataset
        return boundary_grid(self.trainer.model, dataset.task, dataset.bounds(), GRID_CELLS,
                             self.trainer.device, dataset.input_features)

    @cached_property
    def fit(self) -> np.ndarray:
        """The fitted curve's values over the data's x range."""
        return fitted_curve(self.trainer.model, self.dataset, self.trainer.device)


def _key(kind: str, config: RunConfig, *extra) -> str:
    raw = config.model_dump(mode="json")
    raw.pop("name"), raw.pop("description")  # a lesson's name does not change its numbers
    return json.dumps([kind, raw, *extra], sort_keys=True)


class RunCache:
    """Finished runs by their settings, shared by the checks of one or more lessons."""

    def __init__(self) -> None:
        self._runs: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self._runs)

    def train(self, config: RunConfig, gradients: bool = False) -> TrainRun:
        """The run of ``config``, trained once (with gradient sizes when ``gradients``)."""
        with_gradients = _key("train", config, True)
        if with_gradients in self._runs:
            return self._runs[with_gradients]
        key = _key("train", config, gradients)
        if key not in self._runs:
            trainer = Trainer(config)
            recorder = _Recorder(gradients)
            trainer.add_callback(recorder)
            result = trainer.fit()
            self._runs[key] = TrainRun(trainer, result, recorder.lines, recorder.gradient_sizes)
        return self._runs[key]

    def sweep(self, config: RunConfig, knob: str, values: tuple[int, ...]) -> SweepResult:
        key = _key("sweep", config, knob, list(values))
        if key not in self._runs:
            self._runs[key] = run_sweep(config, sweep_settings(knob, list(values)))
        return self._runs[key]

    def kfold(self, config: RunConfig, k: int = FOLDS) -> KFoldResult:
        key = _key("kfold", config, k)
        if key not in self._runs:
            self._runs[key] = run_kfold(config, k)
        return self._runs[key]


@dataclass
class Source:
    """The run a measurement reads: its config, the lesson's key setting and the cache."""

    config: RunConfig
    key_setting: str
    cache: RunCache

    def train(self, gradients: bool = False) -> TrainRun:
        return self.cache.train(self.config, gradients)

    def sweep(self) -> SweepResult:
        knob = knob_for_setting(self.key_setting)
        if knob is None:
            raise ConfigError(
                f"a sweep needs a key setting a sweep can turn, got {self.key_setting}"
            )
        return self.cache.sweep(self.config, knob, KNOBS[knob].defaults)

    def kfold(self) -> KFoldResult:
        return self.cache.kfold(self.config)

    def changed(self, section: str, **changes) -> "Source":
        return Source(updated(self.config, section, **changes), self.key_setting, self.cache)


Value = Union[float, str]


@dataclass
class CheckOutcome:
    """One check on one variant and seed: the measured value and the limits it was held to."""

    lesson: str
    index: int  # the check's place in the lesson file, from 0
    check: Check
    variant: Optional[int]
    seed: int
    value: Value
    limits: list[tuple[str, Value, str]]  # (bound, value, where it came from)
    passed: bool

    def describe(self) -> str:
        """One line: where, what was measured, and the limits (for a failing test's message)."""
        check = self.check
        run = "own settings" if self.variant is None else f"variant {self.variant}"
        if check.overrides:
            run += f" with {json.dumps(check.overrides)}"
        parameters = ", ".join(f"{name}={value}" for name, value in check.parameters().items())
        limits = "; ".join(
            f"{bound} {_number(value)}{origin}" for bound, value, origin in self.limits
        )
        verdict = "holds" if self.passed else "FAILS"
        return (f"{self.lesson} check {self.index} (claim {check.claim}, {run}, seed {self.seed}): "
                f"{check.metric}({parameters}) = {_number(self.value)}; {limits}: {verdict}")


def _number(value: Value) -> str:
    return value if isinstance(value, str) else f"{value:.6g}"


def evaluate_lesson(lesson: Lesson, seed: int = 0, cache: Optional[RunCache] = None,
                    ) -> list[CheckOutcome]:
    """Every check of ``lesson`` at training seed ``seed``, on each variant it names."""
    cache = cache if cache is not None else RunCache()
    # Checks reading gradient sizes first: their runs record them, and the other checks of the
    # same runs read those instead of training them again without.
    order = sorted(enumerate(lesson.checks), key=lambda item: not _reads_gradients(item[1]))
    outcomes = [
        _evaluate(lesson, index, check, variant, seed, cache)
        for index, check in order
        for variant in check.variants()
    ]
    return sorted(outcomes, key=lambda outcome: outcome.index)


def _reads_gradients(check: Check) -> bool:
    names = [check.metric] + [limit.metric for limit in check.limits().values()
                              if isinstance(limit, Reference) and limit.metric]
    return any(METRICS[name].gradients for name in names)


def _evaluate(lesson: Lesson, index: int, check: Check, variant: Optional[int], seed: int,
              cache: RunCache) -> CheckOutcome:
    def source(variant: Optional[int], overrides) -> Source:
        config = lesson.check_config(variant, overrides, seed, reduced=True)
        return Source(config, lesson.key_setting, cache)

    try:
        return _measured(lesson, index, check, variant, seed, source)
    except NNStudioError as exc:  # a metric that does not apply to the run it names
        raise ConfigError(f"{lesson.file_stem}: checks.{index}: {exc}") from None


def _measured(lesson, index, check, variant, seed, source) -> CheckOutcome:
    value = measure(source(variant, check.overrides), check.measure_for())
    limits, passed = [], True
    for bound, limit in check.limits().items():
        origin = ""
        if isinstance(limit, Reference):
            other_variant, overrides = check.reference_run(limit, variant)
            reference = measure(source(other_variant, overrides), check.measure_for(limit))
            limit_value = limit.times * reference + limit.plus
            origin = _origin(limit, other_variant, reference)
        else:
            limit_value = limit
        limits.append((bound, limit_value, origin))
        passed = passed and _holds(value, bound, limit_value)
    return CheckOutcome(lesson.file_stem, index, check, variant, seed, value, limits, passed)


def _origin(limit: Reference, variant: Optional[int], reference: Value) -> str:
    run = "own settings" if variant is None else f"variant {variant}"
    if limit.overrides:
        run += f" with {json.dumps(limit.overrides)}"
    changed = ", ".join(f"{name}={value}" for name, value in limit.parameters().items())
    what = (limit.metric or "the same") + (f"({changed})" if changed else "")
    scale = "" if limit.times == 1 else f"{limit.times:g} × "
    plus = "" if limit.plus == 0 else f" + {limit.plus:g}"
    return f" (= {scale}{what} on {run}, {_number(reference)}{plus})"


def _holds(value: Value, bound: str, limit: Value) -> bool:
    if isinstance(value, str) or isinstance(limit, str):
        return bound == "equals" and value == limit
    if not (isinstance(value, (int, float)) and not math.isnan(value)) or math.isnan(limit):
        return False
    if bound == "above":
        return value > limit
    if bound == "below":
        return value < limit
    if bound == "at_least":
        return value >= limit
    if bound == "at_most":
        return value <= limit
    return abs(value - limit) <= 1e-9 * max(1.0, abs(limit))  # equals


def claim_count(lessons: list[Lesson]) -> tuple[int, int]:
    """(claims backed by at least one check, all claims) over ``lessons``."""
    backed = total = 0
    for lesson in lessons:
        claims = len(lesson.look_for_in("en"))
        total += claims
        backed += len({check.claim for check in lesson.checks if check.claim <= claims})
    return backed, total


__all__ = ["CheckOutcome", "RunCache", "Source", "TrainRun", "claim_count", "evaluate_lesson"]
