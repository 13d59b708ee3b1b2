"""The live views draw what they are given: right way up, updated in place, never crashing on NaN."""

import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from nnstudio.core.lessons import load_lesson
from nnstudio.gui.views import AccuracyView, BoundaryView, LearningRateView, LossView, RegressionView, smooth
from nnstudio.gui.views.palette import CLASS_COLOURS
from nnstudio.gui.views.plotting import round_up

# --- smoothing -----------------------------------------------------------------------------


def test_smoothing_with_beta_one_returns_the_input():
    values = np.array([3.0, 1.0, 4.0, 1.0, 5.0])
    np.testing.assert_array_equal(smooth(values, 1.0), values)


def test_smoothing_keeps_a_constant_curve_constant():
    np.testing.assert_allclose(smooth(np.full(50, 0.7), 0.05), np.full(50, 0.7))


def test_smoothing_follows_the_course_notes_formula():
    # C'ᵢ = β·Cᵢ + (1 − β)·C'ᵢ₋₁ with β = 0.25: C'0 = 1; C'1 = 0.25·2 + 0.75·1 = 1.25;
    # C'2 = 0.25·3 + 0.75·1.25 = 1.6875
    np.testing.assert_allclose(smooth(np.array([1.0, 2.0, 3.0]), 0.25), [1.0, 1.25, 1.6875])


def test_smoothing_skips_gaps_and_starts_at_the_first_finite_value():
    result = smooth(np.array([np.nan, 1.0, np.nan, 3.0, np.inf]), 0.5)
    np.testing.assert_array_equal(np.isnan(result), [True, False, True, False, False])
    np.testing.assert_allclose(result[[1, 3]], [1.0, 2.0])
    assert result[4] == np.inf  # a diverged epoch is shown as it is, not averaged away


@pytest.mark.parametrize("beta", [-0.1, 0.0, 1.01])
def test_smoothing_refuses_a_beta_outside_zero_to_one(beta):
    with pytest.raises(ValueError, match="beta"):
        smooth(np.ones(3), beta)


# --- loss curves ---------------------------------------------------------------------------


def _loss_history(epochs=30, steps=10, seed=0):
    rng = np.random.default_rng(seed)
    epoch = np.arange(1, epochs + 1, dtype=float)
    train = np.exp(-epoch / 10) + 0.05 + rng.normal(0, 0.02, epochs)
    val = np.exp(-epoch / 10) + 0.15 + 0.01 * np.maximum(0, epoch - 15)
    step_x = np.arange(1, epochs * steps + 1) / steps
    step_loss = np.repeat(train, steps) * np.exp(rng.normal(0, 0.3, epochs * steps))
    return epoch, train, val, step_x, step_loss


def _drawn(curve):
    x, y = curve.getOriginalDataset()
    return (np.zeros(0), np.zeros(0)) if x is None else (x, y)


@pytest.fixture
def loss_view(qtbot):
    view = LossView()
    qtbot.addWidget(view)
    view.resize(600, 450)
    view.show()
    return view


def test_views_have_stable_object_and_accessible_names(qtbot):
    names = {LossView: "lossPlot", AccuracyView: "accuracyPlot", LearningRateView: "lrPlot",
             BoundaryView: "boundaryView", RegressionView: "regressionView"}
    for view_class, name in names.items():
        view = view_class()
        qtbot.addWidget(view)
        assert view.objectName() == name
        assert view.accessibleName()
    loss = LossView()
    qtbot.addWidget(loss)
    assert loss.findChild(type(loss.log_check), "lossLogCheck") is loss.log_check
    assert loss.findChild(type(loss.smoothing_slider), "smoothingSlider") is loss.smoothing_slider


