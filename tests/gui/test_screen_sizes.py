"""The window at the screen sizes a class meets (a 1024×768 projector up to 4K), in English and
in Chinese: docs/screen_sizes.py opens it on Qt's offscreen screen of each size (one process per
size), runs a lesson (maximised, and in a window of 1400×900 at most), presents another, and
checks that the window fits the screen, that no label or button is cut, that no axis title
overlaps its neighbours, that the plane is square and the largest view, and that the curves keep
150 px. (About a minute and a half per size: the slow tier.)"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZES = ["1024x768", "1280x720", "1366x768", "1920x1080", "3840x2160"]
SCENES = ["lesson", "presentation", "window"]  # "window": not maximised, 1400×900 at most

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("size", SIZES)
def test_the_window_suits_the_screen_in_both_languages(size, tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    finished = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "screen_sizes.py"), size, "--out", str(tmp_path),
         "--scenes", *SCENES],
        capture_output=True, text=True, timeout=600, env=environment)
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads((tmp_path / f"{size}.json").read_text())
    assert sorted(report) == sorted(f"{size}-{language}-{scene}" for language in ("en", "zh_CN")
                                    for scene in SCENES)
    assert {shot: problems for shot, problems in report.items() if problems} == {}
    for shot in report:
        assert (tmp_path / f"{shot}.png").stat().st_size > 10_000
