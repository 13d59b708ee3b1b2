"""Least squares, solved exactly: the weights of linear and polynomial regression in one step.

Gradient descent only approaches the least-squares weights, and a finite number of its steps
keeps a high-degree polynomial from reaching its wildest fit (finite training regularises).
``optimizer = "lstsq"`` solves for them instead, with ``torch.linalg.lstsq`` in float64, so the
capacity sweep shows the textbook U at its full height: a degree-12 polynomial through 13 points
interpolates them (to the float32 precision of the network's weights) and swings wildly between.
"""

from __future__ import annotations

import torch
from torch import nn

from nnstudio.core.errors import ModelError
from nnstudio.core.models.builder import OutputScale, PolynomialFeatures


def solvable(model: nn.Module, task: str) -> str:
    """Why ``model`` cannot be solved by least squares, or "" when it can: a regression
    network of one Linear layer, after polynomial features or none."""
    if task != "regression":
        return "least squares solves regression; this data is classification"
    modules = list(model) if isinstance(model, nn.Sequential) else [model]
    core = [m for m in modules if not isinstance(m, (PolynomialFeatures, OutputScale))]
    if len(core) != 1 or not isinstance(core[0], nn.Linear):
        return "least squares solves linear and polynomial regression (one linear layer)"
    return ""


def check_solvable(model: nn.Module, task: str) -> None:
    """Raise a ModelError naming ``train.optimizer`` when least squares cannot train ``model``."""
    problem = solvable(model, task)
    if problem:
        raise ModelError(f"train.optimizer: {problem}; choose a gradient optimiser such as adam")


@torch.no_grad()
def solve_least_squares(model: nn.Sequential, x: torch.Tensor, y: torch.Tensor) -> None:
    """Set the last Linear layer of ``model`` to the weights with the least squared error on
    (x, y): the columns its inputs are made of (x, or x, x², ... for polynomial regression) and
    a column of ones for the bias, solved in float64. A network ending with an OutputScale
    learns the target in standard units, so its weights are solved for those."""
    modules = list(model)
    scale = modules.pop() if isinstance(modules[-1], OutputScale) else None
    linear = modules.pop()
    inputs = x
    for module in modules:  # the polynomial features, if any
        inputs = module(inputs)
    inputs = inputs.double().cpu()
    design = torch.cat([inputs, torch.ones(len(inputs), 1, dtype=torch.float64)], dim=1)
    target = y.double().cpu()
    if scale is not None:
        target = (target - scale.mean.double().cpu()) / scale.std.double().cpu()
    solution = torch.linalg.lstsq(design, target, driver="gelsd").solution  # (inputs + 1, outputs)
    linear.weight.copy_(solution[:-1].T.to(linear.weight))
    linear.bias.copy_(solution[-1].to(linear.bias))
