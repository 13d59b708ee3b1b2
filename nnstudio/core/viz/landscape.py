"""The loss landscape of a one-neuron model ŷ = w·x + b: the MSE over a (w, b) grid.

This is the picture of the course's exhaustive search (穷举法): try every w (and b), compute
the cost, and see where the optimum sits; the optimiser's path is drawn on top of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import torch
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
    """(w, b) if ``model`` is a single Linear(1 → 1) neuron, else None. When it learns a
    standardised target (an OutputScale follows), the (w, b) of the line it draws in the
    target's units: (w · std, b · std + mean)."""
    from nnstudio.core.models.builder import OutputScale

    linears = [module for module in model.modules() if isinstance(module, nn.Linear)]
    parameters = sum(p.numel() for p in model.parameters())
    if len(linears) != 1 or parameters != 2 or linears[0].in_features != 1:
        return None
    layer = linears[0]
    w, b = float(layer.weight.detach().reshape(())), float(layer.bias.detach().reshape(()))
    for scale in (module for module in model.modules() if isinstance(module, OutputScale)):
        std, mean = float(scale.std.reshape(())), float(scale.mean.reshape(()))
        w, b = w * std, b * std + mean
    return w, b


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


# --- any model: the loss on a plane through parameter space -------------------------------------
# A network has thousands of parameters, not two; its loss can still be drawn over a plane
# θ(α, β) = θ₀ + α·d₁ + β·d₂ through its initial weights θ₀, along two random directions
# (Li et al., "Visualizing the Loss Landscape of Neural Nets", 2018). Each direction is
# "filter-normalised": every neuron's incoming weights get the same norm in the direction as in
# the model, so a step of 1 moves each neuron by about its own size whatever the layer widths.
# The optimiser's path is projected onto the plane; it leaves the plane as it trains, so the
# drawing is a shadow of the path, not the path itself (the view says so).

MAX_PLANE_PARAMETERS = 20_000  # bigger models: a landscape grid would take too long to compute
MAX_PLANE_SAMPLES = 2_000  # the loss is measured on at most this many training samples


@dataclass
class Plane:
    """θ(α, β) = origin + α·d1 + β·d2 in the space of a model's flattened parameters."""

    origin: np.ndarray
    d1: np.ndarray
    d2: np.ndarray

    def project(self, parameters: np.ndarray) -> tuple[float, float]:
        """(α, β) of the point of the plane nearest to ``parameters`` (least squares)."""
        basis = np.stack([self.d1, self.d2], axis=1)
        (alpha, beta), *_ = np.linalg.lstsq(basis, np.asarray(parameters, np.float64) - self.origin, rcond=None)
        return float(alpha), float(beta)

    def point(self, alpha: float, beta: float) -> np.ndarray:
        return self.origin + alpha * self.d1 + beta * self.d2

    def same_as(self, other: Optional["Plane"]) -> bool:
        """True for the same plane (same start and directions): paths on both can be compared."""
        return (other is not None and self.origin.shape == other.origin.shape
                and all(np.array_equal(a, b) for a, b in
                        ((self.origin, other.origin), (self.d1, other.d1), (self.d2, other.d2))))


def flat_parameters(model: nn.Module) -> np.ndarray:
    """All of ``model``'s parameters as one float64 vector (in ``model.parameters()`` order)."""
    return np.concatenate([p.detach().cpu().double().reshape(-1).numpy() for p in model.parameters()])


