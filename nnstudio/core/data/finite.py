"""Data that is not a finite number would end training in a "loss diverged" that blames the
learning rate. It is found here, before training, and named by its row and column."""

from __future__ import annotations

import torch

from nnstudio.core.data.dataset import Dataset
from nnstudio.core.errors import DataError

FLOAT32_MAX = float(torch.finfo(torch.float32).max)


def check_finite(dataset: Dataset) -> Dataset:
    """``dataset`` unchanged, or DataError naming the first value that is infinite or not a
    number (a CSV file or painted points name their own line or point before this)."""
    for split in ("train", "val", "test"):
        part = getattr(dataset, split)
        for what, values in (("input", part.x), ("target", part.y)):
            if not values.is_floating_point() or len(values) == 0:
                continue
            bad = ~torch.isfinite(values.reshape(len(values), -1))
            if not bad.any():
                continue
            row, column = (int(index) for index in bad.nonzero()[0])
            names = dataset.feature_names if what == "input" else []
            name = names[column] if column < len(names) else f"{what} {column + 1}"
            value = float(values.reshape(len(values), -1)[row, column])
            raise DataError(
                f"data: row {row + 1} of the {_SPLITS[split]} set, column {name!r}: {value:g} is "
                f"not a finite number (float32 holds numbers up to {FLOAT32_MAX:.4g}); check the "
                "data before training"
            )
    return dataset


_SPLITS = {"train": "training", "val": "validation", "test": "test"}
