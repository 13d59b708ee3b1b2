"""What a run produced, as plain data that CSV, SQLite and the plots all read."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Optional

import numpy as np

METRIC_COLUMNS = ["epoch", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds"]


@dataclass
class EpochMetrics:
    """The numbers of one finished epoch. Accuracies are None for regression."""

    epoch: int
    train_loss: float
    val_loss: Optional[float]
    train_acc: Optional[float]
    val_acc: Optional[float]
    lr: float
    seconds: float
    samples_per_s: float
    steps: int
    step_losses: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.float32))
    # time.monotonic() when the epoch ended (the same clock in every process of the machine):
    # the rate epochs really come at, waits between them included (0: not measured).
    ended_at: float = field(repr=False, default=0.0)

    @property
    def monitored_loss(self) -> float:
        """Validation loss when there is a validation set, else training loss."""
        return self.val_loss if self.val_loss is not None else self.train_loss

    def row(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in METRIC_COLUMNS}

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("step_losses")
        data.pop("ended_at")  # a point on this machine's clock, meaningless in a file
        return {key: _json_number(value) for key, value in data.items()}


def _json_number(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


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
