"""The decision boundary's contour: marching squares with numpy."""

import numpy as np
import pytest

from nnstudio.core.viz.contour import contour_segments


def test_circle_level_line_lies_on_the_circle_and_closes():
    x = np.linspace(-2, 2, 101)
    y = np.linspace(-1.5, 1.5, 76)
    z = x[None, :] ** 2 + y[:, None] ** 2
    xs, ys = contour_segments(x, y, z, 1.0)
    assert len(xs) % 2 == 0 and len(xs) > 0
    radius = np.hypot(xs, ys)
    assert np.abs(radius - 1).max() < 0.01
    # A closed line: every end point is shared by exactly two segments.
    ends = np.round(np.column_stack([xs, ys]), 9)
    _, counts = np.unique(ends, axis=0, return_counts=True)
    assert (counts == 2).all()
    # Its length is the circle's perimeter.
    length = np.hypot(np.diff(xs)[::2], np.diff(ys)[::2]).sum()
    assert length == pytest.approx(2 * np.pi, rel=0.01)


def test_straight_boundary_between_two_halves():
    x = np.linspace(-1, 1, 21)
    y = np.linspace(0, 1, 11)
    z = np.broadcast_to((x > 0.25).astype(float), (11, 21))
    xs, ys = contour_segments(x, y, z, 0.5)
    # The crossing is half way between the grid points on either side of 0.25.
    assert np.allclose(xs, 0.25) and len(xs) == 2 * 10
    assert ys.min() == 0 and ys.max() == 1


def _corners_cut_off(xs, ys):
    """The grid corner each segment is nearest to (the corner it cuts off)."""
    mids = np.column_stack([xs.reshape(-1, 2).mean(axis=1), ys.reshape(-1, 2).mean(axis=1)])
    return sorted((int(round(mx)), int(round(my))) for mx, my in mids)


def test_saddle_cell_gives_two_segments_split_by_the_centre_value():
    x = y = np.array([0.0, 1.0])
    z = np.array([[1.0, 0.0], [0.0, 1.0]])  # bottom-left (0, 0) and top-right (1, 1) above 0.5
    xs, ys = contour_segments(x, y, z + 0.1, 0.5)  # centre above: the low corners are cut off
    assert len(xs) == 4 and _corners_cut_off(xs, ys) == [(0, 1), (1, 0)]
    xs, ys = contour_segments(x, y, z - 0.1, 0.5)  # centre below: the high corners are cut off
    assert len(xs) == 4 and _corners_cut_off(xs, ys) == [(0, 0), (1, 1)]


def test_no_line_without_a_crossing_and_none_through_nan_cells():
    x = np.linspace(0, 1, 5)
    y = np.linspace(0, 1, 4)
    assert len(contour_segments(x, y, np.zeros((4, 5)), 0.5)[0]) == 0
    z = np.broadcast_to(x, (4, 5)).copy()
    z[:, 2] = np.nan
    xs, _ = contour_segments(x, y, z, 0.6)  # the crossing would be in the NaN column's cells
    assert len(xs) == 0
    with pytest.raises(ValueError, match="shape"):
        contour_segments(x, y, np.zeros((5, 4)), 0.5)
