"""The numbers behind "inside an image model": for one input image, what every layer outputs,
what the first layer's filters look like, and which pixels the chosen class's score depends on.

In the spirit of ConvNetJS's MNIST demo and CNN Explainer: a convolution's output is a stack of
feature maps (small images), a dense layer's a row of numbers (bars). Everything is bounded so
it can be sent to the window several times a second: at most :data:`MAX_MAPS` maps per layer,
each at most :data:`MAP_SIDE` pixels a side, at most :data:`MAX_UNITS` bars, as float16.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from nnstudio.core.models.builder import ACTIVATIONS, OutputScale

MAX_MAPS = 16  # feature maps per layer
MAP_SIDE = 28  # a map's largest side, in pixels (larger ones are averaged down)
MAX_UNITS = 64  # bars per dense layer
MAX_FILTERS = 16  # first-layer filters shown
# Modules whose output replaces the layer before's (its activation, dropout, normalisation):
# "Conv 1 + ReLU" is one layer to a student.
_FOLLOWERS = (nn.Dropout, nn.BatchNorm1d, nn.BatchNorm2d, OutputScale, *ACTIVATIONS.values())


@dataclass
class LayerOutput:
    """One layer's output for the image: ``maps`` (n, h, w) for a convolution or pooling layer
    (its first MAX_MAPS channels), ``units`` (n,) for a dense one (its first MAX_UNITS). ``kind``
    is "conv", "pool", "dense", "output" (class probabilities) or a module's name, ``number``
    counts the layers of its kind, ``after`` names what joined it (e.g. ("ReLU",)); ``shape`` is
    the layer's full output shape."""

    kind: str
    number: int
    shape: tuple[int, ...]
    after: tuple[str, ...] = ()
    maps: Optional[np.ndarray] = None
    units: Optional[np.ndarray] = None

    @property
    def name(self) -> str:
        """E.g. "conv 1 + ReLU" (the window words it in the user's language)."""
        base = "output" if self.kind == "output" else f"{self.kind} {self.number}"
        return " + ".join((base, *self.after))


@dataclass
class InsidePicture:
    """What the layers view draws for one validation image (see :func:`inside_picture`).

    ``image`` (c, h, w) uint8 as the sample browser shows it; ``layers`` every layer's output
    in order, the last one the class probabilities; ``filters`` (n, kh, kw) the first
    convolution's kernels (averaged over colour channels) or, for a dense first layer, its
    first neurons' weights as images; ``saliency`` (h, w) in 0..1, |∂score/∂pixel| of class
    ``target`` scaled by its 99th percentile."""

    index: int
    label: int
    image: np.ndarray
    layers: list[LayerOutput] = field(default_factory=list)
    filters: Optional[np.ndarray] = None
    filters_kind: str = "conv"  # "conv" kernels, or "dense" weights as images
    saliency: Optional[np.ndarray] = None
    target: int = 0
    predicted: int = 0
    probabilities: Optional[np.ndarray] = None
    epoch: int = 0


def _kind_name(module: nn.Module) -> str:
    if isinstance(module, nn.Conv2d):
        return "conv"
    if isinstance(module, nn.MaxPool2d):
        return "pool"
    if isinstance(module, nn.Linear):
        return "dense"
    return type(module).__name__


def layer_outputs(model: nn.Sequential, x: torch.Tensor) -> tuple[list[LayerOutput], torch.Tensor]:
    """Every layer's output for the one (normalised) image batch ``x`` (1, c, h, w), in eval
    mode, and the model's output. An activation, dropout or normalisation joins the layer before
    it; Flatten is no layer to see. The last layer's kind is "output"."""
    layers: list[LayerOutput] = []
    outputs: list[torch.Tensor] = []
    counts: dict[str, int] = {}
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            value = x
            for module in model:
                value = module(value)
                if isinstance(module, nn.Flatten):
                    continue
                if isinstance(module, _FOLLOWERS) and layers:
                    if not isinstance(module, (nn.Dropout, OutputScale)):
                        layers[-1].after += (type(module).__name__,)
                    outputs[-1] = value
                    continue
                kind = _kind_name(module)
                counts[kind] = counts.get(kind, 0) + 1
                layers.append(LayerOutput(kind, counts[kind], tuple(value.shape[1:])))
                outputs.append(value)
    finally:
        model.train(was_training)
    if layers:
        layers[-1].kind = "output"
    for layer, output in zip(layers, outputs):
        output = output[0].float()
        if output.dim() == 3:
            maps = output[:MAX_MAPS]
            if max(maps.shape[1:]) > MAP_SIDE:
                scale = MAP_SIDE / max(maps.shape[1:])
                size = (max(1, int(maps.shape[1] * scale)), max(1, int(maps.shape[2] * scale)))
                maps = F.adaptive_avg_pool2d(maps[None], size)[0]
            layer.maps = maps.cpu().numpy().astype(np.float16)
        else:
            layer.units = output.reshape(-1)[:MAX_UNITS].cpu().numpy().astype(np.float16)
    return layers, value


