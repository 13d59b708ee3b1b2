"""Turn a ModelConfig into an ``nn.Sequential`` for a dataset's input shape and task.

The output layer is always added here, sized for the task (1 for regression and two classes,
k for k classes), so a layer list only describes the hidden part of the network.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from nnstudio.core.config import (
    ActivationLayer,
    BatchNormLayer,
    DataConfig,
    Conv2dLayer,
    DropoutLayer,
    FlattenLayer,
    LayerSpec,
    LinearLayer,
    MaxPool2dLayer,
    ModelConfig,
    RunConfig,
)
from nnstudio.core.errors import ModelError
from nnstudio.core.registries import ACTIVATIONS as ACTIVATION_ENTRIES

# The torch module of each activation the registry declares.
ACTIVATIONS: dict[str, type[nn.Module]] = {
    entry.name: entry.torch_type() for entry in ACTIVATION_ENTRIES.values()
}


class PolynomialFeatures(nn.Module):
    """Maps each input feature x to (x, x², …, x^degree): polynomial regression as a linear layer."""

    def __init__(self, degree: int) -> None:
        super().__init__()
        self.degree = degree
        self.register_buffer("powers", torch.arange(1, degree + 1, dtype=torch.float32))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x.unsqueeze(-1) ** self.powers).flatten(start_dim=1)

    def extra_repr(self) -> str:
        return f"degree={self.degree}"


class OutputScale(nn.Module):
    """Maps the network's output from standard units back to the target's: y = z · std + mean.

    A regression target in its own units (a price in thousands, a disease score around 150) is
    learned in standard units (mean 0, std 1 over the training rows), so the learning rate and
    the starting weights suit it; this last layer maps back, so every prediction, loss and curve
    is in the target's units. The statistics are buffers: a saved model carries them.
    """

    def __init__(self, n_outputs: int = 1) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(n_outputs))
        self.register_buffer("std", torch.ones(n_outputs))

    def set_statistics(self, mean: torch.Tensor, std: torch.Tensor) -> None:
        """Use the training rows' target ``mean`` and ``std`` (one value per output)."""
        with torch.no_grad():
            self.mean.copy_(mean.reshape(self.mean.shape))
            self.std.copy_(std.reshape(self.std.shape))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return z * self.std + self.mean

    def extra_repr(self) -> str:
        return f"{len(self.mean)}"


def hidden_layers(config: ModelConfig, input_shape: tuple[int, ...], task: str) -> list[LayerSpec]:
    """The hidden layer specs a preset stands for (``custom`` returns the config's own list)."""
    preset = config.preset
    if preset == "auto":
        preset = "mlp"
    if preset in ("linear", "polynomial"):
        if preset == "polynomial" and len(input_shape) != 1:
            raise ModelError("polynomial regression needs tabular input, not images")
        return []
    if preset == "logistic":
        if task != "binary":
            raise ModelError(
                "logistic regression separates two classes; "
                + ("use softmax regression for more" if task == "multiclass" else "this data is regression")
            )
        return []
    if preset == "softmax":
        if task == "regression":
            raise ModelError("softmax regression is for classes; this data is regression")
        return []
    if preset == "mlp":
        layers: list[LayerSpec] = []
        for width in config.hidden:
            layers.append(LinearLayer(width=width))
            layers.append(ActivationLayer(name=config.activation))
            if config.dropout > 0:
                layers.append(DropoutLayer(p=config.dropout))
        return layers
    if preset == "cnn":
        if len(input_shape) != 3:
            raise ModelError("a CNN needs image data (channels × height × width)")
        return [
            Conv2dLayer(channels=16, kernel_size=3, padding=1),
            ActivationLayer(name="relu"),
            MaxPool2dLayer(kernel_size=2),
            Conv2dLayer(channels=32, kernel_size=3, padding=1),
            ActivationLayer(name="relu"),
            MaxPool2dLayer(kernel_size=2),
            FlattenLayer(),
            LinearLayer(width=config.hidden[0] if config.hidden else 64),
            ActivationLayer(name="relu"),
        ] + ([DropoutLayer(p=config.dropout)] if config.dropout > 0 else [])
    return list(config.layers)


def build_model(
    config: ModelConfig, input_shape: tuple[int, ...], n_outputs: int, task: str = "regression",
    scale_output: bool = False,
) -> nn.Sequential:
    """Build the network. Raises ModelError naming the layer when the stack cannot work.

    ``scale_output`` ends a regression network with an :class:`OutputScale` (identity until the
    Trainer gives it the training target's statistics)."""
    modules: list[nn.Module] = []
    shape = tuple(input_shape)
    if config.preset == "polynomial":
        modules.append(PolynomialFeatures(config.degree))
        shape = (shape[0] * config.degree,)
    for number, spec in enumerate(hidden_layers(config, shape, task), start=1):
        module, shape = _make_layer(spec, shape, number, modules)
        modules.append(module)
    if len(shape) != 1:
        modules.append(nn.Flatten())
        shape = (math.prod(shape),)
    modules.append(nn.Linear(shape[0], n_outputs))
    if scale_output:
        modules.append(OutputScale(n_outputs))
    return nn.Sequential(*modules)


