"""Colours shared by every view: a colour-blind-safe class palette (Okabe–Ito) and helpers."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Class 0 is blue and class 1 orange, so a two-class boundary is blue <-> orange.
CLASS_COLOURS: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
]
TRAIN_COLOUR = "#0072B2"  # blue
VAL_COLOUR = "#D55E00"  # vermillion: differs from blue in lightness as well as hue
STEP_COLOUR = "#BBBBBB"  # per-step losses: light grey, behind everything else
MODEL_COLOUR = "#000000"  # a fitted curve over coloured points
LR_COLOUR = "#009E73"


def class_colour(label: int) -> str:
    """The colour of class ``label`` (the palette repeats past eight classes)."""
    return CLASS_COLOURS[int(label) % len(CLASS_COLOURS)]


def class_rgb(n_classes: int) -> np.ndarray:
    """(n_classes, 3) float array of class colours in 0..1."""
    return np.array([QColor(class_colour(k)).getRgbF()[:3] for k in range(n_classes)])


def class_brushes(labels: np.ndarray) -> list:
    """One brush per point, coloured by its integer class label."""
    brushes = [pg.mkBrush(colour) for colour in CLASS_COLOURS]
    return [brushes[int(label) % len(brushes)] for label in np.asarray(labels).ravel()]


def class_pens(labels: np.ndarray, width: float = 2.0) -> list:
    """One pen per point, coloured by its integer class label (for hollow symbols)."""
    pens = [pg.mkPen(colour, width=width) for colour in CLASS_COLOURS]
    return [pens[int(label) % len(pens)] for label in np.asarray(labels).ravel()]


def faded(colour: str, alpha: int) -> QColor:
    """``colour`` with opacity ``alpha`` (0..255): raw curves behind their smoothed version."""
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


def towards_white(rgb: np.ndarray, amount: np.ndarray | float) -> np.ndarray:
    """Blend ``rgb`` (..., 3) in 0..1 toward white; ``amount`` 0 keeps it, 1 gives white."""
    amount = np.asarray(amount, dtype=float)[..., None] if np.ndim(amount) else amount
    return rgb + (1.0 - rgb) * amount
