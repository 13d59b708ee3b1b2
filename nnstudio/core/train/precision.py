"""Mixed precision: where the Trainer computes in float16 on a GPU, and where it keeps float32.

On a CUDA GPU, ``torch.autocast`` runs the matrix products and convolutions of an image model in
float16 (on tensor cores, several times the float32 rate and half the memory traffic) and keeps
in float32 what needs the range (softmax, cross-entropy, batch-norm statistics, the weights and
the optimiser's state); a ``GradScaler`` multiplies the loss before the backward pass so small
gradients do not vanish in float16 and skips a step whose gradients overflowed. It is on only
where that is safe and pays:

- a CUDA GPU: CPUs gain nothing from float16 here, and float32 keeps the CPU numbers exactly
  those of the exported script and of a plain PyTorch loop; Apple's MPS keeps float32 too;
- an image set: the networks for points and tables are tiny (the GPU waits on Python, not on
  arithmetic) and regression losses need float32's precision;
- a network of layers autocast handles well: linear, convolution, pooling, batch norm,
  dropout, flatten and the activations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from nnstudio.core.models.builder import ACTIVATIONS

SAFE_LAYERS = (nn.Linear, nn.Conv2d, nn.MaxPool2d, nn.BatchNorm1d, nn.BatchNorm2d, nn.Dropout,
               nn.Flatten, nn.Sequential, *ACTIVATIONS.values())


@dataclass(frozen=True)
class Precision:
    """Whether a run trains in mixed precision, and why (or why not), in a phrase."""

    mixed: bool
    reason: str


def choose_precision(device: torch.device, dataset: Any, model: nn.Module) -> Precision:
    """Mixed precision for an image model of safe layers on a CUDA GPU; float32 otherwise."""
    if device.type != "cuda":
        return Precision(False, f"float32: mixed precision is for CUDA GPUs, this run is on "
                                f"{device.type}")
    if not dataset.is_image:
        return Precision(False, "float32: mixed precision is for image sets; this network is "
                                "small and its loss needs float32")
    unsafe = sorted({type(module).__name__ for module in model.modules()
                     if not isinstance(module, SAFE_LAYERS)})
    if unsafe:
        return Precision(False, f"float32: mixed precision is not used with {', '.join(unsafe)}")
    return Precision(True, "mixed: float16 products and convolutions (torch.autocast), float32 "
                           "weights, a GradScaler for the gradients")


def grad_scaler() -> Any:
    """A CUDA GradScaler (torch.amp's since torch 2.3, torch.cuda.amp's before)."""
    scaler = getattr(torch.amp, "GradScaler", None)
    if scaler is not None:
        return scaler("cuda")
    return torch.cuda.amp.GradScaler()  # pragma: no cover - torch 2.2
