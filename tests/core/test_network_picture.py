"""The numbers behind the network diagram: weights and each node's output over the plane."""

import numpy as np
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.data import Dataset, Part
from nnstudio.core.models import build_model
from nnstudio.core.train import Trainer
from nnstudio.core.viz.network import RESOLUTION, network_picture


def circles_trainer(features, hidden=(4, 2), epochs=1):
    return Trainer(parse_config({
        "data": {"dataset": "circles", "n_samples": 200, "features": list(features)},
        "model": {"preset": "mlp", "hidden": list(hidden), "activation": "tanh"},
        "train": {"epochs": epochs, "device": "cpu"},
    }))


def test_a_dense_net_gives_every_layer_its_weights_and_heatmaps():
    trainer = circles_trainer(["x1", "x2", "x1^2"])
    picture = network_picture(trainer.model, trainer.dataset, trainer.task)
    assert not picture.problem
    assert picture.input_names == ["x1", "x2", "x1^2"]
    assert picture.layer_sizes == [3, 4, 2, 1]
    linears = [module for module in trainer.model if isinstance(module, torch.nn.Linear)]
    for weights, linear in zip(picture.weights, linears):
        np.testing.assert_array_equal(weights, linear.weight.detach().numpy())
    assert [layer.shape for layer in picture.outputs] == [
        (size, RESOLUTION, RESOLUTION) for size in (3, 4, 2, 1)]
    # The input x1² over the plane is the square of the grid's x: a bowl along x1.
    np.testing.assert_allclose(picture.outputs[0][2], np.tile(picture.x**2, (RESOLUTION, 1)),
                               rtol=1e-6)
    # The output is P(class 1) and the hidden layer is tanh's (-1, 1).
    assert 0 <= picture.outputs[-1].min() and picture.outputs[-1].max() <= 1
    assert np.abs(picture.outputs[1]).max() < 1


def test_training_changes_the_weights_and_the_heatmaps():
    trainer = circles_trainer(["x1", "x2"], epochs=20)
    before = network_picture(trainer.model, trainer.dataset, trainer.task)
    trainer.fit()
    after = network_picture(trainer.model, trainer.dataset, trainer.task)
    assert not np.allclose(before.weights[0], after.weights[0])
    assert np.abs(before.outputs[1] - after.outputs[1]).max() > 0.05
    np.testing.assert_array_equal(before.outputs[0], after.outputs[0])  # inputs stay inputs


def test_1d_data_gives_weights_but_no_heatmaps():
    trainer = Trainer(parse_config({"data": {"dataset": "sine"},
                                    "model": {"preset": "polynomial", "degree": 3}}))
    picture = network_picture(trainer.model, trainer.dataset, trainer.task)
    assert picture.input_names == ["x", "x^2", "x^3"] and picture.layer_sizes == [3, 1]
    assert picture.outputs is None


def test_networks_too_big_or_not_dense_say_why():
    wide = circles_trainer(["x1", "x2"], hidden=(32,))
    assert "at most 16 neurons" in network_picture(wide.model, wide.dataset, wide.task).problem
    deep = circles_trainer(["x1", "x2"], hidden=(3,) * 9)
    assert "at most 8" in network_picture(deep.model, deep.dataset, deep.task).problem

    images = torch.zeros(4, 1, 8, 8, dtype=torch.uint8)
    labels = torch.tensor([0, 1, 0, 1])
    part = Part(images, labels)
    dataset = Dataset("tiny", "multiclass", part, part, part, n_classes=2)
    config = parse_config({"model": {"preset": "cnn", "hidden": [8]}}).model
    cnn = build_model(config, (1, 8, 8), 2, "multiclass")
    problem = network_picture(cnn, dataset, "multiclass").problem
    assert "image" in problem and "weights view" in problem
