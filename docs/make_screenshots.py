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
if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # a 1920×1080 screen, as a classroom projector
    _SCREEN = Path(__file__).parent / "offscreen-1920x1080.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnstudio.core.config import parse_config, updated  # noqa: E402
from nnstudio.core.lessons import load_lesson  # noqa: E402
from nnstudio.core.presets import load_preset  # noqa: E402
from nnstudio.gui.i18n import CHINESE, ENGLISH, install_language  # noqa: E402
from nnstudio.gui.main_window import MainWindow  # noqa: E402
from nnstudio.gui.text_size import apply_text_size  # noqa: E402
from nnstudio.gui.theme import apply_theme  # noqa: E402
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


def shading_covers_the_view(window: MainWindow) -> bool:
    """The decision boundary's coarse outer grid shades all of the plane in view. After a late
    resize the window asks for a new grid, which arrives a moment later: a shot taken before
    showed white bands."""
    view = window.views.boundary_view
    item = view.outer_item
    if window.views.main_view.currentWidget() is not view or not view.isVisible() or item.image is None:
        return True
    shaded = item.mapRectToView(item.boundingRect())
    (x_low, x_high), (y_low, y_high) = view.shown_plane()
    slack = 0.02 * max(x_high - x_low, y_high - y_low)
    return (shaded.left() <= x_low + slack and shaded.right() >= x_high - slack
            and shaded.top() <= y_low + slack and shaded.bottom() >= y_high - slack)


def finished(window: MainWindow):
    return lambda: window.session.status == "idle" and not window.lessons.comparing and window.session.last_result is not None


def preset_run(app, window, preset):
    window.session.replace_config(load_preset(preset))
    settle(app)
    window.session.start()
    wait(app, finished(window))


def lesson_run(app, window, number, variant=None, compare=False, dock=None):
    """A lesson run (or its variants compared); the lesson panel speaks the interface's language."""
    window.lessons.open_lesson(load_lesson(number))
    if variant is not None:
        window.lessons.panel.variant_combo.setCurrentIndex(variant)
    settle(app)
    window.lessons.compare_variants() if compare else window.lessons.run_lesson()
    wait(app, finished(window))
    if dock is not None:
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [340], Qt.Orientation.Vertical)


def compare_then_run(app, window, number, variant, dock):
    """A lesson's variants compared (their paths kept on the landscape), then one of them run
    again, so the fit and the curves show that one rather than the last (a diverged run)."""
    lesson_run(app, window, number, compare=True, dock=dock)
    window.lessons.panel.variant_combo.setCurrentIndex(variant)
    settle(app)
    window.lessons.run_lesson()
    wait(app, finished(window))


def images_run(app, window):
    window.session.replace_config(parse_config({
        "data": {"dataset": "fashion_mnist", "subset": 6000},
        "model": {"preset": "mlp", "hidden": [128], "activation": "relu"},
        "train": {"epochs": 3, "lr": 0.002}}))
    settle(app)
    window.session.start()
    wait(app, finished(window))


def dataset_shot(app, window, raw):
    """The dataset browser (its dock, wide enough to read) on the data of ``raw``."""
    before = window.session.run_info
    window.session.replace_config(parse_config(raw))
    wait(app, lambda: window.session.run_info is not before)
    window.docks.dataset_dock.show()
    window.docks.dataset_dock.raise_()
    window.resizeDocks([window.docks.dataset_dock], [420], Qt.Orientation.Horizontal)
    settle(app)
    return window.docks.dataset_dock