def first_filters(model: nn.Sequential, input_shape: tuple[int, ...]) -> tuple[Optional[np.ndarray], str]:
    """The first convolution's kernels (n, kh, kw), averaged over input channels, and "conv";
    without a convolution, the first dense layer's first neurons' weights as images of the
    input's size and "dense" (what each neuron looks for); (None, "") when neither fits."""
    for module in model:
        if isinstance(module, nn.Conv2d):
            weight = module.weight.detach()[:MAX_FILTERS].float().mean(dim=1)
            return weight.cpu().numpy().astype(np.float16), "conv"
        if isinstance(module, nn.Linear):
            channels, height, width = input_shape
            if module.in_features != channels * height * width:
                return None, ""
            weight = module.weight.detach()[:MAX_FILTERS].float()
            weight = weight.reshape(-1, channels, height, width).mean(dim=1)
            return weight.cpu().numpy().astype(np.float16), "dense"
    return None, ""


def class_score(output: torch.Tensor, target: int) -> torch.Tensor:
    """The score of class ``target`` in a batch of one output: its logit, or for two classes
    learned as one logit, the logit for class 1 and its negative for class 0."""
    if output.shape[-1] == 1:
        return output[0, 0] if target == 1 else -output[0, 0]
    return output[0, target]


def saliency(model: nn.Module, x: torch.Tensor, target: int) -> np.ndarray:
    """Plain gradient saliency (Simonyan et al., 2014): |∂score(target)/∂pixel| for the one
    normalised image ``x`` (1, c, h, w), the largest over colour channels, scaled to 0..1 by
    its 99th percentile; shape (h, w). The model is in eval mode for it and its gradients are left untouched."""
    was_training = model.training
    model.eval()
    try:
        pixels = x.detach().clone().requires_grad_(True)
        with torch.enable_grad():
            score = class_score(model(pixels), target)
            (gradient,) = torch.autograd.grad(score, pixels)
    finally:
        model.train(was_training)
    magnitude = gradient[0].abs().amax(dim=0)
    # Scaled by the 99th percentile, not the largest value: a few extreme pixels would leave
    # everything else invisible (the plain gradient is noisy).
    top = torch.quantile(magnitude.flatten().float(), 0.99)
    if top > 0:
        magnitude = (magnitude / top).clamp(max=1.0)
    return magnitude.cpu().numpy().astype(np.float16)


def probabilities_of(output: torch.Tensor) -> np.ndarray:
    """Class probabilities of a batch of one output (two columns for a one-logit model)."""
    output = output[0].float()
    if output.shape[-1] == 1:
        p = torch.sigmoid(output[0])
        return torch.stack([1 - p, p]).cpu().numpy()
    return torch.softmax(output, dim=-1).cpu().numpy()


def inside_picture(
    model: nn.Sequential, image: torch.Tensor, transform: Optional[Callable[[torch.Tensor], torch.Tensor]],
    index: int = 0, label: int = 0, target: Optional[int] = None, epoch: int = 0,
) -> InsidePicture:
    """Everything the layers view shows for one raw image (c, h, w) (uint8 or float) of the
    model's input: ``transform`` normalises a batch as training does; ``target`` is the class
    whose saliency is drawn (None: the predicted class)."""
    device = next(model.parameters()).device
    batch = image[None].to(device)
    x = transform(batch) if transform is not None else batch.float()
    layers, output = layer_outputs(model, x)
    probabilities = probabilities_of(output)
    predicted = int(probabilities.argmax())
    if target is None or not 0 <= target < len(probabilities):
        target = predicted
    filters, kind = first_filters(model, tuple(image.shape))
    if layers and output.shape[-1] == 1:  # one logit for two classes: show both probabilities
        layers[-1].units = probabilities.astype(np.float16)
    elif layers:
        layers[-1].units = probabilities[:MAX_UNITS].astype(np.float16)
    return InsidePicture(
        index=index, label=label, image=_displayable(image), layers=layers, filters=filters,
        filters_kind=kind, saliency=saliency(model, x, target), target=target, predicted=predicted,
        probabilities=probabilities.astype(np.float32), epoch=epoch,
    )


def _displayable(image: torch.Tensor) -> np.ndarray:
    """The image as (c, h, w) uint8, as the sample browser draws it."""
    pixels = image.detach().cpu()
    if pixels.dtype == torch.uint8:
        return pixels.numpy().copy()
    pixels = pixels.float()
    low, high = pixels.min(), pixels.max()
    scaled = (pixels - low) / (high - low) if high > low else torch.zeros_like(pixels)
    return (scaled * 255).round().to(torch.uint8).numpy()
