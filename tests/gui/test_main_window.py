"""Drive the real window as a student would: pick data and a model, press Train, watch."""

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QToolButton

from nnstudio.core.config import parse_config


def click(qtbot, window, name):
    button = window.findChild(QToolButton, name)
    assert button is not None, name
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_idle(qtbot, window, timeout=30_000):
    qtbot.waitUntil(lambda: window.state == "idle" and window.last_result is not None, timeout=timeout)


def shading_fills_the_view(view):
    """True when the boundary's shading covers the whole plot, not only the data's square: the
    coarse grid around the data's reaches every edge, and the data's grid lies inside it."""
    if view.image_array() is None or view.outer_item.image is None or not view.outer_item.isVisible():
        return False
    fine = view.image_item.mapRectToParent(view.image_item.boundingRect())
    shaded = view.outer_item.mapRectToParent(view.outer_item.boundingRect())
    if not shaded.contains(fine):
        return False
    (x_low, x_high), (y_low, y_high) = view.shown_plane()
    slack = 0.02 * max(x_high - x_low, y_high - y_low)  # half a cell at the edges
    return (shaded.left() <= x_low + slack and shaded.right() >= x_high - slack
            and shaded.top() <= y_low + slack and shaded.bottom() >= y_high - slack)


def test_the_window_has_every_named_control_and_view(make_window):
    window = make_window()
    for name in ["trainButton", "pauseButton", "stepButton", "stopButton", "resetButton",
                 "datasetList", "modelPresetCombo", "lossPlot", "accuracyPlot", "boundaryView",
                 "regressionView", "lrPlot", "progressBar"]:
        widget = window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), f"{name} has no accessible name"


def test_the_package_exports_the_window_for_embedding(qtbot):
    from nnstudio.gui import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    try:
        assert window.findChild(QToolButton, "trainButton") is not None
    finally:
        window.shutdown()


def test_spiral_mlp_trains_and_the_views_follow(make_window, qtbot):
    window = make_window({"train": {"epochs": 60}})
    window.findChild(QListWidget, "datasetList")  # the list a student clicks
    window.dataset_panel.select_dataset("spiral")
    combo = window.findChild(QComboBox, "modelPresetCombo")
    combo.setCurrentIndex(combo.findData("mlp"))
    window.train_form.editor("lr")  # the form exists and is the schema's
    qtbot.waitUntil(lambda: window.run_info is not None and window.run_info.n_classes == 3
                    and shading_fills_the_view(window.boundary_view), timeout=10_000)
    initial_image = np.array(window.boundary_view.image_array(), copy=True)

    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)

    history = window.history
    assert len(history) == 60
    assert history.val_loss[-1] < history.val_loss[0]
    curve = window.loss_view.train_curve if hasattr(window.loss_view, "train_curve") else None
    if curve is not None:
        assert len(curve.getData()[0]) == 60
    assert not np.allclose(window.boundary_view.image_array(), initial_image)
    # Also after training (a last resize of the view is shaded a moment later, by the training process).
    qtbot.waitUntil(lambda: shading_fills_the_view(window.boundary_view), timeout=5_000)
    assert window.last_result.stop_kind == "completed"
    assert "epoch 60/60" in window.progress_bar.format()


def test_pause_stops_progress_and_resume_continues(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 100_000}})
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: len(window.history) > 5, timeout=10_000)
    click(qtbot, window, "pauseButton")
    assert window.state == "paused"
    qtbot.wait(300)
    paused_at = window.worker.trainer.epoch
    qtbot.wait(400)
    assert window.worker.trainer.epoch == paused_at
    click(qtbot, window, "pauseButton")  # now labelled Resume
    qtbot.waitUntil(lambda: window.worker.trainer.epoch > paused_at + 3, timeout=10_000)
    click(qtbot, window, "stopButton")
    wait_idle(qtbot, window)
    assert window.last_result.stop_kind == "stopped"


def test_step_runs_exactly_one_epoch(make_window, qtbot):
    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 50}})
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: window.state == "paused", timeout=10_000)
    qtbot.wait(300)
    assert window.worker.trainer.epoch == 1 and len(window.history) == 1
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: len(window.history) == 2 and window.state == "paused", timeout=10_000)
    qtbot.wait(300)
    assert window.worker.trainer.epoch == 2


def test_closing_mid_training_returns_promptly(make_window, qtbot):
    window = make_window({"data": {"dataset": "spiral"}, "train": {"epochs": 100_000}})
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: len(window.history) > 2, timeout=10_000)
    start = time.monotonic()
    window.close()
    assert time.monotonic() - start < 1.0
    assert not window.thread_.isRunning()


def test_regression_run_draws_a_fitted_curve_near_the_points(make_window, qtbot):
    window = make_window({"data": {"dataset": "sine", "noise": 0.05},
                          "model": {"preset": "mlp", "hidden": [32, 32], "activation": "tanh"},
                          "train": {"epochs": 300, "lr": 0.02}})
    assert window.main_view.currentWidget() is window.regression_view
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window, timeout=60_000)
    x, y = window.regression_view.curve_data()
    assert len(x) > 50
    assert np.max(np.abs(y - np.sin(np.pi * x))[(x > -0.95) & (x < 0.95)]) < 0.15


def test_divergence_is_explained_in_the_window_and_it_stays_usable(make_window, qtbot):
    window = make_window({"data": {"dataset": "linear"}, "model": {"preset": "linear"},
                          "train": {"optimizer": "sgd", "lr": 50.0, "batch_size": "full", "epochs": 500}})
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert window.message_bar.isVisible()
    assert "diverged" in window.message_bar.text() and "smaller learning rate" in window.message_bar.text()
    assert window.findChild(QToolButton, "trainButton").isEnabled()


