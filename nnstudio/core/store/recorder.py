"""The Trainer callback that writes every run into the run history as it happens."""

from __future__ import annotations

import os
import time
import weakref
from pathlib import Path
from typing import Any, Optional

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import StoreError
from nnstudio.core.store.database import DEFAULT_TIMEOUT
from nnstudio.core.store.history import RunStore, default_path
from nnstudio.core.records import Callback


class RunRecorder(Callback):
    """Records a Trainer's run in the history: the run at its start, one committed row per epoch
    (a killed process loses at most the epoch in flight), how it ended at its end.

    With ``commit_every_s`` > 0 the epochs finished within that time are committed together (a
    killed process loses at most that much training): a commit costs ~0.1 ms, a tenth or more of
    a small network's epoch. The window's training process uses 0.1 s; :meth:`flush` commits
    what is pending (the window calls it when a pause takes hold).

    It never stops training. If the history cannot be written (busy, read-only, damaged) the
    recorder stops recording and keeps the reason in :attr:`problem` for the caller to show.
    Calling ``fit`` again on the same trainer (resume after stop) continues the same run; a new
    or reset trainer starts a new one.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        name: Optional[str] = None,
        timeout: float = DEFAULT_TIMEOUT,
        commit_every_s: float = 0.0,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.name = name
        self.timeout = timeout
        self.commit_every_s = commit_every_s
        self._pending: list = []
        self._best_epoch: Optional[int] = None
        self._committed_at = 0.0
        self.run_id: Optional[int] = None
        self.problem: Optional[str] = None
        self._store: Optional[RunStore] = None
        self._trainer: Optional[weakref.ref] = None

    # --- Callback hooks ---
    def on_run_start(self, trainer) -> None:
        resuming = (
            self.run_id is not None
            and self._trainer is not None
            and self._trainer() is trainer
            and trainer.epoch > 0
        )
        if resuming and self.problem is not None:
            return  # recording failed earlier in this run: a gap-free record is no longer possible
        if not resuming:
            self.run_id, self.problem = None, None
        self._trainer = weakref.ref(trainer)
        self._pending = []
        self._committed_at = time.monotonic()
        try:
            self._store = RunStore(self.path, self.timeout)
            if resuming:
                self._store.mark_running(self.run_id)
            else:
                self.run_id = self._store.start_run(
                    trainer.config,
                    name=self.name or default_run_name(trainer.config),
                    device=str(trainer.device),
                    n_params=trainer.n_params,
                    history=trainer.history.epochs,  # epochs trained before the recorder came
                    best_epoch=trainer.history.best_epoch,
                )
        except StoreError as exc:
            self._give_up(str(exc))

    def on_epoch_end(self, trainer, metrics) -> None:
        if self._store is None:
            return
        self._pending.append(metrics)
        self._best_epoch = trainer.history.best_epoch
        if self.commit_every_s <= 0 or time.monotonic() - self._committed_at >= self.commit_every_s:
            self.flush()

    def flush(self) -> None:
        """Commit the epochs not committed yet."""
        if self._store is None or not self._pending:
            return
        pending, self._pending = self._pending, []
        try:
            self._store.add_epochs(self.run_id, pending, self._best_epoch)
        except StoreError as exc:
            self._give_up(f"{exc} (the history has this run up to epoch {pending[0].epoch - 1})")
        self._committed_at = time.monotonic()

    def on_run_end(self, trainer, result) -> None:
        self.flush()
        if self._store is None:
            return
        try:
            self._store.end_run(self.run_id, result.summary())
        except StoreError as exc:
            self._give_up(str(exc))
        finally:
            self._close()

    # --- after the run ---
    def set_test(self, test: Optional[dict[str, Any]]) -> None:
        """Record a test evaluation made after the run ended."""
        self._after_run(lambda store: store.set_test(self.run_id, test))

    def set_checkpoint(self, path: str | os.PathLike[str]) -> None:
        """Record where the run's model was saved."""
        self._after_run(lambda store: store.set_checkpoint(self.run_id, path))

    def _after_run(self, change) -> None:
        if self.run_id is None or self.problem is not None:
            return
        try:
            with RunStore(self.path, self.timeout) as store:
                change(store)
        except StoreError as exc:
            self.problem = str(exc)

    def _give_up(self, problem: str) -> None:
        self.problem = problem
        self._close()

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def default_run_name(config: RunConfig) -> str:
    """The config's name, or what it trains on what (``moons mlp``)."""
    if config.name:
        return config.name
    preset = "mlp" if config.model.preset == "auto" else config.model.preset
    return f"{config.data.dataset} {preset}"
