"""How to load the dataset a DataConfig names (the datasets themselves are declared in
nnstudio/core/registries/datasets.py)."""

from __future__ import annotations

import functools

import numpy as np
import torch

from nnstudio.core.config import DataConfig
from nnstudio.core.data.csv_import import load_csv_dataset
from nnstudio.core.data.dataset import Dataset, Part
from nnstudio.core.data.features import with_features
from nnstudio.core.data.finite import check_finite
from nnstudio.core.data.images import IMAGE_SETS, load_images
from nnstudio.core.data.painted import painted_dataset
from nnstudio.core.data.splits import split_indices
from nnstudio.core.errors import DataError
from nnstudio.core.registries import DATASETS
from nnstudio.core.registries import datasets as kinds

__all__ = ["DATASETS", "load_dataset"]  # DATASETS: every dataset's entry (the core's registry)


def load_dataset(config: DataConfig) -> Dataset:
    """Generate or load the dataset a config names, split as it says, with its input features;
    DataError if a value is infinite or not a number (it would end training as "diverged")."""
    points = _load_points(config)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is named by check_finite
        dataset = with_features(points, config.features)
    return check_finite(dataset)


def _load_points(config: DataConfig) -> Dataset:
    name = config.dataset
    entry = DATASETS[name]
    if entry.kind is kinds.IMAGES:
        return _load_image_dataset(config)
    if entry.kind is kinds.PAINTED:
        return painted_dataset(config)
    if entry.kind is kinds.CSV:
        if not config.csv:
            raise DataError("data.csv: choose a CSV file for the 'csv' dataset")
        return load_csv_dataset(
            config.csv, config.target, config.feature_columns or None, config.task,
            config.standardize, config.val_fraction, config.test_fraction, config.seed,
        )
    rng = np.random.default_rng(config.seed)
    if entry.kind is kinds.REGRESSION_1D:
        x, y = entry.generator(config.n_samples, config.noise, 0, rng)
        task, n_classes = "regression", 0
        feature_names = ["x"]
    else:  # 2D points
        n_classes = entry.classes or config.n_classes
        x, y = entry.generator(config.n_samples, config.noise, n_classes, rng)
        task = "binary" if n_classes == 2 else "multiclass"
        feature_names = ["x1", "x2"]
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