def test_invalid_layer_stack_is_refused_with_a_message(make_window, qtbot):
    window = make_window({"model": {"preset": "custom", "layers": [{"type": "conv2d"}]}})
    assert "needs image input" in window.model_builder.message.text()
    click(qtbot, window, "trainButton")
    assert window.state == "idle"
    assert "needs image input" in window.message_bar.text()


def test_learning_rate_edited_while_training_applies_live(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 100_000, "lr": 0.01}})
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: len(window.history) > 2, timeout=10_000)
    window.train_form.editor("lr").setValue(0.002)
    window.train_form.editor("lr").editingFinished.emit()
    qtbot.waitUntil(lambda: window.history.lr[-1] == pytest.approx(0.002), timeout=10_000)
    click(qtbot, window, "stopButton")
    wait_idle(qtbot, window)


def test_reset_gives_fresh_weights_and_an_empty_history(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 20}})
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert len(window.history) == 20
    click(qtbot, window, "resetButton")
    qtbot.waitUntil(lambda: len(window.history) == 0 and window.worker.trainer.epoch == 0, timeout=10_000)


def test_dock_layout_is_remembered_between_launches(make_window, qtbot):
    window = make_window()
    window.train_dock.hide()
    window.close()
    again = make_window()
    assert not again.train_dock.isVisible()
    again.restore_default_layout()
    assert again.train_dock.isVisible()


@pytest.mark.skipif(not __import__("pathlib").Path("/usr/share/datasets/fashion-mnist").exists(),
                    reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")
def test_fashion_mnist_shows_samples_predictions_and_a_clickable_confusion_matrix(make_window, qtbot):
    window = make_window({"data": {"dataset": "fashion_mnist", "subset": 3000},
                          "model": {"preset": "mlp", "hidden": [64], "activation": "relu"},
                          "train": {"epochs": 2, "lr": 0.003}})
    assert window.main_view.currentWidget() is window.image_views
    steps_seen = []
    window.worker.updated.connect(lambda snapshot: steps_seen.append(snapshot.step))
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window, timeout=60_000)
    matrix = window.confusion_view.matrix()
    assert matrix.shape == (10, 10) and matrix.sum() == len(window.run_info.val_y)
    assert np.trace(matrix) / matrix.sum() > 0.6
    assert any(step > 0 for step in steps_seen), "no progress was shown within the long epochs"
    window.confusion_view.cellClicked.emit(6, 0)  # true "Shirt" predicted "T-shirt/top"
    shown = window.sample_browser.visible_indices()
    assert len(shown) == matrix[6, 0]
    assert all(window.run_info.val_y[i] == 6 for i in shown)


def test_test_set_is_evaluated_once_with_its_result_recorded(make_window, qtbot):
    from nnstudio.core.store import RunStore
    from nnstudio.gui.final_evaluation import evaluate_test_set

    window = make_window({"data": {"dataset": "moons", "test_fraction": 0.25}, "train": {"epochs": 10}})
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert evaluate_test_set(window, ask=False)
    qtbot.waitUntil(lambda: "Test set (100 samples) after epoch 10" in window.message_bar.text(), timeout=10_000)
    assert window.last_result.test["test_acc"] > 0.7
    with RunStore() as store:
        assert store.list_runs()[0].test["test_acc"] == window.last_result.test["test_acc"]
    assert evaluate_test_set(window, ask=False)
    qtbot.waitUntil(lambda: "already evaluated" in window.message_bar.text(), timeout=10_000)


def test_dropout_toggle_draws_the_noisy_train_mode_boundary(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "model": {"hidden": [64], "dropout": 0.5},
                          "train": {"epochs": 20}})
    check = window.boundary_view.dropout_check
    assert check.isEnabled()
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: shading_fills_the_view(window.boundary_view), timeout=10_000)
    eval_image = np.array(window.boundary_view.image_array(), copy=True)

    def shown_is_eval_image():
        return np.allclose(window.boundary_view.image_array(), eval_image)

    check.setChecked(True)
    qtbot.waitUntil(lambda: not shown_is_eval_image(), timeout=10_000)
    check.setChecked(False)
    qtbot.waitUntil(shown_is_eval_image, timeout=10_000)
    no_dropout = make_window({"model": {"hidden": [8]}})
    assert not no_dropout.boundary_view.dropout_check.isEnabled()


def test_long_step_histories_are_drawn_as_an_envelope_that_keeps_the_extremes():
    from nnstudio.gui.main_window import envelope

    x = np.arange(100_000, dtype=float)
    y = np.sin(x / 500) + (x % 7 == 0) * 3.0
    drawn_x, drawn_y = envelope(x, y, 8000)
    assert len(drawn_x) <= 8000 + 100
    assert drawn_y.max() == y.max() and drawn_y.min() == y.min()
    assert drawn_x[0] == 0 and drawn_x[-1] >= 99_900
    small_x, small_y = envelope(x[:50], y[:50], 8000)
    assert np.array_equal(small_x, x[:50]) and np.array_equal(small_y, y[:50])


def test_playground_circle_preset_reaches_95_percent_in_the_window_within_300_epochs(make_window, qtbot):
    from nnstudio.core.config import updated
    from nnstudio.core.presets import load_preset

    window = make_window()
    window.set_config(updated(load_preset("playground-circle"), "train", epochs=300))
    qtbot.waitUntil(lambda: window.run_info is not None and window.run_info.sizes["train"] == 250, timeout=10_000)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert window.last_result.epochs_run == 300
    assert np.nanmax(window.history.val_acc) >= 0.95
    assert window.worker.trainer.path == "fast"
