"""Start the application: ``nnstudio`` and ``python -m nnstudio`` end up here.

A window is painted first (gui/opening.py: PySide6 only, within a second of the launch); then the
training process starts importing torch on the other core while the main window is built in its
place; ``nnstudio FILE`` then opens the file in it.
"""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from nnstudio import __version__

SESSION_SUFFIX = ".nnsession"  # core/store/session_file.SUFFIX (not imported here: it is slow)


def run_app(argv: Optional[Sequence[str]] = None, path: Optional[str] = None) -> int:
    """Open the window (and ``path`` in it: an experiment, or a saved classroom session)."""
    from PySide6.QtWidgets import QApplication

    from nnstudio.gui.opening import StartingWindow, app_icon

    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("nnstudio")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("nnstudio")  # the desktop entry (nnstudio desktop-entry) the window belongs to
    app.setWindowIcon(app_icon())
    starting = StartingWindow(__version__)
    starting.show_and_paint()
    from nnstudio.session.process import start_early

    start_early()  # the training side imports torch on the other core while the window is built
    from nnstudio.gui.views import configure_pyqtgraph

    configure_pyqtgraph()
    window = open_window()
    starting.close()
    if path:
        open_file(window, path)
    return app.exec()


def open_window(config=None):
    """Build the main window and show it, fitted to its screen (see gui/screen_layout.py)."""
    from nnstudio.gui.main_window import MainWindow

    window = MainWindow(config)
    window.show()
    return window


def open_file(window, path: str) -> bool:
    """Open ``path`` in ``window`` as its menus would: a session file (.nnsession) with File ▸
    Open session, anything else with File ▸ Open experiment. A file that cannot be opened is
    said so in the window's message bar; False then."""
    if path.lower().endswith(SESSION_SUFFIX):
        return window.session_files.open(path)
    return window.file_menu.open_experiment(path)
