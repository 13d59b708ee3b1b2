"""The K-fold panel: choose K, train one model per fold, see each fold's validation curve, their
mean ± spread and the averaged score. The current settings (``config_provider``) are used."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import NNStudioError
from nnstudio.core.train.kfold import MAX_FOLDS, MIN_FOLDS, kfold_settings
from nnstudio.gui.analysis_panel import AnalysisPanel
from nnstudio.gui.analysis_worker import FoldCurve, KFoldWorker
from nnstudio.gui.views.kfold_view import KFoldView


class KFoldPanel(AnalysisPanel):
    """Controls on the left, the folds' curves on the right (see AnalysisPanel for the signals)."""

    NAME = "kfold"

    def __init__(self, config_provider: Callable[[], RunConfig], parent: Optional[QWidget] = None) -> None:
        super().__init__(config_provider, parent)
        self.curves: dict[int, FoldCurve] = {}
        self._k = 5

        # Texts are set by retranslate() (at the end, and on every language switch).
        self.k_spin = QSpinBox(objectName="kfoldSpin", minimum=MIN_FOLDS, maximum=MAX_FOLDS, value=5)
        self.metric_combo = QComboBox(objectName="kfoldMetricCombo")
        self.metric_combo.addItem("", "val_loss")
        self.metric_combo.addItem("", "val_acc")
        self.metric_combo.currentIndexChanged.connect(self._redraw)
        self.score_label = QLabel(objectName="kfoldScoreLabel", wordWrap=True)
        self.score_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.form = form = QFormLayout()
        form.addRow(QLabel(), self.k_spin)
        form.addRow(QLabel(), self.metric_combo)
        controls = self._controls_column(form, self.score_label)
        controls.setFixedWidth(260)
        self.view = KFoldView()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(controls)
        layout.addWidget(self.view, stretch=1)
        self.retranslate()

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
        self._retranslate_progress()
        if self.curves:
            self.view.set_y_label(self.metric_combo.currentText())
            if not self.running:
                self._show_score(bool(self._stopped))

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
        self.curves.clear()
        self.score_label.setText("")
        self.view.set_folds(k)
        self._redraw()
        worker = KFoldWorker(self.control, config, k)
        worker.foldUpdated.connect(self._on_fold)
        self._start(worker)

    def _set_running(self, running: bool) -> None:
        super()._set_running(running)
        self.k_spin.setEnabled(not running)

    def _show_problem(self, message: str) -> None:
        self.score_label.setText(self.tr("K-fold not run: {message}").format(message=message))
        self.problem.emit(self.tr("K-fold: {message}").format(message=message))

    # --- worker signals ---
    def _on_fold(self, curve: FoldCurve) -> None:
        self.curves[curve.fold] = curve
        self._draw_fold(curve)

    def _on_finished(self, stopped: bool) -> None:
        super()._on_finished(stopped)
        self._show_score(stopped)

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