def test_loss_view_updates_the_same_curves_and_holds_every_value(loss_view):
    epoch, train, val, step_x, step_loss = _loss_history()
    curves = (loss_view.train_curve, loss_view.val_curve, loss_view.step_curve)
    items_before = list(loss_view.plot.getPlotItem().items)
    loss_view.set_history(epoch[:10], train[:10], val[:10], step_x[:100], step_loss[:100])
    loss_view.set_history(epoch, train, val, step_x, step_loss)
    assert (loss_view.train_curve, loss_view.val_curve, loss_view.step_curve) == curves
    assert list(loss_view.plot.getPlotItem().items) == items_before
    np.testing.assert_array_equal(_drawn(loss_view.train_curve)[1], train)
    np.testing.assert_array_equal(_drawn(loss_view.val_curve)[1], val)
    np.testing.assert_array_equal(_drawn(loss_view.step_curve)[0], step_x)
    assert loss_view.val_curve.isVisible()


def test_loss_view_keeps_its_own_copy_of_the_history(loss_view):
    epoch, train, val, _, _ = _loss_history()
    loss_view.set_history(epoch, train, val)
    train[:] = 99.0  # the caller's buffer is reused for the next run
    assert _drawn(loss_view.train_curve)[1].max() < 99.0


def test_log_scale_checkbox_switches_the_loss_axis(loss_view):
    loss_view.set_history(*_loss_history())
    loss_view.log_check.setChecked(True)
    assert loss_view.plot.getPlotItem().getAxis("left").logMode
    assert loss_view.train_curve.opts["logMode"][1]
    loss_view.log_check.setChecked(False)
    assert not loss_view.plot.getPlotItem().getAxis("left").logMode


def test_smoothing_slider_smooths_the_epoch_curves_and_keeps_the_raw_ones_behind(loss_view):
    epoch, train, val, step_x, step_loss = _loss_history()
    loss_view.set_history(epoch, train, val, step_x, step_loss)
    assert not loss_view.train_raw_curve.isVisible()
    assert loss_view.beta == 1.0 and "1.00" in loss_view.smoothing_label.text()  # raw until moved
    loss_view.smoothing_slider.setValue(20)
    assert loss_view.beta == pytest.approx(0.2)
    assert "0.20" in loss_view.smoothing_label.text()
    np.testing.assert_allclose(_drawn(loss_view.train_curve)[1], smooth(train, 0.2))
    assert not np.allclose(_drawn(loss_view.train_curve)[1], train)
    np.testing.assert_array_equal(_drawn(loss_view.train_raw_curve)[1], train)
    np.testing.assert_array_equal(_drawn(loss_view.val_raw_curve)[1], val)
    assert loss_view.train_raw_curve.isVisible() and loss_view.val_raw_curve.isVisible()
    np.testing.assert_array_equal(_drawn(loss_view.step_curve)[1], step_loss)  # per-step stays raw
    loss_view.smoothing_slider.setValue(100)
    np.testing.assert_array_equal(_drawn(loss_view.train_curve)[1], train)
    assert not loss_view.train_raw_curve.isVisible()


def _notes_smoothing(values, beta):
    """The course notes' C′₀ = C₀, C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁, written out here on its own."""
    smoothed = [values[0]]
    for value in values[1:]:
        smoothed.append(beta * value + (1 - beta) * smoothed[-1])
    return np.array(smoothed)


