"""Runs from the window land in the history; the Runs panel overlays, renames and reopens them."""

from pathlib import Path

import numpy as np
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

    assert cell("final val loss") == round(result.final.val_loss, 4)  # the restored model's
    assert cell("best val loss") == round(result.best.val_loss, 4)
    assert cell("best epoch") == result.best_epoch
    assert cell("epochs") == result.epochs_run
    panel.table.selectRow(0)
    label = panel.overlay.labels()[0]
    assert panel.overlay.marked_epochs(label) == {"best": result.best_epoch,
                                                  "final": result.restored_epoch}
