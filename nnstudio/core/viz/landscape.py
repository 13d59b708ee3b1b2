"""The loss landscape of a one-neuron model ŷ = w·x + b: the MSE over a (w, b) grid.

This is the picture of the course's exhaustive search (穷举法): try every w (and b), compute
the cost, and see where the optimum sits; the optimiser's path is drawn on top of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from torch import nn


@dataclass
class Landscape:
    """``loss[r, c]`` is the training MSE at w = ``w[c]``, b = ``b[r]`` (row-major, like an image)."""

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    best_w: float
    best_b: float

    def cost_along_w(self) -> tuple[np.ndarray, np.ndarray]:
        """Cost against w with b held at its best value: the notes' cost curve."""
        row = int(np.argmin(np.abs(self.b - self.best_b)))
        return self.w, self.loss[row]


def linear_parameters(model: nn.Module) -> Optional[tuple[float, float]]:
    """(w, b) if ``model`` is a single Linear(1 → 1) neuron, else None."""
    linears = [module for module in model.modules() if isinstance(module, nn.Linear)]
    parameters = sum(p.numel() for p in model.parameters())
    if len(linears) != 1 or parameters != 2 or linears[0].in_features != 1:
        return None
    layer = linears[0]
    return float(layer.weight.detach().reshape(())), float(layer.bias.detach().reshape(()))


def mse_landscape(
    x: np.ndarray, y: np.ndarray, start: tuple[float, float], resolution: int = 120
) -> Landscape:
    """MSE of ŷ = w·x + b on (x, y) over a grid centred on the least-squares optimum and wide
    enough to include ``start`` (the initial w, b), computed in closed form."""
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    design = np.stack([x, np.ones_like(x)], axis=1)
    (best_w, best_b), *_ = np.linalg.lstsq(design, y, rcond=None)
    half = 1.4 * max(abs(start[0] - best_w), abs(start[1] - best_b), 1.0)
    w = np.linspace(best_w - half, best_w + half, resolution)
    b = np.linspace(best_b - half, best_b + half, resolution)
    # mean((w x + b - y)^2) expanded into the data's moments: one pass, any grid size.
    sx, sy = x.mean(), y.mean()
    sxx, sxy, syy = (x * x).mean(), (x * y).mean(), (y * y).mean()
    W, B = np.meshgrid(w, b)  # rows follow b
    loss = W * W * sxx + B * B + syy + 2 * W * B * sx - 2 * W * sxy - 2 * B * sy
    return Landscape(w, b, np.maximum(loss, 0.0), float(best_w), float(best_b))
