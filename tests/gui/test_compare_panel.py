"""A teacher compares models side by side in the Compare panel: ticks a few, trains them on the
current data beside a baseline, reads the table, sees each boundary or fit small, cancels, scores
the test split once, and opens a row's run in the window."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from nnstudio.core.config import parse_config
from nnstudio.core.store import load_checkpoint
from nnstudio.gui.compare_panel import KEYS, ComparePanel

MOONS = {"data": {"dataset": "moons", "n_samples": 200, "noise": 0.2},
         "model": {"hidden": [16], "activation": "relu"},
         "train": {"epochs": 40, "lr": 0.03}}


@pytest.fixture
def panel(qtbot):
    configs = {"config": parse_config(MOONS)}
    widget = ComparePanel(lambda: configs["config"])
    widget.configs = configs
    qtbot.addWidget(widget)
    widget.resize(1300, 360)
    widget.show()
    yield widget
    widget.shutdown()


def compare(qtbot, panel, names):
    panel.set_models(names)
    with qtbot.waitSignal(panel.analysisFinished, timeout=120_000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)


def column_shown(panel, key):
    return not panel.table.isColumnHidden(KEYS.index(key))


def test_models_are_compared_beside_the_majority_class(panel, qtbot):
    compare(qtbot, panel, ["current", "logistic"])
    assert panel.table.rowCount() == 3
    assert panel.table_values("model") == ["baseline (majority class)", "current", "logistic"]
    assert panel.table.item(0, 0).font().italic()  # the baseline stands apart
    baseline_acc, mlp_acc, logistic_acc = panel.table_values("val_acc")
    assert mlp_acc > logistic_acc > baseline_acc
    assert panel.table_values("params") == [0, 2 * 16 + 16 + 16 + 1, 3]
    assert all(value > 0 for value in panel.table_values("seconds")[1:])
    assert column_shown(panel, "val_f1") and not column_shown(panel, "val_r2")
    assert not column_shown(panel, "test_loss")  # not before it is asked for
    assert "Lowest validation loss: current" in panel.status_label.text()
    # Each model's boundary drawn small; the baseline's is one colour all over.
    previews = panel.multiples.shown
    assert len(previews) == 3
    baseline_grid, mlp_grid = previews[0].grid_data(), previews[1].grid_data()
    assert np.ptp(baseline_grid[..., 1]) == 0 and np.ptp(mlp_grid[..., 1]) > 0.9
    assert "current" in previews[1].plot.getPlotItem().titleLabel.text
    # Sorting by validation loss brings the best model up; rows keep their run.
    panel.table.sortItems(KEYS.index("val_loss"))
    assert panel.row_at(0).model == "current" and panel.row_at(0).run_id is not None


def test_a_regression_shows_mse_and_r_squared_and_each_fit(panel, qtbot):
    panel.configs["config"] = parse_config({
        "data": {"dataset": "sine", "n_samples": 100, "noise": 0.1},
        "model": {"hidden": [32]}, "train": {"epochs": 150, "batch_size": "full", "lr": 0.03}})
    compare(qtbot, panel, ["current", "linear"])
    assert panel.table_values("model")[0] == "baseline (training mean)"
    assert column_shown(panel, "val_r2") and not column_shown(panel, "val_acc")
    baseline_r2, mlp_r2, linear_r2 = panel.table_values("val_r2")
    assert mlp_r2 > linear_r2 > baseline_r2
    x, y = panel.multiples.shown[0].curve_data()
    assert np.ptp(y) == 0  # the training mean: a flat line
    x, y = panel.multiples.shown[1].curve_data()
    assert np.ptp(y) > 1.0  # the network follows the sine


def test_cancel_keeps_the_finished_models(panel, qtbot):
    panel.configs["config"] = parse_config({**MOONS, "train": {"epochs": 3000, "lr": 0.03}})
    panel.set_models(["logistic", "current", "softmax"])
    panel.run_button.click()
    qtbot.waitUntil(lambda: len(panel.rows) == 2, timeout=60_000)  # baseline, current (list order)
    qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
    assert panel.table_values("model") == ["baseline (majority class)", "current"]
    assert panel.status_label.text().startswith("Cancelled.")
    assert panel.run_button.isEnabled() and panel.model_list.isEnabled()


def test_the_test_split_is_scored_once_on_request(panel, qtbot):
    compare(qtbot, panel, ["current"])
    assert panel.test_button.isEnabled()
    with qtbot.waitSignal(panel.analysisFinished, timeout=30_000):
        assert panel.score_test(ask=False)
    assert column_shown(panel, "test_acc") and column_shown(panel, "test_f1")
    assert all(0 <= value <= 1 for value in panel.table_values("test_acc"))
    assert not panel.test_button.isEnabled()
    assert not panel.score_test(ask=False)  # once
    assert "must not steer" in panel.status_label.text()


def test_a_model_that_cannot_train_on_the_data_is_explained(panel, qtbot):
    panel.configs["config"] = parse_config({"data": {"dataset": "blobs", "n_classes": 3}})
    problems = []
    panel.problem.connect(problems.append)
    compare(qtbot, panel, ["current", "logistic"])
    assert panel.rows == []
    assert "logistic cannot train on blobs" in problems[-1]
    assert "logistic cannot train on blobs" in panel.status_label.text()


def test_an_experiment_file_joins_the_list(panel, qtbot, tmp_path):
    experiment = tmp_path / "tiny-net.toml"
    experiment.write_text("[model]\nhidden = [2]\n[train]\nepochs = 10\n")
    assert panel.add_experiment_file(str(experiment))
    assert str(experiment) in panel.checked_models()
    compare(qtbot, panel, [str(experiment)])
    assert panel.table_values("model") == ["baseline (majority class)", "tiny-net"]
    assert not panel.add_experiment_file(str(tmp_path / "missing.toml"))
    assert "no such file" in panel.status_label.text()


def test_the_compare_dock_is_in_the_view_menu_and_a_row_opens_its_run(make_window, qtbot):
    window = make_window(MOONS)
    dock = window.findChild(QDockWidget, "compareDock")
    assert dock is window.docks.compare_dock and not dock.isVisible()
    action = next(action for action in window.view_menu.actions() if action is dock.toggleViewAction())
    action.trigger()
    assert dock.isVisible()
    panel = window.findChild(ComparePanel, "comparePanel")
    panel.set_models(["logistic", "current"])
    panel.run_button.click()
    qtbot.waitUntil(lambda: not panel.running and len(panel.rows) == 3, timeout=120_000)
    line = panel.table_values("model").index("logistic")
    logistic = panel.row_at(line)
    assert logistic.checkpoint
    panel.table.selectRow(line)
    assert panel.open_button.isEnabled()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.model is not None
                    and window.session.model.config.model.preset == "logistic", timeout=30_000)
    assert window.session.config.model.preset == "logistic"
    saved = load_checkpoint(logistic.checkpoint).model.state_dict()
    opened = window.session.model.model.state_dict()
    assert all(np.array_equal(saved[name].numpy(), opened[name].numpy()) for name in saved)
    panel.table.selectRow(panel.table_values("model").index("baseline (majority class)"))
    assert not panel.open_button.isEnabled()  # the baseline has no run
