"""The registry of views: every live view the app can show, declared once.

Lessons name the views they use (``views = ["boundary", "loss"]``), presentation mode shows those,
the window tells the training process which views are shown, and the training process computes
only what those views draw (``computes``: ``"weights"``, ``"network"``, ``"landscape"``,
``"distributions"`` (sent; they are recorded all along), ``"layers"`` (inside an image model),
``"model"``; the main picture's grid, curve or predictions are always computed). A new view is one
entry here, its widget, and the part it draws (nnstudio/session/protocol.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Place = Literal["main", "curves", "dock"]
# The kinds of data a view can draw (RunInfo.kind): 2D points with classes, a 1D regression
# curve, images, or anything else (a table of CSV features).
DATA_KINDS = ("points", "curve", "images", "table")


@dataclass(frozen=True)
class ViewSpec:
    name: str
    title: str
    place: Place  # the central picture, the column of curves, or a dock
    data: tuple[str, ...] = DATA_KINDS  # the data kinds it applies to
    classes_only: bool = False  # only for classification (accuracy)
    computes: tuple[str, ...] = ()  # what the training process computes while it is shown
    dock: str = ""  # the dock's objectName, for views in docks


VIEWS: dict[str, ViewSpec] = {
    spec.name: spec
    for spec in (
        ViewSpec("boundary", "Decision boundary", "main", ("points",)),
        ViewSpec("regression", "Fitted curve", "main", ("curve",)),
        ViewSpec("samples", "Sample predictions", "main", ("images",)),
        ViewSpec("confusion", "Confusion matrix", "main", ("images",)),
        ViewSpec("loss", "Loss", "curves"),
        ViewSpec("accuracy", "Accuracy", "curves", classes_only=True),
        ViewSpec("lr", "Learning rate", "curves"),
        ViewSpec("weights", "Weights", "dock", computes=("weights",), dock="weightsDock"),
        ViewSpec("gradients", "Gradients", "dock", computes=("weights",), dock="weightsDock"),
        ViewSpec("distributions", "Weights over time", "dock", computes=("distributions",),
                 dock="distributionsDock"),
        ViewSpec("landscape", "Loss landscape", "dock", ("points", "curve", "table"),
                 computes=("landscape",), dock="landscapeDock"),
        ViewSpec("network", "Network", "dock", computes=("network",), dock="networkDock"),
        ViewSpec("layers", "Inside the model", "dock", ("images",), computes=("layers",),
                 dock="layersDock"),
        ViewSpec("sweep", "Capacity sweep", "dock", dock="sweepDock"),
        ViewSpec("kfold", "K-fold", "dock", dock="kfoldDock"),
        ViewSpec("compare", "Compare models", "dock", dock="compareDock"),
        ViewSpec("draw_sample", "Draw a sample", "dock", ("images",), computes=("model",),
                 dock="drawDock"),
    )
}
VIEW_NAMES: tuple[str, ...] = tuple(VIEWS)
LESSON_VIEWS: tuple[str, ...] = tuple(name for name in VIEWS if name != "draw_sample")


def computed_for(views) -> frozenset[str]:
    """What the training process computes while ``views`` (names) are shown."""
    return frozenset(part for name in views if name in VIEWS for part in VIEWS[name].computes)


def views_in(place: Place) -> tuple[str, ...]:
    return tuple(name for name, spec in VIEWS.items() if spec.place == place)
