"""The Draw a sample dock: draw a digit or a garment and watch a trained image model classify it.

The dock asks a copy of the worker's model, taken when the model is at rest (built, loaded, a
step or a run ended) and at most once a second while training, so the GUI thread never touches
the tensors the training thread is updating.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Optional

import numpy as np
import torch
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from nnstudio.core.data.drawing import SIZE, framing_for
from nnstudio.core.train import predict
from nnstudio.gui.draw_canvas import DrawSamplePanel
from nnstudio.gui.i18n import follow_language

if TYPE_CHECKING:
    from nnstudio.gui.main_window import MainWindow
    from nnstudio.gui.worker import RunInfo

REFRESH_WHILE_TRAINING_S = 1.0


def drawable_reason(info: Optional[RunInfo]) -> str:
    """Why a model cannot classify drawings, or "" when it can."""
    if info is None:
        return QCoreApplication.translate("DrawSample", "there is no model yet")
    if info.task != "multiclass" or info.train_x.ndim != 4 or tuple(info.train_x.shape[1:]) != (1, SIZE, SIZE):
        shape = "×".join(str(n) for n in info.train_x.shape[1:]) or "no"
        return QCoreApplication.translate(
            "DrawSample", "it needs a classifier of 28×28 grey images (MNIST, Fashion-MNIST, KMNIST); "
            "this model takes {shape} inputs").format(shape=shape)
    return ""


class DrawSample(QObject):
    """Adds View > Draw a sample and its dock to ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = DrawSamplePanel()
        self.dock = QDockWidget(self.tr("Draw a sample"), window, objectName="drawDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.weights_dock, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._on_visibility)
        self.action = QAction(self.tr("Draw a sample…"), window, objectName="drawSampleAction")
        self.action.triggered.connect(self.open)
        window.view_menu.setToolTipsVisible(True)
        window.view_menu.insertAction(window.view_menu.actions()[3], self.action)
        self._copied_at = 0.0
        follow_language(self.dock, self.retranslate)
        window.worker.trainerReady.connect(self._on_trainer_ready)
        window.worker.runFinished.connect(lambda _result: self.refresh_model())
        window.worker.stepFinished.connect(self.refresh_model)
        window.snapshotShown.connect(self._on_snapshot)

    def open(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.window.resizeDocks([self.dock], [330], Qt.Orientation.Vertical)

    def _on_visibility(self, visible: bool) -> None:
        self.window.worker.want_model = visible  # the training process sends its weights ~1/s
        if visible:
            self.refresh_model()

    def refresh_model(self) -> None:
        """Take a copy of the worker's current model to answer drawings with."""
        trainer = self.window.worker.trainer
        if trainer is None or drawable_reason(self.window.run_info) or not self.dock.isVisible():
            return
        model = copy.deepcopy(trainer.model).to("cpu").eval()
        transform = trainer.batch_transform()
        device = torch.device("cpu")

        def probabilities(image: np.ndarray) -> np.ndarray:
            return predict(model, image.reshape(1, 1, SIZE, SIZE), "multiclass", device, transform)[0]

        self._copied_at = time.monotonic()
        self.panel.set_model(probabilities, list(self.window.run_info.class_names),
                             framing_for(trainer.dataset.name))

    def _on_trainer_ready(self, info: RunInfo) -> None:
        reason = drawable_reason(info)
        self._set_available(reason)
        if reason:
            self.dock.hide()
            self.panel.set_model(None, [])
        else:
            self.refresh_model()

    def _on_snapshot(self) -> None:
        if self.dock.isVisible() and time.monotonic() - self._copied_at >= REFRESH_WHILE_TRAINING_S:
            self.refresh_model()

    def retranslate(self) -> None:
        """The dock's title and the action's texts in the interface's language."""
        self.dock.setWindowTitle(self.tr("Draw a sample"))
        self.action.setText(self.tr("Draw a sample…"))
        self._set_available(drawable_reason(self.window.run_info) if self.window.run_info is not None else "")

    def _set_available(self, reason: str) -> None:
        self.action.setEnabled(not reason)
        self.action.setToolTip(
            self.tr("Draw a digit or a garment and see what the trained model says")
            if not reason else self.tr("Draw a sample is not available: {0}").format(reason))
