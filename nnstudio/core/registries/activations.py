"""Every activation a hidden layer can have, declared once: its torch module, its label and what
the exported script says about it."""

from __future__ import annotations

from dataclasses import dataclass

from nnstudio.core.registries.base import Registry


@dataclass(frozen=True)
class ActivationEntry:
    name: str  # the config's value (model.activation, an activation layer's name)
    label: str  # what the form shows
    torch_class: str  # the module class in torch.nn
    about: str  # the exported script's comment on the layer

    def torch_type(self) -> type:
        from torch import nn

        return getattr(nn, self.torch_class)


ACTIVATIONS: Registry[ActivationEntry] = Registry("activation", [
    ActivationEntry("sigmoid", "Sigmoid", "Sigmoid", "sigmoid: squashes each value into (0, 1)"),
    ActivationEntry("tanh", "Tanh", "Tanh", "tanh: squashes each value into (-1, 1)"),
    ActivationEntry("relu", "ReLU", "ReLU", "ReLU: negative values become 0"),
    ActivationEntry("leaky_relu", "Leaky ReLU", "LeakyReLU",
                    "leaky ReLU: negative values are scaled by 0.01"),
    ActivationEntry("gelu", "GELU", "GELU", "GELU: a smooth ReLU"),
    ActivationEntry("identity", "Identity", "Identity", "identity: no non-linearity at all"),
])
