"""Callbacks observe and steer a Trainer through small named hooks (skorch / Lightning style)."""

from __future__ import annotations

from nnstudio.core.records import Callback

__all__ = ["Callback", "FunctionCallback"]


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
