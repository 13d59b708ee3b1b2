"""The K-fold panel: choose K, train one model per fold, see each fold's validation curve, their
mean ± spread and the averaged score. The current settings (``config_provider``) are used."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import NNStudioError
from nnstudio.core.train import TrainControl
from nnstudio.core.train.kfold import MAX_FOLDS, MIN_FOLDS, kfold_settings
from nnstudio.gui.analysis_worker import FoldCurve, KFoldWorker
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.views.kfold_view import KFoldView


class KFoldPanel(QWidget):
    """``problem(text)`` reports what the user must fix; ``kfoldFinished`` follows every run."""

    problem = Signal(str)
    kfoldFinished = Signal()

    def __init__(self, config_provider: Callable[[], RunConfig], parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("kfoldPanel")
        self.setAutoFillBackground(True)  # nothing of the window behind shows through the gaps
        self.config_provider = config_provider
        self.control = TrainControl()
        self.curves: dict[int, FoldCurve] = {}
        self._worker: Optional[KFoldWorker] = None
        self._thread = None
        self._k = 5
        self._stopped: Optional[bool] = None  # how the last run ended (None: none ran yet)

        self.k_spin = QSpinBox(objectName="kfoldSpin", minimum=MIN_FOLDS, maximum=MAX_FOLDS, value=5)
        self.k_spin.setAccessibleName(self.tr("Number of folds K"))
        self.k_spin.setToolTip(self.tr("K: the data is cut into K parts; each is the validation set once"))
        self.metric_combo = QComboBox(objectName="kfoldMetricCombo")
        self.metric_combo.addItem(self.tr("validation loss"), "val_loss")
        self.metric_combo.addItem(self.tr("validation accuracy"), "val_acc")
        self.metric_combo.setAccessibleName(self.tr("Curve shown"))
        self.metric_combo.setToolTip(self.tr("Which validation measure the curves show"))
        self.metric_combo.currentIndexChanged.connect(self._redraw)
        self.run_button = QPushButton(self.tr("Run K-fold"), objectName="kfoldRunButton")
        self.run_button.setAccessibleName(self.tr("Run K-fold cross-validation"))
        self.run_button.setToolTip(self.tr("Train K models with the current settings, one per fold "
                                           "(the test set is not used)"))
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton(self.tr("Stop"), objectName="kfoldStopButton", enabled=False)
        self.stop_button.setAccessibleName(self.tr("Stop K-fold"))
        self.stop_button.setToolTip(self.tr("Stop after the current epoch"))
        self.stop_button.clicked.connect(self.stop)
        self.progress_bar = QProgressBar(objectName="kfoldProgressBar")
        self.progress_bar.setAccessibleName(self.tr("K-fold progress"))
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("ready"))
        self.score_label = QLabel(objectName="kfoldScoreLabel", wordWrap=True)
        self.score_label.setAccessibleName(self.tr("Averaged score"))
        self.score_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Folds (K)"), self.k_spin)
        form.addRow(self.tr("Curves"), self.metric_combo)
        self.form = form
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.stop_button)
        controls = QWidget(objectName="kfoldControls")
        controls_layout = QVBoxLayout(controls)
        controls_layout.setContentsMargins(0, 0, 0, 0)
        controls_layout.addLayout(form)
        controls_layout.addLayout(buttons)
        controls_layout.addWidget(self.progress_bar)
        controls_layout.addWidget(self.score_label)
        controls_layout.addStretch(1)
        controls.setFixedWidth(260)
        self.view = KFoldView()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(controls)
        layout.addWidget(self.view, stretch=1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the interface's language; the folds' curves stay as they are."""
        self.k_spin.setAccessibleName(self.tr("Number of folds K"))
        self.k_spin.setToolTip(self.tr("K: the data is cut into K parts; each is the validation set once"))
        self.metric_combo.setItemText(0, self.tr("validation loss"))
        self.metric_combo.setItemText(1, self.tr("validation accuracy"))
        self.metric_combo.setAccessibleName(self.tr("Curve shown"))
        self.metric_combo.setToolTip(self.tr("Which validation measure the curves show"))
        self.run_button.setText(self.tr("Run K-fold"))
        self.run_button.setAccessibleName(self.tr("Run K-fold cross-validation"))
        self.run_button.setToolTip(self.tr("Train K models with the current settings, one per fold "
                                           "(the test set is not used)"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop K-fold"))
        self.stop_button.setToolTip(self.tr("Stop after the current epoch"))
        self.progress_bar.setAccessibleName(self.tr("K-fold progress"))
        self.score_label.setAccessibleName(self.tr("Averaged score"))
        self.form.labelForField(self.k_spin).setText(self.tr("Folds (K)"))
        self.form.labelForField(self.metric_combo).setText(self.tr("Curves"))
        if not self.running:
            self.progress_bar.setFormat(self._end_text())
        if self.curves:
            self.view.set_y_label(self.metric_combo.currentText())
            if not self.running:
                self._show_score(bool(self._stopped))

    def _end_text(self) -> str:
        if self._stopped is None:
            return self.tr("ready")
        return self.tr("stopped") if self._stopped else self.tr("done")

    @property
    def running(self) -> bool:
        return self._thread is not None

    def run(self) -> None:
        """Check K and the settings, then train the folds; a problem is reported, not raised."""
        if self.running:
            return
        try:
            k = kfold_settings(self.k_spin.value()).k
            config = self.config_provider()
        except NNStudioError as error:
            self._report(str(error))
            return
        self._k = k
        self._stopped = None
        self.curves.clear()
        self.score_label.setText("")
        self.view.set_folds(k)
        self._redraw()
        self.control.clear()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("starting…"))
        worker = KFoldWorker(self.control, config, k)
        worker.progressed.connect(self._on_progress)
        worker.foldUpdated.connect(self._on_fold)
        worker.errored.connect(self._report)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._thread = worker.start(self, self._on_thread_finished)
        self._set_running(True)

    def stop(self) -> None:
        if self.running:
            self.control.request_stop()

    def shutdown(self) -> None:
        """Stop a running K-fold and wait for its thread (briefly)."""
        if self._thread is not None:
            self.control.request_stop()
            self._thread.quit()
            self._thread.wait(5000)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.k_spin.setEnabled(not running)

    def _report(self, message: str) -> None:
        message = translate_core_message(message)
        self.score_label.setText(self.tr("K-fold not run: {message}").format(message=message))
        self.problem.emit(self.tr("K-fold: {message}").format(message=message))

    # --- worker signals ---
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(text)

    def _on_fold(self, curve: FoldCurve) -> None:
        self.curves[curve.fold] = curve
        self._draw_fold(curve)

    def _on_finished(self, stopped: bool) -> None:
        self._stopped = stopped
        self._show_score(stopped)
        self.progress_bar.setFormat(self._end_text())

    def _on_thread_finished(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.deleteLater()
        self._set_running(False)
        self.kfoldFinished.emit()

    # --- drawing ---
    def _metric(self) -> str:
        return self.metric_combo.currentData()

    def _draw_fold(self, curve: FoldCurve) -> None:
        self.view.set_fold(curve.fold, curve.epochs, getattr(curve, self._metric()))

    def _redraw(self) -> None:
        classify = any(np.isfinite(curve.val_acc).any() for curve in self.curves.values())
        self.metric_combo.setEnabled(classify or not self.curves)
        if self.curves and not classify and self._metric() == "val_acc":
            self.metric_combo.setCurrentIndex(0)  # regression has no accuracy; this redraws
            return
        self.view.set_y_label(self.metric_combo.currentText())
        for curve in self.curves.values():
            self._draw_fold(curve)
        if not self.running and self.curves:
            self._show_score(False)

    def scores(self, metric: str = "val_loss") -> np.ndarray:
        """Each finished fold's score: ``"val_loss"`` or ``"val_acc"``."""
        name = "score_loss" if metric == "val_loss" else "score_acc"
        return np.array([getattr(curve, name) for curve in self.curves.values() if curve.finished], dtype=float)

    def _show_score(self, stopped: bool) -> None:
        losses = self.scores("val_loss")
        if not len(losses):
            return
        text = self.tr("Mean validation loss over {n} folds:\n{mean:.3f} ± {spread:.3f}").format(
            n=len(losses), mean=losses.mean(), spread=losses.std())
        accuracies = self.scores("val_acc")
        if np.isfinite(accuracies).all():
            text += self.tr("\nMean validation accuracy:\n{mean:.1%} ± {spread:.1%}").format(
                mean=accuracies.mean(), spread=accuracies.std())
        if stopped and len(losses) < self._k:
            text += self.tr("\n(stopped after {n} of {k} folds)").format(n=len(losses), k=self._k)
        self.score_label.setText(text)
