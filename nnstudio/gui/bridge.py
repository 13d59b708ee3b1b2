"""The GUI's end of the session: reports of the training process, which arrive in the link's
reader thread, are handed to the GUI thread with a queued Qt signal, where the session applies
them and its events reach the panels and views."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, Qt, Signal

from nnstudio.session.state import AppSession

_COLLECTOR: list = []  # the process's one GarbageCollector, once a bridge exists


def _collect_in_gui_thread() -> None:
    """Run Python's cyclic garbage collector from the GUI thread only (a timer, 4 times a
    second), never on its own in whichever thread allocates. The reader thread allocates a lot
    (every update is unpickled there); a collection started there that freed a closed window's
    Qt objects deadlocked with the GUI thread (each waiting for what the other held: the GIL,
    Qt's connection lock). pyqtgraph's GarbageCollector does exactly this."""
    if not _COLLECTOR:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        # What exists now (torch, Qt, the modules: millions of objects) is left out of the full
        # collections to come, which would otherwise freeze the GUI for ~200 ms each.
        gc.collect()
        gc.freeze()
        _COLLECTOR.append(GarbageCollector(interval=0.25))


class SessionBridge(QObject):
    """Delivers the session's reports in the GUI thread (see the module docstring)."""

    _arrived = Signal(object)

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        _collect_in_gui_thread()
        self._arrived.connect(session.receive, Qt.ConnectionType.QueuedConnection)
        session.deliver = self._arrived.emit