def resolved_model(model: ModelConfig, data: DataConfig, task: str) -> ModelConfig:
    """The model config a run builds: ``auto`` is an MLP, except for a table with a numeric
    target (a CSV regression), where it is linear regression: least squares' model, which a
    small table cannot overfit (an MLP needs early stopping or a penalty there)."""
    if model.preset == "auto" and data.dataset == "csv" and task == "regression":
        return model.model_copy(update={"preset": "linear"})
    return model


def model_for(
    config: RunConfig, input_shape: tuple[int, ...], n_outputs: int, task: str
) -> nn.Sequential:
    """The network a run config trains on data of this shape and task (see
    :func:`resolved_model`; a standardised regression target adds an :class:`OutputScale`)."""
    from nnstudio.core.data.preprocessing import scales_target

    return build_model(resolved_model(config.model, config.data, task), input_shape, n_outputs, task,
                       scale_output=scales_target(config.data, task))


def model_structure(config: RunConfig, task: str) -> tuple:
    """What decides the layers :func:`model_for` builds, besides the data's shape."""
    from nnstudio.core.data.preprocessing import scales_target

    return resolved_model(config.model, config.data, task), scales_target(config.data, task)


def _make_layer(
    spec: LayerSpec, shape: tuple[int, ...], number: int, modules: list[nn.Module]
) -> tuple[nn.Module, tuple[int, ...]]:
    where = f"layer {number} ({spec.type})"
    if isinstance(spec, LinearLayer):
        if len(shape) != 1:  # a Linear after convolutions sees the image flattened
            modules.append(nn.Flatten())
            shape = (math.prod(shape),)
        return nn.Linear(shape[0], spec.width), (spec.width,)
    if isinstance(spec, ActivationLayer):
        return ACTIVATIONS[spec.name](), shape
    if isinstance(spec, DropoutLayer):
        return nn.Dropout(spec.p), shape
    if isinstance(spec, FlattenLayer):
        return nn.Flatten(), (math.prod(shape),)
    if isinstance(spec, BatchNormLayer):
        if len(shape) == 1:
            return nn.BatchNorm1d(shape[0]), shape
        if len(shape) == 3:
            return nn.BatchNorm2d(shape[0]), shape
        raise ModelError(f"{where}: cannot normalise input of shape {shape}")
    if isinstance(spec, (Conv2dLayer, MaxPool2dLayer)):
        if len(shape) != 3:
            raise ModelError(
                f"{where}: needs image input (channels × height × width) but gets "
                f"{_describe(shape)}; put convolution and pooling before any Flatten or Linear"
            )
        if isinstance(spec, Conv2dLayer):
            module: nn.Module = nn.Conv2d(
                shape[0], spec.channels, spec.kernel_size, spec.stride, spec.padding
            )
        else:
            module = nn.MaxPool2d(spec.kernel_size)
        try:
            with torch.no_grad():
                out_shape = tuple(module(torch.zeros(1, *shape)).shape[1:])
        except RuntimeError:
            raise ModelError(
                f"{where}: a kernel of {spec.kernel_size} does not fit the "
                f"{_describe(shape)} it gets; use a smaller kernel or fewer pooling layers"
            ) from None
        return module, out_shape
    raise ModelError(f"{where}: unknown layer")  # pragma: no cover - the schema forbids it


def _describe(shape: tuple[int, ...]) -> str:
    if len(shape) == 1:
        return f"{shape[0]} features"
    return "×".join(str(size) for size in shape) + " values"


def count_parameters(model: nn.Module) -> int:
    return sum(parameter.numel() for parameter in model.parameters() if parameter.requires_grad)


def loss_function(task: str) -> nn.Module:
    """MSE for regression, BCE with logits for two classes, cross-entropy for more."""
    if task == "regression":
        return nn.MSELoss()
    if task == "binary":
        return BinaryCrossEntropy()
    return nn.CrossEntropyLoss()


class BinaryCrossEntropy(nn.BCEWithLogitsLoss):
    """BCE with logits taking (n, 1) logits and (n,) integer labels, like cross-entropy does."""

    def forward(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return super().forward(logits.squeeze(-1), labels.to(logits.dtype))
