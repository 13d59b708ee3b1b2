"""Synthetic data is deterministic and split reproducibly."""

import pytest
import torch

from nnstudio.core.config import DataConfig
from nnstudio.core.data import DATASETS, load_dataset


SYNTHETIC = sorted(name for name, info in DATASETS.items() if info.group not in ("images", "tabular", "painted"))


@pytest.mark.parametrize("name", SYNTHETIC)
def test_every_dataset_generates_and_splits(name):
    config = DataConfig(dataset=name, n_samples=200, val_fraction=0.25, test_fraction=0.1)
    data = load_dataset(config)
    assert data.sizes() == {"train": 130, "val": 50, "test": 20}
    if data.task == "regression":
        assert data.input_shape == (1,) and data.train.y.shape == (130, 1)
    else:
        assert data.input_shape == (2,)
        assert set(data.train.y.tolist()) == set(range(data.n_classes))
    assert torch.isfinite(data.train.x).all()


def test_same_seed_same_data_other_seed_other_data():
    first = load_dataset(DataConfig(dataset="spiral", seed=3))
    again = load_dataset(DataConfig(dataset="spiral", seed=3))
    other = load_dataset(DataConfig(dataset="spiral", seed=4))
    assert torch.equal(first.train.x, again.train.x) and torch.equal(first.val.y, again.val.y)
    assert not torch.equal(first.train.x, other.train.x)


def test_test_set_does_not_move_when_validation_fraction_changes():
    small_val = load_dataset(DataConfig(dataset="moons", val_fraction=0.1, test_fraction=0.2))
    large_val = load_dataset(DataConfig(dataset="moons", val_fraction=0.4, test_fraction=0.2))
    assert torch.equal(small_val.test.x, large_val.test.x)


def test_blobs_have_the_requested_number_of_balanced_classes():
    data = load_dataset(DataConfig(dataset="blobs", n_classes=5, n_samples=500, val_fraction=0, test_fraction=0))
    assert data.task == "multiclass" and data.n_classes == 5
    assert data.class_counts() == [100] * 5
