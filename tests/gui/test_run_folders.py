"""Runs that train elsewhere: File ▸ Follow a run folder… shows a run's epochs as another
process writes them; a run folder imported into the history reopens with its model."""

from pathlib import Path

import numpy as np
from PySide6.QtCore import QItemSelectionModel

from nnstudio.cli import main
from nnstudio.core.config import parse_config
from nnstudio.core.experiment import save_config
from nnstudio.core.store import RunStore, load_checkpoint
from nnstudio.core.train import predict

HEADER = "epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds\r\n"


def append(path: Path, text: str) -> None:
    with open(path, "a", newline="", encoding="utf-8") as file:
        file.write(text)
        file.flush()


def shown_epochs(window) -> list:
    x, _ = window.views.loss_view.val_curve.getData()
    return [] if x is None else [int(epoch) for epoch in x]


def test_a_followed_run_folder_shows_each_new_epoch_within_a_second(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 5}})
    folder = tmp_path / "cluster-run"
    assert window.file_menu.follow_folder(str(folder))  # before the run has started
    assert window.views.message_bar.isVisible()

    folder.mkdir()
    save_config(parse_config({"data": {"dataset": "spiral"}}), folder / "config.toml")
    metrics = folder / "metrics.csv"
    append(metrics, HEADER)
    for epoch, val_loss in enumerate([0.9, 0.7, 0.75, 0.6], start=1):
        line = f"{epoch},{val_loss + 0.05},{val_loss},0.5,0.55,0.01,0.3\r\n"
        with qtbot.waitSignal(window.file_menu.follower.timer.timeout, timeout=5_000):
            append(metrics, line[:6])  # the writer is caught in the middle of the line
        assert shown_epochs(window) == list(range(1, epoch))  # the follower looked: half a line is not an epoch
        append(metrics, line[6:])
        qtbot.waitUntil(lambda: shown_epochs(window) == list(range(1, epoch + 1)), timeout=1000)
    _, val_loss = window.views.loss_view.val_curve.getData()
    assert np.allclose(val_loss, [0.9, 0.7, 0.75, 0.6])
    assert window.views.loss_view.best_epoch == 4
    assert window.views.accuracy_view.isVisible()
    assert "Following" in window.views.message_bar.text()

    # A network drive may send no notice of a change: the timer alone still shows it in time.
    window.file_menu.follower.watcher.blockSignals(True)
    append(metrics, "5,0.62,0.57,0.6,0.6,0.01,0.3\r\n")
    qtbot.waitUntil(lambda: shown_epochs(window) == [1, 2, 3, 4, 5], timeout=1000)

    (folder / "summary.json").write_text('{"stop_kind": "completed", "stop_reason": "completed 5 epochs"}')
    qtbot.waitUntil(lambda: "ended: completed 5 epochs" in window.views.message_bar.text(), timeout=1000)

    window.session.reset()  # back to the window's own experiment
    qtbot.waitUntil(lambda: window.session.following is None and shown_epochs(window) == [], timeout=10_000)


def test_an_imported_run_folder_reopens_in_the_window_with_its_model(make_window, qtbot, tmp_path):
    experiment = tmp_path / "xor.toml"
    experiment.write_text('name = "from the server"\n[data]\ndataset = "xor"\n[train]\nepochs = 6\n')
    folder = tmp_path / "run"
    assert main(["train", str(experiment), "--out", str(folder), "--quiet", "--no-record"]) == 0
    assert main(["runs", "import", str(folder)]) == 0
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 3}})
    window.docks.runs_dock.show()
    panel = window.docks.runs_panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    panel.table.selectionModel().select(
        panel.table.model().index(0, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    panel.open_button.click()
    qtbot.waitUntil(lambda: window.session.model is not None
                    and window.session.model.config.data.dataset == "xor", timeout=20_000)
    with RunStore() as store:
        (run,) = store.list_runs()
    saved = load_checkpoint(run.checkpoint)
    grid = np.linspace(-2, 2, 40, dtype=np.float32).reshape(-1, 2)
    assert np.array_equal(window.session.model.predict(grid), predict(saved.model, grid, saved.task, "cpu"))
