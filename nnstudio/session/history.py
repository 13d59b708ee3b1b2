"""The GUI's copy of a run's history, grown in place as updates arrive (amortised, no re-copies)."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

import numpy as np

from nnstudio.core.records import EpochMetrics

_COLUMNS = ("epochs", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds")
# Epoch curves longer than this are thinned for drawing (the history keeps every value). Below it
# every epoch is drawn, so smoothing works on the raw values of any lesson-sized run.
EPOCH_POINTS_DRAWN = 2500


def peak_rows(columns: Sequence[np.ndarray], limit: int, keep: Iterable[int] = ()) -> np.ndarray:
    """Rows that draw ``columns`` (curves over the same epochs) in at most about ``limit`` points:
    in each stretch of consecutive rows, the rows of every column's lowest and highest finite
    value, plus the first and last row and the rows in ``keep``; all of them when they fit."""
    n = len(columns[0]) if columns else 0
    if n <= limit:
        return np.arange(n)
    bucket = -(-n * 2 * len(columns) // limit)  # each stretch gives two rows per column
    usable = n // bucket * bucket
    starts = np.arange(0, usable, bucket)
    rows = [np.array([0, n - 1]), np.arange(usable, n), np.fromiter(keep, dtype=int)]
    for values in columns:
        stretches = np.asarray(values[:usable], dtype=float).reshape(-1, bucket)
        finite = np.isfinite(stretches)
        rows.append(starts + np.where(finite, stretches, np.inf).argmin(axis=1))
        rows.append(starts + np.where(finite, stretches, -np.inf).argmax(axis=1))
    return np.unique(np.concatenate(rows))


def step_rows(values: np.ndarray, limit: int) -> np.ndarray:
    """Rows that draw a stepwise curve (a learning-rate schedule) in at most about ``limit``
    points: the first and last, and both sides of every change; peaks if it changes too often."""
    n = len(values)
    if n <= limit:
        return np.arange(n)
    changes = np.flatnonzero(values[1:] != values[:-1])
    rows = np.unique(np.concatenate([[0, n - 1], changes, changes + 1]))
    return rows if len(rows) <= limit else peak_rows([values], limit)


class _Growable:
    def __init__(self) -> None:
        self._data = np.empty(256, dtype=float)
        self._size = 0

    def extend(self, values: np.ndarray) -> None:
        needed = self._size + len(values)
        if needed > len(self._data):
            grown = np.empty(max(needed, 2 * len(self._data)), dtype=float)
            grown[: self._size] = self._data[: self._size]
            self._data = grown
        self._data[self._size : needed] = values
        self._size = needed

    def view(self) -> np.ndarray:
        return self._data[: self._size]

    def clear(self) -> None:
        self._size = 0


class HistoryBuffer:
    """Per-epoch columns and per-step training losses as numpy views, for the plots."""

    def __init__(self) -> None:
        self._columns = {name: _Growable() for name in _COLUMNS}
        self._step_x = _Growable()
        self._step_loss = _Growable()
        # Every validation in order, within epochs (train.val_every_steps) and at their ends, on
        # the epoch axis: step k of epoch e at e - 1 + k / steps.
        self._val_x, self._val_loss, self._val_acc = _Growable(), _Growable(), _Growable()
        self.validated_within_epochs = False

    def clear(self) -> None:
        for column in (*self._columns.values(), self._step_x, self._step_loss, self._val_x, self._val_loss,
                       self._val_acc):
            column.clear()
        self.validated_within_epochs = False

    def extend(self, epochs: Iterable[EpochMetrics]) -> None:
        for metrics in epochs:
            values = {
                "epochs": metrics.epoch,
                "train_loss": metrics.train_loss,
                "val_loss": metrics.val_loss,
                "train_acc": metrics.train_acc,
                "val_acc": metrics.val_acc,
                "lr": metrics.lr,
                "seconds": metrics.seconds,
            }
            for name, value in values.items():
                self._columns[name].extend(np.array([np.nan if value is None else value]))
            within = metrics.val_points
            if len(within):
                self.validated_within_epochs = True
                self._val_x.extend(metrics.epoch - 1 + within[:, 0] / max(metrics.steps, 1))
                self._val_loss.extend(within[:, 1])
                self._val_acc.extend(within[:, 2])
            if metrics.val_loss is not None:
                self._val_x.extend(np.array([float(metrics.epoch)]))
                self._val_loss.extend(np.array([metrics.val_loss], dtype=float))
                self._val_acc.extend(np.array([np.nan if metrics.val_acc is None else metrics.val_acc]))
            steps = len(metrics.step_losses)
            if steps:
                # step k of epoch e sits at e - 1 + (k + 1) / steps on the epoch axis
                self._step_x.extend(metrics.epoch - 1 + np.arange(1, steps + 1) / steps)
                self._step_loss.extend(metrics.step_losses)

    def __getattr__(self, name: str) -> np.ndarray:
        if name in _COLUMNS:
            return self._columns[name].view()
        raise AttributeError(name)

    @property
    def step_x(self) -> np.ndarray:
        return self._step_x.view()

    @property
    def step_loss(self) -> np.ndarray:
        return self._step_loss.view()

    @property
    def validations(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every validation (within epochs and at their ends) as (epoch axis x, loss, accuracy)."""
        return self._val_x.view(), self._val_loss.view(), self._val_acc.view()

    @property
    def seconds_per_epoch(self) -> Optional[float]:
        seconds = self._columns["seconds"].view()
        return float(np.median(seconds[-20:])) if len(seconds) else None

    def __len__(self) -> int:
        return len(self._columns["epochs"].view())
