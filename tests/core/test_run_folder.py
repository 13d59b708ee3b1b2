"""Run folders: a metrics.csv followed while another process appends to it, and `nnstudio runs
import` adding a run folder to the run history."""

import json
import os

import pytest

from nnstudio.cli import main
from nnstudio.core.store import RunStore, load_checkpoint
from nnstudio.core.store.run_folder import MetricsTail, RunFolderError, read_run_folder

HEADER = "epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds\r\n"


def line(epoch, loss=0.5):
    return f"{epoch},{loss},{loss + 0.1},0.75,,0.01,0.002\r\n"


def append(path, text):
    with open(path, "a", newline="", encoding="utf-8") as file:
        file.write(text)


def test_the_tail_reads_complete_lines_only_and_each_line_once(tmp_path):
    path = tmp_path / "metrics.csv"
    tail = MetricsTail(path)
    assert tail.read().epochs == []  # not there yet
    append(path, HEADER[:20])
    assert tail.read().epochs == []  # half a header
    append(path, HEADER[20:] + line(1) + line(2)[:9])
    first = tail.read()
    assert [m.epoch for m in first.epochs] == [1] and not first.restarted
    metrics = first.epochs[0]
    assert (metrics.train_loss, metrics.val_loss, metrics.train_acc, metrics.val_acc, metrics.lr) == (
        0.5, 0.6, 0.75, None, 0.01)
    assert tail.read().epochs == []  # the half-written epoch 2 waits for its end
    append(path, line(2)[9:] + line(3))
    assert [m.epoch for m in tail.read().epochs] == [2, 3]
    assert tail.read().epochs == []


def test_a_new_run_written_over_the_old_one_starts_the_tail_again(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text(HEADER + line(1) + line(2), newline="")
    tail = MetricsTail(path)
    assert len(tail.read().epochs) == 2
    path.write_text(HEADER + line(1, loss=0.9) + line(2, loss=0.8) + line(3, loss=0.7), newline="")
    again = tail.read()  # longer than before, but not the same file
    assert again.restarted and [m.train_loss for m in again.epochs] == [0.9, 0.8, 0.7]
    replaced = tmp_path / "new.csv"
    replaced.write_text(HEADER + line(1, loss=0.3), newline="")
    os.replace(replaced, path)  # a file renamed over it
    assert [m.train_loss for m in tail.read().epochs] == [0.3]


def test_a_damaged_line_is_named_by_its_number(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text(HEADER + line(1) + "2,oops,0.5,,,0.01,0.1\n", newline="")
    with pytest.raises(RunFolderError, match=r"metrics.csv: line 3, column train_loss: oops is not a number"):
        MetricsTail(path).read()


def train_folder(folder, epochs=4):
    """A run folder written by `nnstudio train --out` (not recorded in the history)."""
    experiment = folder.parent / "moons.toml"
    experiment.write_text(f'name = "imported moons"\n[data]\ndataset = "moons"\n'
                          f'[train]\nepochs = {epochs}\n', encoding="utf-8")
    assert main(["train", str(experiment), "--out", str(folder), "--quiet", "--no-record"]) == 0


def test_runs_import_adds_a_run_folder_to_the_history_with_its_model(tmp_path, capsys):
    folder = tmp_path / "run"
    train_folder(folder)
    capsys.readouterr()
    assert main(["runs", "import", str(folder)]) == 0
    assert "as run 1: imported moons, 4 epochs, completed" in capsys.readouterr().out
    summary = json.loads((folder / "summary.json").read_text())
    with RunStore() as store:
        (run,) = store.list_runs()
        epochs = store.epochs(run.id)
    assert run.name == "imported moons" and run.stop_kind == "completed" and run.finished
    assert run.config == read_run_folder(folder).config
    assert [row["epoch"] for row in epochs] == [1, 2, 3, 4]
    assert epochs[-1]["val_loss"] == pytest.approx(summary["final"]["val_loss"])
    assert run.best_epoch == summary["best_epoch"] and run.n_params == summary["n_params"]
    assert load_checkpoint(run.checkpoint).epoch == 4
    assert str(folder.resolve()) in run.notes

    assert main(["runs", "import", str(folder)]) == 2  # twice: refused, with the run it is
    assert capsys.readouterr().err == (
        f"nnstudio: {folder.resolve()}: already in the run history as run 1\n")


def test_a_run_that_is_still_going_is_imported_unfinished(tmp_path, capsys):
    folder = tmp_path / "run"
    train_folder(folder)
    (folder / "summary.json").unlink()
    (folder / "model.pt").unlink()
    assert main(["runs", "import", str(folder)]) == 0
    with RunStore() as store:
        (run,) = store.list_runs()
    assert not run.finished and run.epochs == 4 and run.checkpoint is None
    assert run.best_epoch is not None


def test_an_earlier_runs_summary_does_not_end_a_new_run_in_its_folder(tmp_path, capsys, monkeypatch):
    """A new run leaves the earlier summary.json until it writes its own (a run that cannot write
    its own keeps the earlier file): the folder is not read as over, though copies of it are."""
    folder = tmp_path / "run"
    train_folder(folder, epochs=2)
    assert read_run_folder(folder).finished
    earlier = (folder / "summary.json").read_bytes()
    replace = os.replace

    def no_room_for_the_summary(source, target):
        if os.path.basename(target) == "summary.json":
            raise OSError(28, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(os, "replace", no_room_for_the_summary)
    experiment = folder.parent / "moons.toml"
    assert main(["train", str(experiment), "--out", str(folder), "--quiet", "--no-record",
                 "--epochs", "3"]) == 2
    monkeypatch.setattr(os, "replace", replace)
    assert (folder / "summary.json").read_bytes() == earlier
    run = read_run_folder(folder)
    assert not run.finished and [epoch.epoch for epoch in run.epochs] == [1, 2, 3]
    capsys.readouterr()
    assert main(["runs", "import", str(folder)]) == 0
    with RunStore() as store:
        (imported,) = store.list_runs()
    assert not imported.finished and imported.epochs == 3

    train_folder(folder, epochs=2)  # a run that ends: its summary counts, in a copy too
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("summary.json", "model.pt", "metrics.csv", "config.toml"):  # the summary oldest
        (copy / name).write_bytes((folder / name).read_bytes())
    assert read_run_folder(folder).finished and read_run_folder(copy).finished


@pytest.mark.parametrize("make, message", [
    (lambda folder: None, "{folder}: no such folder"),
    (lambda folder: folder.mkdir(), "{folder}: not a run folder (it has no config.toml)"),
    (lambda folder: folder.write_text("x"), "{folder}: not a folder"),
])
def test_what_is_not_a_run_folder_is_one_line_and_exit_2(tmp_path, capsys, make, message):
    folder = tmp_path / "somewhere"
    make(folder)
    assert main(["runs", "import", str(folder)]) == 2
    assert capsys.readouterr().err == "nnstudio: " + message.format(folder=folder) + "\n"


def test_a_damaged_model_is_left_out_and_said_so(tmp_path, capsys):
    folder = tmp_path / "run"
    train_folder(folder, epochs=2)
    (folder / "model.pt").write_bytes(b"not a model")
    assert main(["runs", "import", str(folder)]) == 0
    assert "its model was left out" in capsys.readouterr().err
    with RunStore() as store:
        (run,) = store.list_runs()
    assert run.checkpoint is None and run.epochs == 2
