"""How many parameters a network would have, counted from its config without building it.

The schema refuses a network above ``MAX_PARAMETERS`` (core/config.py) before anything allocates
memory: a config or checkpoint describing a 65,536 × 65,536 layer would otherwise take minutes
and gigabytes to build, only to fail. The count follows build_model layer by layer.
"""

from __future__ import annotations

import math

from nnstudio.core.config import (
    BatchNormLayer,
    Conv2dLayer,
    LinearLayer,
    MaxPool2dLayer,
    ModelConfig,
    RunConfig,
    is_point_set,
)
from nnstudio.core.errors import ModelError
from nnstudio.core.models.builder import hidden_layers

# The input of each image set (channels, height, width); the smallest stands for any other.
_IMAGE_SHAPES = {"cifar10": (3, 32, 32)}
_SMALLEST_IMAGE = (1, 28, 28)
_IMAGE_SETS = ("mnist", "fashion_mnist", "kmnist", "cifar10")


def parameter_count(
    config: ModelConfig, input_shape: tuple[int, ...], n_outputs: int, task: str
) -> int:
    """The trainable parameters :func:`build_model` would make (a stack it would refuse counts
    up to the layer it refuses)."""
    shape = tuple(int(size) for size in input_shape)
    total = 0
    if config.preset == "polynomial":
        shape = (shape[0] * config.degree,)
    try:
        layers = hidden_layers(config, shape, task)
    except ModelError:
        layers = []
    for spec in layers:
        if isinstance(spec, LinearLayer):
            total += (math.prod(shape) + 1) * spec.width
            shape = (spec.width,)
        elif isinstance(spec, BatchNormLayer):
            total += 2 * shape[0]
        elif isinstance(spec, Conv2dLayer) and len(shape) == 3:
            total += (shape[0] * spec.kernel_size**2 + 1) * spec.channels
            side = [(size + 2 * spec.padding - spec.kernel_size) // spec.stride + 1
                    for size in shape[1:]]
            if min(side) < 1:
                return total
            shape = (spec.channels, *side)
        elif isinstance(spec, MaxPool2dLayer) and len(shape) == 3:
            side = [size // spec.kernel_size for size in shape[1:]]
            if min(side) < 1:
                return total
            shape = (shape[0], *side)
        elif spec.type == "flatten":
            shape = (math.prod(shape),)
    return total + (math.prod(shape) + 1) * n_outputs


def smallest_parameter_count(config: RunConfig) -> int:
    """The parameters of ``config``'s network for the smallest input and output its data can
    have (a CSV file's columns are only known once it is read): what the schema can check."""
    data = config.data
    if data.dataset in _IMAGE_SETS:
        shape, outputs, task = _IMAGE_SHAPES.get(data.dataset, _SMALLEST_IMAGE), 10, "multiclass"
    elif is_point_set(data.dataset, data.task):
        shape, outputs, task = (len(data.features),), 1, "binary"
    else:
        shape, outputs, task = (max(1, len(data.feature_columns)),), 1, "regression"
    return parameter_count(config.model, shape, outputs, task)