def test_the_smoothing_slider_does_what_lesson_4_says(loss_view, qtbot):
    """Lesson 4 writes the notes' C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁: β = 1 (the slider's left end) shows
    the raw values, and dragging right to the β the lesson names gives a calmer curve that reacts
    later, with the raw one faintly behind."""
    lesson = load_lesson(4)
    named = {float(value) for language in ("en", "zh") for item in lesson.look_for_in(language)
             for value in re.findall(r"β = (\d+(?:\.\d+)?)", item)}
    assert len(named) == 1, named  # both languages name the same β
    beta = named.pop()
    assert "β = 1" in lesson.text_in("en") and "β = 1" in lesson.text_in("zh")
    epochs = np.arange(1, 61, dtype=float)
    train = 1 / np.sqrt(epochs) + np.random.default_rng(4).normal(0, 0.05, 60)
    train[40:] += 0.5  # a sudden change
    loss_view.set_history(epochs, train, train + 0.1)

    assert loss_view.beta == 1.0 and loss_view.smoothing_label.text() == "β = 1.00"
    np.testing.assert_array_equal(_drawn(loss_view.train_curve)[1], train)  # β = 1: the raw values
    slider = loss_view.smoothing_slider
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() - 3, slider.height() // 2))
    assert loss_view.beta < 1.0  # the right of the slider is a smaller β
    slider.setFocus()
    for _ in range(slider.maximum()):
        if loss_view.beta <= beta:
            break
        qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert loss_view.beta == pytest.approx(beta) and loss_view.smoothing_label.text() == f"β = {beta:.2f}"

    drawn = _drawn(loss_view.train_curve)[1]
    np.testing.assert_allclose(drawn, _notes_smoothing(train, beta))
    assert np.abs(np.diff(drawn)).sum() < 0.5 * np.abs(np.diff(train)).sum()  # much calmer
    assert drawn[40] < train[40] - 0.3  # reacts later to the sudden change
    assert loss_view.train_raw_curve.isVisible()
    np.testing.assert_array_equal(_drawn(loss_view.train_raw_curve)[1], train)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(3, slider.height() // 2))
    assert loss_view.beta > beta  # the left of the slider is back toward β = 1


def test_a_diverged_run_is_drawn_without_warnings(loss_view):
    # pytest turns warnings into errors, so any RuntimeWarning from NaN/inf/log(0) fails here.
    epoch = np.arange(1, 8, dtype=float)
    train = np.array([1.0, 0.0, -0.5, 40.0, 1e30, np.inf, np.nan])
    step_x = np.linspace(0.5, 7, 14)
    step_loss = np.repeat(train, 2)
    for smoothing in (100, 40):
        for log in (False, True):
            loss_view.smoothing_slider.setValue(smoothing)
            loss_view.log_check.setChecked(log)
            loss_view.set_history(epoch, train, np.full(7, np.nan), step_x, step_loss)
            loss_view.mark_best(2)
            loss_view.grab()
            y = _drawn(loss_view.train_curve)[1]
            assert np.isfinite(y).all()
            if log:
                assert (y > 0).all()
    assert not loss_view.val_curve.isVisible()


def test_without_validation_the_validation_curve_leaves_plot_and_legend(loss_view):
    epoch, train, val, _, _ = _loss_history()
    loss_view.set_history(epoch, train, np.full_like(val, np.nan))
    labels = [label.text for _, label in loss_view.legend.items]
    assert "validation" not in labels and "train" in labels
    loss_view.set_history(epoch, train, val)
    assert [label.text for _, label in loss_view.legend.items] == ["train", "validation", "train (per step)"]


def test_best_epoch_marker_moves_and_hides(loss_view):
    loss_view.set_history(*_loss_history())
    line = loss_view.best_line
    loss_view.mark_best(12)
    assert loss_view.best_line is line and line.isVisible() and line.value() == 12
    assert [label.text for _, label in loss_view.legend.items][-1] == "best: epoch 12"  # not over the curves
    loss_view.mark_best(20)
    assert line.value() == 20
    np.testing.assert_array_equal(_drawn(loss_view.best_marker)[0], [20])
    loss_view.mark_best(None)
    assert not line.isVisible() and "best" not in [label.text for _, label in loss_view.legend.items][-1]
    loss_view.mark_best(5)
    loss_view.clear_history()
    assert not line.isVisible() and len(_drawn(loss_view.train_curve)[0]) == 0


# --- the epoch axis ----------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [(1, 1), (7, 8), (100, 100), (101, 120), (1001, 1200),
                                             (5500, 6000), (0.5, 0.5), (0, 1)])
def test_round_up_picks_the_next_round_number(value, expected):
    assert round_up(value) == pytest.approx(expected)


@pytest.mark.parametrize("make", [LossView, AccuracyView, LearningRateView])
def test_the_epoch_axis_grows_in_round_steps_not_at_every_epoch(make, qtbot):
    """New epochs within the axis leave it (and its labels) alone; past its end it grows."""
    view = make()
    qtbot.addWidget(view)
    view.resize(600, 450)
    view.show()
    box = view.plot.getPlotItem().getViewBox()

    def show(last):
        epochs = np.arange(1, last + 1, dtype=float)
        values = np.exp(-epochs / 50)
        if make is LearningRateView:
            view.set_history(epochs, np.full(last, 0.01))
        else:
            view.set_history(epochs, values, values * 1.1)
        box.updateAutoRange()
        return box.viewRange()[0]

    at_101 = show(101)
    assert at_101[0] <= 1 and 120 <= at_101[1] < 130
    assert show(115) == at_101
    at_121 = show(121)
    assert 150 <= at_121[1] < 165  # (past 150: room for its tick label)
    box.setXRange(10, 20)  # the user zooms in: the new epochs do not move the view
    assert show(130)[1] < 25


