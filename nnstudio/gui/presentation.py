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

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
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
from nnstudio.gui.config_form import APPLIES_WHEN, ConfigForm
from nnstudio.gui.screen_layout import restore_dock_layout
from nnstudio.gui.speed_control import SpeedControl
from nnstudio.gui.views.zoom import base_points, zoom_widget
from nnstudio.session.state import IDLE, AppSession

if TYPE_CHECKING:
    from nnstudio.gui.live_views import LiveViews
    from nnstudio.gui.training_controls import TrainingControls

PRESENTATION_POINTS = 24.0  # the smallest text while presenting on a 1920×1080 projector
PRESENTATION_LINES = 1080  # ... and in proportion to the screen's height on others
STRIP_SLACK = 8  # pixels the strip keeps free of its row (rounding, the style's frames)
STRIP_SMALLEST = 0.6  # the strip's text may shrink to this share of the plots' to fit the screen
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
    replay_bar: bool
    dropout_check: bool


class Presentation(QObject):
    """Adds View > Presentation and the zoom actions to ``window`` (the main window: full
    screen, its docks, menu and status bar), showing the session's lesson views."""

    def __init__(self, window: QMainWindow, session: AppSession, views: LiveViews,
                 controls: TrainingControls, view_menu: QMenu, replay_bar: Optional[QWidget] = None) -> None:
        super().__init__(window)
        self.window, self.session, self.views, self.controls = window, session, views, controls
        self.replay_bar = replay_bar  # hidden while presenting: the class watches the run
        self.zoom = 1.0
        self._strip_points = 0.0  # the strip's text size asked for (see _fit_strip)
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
        # The key setting follows the config (a variant chosen, Adam instead of SGD), and the
        # views the lesson (or its end).
        session.config_replaced.connect(lambda _config: self.presenting and self._follow_config())
        session.lesson_changed.connect(lambda _lesson: self.presenting and self._present_lesson())

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
        """Train/Pause, Step, Reset; the speed and the lesson's key setting; the epoch; Leave.
        One row where the screen is wide enough, else two (see _arrange_strip)."""
        controls = self.controls
        strip = QWidget(objectName="presentationStrip")
        self.strip_grid = QGridLayout(strip)
        self.strip_grid.setContentsMargins(8, 4, 8, 4)
        self.strip_buttons = QWidget()
        buttons = QHBoxLayout(self.strip_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for action, name in ((controls.train_action, "presentationTrainButton"),
                             (controls.pause_action, "presentationPauseButton"),
                             (controls.step_action, "presentationStepButton"),
                             (controls.reset_action, "presentationResetButton")):
            button = QToolButton(objectName=name)
            button.setDefaultAction(action)
            button.setAccessibleName(action.text())
            buttons.addWidget(button)
        self.strip_settings = QWidget()
        settings = QHBoxLayout(self.strip_settings)
        settings.setContentsMargins(0, 0, 0, 0)
        self.speed = SpeedControl(self.session, "presentationSpeedControl")
        settings.addWidget(self.speed)
        settings.addSpacing(24)
        self.knob_row = QHBoxLayout()
        settings.addLayout(self.knob_row)
        settings.addStretch(1)
        self.progress_label = QLabel(objectName="presentationProgress")
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.leave_button = QToolButton(objectName="presentationLeaveButton")
        self.leave_button.clicked.connect(self.leave)
        self._strip_rows = 0
        self._arrange_strip(1)
        self._fitting_strip = False
        strip.installEventFilter(self)  # grown (a longer run's epochs, a new language): fitted again
        strip.hide()
        self.views.layout.insertWidget(0, strip)
        return strip

    def _arrange_strip(self, rows: int) -> None:
        """One row: buttons, settings, epoch, Leave. Two: buttons, epoch, Leave above the
        settings (a 1024 px projector)."""
        if rows == self._strip_rows:
            return
        self._strip_rows = rows
        grid = self.strip_grid
        parts = (self.strip_buttons, self.strip_settings, self.progress_label, self.leave_button)
        for widget in parts:
            grid.removeWidget(widget)
        for column in range(4):
            grid.setColumnStretch(column, 0)
        if rows == 1:
            for column, widget in enumerate(parts):
                grid.addWidget(widget, 0, column)
            grid.setColumnStretch(2, 1)
        else:
            grid.addWidget(self.strip_buttons, 0, 0)
            grid.addWidget(self.progress_label, 0, 1)
            grid.addWidget(self.leave_button, 0, 2)
            grid.addWidget(self.strip_settings, 1, 0, 1, 3)
            grid.setColumnStretch(1, 1)

    def retranslate(self) -> None:
        """The actions' and the control strip's texts in the interface's language (the window
        calls this after setting its own texts, which reset the Stop action's tooltip)."""
        self.action.setText(self.tr("Presentation"))
        # The toolbar shows the word alone, whatever mnemonic the View menu gives the action (a
        # full menu may append one in brackets: "Presentation(&B)").
        self.action.setIconText(self.tr("Presentation"))
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

    def presentation_points(self) -> float:
        """The plots' text size while presenting: 24 pt on a screen 1080 px tall, in proportion
        on others (a 1024×768 projector shows the same picture as large in the room)."""
        screen = self.window.screen()
        lines = screen.geometry().height() if screen is not None else PRESENTATION_LINES
        return PRESENTATION_POINTS * lines / PRESENTATION_LINES

    def _apply_zoom(self) -> None:
        """Plots everywhere; the control strip too while presenting. (The panels and the views'
        own check boxes keep their size: they are for the teacher, not the room.)"""
        factor = self.zoom * (self.presentation_points() / base_points() if self.presenting else 1.0)
        zoom_widget(self.window, factor)
        for dock in self.window.findChildren(QDockWidget):
            zoom_widget(dock, factor)  # floating docks are windows of their own
        self._fit_strip(base_points() * factor)

    def _fit_strip(self, points: float) -> None:
        """The strip's text at ``points``, on one row if it fits the screen's width, else on two,
        else smaller (down to STRIP_SMALLEST of it)."""
        self._strip_points = points
        width = self._strip_room()
        self._fitting_strip = True
        try:
            self._fit_strip_rows(points, width)
        finally:
            self._fitting_strip = False

    def _fit_strip_rows(self, points: float, width: Optional[int]) -> None:
        for rows, size in [(1, points), (2, points)] + [(2, points * 0.92 ** k) for k in range(1, 7)]:
            self._arrange_strip(rows)
            font = QFont(self.strip.font())
            font.setPointSizeF(size)
            self.strip.setFont(font)
            if self.knob is not None:
                editor, label = self.knob.editor(self.knob_name), self.knob.label(self.knob_name)
                editor.setMinimumWidth(editor.fontMetrics().horizontalAdvance("0.000001") + 40)
                label.setMinimumWidth(label.fontMetrics().horizontalAdvance(label.text()) + 4)
            self._reserve_progress()
            if width is None or self.strip.minimumSizeHint().width() <= width or size <= points * STRIP_SMALLEST:
                return

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.LayoutRequest and watched is getattr(self, "strip", None)
                and not self._fitting_strip and self._strip_points > 0):
            room = self._strip_room()
            if room is not None and self.strip.minimumSizeHint().width() > room:
                self._fit_strip(self._strip_points)
        return False

    def _strip_room(self) -> Optional[int]:
        """The strip's width on the screen while presenting (None when not presenting)."""
        screen = self.window.screen()
        if screen is None or not self.presenting:
            return None
        margins = self.views.layout.contentsMargins()  # the strip sits inside the central widget's margins
        return screen.geometry().width() - margins.left() - margins.right() - STRIP_SLACK

    def _reserve_progress(self) -> None:
        """Room for the epoch at its widest ("epoch 150/150"): the strip does not move as it counts."""
        progress = self.session.last_update.progress if self.session.last_update is not None else None
        total = progress.total_epochs if progress is not None else 0
        widest = self.progress_label.text().replace(str(progress.epoch) if progress else "\0", str(total), 1)
        self.progress_label.setMinimumWidth(self.progress_label.fontMetrics().horizontalAdvance(widest) + 8)

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
        replay = self.replay_bar
        self._saved = _Saved(window.saveGeometry(), window.geometry(), window.saveState(), window.windowState(),
                             window.menuBar().isVisible(), window.statusBar().isVisible(),
                             {widget: widget.isVisible() for widget in central},
                             replay is not None and not replay.isHidden(),
                             not views.boundary_view.dropout_check.isHidden())
        for toolbar in window.findChildren(QToolBar):
            toolbar.hide()
        window.menuBar().hide()
        window.statusBar().hide()
        if replay is not None:
            replay.hide()
        dropout = views.boundary_view.dropout_check  # only for a model with dropout
        dropout.setVisible(dropout.isEnabled())
        self._present_lesson()
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
        if self.replay_bar is not None:
            self.replay_bar.setVisible(saved.replay_bar)
        self.views.boundary_view.dropout_check.setVisible(saved.dropout_check)
        info = self.session.run_info
        if info is not None:  # the task may have changed meanwhile
            self.views.accuracy_view.setVisible(info.task != "regression")
        window.menuBar().setVisible(saved.menu_bar)
        window.statusBar().setVisible(saved.status_bar)
        window.setWindowState(saved.window_state)
        if not saved.window_state & Qt.WindowState.WindowMaximized:
            window.restoreGeometry(saved.geometry)  # (it would put a maximised one where it thinks the frame goes)
        if not saved.window_state & Qt.WindowState.WindowFullScreen:
            window.setGeometry(saved.normal_geometry)  # restoreGeometry shrinks a window to fit the screen
        restore_dock_layout(window, saved.state)
        if saved.window_state & Qt.WindowState.WindowMaximized and not window.isMaximized():
            window.showMaximized()  # (setting a geometry may have taken the state away)
        self.action.setShortcuts([QKeySequence(Qt.Key.Key_F11)])
        self.controls.set_escape_stops(True)
        self.action.setChecked(False)

    def _present_lesson(self) -> None:
        """Show what the lesson in use (or, without one, the main view and the loss) uses:
        its views, its dock views under the picture, its key setting."""
        kept = self._kept_docks()
        window = self.window
        for dock in window.findChildren(QDockWidget):
            dock.setVisible(dock in kept)
        views_below = [dock for dock in kept if not dock.isFloating()]
        for index, dock in enumerate(views_below):  # under the picture, side by side
            if index == 0:
                window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            else:
                window.splitDockWidget(views_below[index - 1], dock, Qt.Orientation.Horizontal)
            dock.show()
        if views_below:
            window.resizeDocks(views_below[:1], [int(window.height() * 0.3)], Qt.Orientation.Vertical)
        self._build_knob()
        self._show_views()
        if self.presenting:
            self._apply_zoom()

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
        if self.presenting:  # the epoch (the progress bar's first part): what the class follows
            self.progress_label.setText(self.controls.progress_bar.text().split(" · ")[0])
            self._reserve_progress()

    # --- the lesson's key setting ---
    def _follow_config(self) -> None:
        """A new config while presenting (a variant chosen): the strip's setting shows its value,
        or becomes the setting that applies now (the optimiser, for Adam instead of momentum)."""
        lesson = self.session.lesson
        if lesson is None:
            return
        section, _, name = lesson.key_setting.partition(".")
        values = getattr(self.session.config, section)
        if self.knob is not None and setting_that_applies(section, name, values) == self.knob_name:
            self.knob.set_values(values)
            return
        self._build_knob()
        self._fit_strip(self.strip.font().pointSizeF())

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
        name = setting_that_applies(section, name, getattr(config, section))
        self.knob, self.knob_name = _KnobForm(SECTIONS[section], section, fields=[name]), name
        self.knob.setObjectName("presentationKnob")
        self.knob.setAccessibleName(self.tr("Key setting"))
        self.knob.set_values(getattr(config, section))
        self.knob.valueChanged.connect(lambda field, value: self._apply_knob(section, field, value))
        self.knob_row.addWidget(self.knob)
        self.knob.show()
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


def setting_that_applies(section: str, name: str, values) -> str:
    """The key setting to show, or the one it depends on when it does not apply to ``values``
    (a section of the config): momentum under Adam shows the optimiser, a step size without a
    step schedule the schedule (see config_form.APPLIES_WHEN)."""
    controller, needed = APPLIES_WHEN.get(name, (None, ()))
    if controller is not None and getattr(values, controller, None) not in needed:
        return controller
    return name
