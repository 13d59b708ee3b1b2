"""What the Capacity sweep and K-fold panels share: one background run at a time, Stop, a clean
shutdown, and a progress bar that says how the last run ended."""

from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from nnstudio.core.config import RunConfig
from nnstudio.core.train import TrainControl
from nnstudio.gui.analysis_worker import AnalysisWorker
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.i18n import FollowsLanguage


class AnalysisPanel(FollowsLanguage, QWidget):
    """A panel that trains several models in an :class:`AnalysisWorker` on a thread of its own.

    ``problem(text)`` reports what the user must fix; ``analysisFinished`` follows every run.
    Subclasses build their controls around :attr:`run_button`, :attr:`stop_button` and
    :attr:`progress_bar`, start a worker with :meth:`_start`, and say how to show a problem
    (:meth:`_show_problem`) and which settings to lock while running (:meth:`_set_running`).
    """

    problem = Signal(str)
    analysisFinished = Signal()
    NAME = "analysis"  # the object names' prefix: sweepRunButton, kfoldRunButton...

    def __init__(self, config_provider: Callable[[], RunConfig], parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.NAME}Panel")
        self.setAutoFillBackground(True)  # nothing of the window behind shows through the gaps
        self.config_provider = config_provider
        self.control = TrainControl()
        self._worker: Optional[AnalysisWorker] = None
        self._thread = None
        self._stopped: Optional[bool] = None  # how the last run ended (None: none ran yet)
        self.run_button = QPushButton(objectName=f"{self.NAME}RunButton")
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton(objectName=f"{self.NAME}StopButton", enabled=False)
        self.stop_button.clicked.connect(self.stop)
        self.progress_bar = QProgressBar(objectName=f"{self.NAME}ProgressBar")
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setValue(0)

    def _controls_column(self, settings: QLayout, outcome: QLabel) -> QWidget:
        """The panel's column of controls, top to bottom: ``settings``, Run and Stop, the progress
        bar and ``outcome`` (what the last run found)."""
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.stop_button)
        column = QWidget(objectName=f"{self.NAME}Controls")
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(settings)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_bar)
        layout.addWidget(outcome)
        layout.addStretch(1)
        return column

    @property
    def running(self) -> bool:
        return self._thread is not None

    def run(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        if self.running:
            self.control.request_stop()

    def shutdown(self) -> None:
        """Stop a running analysis and wait for its thread (briefly)."""
        if self._thread is not None:
            self.control.request_stop()
            self._thread.quit()
            self._thread.wait(5000)

    def _start(self, worker: AnalysisWorker) -> None:
        """Run ``worker`` on its own thread; its signals drive the progress bar and the panel."""
        self._stopped = None
        self.control.clear()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(QCoreApplication.translate("AnalysisPanel", "starting…"))
        worker.progressed.connect(self._on_progress)
        worker.errored.connect(self._report)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._thread = worker.start(self, self._on_thread_finished)
        self._set_running(True)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.stop_button.setEnabled(running)

    def _report(self, message: str) -> None:
        self._show_problem(translate_core_message(message))

    def _show_problem(self, message: str) -> None:
        raise NotImplementedError

    def _end_text(self) -> str:
        # One translation context for every panel (a subclass's self.tr looks under its own name).
        if self._stopped is None:
            return QCoreApplication.translate("AnalysisPanel", "ready")
        if self._stopped:
            return QCoreApplication.translate("AnalysisPanel", "stopped")
        return QCoreApplication.translate("AnalysisPanel", "done")

    def _retranslate_progress(self) -> None:
        if not self.running:
            self.progress_bar.setFormat(self._end_text())

    # --- worker signals ---
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(text)

    def _on_finished(self, stopped: bool) -> None:
        self._stopped = stopped
        self.progress_bar.setFormat(self._end_text())

    def _on_thread_finished(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.deleteLater()
        self._set_running(False)
        self.analysisFinished.emit()
