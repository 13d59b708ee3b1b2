"""Loading a model never freezes the window: the file is read off the GUI thread, and a
checkpoint describing a giant network is refused at once, naming the limit."""

import threading

import torch
from PySide6.QtCore import QTimer

from nnstudio.core.config import RunConfig
from nnstudio.core.store.checkpoint import FORMAT
from nnstudio.gui import model_loading


def giant_checkpoint(path):
    config = RunConfig().model_dump(mode="json")
    config["model"]["hidden"] = [65_536, 65_536]
    torch.save({"format": FORMAT, "config": config, "task": "binary", "input_shape": [2],
                "n_outputs": 1, "epoch": 3, "state_dict": {}}, path)


def test_a_checkpoint_of_a_giant_network_is_refused_quickly_naming_the_limit(make_window, qtbot,
                                                                             tmp_path):
    window = make_window({"data": {"dataset": "xor"}})
    giant_checkpoint(tmp_path / "giant.pt")
    assert window.file_menu.load_model(str(tmp_path / "giant.pt"))
    qtbot.waitUntil(lambda: "MAX_PARAMETERS" in window.views.message_bar.text(), timeout=5_000)
    assert "Could not load the model" in window.views.message_bar.text()
    assert window.session.valid_config().data.dataset == "xor" and window.file_menu.loading is None


def test_the_window_keeps_answering_while_a_model_is_read(make_window, qtbot, tmp_path,
                                                          monkeypatch):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 3}})
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=30_000)
    assert window.file_menu.save_model(str(tmp_path / "moons.pt"))
    other = make_window({"data": {"dataset": "spiral"}})
    release, reader = threading.Event(), {}
    real_load = model_loading.load_checkpoint

    def slow_disk(path):
        reader["thread"] = threading.current_thread()
        assert release.wait(30)
        return real_load(path)

    monkeypatch.setattr(model_loading, "load_checkpoint", slow_disk)
    assert other.file_menu.load_model(str(tmp_path / "moons.pt"))
    ticks = []
    QTimer.singleShot(10, lambda: ticks.append("the event loop ran"))
    qtbot.waitUntil(lambda: bool(ticks) and "thread" in reader, timeout=5_000)
    assert reader["thread"] is not threading.main_thread()
    assert not other.file_menu.load_model(str(tmp_path / "moons.pt"))  # one at a time
    assert "already being loaded" in other.views.message_bar.text()
    release.set()
    qtbot.waitUntil(lambda: other.session.model is not None
                    and other.session.model.config.data.dataset == "moons", timeout=15_000)
    assert other.file_menu.loading is None