# --- accuracy and learning rate ------------------------------------------------------------


def test_accuracy_view_shows_fractions_on_a_fixed_axis(qtbot):
    view = AccuracyView()
    qtbot.addWidget(view)
    epoch = np.arange(1, 21, dtype=float)
    curve = view.train_curve
    view.set_history(epoch, np.linspace(0.5, 1.0, 20), np.full(20, np.nan))
    view.set_history(epoch, np.linspace(0.5, 1.0, 20), np.linspace(0.4, 0.9, 20))
    assert view.train_curve is curve
    np.testing.assert_allclose(_drawn(view.val_curve)[1], np.linspace(0.4, 0.9, 20))
    low, high = view.plot.getPlotItem().getViewBox().viewRange()[1]
    assert low <= 0.0 and 1.0 <= high < 1.1
    view.set_history(epoch, np.linspace(0.5, 1.0, 20), np.full(20, np.nan))
    assert not view.val_curve.isVisible()
    view.clear_history()
    assert len(_drawn(view.train_curve)[0]) == 0


def test_learning_rate_view_draws_each_epoch_as_a_step(qtbot):
    view = LearningRateView()
    qtbot.addWidget(view)
    view.set_history(np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.1, 0.01]))
    x, y = _drawn(view.curve)
    np.testing.assert_array_equal(x, [0, 1, 1, 2, 2, 3])
    np.testing.assert_array_equal(y, [0.1, 0.1, 0.1, 0.1, 0.01, 0.01])
    assert view.plot.getPlotItem().getAxis("left").tickStrings([-3.0], 1.0, 1.0) == ["0.001"]


# --- decision boundary ---------------------------------------------------------------------


def _grid(columns=40, rows=30):
    """A deliberately non-square grid over x in [-2, 2], y in [-1, 1]."""
    x = np.linspace(-2, 2, columns)
    y = np.linspace(-1, 1, rows)
    grid_x, grid_y = np.meshgrid(x, y)  # (rows, columns), rows follow y
    return x, y, grid_x, grid_y


def _binary(p1):
    return np.stack([1 - p1, p1], axis=-1)


@pytest.fixture
def boundary(qtbot):
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(600, 450)
    view.show()
    qtbot.waitExposed(view)
    return view


def _colour_at(view, x, y):
    """The rendered colour of data point (x, y), read from a screenshot of the widget."""
    view.grab()  # first paint lets the view box range itself onto the image
    scene_point = view.plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    point = view.plot.mapTo(view, view.plot.mapFromScene(scene_point))
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()  # 1 offscreen; 2 on a HiDPI desktop
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def _is_orange(colour):
    return colour.red() > colour.blue() + 60


def _is_blue(colour):
    return colour.blue() > colour.red() + 60


def test_right_half_of_class_one_is_drawn_on_the_right(boundary):
    x, y, grid_x, _ = _grid()
    boundary.set_grid(x, y, _binary((grid_x > 0).astype(float)))
    for y_probe in (-0.7, 0.0, 0.7):
        assert _is_orange(_colour_at(boundary, 1.2, y_probe))
        assert _is_blue(_colour_at(boundary, -1.2, y_probe))


def test_top_half_of_class_one_is_drawn_at_the_top(boundary):
    # Catches a transposed image (mirrored along the diagonal), which the right-half case alone could miss.
    x, y, _, grid_y = _grid()
    boundary.set_grid(x, y, _binary((grid_y > 0).astype(float)))
    for x_probe in (-1.5, 0.0, 1.5):
        assert _is_orange(_colour_at(boundary, x_probe, 0.6))
        assert _is_blue(_colour_at(boundary, x_probe, -0.6))


