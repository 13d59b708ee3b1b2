"""The convergence notice: did a run end while its training loss was still falling?

A run that completes its epochs is said to end *not converged* when its training loss still fell
meaningfully at the end: the mean training loss of the last tenth of the epochs (at least one
epoch) is more than 1 % below the mean of the tenth before it. Two exceptions, where more
training would not help: the validation loss did not fall over those epochs too (the model
starts to overfit), or a classifier already gets every training sample right (what still falls
is only its confidence). The notice advises more epochs or a larger learning rate.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from nnstudio.core.records import Convergence
from nnstudio.core.train.history import History

STILL_FALLING = 0.01  # relative fall of the training loss over the last tenth that counts


def assess(history: History) -> Optional[Convergence]:
    """How a completed run's training loss moved over its last tenth (None: fewer than 2 epochs)."""
    n = len(history)
    if n < 2:
        return None
    window = max(n // 10, 1)
    train = history.column("train_loss")
    before, last = np.mean(train[-2 * window : -window]), np.mean(train[-window:])
    if not (np.isfinite(before) and np.isfinite(last)) or before <= 0:
        return None
    fall = float((before - last) / before)
    val = history.column("val_loss")
    val_change = None
    if np.isfinite(val[-2 * window :]).all():
        val_before, val_last = np.mean(val[-2 * window : -window]), np.mean(val[-window:])
        val_change = float((val_last - val_before) / val_before) if val_before > 0 else 0.0
    overfitting = val_change is not None and val_change >= 0
    train_acc = history.last.train_acc
    all_right = train_acc is not None and train_acc >= 1.0
    still_improving = fall > STILL_FALLING and not overfitting and not all_right
    return Convergence(still_improving, window, fall, val_change)
