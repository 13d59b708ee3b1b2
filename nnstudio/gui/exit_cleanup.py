"""Delete the windows still there when Python exits (a script that made a window and ended
without running the event loop, or a window never closed).

Left to Python's exit, PySide destroys the application first and then each object Python still
holds, one by one: a pyqtgraph item told that its parent is going calls back into a Python that
is shutting down, and the process ends in a segmentation fault (about one script in three).
Deleted here first, a window takes its plots and their items down in Qt's own order.
"""

from __future__ import annotations

import atexit
import weakref

import shiboken6
from PySide6.QtWidgets import QWidget

_windows: "weakref.WeakSet[QWidget]" = weakref.WeakSet()


def delete_at_exit(window: QWidget) -> None:
    """Delete ``window`` (if it still exists) when Python exits, before PySide's own clean-up
    (atexit runs the last registered first, and PySide registered when it was imported)."""
    if not _windows:
        atexit.unregister(_delete_windows)  # registered once
        atexit.register(_delete_windows)
    _windows.add(window)


def _delete_windows() -> None:
    for window in list(_windows):
        if shiboken6.isValid(window):
            shiboken6.delete(window)