def test_image_sits_on_data_coordinates(boundary):
    x, y, grid_x, grid_y = _grid()
    boundary.set_grid(x, y, _binary((grid_x > 0) & (grid_y > 0)).astype(float))
    bounds = boundary.image_item.mapRectToView(boundary.image_item.boundingRect())
    dx, dy = x[1] - x[0], y[1] - y[0]
    assert bounds.left() == pytest.approx(-2 - dx / 2) and bounds.right() == pytest.approx(2 + dx / 2)
    assert bounds.top() == pytest.approx(-1 - dy / 2) and bounds.bottom() == pytest.approx(1 + dy / 2)
    # The 0.5 contour follows the quadrant's edges, in data coordinates.
    contour = boundary.isocurve.mapRectToView(boundary.isocurve.boundingRect())
    assert contour.left() == pytest.approx(0, abs=dx) and contour.top() == pytest.approx(0, abs=dy)


def test_decreasing_grid_axes_are_drawn_the_same_way_up(boundary):
    x, y, grid_x, _ = _grid()
    p1 = (grid_x > 0).astype(float)
    boundary.set_grid(x[::-1], y[::-1], _binary(p1[::-1, ::-1]))
    assert _is_orange(_colour_at(boundary, 1.2, 0.3))
    assert _is_blue(_colour_at(boundary, -1.2, 0.3))


def test_two_classes_shade_probability_with_a_colour_bar(boundary):
    x, y, grid_x, _ = _grid()
    p1 = 1 / (1 + np.exp(-3 * grid_x))
    boundary.set_grid(x, y, _binary(p1))
    first = boundary.image_array()
    assert first.shape == (30, 40)
    np.testing.assert_allclose(first, p1)
    assert boundary.colour_bar.isVisible()
    assert tuple(boundary.image_item.getLevels()) == (0.0, 1.0)
    image_item, isocurve = boundary.image_item, boundary.isocurve
    boundary.set_grid(x, y, _binary(1 - p1))
    assert boundary.image_item is image_item and boundary.isocurve is isocurve
    assert not np.allclose(boundary.image_array(), first)
    # The contour moved with the new probabilities: P = 0.5 is still at x = 0.
    xs, ys = boundary.isocurve.getData()
    assert len(xs) >= 2 * (len(y) - 1) and np.allclose(xs, 0.0, atol=1e-9)
    assert ys.min() == pytest.approx(y[0]) and ys.max() == pytest.approx(y[-1])


def test_three_classes_paint_each_region_in_its_class_colour(boundary):
    x, y, grid_x, grid_y = _grid()
    # class 0 left, class 1 top right, class 2 bottom right, each with confidence 0.9
    predicted = np.where(grid_x < 0, 0, np.where(grid_y > 0, 1, 2))
    probabilities = np.full(grid_x.shape + (3,), 0.05)
    np.put_along_axis(probabilities, predicted[..., None], 0.9, axis=-1)
    boundary.set_grid(x, y, probabilities)
    image = boundary.image_array()
    assert image.shape == (30, 40, 3)
    assert not boundary.colour_bar.isVisible()
    for (x_probe, y_probe), label in (((-1.0, 0.0), 0), ((1.0, 0.6), 1), ((1.0, -0.6), 2)):
        drawn = _colour_at(boundary, x_probe, y_probe)
        hue = QColor(CLASS_COLOURS[label]).hsvHue()
        assert abs(drawn.hsvHue() - hue) < 12, (label, drawn.name())
    # An undecided cell (all classes equally likely) is white.
    boundary.set_grid(x, y, np.full(grid_x.shape + (3,), 1 / 3))
    np.testing.assert_allclose(boundary.image_array(), 1.0)


def test_switching_back_to_two_classes_shows_the_colour_bar_again(boundary):
    x, y, grid_x, _ = _grid()
    boundary.set_grid(x, y, np.full(grid_x.shape + (3,), 1 / 3))
    boundary.set_grid(x, y, _binary((grid_x > 0).astype(float)))
    assert boundary.colour_bar.isVisible()
    assert _is_orange(_colour_at(boundary, 1.2, 0.0))


