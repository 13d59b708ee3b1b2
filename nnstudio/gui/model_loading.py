"""Loading a saved model off the GUI thread: reading and checking a checkpoint can take seconds
(a big file, a slow disk), and the window keeps drawing and answering meanwhile."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QThread, Signal

from nnstudio.core.errors import NNStudioError
from nnstudio.core.store import load_checkpoint


class ModelLoading(QThread):
    """Loads one checkpoint; ``loaded(checkpoint)`` or ``failed(message)`` when done (both
    delivered in the GUI thread). Owns no widget."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, path: str, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.path = path

    def run(self) -> None:
        try:
            checkpoint = load_checkpoint(self.path)
        except NNStudioError as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - whatever happens, a message, not a crash
            self.failed.emit(f"{self.path}: {type(error).__name__}: {error}")
        else:
            self.loaded.emit(checkpoint)
