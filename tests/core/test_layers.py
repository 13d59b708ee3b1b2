"""Inside an image model: every layer's output for one image, the first filters, saliency."""

import numpy as np
import torch

from nnstudio.core.config import ModelConfig
from nnstudio.core.models.builder import build_model
from nnstudio.core.viz.layers import MAP_SIDE, MAX_MAPS, inside_picture, saliency

torch.manual_seed(0)
IMAGE = torch.randint(0, 256, (1, 28, 28), dtype=torch.uint8)


def normalise(batch):
    return (batch.float() / 255 - 0.3) / 0.3


def test_a_cnn_shows_every_layer_maps_for_convolutions_and_bars_for_dense_layers():
    model = build_model(ModelConfig(preset="cnn", hidden=[24]), (1, 28, 28), 10, "multiclass")
    picture = inside_picture(model, IMAGE, normalise, index=3, label=7)
    assert [layer.name for layer in picture.layers] == [
        "conv 1 + ReLU", "pool 1", "conv 2 + ReLU", "pool 2", "dense 1 + ReLU", "output"]
    shapes = [layer.maps.shape if layer.maps is not None else layer.units.shape for layer in picture.layers]
    assert shapes == [(16, 28, 28), (16, 14, 14), (MAX_MAPS, 7 * 2, 7 * 2), (MAX_MAPS, 7, 7), (24,), (10,)]
    assert picture.layers[2].shape == (32, 14, 14)  # 32 channels, 16 of them sent
    # The output bars are the class probabilities; ReLU outputs are never negative.
    assert np.isclose(picture.layers[-1].units.astype(float).sum(), 1.0, atol=1e-2)
    assert picture.predicted == int(np.argmax(picture.probabilities)) == picture.target
    assert (picture.layers[0].maps >= 0).all()
    # The maps are what the network computes: the first one is conv 1's ReLU output.
    with torch.no_grad():
        expected = torch.relu(model[0](normalise(IMAGE[None])))[0, :16].numpy()
    np.testing.assert_allclose(picture.layers[0].maps.astype(np.float32), expected, rtol=1e-2, atol=1e-2)
    assert picture.filters.shape == (16, 3, 3) and picture.filters_kind == "conv"
    assert picture.image.dtype == np.uint8 and picture.image.shape == (1, 28, 28)
    assert (picture.index, picture.label) == (3, 7)
    assert all(layer.maps is None or layer.maps.dtype == np.float16 for layer in picture.layers)


def test_an_mlp_shows_bars_per_layer_and_its_first_neurons_weights_as_images():
    model = build_model(ModelConfig(preset="mlp", hidden=[100, 8], activation="tanh"), (1, 28, 28), 10,
                        "multiclass")
    picture = inside_picture(model, IMAGE, normalise)
    assert [layer.name for layer in picture.layers] == ["dense 1 + Tanh", "dense 2 + Tanh", "output"]
    assert [layer.units.shape for layer in picture.layers] == [(64,), (8,), (10,)]  # bounded at 64
    assert all(layer.maps is None for layer in picture.layers)
    assert picture.filters.shape == (16, 28, 28) and picture.filters_kind == "dense"
    np.testing.assert_allclose(picture.filters[0].astype(np.float32),
                               model[1].weight[0].detach().reshape(28, 28).numpy(), atol=1e-3)


def test_large_maps_are_averaged_down_to_the_bound():
    model = build_model(ModelConfig(preset="cnn"), (3, 64, 64), 4, "multiclass")
    picture = inside_picture(model, torch.randint(0, 256, (3, 64, 64), dtype=torch.uint8), normalise)
    assert picture.layers[0].maps.shape == (16, MAP_SIDE, MAP_SIDE)
    assert picture.saliency.shape == (64, 64)


def test_saliency_has_the_inputs_shape_and_depends_on_the_class_chosen():
    model = build_model(ModelConfig(preset="cnn", hidden=[16]), (1, 28, 28), 10, "multiclass")
    x = normalise(IMAGE[None])
    maps = [saliency(model, x, target).astype(np.float32) for target in range(3)]
    assert all(map_.shape == (28, 28) for map_ in maps)
    assert all(0 <= map_.min() and map_.max() == 1.0 for map_ in maps)
    assert not np.allclose(maps[0], maps[1], atol=1e-3) and not np.allclose(maps[1], maps[2], atol=1e-3)
    # It is the gradient of that class's score: pixels the score ignores get none.
    picture = inside_picture(model, IMAGE, normalise, target=2)
    assert picture.target == 2
    np.testing.assert_allclose(picture.saliency.astype(np.float32), maps[2], atol=1e-3)
    assert model.training  # the model is left as it was, its gradients untouched
    assert all(parameter.grad is None for parameter in model.parameters())


def test_saliency_of_a_two_class_model_with_one_logit_points_both_ways():
    model = build_model(ModelConfig(preset="mlp", hidden=[8]), (1, 28, 28), 1, "binary")
    picture = inside_picture(model, IMAGE, normalise, target=0)
    assert picture.layers[-1].units.shape == (2,) and picture.target == 0
    other = inside_picture(model, IMAGE, normalise, target=1)
    np.testing.assert_allclose(picture.saliency.astype(float), other.saliency.astype(float))  # |−g| = |g|
    assert picture.saliency.shape == (28, 28)
