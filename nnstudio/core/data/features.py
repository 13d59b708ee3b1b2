"""Input features of 2D point sets: what the network sees, computed from (x1, x2).

As in TensorFlow Playground, a network can be given x1², x2², x1·x2, sin(x1) or sin(x2) instead
of (or besides) the coordinates. With the right features a model without hidden layers draws a
circle; without them it needs depth. The views keep drawing the original points on the plane.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np
import torch

from nnstudio.core.config import DEFAULT_FEATURES, INPUT_FEATURES
from nnstudio.core.data.dataset import Dataset, Part
from nnstudio.core.errors import DataError

# How the features read in the views (the config names are plain ASCII).
FEATURE_LABELS = {
    "x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁x₂",
    "sin(x1)": "sin(x₁)", "sin(x2)": "sin(x₂)",
}
assert set(FEATURE_LABELS) == set(INPUT_FEATURES)


def make_features(points, features):
    """The network's inputs from 2D points (n, 2): one float32 column per name in ``features``."""
    x1, x2 = points[:, 0], points[:, 1]
    columns = {
        "x1": x1,
        "x2": x2,
        "x1^2": x1 * x1,
        "x2^2": x2 * x2,
        "x1*x2": x1 * x2,
        "sin(x1)": np.sin(x1),
        "sin(x2)": np.sin(x2),
    }
    return np.stack([columns[name] for name in features], axis=1).astype(np.float32)


def uses_features(features: Sequence[str]) -> bool:
    """False for the default inputs (x1, x2), which are the points themselves."""
    return tuple(features) != DEFAULT_FEATURES


def with_features(dataset: Dataset, features: Sequence[str]) -> Dataset:
    """``dataset`` with its parts' inputs replaced by ``features`` of its points; the points
    themselves are kept in ``plane_points`` for the views."""
    if not uses_features(features):
        return dataset
    if dataset.input_shape != (2,) or dataset.task == "regression":
        raise DataError(
            f"data.features: input features are computed from 2D points (x1, x2); "
            f"{dataset.name!r} has other inputs"
        )

    def part(original: Part) -> Part:
        x = torch.from_numpy(make_features(original.x.numpy(), features))
        return Part(x, original.y)

    return replace(
        dataset,
        train=part(dataset.train),
        val=part(dataset.val),
        test=part(dataset.test),
        feature_names=list(features),
        plane_points=(dataset.train.x, dataset.val.x, dataset.test.x),
    )
