"""Training replay in the window: scrub back through a run, play it, export it, reopen it."""

import numpy as np
import pytest
from PIL import Image

from nnstudio.core.store import RunStore
from nnstudio.gui import replay_export

MOONS = {"data": {"dataset": "moons", "n_samples": 120}, "model": {"hidden": [8]},
         "train": {"epochs": 40, "lr": 0.05}}


def train(window, qtbot):
    window.session.last_result = None
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)


def test_scrubbing_shows_the_boundary_recorded_at_that_epoch_and_moves_the_cursors(make_window, qtbot):
    window = make_window(MOONS)
    bar = window.replay.bar
    assert not bar.slider.isEnabled() and "train" in bar.slider.toolTip().lower()
    train(window, qtbot)
    frames = bar.frames
    assert bar.slider.isEnabled() and len(frames) >= 20
    assert frames[0].epoch == 0 and frames[-1].epoch == 40
    k = len(frames) // 2
    bar.slider.setValue(k)
    frame = frames[k]
    shown = window.views.boundary_view.image_array()
    np.testing.assert_array_equal(shown, np.asarray(frame.grid[2], dtype=float)[..., 1])
    assert window.views.loss_view.cursor.epoch == frame.epoch == window.views.accuracy_view.cursor.epoch
    assert f"epoch {frame.epoch} / 40" in bar.epoch_label.text()
    assert not np.array_equal(shown, np.asarray(frames[-1].grid[2], dtype=float)[..., 1])
    # The frames hold the data's grid only: the live shading around it is hidden meanwhile.
    assert not window.views.boundary_view.outer_item.isVisible()

    # Training on: the views follow the training again and the cursor goes away.
    window.session.replace_config(window.session.valid_config().model_copy(update={"train": window.session.valid_config().train.model_copy(
        update={"epochs": 60})}), prepare=False)
    train(window, qtbot)
    assert not window.replay.holding and window.views.loss_view.cursor.epoch is None
    assert window.views.boundary_view.outer_item.isVisible()
    assert bar.frames[-1].epoch == 60 and bar.index == len(bar.frames) - 1


def test_playing_runs_through_the_frames_to_the_end(make_window, qtbot):
    window = make_window(MOONS)
    train(window, qtbot)
    bar = window.replay.bar
    bar.speed_combo.setCurrentIndex(bar.speed_combo.count() - 1)
    bar.choose(0)
    bar.play()
    assert bar.playing
    qtbot.waitUntil(lambda: not bar.playing, timeout=10_000)
    assert bar.index == len(bar.frames) - 1
    assert window.views.loss_view.cursor.epoch == 40


def test_gif_export_has_one_frame_per_recorded_epoch(make_window, qtbot, tmp_path):
    window = make_window({**MOONS, "train": {"epochs": 12}})
    train(window, qtbot)
    frames = window.replay.bar.frames
    path = tmp_path / "replay.gif"
    assert window.replay.export.export_animation("gif", str(path))
    qtbot.waitUntil(lambda: window.replay.export.job.done, timeout=60_000)
    assert window.views.message_bar.kind != "error", window.views.message_bar.text()  # a notice may show
    with Image.open(path) as gif:
        assert gif.n_frames == len(frames) == 13
        assert gif.size == (704, 352)


def test_png_frame_and_bad_targets_give_messages_not_crashes(make_window, qtbot, tmp_path):
    window = make_window({**MOONS, "train": {"epochs": 5}})
    export = window.replay.export
    assert not export.export_animation("gif", str(tmp_path / "early.gif"))
    assert "no replay" in window.views.message_bar.text().lower()
    train(window, qtbot)
    window.replay.bar.choose(2)
    assert export.export_frame(str(tmp_path / "frame.png"))
    with Image.open(tmp_path / "frame.png") as image:
        assert image.size == (704, 352)
    missing = tmp_path / "no such folder" / "replay.gif"
    assert not export.export_animation("gif", str(missing))
    assert "cannot write" in window.views.message_bar.text().lower()
    assert not export.export_frame(str(tmp_path))  # a folder, not a file
    assert "cannot write" in window.views.message_bar.text().lower()
    assert window.session.last_result is not None and window.replay.bar.slider.isEnabled()  # the run is kept


