"""Input features (as TensorFlow Playground offers): a 2D point set's network reads x1², sin(x1),
... computed from each point, while the views keep drawing the points on the plane."""

import runpy
import subprocess
import sys

import numpy as np
import pytest
import torch

from nnstudio.core.config import INPUT_FEATURES, parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.data.features import make_features
from nnstudio.core.errors import ConfigError
from nnstudio.core.export import write_script
from nnstudio.core.train import Trainer
from nnstudio.core.viz.grids import boundary_grid


def circles_logistic(features, epochs=150):
    return parse_config({
        "data": {"dataset": "circles", "n_samples": 300, "noise": 0.1, "features": features},
        "model": {"preset": "logistic"},
        "train": {"optimizer": "adam", "lr": 0.05, "batch_size": "full", "epochs": epochs,
                  "device": "cpu"},
    })


def test_logistic_regression_separates_circles_on_squares_but_not_on_coordinates():
    on_squares = Trainer(circles_logistic(["x1^2", "x2^2"])).fit()
    on_coordinates = Trainer(circles_logistic(["x1", "x2"])).fit()
    assert on_squares.final.val_acc >= 0.95
    assert on_coordinates.final.val_acc <= 0.70


def test_the_network_reads_the_features_and_the_views_keep_the_points():
    plain = load_dataset(circles_logistic(["x1", "x2"]).data)
    featured = load_dataset(circles_logistic(["x1^2", "x2^2", "x1*x2", "sin(x1)"]).data)
    assert featured.input_shape == (4,) and featured.feature_names == ["x1^2", "x2^2", "x1*x2", "sin(x1)"]
    for part in ("train", "val", "test"):
        points = plain.points(part)
        assert torch.equal(featured.points(part), points)
        x1, x2 = points[:, 0], points[:, 1]
        expected = torch.stack([x1 * x1, x2 * x2, x1 * x2, torch.sin(x1)], dim=1)
        assert torch.allclose(getattr(featured, part).x, expected, atol=1e-6)
        assert torch.equal(getattr(featured, part).y, getattr(plain, part).y)
    # The plane the views draw is the points' plane, not the range of x1² or sin(x1).
    assert featured.bounds() == plain.bounds() and featured.on_plane
    assert plain.input_features == () and featured.input_features == tuple(featured.feature_names)


def test_the_boundary_is_drawn_on_the_original_plane():
    trainer = Trainer(circles_logistic(["x1^2", "x2^2"]))
    trainer.fit()
    dataset = trainer.dataset
    grid = boundary_grid(trainer.model, trainer.task, dataset.bounds(), 60,
                         features=dataset.input_features)
    # Each validation point falls in a grid cell predicted as its class: a disc in a ring.
    points, labels = dataset.points("val").numpy(), dataset.val.y.numpy()
    columns = np.abs(grid.x[None, :] - points[:, :1]).argmin(axis=1)
    rows = np.abs(grid.y[None, :] - points[:, 1:]).argmin(axis=1)
    assert (grid.predicted_class[rows, columns] == labels).mean() >= 0.9
    centre = grid.predicted_class[len(grid.y) // 2, len(grid.x) // 2]
    corner = grid.predicted_class[0, 0]
    assert (centre, corner) == (1, 0)  # the disc inside, the ring's outside around it


@pytest.mark.parametrize(("features", "message"), [
    (["x1", "x3"], "data.features: choose from x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2); "
                   "got the unknown feature 'x3'"),
    ([], "data.features: must name at least one input feature, got []"),
    (["x1^2", "x1^2"], "data.features: must not name a feature twice, got ['x1^2', 'x1^2']"),
])
def test_a_bad_feature_list_is_refused_with_a_message_naming_it(features, message):
    with pytest.raises(ConfigError) as error:
        parse_config({"data": {"dataset": "circles", "features": features}})
    assert str(error.value) == message


@pytest.mark.parametrize("dataset", ["sine", "mnist", "csv"])
def test_features_are_only_for_2d_point_sets(dataset):
    with pytest.raises(ConfigError, match=r"data.features: input features are computed from 2D "
                                          rf"points \(x1, x2\); '{dataset}' has other inputs"):
        parse_config({"data": {"dataset": dataset, "features": ["x1^2"]}})
    # The default inputs are fine for any dataset.
    assert parse_config({"data": {"dataset": dataset}}).data.features == ["x1", "x2"]


def test_painted_points_take_features_too():
    points = [[0.1, 0.2, 1], [0.9, -0.8, 0], [-0.2, 0.1, 1], [-0.9, 0.7, 0]] * 4
    data = load_dataset(parse_config({"data": {"dataset": "painted", "points": points,
                                               "features": ["sin(x1)", "x2"]}}).data)
    assert data.input_shape == (2,) and data.plane is not None
    np.testing.assert_allclose(data.train.x[:, 0].numpy(), np.sin(data.points("train")[:, 0].numpy()))
    with pytest.raises(ConfigError, match="'painted' has other inputs"):
        parse_config({"data": {"dataset": "painted", "task": "regression", "features": ["x1^2"]}})


def test_every_feature_is_computed_in_float32():
    points = np.array([[0.5, -2.0]], dtype=np.float32)
    values = make_features(points, INPUT_FEATURES)
    assert values.dtype == np.float32
    np.testing.assert_allclose(values[0], [0.5, -2.0, 0.25, 4.0, -1.0, np.sin(0.5), np.sin(-2.0)],
                               rtol=1e-6)


@pytest.mark.parametrize("dataset", ["xor", "painted"])
def test_the_exported_script_computes_the_same_features(dataset, tmp_path):
    points = [[0.25, -0.5, 0], [1.1, 0.3, 1], [-0.7, 0.9, 0], [0.1, 0.1, 1]] * 3
    config = parse_config({
        "data": {"dataset": dataset, "n_samples": 90, "points": points, "seed": 3,
                 "features": ["x1*x2", "sin(x2)", "x1^2"]},
        "model": {"preset": "mlp", "hidden": [3]},
        "train": {"seed": 5},
    })
    script = tmp_path / "train.py"
    write_script(config, script)
    text = script.read_text()
    assert 'FEATURES = ["x1*x2", "sin(x2)", "x1^2"]' in text and "nn.Linear(3, 3)" in text
    namespace = runpy.run_path(str(script))  # defines everything, trains nothing
    app = load_dataset(config.data)
    for part, (x, y) in zip(("train", "val", "test"), namespace["load_data"]()):
        assert torch.equal(x, getattr(app, part).x), part
        assert torch.equal(y, getattr(app, part).y), part


@pytest.mark.slow
def test_the_exported_script_trains_to_the_apps_numbers(tmp_path):
    config = circles_logistic(["x1^2", "x2^2"], epochs=20)
    script = tmp_path / "train.py"
    write_script(config, script)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    final = next(line for line in done.stdout.splitlines() if line.startswith("final"))
    printed = dict(pair.split("=") for pair in final.split()[1:])
    result = Trainer(config).fit()
    assert float(printed["val_loss"]) == pytest.approx(result.final.val_loss, abs=1e-4)
    assert float(printed["val_acc"]) == pytest.approx(result.final.val_acc, abs=1e-4)
