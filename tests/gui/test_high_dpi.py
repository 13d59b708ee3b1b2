"""High DPI: the window on a 4K screen scaled to 200 % (device pixel ratio 2, what a desktop's
200 % scaling gives) after a run: it fits the screen, no label or button is cut, and the plots'
text is drawn with twice the pixels, not left tiny. Qt's screen is set when the application
starts, so the window runs in a process of its own: this file is also the script it runs
(``python tests/gui/test_high_dpi.py OUT``; the slow tier)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCALE = 2
SCREEN = (3840, 2160)  # pixels: 1920×1080 at 200 %

pytestmark = pytest.mark.slow


def test_the_window_at_200_percent_fits_and_its_plot_text_is_scaled(tmp_path):
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "4K at 200 %", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "QT_SCALE_FACTOR": str(SCALE),
                   "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    finished = subprocess.run([sys.executable, __file__, str(tmp_path)], capture_output=True, text=True,
                              timeout=600, env=environment)
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["device pixel ratio"] == SCALE
    assert report["screen"] == [SCREEN[0] // SCALE, SCREEN[1] // SCALE]  # in the window's own units
    assert report["problems"] == []  # it fits, nothing cut
    assert report["shot"] == [report["window"][0] * SCALE, report["window"][1] * SCALE]  # drawn at 4K
    assert sorted(report["title ink"]) == ["accuracy", "loss"]
    for plot, (ink, at_100) in report["title ink"].items():
        # The title's letters on screen: twice as many pixels tall as at 100 %, within rendering.
        assert 0.85 * SCALE * at_100 <= ink <= 1.2 * SCALE * at_100, (plot, ink, at_100)


# --- the window's process ---
def ink_height(image, background) -> int:
    """Rows of ``image`` holding anything drawn darker than ``background`` (first to last)."""
    rows = [y for y in range(image.height())
            if any(image.pixelColor(x, y).lightness() < background.lightness() - 96 for x in range(image.width()))]
    return rows[-1] - rows[0] + 1 if rows else 0


def title_ink(plot) -> tuple[int, float]:
    """The height in screen pixels of a plot's title as drawn, and the height of its text's ink
    at 100 % (its font's metrics, in the window's units)."""
    from PySide6.QtGui import QFont, QFontMetricsF

    title = plot.getPlotItem().titleLabel
    text = title.item  # the text alone, not the label's row (the curves may reach into it)
    rect = plot.mapFromScene(text.mapRectToScene(text.boundingRect())).boundingRect()
    image = plot.grab(rect).toImage()
    font = QFont(text.font())
    font.setPointSizeF(float(title.opts["size"].removesuffix("pt")))
    return ink_height(image, plot.backgroundBrush().color()), QFontMetricsF(font).tightBoundingRect(title.text).height()


def main(out: Path) -> int:
    sys.path.insert(0, str(ROOT / "docs"))
    from screen_sizes import clipped_texts, settle, wait, window_fits
    from PySide6.QtWidgets import QApplication

    from nnstudio.core.config import parse_config
    from nnstudio.gui.app import open_window
    from nnstudio.gui.views import configure_pyqtgraph

    os.environ["NNSTUDIO_HOME"] = str(out / "home")  # no saved layout: a first launch
    app = QApplication(sys.argv[:1])
    configure_pyqtgraph()
    window = open_window(parse_config({"train": {"epochs": 30}}))
    wait(app, lambda: window.session.run_info is not None)
    window.session.start()
    wait(app, lambda: window.session.status == "idle" and window.session.last_result is not None)
    settle(app, 0.8)
    shot = window.grab()
    shot.save(str(out / "window-200%.png"))
    views = window.views
    report = {
        "device pixel ratio": window.devicePixelRatioF(),
        "screen": [window.screen().geometry().width(), window.screen().geometry().height()],
        "window": [window.width(), window.height()],
        "shot": [shot.width(), shot.height()],
        "problems": window_fits(window) + clipped_texts(window),
        "title ink": {name: title_ink(view.plot) for name, view in (
            ("loss", views.loss_view), ("accuracy", views.accuracy_view)) if view.plot.isVisible()},
    }
    (out / "report.json").write_text(json.dumps(report, indent=1))
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