def random_plane(model: nn.Module, seed: int = 0) -> Optional[Plane]:
    """A plane through ``model``'s current weights along two filter-normalised random
    directions, or None if the model is too big to draw (more than MAX_PLANE_PARAMETERS)."""
    parameters = list(model.parameters())
    if not parameters or sum(p.numel() for p in parameters) > MAX_PLANE_PARAMETERS:
        return None
    rng = np.random.default_rng(seed)
    directions = []
    for _ in range(2):
        parts = []
        for p in parameters:
            weights = p.detach().cpu().double().numpy()
            if weights.ndim < 2:  # biases (and norms' scales) stay put, as in Li et al.
                parts.append(np.zeros(weights.size))
                continue
            direction = rng.standard_normal(weights.shape)
            rows_w = weights.reshape(weights.shape[0], -1)
            rows_d = direction.reshape(weights.shape[0], -1)
            scale = np.linalg.norm(rows_w, axis=1) / np.maximum(np.linalg.norm(rows_d, axis=1), 1e-12)
            parts.append((rows_d * scale[:, None]).reshape(-1))
        directions.append(np.concatenate(parts))
    return Plane(flat_parameters(model), directions[0], directions[1])


@dataclass
class PlaneLandscape:
    """``loss[r, c]`` is the training loss at α = ``alpha[c]``, β = ``beta[r]`` on ``plane``."""

    alpha: np.ndarray
    beta: np.ndarray
    loss: np.ndarray
    plane: Plane

    @property
    def lowest(self) -> tuple[float, float]:
        r, c = np.unravel_index(np.nanargmin(self.loss), self.loss.shape)
        return float(self.alpha[c]), float(self.beta[r])

    def cost_along_alpha(self) -> tuple[np.ndarray, np.ndarray]:
        """Loss along the first direction through the start (β = 0)."""
        row = int(np.argmin(np.abs(self.beta)))
        return self.alpha, self.loss[row]


def plane_landscape(
    model: nn.Module,
    loss_fn: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    plane: Plane,
    alpha_range: tuple[float, float] = (-1.0, 1.0),
    beta_range: tuple[float, float] = (-1.0, 1.0),
    resolution: int = 41,
) -> PlaneLandscape:
    """The loss of ``model``'s architecture with the weights of each grid point of ``plane``,
    on (a sample of at most MAX_PLANE_SAMPLES of) ``x``, ``y``, in eval mode. ``model`` itself
    is left as it was."""
    alpha = np.linspace(*alpha_range, resolution)
    beta = np.linspace(*beta_range, resolution)
    x, y = x[:MAX_PLANE_SAMPLES], y[:MAX_PLANE_SAMPLES]
    parameters = list(model.parameters())
    device, dtype = parameters[0].device, parameters[0].dtype
    names = [name for name, _ in model.named_parameters()]
    shapes = [p.shape for p in parameters]
    sizes = [p.numel() for p in parameters]
    origin = torch.as_tensor(plane.origin, dtype=dtype, device=device)
    d1 = torch.as_tensor(plane.d1, dtype=dtype, device=device)
    d2 = torch.as_tensor(plane.d2, dtype=dtype, device=device)
    buffers = dict(model.named_buffers())
    loss = np.empty((resolution, resolution))
    a_column = torch.as_tensor(alpha, dtype=dtype, device=device)[:, None]

    def row_losses(flat_rows: torch.Tensor) -> torch.Tensor:
        def one(flat):
            tensors = {name: part.view(shape) for name, part, shape in
                       zip(names, torch.split(flat, sizes), shapes)}
            return loss_fn(torch.func.functional_call(model, {**tensors, **buffers}, (x,)), y)
        return torch.func.vmap(one)(flat_rows)

    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            for r, b in enumerate(beta):  # one row of the grid at a time, vectorised over α
                loss[r] = row_losses(origin + a_column * d1 + float(b) * d2).double().cpu().numpy()
    finally:
        model.train(was_training)
    return PlaneLandscape(alpha, beta, loss, plane)


def covering_range(values: np.ndarray, at_least: tuple[float, float] = (-0.5, 0.5),
                   margin: float = 0.15) -> tuple[float, float]:
    """A range holding ``at_least`` and every value, with a margin: the landscape is recomputed
    over this when the path has wandered off the drawn part of the plane."""
    low = min(at_least[0], float(np.min(values)))
    high = max(at_least[1], float(np.max(values)))
    pad = margin * (high - low)
    return low - pad, high + pad
