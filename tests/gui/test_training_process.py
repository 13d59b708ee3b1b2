"""Training runs in a process of its own: the window keeps its core, closing ends the process,
a crashed process is reported and replaced, and what the window holds matches the process."""

import os
import signal
import time

import numpy as np
import pytest

from nnstudio.core.store import load_checkpoint
from nnstudio.core.train.trainer import predict
from nnstudio.session.protocol import ModelWeights


def wait_idle(qtbot, window, timeout=30_000):
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=timeout)


def test_training_runs_in_its_own_process_and_closing_the_window_ends_it(make_window, qtbot):
    window = make_window({"data": {"dataset": "spiral"}, "train": {"epochs": 100_000}})
    process = window.session.link.process
    assert process.is_alive() and process.pid != os.getpid()
    window.session.start()
    qtbot.waitUntil(lambda: len(window.session.history) > 3, timeout=10_000)
    start = time.monotonic()
    window.close()
    assert time.monotonic() - start < 1.5
    assert not process.is_alive()
    assert not window.session.link.reader.is_alive()


def test_a_killed_training_process_is_explained_and_a_new_one_trains(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 100_000}})
    window.session.start()
    qtbot.waitUntil(lambda: len(window.session.history) > 3, timeout=10_000)
    killed = window.session.link.process
    os.kill(killed.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.views.message_bar.isVisible(), timeout=10_000)
    assert "stopped unexpectedly" in window.views.message_bar.text()
    assert window.session.link.process is not killed and window.session.link.process.is_alive()
    assert window.controls.train_action.isEnabled()

    window.session.last_result = None
    window.session.start()  # the new process builds the trainer again and trains
    qtbot.waitUntil(lambda: len(window.session.history) > 3, timeout=10_000)
    window.session.stop()
    wait_idle(qtbot, window)
    assert window.session.last_result.stop_kind == "stopped"


def test_a_pause_brings_every_epoch_and_the_weights_to_the_window(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200},
                          "model": {"preset": "mlp", "hidden": [8]}, "train": {"epochs": 100_000}})
    window.session.start()
    qtbot.waitUntil(lambda: len(window.session.history) > 5, timeout=10_000)
    paused_weights = []
    window.session.part(ModelWeights).connect(paused_weights.append)
    window.session.toggle_pause()
    qtbot.waitUntil(lambda: bool(paused_weights), timeout=10_000)  # the pause took hold
    trained = len(window.session.history)
    assert paused_weights[-1].state.epoch == trained  # every epoch trained is here, with its weights
    # The model saved while paused is the one that trained every epoch the curves show.
    path = tmp_path / "paused.pt"
    assert window.file_menu.save_model(str(path))
    saved = load_checkpoint(path)
    assert saved.epoch == trained == window.session.model.epoch
    grid = np.random.default_rng(0).uniform(-2, 2, (50, 2)).astype(np.float32)
    np.testing.assert_array_equal(predict(saved.model, grid, saved.task, "cpu"),
                                  window.session.model.predict(grid))
    window.session.toggle_pause()  # resume: training goes on from there
    qtbot.waitUntil(lambda: len(window.session.history) > trained + 3, timeout=10_000)
    window.session.stop()
    wait_idle(qtbot, window)
    assert window.session.last_result.epochs_run == len(window.session.history)


def test_a_spawned_training_process_works_too(make_window, qtbot, monkeypatch):
    """macOS and Windows start a fresh interpreter for the training process (no fork server)."""
    monkeypatch.setenv("NNSTUDIO_START_METHOD", "spawn")
    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 20}})
    assert window.session.link.process._popen.method == "spawn"
    window.session.start()
    wait_idle(qtbot, window)
    assert len(window.session.history) == 20 and window.session.last_result.stop_kind == "completed"


def test_a_process_that_keeps_dying_at_once_is_not_started_again_and_again(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}})
    first = window.session.link.process
    os.kill(first.pid, signal.SIGKILL)  # dies within seconds of its start: one more try
    qtbot.waitUntil(lambda: window.session.link.process is not first, timeout=10_000)
    second = window.session.link.process
    os.kill(second.pid, signal.SIGKILL)  # and again: give up with a message, no loop
    qtbot.waitUntil(lambda: "could not start" in window.views.message_bar.text(), timeout=10_000)
    assert window.session.link.closed  # given up: no third process is started
    assert window.session.link.process is second and not second.is_alive()


