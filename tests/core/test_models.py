"""Layer stacks become networks, or a message naming the layer that cannot work."""

import pytest
import torch

from nnstudio.core.config import ModelConfig
from nnstudio.core.errors import ModelError
from nnstudio.core.models import build_model, count_parameters


def test_mlp_has_the_parameter_count_a_student_computes_by_hand():
    model = build_model(ModelConfig(preset="mlp", hidden=[4, 2]), (2,), 1, "binary")
    assert count_parameters(model) == (2 * 4 + 4) + (4 * 2 + 2) + (2 * 1 + 1)


def test_cnn_on_images_produces_one_logit_per_class():
    model = build_model(ModelConfig(preset="cnn"), (1, 28, 28), 10, "multiclass")
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10)


def test_conv_after_flatten_names_the_layer():
    config = ModelConfig(preset="custom", layers=[{"type": "flatten"}, {"type": "conv2d"}])
    with pytest.raises(ModelError, match=r"layer 2 \(conv2d\): needs image input"):
        build_model(config, (1, 28, 28), 10, "multiclass")


def test_kernel_larger_than_the_image_is_explained():
    config = ModelConfig(preset="custom", layers=[{"type": "conv2d", "kernel_size": 9, "padding": 0}])
    with pytest.raises(ModelError, match="does not fit"):
        build_model(config, (1, 5, 5), 2, "binary")


def test_logistic_regression_on_three_classes_suggests_softmax():
    with pytest.raises(ModelError, match="softmax"):
        build_model(ModelConfig(preset="logistic"), (2,), 3, "multiclass")
