"""Reproducible train / validation / test splits."""

from __future__ import annotations

import numpy as np


def split_indices(
    n: int, val_fraction: float, test_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle ``range(n)`` with ``seed`` and cut it into train, validation and test indices.

    The test part is cut first, so changing the validation fraction never moves a sample into
    or out of the test set.
    """
    order = np.random.default_rng([seed, 1]).permutation(n)
    n_test = int(round(n * test_fraction))
    n_val = int(round(n * val_fraction))
    test = np.sort(order[:n_test])
    val = np.sort(order[n_test : n_test + n_val])
    train = np.sort(order[n_test + n_val :])
    return train, val, test
