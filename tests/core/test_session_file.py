"""A classroom session in one file: saved on one laptop (here: one NNSTUDIO_HOME), opened on
another (a fresh one) with the same config, runs, epochs, models and layout; damaged or foreign
files refused with a readable message, and nothing in a file can run code."""

import io
import pickle
import zipfile

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.store import RunRecorder, RunStore, load_checkpoint, save_checkpoint
from nnstudio.core.store.checkpoint import checkpoint_bytes
from nnstudio.core.store.compared import run_checkpoint_path
from nnstudio.core.store.session_file import SessionContents, SessionFileError, open_session, save_session
from nnstudio.core.train import Trainer, predict


def recorded_run(raw):
    recorder = RunRecorder()
    trainer = Trainer(parse_config(raw), callbacks=[recorder])
    trainer.fit()
    save_checkpoint(run_checkpoint_path(recorder.run_id), trainer)
    recorder.set_checkpoint(run_checkpoint_path(recorder.run_id))
    return recorder.run_id, trainer


@pytest.fixture
def laptops(tmp_path, monkeypatch):
    """Two data folders: the teacher's, where a session is saved, and another laptop's."""
    teacher, other = tmp_path / "teacher", tmp_path / "other"
    monkeypatch.setenv("NNSTUDIO_HOME", str(teacher))

    def move_to_the_other_laptop():
        monkeypatch.setenv("NNSTUDIO_HOME", str(other))

    return teacher, move_to_the_other_laptop


def test_a_session_reopens_the_same_on_another_laptop(laptops, tmp_path):
    _, move = laptops
    table = tmp_path / "marks.csv"
    table.write_text("hours,sleep,passed\n" + "".join(
        f"{h},{s},{'yes' if h + s > 10 else 'no'}\n" for h in range(1, 9) for s in range(3, 9)))
    moons_id, moons = recorded_run({"name": "moons mlp", "data": {"dataset": "moons", "n_samples": 120},
                                    "train": {"epochs": 6}})
    csv_id, _ = recorded_run({"name": "marks", "data": {"dataset": "csv", "csv": str(table), "target": "passed"},
                              "train": {"epochs": 4}})
    with RunStore() as store:
        store.set_notes(moons_id, "shown in class")
        saved_runs = {run.name: (run, store.epochs(run.id)) for run in store.list_runs()}
    config = parse_config({"data": {"dataset": "csv", "csv": str(table), "target": "passed"},
                           "model": {"hidden": [8]}})
    file = tmp_path / "class.nnsession"
    save_session(file, SessionContents(config, lesson="k-fold", layout=b"\x00\x01layout", geometry=b"geo",
                                       run_ids=[moons_id, csv_id], current_run=moons_id,
                                       model=checkpoint_bytes(moons)))
    table.unlink()  # the other laptop never had the teacher's table
    move()

    opened = open_session(file)
    assert opened.lesson == "k-fold" and opened.layout == b"\x00\x01layout" and opened.geometry == b"geo"
    assert opened.config.model == config.model and opened.config.data.target == "passed"
    assert opened.config.data.csv != str(table)  # carried in the file, now in this laptop's folder
    with open(opened.config.data.csv) as moved:
        assert moved.readline() == "hours,sleep,passed\n"
    assert opened.added == 2 and len(opened.run_ids) == 2
    with RunStore() as store:
        for run_id in opened.run_ids:
            run = store.get_run(run_id)
            original, epochs = saved_runs[run.name]
            assert store.epochs(run_id) == epochs
            assert (run.stop_kind, run.best_epoch, run.notes, run.n_params) == (
                original.stop_kind, original.best_epoch, original.notes, original.n_params)
            assert run.final == original.final
            assert run.config.data.dataset == original.config.data.dataset
            assert run.checkpoint and "other" in run.checkpoint
        moons_again = store.get_run(opened.current_run)
    assert moons_again.name == "moons mlp"
    points = np.random.default_rng(1).normal(size=(50, 2)).astype(np.float32)
    reopened = load_checkpoint(moons_again.checkpoint)
    model = load_checkpoint(opened.model_path)
    expected = predict(moons.model, points, moons.task, "cpu")
    assert np.array_equal(predict(reopened.model, points, reopened.task, "cpu"), expected)
    assert np.array_equal(predict(model.model, points, model.task, "cpu"), expected)
    # Opening the same file again adds nothing twice.
    again = open_session(file)
    assert again.added == 0 and again.run_ids == opened.run_ids


