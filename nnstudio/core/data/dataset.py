"""A dataset ready to train on: tensors for train / validation / test, and what task it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

import numpy as np
import torch

Task = Literal["regression", "binary", "multiclass"]


@dataclass
class Part:
    """One split of the data: inputs and targets as CPU tensors."""

    x: torch.Tensor
    y: torch.Tensor

    def __len__(self) -> int:
        return int(self.x.shape[0])


@dataclass
class Dataset:
    """Train / validation / test parts of one dataset.

    ``y`` is float32 (n, 1) for regression and int64 (n,) class indices for classification.
    Image sets keep ``x`` as uint8 (n, c, h, w); ``mean`` and ``std`` normalise each batch.
    """

    name: str
    task: Task
    train: Part
    val: Part
    test: Part
    n_classes: int = 0
    class_names: list[str] = field(default_factory=list)
    feature_names: list[str] = field(default_factory=list)
    mean: Optional[float] = None
    std: Optional[float] = None
    # Standardisation of tabular features (from the training split): raw = x * std + mean.
    feature_mean: Optional[np.ndarray] = None
    feature_std: Optional[np.ndarray] = None
    # A fixed plane for the views (painted data), instead of one fitted around the points.
    plane: Optional[tuple[tuple[float, float], ...]] = None
    # 2D point sets trained on input features (x1², sin(x1), ...; see features.py): the (x1, x2)
    # points of train / validation / test, which the views draw. ``feature_names`` names the inputs.
    plane_points: Optional[tuple[torch.Tensor, torch.Tensor, torch.Tensor]] = None
    # Why the task is what it is, when it was inferred from the data (CSV files): "regression:
    # the target 'price' holds numbers that are not whole".
    task_reason: str = ""
    target_name: str = ""  # the column a CSV's model predicts

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.train.x.shape[1:])

    @property
    def n_outputs(self) -> int:
        """Width of the output layer: 1 for regression and two classes, k for k classes."""
        return self.n_classes if self.task == "multiclass" else 1

    @property
    def is_image(self) -> bool:
        return len(self.input_shape) == 3

    def points(self, part: str) -> torch.Tensor:
        """The samples of ``part`` as the views draw them: for a set trained on input features
        its (x1, x2) points, otherwise the inputs themselves."""
        if self.plane_points is None:
            return getattr(self, part).x
        return self.plane_points[("train", "val", "test").index(part)]

    @property
    def input_features(self) -> tuple[str, ...]:
        """The input features computed from the points, or () when the inputs are the points."""
        return tuple(self.feature_names) if self.plane_points is not None else ()

    @property
    def on_plane(self) -> bool:
        """True when the samples are 2D points (drawn on the plane, with a decision boundary)."""
        return tuple(self.points("train").shape[1:]) == (2,)

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train), "val": len(self.val), "test": len(self.test)}

    def bounds(self, margin: float = 0.15) -> tuple[tuple[float, float], ...]:
        """Per-feature (low, high) over all parts, widened by ``margin`` of the range."""
        if self.plane is not None:
            return self.plane
        x = torch.cat([self.points("train"), self.points("val"), self.points("test")]).float()
        low = x.min(dim=0).values.numpy()
        high = x.max(dim=0).values.numpy()
        pad = np.maximum((high - low) * margin, 1e-3)
        return tuple((float(a), float(b)) for a, b in zip(low - pad, high + pad))

    def class_counts(self, part: str = "train") -> list[int]:
        if self.task == "regression":
            return []
        labels = getattr(self, part).y
        return torch.bincount(labels, minlength=self.n_classes).tolist()
