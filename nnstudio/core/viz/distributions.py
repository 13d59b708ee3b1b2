"""Weights and gradients over time, as TensorBoard's distributions: for each weight layer, a
histogram of its weights (and of their gradients at the last step of the epoch) at recorded
epochs, drawn as a heatmap of value × epoch.

Kept cheap: a record is two small histograms per layer (a min, a max and BINS counts, one pass
of ``np.bincount`` over values that are already on the CPU for a small network); the gradients are
the ones the optimiser just applied (nothing is computed again); records are kept evenly spaced,
at most RECORD_LIMIT of them (the replay's thinning: the stride doubles when they would
overflow); and :class:`DistributionCallback` records an epoch only while recording has taken at
most BUDGET of the training thread's time, else it leaves the epoch out (bench/
weight_distributions.py measures the whole cost on the 2D presets).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from nnstudio.core.records import Callback
from nnstudio.core.viz.replay import ReplayRecorder
from nnstudio.core.viz.weights import weight_layers

BINS = 32
RECORD_LIMIT = 200
BUDGET = 0.01  # share of the training thread's time the records may take


@dataclass(frozen=True)
class Histogram:
    """``counts`` of values in BINS equal bins from ``low`` to ``high``."""

    counts: np.ndarray
    low: float
    high: float

    @property
    def edges(self) -> np.ndarray:
        return np.linspace(self.low, self.high, len(self.counts) + 1)


def histogram(values: np.ndarray, bins: int = BINS) -> Histogram:
    """A histogram of ``values`` over their own range (one pass: min, max, bincount)."""
    values = np.asarray(values, dtype=np.float32).ravel()
    if not len(values):
        return Histogram(np.zeros(bins, np.int32), 0.0, 0.0)
    low, high = float(values.min()), float(values.max())
    if not (np.isfinite(low) and np.isfinite(high)):  # a diverging run: count the finite values
        values = values[np.isfinite(values)]
        if not len(values):
            return Histogram(np.zeros(bins, np.int32), 0.0, 0.0)
        low, high = float(values.min()), float(values.max())
    if high <= low:
        counts = np.zeros(bins, np.int32)
        counts[bins // 2] = len(values)
        return Histogram(counts, low - 0.5e-6, high + 0.5e-6)
    index = ((values - low) * (bins / (high - low))).astype(np.int32)
    np.minimum(index, bins - 1, out=index)
    return Histogram(np.bincount(index, minlength=bins).astype(np.int32), low, high)


@dataclass(frozen=True)
class DistributionRecord:
    """One epoch's histograms: of each weight layer's weights, and of its gradients (None
    before the first step)."""

    epoch: int
    weights: tuple[Histogram, ...]
    gradients: tuple[Optional[Histogram], ...]


def record_of(trainer, weights: Optional[list] = None) -> DistributionRecord:
    """The histograms of ``trainer``'s model now (its last step's gradients); ``weights``: its
    weight tensors, as ``weight_layers`` lists them (looked up when not given)."""
    if weights is None:
        weights = [weight for _, weight in weight_layers(trainer.model)]
    gradients = trainer.last_step_gradients()
    return DistributionRecord(
        epoch=trainer.epoch,
        weights=tuple(histogram(weight.detach().float().cpu().numpy()) for weight in weights),
        gradients=tuple(None if gradient is None else histogram(gradient) for gradient in gradients),
    )


@dataclass
class DistributionHistory:
    """What a view draws: the layers' names and the records, oldest first."""

    layers: list[str] = field(default_factory=list)
    records: list[DistributionRecord] = field(default_factory=list)

    def heatmap(self, layer: int, kind: str = "weights", bins: int = 60,
                columns: int = 200) -> Optional[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The distribution of layer ``layer``'s ``kind`` ("weights" or "gradients") as an image:
        (epochs (columns,), value bin edges (bins + 1,), shares (bins, columns), each column
        summing to 1). Columns are evenly spaced epochs, each showing the latest record at or
        before it; values share one axis over every record. None when there is nothing to draw."""
        records = [(record.epoch, getattr(record, kind)[layer]) for record in self.records
                   if layer < len(getattr(record, kind)) and getattr(record, kind)[layer] is not None]
        if not records:
            return None
        low = min(histogram.low for _, histogram in records)
        high = max(histogram.high for _, histogram in records)
        if high <= low:
            high = low + 1e-6
        edges = np.linspace(low, high, bins + 1)
        recorded = np.array([epoch for epoch, _ in records])
        first, last = int(recorded[0]), int(recorded[-1])
        epochs = np.unique(np.linspace(first, last, min(columns, last - first + 1)).round().astype(int))
        image = np.zeros((bins, len(epochs)))
        chosen = np.searchsorted(recorded, epochs, side="right") - 1
        for column, index in enumerate(chosen):
            image[:, column] = _rebinned(records[index][1], edges)
        return epochs.astype(float), edges, image


def _rebinned(source: Histogram, edges: np.ndarray) -> np.ndarray:
    """A histogram's shares spread onto other bin ``edges`` (uniform within each source bin)."""
    total = source.counts.sum()
    if total == 0:
        return np.zeros(len(edges) - 1)
    cumulative = np.concatenate([[0.0], np.cumsum(source.counts) / total])
    at_edges = np.interp(edges, source.edges, cumulative, left=0.0, right=1.0)
    return np.diff(at_edges)


class DistributionCallback(Callback):
    """Records a DistributionRecord before the first epoch, at the epochs ``recorder`` wants
    (evenly spaced, at most its limit) while the records have taken at most ``budget`` of the
    training thread's time (else the epoch is left out), and at the last epoch."""

    def __init__(self, recorder: Optional[ReplayRecorder] = None, budget: float = BUDGET) -> None:
        self.recorder = recorder if recorder is not None else ReplayRecorder(RECORD_LIMIT)
        self.budget = budget
        self.layers: list[str] = []
        self._weights: list = []
        self._started = time.thread_time()
        self._spent = 0.0
        self._recorded = 0

    def on_run_start(self, trainer) -> None:
        self.recorder.plan(trainer.config.train.epochs)
        layers = weight_layers(trainer.model)
        self.layers = [name for name, _ in layers]
        self._weights = [weight for _, weight in layers]
        self._started, self._spent, self._recorded = time.thread_time(), 0.0, 0
        if trainer.epoch == 0 and not len(self.recorder):
            self._record(trainer)  # the initial weights: where every distribution starts

    def on_epoch_end(self, trainer, metrics) -> None:
        if not self.recorder.wants(trainer.epoch):
            return
        elapsed = time.thread_time() - self._started - self._spent
        if self._recorded and self._spent > self.budget * elapsed:
            return  # over budget: a later epoch of the grid is recorded instead
        self._record(trainer)

    def on_run_end(self, trainer, result) -> None:
        records = self.recorder.frames()
        if not records or records[-1].epoch != trainer.epoch:
            self._record(trainer)

    def _record(self, trainer) -> None:
        started = time.thread_time()
        self.recorder.add(record_of(trainer, self._weights))
        self._spent += time.thread_time() - started
        self._recorded += 1

    @property
    def seconds_spent(self) -> float:
        """The training thread's CPU time the records of the current run took."""
        return self._spent

    def history(self) -> DistributionHistory:
        """A copy of what is recorded, for a view."""
        return DistributionHistory(list(self.layers), self.recorder.frames())
