"""Model predictions over a 2D plane (decision boundaries) and along a line (1D fits)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import torch

from nnstudio.core.data.features import make_features
from nnstudio.core.models import fast_forward
from nnstudio.core.models.predict import predict


@dataclass
class BoundaryGrid:
    """Class probabilities on a regular grid.

    ``probabilities`` has shape (rows, columns, classes); row r is at y = ``y[r]``, column c at
    x = ``x[c]`` (row-major, as an image is drawn).
    """

    x: np.ndarray
    y: np.ndarray
    probabilities: np.ndarray

    @property
    def predicted_class(self) -> np.ndarray:
        return self.probabilities.argmax(axis=-1)

    @property
    def confidence(self) -> np.ndarray:
        return self.probabilities.max(axis=-1)


@dataclass
class FitCurve:
    x: np.ndarray
    y: np.ndarray


class GridPlan:
    """A fixed grid of inputs kept on the device, so each refresh is one forward pass.

    The grid covers the (x1, x2) plane; with ``features`` (a set trained on input features such
    as x1²) each point is turned into those features, as the training points were.
    """

    def __init__(self, bounds, resolution: int | tuple[int, int], device, features: Sequence[str] = ()) -> None:
        (x_low, x_high), (y_low, y_high) = bounds[0], bounds[1]
        self.bounds = ((x_low, x_high), (y_low, y_high))
        columns, rows = (resolution, resolution) if isinstance(resolution, int) else resolution
        self.x = np.linspace(x_low, x_high, columns, dtype=np.float32)
        self.y = np.linspace(y_low, y_high, rows, dtype=np.float32)
        self.features = tuple(features)
        self.points = torch.from_numpy(_plane_points(self.x, self.y, features).copy()).to(device)

    def pending(self, model, task: str) -> Optional[PendingGrid]:
        """This grid as a PendingGrid of ``model`` (a copy of its layers), or None when the
        model is not a plain CPU MLP that ``fast_forward`` can run."""
        layers = fast_forward.mlp_layers(model) if self.points.device.type == "cpu" else None
        return None if layers is None else PendingGrid(self.x, self.y, self.features, task, layers)

    def evaluate(self, model, task: str, train_mode: bool = False) -> BoundaryGrid:
        probabilities = predict(model, self.points, task, self.points.device, train_mode=train_mode)
        shape = (len(self.y), len(self.x), probabilities.shape[1])
        return BoundaryGrid(self.x, self.y, probabilities.reshape(shape))


@dataclass
class PendingGrid:
    """A boundary grid to compute elsewhere: a GridPlan's axes and features and a copy of a
    plain MLP's layers (``fast_forward.mlp_layers``). The window's training process sends these
    instead of the grid (18 KB for a 64-64 net), so the core that trains does not spend a tenth
    of its time drawing; the window's process computes the grid (see session/link.py)."""

    x: np.ndarray
    y: np.ndarray
    features: tuple[str, ...]
    task: str
    layers: fast_forward.Layers

    def evaluate(self) -> BoundaryGrid:
        probabilities = fast_forward.predict_layers(self.layers, _plane_points(self.x, self.y, self.features), self.task)
        return BoundaryGrid(self.x, self.y, probabilities.reshape(len(self.y), len(self.x), -1))


_POINTS: dict[tuple, np.ndarray] = {}
_POINTS_LOCK = threading.Lock()


def _plane_points(x: np.ndarray, y: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """The inputs of a GridPlan over axes x, y (the last few kept: a run asks for the same)."""
    key = (x.tobytes(), y.tobytes(), tuple(features))
    with _POINTS_LOCK:
        points = _POINTS.get(key)
    if points is None:
        grid_x, grid_y = np.meshgrid(x, y)  # rows follow y
        points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
        if features:
            points = make_features(points, features)
        points = np.ascontiguousarray(points, dtype=np.float32)
        with _POINTS_LOCK:
            if len(_POINTS) >= 4:
                _POINTS.pop(next(iter(_POINTS)))
            _POINTS[key] = points
    return points


def grid_resolution(bounds, cells: int = 100, most: int = 300) -> tuple[int, int]:
    """(columns, rows) for square cells over ``bounds``: ``cells`` along the shorter side, up to
    ``most`` along the longer one (a tall view of the plane gets more rows, not stretched cells)."""
    (x_low, x_high), (y_low, y_high) = bounds[0], bounds[1]
    width, height = x_high - x_low, y_high - y_low
    if not (width > 0 and height > 0):
        return cells, cells
    if width >= height:
        return min(round(cells * width / height), most), cells
    return cells, min(round(cells * height / width), most)


def boundary_grid(
    model, task: str, bounds, resolution: int = 100, device="cpu", features: Sequence[str] = ()
) -> BoundaryGrid:
    """Class probabilities of ``model`` over ``bounds`` ((x_low, x_high), (y_low, y_high))."""
    return GridPlan(bounds, resolution, device, features).evaluate(model, task)


def fit_curve(model, bounds, points: int = 200, device="cpu") -> FitCurve:
    """The model's output along x over ``bounds[0]`` (a 1D regression fit)."""
    x = np.linspace(bounds[0][0], bounds[0][1], points, dtype=np.float32)
    y = predict(model, x[:, None], "regression", device)[:, 0]
    return FitCurve(x, y)
