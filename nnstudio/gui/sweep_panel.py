"""The Capacity sweep panel: choose a knob and its values, train a model per value, see the U-curve.

The current dataset, model and hyperparameters (from ``config_provider``) are the starting
point; each value of the knob trains a fresh model in a worker thread of its own. Clicking a
point of the chart shows that model's fit or boundary in the preview next to it.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import NNStudioError
from nnstudio.core.train import KNOBS, sweep_settings
from nnstudio.core.train.sweep import sweep_configs
from nnstudio.gui.analysis_panel import AnalysisPanel
from nnstudio.gui.analysis_worker import PointResult, SweepWorker
from nnstudio.gui.views.sweep_view import ModelPreview, SweepView

MEASURES = ("loss", "error rate")

# The knobs' labels and axis titles (core/train/sweep.py KNOBS), for the translation file.
KNOB_TEXTS = [
    QT_TRANSLATE_NOOP("SweepPanel", "Polynomial degree"), QT_TRANSLATE_NOOP("SweepPanel", "polynomial degree"),
    QT_TRANSLATE_NOOP("SweepPanel", "Hidden width"), QT_TRANSLATE_NOOP("SweepPanel", "neurons per hidden layer"),
    QT_TRANSLATE_NOOP("SweepPanel", "Hidden layers"), QT_TRANSLATE_NOOP("SweepPanel", "number of hidden layers"),
    QT_TRANSLATE_NOOP("SweepPanel", "Training-set size"), QT_TRANSLATE_NOOP("SweepPanel", "training samples"),
    QT_TRANSLATE_NOOP("SweepPanel", "Epochs"), QT_TRANSLATE_NOOP("SweepPanel", "epochs trained"),
]


class SweepPanel(AnalysisPanel):
    """Controls, the U-curve and the preview (see AnalysisPanel for the signals)."""

    NAME = "sweep"

    def __init__(self, config_provider: Callable[[], RunConfig], parent: Optional[QWidget] = None) -> None:
        super().__init__(config_provider, parent)
        self.points: list[PointResult] = []
        self.shown_index: Optional[int] = None  # the model drawn in the preview
        self._task = "regression"
        self._knob = "degree"

        # Texts are set by retranslate() (at the end, and on every language switch).
        self.knob_combo = QComboBox(objectName="sweepKnobCombo")
        for knob in KNOBS.values():
            self.knob_combo.addItem("", knob.name)
        self.knob_combo.currentIndexChanged.connect(self._on_knob_chosen)
        self.values_edit = QLineEdit(objectName="sweepValuesEdit")
        self.values_edit.returnPressed.connect(self.run)
        self.measure_combo = QComboBox(objectName="sweepMeasureCombo")
        self.measure_combo.addItem("", "loss")
        self.measure_combo.addItem("", "error rate")
        self.measure_combo.currentIndexChanged.connect(self._redraw)
        self.status_label = QLabel(objectName="sweepStatusLabel", wordWrap=True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.form = form = QFormLayout()
        for field in (self.knob_combo, self.values_edit, self.measure_combo):
            form.addRow(QLabel(), field)
        controls = self._controls_column(form, self.status_label)
        controls.setMaximumWidth(300)

        self.view = SweepView()
        self.view.pointClicked.connect(self.show_point)
        self.preview = ModelPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="sweepSplitter")
        splitter.addWidget(controls)
        splitter.addWidget(self.view)
        splitter.addWidget(self.preview)
        splitter.setSizes([240, 520, 380])
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._on_knob_chosen()
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the interface's language; the sweep's results stay as they are."""
        for index in range(self.knob_combo.count()):
            self.knob_combo.setItemText(index, self.tr(KNOBS[self.knob_combo.itemData(index)].label))
        self.knob_combo.setAccessibleName(self.tr("Setting to sweep"))
        self.knob_combo.setToolTip(self.tr("The setting that changes from one model to the next"))
        self.values_edit.setAccessibleName(self.tr("Values to try"))
        self.values_edit.setToolTip(self.tr("Whole numbers separated by commas: one model is trained for each"))
        self.measure_combo.setItemText(0, self.tr("loss"))
        self.measure_combo.setItemText(1, self.tr("error rate (1 − accuracy)"))
        self.measure_combo.setAccessibleName(self.tr("Error measure"))
        self.measure_combo.setToolTip(self.tr("What the chart shows as error (error rate for classification)"))
        self.run_button.setText(self.tr("Run sweep"))
        self.run_button.setAccessibleName(self.tr("Run the sweep"))
        self.run_button.setToolTip(self.tr("Train one model per value with the current data and settings"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the sweep"))
        self.stop_button.setToolTip(self.tr("Stop after the current epoch; finished models stay on the chart"))
        self.progress_bar.setAccessibleName(self.tr("Sweep progress"))
        self.status_label.setAccessibleName(self.tr("Sweep result"))
        for widget, text in ((self.knob_combo, self.tr("Knob")), (self.values_edit, self.tr("Values")),
                             (self.measure_combo, self.tr("Error"))):
            self.form.labelForField(widget).setText(text)
        self._retranslate_progress()
        if self.points:
            self._redraw()
            self._show_result()
            self.show_point(self.shown_index if self.shown_index is not None else -1)
        if self.shown_index is None:
            self.preview.show_model(self.tr("Click a point to see its model"), None)

    # --- settings ---
    def set_knob(self, knob: str, values=None) -> None:
        """Choose the knob (and its values, else its defaults)."""
        self.knob_combo.setCurrentIndex(self.knob_combo.findData(knob))
        if values is not None:
            self.values_edit.setText(", ".join(str(value) for value in values))

    def _on_knob_chosen(self) -> None:
        knob = KNOBS[self.knob_combo.currentData()]
        self.values_edit.setText(", ".join(str(value) for value in knob.defaults))

    # --- running ---
    def run(self) -> None:
        """Check the settings and start the sweep; a problem is reported, not raised."""
        if self.running:
            return
        try:
            settings = sweep_settings(self.knob_combo.currentData(), self.values_edit.text())
            config = self.config_provider()
            sweep_configs(config, settings)  # a knob this model lacks is refused now, not later
        except NNStudioError as error:
            self._report(str(error))
            return
        self.status_label.setText("")
        self.points.clear()
        self.shown_index = None
        self._knob = settings.knob
        self._task = ""  # known from the first finished model
        self.view.clear()
        self.preview.show_model(self.tr("Click a point to see its model"), None)
        self.view.set_axis(self.tr(KNOBS[settings.knob].axis), self._y_label())
        worker = SweepWorker(self.control, config, settings)
        worker.pointFinished.connect(self._on_point)
        self._start(worker)

    def _set_running(self, running: bool) -> None:
        super()._set_running(running)
        self.knob_combo.setEnabled(not running)
        self.values_edit.setEnabled(not running)

    def _show_problem(self, message: str) -> None:
        self.status_label.setText(self.tr("Sweep not run: {message}").format(message=message))
        self.problem.emit(self.tr("Capacity sweep: {message}").format(message=message))

    # --- worker signals ---
    def _on_point(self, point: PointResult) -> None:
        self.points.append(point)
        self._task = "regression" if point.val_acc is None else "classification"
        self._redraw()

    def _on_finished(self, stopped: bool) -> None:
        super()._on_finished(stopped)
        best = self.best_index()
        if best is not None:
            self.show_point(best)
            self._show_result()

    def _show_result(self) -> None:
        """The best model's line under the controls (after a sweep ended)."""
        best = self.best_index()
        if best is None or self._stopped is None:
            return
        point = self.points[best]
        text = self.tr("Best validation error at {knob} = {value} ({params:,} parameters).").format(
            knob=self.tr(KNOBS[self._knob].axis), value=point.value, params=point.n_params)
        if self._stopped:
            text = self.tr("Stopped. ") + text
        self.status_label.setText(text)

    # --- drawing ---
    def _measure(self) -> str:
        if self._task != "classification":
            return "loss"
        return self.measure_combo.currentData()

    def _y_label(self) -> str:
        if self._measure() == "error rate":
            return self.tr("error rate (1 − accuracy)")
        return self.tr("loss (MSE)") if self._task == "regression" else self.tr("loss")

    def errors(self) -> tuple[np.ndarray, np.ndarray]:
        """Final training and validation error of each finished model, as the chart shows them."""
        def column(name: str) -> np.ndarray:
            return np.array([np.nan if getattr(p, name) is None else getattr(p, name) for p in self.points],
                            dtype=float)

        if self._measure() == "error rate":
            return 1.0 - column("train_acc"), 1.0 - column("val_acc")
        return column("train_loss"), column("val_loss")

    def best_index(self) -> Optional[int]:
        """The model with the lowest validation error (as measured on the chart)."""
        _, val = self.errors()
        if not np.isfinite(val).any():
            return None
        return int(np.nanargmin(np.where(np.isfinite(val), val, np.nan)))

    def _redraw(self) -> None:
        self.measure_combo.setEnabled(self._task == "classification")
        train, val = self.errors()
        self.view.set_axis(self.tr(KNOBS[self._knob].axis), self._y_label())
        self.view.set_points([point.value for point in self.points], train, val, self.best_index())

    def show_point(self, index: int) -> None:
        """Show model ``index``'s fit or boundary in the preview, and ring its marker."""
        if not 0 <= index < len(self.points):
            return
        point = self.points[index]
        self.view.select(index)
        title = self.tr("{knob} = {value}: train {train:.3g}, validation {val:.3g}").format(
            knob=self.tr(KNOBS[self._knob].label), value=point.value, train=point.train_loss,
            val=point.val_loss)
        if point.val_acc is not None:
            title += self.tr(" (accuracy {accuracy:.0%})").format(accuracy=point.val_acc)
        if point.picture is None:
            title = self.tr("{knob} = {value} (no picture for this data)").format(
                knob=self.tr(KNOBS[self._knob].label), value=point.value)
        self.preview.show_model(title, point.picture)
        self.shown_index = index
