"""Validation within long epochs (``train.val_every_steps``), as MATLAB's training plot does: an
8-epoch Fashion-MNIST run gets a validation point every N steps instead of 8 in all. A long epoch
has at least LONG_EPOCH_SAMPLES training samples and more than N steps; the small sets' epochs
last milliseconds and keep one validation each.

The cost is bounded three ways: each of these validations scores a fixed sample of at most
MID_EPOCH_SAMPLES validation samples (the end of each epoch still scores all of them); one is
skipped while they have taken more than MID_EPOCH_BUDGET of the run's time so far (a large model
on a slow machine gets fewer points, never a slower run); and the hook runs only every N-th
step, so epochs of at most N steps never call it.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from nnstudio.core.data import Part
from nnstudio.core.records import Callback

MID_EPOCH_SAMPLES = 256
LONG_EPOCH_SAMPLES = 1000
MID_EPOCH_BUDGET = 0.10  # at most this share of the run's time goes to validations within epochs


def validates_within_epochs(every: int, train_samples: int, val_samples: int) -> bool:
    """True when a run with these settings and splits validates within its epochs."""
    return every > 0 and train_samples >= LONG_EPOCH_SAMPLES and val_samples > 0


def validations_per_epoch(steps_per_epoch: int, every: int, train_samples: int) -> int:
    """How many validations an epoch gets when none is skipped for the time budget: one every
    ``every`` steps before its last, and the epoch's own."""
    if not validates_within_epochs(every, train_samples, 1):
        return 1
    return (steps_per_epoch - 1) // every + 1


class MidEpochValidation(Callback):
    """Scores a fixed sample of the validation split every ``every`` steps within an epoch (not
    at its last step: the epoch's own validation follows). :meth:`take` hands the epoch's points
    to the Trainer, which keeps them in ``EpochMetrics.val_points``."""

    def __init__(self, every: int, seed: int) -> None:
        """``skipped`` counts the validations left out to keep within the budget."""
        self.step_every = every
        self.seed = seed
        self.sample: Part | None = None
        self._points: list[tuple[float, float, float]] = []
        self._seconds = 0.0  # spent validating within the epoch that runs
        self._spent = 0.0  # ... within every epoch of this run
        self._run_started = time.perf_counter()
        self.skipped = 0

    def on_run_start(self, trainer) -> None:
        self._run_started, self._spent = time.perf_counter(), 0.0
        val = trainer.dataset.val
        if len(val) > MID_EPOCH_SAMPLES:
            chosen = np.sort(np.random.default_rng([self.seed, 5]).permutation(len(val))[:MID_EPOCH_SAMPLES])
            index = torch.from_numpy(chosen)
            self.sample = Part(val.x[index], val.y[index])
        else:
            self.sample = val

    def on_step_end(self, trainer, step: int, steps_per_epoch: int) -> None:
        if step + 1 >= steps_per_epoch or self.sample is None or not len(self.sample):
            return
        started = time.perf_counter()
        if self._spent > MID_EPOCH_BUDGET * (started - self._run_started - self._spent):
            self.skipped += 1
            return
        loss, accuracy = trainer.evaluate_on(self.sample)
        self._points.append((float(step + 1), loss, np.nan if accuracy is None else accuracy))
        took = time.perf_counter() - started
        self._seconds += took
        self._spent += took

    def take(self) -> tuple[np.ndarray, float]:
        """The points of the epoch that ended ((k, 3): steps done, loss, accuracy) and the seconds
        they took; the next epoch starts afresh."""
        points = np.array(self._points, dtype=float).reshape(-1, 3)
        seconds, self._points, self._seconds = self._seconds, [], 0.0
        return points, seconds