def test_mp4_export_without_the_video_extra_is_disabled_with_a_hint(make_window, monkeypatch):
    monkeypatch.setattr(replay_export, "video_available", lambda: False)
    window = make_window(MOONS)
    action = window.replay.export.mp4_action
    assert not action.isEnabled() and "pip install" in action.toolTip()
    assert not window.replay.export.export_animation("mp4", "replay.mp4")
    assert "video extra" in window.views.message_bar.text()


def test_mp4_export_writes_one_video_frame_per_recorded_epoch(make_window, qtbot, tmp_path):
    try:
        import imageio.v2 as imageio
        import imageio_ffmpeg  # noqa: F401 - the ffmpeg binary MP4 export writes through
    except ImportError:
        pytest.skip("MP4 export needs the video extra: pip install -e '.[video]'")
    window = make_window({**MOONS, "train": {"epochs": 9}})
    train(window, qtbot)
    path = tmp_path / "replay.mp4"
    assert window.replay.export.export_animation("mp4", str(path))
    qtbot.waitUntil(lambda: window.replay.export.job.done, timeout=60_000)
    assert window.views.message_bar.kind != "error", window.views.message_bar.text()  # a notice may show
    with imageio.get_reader(path) as reader:
        assert reader.count_frames() == len(window.replay.bar.frames) == 10


def test_a_reopened_run_replays_its_stored_frames(make_window, qtbot):
    window = make_window({**MOONS, "train": {"epochs": 15}})
    train(window, qtbot)
    recorded = window.replay.bar.frames
    with RunStore() as store:
        run = store.list_runs()[0]
    window.docks.runs_panel.openRequested.emit(run.config, run.checkpoint)  # what Open in the Runs panel asks
    qtbot.waitUntil(lambda: window.replay.stored is not None, timeout=10_000)
    bar = window.replay.bar
    assert [f.epoch for f in bar.frames] == [f.epoch for f in recorded]
    assert len(window.views.loss_view.train_curve.getData()[0]) == 15  # the run's curves come back too
    bar.choose(3)
    np.testing.assert_allclose(window.views.boundary_view.image_array(),
                               np.asarray(recorded[3].grid[2], dtype=float)[..., 1], atol=1 / 255)


def test_data_without_a_plane_has_no_replay_and_says_why(make_window, qtbot, tmp_path):
    csv = tmp_path / "three.csv"
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(60, 3))
    labels = (rows.sum(axis=1) > 0).astype(int)
    csv.write_text("a,b,c,label\n" + "\n".join(
        f"{a:.3f},{b:.3f},{c:.3f},{y}" for (a, b, c), y in zip(rows, labels)))
    window = make_window({"data": {"dataset": "csv", "csv": str(csv), "target": "label", "task": "classification"},
                          "train": {"epochs": 3}})
    train(window, qtbot)
    bar = window.replay.bar
    assert not bar.slider.isEnabled() and not bar.play_button.isEnabled()
    assert "neither" in bar.slider.toolTip()
    assert bar.frames == []


def test_scrubbing_a_regression_shows_the_fit_recorded_then(make_window, qtbot):
    window = make_window({"data": {"dataset": "sine", "n_samples": 40}, "model": {"preset": "polynomial"},
                          "train": {"epochs": 20}})
    train(window, qtbot)
    bar = window.replay.bar
    bar.choose(1)
    x, y = bar.frames[1].curve
    shown_x, shown_y = window.views.regression_view.curve_data()
    np.testing.assert_array_equal(shown_y, y)
    assert window.views.loss_view.cursor.epoch == bar.frames[1].epoch


def test_the_export_button_keeps_the_rows_spacing_from_the_right_edge(qtbot):
    from nnstudio.gui.replay_bar import ReplayBar

    bar = ReplayBar()
    qtbot.addWidget(bar)
    bar.resize(900, bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    live, export = bar.live_button.geometry(), bar.export_button.geometry()
    gap_between = export.left() - live.right() - 1
    assert gap_between > 0
    assert bar.width() - 1 - export.right() >= gap_between  # not against the window's edge
