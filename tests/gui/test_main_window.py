"""Drive the real window as a student would: pick data and a model, press Train, watch."""

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QToolButton

from nnstudio.session.protocol import ModelWeights


def click(qtbot, window, name):
    button = window.findChild(QToolButton, name)
    assert button is not None, name
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_idle(qtbot, window, timeout=30_000):
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=timeout)


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
    window.docks.dataset_panel.select_dataset("spiral")
    combo = window.findChild(QComboBox, "modelPresetCombo")
    combo.setCurrentIndex(combo.findData("mlp"))
    window.docks.train_form.editor("lr")  # the form exists and is the schema's
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.run_info.n_classes == 3
                    and shading_fills_the_view(window.views.boundary_view), timeout=10_000)
    initial_image = np.array(window.views.boundary_view.image_array(), copy=True)

    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)

    history = window.session.history
    assert len(history) == 60
    assert history.val_loss[-1] < history.val_loss[0]
    curve = window.views.loss_view.train_curve if hasattr(window.views.loss_view, "train_curve") else None
    if curve is not None:
        assert len(curve.getData()[0]) == 60
    assert not np.allclose(window.views.boundary_view.image_array(), initial_image)
    # Also after training (a last resize of the view is shaded a moment later, by the training process).
    qtbot.waitUntil(lambda: shading_fills_the_view(window.views.boundary_view), timeout=5_000)
    assert window.session.last_result.stop_kind == "completed"
    assert "epoch 60/60" in window.controls.progress_bar.format()


def test_pause_stops_progress_and_resume_continues(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 100_000}})
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: len(window.session.history) > 5, timeout=10_000)
    paused_weights = []
    window.session.part(ModelWeights).connect(paused_weights.append)
    click(qtbot, window, "pauseButton")
    assert window.session.status == "paused"
    qtbot.waitUntil(lambda: bool(paused_weights), timeout=10_000)  # the pause took hold
    paused_at = window.session.model.epoch
    assert paused_at == len(window.session.history)
    click(qtbot, window, "stepButton")  # paused, nothing more trained: a step adds exactly one epoch
    qtbot.waitUntil(lambda: window.session.status == "paused", timeout=10_000)
    assert window.session.model.epoch == paused_at + 1 == len(window.session.history)
    click(qtbot, window, "pauseButton")  # now labelled Resume
    qtbot.waitUntil(lambda: window.session.model.epoch > paused_at + 3, timeout=10_000)
    click(qtbot, window, "stopButton")
    wait_idle(qtbot, window)
    assert window.session.last_result.stop_kind == "stopped"


def test_step_runs_exactly_one_epoch(make_window, qtbot):
    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 50}})
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: window.session.status == "paused", timeout=10_000)
    assert window.session.model.epoch == 1 and len(window.session.history) == 1
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: window.session.status == "paused", timeout=10_000)
    assert window.session.model.epoch == 2 and len(window.session.history) == 2


def test_closing_mid_training_returns_promptly(make_window, qtbot):
    window = make_window({"data": {"dataset": "spiral"}, "train": {"epochs": 100_000}})
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: len(window.session.history) > 2, timeout=10_000)
    start = time.monotonic()
    window.close()
    assert time.monotonic() - start < 1.0
    assert not window.session.link.reader.is_alive()


def test_regression_run_draws_a_fitted_curve_near_the_points(make_window, qtbot):
    window = make_window({"data": {"dataset": "sine", "noise": 0.05},
                          "model": {"preset": "mlp", "hidden": [32, 32], "activation": "tanh"},
                          "train": {"epochs": 300, "lr": 0.02}})
    assert window.views.main_view.currentWidget() is window.views.regression_view
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window, timeout=60_000)
    x, y = window.views.regression_view.curve_data()
    assert len(x) > 50
    assert np.max(np.abs(y - np.sin(np.pi * x))[(x > -0.95) & (x < 0.95)]) < 0.15


def test_divergence_is_explained_in_the_window_and_it_stays_usable(make_window, qtbot):
    window = make_window({"data": {"dataset": "linear"}, "model": {"preset": "linear"},
                          "train": {"optimizer": "sgd", "lr": 50.0, "batch_size": "full", "epochs": 500}})
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert window.views.message_bar.isVisible()
    assert "diverged" in window.views.message_bar.text() and "smaller learning rate" in window.views.message_bar.text()
    assert window.findChild(QToolButton, "trainButton").isEnabled()


def test_a_run_ending_before_it_converged_says_so_in_the_message_strip(make_window, qtbot):
    window = make_window({"data": {"dataset": "linear", "n_samples": 100, "noise": 0.3},
                          "model": {"preset": "linear"},
                          "train": {"optimizer": "sgd", "lr": 0.002, "batch_size": "full", "epochs": 40}})
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert window.session.last_result.notice is not None
    assert window.views.message_bar.isVisible()
    assert "not converged" in window.views.message_bar.text()
    assert "train more epochs or use a larger learning rate" in window.views.message_bar.text()


