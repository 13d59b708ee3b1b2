"""Data augmentation for image sets: random shifts, rotations and flips of the training images.

Built from torchvision.transforms.v2 and applied batch by batch on the training device, to the
training batches only (validation and test images are never augmented). A v2 transform draws one
set of random parameters per call, and a whole batch passed at once would all move the same way;
so each image of a batch gets its own call, and its own shift, angle and flip.
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import torch

from nnstudio.core.errors import ConfigError

MAX_SHIFT = 0.08  # of the image's side: up to 2 pixels of a 28×28 image, 2.5 of a 32×32 one
MAX_DEGREES = 10.0  # rotation, either way
# Sets whose images mean something else mirrored: a flipped 2 or お is no longer a 2 or お.
NOT_FLIPPABLE = {"mnist": "digits", "kmnist": "characters"}


def check_augmentation(augment: Iterable[str], dataset: str) -> None:
    """Refuse augmentations that would change what an image shows (ConfigError naming why)."""
    if "flip" in augment and dataset in NOT_FLIPPABLE:
        raise ConfigError(
            f"train.augment: flipping is not sensible for {dataset} (a mirrored "
            f"{NOT_FLIPPABLE[dataset][:-1]} is a different one, or none); use shift and rotate"
        )


def augmentation_steps(augment: Iterable[str]) -> list[v2.Transform]:  # noqa: F821 - imported here
    """The v2 transforms for the chosen augmentations, in a fixed order (affine, then flip)."""
    from torchvision.transforms import v2  # only when images are augmented: torchvision is slow to import

    chosen = set(augment)
    steps: list[v2.Transform] = []
    if chosen & {"shift", "rotate"}:
        steps.append(v2.RandomAffine(
            degrees=MAX_DEGREES if "rotate" in chosen else 0.0,
            translate=(MAX_SHIFT, MAX_SHIFT) if "shift" in chosen else None,
        ))
    if "flip" in chosen:
        steps.append(v2.RandomHorizontalFlip())
    return steps


def make_augmentation(augment: Iterable[str]) -> Optional[Callable[[torch.Tensor], torch.Tensor]]:
    """A function from a batch of uint8 images (n, c, h, w) to a randomly augmented batch of the
    same shape and dtype, on the same device; None when no augmentation is chosen."""
    steps = augmentation_steps(augment)
    if not steps:
        return None
    from torchvision.transforms import v2

    augment_one = v2.Compose(steps)

    def augment_batch(images: torch.Tensor) -> torch.Tensor:
        if len(images) == 0:
            return images
        return torch.stack([augment_one(image) for image in images])

    return augment_batch
