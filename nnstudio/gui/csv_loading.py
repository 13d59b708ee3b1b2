"""Reading a whole CSV file off the GUI thread, with progress and Cancel: a file of millions of rows
takes seconds, and the import dialog keeps answering meanwhile."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QObject, QThread, Signal

from nnstudio.core.config import DataConfig
from nnstudio.core.data.csv_import import LoadCancelled, load_csv_dataset
from nnstudio.core.errors import NNStudioError


@dataclass(frozen=True)
class CsvSummary:
    """What a checked file becomes (the data itself is not kept: the trainer reads it again)."""

    rows: int
    sizes: dict
    task: str
    n_classes: int
    class_names: list[str]
    n_features: int


class CsvCheck(QThread):
    """Loads the file a DataConfig names, as training will. Emits ``progressed(percent)`` as it
    reads, then one of ``checked(summary)``, ``failed(message)`` or ``cancelled()``."""

    progressed = Signal(int)
    checked = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, config: DataConfig, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.config = config
        self._stop = threading.Event()
        self._percent = -1

    def cancel(self) -> None:
        """Ask the read to stop at its next step (within a fraction of a second)."""
        self._stop.set()

    def run(self) -> None:
        config = self.config
        try:
            data = load_csv_dataset(
                config.csv, config.target, config.feature_columns or None, config.task,
                config.standardize, config.val_fraction, config.test_fraction, config.seed,
                progress=self._report, cancelled=self._stop.is_set,
            )
        except LoadCancelled:
            self.cancelled.emit()
            return
        except NNStudioError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # noqa: BLE001 - whatever happens, a message, not a crash
            self.failed.emit(f"{config.csv}: {type(error).__name__}: {error}")
            return
        sizes = data.sizes()
        summary = CsvSummary(sum(sizes.values()), sizes, data.task, data.n_classes,
                             list(data.class_names), len(data.feature_names))
        del data
        if self._stop.is_set():
            self.cancelled.emit()
        else:
            self.checked.emit(summary)

    def _report(self, share: float) -> None:
        percent = int(share * 100)
        if percent != self._percent:  # a signal per percent, not per chunk of rows
            self._percent = percent
            self.progressed.emit(percent)
