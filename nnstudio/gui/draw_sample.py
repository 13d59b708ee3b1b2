"""The Draw a sample dock: draw a digit or a garment and watch a trained image model classify it.

The dock asks a copy of the session's model, taken when the model is at rest (built, loaded, a
step or a run ended) and at most once a second while training, so the GUI thread never touches
the tensors the training thread is updating.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Optional

import numpy as np
import torch
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu

from nnstudio.core.data.drawing import SIZE, framing_for
from nnstudio.core.train import predict
from nnstudio.gui.docks import LAYERS_DOCK_SHARE
from nnstudio.gui.draw_canvas import DrawSamplePanel
from nnstudio.gui.i18n import follow_language
from nnstudio.session.protocol import RunInfo
from nnstudio.session.state import AppSession

if TYPE_CHECKING:
    from nnstudio.gui.docks import Docks

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
    """View > Draw a sample and its dock (hidden; the window places it among the bottom docks),
    answering with ``session``'s model; ``docks`` gives the layers view to look inside with."""

    def __init__(self, session: AppSession, docks: Docks, view_menu: QMenu) -> None:
        super().__init__()
        self.session, self.docks = session, docks
        self.panel = DrawSamplePanel()
        self.dock = QDockWidget(self.tr("Draw a sample"), objectName="drawDock")
        self.dock.setWidget(self.panel)
        self.dock.hide()
        self.setParent(self.dock)
        self.dock.visibilityChanged.connect(self._on_visibility)
        self.action = QAction(self.tr("Draw a sample…"), self.dock, objectName="drawSampleAction")
        self.action.triggered.connect(self.open)
        view_menu.setToolTipsVisible(True)
        view_menu.addAction(self.action)
        self._copied_at = 0.0
        follow_language(self.dock, self.retranslate)
        session.prepared.connect(self._on_trainer_ready)
        session.run_finished.connect(lambda _result: self.refresh_model())
        session.step_ended.connect(self.refresh_model)
        session.updated.connect(self._on_snapshot)
        # Inside the model for the drawing: on the button, then after each stroke while it looks.
        self.panel.inspect_button.clicked.connect(self.look_inside)
        self.panel.canvas.drawingChanged.connect(self._follow_drawing)

    def look_inside(self) -> None:
        """Show Inside the model for the drawing, as the model sees it."""
        image = self.panel.model_input
        if image is None:
            return
        self.docks.layers_view.look_at_drawing(image)
        self.docks.show_beside(self.docks.layers_dock, self.dock, LAYERS_DOCK_SHARE)

    def _follow_drawing(self) -> None:
        image = self.panel.model_input
        if image is not None and self.docks.layers_view.shows_drawing:
            self.docks.layers_view.look_at_drawing(image)

    def open(self) -> None:
        self.docks.show_dock(self.dock)

    def _on_visibility(self, visible: bool) -> None:
        self.session.show_view("draw_sample", visible)  # the training process sends its weights ~1/s
        if visible:
            self.refresh_model()

    def refresh_model(self) -> None:
        """Take a copy of the worker's current model to answer drawings with."""
        trainer = self.session.model
        if trainer is None or drawable_reason(self.session.run_info) or not self.dock.isVisible():
            return
        model = copy.deepcopy(trainer.model).to("cpu").eval()
        transform = trainer.batch_transform()
        device = torch.device("cpu")

        def probabilities(image: np.ndarray) -> np.ndarray:
            return predict(model, image.reshape(1, 1, SIZE, SIZE), "multiclass", device, transform)[0]

        self._copied_at = time.monotonic()
        self.panel.set_model(probabilities, list(self.session.run_info.class_names),
                             framing_for(trainer.dataset.name))

    def _on_trainer_ready(self, info: RunInfo) -> None:
        reason = drawable_reason(info)
        self._set_available(reason)
        if reason:
            self.dock.hide()
            self.panel.set_model(None, [])
        else:
            self.refresh_model()

    def _on_snapshot(self, _update) -> None:
        if self.dock.isVisible() and time.monotonic() - self._copied_at >= REFRESH_WHILE_TRAINING_S:
            self.refresh_model()

    def retranslate(self) -> None:
        """The dock's title and the action's texts in the interface's language."""
        self.dock.setWindowTitle(self.tr("Draw a sample"))
        self.action.setText(self.tr("Draw a sample…"))
        info = self.session.run_info
        self._set_available(drawable_reason(info) if info is not None else "")

    def _set_available(self, reason: str) -> None:
        self.action.setEnabled(not reason)
        self.action.setToolTip(
            self.tr("Draw a digit or a garment and see what the trained model says")
            if not reason else self.tr("Draw a sample is not available: {0}").format(reason))
