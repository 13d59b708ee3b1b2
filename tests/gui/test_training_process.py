"""Training runs in a process of its own: the window keeps its core, closing ends the process,
a crashed process is reported and replaced, and what the window holds matches the process."""

import os
import signal
import time

import numpy as np
import pytest

from nnstudio.core.store import load_checkpoint
from nnstudio.core.train.trainer import predict


def wait_idle(qtbot, window, timeout=30_000):
    qtbot.waitUntil(lambda: window.state == "idle" and window.last_result is not None, timeout=timeout)


def test_training_runs_in_its_own_process_and_closing_the_window_ends_it(make_window, qtbot):
    window = make_window({"data": {"dataset": "spiral"}, "train": {"epochs": 100_000}})
    process = window.worker.process
    assert process.is_alive() and process.pid != os.getpid()
    window.start_training()
    qtbot.waitUntil(lambda: len(window.history) > 3, timeout=10_000)
    start = time.monotonic()
    window.close()
    assert time.monotonic() - start < 1.5
    assert not process.is_alive()
    assert not window.thread_.isRunning()


def test_a_killed_training_process_is_explained_and_a_new_one_trains(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 100_000}})
    window.start_training()
    qtbot.waitUntil(lambda: len(window.history) > 3, timeout=10_000)
    killed = window.worker.process
    os.kill(killed.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: window.state == "idle" and window.message_bar.isVisible(), timeout=10_000)
    assert "stopped unexpectedly" in window.message_bar.text()
    assert window.worker.process is not killed and window.worker.process.is_alive()
    assert window.train_action.isEnabled()

    window.last_result = None
    window.start_training()  # the new process builds the trainer again and trains
    qtbot.waitUntil(lambda: len(window.history) > 3, timeout=10_000)
    window.stop_training()
    wait_idle(qtbot, window)
    assert window.last_result.stop_kind == "stopped"


def test_a_pause_brings_every_epoch_and_the_weights_to_the_window(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200},
                          "model": {"preset": "mlp", "hidden": [8]}, "train": {"epochs": 100_000}})
    window.start_training()
    qtbot.waitUntil(lambda: len(window.history) > 5, timeout=10_000)
    window.toggle_pause()
    qtbot.wait(500)
    trained = len(window.history)
    qtbot.wait(300)
    assert len(window.history) == trained  # paused: nothing more arrives
    # The model saved while paused is the one that trained every epoch the curves show.
    path = tmp_path / "paused.pt"
    assert window.file_menu.save_model(str(path))
    saved = load_checkpoint(path)
    assert saved.epoch == trained == window.worker.trainer.epoch
    grid = np.random.default_rng(0).uniform(-2, 2, (50, 2)).astype(np.float32)
    np.testing.assert_array_equal(predict(saved.model, grid, saved.task, "cpu"),
                                  window.worker.trainer.predict(grid))
    window.toggle_pause()  # resume: training goes on from there
    qtbot.waitUntil(lambda: len(window.history) > trained + 3, timeout=10_000)
    window.stop_training()
    wait_idle(qtbot, window)
    assert window.last_result.epochs_run == len(window.history)


def test_a_spawned_training_process_works_too(make_window, qtbot, monkeypatch):
    """macOS and Windows start a fresh interpreter for the training process (no fork server)."""
    monkeypatch.setenv("NNSTUDIO_START_METHOD", "spawn")
    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 20}})
    assert window.worker.process._popen.method == "spawn"
    window.start_training()
    wait_idle(qtbot, window)
    assert len(window.history) == 20 and window.last_result.stop_kind == "completed"


def test_a_process_that_keeps_dying_at_once_is_not_started_again_and_again(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}})
    first = window.worker.process
    os.kill(first.pid, signal.SIGKILL)  # dies within seconds of its start: one more try
    qtbot.waitUntil(lambda: window.worker.process is not first, timeout=10_000)
    second = window.worker.process
    os.kill(second.pid, signal.SIGKILL)  # and again: give up with a message, no loop
    qtbot.waitUntil(lambda: "could not start" in window.message_bar.text(), timeout=10_000)
    qtbot.wait(300)
    assert window.worker.process is second and not second.is_alive()


