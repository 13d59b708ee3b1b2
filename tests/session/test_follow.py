"""Following a run folder: the session reads the epochs another process appends to its
metrics.csv into its history, and announces them (no window, no training process)."""

import json

import numpy as np

from nnstudio.core.config import parse_config
from nnstudio.core.experiment import save_config
from nnstudio.session.protocol import Prepare, Run
from nnstudio.session.state import AppSession

HEADER = "epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds\r\n"


class NoProcess:
    """Stands in for the training process's link: records what the session sends."""

    def __init__(self, on_report):
        self.sent, self.closed = [], False

    def send(self, command):
        self.sent.append(command)

    def shutdown(self, wait_s):
        self.closed = True


class Writer:
    """A run training elsewhere, writing its folder as nnstudio's run folders are written."""

    def __init__(self, folder):
        self.folder = folder
        self.runs, self.last = 0, None

    def start(self, config):  # an earlier run's summary.json stays, as nnstudio's writers leave it
        self.folder.mkdir(exist_ok=True)
        save_config(config, self.folder / "config.toml")
        (self.folder / "metrics.csv").write_text(HEADER, newline="")
        self.runs += 1

    def line(self, epoch, val_loss):  # the epoch's seconds differ from run to run, as they do
        self.last = epoch
        return f"{epoch},{val_loss + 0.1},{val_loss},0.8,0.7,0.01,{0.01 + self.runs / 1000}\r\n"

    def epoch(self, epoch, val_loss, half=False):
        text = self.line(epoch, val_loss)
        with open(self.folder / "metrics.csv", "a", newline="") as file:
            file.write(text[:7] if half else text)

    def rest_of_line(self, epoch, val_loss):
        text = self.line(epoch, val_loss)
        with open(self.folder / "metrics.csv", "a", newline="") as file:
            file.write(text[7:])

    def finish(self):
        final = {"epoch": self.last, "seconds": 0.01 + self.runs / 1000}
        (self.folder / "summary.json").write_text(json.dumps({
            "stop_kind": "completed", "stop_reason": f"completed {self.last} epochs",
            "final": final}))


def session_and_news():
    session = AppSession(parse_config({}), link=NoProcess)
    news = []
    session.followed.connect(news.append)
    return session, news


def test_the_session_shows_a_followed_folders_epochs_as_they_are_written(tmp_path):
    session, news = session_and_news()
    writer = Writer(tmp_path / "run")
    assert session.follow(tmp_path / "run")  # nothing there yet: it waits
    assert session.following is not None and len(session.history) == 0 and not news

    writer.start(parse_config({"data": {"dataset": "circles"}}))
    session.poll_following()
    assert news[-1].started and session.following.config.data.dataset == "circles"
    writer.epoch(1, 0.6)
    writer.epoch(2, 0.5, half=True)  # caught in the middle of a line
    session.poll_following()
    assert list(session.history.epochs) == [1]
    writer.rest_of_line(2, 0.5)
    writer.epoch(3, 0.55)
    session.poll_following()
    assert list(session.history.epochs) == [1, 2, 3]
    assert np.allclose(session.history.val_loss, [0.6, 0.5, 0.55])
    assert session.best_epoch == 2 and not session.following.finished

    writer.finish()
    session.poll_following()
    assert news[-1].finished and session.following.stop_reason == "completed 3 epochs"

    writer.start(parse_config({"data": {"dataset": "xor"}}))  # the same folder, a new run
    writer.epoch(1, 0.9)
    session.poll_following()
    assert news[-1].restarted and list(session.history.epochs) == [1]
    assert not session.following.finished and session.following.config.data.dataset == "xor"
    writer.epoch(2, 0.8)
    writer.epoch(3, 0.7)  # the epoch the earlier run's summary.json ends with: not this run's end
    session.poll_following()
    assert list(session.history.epochs) == [1, 2, 3] and not session.following.finished
    writer.epoch(4, 0.6)
    writer.finish()
    session.poll_following()
    assert session.following.finished and session.following.stop_reason == "completed 4 epochs"


def test_a_damaged_folder_ends_following_with_a_message(tmp_path):
    session, _ = session_and_news()
    failures = []
    session.failed.connect(failures.append)
    folder = tmp_path / "run"
    Writer(folder).start(parse_config({}))
    session.follow(folder)
    with open(folder / "metrics.csv", "a") as file:
        file.write("1,0.5,zero,,,0.1,0.1\n")
    session.poll_following()
    assert session.following is None
    assert failures == [f"{folder / 'metrics.csv'}: line 2, column val_loss: zero is not a number"]


def test_training_in_the_window_ends_following_and_starts_afresh(tmp_path):
    session, _ = session_and_news()
    writer = Writer(tmp_path / "run")
    writer.start(parse_config({}))
    writer.epoch(1, 0.5)
    changes = []
    session.following_changed.connect(changes.append)
    session.follow(tmp_path / "run")
    assert len(session.history) == 1
    session.start()
    assert session.following is None and changes[-1] is None
    kinds = [type(command) for command in session.link.sent]
    assert kinds.index(Prepare) < kinds.index(Run)  # fresh weights and history, then training
