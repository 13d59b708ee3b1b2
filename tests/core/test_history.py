"""The run history: every run and its epochs survive whatever happens to the process or file."""

import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import contextmanager

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.errors import StoreError
from nnstudio.core.store import RunRecorder, RunStore
from nnstudio.core.store.history import default_path
from nnstudio.core.train import FunctionCallback, Trainer


def small_config(epochs=6, **train):
    return parse_config({
        "name": "small moons",
        "data": {"dataset": "moons", "n_samples": 60},
        "model": {"hidden": [4]},
        "train": {"epochs": epochs, "batch_size": 16, **train},
    })


def train_recorded(config=None, **recorder_options):
    recorder = RunRecorder(**recorder_options)
    trainer = Trainer(config or small_config(), callbacks=[recorder])
    return trainer, trainer.fit(), recorder


@contextmanager
def read_only(path):
    """Make a file or folder read-only, also for root (which ignores permission bits)."""
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    immutable = False
    try:
        if os.access(path, os.W_OK) or os.geteuid() == 0:
            chattr = shutil.which("chattr")
            if chattr is None or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
                pytest.skip("cannot make a path read-only for this user here")
            immutable = True
        yield path
    finally:
        if immutable:
            subprocess.run([shutil.which("chattr"), "-i", str(path)], check=True)
        path.chmod(mode)


def test_a_run_is_recorded_with_every_epoch_and_how_it_ended():
    trainer, result, recorder = train_recorded()
    assert recorder.problem is None
    with RunStore() as store:
        [run] = store.list_runs()
        assert run.id == recorder.run_id and run.name == "small moons"
        assert run.stop_kind == "completed" and run.finished and run.ended_at
        assert run.epochs == 6 and run.best_epoch == result.best_epoch
        assert run.device == "cpu" and run.n_params == trainer.n_params
        assert run.config == trainer.config
        assert run.final["val_loss"] == pytest.approx(result.final.val_loss)
        columns = store.epoch_columns(run.id)
    for name in ("train_loss", "val_loss", "train_acc", "val_acc", "lr"):
        np.testing.assert_allclose(columns[name], trainer.history.column(name))
    assert default_path().name == "runs.sqlite" and default_path().is_file()


def test_a_run_recorded_when_final_meant_the_last_epoch_reads_as_its_restored_model():
    trainer, result, _ = train_recorded(small_config(epochs=6))
    with RunStore() as store:
        run_id = store.start_run(trainer.config, history=trainer.history.epochs, best_epoch=4)
        old_summary = {**result.summary(), "restored_epoch": 4,
                       "final": trainer.history.last.to_json()}  # the last epoch, as before
        store.end_run(run_id, old_summary)
        run = store.get_run(run_id)
    assert run.final["epoch"] == 4
    assert run.final["val_loss"] == pytest.approx(trainer.history.at(4).val_loss)


def test_resuming_a_run_continues_the_same_record_and_a_reset_starts_a_new_one():
    recorder = RunRecorder()
    trainer = Trainer(small_config(epochs=8), callbacks=[recorder])
    trainer.fit(epochs=3)
    first = recorder.run_id
    with RunStore() as store:
        assert store.get_run(first).stop_kind == "completed"
    trainer.fit()
    assert recorder.run_id == first
    with RunStore() as store:
        run = store.get_run(first)
        assert [row["epoch"] for row in store.epochs(first)] == list(range(1, 9))
        assert run.epochs == 8 and run.final["epoch"] == 8
    trainer.reset()
    trainer.fit(epochs=2)
    with RunStore() as store:
        assert [run.id for run in store.list_runs()] == [recorder.run_id, first]
        assert store.get_run(recorder.run_id).epochs == 2


def test_a_recorder_added_to_a_trained_model_records_the_earlier_epochs_too():
    trainer = Trainer(small_config(epochs=5))
    trainer.fit(epochs=2)
    recorder = RunRecorder()
    trainer.add_callback(recorder)
    trainer.fit()
    with RunStore() as store:
        assert [row["epoch"] for row in store.epochs(recorder.run_id)] == [1, 2, 3, 4, 5]


@pytest.mark.slow
def test_a_killed_training_process_leaves_its_finished_epochs_readable(tmp_path):
    config = tmp_path / "long.toml"
    config.write_text('[data]\ndataset = "moons"\nn_samples = 40\n'
                      '[model]\nhidden = [4]\n[train]\nepochs = 1000000\n')
    process = subprocess.Popen(
        [sys.executable, "-m", "nnstudio", "train", str(config), "--out", str(tmp_path / "out")],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    lines = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stderr])
    reader.start()
    shown = 0
    try:
        while shown < 5:  # "epoch 5/1000000 ..." is printed once epoch 5 is committed
            shown = int(lines.get(timeout=120).split()[1].split("/")[0])
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        reader.join(timeout=30)
        process.stderr.close()
    with RunStore() as store:
        [run] = store.list_runs()
        epochs = [row["epoch"] for row in store.epochs(run.id)]
    assert run.stop_kind is None and not run.finished and run.ended_at is None
    assert epochs == list(range(1, len(epochs) + 1)) and len(epochs) >= shown
    assert run.best is not None and run.final["epoch"] == len(epochs)


