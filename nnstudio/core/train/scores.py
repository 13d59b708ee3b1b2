"""Scores of a model's predictions on one split, as a compare table shows them.

Classification: loss, accuracy and macro F1 (the mean over classes of 2·TP / (2·TP + FP + FN),
over the classes that occur among the targets or the predictions, as scikit-learn's
``f1_score(average="macro")``). Regression: loss, MSE and R² (1 − SS_res / SS_tot; None when the
targets do not vary). Everything in the data's own units.
"""

from __future__ import annotations

import math
from typing import Optional

import numpy as np


def macro_f1(predicted: np.ndarray, target: np.ndarray) -> Optional[float]:
    """Macro-averaged F1 of class predictions (None for no samples)."""
    predicted, target = np.asarray(predicted).ravel(), np.asarray(target).ravel()
    if len(target) == 0:
        return None
    scores = []
    for label in np.union1d(predicted, target):
        true_positive = np.sum((predicted == label) & (target == label))
        false_positive = np.sum((predicted == label) & (target != label))
        false_negative = np.sum((predicted != label) & (target == label))
        scores.append(2 * true_positive / (2 * true_positive + false_positive + false_negative))
    return float(np.mean(scores))


def r_squared(predicted: np.ndarray, target: np.ndarray) -> Optional[float]:
    """The coefficient of determination (None when the targets do not vary or there are none)."""
    predicted = np.asarray(predicted, dtype=np.float64).ravel()
    target = np.asarray(target, dtype=np.float64).ravel()
    if len(target) == 0:
        return None
    total = float(np.sum((target - target.mean()) ** 2))
    if total == 0.0:
        return None
    return 1.0 - float(np.sum((target - predicted) ** 2)) / total


def split_scores(task: str, loss: float, outputs: np.ndarray, target: np.ndarray) -> dict[str, Optional[float]]:
    """``loss`` with the scores of ``outputs`` (class probabilities, or predicted values) against
    ``target``: ``acc`` and ``f1`` for classes, ``mse`` and ``r2`` for regression (None where a
    score does not apply or cannot be computed)."""
    finite = math.isfinite(loss) and bool(np.isfinite(outputs).all())
    scores: dict[str, Optional[float]] = {
        "loss": loss if math.isfinite(loss) else None, "acc": None, "f1": None, "mse": None, "r2": None,
    }
    if not finite or len(target) == 0:
        return scores
    target = np.asarray(target)
    if task == "regression":
        values = np.asarray(outputs, dtype=np.float64).reshape(len(target), -1)
        truth = target.astype(np.float64).reshape(len(target), -1)
        scores["mse"] = float(np.mean((values - truth) ** 2))
        scores["r2"] = r_squared(values, truth)
    else:
        predicted = np.asarray(outputs).argmax(axis=1)
        scores["acc"] = float(np.mean(predicted == target))
        scores["f1"] = macro_f1(predicted, target)
    return scores
