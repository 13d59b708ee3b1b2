"""File ▸ Predict on a CSV…: the window's model applied to the rows of a CSV file.

The rows go through the model's own preprocessing (its columns, computed features, the training
split's standardisation) and come back with a ``prediction`` column in the data's units (for
classes: the class name and a probability per class), as ``nnstudio predict`` writes them. The
file is read, predicted and written off the GUI thread, on a copy of the model.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QStatusBar, QWidget

from nnstudio.core.errors import NNStudioError
from nnstudio.core.predict_csv import write_predictions
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.message_bar import MessageBar
from nnstudio.session.state import AppSession

ACTION_TEXT = QT_TRANSLATE_NOOP("FileMenu", "&Predict on a CSV…")
CSV_FILTER = QT_TRANSLATE_NOOP("CsvPrediction", "CSV files (*.csv);;All files (*)")


class CsvPrediction(QObject):
    """Predicts one CSV file at a time with ``session``'s model, asking for the files in dialogs
    over ``parent``; the outcome shows in ``status_bar`` or the message strip. ``finished(path)``
    follows with the file written ("" after a problem)."""

    finished = Signal(str)
    _done = Signal(str, str, int)  # from the worker thread: target, error ("" if none), rows

    def __init__(self, parent: QWidget, status_bar: QStatusBar, session: AppSession,
                 message_bar: MessageBar) -> None:
        super().__init__(parent)
        self.parent_widget, self.status_bar = parent, status_bar
        self.session, self.message_bar = session, message_bar
        self.running = False
        self._done.connect(self._on_done)

    def start(self, source: str = "", target: str = "") -> bool:
        """Ask for the rows (unless ``source``) and where to write them (unless ``target``), then
        predict them in a thread. False when nothing was started (and the user was told why)."""
        model = self.session.model
        if self.running:
            self.message_bar.show_error(self.tr("A prediction is already running."))
            return False
        if model is None or model.preprocessing is None:
            self.message_bar.show_error(self.tr("There is no model to predict with yet."))
            return False
        if self.session.status in ("running", "stepping"):
            self.message_bar.show_error(self.tr("Pause or stop training before predicting."))
            return False
        source = source or QFileDialog.getOpenFileName(
            self.parent_widget, self.tr("Predict on a CSV: the rows"), "", self.tr(CSV_FILTER))[0]
        if not source:
            return False
        suggested = str(Path(source).with_name(Path(source).stem + "-predictions.csv"))
        target = target or QFileDialog.getSaveFileName(
            self.parent_widget, self.tr("Save the predictions"), suggested, self.tr(CSV_FILTER))[0]
        if not target:
            return False
        network = copy.deepcopy(model.model)  # training may refresh the window's copy meanwhile
        preprocessing = model.preprocessing
        self.running = True
        self.status_bar.showMessage(self.tr("Predicting {name}…").format(name=Path(source).name))

        def run() -> None:
            try:
                _, rows = write_predictions(network, preprocessing, source, target)
            except NNStudioError as error:
                self._done.emit(target, str(error), 0)
            except OSError as error:
                self._done.emit(target, f"{target}: cannot be written ({error.strerror or error})", 0)
            except Exception as error:  # noqa: BLE001 - every failure must reach the user as text
                self._done.emit(target, f"{type(error).__name__}: {error}", 0)
            else:
                self._done.emit(target, "", rows)

        threading.Thread(target=run, name="nnstudio-predict-csv", daemon=True).start()
        return True

    def _on_done(self, target: str, error: str, rows: int) -> None:
        self.running = False
        if error:
            self.status_bar.clearMessage()
            self.message_bar.show_error(
                self.tr("Could not predict: {error}").format(error=translate_core_message(error)))
            self.finished.emit("")
            return
        self.status_bar.showMessage(
            self.tr("Wrote {count} predictions to {path}").format(count=rows, path=target), 8000)
        self.finished.emit(target)
