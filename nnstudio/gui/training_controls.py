"""Train, Pause/Resume, Step, Stop and Reset (toolbar, Training menu, shortcuts), the progress bar
and the status bar's labels: the controls of the session's run and what they say about it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QProgressBar, QToolBar

from nnstudio.core.train import RunResult
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.final_evaluation import TestSetEvaluation
from nnstudio.gui.keyboard import shortcut_text
from nnstudio.gui.views.describe import describe
from nnstudio.gui.message_bar import MessageBar
from nnstudio.session.protocol import RunInfo, Update
from nnstudio.session.state import IDLE, PAUSED, RUNNING, STEPPING, AppSession

STATE_TEXT = {IDLE: QT_TRANSLATE_NOOP("TrainingControls", "Ready"), RUNNING: QT_TRANSLATE_NOOP("TrainingControls", "Training"),
              PAUSED: QT_TRANSLATE_NOOP("TrainingControls", "Paused"),
              STEPPING: QT_TRANSLATE_NOOP("TrainingControls", "Stepping one epoch")}
ACTION_TEXTS = {  # objectName: (text, tooltip)
    "trainAction": (QT_TRANSLATE_NOOP("TrainingControls", "Train"),
                    QT_TRANSLATE_NOOP("TrainingControls", "Start or continue training")),
    "pauseAction": (QT_TRANSLATE_NOOP("TrainingControls", "Pause"),
                    QT_TRANSLATE_NOOP("TrainingControls", "Pause or resume training")),
    "stepAction": (QT_TRANSLATE_NOOP("TrainingControls", "Step"), QT_TRANSLATE_NOOP("TrainingControls", "Train exactly one epoch")),
    "stopAction": (QT_TRANSLATE_NOOP("TrainingControls", "Stop"),
                   QT_TRANSLATE_NOOP("TrainingControls", "Stop training (the model is kept)")),
    "resetAction": (QT_TRANSLATE_NOOP("TrainingControls", "Reset"),
                    QT_TRANSLATE_NOOP("TrainingControls", "New random weights, empty history")),
}


STOP_KEYS = ["Esc", "Shift+F5"]


def _table_text(text: str) -> str:
    """A text of STATE_TEXT or ACTION_TEXTS in the interface's language."""
    return QCoreApplication.translate("TrainingControls", text)