def test_the_training_process_sends_a_cpu_mlps_weights_not_its_grid():
    """A CPU MLP's grid is left to the window (the training core only trains): the updates carry
    the weights to compute it from, and computing it gives the model's own prediction."""
    from nnstudio.core.config import parse_config
    from nnstudio.core.train import TrainControl
    from nnstudio.session.link import complete_boundary
    from nnstudio.session.protocol import BoundaryGrid, PendingBoundary, RunFinished, Update
    from nnstudio.session.training import TrainingSession

    reports = []
    session = TrainingSession(TrainControl(), reports.append)
    session.grids_elsewhere = True
    session.run(parse_config({"data": {"dataset": "moons", "n_samples": 200},
                              "model": {"preset": "mlp", "hidden": [64, 64]}, "train": {"epochs": 5, "device": "cpu"}}))
    assert isinstance(reports[-1], RunFinished)
    updates = [report for report in reports if isinstance(report, Update)]
    assert updates and all(update.part(BoundaryGrid) is None for update in updates)
    last = updates[-1]
    assert last.part(PendingBoundary) is not None and last.progress.epoch == 5
    complete_boundary(last)
    grid = last.part(BoundaryGrid)
    points = np.stack([c.ravel() for c in np.meshgrid(grid.x, grid.y)], axis=1).astype(np.float32)
    expected = predict(session.trainer.model, points, "binary", session.trainer.device)
    np.testing.assert_allclose(np.asarray(grid.probabilities, dtype=float), expected.reshape(len(grid.y), len(grid.x), 2),
                               atol=1e-3)  # float16


def test_the_window_shows_the_boundary_of_the_model_at_the_last_epoch(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200},
                          "model": {"preset": "mlp", "hidden": [64, 64]}, "train": {"epochs": 30}})
    window.session.start()
    wait_idle(qtbot, window)
    x, y, probabilities = window.session.replay.frames()[-1].grid
    model = window.session.model  # the window's copy, at the last epoch
    assert model.epoch == 30
    points = np.stack([c.ravel() for c in np.meshgrid(x, y)], axis=1).astype(np.float32)
    expected = model.predict(points).reshape(len(y), len(x), 2)
    np.testing.assert_allclose(np.asarray(probabilities, dtype=float), expected, atol=1e-3)  # float16
    np.testing.assert_array_equal(window.views.boundary_view.image_array(), np.asarray(probabilities[..., 1], dtype=float))


def test_frames_drawn_by_the_window_are_computed_again_for_the_saved_replay():
    import torch
    from torch import nn

    from nnstudio.core.viz.grids import GridPlan
    from nnstudio.session.training import SentReplay, as_half, replay_frame

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
    plan = GridPlan(((-1, 1), (-1, 1)), 30, "cpu")
    replay = SentReplay()
    replay.add(replay_frame(1, None, None, None), sent=True, pending=plan.pending(model, "binary"))
    with torch.no_grad():
        model[0].weight.mul_(3)  # the model trains on; the frame keeps its epoch's weights
    replay.add(replay_frame(2, None, None, None), sent=True, pending=plan.pending(model, "binary"))
    first, second = replay.complete_frames()
    assert (first.epoch, second.epoch) == (1, 2)
    np.testing.assert_array_equal(second.grid[2], as_half(plan.evaluate(model, "binary").probabilities))
    assert not np.array_equal(first.grid[2], second.grid[2])


CORES = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()


@pytest.mark.skipif(len(CORES) < 2, reason="needs Linux's per-thread CPU affinity and two cores")
def test_a_small_run_keeps_to_one_core_and_the_window_keeps_off_it(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200}, "train": {"epochs": 100_000}})
    assert os.sched_getaffinity(0) == CORES
    window.session.start()
    qtbot.waitUntil(lambda: window.session.link.training_core is not None, timeout=10_000)
    core = window.session.link.training_core
    assert os.sched_getaffinity(window.session.link.process.pid) == {core}  # it trains there
    assert os.sched_getaffinity(0) == CORES - {core}  # this test runs in the GUI thread
    reader = window.session.link.reader
    qtbot.waitUntil(lambda: os.sched_getaffinity(reader.native_id) == CORES - {core}, timeout=5_000)
    window.session.stop()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.link.training_core is None, timeout=5_000)
    assert os.sched_getaffinity(0) == CORES
    assert os.sched_getaffinity(window.session.link.process.pid) == CORES


@pytest.mark.skipif(len(CORES) < 2, reason="needs Linux's per-thread CPU affinity and two cores")
def test_closing_mid_run_gives_the_gui_thread_every_core_back(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200}, "train": {"epochs": 100_000}})
    window.session.start()
    qtbot.waitUntil(lambda: window.session.link.training_core is not None, timeout=10_000)
    window.close()
    assert os.sched_getaffinity(0) == CORES
