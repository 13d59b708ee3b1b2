"""Colours shared by every view: a colour-blind-safe class palette (Okabe–Ito), the plots' theme
(light, dark or high contrast, following the application's palette) and contrast helpers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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
STEP_COLOUR = "#808080"  # per-step losses: mid grey, 3:1 or more on white and on a dark plot
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
    """One pen per point, coloured by its integer class label (for hollow symbols), darkened
    where needed to stand out 3:1 from the background (orange and yellow on white)."""
    pens = [pg.mkPen(edge_colour(colour), width=width) for colour in CLASS_COLOURS]
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


# --- contrast (WCAG 2) ---
GRAPHICS_CONTRAST = 3.0  # lines, markers and the edges of controls
TEXT_CONTRAST = 4.5  # text


def relative_luminance(colour) -> float:
    """WCAG 2's relative luminance of ``colour`` (anything QColor takes), 0 (black) .. 1 (white)."""
    channels = np.array(QColor(colour).getRgbF()[:3])
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(first, second) -> float:
    """WCAG 2's contrast ratio between two colours, 1 .. 21."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(colour, background) -> QColor:
    """``colour`` (with its alpha) painted over an opaque ``background``."""
    top, bottom = QColor(colour), QColor(background)
    alpha = top.alphaF()
    mixed = [alpha * a + (1 - alpha) * b for a, b in zip(top.getRgbF()[:3], bottom.getRgbF()[:3])]
    return QColor.fromRgbF(*mixed)


def readable_on(colour, background, ratio: float = GRAPHICS_CONTRAST) -> QColor:
    """``colour``, darkened (on a light background) or lightened (on a dark one) just enough to
    reach ``ratio`` against ``background``; the hue stays."""
    result, target = QColor(colour), QColor("black" if relative_luminance(background) > 0.18 else "white")
    for step in range(41):
        mixed = QColor(QColor.fromRgbF(*[(1 - step / 40) * a + step / 40 * b  # in 8-bit steps, as drawn
                                         for a, b in zip(result.getRgbF()[:3], target.getRgbF()[:3])]).name())
        if contrast_ratio(mixed, background) >= ratio:
            return mixed
    return target


# --- the plots' theme ---
@dataclass(frozen=True)
class PlotTheme:
    """Background and foreground (axes, text, outlines, the model's curve) of every plot."""

    background: str = "#ffffff"
    foreground: str = "#000000"
    high_contrast: bool = False

    @property
    def dark(self) -> bool:
        return relative_luminance(self.background) < 0.18

    @property
    def legend_brush(self) -> QColor:
        """Mostly opaque background: a legend stays readable over curves and shading."""
        return faded(self.background, 255 if self.high_contrast else 215)

    @property
    def legend_pen(self) -> QColor:
        return QColor(self.foreground) if self.high_contrast else over(faded(self.foreground, 110), self.background)


LIGHT = PlotTheme()
_theme = LIGHT


def plot_theme() -> PlotTheme:
    """The plots' colours now (see nnstudio/gui/theme.py, which sets them from the palette)."""
    return _theme


def set_plot_theme(theme: PlotTheme) -> PlotTheme:
    """Use ``theme`` for plots made from now on; returns the one it replaces."""
    global _theme
    previous, _theme = _theme, theme
    return previous


def towards_background(rgb: np.ndarray, amount: np.ndarray | float) -> np.ndarray:
    """Blend ``rgb`` (..., 3) in 0..1 toward the plots' background (white, or dark in a dark
    theme): shading that is pale on white is deep on a dark plot, never a glare."""
    background = np.array(QColor(_theme.background).getRgbF()[:3])
    amount = np.asarray(amount, dtype=float)[..., None] if np.ndim(amount) else amount
    return rgb + (background - rgb) * amount


def edge_colour(colour) -> QColor:
    """A class colour as a line or a hollow marker's ring: readable (3:1) on the plots' background."""
    return QColor(_readable_name(QColor(colour).name(), _theme.background))


@lru_cache(maxsize=256)
def _readable_name(colour: str, background: str) -> str:
    return readable_on(colour, background, GRAPHICS_CONTRAST).name()
