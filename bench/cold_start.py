"""Cold start: seconds from launching ``nnstudio`` to its first painted window (gui/opening.py),
to the main window painted, and to a window ready to train (the training process up and the
data prepared).

    python bench/cold_start.py               # 5 launches, offscreen, median and spread
    python bench/cold_start.py --runs 9

Each launch is a fresh ``python`` process running what the ``nnstudio`` command runs
(``nnstudio.cli.main([])``), with a fresh NNSTUDIO_HOME (no saved layout) and Qt's offscreen
platform on a 1920×1080 screen. The clock starts just before the process is started (the
interpreter's own start-up is counted); the marks are the first window's first paint, the main
window built and shown, its first paint event, and the session's first data arriving from the
training process. The launches run one after
the other; the files are in the page cache after the first (a class's laptop starts the app more
than once), so the first launch is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = ROOT / "docs" / "offscreen-1920x1080.json"

CHILD = r"""
import json, os, sys, time
T0 = float(os.environ["COLD_START_T0"])
marks = {}

import nnstudio.gui.app as app_module
import nnstudio.gui.opening as opening

show_and_paint = opening.StartingWindow.show_and_paint


def timed_show_and_paint(window, *args, **kwargs):
    show_and_paint(window, *args, **kwargs)
    if window.painted_at is not None:
        marks["first window painted"] = time.time() - T0


opening.StartingWindow.show_and_paint = timed_show_and_paint

original = app_module.open_window


def open_and_watch(config=None):
    from PySide6.QtCore import QEvent, QObject, QTimer

    marks["main window build starts"] = time.time() - T0
    window = original(config)
    marks["main window shown"] = time.time() - T0

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "main window painted" not in marks:
                marks["main window painted"] = time.time() - T0
            return False

    watch = Watch(window)
    window.installEventFilter(watch)

    def poll():
        if "main window painted" in marks and window.session.run_info is not None:
            marks["ready to train"] = time.time() - T0
            print("COLD_START " + json.dumps(marks), flush=True)
            window.close()
            return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return window


app_module.open_window = open_and_watch
from nnstudio.cli import main

sys.exit(main([]))
"""


def launch() -> dict[str, float]:
    environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={SCREEN}",
                   "NNSTUDIO_HOME": tempfile.mkdtemp(prefix="nnstudio-cold-"), "PYTHONPATH": str(ROOT)}
    environment["COLD_START_T0"] = repr(time.time())
    finished = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                              env=environment)
    for line in finished.stdout.splitlines():
        if line.startswith("COLD_START "):
            return json.loads(line.removeprefix("COLD_START "))
    raise RuntimeError(f"the launch reported nothing (exit {finished.returncode}): {finished.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    first = launch()
    print("first launch: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in first.items()))
    results = [launch() for _ in range(args.runs)]
    for name in first:
        values = [result[name] for result in results]
        print(f"{name:15s} median {statistics.median(values):.2f} s   "
              f"(min {min(values):.2f}, max {max(values):.2f}, {len(values)} launches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
