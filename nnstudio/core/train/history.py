"""What a run produced, as plain data that CSV, SQLite and the plots all read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from nnstudio.core.records import METRIC_COLUMNS, EpochMetrics

__all__ = ["METRIC_COLUMNS", "EpochMetrics", "History"]

@dataclass
class History:
    """Every epoch's metrics and every step's training loss, in order."""

    epochs: list[EpochMetrics] = field(default_factory=list)
    best_epoch: Optional[int] = None

    def append(self, metrics: EpochMetrics) -> None:
        self.epochs.append(metrics)
        best = self.best
        if best is None or metrics.monitored_loss < best.monitored_loss:
            self.best_epoch = metrics.epoch

    @property
    def best(self) -> Optional[EpochMetrics]:
        if self.best_epoch is None:
            return None
        return self.epochs[self.best_epoch - self.epochs[0].epoch]

    def at(self, epoch: int) -> Optional[EpochMetrics]:
        """The metrics of epoch ``epoch`` (counted from 1), or None if it is not in the history."""
        if not self.epochs:
            return None
        index = epoch - self.epochs[0].epoch
        return self.epochs[index] if 0 <= index < len(self.epochs) else None

    @property
    def last(self) -> Optional[EpochMetrics]:
        return self.epochs[-1] if self.epochs else None

    def column(self, name: str) -> np.ndarray:
        """One metric across epochs as a float array (NaN where missing)."""
        values = [getattr(metrics, name) for metrics in self.epochs]
        return np.array([np.nan if value is None else value for value in values], dtype=float)

    def step_losses(self) -> np.ndarray:
        if not self.epochs:
            return np.zeros(0, np.float32)
        return np.concatenate([metrics.step_losses for metrics in self.epochs])

    def __len__(self) -> int:
        return len(self.epochs)