def test_the_window_computes_the_boundary_from_the_weights_the_process_sends(make_window, qtbot, monkeypatch):
    """A CPU MLP's grid is computed by the window's reader thread (the training core only
    trains); what the view shows is the model's own prediction at the last epoch."""
    from nnstudio.gui import worker

    computed = []
    complete = worker._complete_grid
    monkeypatch.setattr(worker, "_complete_grid", lambda snapshot: (computed.append(snapshot.epoch),
                                                                    complete(snapshot)))
    window = make_window({"data": {"dataset": "moons", "n_samples": 200},
                          "model": {"preset": "mlp", "hidden": [64, 64]}, "train": {"epochs": 30}})
    window.start_training()
    wait_idle(qtbot, window)
    assert computed and computed[-1] == 30
    x, y, probabilities = window.worker.replay.frames()[-1].grid
    model = window.worker.trainer  # the window's copy, at the last epoch
    assert model.epoch == 30
    points = np.stack([c.ravel() for c in np.meshgrid(x, y)], axis=1).astype(np.float32)
    expected = model.predict(points).reshape(len(y), len(x), 2)
    np.testing.assert_allclose(np.asarray(probabilities, dtype=float), expected, atol=1e-3)  # float16
    np.testing.assert_array_equal(window.boundary_view.image_array(), np.asarray(probabilities[..., 1], dtype=float))


def test_frames_drawn_by_the_window_are_computed_again_for_the_saved_replay():
    import torch
    from torch import nn

    from nnstudio.core.viz.grids import GridPlan
    from nnstudio.gui.training_session import _half, _replay_frame, _SentReplay

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
    plan = GridPlan(((-1, 1), (-1, 1)), 30, "cpu")
    replay = _SentReplay()
    replay.add(_replay_frame(1, None, None, None), sent=True, pending=plan.pending(model, "binary"))
    with torch.no_grad():
        model[0].weight.mul_(3)  # the model trains on; the frame keeps its epoch's weights
    replay.add(_replay_frame(2, None, None, None), sent=True, pending=plan.pending(model, "binary"))
    first, second = replay.complete_frames()
    assert (first.epoch, second.epoch) == (1, 2)
    np.testing.assert_array_equal(second.grid[2], _half(plan.evaluate(model, "binary").probabilities))
    assert not np.array_equal(first.grid[2], second.grid[2])


CORES = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()


@pytest.mark.skipif(len(CORES) < 2, reason="needs Linux's per-thread CPU affinity and two cores")
def test_a_small_run_keeps_to_one_core_and_the_window_keeps_off_it(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200}, "train": {"epochs": 100_000}})
    assert os.sched_getaffinity(0) == CORES
    window.start_training()
    qtbot.waitUntil(lambda: window.worker.training_core is not None, timeout=10_000)
    core = window.worker.training_core
    assert os.sched_getaffinity(window.worker.process.pid) == {core}  # it trains there
    assert os.sched_getaffinity(0) == CORES - {core}  # this test runs in the GUI thread
    reader = window.worker.reader
    qtbot.waitUntil(lambda: os.sched_getaffinity(reader.native_id) == CORES - {core}, timeout=5_000)
    window.stop_training()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.worker.training_core is None, timeout=5_000)
    assert os.sched_getaffinity(0) == CORES
    assert os.sched_getaffinity(window.worker.process.pid) == CORES


@pytest.mark.skipif(len(CORES) < 2, reason="needs Linux's per-thread CPU affinity and two cores")
def test_closing_mid_run_gives_the_gui_thread_every_core_back(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200}, "train": {"epochs": 100_000}})
    window.start_training()
    qtbot.waitUntil(lambda: window.worker.training_core is not None, timeout=10_000)
    window.close()
    assert os.sched_getaffinity(0) == CORES