def penguins_csv(folder: Path) -> str:
    """A made-up table in the shape a teacher brings: four measurements and a species."""
    import numpy as np

    rng = np.random.default_rng(7)
    lines = ["bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,species"]
    for species, (bill, depth, flipper, mass) in {
        "Adelie": (38.8, 18.3, 190, 3700), "Chinstrap": (48.8, 18.4, 196, 3730),
        "Gentoo": (47.5, 15.0, 217, 5080),
    }.items():
        for _ in range(rng.integers(60, 150)):
            lines.append(f"{rng.normal(bill, 2.5):.1f},{rng.normal(depth, 1):.1f},"
                         f"{rng.normal(flipper, 6):.0f},{rng.normal(mass, 400):.0f},{species}")
    order = [lines[0]] + [lines[1:][i] for i in rng.permutation(len(lines) - 1)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "penguins.csv"
    path.write_text("\n".join(order) + "\n")
    return str(path)


def runs_overlay(app, window):
    lesson_run(app, window, 22, compare=True, dock=window.docks.runs_dock)
    selection = window.docks.runs_panel.table.selectionModel()
    for row in range(2):
        selection.select(window.docks.runs_panel.table.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def replay_mid_run(app, window):
    """A finished run scrubbed back to its middle: the boundary of then, a cursor on the curves."""
    preset_run(app, window, "mlp-spiral")
    bar = window.replay.bar
    bar.choose(len(bar.frames) // 2)


def network_run(app, window):
    """Playground's circle network on x1, x2, x1², x2², with the network diagram open."""
    config = load_preset("playground-circle")
    config = updated(updated(config, "data", features=["x1", "x2", "x1^2", "x2^2"]),
                     "train", epochs=300)
    window.session.replace_config(config)
    window.docks.network_dock.show()
    window.docks.network_dock.raise_()
    window.resizeDocks([window.docks.network_dock], [340], Qt.Orientation.Vertical)
    settle(app)
    window.session.start()
    wait(app, finished(window))


def presentation_run(app, window):
    """Lesson 10 on a 1920×1080 projector: presentation mode after a run."""
    lesson_run(app, window, 10)
    window.presentation.enter()


def draw_sample_run(app, window):
    """A Fashion-MNIST model asked about a pair of trousers drawn with the mouse."""
    images_run(app, window)
    window.draw_sample.open()
    window.resizeDocks([window.draw_sample.dock], [420], Qt.Orientation.Vertical)
    canvas = window.draw_sample.panel.canvas
    canvas.stroke([(100, 30), (180, 30)])  # the waistband
    for offset in range(0, 40, 8):  # two legs, filled in with strokes
        canvas.stroke([(105 + offset // 2, 35), (90 + offset, 250)])
        canvas.stroke([(175 - offset // 2, 35), (190 - offset, 250)])
    return window.draw_sample.dock


def analysis_run(app, window, number, panel, dock, show=None):
    """Run a lesson, then its many-model analysis (sweep or K-fold) in the dock below."""
    lesson_run(app, window, number)
    panel.run_button.click()
    wait(app, lambda: not panel.running)
    if show is not None:
        panel.show_point(show)
    dock.show()
    dock.raise_()
    window.resizeDocks([dock], [360], Qt.Orientation.Vertical)


def compare_run(app, window):
    """The Compare panel on two noisy moons: five models beside the baseline, their boundaries."""
    window.session.replace_config(parse_config({
        "data": {"dataset": "moons", "n_samples": 400, "noise": 0.25},
        "model": {"hidden": [16, 16], "activation": "tanh"}, "train": {"epochs": 200}}))
    settle(app)
    window.session.start()
    wait(app, finished(window))
    docks = window.docks
    panel = docks.compare_panel
    panel.set_models(["current", "logistic", "mlp-xor", "mlp-spiral", "mlp-overfit-early-stopping"])
    docks.show_dock(docks.compare_dock, 0.4)  # (a share of the window's height)
    panel.run_button.click()
    wait(app, lambda: not panel.running)
    panel.table.selectRow(1)


def large_text_run(app, window):
    """The window at 16 pt (View ▸ Text size, not saved) on a 1920×1080 screen after a run."""
    apply_text_size(16)
    window.showMaximized()
    settle(app)
    preset_run(app, window, "mlp-spiral")


def dark_theme_run(app, window):
    """A dark desktop theme (its palette, as Qt gets it from the desktop) at 16 pt after a run.
    (Last of the shots: the palette stays for any window made after it.)"""
    dark = QPalette()
    for role, colour in {QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
                         QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
                         QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
                         QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d7bd9",
                         QPalette.ColorRole.HighlightedText: "#ffffff",
                         QPalette.ColorRole.PlaceholderText: "#9a9a9a"}.items():
        dark.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        dark.setColor(QPalette.ColorGroup.Disabled, role, QColor("#5a5a5a"))
    QApplication.setPalette(dark)
    apply_theme(False)  # the plots follow, greyed-out text made readable
    large_text_run(app, window)


def language_run(app, window):
    """The whole window (in the shot's interface language, see main) after a short run."""
    preset_run(app, window, "mlp-spiral")


SHOTS = {
    "classification.png": lambda app, w: preset_run(app, w, "mlp-spiral"),
    "regression.png": lambda app, w: preset_run(app, w, "polynomial-overfit"),
    "lesson-polynomial.png": lambda app, w: lesson_run(app, w, 8, compare=True),
    "lesson-learning-rate-zh.png": lambda app, w: compare_then_run(app, w, 3, 2, w.docks.landscape_dock),
    "lesson-momentum-landscape.png": lambda app, w: lesson_run(app, w, 6, compare=True,
                                                               dock=w.docks.landscape_dock),
    "lesson-vanishing-gradients.png": lambda app, w: lesson_run(app, w, 15, variant=1,
                                                                dock=w.docks.weights_dock),
    "lesson-dropout-runs.png": runs_overlay,
    "lesson-capacity-sweep.png": lambda app, w: analysis_run(app, w, 9, w.docks.sweep_panel, w.docks.sweep_dock, show=5),
    "lesson-k-fold.png": lambda app, w: analysis_run(app, w, 24, w.docks.kfold_panel, w.docks.kfold_dock),
    "images.png": images_run,
    "dataset-images.png": lambda app, w: dataset_shot(app, w, {
        "data": {"dataset": "fashion_mnist", "subset": 3000},
        "train": {"augment": ["shift", "rotate", "flip"]}}),
    "dataset-csv.png": lambda app, w: dataset_shot(app, w, {
        "data": {"dataset": "csv", "csv": penguins_csv(Path(os.environ["NNSTUDIO_HOME"])),
                 "target": "species"}}),
    "dataset-2d.png": lambda app, w: dataset_shot(app, w, {
        "data": {"dataset": "blobs", "n_classes": 4, "n_samples": 300, "noise": 0.2}}),
    "replay.png": replay_mid_run,
    "lesson-network.png": network_run,
    "presentation.png": presentation_run,
    "draw-sample.png": draw_sample_run,
    "compare.png": compare_run,
    "main-window-en.png": language_run,
    "main-window-zh.png": language_run,
    "large-text-16pt.png": large_text_run,
    "dark-theme.png": dark_theme_run,
}


def interface_language(filename: str) -> str:
    """A shot named ``*-zh.png`` shows the whole interface in Simplified Chinese, the rest English."""
    return CHINESE if filename.endswith("-zh.png") else ENGLISH


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
        window.setWindowState(Qt.WindowState.WindowNoState)  # (it opens maximised on this screen)
        window.resize(1600, 1000)  # the wide layout (panels left and right, dock views below)
        window.show()
        wait(app, lambda: window.session.run_info is not None)
        # Installed as the Language menu does, but not saved (the window has applied the saved
        # choice by now): every text of the window, and the lessons it opens, in the shot's language.
        install_language(interface_language(filename))
        shown = make(app, window) or window  # a shot may show one part of the window
        settle(app)
        wait(app, lambda: shading_covers_the_view(window), timeout=20.0)
        settle(app)
        shown.grab().save(str(out / filename))
        result = window.session.last_result
        print(f"saved {out / filename}" + (f": {result.stop_reason}" if result else ""))
        window.shutdown()
        window.deleteLater()
    install_language(ENGLISH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
