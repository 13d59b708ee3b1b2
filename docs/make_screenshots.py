"""Train runs in the real window (offscreen) and save the README's screenshots.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnstudio.core.config import parse_config  # noqa: E402
from nnstudio.core.lessons import load_lesson  # noqa: E402
from nnstudio.core.presets import load_preset  # noqa: E402
from nnstudio.gui.main_window import MainWindow  # noqa: E402
from nnstudio.gui.views import configure_pyqtgraph  # noqa: E402


def wait(app: QApplication, condition, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the run did not finish in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def finished(window: MainWindow):
    return lambda: window.state == "idle" and not window.lessons._queue and window.last_result is not None


def preset_run(app, window, preset):
    window.set_config(load_preset(preset))
    settle(app)
    window.start_training()
    wait(app, finished(window))


def lesson_run(app, window, number, language="en", variant=None, compare=False, dock=None):
    window.lessons.open_lesson(load_lesson(number))
    window.lessons.panel.set_language(language)
    if variant is not None:
        window.lessons.panel.variant_combo.setCurrentIndex(variant)
    settle(app)
    window.lessons.compare_variants() if compare else window.lessons.run_lesson()
    wait(app, finished(window))
    if dock is not None:
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [340], Qt.Orientation.Vertical)


def images_run(app, window):
    window.set_config(parse_config({
        "data": {"dataset": "fashion_mnist", "subset": 6000},
        "model": {"preset": "mlp", "hidden": [128], "activation": "relu"},
        "train": {"epochs": 3, "lr": 0.002}}))
    settle(app)
    window.start_training()
    wait(app, finished(window))


def runs_overlay(app, window):
    lesson_run(app, window, 22, compare=True, dock=window.runs_dock)
    selection = window.runs_panel.table.selectionModel()
    for row in range(2):
        selection.select(window.runs_panel.table.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


SHOTS = {
    "classification.png": lambda app, w: preset_run(app, w, "mlp-spiral"),
    "regression.png": lambda app, w: preset_run(app, w, "polynomial-overfit"),
    "lesson-polynomial.png": lambda app, w: lesson_run(app, w, 8, compare=True),
    "lesson-learning-rate-zh.png": lambda app, w: lesson_run(app, w, 3, "zh", compare=True,
                                                             dock=w.landscape_dock),
    "lesson-vanishing-gradients.png": lambda app, w: lesson_run(app, w, 15, variant=1,
                                                                dock=w.weights_dock),
    "lesson-dropout-runs.png": runs_overlay,
    "images.png": images_run,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(Path(__file__).parent / "screenshots"))
    parser.add_argument("--only", nargs="*", help="file names to make (default: all)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NNSTUDIO_HOME", str(out / ".home"))
    app = QApplication(sys.argv[:1])
    configure_pyqtgraph()
    for filename, make in SHOTS.items():
        if args.only and filename not in args.only:
            continue
        window = MainWindow()
        window.resize(1500, 950)
        window.show()
        wait(app, lambda: window.run_info is not None)
        make(app, window)
        settle(app)
        window.grab().save(str(out / filename))
        print(f"saved {out / filename}: {window.last_result.stop_reason}")
        window.shutdown()
        window.deleteLater()
    return 0


if __name__ == "__main__":
    sys.exit(main())
