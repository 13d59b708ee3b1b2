"""File ▸ Save session… on the teacher's laptop, File ▸ Open session… on another: the same
settings, lesson, runs with their epochs, model (the same predictions) and layout."""

import shutil

import numpy as np
from PySide6.QtWidgets import QDockWidget

from nnstudio.core.lessons import load_lesson
from nnstudio.core.store import RunStore


def finished(window):
    return window.session.status == "idle" and window.session.last_result is not None


def test_a_session_saved_on_one_laptop_reopens_the_same_on_another(make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NNSTUDIO_HOME", str(tmp_path / "teacher"))
    window = make_window()
    window.lessons.open_lesson(load_lesson(10))  # logistic regression on two classes
    window.session.start()
    qtbot.waitUntil(lambda: finished(window), timeout=60_000)
    window.docks.runs_dock.show()
    window.docks.distributions_dock.show()
    edited = window.session.valid_config().model_copy(
        update={"train": window.session.valid_config().train.model_copy(update={"lr": 0.123})})
    window.session.replace_config(edited, prepare=False)  # a setting changed after training
    saved_file = tmp_path / "class.nnsession"
    assert window.session_files.save(str(saved_file))
    grid = np.random.default_rng(0).uniform(-2, 2, size=(200, 2)).astype(np.float32)
    predictions = window.session.model.predict(grid)
    with RunStore() as store:
        runs = [(run.name, run.stop_kind, store.epochs(run.id)) for run in store.list_runs()]
    assert len(runs) == 1
    window.shutdown()

    # Another laptop: nothing of the teacher's folder, only the file.
    moved = tmp_path / "usb-stick" / "class.nnsession"
    moved.parent.mkdir()
    shutil.move(saved_file, moved)
    shutil.rmtree(tmp_path / "teacher")
    monkeypatch.setenv("NNSTUDIO_HOME", str(tmp_path / "other"))
    other = make_window()
    assert not other.findChild(QDockWidget, "runsDock").isVisible()
    assert other.session_files.open(str(moved))
    qtbot.waitUntil(lambda: other.session.model is not None and other.session.run_info is not None
                    and other.session.model.config.model == edited.model, timeout=60_000)
    assert other.session.config == edited  # the settings as they were, lr 0.123 included
    assert other.session.lesson is not None and other.session.lesson.number == 10
    assert np.array_equal(other.session.model.predict(grid), predictions)
    with RunStore() as store:
        assert [(run.name, run.stop_kind, store.epochs(run.id)) for run in store.list_runs()] == runs
    assert other.findChild(QDockWidget, "runsDock").isVisible()  # the layout
    assert other.findChild(QDockWidget, "distributionsDock").isVisible()


def test_a_damaged_session_file_is_explained_and_changes_nothing(make_window, tmp_path):
    window = make_window()
    config = window.session.config
    damaged = tmp_path / "damaged.nnsession"
    damaged.write_bytes(b"PK\x03\x04 this was cut short")
    assert not window.session_files.open(str(damaged))
    assert "not an nnstudio session file, or a damaged one" in window.views.message_bar.text()
    assert window.session.config == config
