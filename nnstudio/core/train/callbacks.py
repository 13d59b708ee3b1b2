"""Callbacks observe and steer a Trainer through small named hooks (skorch / Lightning style)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nnstudio.core.train.history import EpochMetrics
    from nnstudio.core.train.trainer import RunResult, Trainer


class Callback:
    """Override the hooks you need. ``on_step_end`` is only called if a callback overrides it."""

    def on_run_start(self, trainer: Trainer) -> None:
        pass

    def on_step_end(self, trainer: Trainer, step: int, steps_per_epoch: int) -> None:
        pass

    def on_epoch_end(self, trainer: Trainer, metrics: EpochMetrics) -> None:
        pass

    def on_run_end(self, trainer: Trainer, result: RunResult) -> None:
        pass


class FunctionCallback(Callback):
    """Adapts plain functions to the Callback hooks (handy for the CLI and tests)."""

    def __init__(self, on_epoch_end=None, on_run_end=None, on_run_start=None) -> None:
        self._epoch_end = on_epoch_end
        self._run_end = on_run_end
        self._run_start = on_run_start

    def on_run_start(self, trainer):
        if self._run_start:
            self._run_start(trainer)

    def on_epoch_end(self, trainer, metrics):
        if self._epoch_end:
            self._epoch_end(metrics)

    def on_run_end(self, trainer, result):
        if self._run_end:
            self._run_end(result)
