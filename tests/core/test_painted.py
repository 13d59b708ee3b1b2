"""Painted points train like any dataset and round-trip through CSV."""

import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.data.csv_import import load_csv_dataset
from nnstudio.core.data.painted import read_points_csv, write_points_csv
from nnstudio.core.errors import DataError
from nnstudio.core.train import Trainer


def two_painted_clusters():
    points = []
    for i in range(20):
        offset = (i % 5) * 0.05
        points.append([-0.8 + offset, -0.6 + offset, 0])
        points.append([0.7 - offset, 0.9 - offset, 1])
    return points


def test_painted_points_train_and_keep_a_fixed_plane():
    config = parse_config({"data": {"dataset": "painted", "points": two_painted_clusters()},
                           "train": {"epochs": 40, "lr": 0.05}})
    data = load_dataset(config.data)
    assert data.task == "binary" and len(data.train) + len(data.val) == 40
    assert data.bounds() == ((-1.5, 1.5), (-1.5, 1.5))
    trainer = Trainer(config, dataset=data)
    assert trainer.fit().final.val_acc == 1.0


def test_too_few_points_ask_for_more():
    with pytest.raises(DataError, match="paint at least two points"):
        load_dataset(parse_config({"data": {"dataset": "painted", "points": [[0, 0, 1]]}}).data)


def test_painted_points_round_trip_through_csv(tmp_path):
    points = two_painted_clusters()
    write_points_csv(points, tmp_path / "painted.csv")
    import numpy as np

    assert np.allclose(read_points_csv(tmp_path / "painted.csv"), points)
    data = load_csv_dataset(tmp_path / "painted.csv", "label", standardize=False)
    assert data.class_names == ["class 0", "class 1"] and data.feature_names == ["x1", "x2"]
