"""Points a student paints on the plane: a dataset that lives in the config itself."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import torch

from nnstudio.core.config import DataConfig
from nnstudio.core.data.dataset import Dataset, Part
from nnstudio.core.data.splits import split_indices
from nnstudio.core.errors import DataError
from nnstudio.core.atomic_save import atomic_write_text

PLANE = ((-1.5, 1.5), (-1.5, 1.5))  # the canvas shown before any point is painted
MIN_FOR_VALIDATION = 10  # fewer points all go to training: a validation set of 1 says nothing


def painted_dataset(config: DataConfig) -> Dataset:
    """Classification points [x1, x2, class], or regression points [x, y] when task = regression."""
    points = np.array(config.points, dtype=np.float64).reshape(-1, 2 if _regression(config) else 3)
    if len(points) < 2:
        raise DataError("data.points: click on the plane to paint at least two points")
    val_fraction = config.val_fraction if len(points) >= MIN_FOR_VALIDATION else 0.0
    train, val, test = split_indices(len(points), val_fraction, 0.0, config.seed)
    if _regression(config):
        x = points[:, :1].astype(np.float32)
        y = points[:, 1:2].astype(np.float32)
        task, n_classes, names = "regression", 0, ["x"]
    else:
        x = points[:, :2].astype(np.float32)
        y = points[:, 2].astype(np.int64)
        n_classes = max(2, int(y.max()) + 1)
        task, names = ("binary" if n_classes == 2 else "multiclass"), ["x1", "x2"]

    def part(indices: np.ndarray) -> Part:
        return Part(torch.from_numpy(x[indices]), torch.from_numpy(y[indices]))

    return Dataset(
        name="painted", task=task, train=part(train), val=part(val), test=part(test),
        n_classes=n_classes, class_names=[f"class {k}" for k in range(n_classes)],
        feature_names=names, plane=PLANE,
    )


def _regression(config: DataConfig) -> bool:
    return config.task == "regression"


def write_points_csv(points: list[list[float]], path: str | Path, regression: bool = False) -> None:
    """Save painted points as a CSV file that the CSV import reads back."""
    header = ["x", "y"] if regression else ["x1", "x2", "label"]
    lines = [",".join(header)]
    for point in points:
        values = [f"{point[0]:.6g}", f"{point[1]:.6g}"]
        if not regression:
            values.append(f"class {int(point[2])}")
        lines.append(",".join(values))
    atomic_write_text(Path(path), "\n".join(lines) + "\n")


def read_points_csv(path: str | Path) -> list[list[float]]:
    """Points from a CSV written by :func:`write_points_csv` (for tests and re-import)."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    if rows and "label" in rows[0]:
        return [[float(r["x1"]), float(r["x2"]), float(r["label"].split()[-1])] for r in rows]
    return [[float(r["x"]), float(r["y"])] for r in rows]