class TrainingControls(QObject):
    """The run's controls on ``host`` (a QMainWindow): a toolbar, a Training menu and the status
    bar's labels, all following ``session``."""

    def __init__(self, host: QMainWindow, session: AppSession, message_bar: MessageBar) -> None:
        super().__init__(host)
        self.host, self.session, self.message_bar = host, session, message_bar
        toolbar = self.toolbar = QToolBar(host, objectName="trainingToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        host.addToolBar(toolbar)
        # Space, P and S give way to a focused control that uses them (see keyboard.py); the
        # function keys and Esc work wherever the focus is.
        self.train_action = self._action("train", ["Space", "F5"], session.toggle_training)
        self.pause_action = self._action("pause", ["P", "Space", "F5"], session.toggle_pause)
        self.step_action = self._action("step", ["S", "F6"], session.step)
        self.stop_action = self._action("stop", STOP_KEYS, session.stop)
        self.reset_action = self._action("reset", ["Ctrl+R"], session.reset)
        self.actions = [self.train_action, self.pause_action, self.step_action, self.stop_action, self.reset_action]
        for action, name in zip(self.actions, ["trainButton", "pauseButton", "stepButton", "stopButton", "resetButton"]):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a toolbar's buttons take no focus otherwise
        self.progress_bar = QProgressBar(objectName="progressBar")
        self.progress_bar.setMinimumWidth(380)
        self.progress_bar.setTextVisible(True)
        toolbar.addSeparator()
        toolbar.addWidget(self.progress_bar)
        self.menu = QMenu(host, objectName="trainingMenu")
        for action in self.actions:
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.test = TestSetEvaluation(host, session, message_bar)
        self.test_action = self.menu.addAction("", self.test.ask)
        self.test_action.setObjectName("evaluateTestAction")
        self.state_label = QLabel(objectName="stateLabel")
        self.device_label = QLabel(objectName="deviceLabel")
        self.params_label = QLabel(objectName="statusParams")
        for label in (self.state_label, self.params_label, self.device_label):
            host.statusBar().addPermanentWidget(label)
        session.status_changed.connect(self._on_status)
        session.prepared.connect(self._on_prepared)
        session.updated.connect(self.show_progress)
        session.run_finished.connect(self._on_run_finished)
        session.failed.connect(message_bar.show_error)
        self._status = session.status
        self._on_status(session.status)

    def _action(self, name: str, shortcuts: list[str], slot) -> QAction:
        """A toolbar action; its text and tooltip come from ACTION_TEXTS (see retranslate)."""
        action = QAction(self.host, objectName=name + "Action")
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        return action

    def set_escape_stops(self, stops: bool) -> None:
        """Esc stops training (True), or is left to another use (presentation mode leaves with it)."""
        keys = STOP_KEYS if stops else [key for key in STOP_KEYS if key != "Esc"]
        self.stop_action.setShortcuts([QKeySequence(key) for key in keys])

    def retranslate(self) -> None:
        for action in self.actions:
            text, tip = ACTION_TEXTS[action.objectName()]
            self._set_text(action, _table_text(text))
            action.setToolTip(f"{_table_text(tip)} ({shortcut_text(action)})")
            if action in (self.train_action, self.pause_action, self.step_action):
                action.setToolTip(action.toolTip() + "\n" + self.tr(
                    "Space, P and S go to the focused control when it uses them (a check box, a button, "
                    "a list, a text field); F5, F6 and Esc work wherever the focus is."))
        if self.session.status == PAUSED:
            self._set_text(self.pause_action, self.tr("Resume"))
        self.toolbar.setWindowTitle(self.tr("Training"))
        self.progress_bar.setAccessibleName(self.tr("Training progress"))
        self.menu.setTitle(self.tr("&Training"))
        self.test_action.setText(self.tr("Evaluate on &test set…"))
        self.test_action.setToolTip(self.tr("Score the model on held-out test data, once, at the very end"))
        self.state_label.setText(_table_text(STATE_TEXT[self.session.status]))
        if self.session.run_info is not None:
            self._on_prepared(self.session.run_info)
        if self.session.last_update is not None:
            self.show_progress(self.session.last_update)

    def _set_text(self, action: QAction, text: str) -> None:
        """The action's text on its buttons and (with a mnemonic added, see keyboard.py) in the menu."""
        action.setText(text)
        action.setIconText(text)  # the buttons show this: no mnemonic, no "(&T)"
        self.toolbar.widgetForAction(action).setAccessibleName(text)

    # --- session events ---
    def _on_status(self, status: str) -> None:
        if self._status == IDLE and status in (RUNNING, STEPPING):
            self.message_bar.clear()  # a new run: the last one's messages are done with
        self._status = status
        idle = status == IDLE
        self.train_action.setEnabled(idle)
        self.pause_action.setEnabled(status in (RUNNING, PAUSED))
        self._set_text(self.pause_action, self.tr("Resume") if status == PAUSED else self.tr("Pause"))
        self.step_action.setEnabled(status in (IDLE, PAUSED))
        self.stop_action.setEnabled(not idle)
        self.state_label.setText(_table_text(STATE_TEXT[status]))

    def _on_prepared(self, info: RunInfo) -> None:
        self.params_label.setText(self.tr("{count} parameters").format(count=f"{info.n_params:,}")
                                  if info.n_params else "")
        if info.device:
            self.device_label.setText(self.tr("Device: {device}").format(device=info.device))
        if self.session.last_update is None:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            self.progress_bar.setFormat(self.tr("ready"))
            describe(self.progress_bar, self.progress_bar.text())

    def show_progress(self, update: Update) -> None:
        progress = update.progress
        total = max(progress.total_epochs, 1)
        # In epochs, as its text: a screen reader reads the value ("60" of 60), not the text.
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(min(progress.epoch, total))
        parts = [self.tr("epoch {epoch}/{total}").format(epoch=progress.epoch, total=total)]
        if progress.step:
            parts.append(self.tr("step {step}/{steps}").format(step=progress.step, steps=progress.steps_per_epoch))
        if progress.samples_per_s:
            parts.append(self.tr("{rate} samples/s").format(rate=f"{progress.samples_per_s:,.0f}"))
        seconds = self.session.history.seconds_per_epoch
        if seconds and progress.epoch < total and self.session.status == RUNNING:
            parts.append(self.tr("{time} left").format(time=_duration(seconds * (total - progress.epoch))))
        self.progress_bar.setFormat(" · ".join(parts))
        describe(self.progress_bar, self.progress_bar.text())

    def _on_run_finished(self, result: RunResult) -> None:
        reason = translate_core_message(result.stop_reason)
        if result.stop_kind == "diverged":
            self.message_bar.show_error(
                self.tr("Training diverged: {reason}. The loss became infinite or NaN.").format(reason=reason))
        elif result.stop_kind == "early_stopped":
            restored = (self.tr("; weights restored to epoch {epoch}").format(epoch=result.restored_epoch)
                        if result.restored_epoch else "")
            self.message_bar.show_info(reason + restored)
        elif result.notice:  # completed, with the training loss still falling (convergence.py)
            self.message_bar.show_info(result.notice)  # translated, also after a language switch
        status_bar = self.host.statusBar()
        status_bar.showMessage(reason, 8000)
        if self.session.record_problem:
            status_bar.showMessage(self.tr("{reason} · not recorded: {problem}").format(
                reason=reason, problem=translate_core_message(self.session.record_problem)), 8000)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