def test_invalid_layer_stack_is_refused_with_a_message(make_window, qtbot):
    window = make_window({"model": {"preset": "custom", "layers": [{"type": "conv2d"}]}})
    assert "needs image input" in window.docks.model_builder.message.text()
    click(qtbot, window, "trainButton")
    assert window.session.status == "idle"
    assert "needs image input" in window.views.message_bar.text()


def test_learning_rate_edited_while_training_applies_live(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 100_000, "lr": 0.01}})
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: len(window.session.history) > 2, timeout=10_000)
    window.docks.train_form.editor("lr").setValue(0.002)
    window.docks.train_form.editor("lr").editingFinished.emit()
    qtbot.waitUntil(lambda: window.session.history.lr[-1] == pytest.approx(0.002), timeout=10_000)
    click(qtbot, window, "stopButton")
    wait_idle(qtbot, window)


def test_reset_gives_fresh_weights_and_an_empty_history(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 20}})
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert len(window.session.history) == 20
    click(qtbot, window, "resetButton")
    qtbot.waitUntil(lambda: len(window.session.history) == 0 and window.session.model.epoch == 0, timeout=10_000)


def test_dock_layout_is_remembered_between_launches(make_window, qtbot):
    window = make_window()
    window.docks.train_dock.hide()
    window.close()
    again = make_window()
    assert not again.docks.train_dock.isVisible()
    again.restore_default_layout()
    assert again.docks.train_dock.isVisible()


@pytest.mark.skipif(not __import__("pathlib").Path("/usr/share/datasets/fashion-mnist").exists(),
                    reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")
def test_fashion_mnist_shows_samples_predictions_and_a_clickable_confusion_matrix(make_window, qtbot):
    window = make_window({"data": {"dataset": "fashion_mnist", "subset": 3000},
                          "model": {"preset": "mlp", "hidden": [64], "activation": "relu"},
                          "train": {"epochs": 200, "lr": 0.003}})
    assert window.views.main_view.currentWidget() is window.views.image_views
    progress = []
    window.session.updated.connect(lambda update: progress.append(update.progress))
    click(qtbot, window, "trainButton")
    # Updates are throttled by time: a run long enough to show some within its epochs (any
    # machine), stopped once two epochs are done.
    qtbot.waitUntil(lambda: any(p.step > 0 for p in progress) and progress[-1].epoch >= 2, timeout=120_000)
    window.session.stop()
    wait_idle(qtbot, window, timeout=60_000)
    matrix = window.views.confusion_view.matrix()
    assert matrix.shape == (10, 10) and matrix.sum() == len(window.session.run_info.val_y)
    assert np.trace(matrix) / matrix.sum() > 0.6
    window.views.confusion_view.cellClicked.emit(6, 0)  # true "Shirt" predicted "T-shirt/top"
    shown = window.views.sample_browser.visible_indices()
    assert len(shown) == matrix[6, 0]
    assert all(window.session.run_info.val_y[i] == 6 for i in shown)


def test_test_set_is_evaluated_once_with_its_result_recorded(make_window, qtbot):
    from nnstudio.core.store import RunStore
    window = make_window({"data": {"dataset": "moons", "test_fraction": 0.25}, "train": {"epochs": 10}})
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert window.controls.test.ask(ask=False)
    qtbot.waitUntil(lambda: "Test set (100 samples) after epoch 10" in window.views.message_bar.text(), timeout=10_000)
    assert window.session.last_result.test["test_acc"] > 0.7
    with RunStore() as store:
        assert store.list_runs()[0].test["test_acc"] == window.session.last_result.test["test_acc"]
    assert window.controls.test.ask(ask=False)
    qtbot.waitUntil(lambda: "already evaluated" in window.views.message_bar.text(), timeout=10_000)


def test_dropout_toggle_draws_the_noisy_train_mode_boundary(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "model": {"hidden": [64], "dropout": 0.5},
                          "train": {"epochs": 20}})
    check = window.views.boundary_view.dropout_check
    assert check.isEnabled()
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: shading_fills_the_view(window.views.boundary_view), timeout=10_000)
    eval_image = np.array(window.views.boundary_view.image_array(), copy=True)

    def shown_is_eval_image():
        return np.allclose(window.views.boundary_view.image_array(), eval_image)

    check.setChecked(True)
    qtbot.waitUntil(lambda: not shown_is_eval_image(), timeout=10_000)
    check.setChecked(False)
    qtbot.waitUntil(shown_is_eval_image, timeout=10_000)
    no_dropout = make_window({"model": {"hidden": [8]}})
    assert not no_dropout.views.boundary_view.dropout_check.isEnabled()


def test_long_step_histories_are_drawn_as_an_envelope_that_keeps_the_extremes():
    from nnstudio.gui.live_views import envelope

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
    window.session.replace_config(updated(load_preset("playground-circle"), "train", epochs=300))
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.run_info.sizes["train"] == 250, timeout=10_000)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert window.session.last_result.epochs_run == 300
    assert np.nanmax(window.session.history.val_acc) >= 0.95
    assert window.session.model.path == "fast"
