"""Numbers behind the weights view: per-layer histograms, norms, sparsity and gradient sizes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

NEAR_ZERO = 1e-3  # |w| below this counts as "pushed to zero" (L1 sparsity)
HISTOGRAM_BINS = 40


@dataclass
class LayerWeights:
    """One weight matrix (or kernel) of the model, summarised for drawing."""

    name: str
    counts: np.ndarray  # histogram counts
    edges: np.ndarray  # histogram bin edges (len(counts) + 1)
    norm: float  # L2 norm of the weights
    near_zero: float  # share of weights with |w| < NEAR_ZERO


def weight_layers(model: nn.Module) -> list[tuple[str, torch.Tensor]]:
    """The weight matrices and kernels, input side first (biases and norms are left out)."""
    layers = []
    for index, module in enumerate(model.modules()):
        weight = getattr(module, "weight", None)
        if isinstance(weight, torch.Tensor) and weight.dim() > 1:
            layers.append((f"{type(module).__name__} {len(layers) + 1}", weight))
    return layers


@torch.no_grad()
def weight_summary(model: nn.Module) -> list[LayerWeights]:
    """Histogram, norm and near-zero share of every weight layer."""
    summary = []
    for name, weight in weight_layers(model):
        values = weight.detach().float().cpu().numpy().ravel()
        counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
        summary.append(LayerWeights(
            name=name,
            counts=counts,
            edges=edges,
            norm=float(np.linalg.norm(values)),
            near_zero=float(np.mean(np.abs(values) < NEAR_ZERO)),
        ))
    return summary


def gradient_sizes(model: nn.Module, loss_fn, x: torch.Tensor, y: torch.Tensor) -> np.ndarray:
    """Mean |∂loss/∂w| of each weight layer on the batch (x, y), input side first.

    Computed on its own batch, separately from training, so it reads the same whatever path
    trained the model. Vanishing gradients show as sizes shrinking toward the input layer.
    """
    layers = weight_layers(model)
    was_training = model.training
    model.eval()  # dropout off: the size of the gradient, not of a random mask
    weights = [weight for _, weight in layers]
    with torch.enable_grad():
        loss = loss_fn(model(x), y)
        grads = torch.autograd.grad(loss, weights, allow_unused=True)
    model.train(was_training)
    return np.array([
        float(grad.abs().mean()) if grad is not None else 0.0 for grad in grads
    ])
