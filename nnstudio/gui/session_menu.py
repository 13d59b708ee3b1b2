"""File ▸ Save session… and Open session…: the whole classroom session in one file (the settings,
the runs listed in the Runs panel with their epochs, models and replays, the lesson in use, the
window's layout and model; core/store/session_file.py), reopened the same on another laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from nnstudio.core.errors import NNStudioError
from nnstudio.core.lessons import load_lesson
from nnstudio.core.store import RunStore
from nnstudio.core.store.checkpoint import checkpoint_bytes
from nnstudio.core.store.session_file import SUFFIX, SessionContents, open_session, save_session
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.message_bar import MessageBar
from nnstudio.session.state import IDLE, AppSession


class SessionFiles(QObject):
    """Adds the two actions to ``menu`` (before ``before``) and carries them out. ``host`` is the
    window whose layout is saved and restored; the other parts are reached through callables:
    ``shown_run_ids()`` (the runs to keep: those the Runs panel lists), ``open_lesson(lesson)``,
    ``load_model(path, done=callback) -> bool`` and ``open_replay(checkpoint)``."""

    def __init__(self, host: QMainWindow, session: AppSession, message_bar: MessageBar, menu: QMenu,
                 before: Optional[QAction], shown_run_ids: Callable[[], list[int]],
                 open_lesson: Callable[[object], None], load_model: Callable[..., bool],
                 open_replay: Callable[[str], None]) -> None:
        super().__init__(host)
        self.host, self.session, self.message_bar = host, session, message_bar
        self.shown_run_ids, self.open_lesson = shown_run_ids, open_lesson
        self.load_model, self.open_replay = load_model, open_replay
        self.save_action = QAction(self.host, objectName="saveSessionAction")
        self.save_action.triggered.connect(lambda: self.save())
        self.open_action = QAction(self.host, objectName="openSessionAction")
        self.open_action.triggered.connect(lambda: self.open())
        menu.insertAction(before, self.open_action)
        menu.insertAction(before, self.save_action)
        menu.insertSeparator(before)
        self.retranslate()

    def retranslate(self) -> None:
        self.open_action.setText(self.tr("Open se&ssion…"))
        self.open_action.setToolTip(self.tr("Open a classroom session: its settings, runs, models, lesson and layout"))
        self.save_action.setText(self.tr("Save sess&ion…"))
        self.save_action.setToolTip(self.tr("Save the settings, the runs the Runs panel lists (with their epochs "
                                            "and models), the lesson and the layout in one file"))

    def _filter(self) -> str:
        return self.tr("nnstudio sessions (*{suffix});;All files (*)").format(suffix=SUFFIX)

    # --- saving ---
    def save(self, path: str = "") -> bool:
        """Save the session to ``path`` (asked for when not given); False if not saved."""
        session = self.session
        if session.status != IDLE:
            self.message_bar.show_error(self.tr("Stop training before saving the session."))
            return False
        try:
            config = session.valid_config()
        except NNStudioError as error:
            self.message_bar.show_error(self.tr("Fix the settings first: {error}").format(error=error))
            return False
        path = path or QFileDialog.getSaveFileName(self.host, self.tr("Save session"), "class" + SUFFIX,
                                                   self._filter())[0]
        if not path:
            return False
        if Path(path).suffix.lower() != SUFFIX:
            path += SUFFIX
        try:
            run_ids = self.shown_run_ids()
            contents = SessionContents(
                config=config,
                lesson=session.lesson.slug if session.lesson is not None else "",
                layout=bytes(self.host.saveState().data()),
                geometry=bytes(self.host.saveGeometry().data()),
                run_ids=run_ids,
                current_run=session.run_id if session.run_id in run_ids else None,
                model=checkpoint_bytes(session.model) if session.model is not None else None,
            )
            save_session(path, contents)
        except NNStudioError as error:
            self.message_bar.show_error(self.tr("Could not save the session: {error}").format(
                error=translate_core_message(str(error))))
            return False
        self.host.statusBar().showMessage(
            self.tr("Saved the session with {count} runs to {path}").format(count=len(run_ids), path=path), 8000)
        return True

    # --- opening ---
    def open(self, path: str = "") -> bool:
        """Open the session file ``path`` (asked for when not given); False if not opened."""
        if self.session.status != IDLE:
            self.message_bar.show_error(self.tr("Stop training before opening a session."))
            return False
        path = path or QFileDialog.getOpenFileName(self.host, self.tr("Open session"), "", self._filter())[0]
        if not path:
            return False
        try:
            opened = open_session(path)
            lesson = load_lesson(opened.lesson) if opened.lesson else None
        except NNStudioError as error:
            self.message_bar.show_error(self.tr("Could not open the session: {error}").format(
                error=translate_core_message(str(error))))
            return False
        if lesson is not None:
            self.open_lesson(lesson)

        def model_loaded(ok: bool) -> None:
            # The model is read in the background and brings the settings it was trained with;
            # the session's settings (edited after training, perhaps) come back after it.
            if not ok:
                self.session.replace_config(opened.config)
                return
            self.session.replace_config(opened.config, prepare=False)
            if opened.current_run is not None:
                self._open_replay_of(opened.current_run)

        if opened.model_path is None or not self.load_model(str(opened.model_path), done=model_loaded):
            self.session.replace_config(opened.config)
        if opened.layout:
            self.host.restoreState(QByteArray(opened.layout))
        if opened.geometry:
            self.host.restoreGeometry(QByteArray(opened.geometry))
        self.host.statusBar().showMessage(
            self.tr("Opened the session {path}: {count} runs ({added} new in the history)").format(
                path=Path(path).name, count=len(opened.run_ids), added=opened.added), 8000)
        return True

    def _open_replay_of(self, run_id: int) -> None:
        try:
            with RunStore() as store:
                checkpoint = store.get_run(run_id).checkpoint
        except NNStudioError:
            return
        if checkpoint:
            self.open_replay(checkpoint)
