"""Click to teach: training points added or removed while a 2D classifier trains.

As in ConvNetJS's 2D demo, a student clicks on the plane to add a point of a class (or removes
the nearest one) and the boundary follows. The GUI queues :class:`PointEdit` s on the
TrainControl (any thread); the Trainer applies them between epochs, to the training split only:
the validation split is never touched by clicks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np

MIN_TRAIN_POINTS = 2  # removals that would leave fewer training points are ignored


@dataclass(frozen=True)
class PointEdit:
    """Add a point of class ``label`` at (x1, x2), or (``label`` None) remove the training point
    nearest to (x1, x2)."""

    x1: float
    x2: float
    label: Optional[int] = None

    @property
    def removes(self) -> bool:
        return self.label is None


def apply_point_edits(
    points: np.ndarray, labels: np.ndarray, edits: Iterable[PointEdit], n_classes: int
) -> tuple[np.ndarray, np.ndarray]:
    """New (points (n, 2) float32, labels (n,) int64) with ``edits`` applied in order.

    Additions append at the end; a removal drops the nearest point (ignored when it would leave
    fewer than MIN_TRAIN_POINTS); a label outside 0..n_classes-1 is ignored.
    """
    points = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    for edit in edits:
        where = np.array([edit.x1, edit.x2], dtype=np.float32)
        if edit.removes:
            if len(points) <= MIN_TRAIN_POINTS:
                continue
            nearest = int(np.argmin(((points - where) ** 2).sum(axis=1)))
            points = np.delete(points, nearest, axis=0)
            labels = np.delete(labels, nearest)
        elif 0 <= edit.label < n_classes:
            points = np.concatenate([points, where[None]])
            labels = np.concatenate([labels, np.array([edit.label], dtype=np.int64)])
    return points, labels
