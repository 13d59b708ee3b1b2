"""Start the application: ``nnstudio`` and ``python -m nnstudio`` end up here."""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from nnstudio import __version__


def run_app(argv: Optional[Sequence[str]] = None) -> int:
    from nnstudio.session.process import start_early

    start_early()  # the training side imports torch on the other core while the window is built
    from PySide6.QtWidgets import QApplication

    from nnstudio.gui.main_window import MainWindow
    from nnstudio.gui.views import configure_pyqtgraph

    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("nnstudio")
    app.setApplicationVersion(__version__)
    configure_pyqtgraph()
    window = open_window()
    return app.exec()


def open_window(config=None):
    """Build the main window and show it, fitted to its screen (see gui/screen_layout.py)."""
    from nnstudio.gui.main_window import MainWindow

    window = MainWindow(config)
    window.show()
    return window
