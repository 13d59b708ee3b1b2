"""Presentation mode and zoom, for a teacher in front of a projector.

View > Presentation (F11) fills the screen with only the views the current lesson uses (without a
lesson: the main view and the loss), a slim strip of controls (Train/Pause, Step, Reset and the
lesson's one key setting) and text of at least 24 pt. Esc or F11 leaves it and puts back the
layout and window geometry exactly. Zoom (Ctrl+= / Ctrl+- / Ctrl+0) scales fonts, lines and
markers in both modes.

Esc normally stops training; while presenting it leaves presentation instead (Stop stays one
click away: Pause on the strip, or leave and press Esc again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QByteArray, QObject, QRect, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QToolButton,
    QWidget,
)

from nnstudio.core.config import DataConfig, ModelConfig, TrainConfig, updated
from nnstudio.core.errors import NNStudioError
from nnstudio.core.views import VIEWS, views_in
from nnstudio.gui.config_form import ConfigForm
from nnstudio.gui.views.zoom import base_points, zoom_widget
from nnstudio.session.state import IDLE, AppSession

if TYPE_CHECKING:
    from nnstudio.gui.live_views import LiveViews
    from nnstudio.gui.training_controls import TrainingControls

PRESENTATION_POINTS = 24.0  # the smallest text while presenting (1920×1080 projector)
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.5, 3.0)
SECTIONS = {"data": DataConfig, "model": ModelConfig, "train": TrainConfig}
MAIN_VIEWS = set(views_in("main"))  # lesson views shown in the central area (the others: docks)
DEFAULT_VIEWS = ("boundary", "loss")  # without a lesson: the main view and the loss


@dataclass
class _Saved:
    """What presentation mode changes, to put back exactly."""

    geometry: QByteArray
    normal_geometry: QRect
    state: QByteArray
    window_state: Qt.WindowState
    menu_bar: bool
    status_bar: bool
    central: dict[QWidget, bool]


class Presentation(QObject):
    """Adds View > Presentation and the zoom actions to ``window`` (the main window: full
    screen, its docks, menu and status bar), showing the session's lesson views."""

    def __init__(self, window: QMainWindow, session: AppSession, views: LiveViews,
                 controls: TrainingControls, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window, self.session, self.views, self.controls = window, session, views, controls
        self.zoom = 1.0
        self._saved: Optional[_Saved] = None
        self.knob: Optional[ConfigForm] = None
        self.action = self._add_action(
            "presentationAction", [QKeySequence(Qt.Key.Key_F11)], self.toggle)
        self.action.setCheckable(True)
        self.zoom_in_action = self._add_action(
            "zoomInAction",
            [QKeySequence("Ctrl+="), QKeySequence("Ctrl++"), QKeySequence(QKeySequence.StandardKey.ZoomIn)],
            lambda: self.set_zoom(self.zoom * ZOOM_STEP))
        self.zoom_out_action = self._add_action(
            "zoomOutAction", [QKeySequence("Ctrl+-"), QKeySequence(QKeySequence.StandardKey.ZoomOut)],
            lambda: self.set_zoom(self.zoom / ZOOM_STEP))
        self.zoom_reset_action = self._add_action(
            "zoomResetAction", [QKeySequence("Ctrl+0")], lambda: self.set_zoom(1.0))
        menu = view_menu
        menu.addSeparator()
        for action in (self.action, self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            menu.addAction(action)
        self.strip = self._build_strip()
        self.retranslate()
        session.prepared.connect(lambda _info: self.presenting and self._show_views())
        session.updated.connect(lambda _update: self._show_progress())
        session.status_changed.connect(self._on_state_changed)

    @property
    def presenting(self) -> bool:
        return self._saved is not None

    # --- construction ---
    def _add_action(self, name: str, keys: list[QKeySequence], slot) -> QAction:
        action = QAction(self.window, objectName=name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)  # its keys work while the menu bar is hidden
        return action

    def _build_strip(self) -> QWidget:
        controls = self.controls
        strip = QWidget(objectName="presentationStrip")
        row = QHBoxLayout(strip)
        row.setContentsMargins(8, 4, 8, 4)
        for action, name in ((controls.train_action, "presentationTrainButton"),
                             (controls.pause_action, "presentationPauseButton"),
                             (controls.step_action, "presentationStepButton"),
                             (controls.reset_action, "presentationResetButton")):
            button = QToolButton(objectName=name)
            button.setDefaultAction(action)
            button.setAccessibleName(action.text())
            row.addWidget(button)
        self.knob_row = QHBoxLayout()
        row.addSpacing(24)
        row.addLayout(self.knob_row)
        self.progress_label = QLabel(objectName="presentationProgress")
        row.addStretch(1)
        row.addWidget(self.progress_label)
        row.addStretch(1)
        self.leave_button = QToolButton(objectName="presentationLeaveButton")
        self.leave_button.clicked.connect(self.leave)
        row.addWidget(self.leave_button)
        strip.hide()
        self.views.layout.insertWidget(0, strip)
        return strip

    def retranslate(self) -> None:
        """The actions' and the control strip's texts in the interface's language (the window
        calls this after setting its own texts, which reset the Stop action's tooltip)."""
        self.action.setText(self.tr("Presentation"))
        self.action.setToolTip(self.tr("Full screen with only the lesson's views and large text, for a projector "
                                       "(F11; F11 or Esc leaves and restores the layout)"))
        self.zoom_in_action.setText(self.tr("Zoom in"))
        self.zoom_in_action.setToolTip(self.tr("Larger text, lines and markers (Ctrl+=)"))
        self.zoom_out_action.setText(self.tr("Zoom out"))
        self.zoom_out_action.setToolTip(self.tr("Smaller text, lines and markers (Ctrl+-)"))
        self.zoom_reset_action.setText(self.tr("Actual size"))
        self.zoom_reset_action.setToolTip(self.tr("Text, lines and markers at their usual size (Ctrl+0)"))
        stop = self.controls.stop_action
        suffix = self.tr(" — in presentation mode Esc leaves presentation")
        if not stop.toolTip().endswith(suffix):
            stop.setToolTip(stop.toolTip() + suffix)
        self.strip.setAccessibleName(self.tr("Presentation controls"))
        self.progress_label.setAccessibleName(self.tr("Training progress"))
        self.leave_button.setText(self.tr("Leave (Esc)"))
        self.leave_button.setToolTip(self.tr("Back to the usual window (Esc or F11)"))
        self.leave_button.setAccessibleName(self.tr("Leave presentation"))
        for button in self.strip.findChildren(QToolButton):
            if button.defaultAction() is not None:
                button.setAccessibleName(button.defaultAction().text())
        if self.knob is not None:
            self._on_state_changed(self.session.status)

    # --- zoom ---
    def set_zoom(self, factor: float) -> None:
        """Scale text, lines and markers by ``factor`` (on top of presentation's own scale)."""
        self.zoom = min(max(factor, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        """Plots everywhere; the control strip too while presenting. (The panels and the views'
        own check boxes keep their size: they are for the teacher, not the room.)"""
        factor = self.zoom * (PRESENTATION_POINTS / base_points() if self.presenting else 1.0)
        zoom_widget(self.window, factor)
        for dock in self.window.findChildren(QDockWidget):
            zoom_widget(dock, factor)  # floating docks are windows of their own
        font = QFont(self.strip.font())
        font.setPointSizeF(base_points() * factor)
        self.strip.setFont(font)
        if self.knob is not None:
            editor = self.knob.editor(self.knob_name)
            editor.setMinimumWidth(editor.fontMetrics().horizontalAdvance("0.000001") + 40)

    # --- presentation ---
    def toggle(self) -> None:
        if self.presenting:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        window, views = self.window, self.views
        if self.presenting:
            return
        central = [views.main_view, views.loss_view, views.accuracy_view, views.lr_view, views.curves]
        self._saved = _Saved(window.saveGeometry(), window.geometry(), window.saveState(), window.windowState(),
                             window.menuBar().isVisible(), window.statusBar().isVisible(),
                             {widget: widget.isVisible() for widget in central})
        kept = self._kept_docks()
        for dock in window.findChildren(QDockWidget):
            dock.setVisible(dock in kept)
        for toolbar in window.findChildren(QToolBar):
            toolbar.hide()
        window.menuBar().hide()
        window.statusBar().hide()
        self._build_knob()
        self._show_views()
        self.strip.show()
        self._show_progress()
        self.controls.set_escape_stops(False)
        self.action.setShortcuts([QKeySequence(Qt.Key.Key_F11), QKeySequence(Qt.Key.Key_Escape)])
        self.action.setChecked(True)
        window.showFullScreen()
        self._apply_zoom()

    def leave(self) -> None:
        saved, window = self._saved, self.window
        if saved is None:
            return
        self._saved = None
        self._apply_zoom()
        self.strip.hide()
        for widget, visible in saved.central.items():
            widget.setVisible(visible)
        info = self.session.run_info
        if info is not None:  # the task may have changed meanwhile
            self.views.accuracy_view.setVisible(info.task != "regression")
        window.menuBar().setVisible(saved.menu_bar)
        window.statusBar().setVisible(saved.status_bar)
        window.setWindowState(saved.window_state)
        window.restoreGeometry(saved.geometry)
        if not saved.window_state & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            window.setGeometry(saved.normal_geometry)  # restoreGeometry shrinks it to fit the screen
        window.restoreState(saved.state)
        self.action.setShortcuts([QKeySequence(Qt.Key.Key_F11)])
        self.controls.set_escape_stops(True)
        self.action.setChecked(False)

    def lesson_views(self) -> tuple[str, ...]:
        lesson = self.session.lesson
        return tuple(lesson.views) if lesson is not None else DEFAULT_VIEWS

    def _kept_docks(self) -> set[QDockWidget]:
        docks = {VIEWS[view].dock for view in self.lesson_views() if VIEWS[view].place == "dock"}
        kept = {self.window.findChild(QDockWidget, name) for name in docks}
        draw_dock = self.window.findChild(QDockWidget, VIEWS["draw_sample"].dock)
        if draw_dock is not None and draw_dock.isVisible():  # opened by the teacher: it stays
            kept.add(draw_dock)
        return {dock for dock in kept if dock is not None}

    def _show_views(self) -> None:
        live, views = self.views, set(self.lesson_views())
        info = self.session.run_info
        classify = info is None or info.task != "regression"
        live.main_view.setVisible(bool(views & MAIN_VIEWS))
        live.loss_view.setVisible("loss" in views)
        live.accuracy_view.setVisible("accuracy" in views and classify)
        live.lr_view.setVisible("lr" in views)
        live.curves.setVisible(bool(views & {"loss", "accuracy", "lr"}))

    def _show_progress(self) -> None:
        if self.presenting:
            self.progress_label.setText(self.controls.progress_bar.text())

    # --- the lesson's key setting ---
    def _build_knob(self) -> None:
        if self.knob is not None:
            self.knob_row.removeWidget(self.knob)
            self.knob.deleteLater()
            self.knob = None
        lesson = self.session.lesson
        if lesson is None:
            return
        section, _, name = lesson.key_setting.partition(".")
        config = self.session.config
        self.knob, self.knob_name = _KnobForm(SECTIONS[section], section, fields=[name]), name
        self.knob.setObjectName("presentationKnob")
        self.knob.setAccessibleName(self.tr("Key setting"))
        self.knob.set_values(getattr(config, section))
        self.knob.valueChanged.connect(lambda field, value: self._apply_knob(section, field, value))
        self.knob_row.addWidget(self.knob)
        self._on_state_changed(self.session.status)

    def _apply_knob(self, section: str, name: str, value: object) -> None:
        """As if the setting were changed in its own panel."""
        session = self.session
        try:
            config = updated(session.valid_config(), section, **{name: value})
            if section == "train":
                session.replace_config(config, prepare=False)
                if name == "lr":
                    session.set_lr(float(value))  # a running model takes it at once
            elif session.status == IDLE:
                session.replace_config(config)
        except NNStudioError as error:
            self.views.message_bar.show_error(str(error))

    def _on_state_changed(self, state: str) -> None:
        if self.knob is None:
            return
        section = self.knob.section
        idle = state == "idle"
        self.knob.setEnabled(idle or section == "train")
        self.knob.setToolTip("" if idle or section == "train"
                             else self.tr("Stop training to change this setting"))


class _KnobForm(ConfigForm):
    """One setting as a label and its editor on one line (no group box)."""

    def _lay_out(self, groups: dict[str, str]) -> None:
        super()._lay_out({})