def test_a_diverged_model_with_nan_probabilities_does_not_crash(boundary):
    x, y, grid_x, _ = _grid()
    nan_grid = np.full(grid_x.shape + (2,), np.nan)
    boundary.set_grid(x, y, nan_grid)
    boundary.grab()
    boundary.set_grid(x, y, np.full(grid_x.shape + (3,), np.nan))
    boundary.grab()


def test_points_are_drawn_by_class_and_can_be_hidden(boundary):
    rng = np.random.default_rng(1)
    train_x, val_x = rng.normal(size=(50, 2)), rng.normal(size=(20, 2))
    boundary.set_points(train_x, rng.integers(0, 3, 50), val_x, rng.integers(0, 3, 20), n_classes=3)
    assert len(boundary.train_points.data) == 50 and len(boundary.val_points.data) == 20
    labels = [label.text for _, label in boundary.legend.items]
    assert labels == ["train", "validation", "class 0", "class 1", "class 2"]
    boundary.show_points_check.setChecked(False)
    assert not boundary.train_points.isVisible() and not boundary.val_points.isVisible()
    boundary.set_points_visible(True)
    assert boundary.show_points_check.isChecked() and boundary.train_points.isVisible()
    boundary.set_points(train_x, rng.integers(0, 2, 50), val_x, rng.integers(0, 2, 20), n_classes=2)
    assert [label.text for _, label in boundary.legend.items][2:] == ["class 0", "class 1"]


def test_clear_removes_the_shading(boundary):
    x, y, grid_x, _ = _grid()
    boundary.set_grid(x, y, _binary((grid_x > 0).astype(float)))
    boundary.clear()
    assert boundary.image_array() is None
    assert boundary.image_item.image is None
    boundary.grab()


def test_grid_shape_must_match_its_axes(boundary):
    x, y, grid_x, _ = _grid()
    with pytest.raises(ValueError, match="rows=30, columns=40"):
        boundary.set_grid(x, y, _binary(grid_x.T))
    with pytest.raises(ValueError, match="k >= 2"):
        boundary.set_grid(x, y, grid_x[..., None])


# --- regression ----------------------------------------------------------------------------


def test_regression_view_moves_one_curve_over_the_points(qtbot):
    view = RegressionView()
    qtbot.addWidget(view)
    rng = np.random.default_rng(2)
    view.set_points(rng.uniform(-3, 3, 40), rng.normal(size=40), rng.uniform(-3, 3, 10), rng.normal(size=10))
    assert len(view.train_points.data) == 40 and len(view.val_points.data) == 10
    curve = view.curve
    x = np.linspace(-3, 3, 200)
    view.set_curve(x, np.sin(x))
    view.set_curve(x, 2 * np.sin(x))
    assert view.curve is curve
    drawn_x, drawn_y = view.curve_data()
    np.testing.assert_array_equal(drawn_x, x)
    np.testing.assert_allclose(drawn_y, 2 * np.sin(x))
    np.testing.assert_allclose(_drawn(view.curve)[1], 2 * np.sin(x))
    assert [label.text for _, label in view.legend.items] == ["train", "validation", "model"]
    view.set_curve(x, np.where(x > 0, np.inf, 0.0))  # a diverged model
    assert np.isfinite(_drawn(view.curve)[1]).all()
    view.clear_curve()
    assert len(view.curve_data()[0]) == 0


def test_a_long_legend_wraps_instead_of_widening_a_narrow_plot(boundary, qtbot):
    rng = np.random.default_rng(3)
    points = rng.normal(size=(40, 2))
    boundary.set_points(points, rng.integers(0, 8, 40), points[:5], rng.integers(0, 8, 5), n_classes=8)
    boundary.resize(400, 350)
    qtbot.waitUntil(lambda: boundary.legend.columnCount < 10)
    boundary.grab()
    legend_width = boundary.legend.sceneBoundingRect().width()
    assert legend_width <= boundary.plot.width()
    view_box = boundary.plot.getPlotItem().getViewBox().sceneBoundingRect()
    assert view_box.right() <= boundary.plot.width()
