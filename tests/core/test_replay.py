"""Training replay: a bounded, evenly thinned record of the boundary / fit at past epochs."""

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.train import Trainer
from nnstudio.core.viz.grids import GridPlan, fit_curve
from nnstudio.core.viz.replay import (
    ReplayCallback,
    ReplayError,
    ReplayFrame,
    ReplayRecorder,
    load_replay,
    save_replay,
)


def test_thinning_keeps_the_limit_the_first_the_latest_and_even_spacing():
    recorder = ReplayRecorder(limit=50)
    for epoch in range(1, 1001):
        recorder.add(ReplayFrame(epoch))
        assert len(recorder) <= 50
    epochs = [frame.epoch for frame in recorder.frames()]
    assert epochs[0] == 1 and epochs[-1] == 1000
    gaps = np.diff(epochs[1:-1])
    assert len(set(gaps.tolist())) == 1, "the frames between the first and the latest are evenly spaced"
    assert len(epochs) > 25, "thinning halves at most once past the limit"


def test_a_frame_of_the_same_epoch_replaces_the_old_one_and_late_frames_are_ignored():
    recorder = ReplayRecorder(limit=10)
    recorder.add(ReplayFrame(0, curve=(np.zeros(2), np.zeros(2))))
    recorder.add(ReplayFrame(5))
    recorder.add(ReplayFrame(5, curve=(np.zeros(2), np.ones(2))))
    recorder.add(ReplayFrame(3))
    frames = recorder.frames()
    assert [frame.epoch for frame in frames] == [0, 5]
    assert frames[1].curve[1][0] == 1.0


def test_planning_for_the_run_length_computes_only_frames_that_are_kept():
    recorder = ReplayRecorder(limit=300)
    recorder.plan(3000)
    wanted = [epoch for epoch in range(3001) if recorder.wants(epoch)]
    assert 250 <= len(wanted) <= 299


def test_a_limit_below_three_frames_is_refused():
    with pytest.raises(ValueError, match="at least 3"):
        ReplayRecorder(limit=2)


def _grid_frames(trainer, recorder, budget=1.0):
    plan = GridPlan(trainer.dataset.bounds(), 20, trainer.device)

    def frame(trainer):
        grid = plan.evaluate(trainer.model, trainer.task)
        return ReplayFrame(trainer.epoch, grid=(grid.x, grid.y, grid.probabilities.astype(np.float16)))

    return ReplayCallback(recorder, frame, budget=budget)


def test_a_3000_epoch_run_keeps_no_more_than_the_limit_with_the_first_and_last_epoch():
    config = parse_config({"data": {"dataset": "xor", "n_samples": 40}, "model": {"hidden": [3]},
                           "train": {"epochs": 3000, "batch_size": 64, "lr": 0.1}})
    trainer = Trainer(config)
    recorder = ReplayRecorder(limit=300)
    callback = _grid_frames(trainer, recorder)
    recorder.add(callback.make_frame(trainer))  # the untrained model, as the window records it
    trainer.add_callback(callback)
    trainer.fit()
    frames = recorder.frames()
    assert trainer.epoch == 3000
    assert 100 <= len(frames) <= 300
    assert frames[0].epoch == 0 and frames[-1].epoch == 3000
    first, last = frames[0].grid[2], frames[-1].grid[2]
    assert not np.allclose(first, last), "the boundary moved while it trained"


def test_saved_replay_reads_back_frames_and_metrics(tmp_path):
    config = parse_config({"data": {"dataset": "moons", "n_samples": 60}, "model": {"hidden": [4]},
                           "train": {"epochs": 12}})
    trainer = Trainer(config)
    recorder = ReplayRecorder(limit=5)
    trainer.add_callback(_grid_frames(trainer, recorder))
    trainer.fit()
    path = tmp_path / "run-1.replay.npz"
    save_replay(path, recorder.frames(), trainer.history.epochs)
    stored = load_replay(path)
    assert [f.epoch for f in stored.frames] == [f.epoch for f in recorder.frames()]
    np.testing.assert_allclose(stored.frames[-1].grid[2], recorder.frames()[-1].grid[2], atol=1 / 255)
    np.testing.assert_array_equal(stored.metrics["epoch"], np.arange(1, 13))
    assert np.isfinite(stored.metrics["val_acc"]).all()


def test_a_regression_replay_keeps_the_fit_curves(tmp_path):
    trainer = Trainer(parse_config({"data": {"dataset": "sine", "n_samples": 40}, "train": {"epochs": 4}}))
    recorder = ReplayRecorder()

    def frame(trainer):
        curve = fit_curve(trainer.model, trainer.dataset.bounds(), 50)
        return ReplayFrame(trainer.epoch, curve=(curve.x, curve.y))

    trainer.add_callback(ReplayCallback(recorder, frame))
    trainer.fit()
    save_replay(tmp_path / "r.npz", recorder.frames(), trainer.history.epochs)
    stored = load_replay(tmp_path / "r.npz")
    assert [f.epoch for f in stored.frames] == [1, 2, 3, 4]
    np.testing.assert_allclose(stored.frames[2].curve[1], recorder.frames()[2].curve[1])
    assert np.isnan(stored.metrics["val_acc"]).all()


def test_a_file_that_is_not_a_replay_gives_a_readable_error(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReplayError, match="not a readable replay"):
        load_replay(bad)
    with pytest.raises(ReplayError, match="no such file"):
        load_replay(tmp_path / "missing.npz")
