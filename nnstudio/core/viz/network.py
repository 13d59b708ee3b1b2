"""The numbers behind the network diagram: each neuron's output over the plane, and the weights.

In the spirit of TensorFlow Playground, a small dense network is drawn as nodes and edges: for
2D point sets each input feature and each neuron shows its output over the (x1, x2) plane as a
small heatmap, and each edge the weight it carries. Larger or convolutional networks are not
drawn; :attr:`NetworkPicture.problem` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import torch
from torch import nn

from nnstudio.core.data.dataset import Dataset
from nnstudio.core.data.features import make_features
from nnstudio.core.models.builder import ACTIVATIONS, OutputScale, PolynomialFeatures

RESOLUTION = 40  # heatmap side: coarse is enough for a thumbnail, and cheap to compute live
MAX_LAYERS = 8  # weight layers drawn at most
MAX_WIDTH = 16  # neurons (or inputs) per layer drawn at most
_PASS_THROUGH = (nn.Dropout, nn.BatchNorm1d, OutputScale, *ACTIVATIONS.values())


@dataclass
class NetworkPicture:
    """A dense network as plain data.

    ``weights[k]`` is the (out, in) weight matrix from node layer k to k + 1 and ``biases[k]``
    its bias; node layer 0 are the inputs (``input_names``). With a plane, ``outputs[k]`` holds
    node layer k's outputs over it, shape (nodes, rows, columns), row r at y = ``y[r]``; the
    output layer shows probabilities for classes. ``problem`` is set (and the rest empty) when
    the network cannot be drawn.
    """

    input_names: list[str] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)
    biases: list[np.ndarray] = field(default_factory=list)
    outputs: Optional[list[np.ndarray]] = None
    x: Optional[np.ndarray] = None
    y: Optional[np.ndarray] = None
    problem: str = ""

    @property
    def layer_sizes(self) -> list[int]:
        """Nodes per layer, inputs first."""
        if not self.weights:
            return []
        return [self.weights[0].shape[1]] + [weight.shape[0] for weight in self.weights]


def network_picture(
    model: nn.Module, dataset: Dataset, task: str, resolution: int = RESOLUTION
) -> NetworkPicture:
    """Weights of ``model`` and, for 2D point sets, every node's output over the plane."""
    problem = _problem(model, dataset)
    if problem:
        return NetworkPicture(problem=problem)
    modules = list(model)
    polynomial = modules[0] if isinstance(modules[0], PolynomialFeatures) else None
    linears = [module for module in modules if isinstance(module, nn.Linear)]
    names = list(dataset.feature_names) or [f"x{k + 1}" for k in range(linears[0].in_features)]
    if polynomial is not None:
        names = [f"{names[0]}^{power}" if power > 1 else names[0]
                 for power in range(1, polynomial.degree + 1)]
    picture = NetworkPicture(
        input_names=names,
        weights=[linear.weight.detach().cpu().numpy().copy() for linear in linears],
        biases=[linear.bias.detach().cpu().numpy().copy() for linear in linears],
    )
    if dataset.on_plane:
        picture.x, picture.y, picture.outputs = _outputs_over_plane(
            model, dataset, task, resolution
        )
    return picture


def _problem(model: nn.Module, dataset: Dataset) -> str:
    """Why ``model`` is not drawn as a diagram, or '' when it is."""
    if dataset.is_image:
        return ("The diagram draws small dense networks on a few inputs; an image has hundreds "
                "of pixels. See the weights view instead.")
    modules = list(model) if isinstance(model, nn.Sequential) else [model]
    for module in modules:
        if isinstance(module, (nn.Conv2d, nn.MaxPool2d, nn.Flatten)):
            return "Convolutional networks are not drawn as a diagram; see the weights view."
        if not isinstance(module, (nn.Linear, PolynomialFeatures, *_PASS_THROUGH)):
            return f"The diagram cannot draw a {type(module).__name__} layer."
    linears = [module for module in modules if isinstance(module, nn.Linear)]
    if len(linears) > MAX_LAYERS:
        return (f"This network has {len(linears)} weight layers; the diagram draws at most "
                f"{MAX_LAYERS}.")
    widths = [linears[0].in_features] + [linear.out_features for linear in linears]
    if max(widths) > MAX_WIDTH:
        return (f"A layer of {max(widths)} neurons is too many to draw one by one; the diagram "
                f"draws networks of at most {MAX_WIDTH} neurons per layer.")
    return ""


@torch.no_grad()
def _outputs_over_plane(model: nn.Sequential, dataset: Dataset, task: str, resolution: int):
    """Each node layer's outputs over a grid of the plane (inputs, hidden layers, output)."""
    (x_low, x_high), (y_low, y_high) = dataset.bounds()[:2]
    x = np.linspace(x_low, x_high, resolution, dtype=np.float32)
    y = np.linspace(y_low, y_high, resolution, dtype=np.float32)
    grid_x, grid_y = np.meshgrid(x, y)  # rows follow y
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    if dataset.input_features:
        points = make_features(points, dataset.input_features)
    parameter = next(model.parameters())
    values = torch.from_numpy(points).to(parameter.device, parameter.dtype)
    was_training = model.training
    model.eval()
    try:
        layers = []  # what each Linear reads, then the network's output
        for module in model:
            if isinstance(module, nn.Linear):
                layers.append(values)
            values = module(values)
        layers.append(values)
    finally:
        model.train(was_training)
    if task == "binary":
        layers[-1] = torch.sigmoid(layers[-1])
    elif task == "multiclass":
        layers[-1] = torch.softmax(layers[-1], dim=1)
    shape = (resolution, resolution)
    outputs = [layer.cpu().numpy().T.reshape(-1, *shape).copy() for layer in layers]
    return x, y, outputs
