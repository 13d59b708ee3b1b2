"""A teacher opens the capacity lesson, runs the sweep, clicks points of the U-curve to compare
models; opens the K-fold lesson and sees one curve per fold with their mean."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction

from nnstudio.core.lessons import load_lesson

SMALL_MOONS = {
    "data": {"dataset": "moons", "n_samples": 100, "noise": 0.3},
    "model": {"preset": "mlp", "hidden": [8]},
    "train": {"lr": 0.02, "batch_size": 16, "epochs": 15},
}


def click_marker(qtbot, view, index):
    """Click the validation marker of model ``index`` where it is drawn on the screen."""
    x, y = view.marker_positions()
    view_box = view.plot.getPlotItem().getViewBox()
    scene_point = view_box.mapViewToScene(QPointF(float(x[index]), float(y[index])))
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.plot.mapFromScene(scene_point))


def test_the_capacity_lesson_sweeps_degrees_and_a_click_shows_that_model(make_window, qtbot):
    window = make_window()
    window.findChild(QAction, f"lessonAction_{load_lesson(9).slug}").trigger()
    panel = window.docks.sweep_panel
    assert window.docks.sweep_dock.isVisible()
    assert panel.knob_combo.currentData() == "degree"
    panel.values_edit.setText("1, 3, 12")
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert [point.value for point in panel.points] == [1, 3, 12]
    assert panel.view.point_count() == 3
    assert panel.best_index() == 1  # degree 3: the bottom of the U
    assert "degree = 3" in panel.status_label.text()
    # The best model is shown when the sweep ends; its curve goes through the training points.
    assert panel.shown_index == 1
    x, y = panel.preview.curve_data()
    best = panel.points[1]
    fitted = np.interp(best.picture.train_x[:, 0], x, y)
    assert np.mean((fitted - best.picture.train_y[:, 0]) ** 2) == pytest.approx(best.train_loss, rel=0.05)
    marker_x, marker_y = panel.view.marker_positions()
    view_box = panel.view.plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: panel.view.plot.grab() is not None  # laid out: the marker is in view
                    and view_box.viewRect().contains(QPointF(float(marker_x[2]), float(marker_y[2]))))
    click_marker(qtbot, panel.view, 2)
    assert panel.shown_index == 2
    shown_x, shown_y = panel.preview.curve_data()
    assert np.array_equal(shown_y, panel.points[2].picture.curve[1])
    assert not np.allclose(shown_y, y)  # degree 12 wiggles where degree 3 does not
    assert "12" in panel.preview.plot.getPlotItem().titleLabel.text
    assert window.session.status == "idle"  # the main training worker was not involved


def test_a_bad_list_of_values_is_explained_and_nothing_runs(make_window, qtbot):
    window = make_window({"data": {"dataset": "sine"}, "model": {"preset": "polynomial"}})
    panel = window.docks.sweep_panel
    window.docks.sweep_dock.show()
    panel.values_edit.setText("1, two, 3")
    panel.run_button.click()
    assert not panel.running
    assert "'two' is not a whole number" in panel.status_label.text()
    assert "'two' is not a whole number" in window.views.message_bar.text()
    panel.set_knob("width", [2, 4])  # polynomial regression has no hidden layers
    panel.run_button.click()
    assert not panel.running
    assert "MLP" in window.views.message_bar.text()


def test_stopping_a_sweep_keeps_the_models_already_trained(make_window, qtbot):
    window = make_window()
    window.lessons.open_lesson(load_lesson(9))
    panel = window.docks.sweep_panel
    panel.values_edit.setText("1, 2, 3, 5, 8, 12")
    panel.run_button.click()
    qtbot.waitUntil(lambda: len(panel.points) >= 1, timeout=60_000)
    panel.stop_button.click()
    qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
    assert 1 <= len(panel.points) < 6
    assert panel.view.point_count() == len(panel.points)
    assert panel.progress_bar.format() == "stopped"
    assert panel.run_button.isEnabled()


def test_closing_the_window_during_a_sweep_stops_it(make_window, qtbot):
    window = make_window()
    window.lessons.open_lesson(load_lesson(9))
    panel = window.docks.sweep_panel
    panel.run_button.click()
    qtbot.waitUntil(lambda: panel.progress_bar.value() > 0, timeout=30_000)
    thread = panel._thread
    window.close()
    assert thread.isFinished()  # asked to stop and waited for: no thread outlives the window


def test_k_fold_draws_one_curve_per_fold_and_their_mean(make_window, qtbot):
    window = make_window(SMALL_MOONS)
    panel = window.docks.kfold_panel
    window.docks.kfold_dock.show()
    panel.k_spin.setValue(4)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert panel.view.fold_count() == 4
    scores = panel.scores("val_loss")
    assert len(scores) == 4 and np.all(np.isfinite(scores))
    mean, spread, epochs = panel.view.mean_curve()
    assert len(epochs) == 15
    assert mean[-1] == pytest.approx(scores.mean())
    upper_x, upper_y = panel.view.upper.getData()
    assert np.allclose(upper_y, mean + spread)
    assert f"{scores.mean():.3f} ± {scores.std():.3f}" in panel.score_label.text()
    assert "accuracy" in panel.score_label.text()
    # Accuracy curves instead of losses.
    panel.metric_combo.setCurrentIndex(panel.metric_combo.findData("val_acc"))
    _, accuracy = panel.view.folds[0].getData()
    assert np.all((accuracy >= 0) & (accuracy <= 1))


def test_the_k_fold_lesson_shows_the_k_fold_dock(make_window, qtbot):
    window = make_window()
    window.lessons.open_lesson(load_lesson(24))
    assert window.docks.kfold_dock.isVisible()
    assert window.docks.kfold_panel.k_spin.value() == 5
