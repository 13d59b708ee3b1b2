"""The Capacity sweep panel: choose a knob and its values, train a model per value, see the U-curve.

The current dataset, model and hyperparameters (from ``config_provider``) are the starting
point; each value of the knob trains a fresh model in a worker thread of its own. Clicking a
point of the chart shows that model's fit or boundary in the preview next to it.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import NNStudioError
from nnstudio.core.train import KNOBS, TrainControl, sweep_settings
from nnstudio.core.train.sweep import sweep_configs
from nnstudio.gui.analysis_worker import PointResult, SweepWorker
from nnstudio.gui.core_messages import translate_core_message
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


class SweepPanel(QWidget):
    """Controls, the U-curve and the preview. ``problem(text)`` reports what the user must fix."""

    problem = Signal(str)
    sweepFinished = Signal()

    def __init__(self, config_provider: Callable[[], RunConfig], parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("sweepPanel")
        self.setAutoFillBackground(True)  # nothing of the window behind shows through the gaps
        self.config_provider = config_provider
        self.control = TrainControl()
        self.points: list[PointResult] = []
        self.shown_index: Optional[int] = None  # the model drawn in the preview
        self._worker: Optional[SweepWorker] = None
        self._thread = None
        self._task = "regression"
        self._knob = "degree"
        self._stopped: Optional[bool] = None  # how the last sweep ended (None: none ran yet)

        self.knob_combo = QComboBox(objectName="sweepKnobCombo")
        for knob in KNOBS.values():
            self.knob_combo.addItem(self.tr(knob.label), knob.name)
        self.knob_combo.setAccessibleName(self.tr("Setting to sweep"))
        self.knob_combo.setToolTip(self.tr("The setting that changes from one model to the next"))
        self.knob_combo.currentIndexChanged.connect(self._on_knob_chosen)
        self.values_edit = QLineEdit(objectName="sweepValuesEdit")
        self.values_edit.setAccessibleName(self.tr("Values to try"))
        self.values_edit.setToolTip(self.tr("Whole numbers separated by commas: one model is trained for each"))
        self.values_edit.returnPressed.connect(self.run)
        self.measure_combo = QComboBox(objectName="sweepMeasureCombo")
        self.measure_combo.addItem(self.tr("loss"), "loss")
        self.measure_combo.addItem(self.tr("error rate (1 − accuracy)"), "error rate")
        self.measure_combo.setAccessibleName(self.tr("Error measure"))
        self.measure_combo.setToolTip(self.tr("What the chart shows as error (error rate for classification)"))
        self.measure_combo.currentIndexChanged.connect(self._redraw)
        self.run_button = QPushButton(self.tr("Run sweep"), objectName="sweepRunButton")
        self.run_button.setAccessibleName(self.tr("Run the sweep"))
        self.run_button.setToolTip(self.tr("Train one model per value with the current data and settings"))
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton(self.tr("Stop"), objectName="sweepStopButton", enabled=False)
        self.stop_button.setAccessibleName(self.tr("Stop the sweep"))
        self.stop_button.setToolTip(self.tr("Stop after the current epoch; finished models stay on the chart"))
        self.stop_button.clicked.connect(self.stop)
        self.progress_bar = QProgressBar(objectName="sweepProgressBar")
        self.progress_bar.setAccessibleName(self.tr("Sweep progress"))
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat(self.tr("ready"))
        self.progress_bar.setValue(0)
        self.status_label = QLabel(objectName="sweepStatusLabel", wordWrap=True)
        self.status_label.setAccessibleName(self.tr("Sweep result"))
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Knob"), self.knob_combo)
        form.addRow(self.tr("Values"), self.values_edit)
        form.addRow(self.tr("Error"), self.measure_combo)
        self.form = form
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.stop_button)
        controls = QWidget(objectName="sweepControls")
        controls_layout = QVBoxLayout(controls)
        controls_layout.setContentsMargins(0, 0, 0, 0)
        controls_layout.addLayout(form)
        controls_layout.addLayout(buttons)
        controls_layout.addWidget(self.progress_bar)
        controls_layout.addWidget(self.status_label)
        controls_layout.addStretch(1)
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
        if not self.running:
            self.progress_bar.setFormat(self._end_text())
        if self.points:
            self._redraw()
            self._show_result()
            self.show_point(self.shown_index if self.shown_index is not None else -1)
        if self.shown_index is None:
            self.preview.show_model(self.tr("Click a point to see its model"), None)

    def _end_text(self) -> str:
        if self._stopped is None:
            return self.tr("ready")
        return self.tr("stopped") if self._stopped else self.tr("done")

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
    @property
    def running(self) -> bool:
        return self._thread is not None

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
        self._stopped = None
        self.status_label.setText("")
        self.points.clear()
        self.shown_index = None
        self._knob = settings.knob
        self._task = ""  # known from the first finished model
        self.view.clear()
        self.preview.show_model(self.tr("Click a point to see its model"), None)
        self.view.set_axis(self.tr(KNOBS[settings.knob].axis), self._y_label())
        self.control.clear()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("starting…"))
        worker = SweepWorker(self.control, config, settings)
        worker.progressed.connect(self._on_progress)
        worker.pointFinished.connect(self._on_point)
        worker.errored.connect(self._report)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._thread = worker.start(self, self._on_thread_finished)
        self._set_running(True)

    def stop(self) -> None:
        if self.running:
            self.control.request_stop()

    def shutdown(self) -> None:
        """Stop a running sweep and wait for its thread (briefly)."""
        if self._thread is not None:
            self.control.request_stop()
            self._thread.quit()
            self._thread.wait(5000)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.knob_combo.setEnabled(not running)
        self.values_edit.setEnabled(not running)

    def _report(self, message: str) -> None:
        message = translate_core_message(message)
        self.status_label.setText(self.tr("Sweep not run: {message}").format(message=message))
        self.problem.emit(self.tr("Capacity sweep: {message}").format(message=message))

    # --- worker signals ---
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(text)

    def _on_point(self, point: PointResult) -> None:
        self.points.append(point)
        self._task = "regression" if point.val_acc is None else "classification"
        self._redraw()

    def _on_finished(self, stopped: bool) -> None:
        self._stopped = stopped
        best = self.best_index()
        if best is not None:
            self.show_point(best)
            self._show_result()
        self.progress_bar.setFormat(self._end_text())

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

    def _on_thread_finished(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.deleteLater()
        self._set_running(False)
        self.sweepFinished.emit()

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
