"""Replay exports on a full disk or in the way of a device: a message, and the earlier file kept."""

import errno
import os

import pytest
from PIL import Image

from nnstudio.core import atomic_save

MOONS = {"data": {"dataset": "moons", "n_samples": 80}, "model": {"hidden": [6]},
         "train": {"epochs": 6, "lr": 0.05}}


@pytest.fixture
def exports(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def trained(make_window, qtbot):
    window = make_window(MOONS)
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=30_000)
    return window


def export_gif(window, qtbot, path):
    export = window.replay.export
    assert export.export_animation("gif", str(path))
    qtbot.waitUntil(lambda: export.job.done, timeout=60_000)


def test_a_gif_and_a_png_on_a_full_disk_keep_the_earlier_files(trained, qtbot, exports,
                                                                  monkeypatch):
    window = trained
    gif, png = exports / "replay.gif", exports / "frame.png"
    export_gif(window, qtbot, gif)
    assert window.replay.export.export_frame(str(png))
    earlier = gif.read_bytes(), png.read_bytes()

    def full(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_save.os, "fsync", full)
    window.replay.bar.choose(1)
    export_gif(window, qtbot, gif)
    assert "No space left on device" in window.views.message_bar.text()
    window.views.message_bar.clear()
    assert not window.replay.export.export_frame(str(png))
    assert "No space left on device" in window.views.message_bar.text()
    assert (gif.read_bytes(), png.read_bytes()) == earlier
    with Image.open(gif) as image:
        assert image.n_frames == len(window.replay.bar.frames)
    assert sorted(path.name for path in exports.iterdir()) == ["frame.png", "replay.gif"]


def test_a_cancelled_gif_export_keeps_the_earlier_file(trained, qtbot, exports):
    window = trained
    gif = exports / "replay.gif"
    export_gif(window, qtbot, gif)
    earlier = gif.read_bytes()
    export = window.replay.export
    assert export.export_animation("gif", str(gif))
    export.job.cancel()
    qtbot.waitUntil(lambda: export.job.done, timeout=60_000)
    assert gif.read_bytes() == earlier
    assert sorted(path.name for path in exports.iterdir()) == ["replay.gif"]


def test_a_gif_on_a_really_full_disk(trained, qtbot, small_disk, fill_disk):
    window = trained
    gif = small_disk / "replay.gif"
    export_gif(window, qtbot, gif)
    earlier = gif.read_bytes()
    fill_disk(small_disk)
    window.replay.bar.choose(1)
    export_gif(window, qtbot, gif)
    assert "No space left on device" in window.views.message_bar.text()
    assert gif.read_bytes() == earlier


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_device_is_refused_before_anything_is_drawn(trained):
    window = trained
    assert not window.replay.export.export_animation("gif", "/dev/full")
    assert "not a regular file" in window.views.message_bar.text()
    assert not window.replay.export.export_frame("/dev/null")
    assert "not a regular file" in window.views.message_bar.text()
