"""Every dataset nnstudio knows, by name and task, and how to load one from a DataConfig."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import torch

from nnstudio.core.config import DataConfig
from nnstudio.core.data import synthetic
from nnstudio.core.data.csv_import import load_csv_dataset
from nnstudio.core.data.dataset import Dataset, Part
from nnstudio.core.data.features import with_features
from nnstudio.core.data.images import IMAGE_SETS, load_images
from nnstudio.core.data.painted import painted_dataset
from nnstudio.core.data.splits import split_indices
from nnstudio.core.errors import DataError


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    group: str  # what the dataset browser groups by
    title: str
    description: str


DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        DatasetInfo("linear", "regression", "Linear", "y = 2x + 0.5 with noise: fit a line."),
        DatasetInfo("cubic", "regression", "Cubic", "y = 2x³ − x + 0.2 with noise."),
        DatasetInfo("sine", "regression", "Sine", "y = sin(πx) with noise: under- and over-fitting."),
        DatasetInfo("moons", "classification 2D", "Two moons", "Two interleaving half circles."),
        DatasetInfo("circles", "classification 2D", "Circles", "A disc inside a ring."),
        DatasetInfo("xor", "classification 2D", "XOR", "Opposite quadrants share a class."),
        DatasetInfo("gaussians", "classification 2D", "Two gaussians", "Two round clouds."),
        DatasetInfo("spiral", "classification 2D", "Spiral", "Interleaved spiral arms."),
        DatasetInfo("blobs", "classification 2D", "Blobs", "k gaussian blobs (k classes)."),
    ]
    + [
        DatasetInfo(image_set.name, "images", image_set.title, image_set.description)
        for image_set in IMAGE_SETS.values()
    ]
    + [DatasetInfo("csv", "tabular", "CSV file", "Your own table: numeric features, one target.")]
    + [DatasetInfo("painted", "painted", "Paint your own", "Click on the plane to add points.")]
}


def load_dataset(config: DataConfig) -> Dataset:
    """Generate or load the dataset a config names, split as it says, with its input features."""
    return with_features(_load_points(config), config.features)


def _load_points(config: DataConfig) -> Dataset:
    name = config.dataset
    if name in IMAGE_SETS:
        return _load_image_dataset(config)
    if name == "painted":
        return painted_dataset(config)
    if name == "csv":
        if not config.csv:
            raise DataError("data.csv: choose a CSV file for the 'csv' dataset")
        return load_csv_dataset(
            config.csv, config.target, config.feature_columns or None, config.task,
            config.standardize, config.val_fraction, config.test_fraction, config.seed,
        )
    rng = np.random.default_rng(config.seed)
    if name in synthetic.REGRESSION:
        x, y = synthetic.REGRESSION[name](config.n_samples, config.noise, 0, rng)
        task, n_classes = "regression", 0
        feature_names = ["x"]
    elif name in synthetic.CLASSIFICATION:
        n_classes = synthetic.FIXED_CLASS_COUNT.get(name, config.n_classes)
        x, y = synthetic.CLASSIFICATION[name](config.n_samples, config.noise, n_classes, rng)
        task = "binary" if n_classes == 2 else "multiclass"
        feature_names = ["x1", "x2"]
    else:  # the schema only lets known names through
        raise DataError(f"data.dataset: unknown dataset {name!r}")
    train, val, test = split_indices(len(x), config.val_fraction, config.test_fraction, config.seed)
    if len(train) < 2:
        raise DataError(
            f"data.n_samples: {config.n_samples} samples leave only {len(train)} for training"
        )
    x_tensor, y_tensor = torch.from_numpy(x), torch.from_numpy(y)

    def part(indices: np.ndarray) -> Part:
        index = torch.from_numpy(indices)
        return Part(x_tensor[index].contiguous(), y_tensor[index].contiguous())

    return Dataset(
        name=name,
        task=task,
        train=part(train),
        val=part(val),
        test=part(test),
        n_classes=n_classes,
        class_names=[f"class {k}" for k in range(n_classes)],
        feature_names=feature_names,
    )


@functools.lru_cache(maxsize=2)
def _cached_images(name: str, data_dir: str):
    return load_images(name, data_dir)


def _load_image_dataset(config: DataConfig) -> Dataset:
    """Official training images split into train / validation; the official test set as test."""
    image_set = IMAGE_SETS[config.dataset]
    train_x, train_y, test_x, test_y = _cached_images(config.dataset, config.data_dir)
    n = len(train_x)
    chosen = np.arange(n)
    if config.subset and config.subset < n:
        chosen = np.sort(np.random.default_rng([config.seed, 2]).permutation(n)[: config.subset])
    train, val, _ = split_indices(len(chosen), config.val_fraction, 0.0, config.seed)
    train_index = torch.from_numpy(chosen[train])
    val_index = torch.from_numpy(chosen[val])
    train_part = Part(train_x[train_index], train_y[train_index])
    scaled = train_part.x[:10_000].float() / 255.0  # a sample is plenty for two numbers
    return Dataset(
        name=config.dataset,
        task="multiclass",
        train=train_part,
        val=Part(train_x[val_index], train_y[val_index]),
        test=Part(test_x, test_y),
        n_classes=len(image_set.classes),
        class_names=list(image_set.classes),
        mean=float(scaled.mean()),
        std=float(scaled.std()),
    )