def broken(tmp_path, members):
    file = tmp_path / "broken.nnsession"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    file.write_bytes(buffer.getvalue())
    return file


def good_session(tmp_path):
    run_id, trainer = recorded_run({"data": {"dataset": "xor", "n_samples": 60}, "train": {"epochs": 2}})
    file = tmp_path / "good.nnsession"
    save_session(file, SessionContents(trainer.config, run_ids=[run_id], model=checkpoint_bytes(trainer)))
    with zipfile.ZipFile(file) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_damaged_and_foreign_files_are_refused_and_nothing_is_added(tmp_path):
    members = good_session(tmp_path)
    with RunStore() as store:
        before = len(store.list_runs())
    (tmp_path / "noise.nnsession").write_bytes(b"\x89PNG not a zip at all")
    cases = {
        tmp_path / "noise.nnsession": "not an nnstudio session file, or a damaged one",
        tmp_path / "missing.nnsession": "no such file",
        broken(tmp_path, {"readme.txt": b"hello"}): "not an nnstudio session file (it has no session.toml)",
        broken(tmp_path, {**members, "session.toml": b'format = "nnstudio-session/9"\n'}):
            "was written by a newer nnstudio (nnstudio-session/9); update nnstudio to open it",
        broken(tmp_path, {**members, "session.toml": b"format = [unclosed"}): "damaged (its session.toml",
        broken(tmp_path, {**members, "epochs.csv": b"run,epoch\nx,1\n"}): "damaged (its epochs.csv",
        broken(tmp_path, {k: v for k, v in members.items() if k != "checkpoints/run-1.pt"}):
            "damaged (checkpoints/run-1.pt is missing)",
        broken(tmp_path, {**members, "model.pt": b"half a model"}): "not a readable checkpoint",
    }
    (tmp_path / "a-folder.nnsession").mkdir()
    cases[tmp_path / "a-folder.nnsession"] = "a-folder.nnsession: is a folder, not a session file"
    truncated = tmp_path / "truncated.nnsession"
    truncated.write_bytes((tmp_path / "good.nnsession").read_bytes()[:-200])
    cases[truncated] = "not an nnstudio session file, or a damaged one"
    for file, message in cases.items():
        with pytest.raises(SessionFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
            open_session(file)
    with RunStore() as store:
        assert len(store.list_runs()) == before


class Payload:
    def __reduce__(self):
        return (print, ("this ran",))


def test_a_model_with_pickled_code_is_refused_and_never_run(tmp_path, capsys):
    members = good_session(tmp_path)
    buffer = io.BytesIO()
    torch.save({"format": "nnstudio-checkpoint/1", "payload": Payload()}, buffer)
    file = broken(tmp_path, {**members, "model.pt": buffer.getvalue()})
    with pytest.raises(SessionFileError, match="refused; it contains code or objects other than weights"):
        open_session(file)
    assert "this ran" not in capsys.readouterr().out
    assert pickle.dumps  # the payload above is a pickle: what torch.load(weights_only) refuses


def test_a_session_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    members = good_session(tmp_path)
    file = tmp_path / "good.nnsession"
    before = file.read_bytes()
    run_id = 1

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("nnstudio.core.store.session_file.os.replace", disk_full)
    with pytest.raises(SessionFileError, match="cannot be written \\(No space left on device\\)"):
        save_session(file, SessionContents(parse_config({}), run_ids=[run_id]))
    assert file.read_bytes() == before and "session.toml" in members
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".good")] == []