def test_runs_can_be_renamed_annotated_and_deleted():
    _, _, first = train_recorded()
    _, _, second = train_recorded()
    with RunStore() as store:
        store.rename(first.run_id, "  baseline ")
        store.set_notes(second.run_id, "lr 0.01 overshoots\nnext: 0.003")
        assert store.get_run(first.run_id).name == "baseline"
        assert store.get_run(second.run_id).notes == "lr 0.01 overshoots\nnext: 0.003"
        store.delete(first.run_id)
        assert [run.id for run in store.list_runs()] == [second.run_id]
        for action in (lambda: store.get_run(first.run_id), lambda: store.rename(99, "x"),
                       lambda: store.delete(first.run_id), lambda: store.epochs(99)):
            with pytest.raises(StoreError, match="no such run"):
                action()


def test_a_run_exports_its_epochs_as_csv(tmp_path):
    trainer, _, recorder = train_recorded()
    with RunStore() as store:
        store.export_csv(recorder.run_id, tmp_path / "run.csv")
    lines = (tmp_path / "run.csv").read_text().splitlines()
    assert lines[0] == "epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds"
    assert len(lines) == 7
    epoch, train_loss, *_ = lines[3].split(",")
    assert int(epoch) == 3 and float(train_loss) == trainer.history.epochs[2].train_loss


def test_a_damaged_history_file_is_reported_and_left_as_it_is():
    path = default_path()
    path.parent.mkdir(parents=True)
    garbage = b"these are my lecture notes, not a database\n" * 100
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="damaged or is not a run history; it was left as it is"):
        RunStore()
    trainer, result, recorder = train_recorded()
    assert result.stop_kind == "completed" and result.epochs_run == 6
    assert recorder.run_id is None and "damaged" in recorder.problem
    assert path.read_bytes() == garbage


def test_a_sqlite_database_of_something_else_is_not_touched(tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE grades (student TEXT, mark REAL)")
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not an nnstudio run history"):
        RunStore(other)
    assert other.read_bytes() == before


def test_a_read_only_data_folder_is_reported_and_training_still_completes():
    folder = default_path().parent
    folder.mkdir(parents=True)
    with read_only(folder):
        with pytest.raises(StoreError, match="cannot be opened or created; is its folder read-"):
            RunStore()
        _, result, recorder = train_recorded()
    assert result.stop_kind == "completed" and result.final is not None
    assert "read-only" in recorder.problem and recorder.run_id is None


def test_a_read_only_history_can_still_be_read_but_not_changed():
    _, _, recorder = train_recorded()
    with read_only(default_path()):
        with RunStore() as store:
            assert store.get_run(recorder.run_id).epochs == 6
            with pytest.raises(StoreError, match="is read-only"):
                store.rename(recorder.run_id, "new name")
        _, result, second = train_recorded()
    assert result.stop_kind == "completed"
    assert "read-only" in second.problem


def test_a_history_busy_with_another_writer_is_reported_and_training_goes_on():
    _, _, first = train_recorded()
    other = sqlite3.connect(default_path(), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of writing
    try:
        with RunStore(timeout=0.05) as store:
            assert store.get_run(first.run_id).epochs == 6  # reading still works (WAL)
            with pytest.raises(StoreError, match="busy: another nnstudio is writing"):
                store.rename(first.run_id, "x")
        _, result, recorder = train_recorded(timeout=0.05)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.stop_kind == "completed" and "busy" in recorder.problem


def test_losing_the_history_mid_run_keeps_the_epochs_written_so_far():
    default_path().parent.mkdir(parents=True)
    other = sqlite3.connect(default_path(), isolation_level=None)

    def another_program_starts_writing(metrics):
        if metrics.epoch == 4:
            other.execute("BEGIN IMMEDIATE")

    recorder = RunRecorder(timeout=0.05)
    trainer = Trainer(small_config(epochs=6), callbacks=[
        recorder, FunctionCallback(on_epoch_end=another_program_starts_writing),
    ])
    try:
        result = trainer.fit()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.epochs_run == 6
    assert "busy" in recorder.problem and "up to epoch 4" in recorder.problem
    with RunStore() as store:
        run = store.get_run(recorder.run_id)
    assert run.epochs == 4 and not run.finished


def test_a_recorder_committing_every_tenth_of_a_second_still_records_every_epoch(tmp_path):
    """The window's training process commits the epochs of each 0.1 s together; the run's record
    is the same, and a flush (when a pause takes hold) commits what is pending."""
    path = tmp_path / "runs.sqlite"
    trainer = Trainer(small_config(epochs=30))
    recorder = RunRecorder(path, commit_every_s=60.0)  # nothing is due before the run ends
    trainer.add_callback(recorder)
    trainer.fit(epochs=10)

    def recorded_losses():
        with RunStore(path) as store:
            return store.epoch_columns(recorder.run_id)["train_loss"]

    np.testing.assert_allclose(recorded_losses(), trainer.history.column("train_loss"))  # the end committed
    recorder.on_run_start(trainer)  # the run goes on; five epochs, no end yet
    for _ in range(5):
        trainer.train_epoch()
    assert len(recorded_losses()) == 10  # pending
    recorder.flush()
    np.testing.assert_allclose(recorded_losses(), trainer.history.column("train_loss"))
    assert len(recorded_losses()) == 15
