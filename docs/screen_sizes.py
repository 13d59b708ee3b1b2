"""The window at one screen size, in English and in Chinese: screenshots of a few classroom
scenes and the checks a class would notice failing.

    python docs/screen_sizes.py 1280x720 --out /tmp/sizes     # one size per process

Each size needs a process of its own (Qt's offscreen screen is set when the application starts:
``QT_QPA_PLATFORM=offscreen:configfile=FILE``); tests/gui/test_screen_sizes.py runs this script
once per size. It writes ``<size>-<language>-<scene>.png`` and ``<size>.json``: for each shot the
problems found (an empty list when the shot is right):

- the window does not fit in the screen's available area;
- a visible label or button is narrower than its minimum size hint (its text is cut), or a side
  panel's is cut off on the right by its dock (the panel wider than the dock shows);
- the main picture's plane is not square-ish, or not the largest view on screen;
- a chart of curves is less than 150 px tall, or its plot (inside the title, the axes and the
  legend) less than 100 px;
- an axis title drawn outside its axis, over the tick labels or the colour bar beside it;
- the presentation strip or the toolbar is squeezed below its minimum width (widgets overlap).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

SCENES = ("first", "lesson", "regression", "presentation", "window")
LANGUAGES = ("en", "zh_CN")
SQUARE = (0.8, 1.25)  # the plane's width / height
CURVE_MIN_HEIGHT = 150
CURVE_PLOT_MIN_HEIGHT = 100  # the curves' own area in a chart


def configure_screen(size: str, folder: Path) -> None:
    """Point Qt's offscreen platform at a screen of ``size`` (before QApplication exists)."""
    width, height = (int(part) for part in size.split("x"))
    config = folder / f"screen-{size}.json"
    config.write_text(json.dumps({"screens": [{
        "name": f"screen {size}", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", help="screen size, e.g. 1280x720")
    parser.add_argument("--out", default="screen-sizes", help="folder for the shots and the report")
    parser.add_argument("--scenes", nargs="*", default=list(SCENES))
    parser.add_argument("--languages", nargs="*", default=list(LANGUAGES))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    configure_screen(args.size, out)
    home = Path(tempfile.mkdtemp(prefix="nnstudio-sizes-"))

    from PySide6.QtWidgets import QApplication

    from nnstudio.gui.app import open_window
    from nnstudio.gui.i18n import install_language
    from nnstudio.gui.views import configure_pyqtgraph

    app = QApplication(sys.argv[:1])
    configure_pyqtgraph()
    report: dict[str, list[str]] = {}
    for language in args.languages:
        install_language(language)
        for scene in args.scenes:
            # No saved geometry or layout: every scene's window opens as on a first launch (not as
            # the last one was left: a narrow window, a lesson's docks).
            os.environ["NNSTUDIO_HOME"] = str(home / f"{language}-{scene}")
            window = open_window()
            wait(app, lambda: window.session.run_info is not None)
            install_language(language)
            SHOW[scene](app, window)
            settle(app, 0.8)
            name = f"{args.size}-{language}-{scene}"
            window.grab().save(str(out / f"{name}.png"))
            report[name] = problems(window)
            print(name, "; ".join(report[name]) or "ok", flush=True)
            window.presentation.leave()
            window.shutdown()
            window.close()
            window.deleteLater()
            settle(app, 0.1)
    (out / f"{args.size}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


# --- the scenes ---
def wait(app, condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def _run(app, window) -> None:
    window.session.set_speed(None)
    window.session.start()
    wait(app, lambda: window.session.status == "idle" and window.session.last_result is not None)


def _fold_if_narrow(window) -> None:
    """On a screen (or in a window) narrower than 1200 px a lesson's text and dock views leave
    the picture too little room: the teacher folds the side panels (Panels) before the class
    watches."""
    from nnstudio.gui.screen_layout import FOLDED_BELOW_WIDTH

    if min(window.screen().availableGeometry().width(), window.width()) < FOLDED_BELOW_WIDTH:
        window.screen_layout.show_panels(False)


def first(app, window) -> None:
    """The first launch's experiment, trained."""
    _run(app, window)


def lesson(app, window) -> None:
    """Lesson 6 (momentum): boundary, loss, accuracy and the loss landscape's dock."""
    from nnstudio.core.lessons import load_lesson

    window.lessons.open_lesson(load_lesson(6))
    wait(app, lambda: window.session.run_info is not None and window.session.run_info.kind == "points")
    _run(app, window)
    _fold_if_narrow(window)


def regression(app, window) -> None:
    """Lesson 3 (learning rate): the fitted line, loss, learning rate and the (w, b) landscape."""
    from nnstudio.core.lessons import load_lesson

    window.lessons.open_lesson(load_lesson(3))
    wait(app, lambda: window.session.run_info is not None and window.session.run_info.kind == "curve")
    _run(app, window)
    _fold_if_narrow(window)


def presentation(app, window) -> None:
    """Lesson 10 presented on the projector after a run."""
    from nnstudio.core.lessons import load_lesson

    window.lessons.open_lesson(load_lesson(10))
    wait(app, lambda: window.session.run_info is not None and window.session.run_info.kind == "points")
    _run(app, window)
    window.presentation.enter()


def window_scene(app, window) -> None:
    """Lesson 6 in a window that is not maximised, 1400×900 (a teacher's window on a large
    screen; on a smaller screen, as large as the screen)."""
    area = window.screen().availableGeometry()
    window.showNormal()
    settle(app, 0.1)
    frame = window.frameGeometry().size() - window.size()  # the window's frame, around its size
    window.resize(min(1400, area.width() - frame.width()), min(900, area.height() - frame.height()))
    outside = window.frameGeometry().size()
    window.move(area.x() + (area.width() - outside.width()) // 2, area.y() + (area.height() - outside.height()) // 2)
    settle(app, 0.3)
    lesson(app, window)


SHOW = {"first": first, "lesson": lesson, "regression": regression, "presentation": presentation,
        "window": window_scene}


# --- the checks ---
def problems(window) -> list[str]:
    found = []
    found += window_fits(window)
    found += clipped_texts(window)
    found += picture_problems(window)
    found += squeezed_rows(window)
    found += axis_titles_outside(window)
    found += panels_cut_off(window)
    return found


def panels_cut_off(window) -> list[str]:
    """Labels, buttons and fields of a side panel that its dock cuts off on the right (the panels
    scroll up and down only)."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QDockWidget, QLabel

    from nnstudio.gui.docks import PanelScroll

    found = []
    for dock in window.findChildren(QDockWidget):
        scroll = dock.widget()
        if not isinstance(scroll, PanelScroll) or not dock.isVisible() or scroll.widget() is None:
            continue
        viewport = scroll.viewport()
        for kind in (QLabel, QAbstractButton, QAbstractSpinBox, QComboBox):
            for widget in scroll.widget().findChildren(kind):
                if not widget.isVisible():
                    continue
                right = widget.mapTo(viewport, widget.rect().topRight()).x()
                if right > viewport.width() + 1:
                    text = (widget.text() if hasattr(widget, "text") else "").replace("\n", " ")[:40]
                    found.append(f"{dock.objectName()}: {type(widget).__name__} {widget.objectName() or text!r} "
                                 f"ends at {right} px, the dock shows {viewport.width()}")
                    break  # one per kind and dock is enough to see it
    return found


def axis_titles_outside(window) -> list[str]:
    """Axis titles wider (a vertical axis) or taller (a horizontal one) than the room their
    axis takes: pyqtgraph then draws them over the ticks or the plot beside them."""
    import pyqtgraph as pg

    found = []
    for plot in window.findChildren(pg.PlotWidget):
        if not plot_shown(plot):
            continue
        for axis in plot.scene().items():
            if not isinstance(axis, pg.AxisItem) or not axis.isVisible() or not axis.label.isVisible():
                continue
            if not axis.labelText:
                continue
            label = axis.label.mapRectToScene(axis.label.boundingRect())
            room = axis.sceneBoundingRect()
            vertical = axis.orientation in ("left", "right")
            # pyqtgraph reserves 0.8 of the title's box (an overestimate of its text): allow that.
            needed, given = (label.width(), room.width()) if vertical else (label.height(), room.height())
            if given < 0.8 * needed - 1:
                found.append(f"{plot_name(plot)}'s axis title {axis.labelText!r} has {given:.0f} px, "
                             f"needs {0.8 * needed:.0f}")
    return found


def squeezed_rows(window) -> list[str]:
    """Rows laid out narrower than they need (Qt then draws their widgets over each other): the
    presentation strip, the toolbar."""
    found = []
    for row in (window.presentation.strip, window.controls.toolbar):
        if row.isVisible() and row.width() < row.minimumSizeHint().width():
            found.append(f"{row.objectName()} is {row.width()} px wide, needs {row.minimumSizeHint().width()}")
    return found


def window_fits(window) -> list[str]:
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if not area.contains(frame):
        return [f"the window ({frame.width()}×{frame.height()} at {frame.x()},{frame.y()}) does not fit "
                f"the screen's available area ({area.width()}×{area.height()})"]
    return []


def clipped_texts(window) -> list[str]:
    """Visible labels and buttons narrower than their minimum size hint."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible() or widget.visibleRegion().isEmpty():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        needed = widget.minimumSizeHint().width()
        if widget.width() + 1 < needed:
            text = widget.text().replace("\n", " ")[:40]
            found.append(f"{type(widget).__name__} {widget.objectName() or text!r} is {widget.width()} px "
                         f"wide, needs {needed}")
    return found


def plot_shown(plot) -> bool:
    """A plot on screen (a QGraphicsView paints in its viewport: its own visible region is empty)."""
    return plot.isVisible() and not plot.viewport().visibleRegion().isEmpty()


def plot_name(plot) -> str:
    """The plot's objectName, or its view's (pyqtgraph's PlotWidget drops the one it is given)."""
    return plot.objectName() or (plot.parent().objectName() if plot.parent() is not None else "a plot")


def picture_problems(window) -> list[str]:
    """The plane square-ish and the largest view; every chart of curves tall enough."""
    import pyqtgraph as pg

    views = window.views
    found = []
    main = views.main_view.currentWidget()
    if main in (views.boundary_view, views.regression_view) and main.isVisible():
        box = main.plot.getPlotItem().getViewBox()
        ratio = box.width() / max(box.height(), 1)
        if not SQUARE[0] <= ratio <= SQUARE[1]:
            found.append(f"the plane is {box.width():.0f}×{box.height():.0f} px, not square")
        plane_area = box.width() * box.height()
        for plot in window.findChildren(pg.PlotWidget):
            if plot is main.plot or not plot_shown(plot):
                continue
            other = plot.getPlotItem().getViewBox()
            if other.width() * other.height() > plane_area:
                found.append(f"{plot_name(plot)} ({other.width():.0f}×{other.height():.0f}) is larger than "
                             f"the plane ({box.width():.0f}×{box.height():.0f})")
    for chart in (views.loss_view, views.accuracy_view, views.lr_view):
        if chart.isVisible() and chart.height() < CURVE_MIN_HEIGHT:
            found.append(f"{chart.objectName()} is {chart.height()} px tall")
        plot = chart.plot.getPlotItem().getViewBox()
        if chart.isVisible() and plot.height() < CURVE_PLOT_MIN_HEIGHT:
            found.append(f"{chart.objectName()}'s plot is {plot.height():.0f} px tall")
    return found


if __name__ == "__main__":
    sys.exit(main())
