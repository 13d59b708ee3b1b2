"""File ▸ Follow a run folder…: watch a run folder another process writes (an exported script on
a server, ``nnstudio train --out`` in a terminal) and show its curves as its epochs end.

The session reads the folder (nnstudio/session/follow.py); this only tells it when to look: a
QFileSystemWatcher for prompt notice on local disks, and a timer for folders that send none (a
mounted network drive often does not), so a new epoch shows within a second either way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from nnstudio.core.store.run_folder import METRICS
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.message_bar import MessageBar
from nnstudio.session.follow import FolderNews, FollowedRun
from nnstudio.session.state import AppSession

POLL_MS = 400  # the timer's look at the folder: new epochs show within a second without notices


class FolderFollower(QObject):
    """Asks ``session`` to read the followed folder whenever it may have changed, and says in
    ``message_bar`` what is happening (waiting, following, ended)."""

    def __init__(self, session: AppSession, message_bar: MessageBar, parent: QObject) -> None:
        super().__init__(parent)
        self.session, self.message_bar = session, message_bar
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._look)
        self.watcher.fileChanged.connect(self._look)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self._look)
        session.following_changed.connect(self._on_following_changed)
        session.followed.connect(self._on_news)

    def follow(self, folder: str) -> bool:
        return self.session.follow(folder)

    def _on_following_changed(self, run: FollowedRun | None) -> None:
        self._unwatch()
        if run is None:
            self.timer.stop()
            return
        self.timer.start()
        self._watch(run.folder)
        self.message_bar.show_info(
            self.tr("Waiting for a run to start in {folder}").format(folder=run.folder))

    def _look(self) -> None:
        run = self.session.following
        if run is None:
            return
        self._watch(run.folder)  # the folder, or its metrics.csv, may have appeared since
        self.session.poll_following()

    def _watch(self, folder: Path) -> None:
        watched = set(self.watcher.directories()) | set(self.watcher.files())
        wanted = [str(path) for path in (folder, folder / METRICS) if path.exists()]
        missing = [path for path in wanted if path not in watched]
        if missing:
            self.watcher.addPaths(missing)

    def _unwatch(self) -> None:
        paths = self.watcher.directories() + self.watcher.files()
        if paths:
            self.watcher.removePaths(paths)

    def _on_news(self, news: FolderNews) -> None:
        run = self.session.following
        if run is None:
            return
        if news.finished:
            text = self.tr("The followed run in {folder} ended: {reason}.").format(
                folder=run.folder, reason=translate_core_message(run.stop_reason))
            if run.model_path is not None:
                text += " " + self.tr("File ▸ Load model… opens its model ({path}).").format(
                    path=run.model_path)
            self.message_bar.show_info(text)
        elif news.started or news.restarted:
            self.message_bar.show_info(self.tr(
                "Following the run in {folder}: its epochs appear as they end. Train or Reset "
                "returns to your own experiment.").format(folder=run.folder))
