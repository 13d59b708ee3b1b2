"""`nnstudio` with no arguments opens the main window, ready to train without a download."""

import os
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from nnstudio.cli import main
from nnstudio.gui.main_window import MainWindow


@pytest.mark.slow
def test_nnstudio_without_arguments_opens_the_window(qtbot):
    seen, deadline = [], time.monotonic() + 60

    def look_then_close():
        """Once the window is up with its data ready (or a minute has passed), note it and close it."""
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not (windows and windows[0].session.run_info is not None) and time.monotonic() < deadline:
            QTimer.singleShot(20, look_then_close)
            return
        for window in windows:
            seen.append((window.windowTitle(), window.session.run_info is not None, window.docks.dataset_panel.config().dataset))
            window.close()
        if not windows:
            QApplication.exit(1)  # no window came up: end the test instead of hanging

    QTimer.singleShot(0, look_then_close)
    assert main([]) == 0
    assert seen and seen[0][0].startswith("nnstudio")
    assert seen[0][1], "the synthetic default data was not ready"
    assert seen[0][2] == "moons"


EMBEDDING_SCRIPT = """
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from nnstudio.core.config import parse_config
from nnstudio.gui import MainWindow

app = QApplication([])
window = MainWindow(parse_config({"data": {"dataset": "xor"}, "train": {"epochs": 7}}))
window.show()
session = window.session

def wait(event, condition):
    # Run the event loop until condition() holds, looked at each time the session's event fires
    # (two minutes at most).
    loop, deadline = QEventLoop(), QTimer(singleShot=True, interval=120_000)
    deadline.timeout.connect(loop.quit)
    check = lambda *_: condition() and loop.quit()
    event.connect(check)
    deadline.start()
    if not condition():
        loop.exec()
    event.disconnect(check)

wait(session.prepared, lambda: session.run_info is not None)
session.start()
wait(session.status_changed, lambda: session.status == "idle" and session.last_result is not None)
print("trained", len(session.history))
window.close()
"""


@pytest.mark.slow
@pytest.mark.parametrize("start_method", ["forkserver", "spawn"])
def test_a_script_without_a_main_guard_can_open_the_window_and_train(tmp_path, start_method):
    """The training process starts from nnstudio's own code: it never imports the script that
    opened the window (multiprocessing would, and a script without a guard would open a second
    window in the training process)."""
    script = tmp_path / "my_lesson.py"
    script.write_text(EMBEDDING_SCRIPT)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NNSTUDIO_START_METHOD": start_method}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240,
                          env=environment, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("trained 7") == 1, done.stdout


@pytest.mark.slow
def test_nnstudio_file_opens_the_experiment_in_the_window_after_a_first_painted_one(qtbot, tmp_path, monkeypatch):
    from nnstudio.gui import main_window

    experiment = tmp_path / "xor.toml"
    experiment.write_text('[data]\ndataset = "xor"\n[train]\nepochs = 3\n')
    built_from, seen = [], []
    build = main_window.MainWindow.__init__

    def timed_build(window, *args, **kwargs):
        built_from.append(time.monotonic())
        build(window, *args, **kwargs)

    monkeypatch.setattr(main_window.MainWindow, "__init__", timed_build)

    def look():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].session.run_info is not None:
            starting = [w for w in QApplication.topLevelWidgets() if w.objectName() == "startingWindow"]
            seen.append((windows[0].session.config.data.dataset, [(w.painted_at, w.isVisible()) for w in starting],
                         QApplication.windowIcon().isNull()))
            windows[0].close()
            return
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    assert main([str(experiment)]) == 0
    [(dataset, [(painted_at, visible)], no_icon)] = seen
    assert dataset == "xor"  # the experiment given is open
    assert painted_at is not None and painted_at < built_from[0]  # painted before the main window was built
    assert not visible and not no_icon  # gone once the main window is up; the app has its icon


def test_a_file_given_that_cannot_be_read_is_said_in_the_window(make_window, tmp_path):
    from nnstudio.gui.app import open_file

    window = make_window()
    damaged = tmp_path / "class.nnsession"
    damaged.write_bytes(b"not a zip")
    assert not open_file(window, str(damaged))
    assert "session" in window.views.message_bar.text()
    bad = tmp_path / "bad.toml"
    bad.write_text("[train]\nlr = -1\n")
    assert not open_file(window, str(bad))
    assert "experiment" in window.views.message_bar.text() and "train.lr" in window.views.message_bar.text()
