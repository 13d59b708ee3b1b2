"""Runs from the window land in the history; the Runs panel overlays, renames and reopens them."""

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel

from nnstudio.core.store import RunStore


def train(window, qtbot):
    window.session.last_result = None
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)


def test_window_runs_are_recorded_overlaid_and_reopened(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 8}})
    train(window, qtbot)
    window.session.replace_config(window.session.valid_config().model_copy(update={"train": window.session.valid_config().train.model_copy(
        update={"epochs": 5, "lr": 0.05})}))
    qtbot.waitUntil(lambda: window.session.model is not None and window.session.model.epoch == 0, timeout=10_000)
    train(window, qtbot)
    with RunStore() as store:
        runs = store.list_runs()
    assert [run.epochs for run in runs] == [5, 8]  # newest first, every epoch kept

    window.docks.runs_dock.show()
    panel = window.docks.runs_panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)
    selection = panel.table.selectionModel()
    for row in range(2):
        selection.select(panel.table.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert len(panel.overlay.labels()) == 2
    panel.table.item(0, 1).setText("faster lr")
    with RunStore() as store:
        assert store.get_run(runs[0].id).name == "faster lr"

    selection.clearSelection()
    selection.select(panel.table.model().index(1, 0),
                     QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    trained_first = runs[1]
    assert trained_first.checkpoint and Path(trained_first.checkpoint).is_file()
    grid = np.linspace(-2, 2, 40, dtype=np.float32).reshape(-1, 2)
    from nnstudio.core.store import load_checkpoint
    from nnstudio.core.train import predict

    saved = load_checkpoint(trained_first.checkpoint)
    panel.open_button.click()  # the model is read in the background
    qtbot.waitUntil(lambda: window.session.valid_config().train.epochs == 8, timeout=10_000)
    assert window.session.valid_config().train.lr == trained_first.config.train.lr
    qtbot.waitUntil(lambda: window.session.model is not None and window.session.model.config.train.epochs == 8,
                    timeout=10_000)
    assert np.array_equal(window.session.model.predict(grid), predict(saved.model, grid, saved.task, "cpu"))


def test_the_runs_panel_labels_final_as_the_saved_model_and_marks_the_best_epoch(qtbot):
    from nnstudio.core.config import parse_config
    from nnstudio.core.store import RunRecorder
    from nnstudio.core.train import Trainer
    from nnstudio.gui.runs_panel import COLUMNS, RunsPanel

    recorder = RunRecorder()
    result = Trainer(parse_config({
        "data": {"dataset": "moons", "n_samples": 80, "noise": 0.35, "val_fraction": 0.4},
        "model": {"hidden": [64, 64], "activation": "relu"},
        "train": {"lr": 0.02, "epochs": 400, "early_stopping": True, "patience": 10},
    }), callbacks=[recorder]).fit()
    assert result.restored_epoch is not None and result.restored_epoch < result.epochs_run

    panel = RunsPanel()
    qtbot.addWidget(panel)
    panel.refresh()
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == COLUMNS and "final val loss" in headers and "best epoch" in headers

    def cell(name):
        return panel.table.item(0, COLUMNS.index(name)).data(0)

    assert cell("final val loss") == pytest.approx(result.final.val_loss, rel=1e-3)  # the restored model's
    assert cell("best val loss") == pytest.approx(result.best.val_loss, rel=1e-3)
    assert cell("best epoch") == result.best_epoch
    assert cell("epochs") == result.epochs_run
    panel.table.selectRow(0)
    label = panel.overlay.labels()[0]
    assert panel.overlay.marked_epochs(label) == {"best": result.best_epoch,
                                                  "final": result.restored_epoch}


def test_the_runs_table_shows_settings_and_results_filters_by_ranges_and_overlays_accuracy(qtbot):
    from nnstudio.core.config import parse_config
    from nnstudio.core.store import RunRecorder
    from nnstudio.core.train import Trainer
    from nnstudio.gui.runs_panel import COLUMNS, RunsPanel

    results = {}
    for name, lr, batch in (("careful", 0.002, 8), ("bold", 0.05, 32), ("middle", 0.01, "full")):
        recorder = RunRecorder()
        results[name] = Trainer(parse_config({
            "name": name, "data": {"dataset": "moons", "n_samples": 80},
            "model": {"hidden": [8, 8]}, "train": {"lr": lr, "batch_size": batch, "epochs": 6}}),
            callbacks=[recorder]).fit()
    panel = RunsPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 500)
    panel.show()
    panel.refresh()
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == COLUMNS
    for header in ("data", "optimizer", "lr", "batch", "layers", "widths", "L2", "dropout", "max epochs",
                   "final val loss", "final val acc", "best val loss", "best epoch"):
        assert header in headers

    def column(header):
        index = COLUMNS.index(header)
        return [panel.table.item(row, index).data(0) for row in range(panel.table.rowCount())
                if not panel.table.isRowHidden(row)]

    assert column("name") == ["middle", "bold", "careful"]  # newest first
    assert column("widths") == ["8-8"] * 3 and column("batch") == ["full", 32, 8]
    assert column("final val acc")[1] == pytest.approx(results["bold"].final.val_acc, abs=1e-4)
    panel.filter_edit.setText("lr < 0.02 batch=1..16")
    assert column("name") == ["careful"]
    panel.filter_edit.setText("moons lr>=0.01")
    assert column("name") == ["middle", "bold"]
    panel.filter_edit.setText("learning<0.1")  # no such column: said under the filter, nothing hidden
    assert panel.filter_problem.isVisibleTo(panel) and "no column 'learning'" in panel.filter_problem.text()
    assert len(column("name")) == 3
    panel.filter_edit.clear()
    assert not panel.filter_problem.isVisibleTo(panel)
    panel.table.sortItems(COLUMNS.index("lr"))
    assert column("name") == ["careful", "middle", "bold"]

    selection = panel.table.selectionModel()
    for row in (0, 2):
        selection.select(panel.table.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    labels = panel.overlay.labels()
    assert len(labels) == 2 and panel.overlay.accuracy_plot.isVisibleTo(panel)
    epochs, accuracy = panel.overlay.accuracy_data(next(label for label in labels if "bold" in label))
    assert list(epochs) == [1, 2, 3, 4, 5, 6]
    assert accuracy[-1] == pytest.approx(results["bold"].final.val_acc)
