"""Damaged files opened in the window: a message in the window, never a traceback."""

from nnstudio.core.store import RunStore
from nnstudio.core.viz.replay import replay_path

MOONS = {"data": {"dataset": "moons", "n_samples": 80}, "model": {"hidden": [6]},
         "train": {"epochs": 6, "lr": 0.05}}


def test_opening_a_deeply_nested_experiment_says_so(make_window, tmp_path):
    window = make_window({"data": {"dataset": "xor"}})
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert not window.file_menu.open_experiment(str(path))
    assert "nested too deeply" in window.views.message_bar.text()
    assert window.session.valid_config().data.dataset == "xor"


def test_reopening_a_run_whose_replay_is_damaged_keeps_the_model_and_says_why(make_window, qtbot):
    window = make_window(MOONS)
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=30_000)
    with RunStore() as store:
        run = store.list_runs()[0]
    replay = replay_path(run.checkpoint)
    data = replay.read_bytes()
    replay.write_bytes(data[: len(data) * 2 // 3])  # cut short, as by a full disk long ago
    window._open_run(run.config, run.checkpoint)
    qtbot.waitUntil(lambda: "could not be read" in window.replay.bar.toolTip(), timeout=15_000)
    assert "not a readable replay" in window.replay.bar.toolTip()
    assert window.replay.stored is None
    assert window.session.model is not None and window.session.valid_config().data.dataset == "moons"
