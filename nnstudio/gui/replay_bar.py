"""Training replay: a timeline under the views that scrubs back through a run's recorded frames.

The worker records frames (core.viz.replay) while it trains; :class:`ReplayBar` is the timeline
widget (slider, play/pause, speed, export menu) and :class:`ReplayController` ties it to the
window: it feeds the bar the frames, shows a chosen frame in the boundary / fit / weights views
with a cursor on the curves, holds the live updates back while a past epoch is shown, and loads
the replay kept with a run reopened from the history.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QSlider, QToolButton, QWidget

from nnstudio.core.errors import NNStudioError
from nnstudio.core.viz.replay import ReplayFrame, StoredReplay, load_replay, replay_path
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.session.protocol import BoundaryGrid, FitCurve, RunInfo, Update
from nnstudio.session.state import AppSession

if TYPE_CHECKING:
    from nnstudio.gui.live_views import LiveViews
    from nnstudio.gui.views.weights_view import WeightsView

SPEEDS = (("0.5×", 5), ("1×", 10), ("2×", 20), ("4×", 40))  # label, frames per second
DEFAULT_SPEED = 1


class ReplayBar(FollowsLanguage, QWidget):
    """Slider over the recorded frames, a play button, a speed choice and an export menu.

    ``frameChosen(index)`` when the user (or playback) picks a frame; ``liveRequested()`` when
    the user asks to follow the training again.
    """

    frameChosen = Signal(int)
    liveRequested = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayBar")
        self._frames: list[ReplayFrame] = []
        self._reason = ""
        self.play_button = QToolButton(objectName="replayPlayButton")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="replaySlider")
        self.slider.setRange(0, 0)
        self.slider.setPageStep(10)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.epoch_label = QLabel(objectName="replayEpochLabel")
        self._size_to_font()
        self.speed_combo = QComboBox(objectName="replaySpeedCombo")
        for label, fps in SPEEDS:
            self.speed_combo.addItem(label, fps)
        self.speed_combo.setCurrentIndex(DEFAULT_SPEED)
        self.speed_combo.currentIndexChanged.connect(self._on_speed_changed)
        self.live_button = QToolButton(objectName="replayLiveButton")
        self.live_button.clicked.connect(self.liveRequested)
        self.export_menu = QMenu(self, objectName="replayExportMenu")
        self.export_menu.setToolTipsVisible(True)
        self.export_button = QToolButton(objectName="replayExportButton")
        self.export_button.setMenu(self.export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.caption = QLabel(objectName="replayCaption")
        self.caption.setBuddy(self.slider)
        self._timer = QTimer(self, objectName="replayTimer")
        self._timer.timeout.connect(self._advance)
        layout = QHBoxLayout(self)
        # Export as far from the edge as the buttons are from each other (it sat against it).
        layout.setContentsMargins(0, 0, layout.spacing(), 0)
        for widget in (self.caption, self.play_button):
            layout.addWidget(widget)
        layout.addWidget(self.slider, stretch=1)
        for widget in (self.epoch_label, self.speed_combo, self.live_button, self.export_button):
            layout.addWidget(widget)
        self._on_speed_changed(self.speed_combo.currentIndex())
        self.retranslate()
        self.set_frames([])

    def _size_to_font(self) -> None:
        self.epoch_label.setMinimumWidth(self.epoch_label.fontMetrics().horizontalAdvance("epoch 00000 / 00000 "))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:  # View ▸ Text size, or the desktop's font
            self._size_to_font()
        super().changeEvent(event)

    # --- texts ---
    def retranslate(self) -> None:
        self.caption.setText(self.tr("Replay"))
        self.play_button.setAccessibleName(self.tr("Play the replay"))
        self.play_button.setToolTip(self.tr("Replay the run from the chosen epoch at the chosen speed"))
        self.slider.setAccessibleName(self.tr("Replay timeline"))
        self.speed_combo.setAccessibleName(self.tr("Replay speed"))
        self.speed_combo.setToolTip(self.tr("How fast the replay plays (1× = 10 recorded epochs a second)"))
        self.live_button.setText(self.tr("Live"))
        self.live_button.setAccessibleName(self.tr("Back to live"))
        self.live_button.setToolTip(self.tr("Leave the replay and show the model as it is now"))
        self.export_button.setText(self.tr("Export"))
        self.export_button.setAccessibleName(self.tr("Export the replay"))
        self.export_button.setToolTip(self.tr("Save the replay as an animation, or this frame as a picture"))
        self._update_play_text()
        self._update_enabled()
        self._update_label()

    # --- frames ---
    @property
    def frames(self) -> list[ReplayFrame]:
        return self._frames

    @property
    def index(self) -> int:
        return self.slider.value()

    def set_frames(self, frames: Sequence[ReplayFrame], keep_epoch: Optional[int] = None) -> None:
        """Take a new list of frames; the slider stays on ``keep_epoch`` (the nearest frame at or
        before it) or moves to the latest. Emits nothing."""
        self._frames = list(frames)
        last = max(len(self._frames) - 1, 0)
        index = last
        if keep_epoch is not None and self._frames:
            epochs = np.array([frame.epoch for frame in self._frames])
            index = int(max(np.searchsorted(epochs, keep_epoch, side="right") - 1, 0))
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        self.slider.setValue(index)
        self.slider.blockSignals(False)
        if len(self._frames) < 2:
            self.stop()
        self._update_enabled()
        self._update_label()

    def set_unavailable(self, reason: str) -> None:
        """No replay here (e.g. image data): the controls are disabled and say why."""
        self._reason = reason
        self.set_frames([])

    def clear_reason(self) -> None:
        self._reason = ""
        self._update_enabled()

    @property
    def available(self) -> bool:
        return len(self._frames) >= 2

    def _update_enabled(self) -> None:
        available = self.available
        for widget in (self.slider, self.play_button, self.speed_combo):
            widget.setEnabled(available)
        self.export_button.setEnabled(bool(self._frames))
        reason = self._reason or self.tr(
            "No replay yet: train the model and its boundary or fit is recorded epoch by epoch")
        self.slider.setToolTip(
            self.tr("Drag to see the model at an earlier epoch; the curves show a cursor there")
            if available else reason)
        self.setToolTip("" if available else reason)

    def _update_label(self) -> None:
        if not self._frames:
            self.epoch_label.setText(self.tr("no frames"))
            return
        frame = self._frames[min(self.index, len(self._frames) - 1)]
        self.epoch_label.setText(self.tr("epoch {0} / {1}").format(frame.epoch, self._frames[-1].epoch))

    # --- choosing ---
    def choose(self, index: int) -> None:
        """Show frame ``index`` (as a drag of the slider does)."""
        index = int(np.clip(index, 0, max(len(self._frames) - 1, 0)))
        if index == self.slider.value():
            self._on_slider_moved(index)
        else:
            self.slider.setValue(index)

    def _on_slider_moved(self, index: int) -> None:
        self._update_label()
        if self._frames:
            self.frameChosen.emit(index)

    # --- playing ---
    def play(self) -> None:
        self.play_button.setChecked(True)

    def stop(self) -> None:
        self.play_button.setChecked(False)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def _on_play_toggled(self, on: bool) -> None:
        if on and self.available:
            if self.index >= len(self._frames) - 1:
                self.choose(0)  # from the start again
            else:
                self.choose(self.index)
            self._timer.start()
        else:
            self._timer.stop()
            if on:
                self.play_button.setChecked(False)
        self._update_play_text()

    def _update_play_text(self) -> None:
        self.play_button.setText(self.tr("⏸ Pause") if self.play_button.isChecked() else self.tr("▶ Play"))

    def _on_speed_changed(self, index: int) -> None:
        self._timer.setInterval(int(1000 / self.speed_combo.itemData(index)))

    def _advance(self) -> None:
        if self.index >= len(self._frames) - 1:
            self.stop()
            return
        self.choose(self.index + 1)
        if self.index >= len(self._frames) - 1:
            self.stop()


class ReplayController(QObject):
    """Connects the live views (and the weights view, while ``weights_shown()``) to a ReplayBar
    (see the module docstring); ``host`` is the main window (dialogs, status bar)."""

    def __init__(self, host, session: AppSession, views: LiveViews, weights_view: WeightsView,
                 weights_shown: Callable[[], bool]) -> None:
        super().__init__(host)
        self.host, self.session, self.views = host, session, views
        self.weights_view, self.weights_shown = weights_view, weights_shown
        views.holding = lambda: self.holding
        self.bar = ReplayBar()
        self.holding = False  # a past frame is shown; live updates leave the views alone
        self.stored: Optional[StoredReplay] = None  # the replay of a run reopened from history
        self._pending: Optional[StoredReplay] = None
        self._pending_reason = ""
        self.bar.frameChosen.connect(self._on_frame_chosen)
        self.bar.liveRequested.connect(self.go_live)
        session.status_changed.connect(self._on_state_changed)
        session.prepared.connect(self.on_trainer_ready)
        session.updated.connect(self.on_snapshot)
        session.run_finished.connect(lambda _result: self.on_run_finished())
        from nnstudio.gui.replay_export import ReplayExport  # noqa: PLC0415 - it imports this module

        self.export = ReplayExport(self)

    # --- session events ---
    def on_trainer_ready(self, info: RunInfo) -> None:
        """A new trainer: its replay starts empty (or is the one of the run just reopened)."""
        self.holding = False
        self.views.boundary_view.set_outer_visible(True)
        self._set_cursor(None)
        self.stored, self._pending = self._pending, None
        reason, self._pending_reason = self._pending_reason, ""
        features = info.train_x.shape[1] if info.train_x.ndim == 2 else 0
        on_plane = features == (1 if info.task == "regression" else 2)
        if not on_plane:
            self.bar.set_unavailable(self.tr(
                "Replay shows the decision boundary or the fit curve, and this data has neither"))
            self.stored = None
        elif self.stored is not None:
            self.bar.clear_reason()
            self.bar.set_frames(self.stored.frames)
            self._draw_stored_metrics()
        elif reason:
            self.bar.set_unavailable(reason)
        else:
            self.bar.clear_reason()
            self.bar.set_frames([])

    def on_snapshot(self, update: Update) -> None:
        """Take the latest frames (the slider stays where the user left it)."""
        if self.stored is not None or (update.part(BoundaryGrid) is None and update.part(FitCurve) is None):
            return
        keep = self.current_frame().epoch if self.holding and self.current_frame() else None
        self.bar.set_frames(self.session.replay.frames(), keep_epoch=keep)

    def on_run_finished(self) -> None:
        if self.stored is None:
            keep = self.current_frame().epoch if self.holding and self.current_frame() else None
            self.bar.set_frames(self.session.replay.frames(), keep_epoch=keep)

    def open_run(self, checkpoint: str) -> None:
        """A run was reopened: load its replay (shown once its model is rebuilt)."""
        self._pending, self._pending_reason = None, ""
        path = replay_path(checkpoint)
        if not Path(path).is_file():
            self._pending_reason = self.tr("This run was recorded without replay snapshots")
            return
        try:
            self._pending = load_replay(path)
        except NNStudioError as error:
            self._pending_reason = self.tr("The replay of this run could not be read: {0}").format(error)

    # --- showing ---
    def current_frame(self) -> Optional[ReplayFrame]:
        frames = self.bar.frames
        return frames[min(self.bar.index, len(frames) - 1)] if frames else None

    def show_frame(self, frame: ReplayFrame) -> None:
        """Draw ``frame`` in the boundary / fit (and weights) views, with the cursor at its epoch."""
        if frame.grid is not None:
            self.views.boundary_view.set_grid(*frame.grid)
        if frame.curve is not None:
            self.views.regression_view.set_curve(*frame.curve)
        if frame.weights is not None and self.weights_shown():
            self.weights_view.set_weights(frame.weights)
        self._set_cursor(frame.epoch)

    def _on_frame_chosen(self, index: int) -> None:
        self.holding = True
        self.views.boundary_view.set_outer_visible(False)  # the frames keep the data's grid only
        self.show_frame(self.bar.frames[index])

    def go_live(self) -> None:
        """Follow the training again: the latest frame, no cursor."""
        self.bar.stop()
        self.holding = False
        self.views.boundary_view.set_outer_visible(True)
        frames = self.bar.frames
        self.bar.set_frames(frames)
        if frames:
            self.show_frame(frames[-1])
        self._set_cursor(None)

    def _on_state_changed(self, state: str) -> None:
        if state in ("running", "stepping"):
            if self.stored is not None:  # training the reopened model: a new replay begins
                self.stored = None
                self.bar.set_frames(self.session.replay.frames())
            if self.holding:
                self.go_live()

    def _set_cursor(self, epoch: Optional[int]) -> None:
        for view in (self.views.loss_view, self.views.accuracy_view, self.views.lr_view):
            view.set_cursor(epoch)

    def _draw_stored_metrics(self) -> None:
        """A reopened run: its curves come from the replay file (the model starts a new history)."""
        metrics = self.stored.metrics
        epochs = metrics["epoch"]
        if not len(epochs):
            return
        views = self.views
        views.loss_view.set_history(epochs, metrics["train_loss"], metrics["val_loss"])
        if np.isfinite(metrics["train_acc"]).any():
            views.accuracy_view.set_history(epochs, metrics["train_acc"], metrics["val_acc"])
        views.lr_view.set_history(epochs, metrics["lr"])

    def metrics(self) -> dict[str, np.ndarray]:
        """The per-epoch metrics behind the frames: the reopened run's, or the live history."""
        if self.stored is not None:
            return self.stored.metrics
        history = self.session.history
        return {"epoch": history.epochs, "train_loss": history.train_loss, "val_loss": history.val_loss,
                "train_acc": history.train_acc, "val_acc": history.val_acc, "lr": history.lr,
                "step_x": history.step_x, "step_loss": history.step_loss}
