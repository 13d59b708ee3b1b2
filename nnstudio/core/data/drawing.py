"""A drawing made with the mouse, turned into the 28×28 image a model trained on MNIST-style data sees.

MNIST's digits were scaled to fit a 20×20 box (keeping their aspect ratio) and placed in the
28×28 field so that their centre of mass sits at the centre; KMNIST follows MNIST. Fashion-MNIST's
items were scaled so that their longer side spans the 28 pixels and centred as a box. A drawing
gets the same treatment as the set the model was trained on, so the model sees what it knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

SIZE = 28  # the model's image side
INK_THRESHOLD = 0.02  # of full ink: fainter pixels do not count as part of the drawing


@dataclass(frozen=True)
class Framing:
    """How a set's images were framed: the longer side scaled to ``box`` pixels, then centred
    by centre of mass (``by_mass``) or by the bounding box."""

    box: int
    by_mass: bool


MNIST_FRAMING = Framing(box=20, by_mass=True)
FRAMINGS = {
    "mnist": MNIST_FRAMING,
    "kmnist": MNIST_FRAMING,
    "fashion_mnist": Framing(box=SIZE, by_mass=False),
}


def framing_for(dataset: str) -> Framing:
    """The framing of a dataset's images (MNIST's for 28×28 sets not listed)."""
    return FRAMINGS.get(dataset, MNIST_FRAMING)


def area_resize(image: np.ndarray, rows: int, columns: int) -> np.ndarray:
    """``image`` (h, w) resampled to (rows, columns) by area averaging: each output pixel is the
    mean of the input it covers, so thin strokes fade instead of vanishing."""
    image = np.asarray(image, dtype=np.float64)
    return _coverage(rows, image.shape[0]) @ image @ _coverage(columns, image.shape[1]).T


def _coverage(n_out: int, n_in: int) -> np.ndarray:
    """(n_out, n_in) weights: the share of output pixel i covered by input pixel j (rows sum to 1)."""
    edges_out = np.linspace(0.0, n_in, n_out + 1)
    low = np.maximum(edges_out[:-1, None], np.arange(n_in)[None, :])
    high = np.minimum(edges_out[1:, None], np.arange(1, n_in + 1)[None, :])
    overlap = np.clip(high - low, 0.0, None)
    return overlap / overlap.sum(axis=1, keepdims=True)


def to_model_input(drawing: np.ndarray, framing: Framing = MNIST_FRAMING) -> Optional[np.ndarray]:
    """The 28×28 uint8 image (ink bright on black, as the sets store it) a model sees for a
    drawing (h, w) of ink in 0..1 or 0..255; None when nothing is drawn."""
    ink = np.asarray(drawing, dtype=np.float64)
    if ink.size and ink.max() > 1.0:
        ink = ink / 255.0
    rows = np.flatnonzero((ink > INK_THRESHOLD).any(axis=1))
    columns = np.flatnonzero((ink > INK_THRESHOLD).any(axis=0))
    if not len(rows):
        return None
    crop = ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    height, width = crop.shape
    scale = framing.box / max(height, width)
    fitted = area_resize(crop, max(1, round(height * scale)), max(1, round(width * scale)))
    image = np.zeros((SIZE, SIZE))
    top, left = _placement(fitted, framing.by_mass)
    image[top : top + fitted.shape[0], left : left + fitted.shape[1]] = fitted
    return np.clip(np.rint(image * 255.0), 0, 255).astype(np.uint8)


def _placement(fitted: np.ndarray, by_mass: bool) -> tuple[int, int]:
    """Top-left corner that centres ``fitted`` in the 28×28 field (kept inside it)."""
    height, width = fitted.shape
    if by_mass and fitted.sum() > 0:
        row_centre = (fitted.sum(axis=1) * np.arange(height)).sum() / fitted.sum()
        column_centre = (fitted.sum(axis=0) * np.arange(width)).sum() / fitted.sum()
    else:
        row_centre, column_centre = (height - 1) / 2, (width - 1) / 2
    middle = (SIZE - 1) / 2
    top = int(np.clip(np.rint(middle - row_centre), 0, SIZE - height))
    left = int(np.clip(np.rint(middle - column_centre), 0, SIZE - width))
    return top, left
