"""Keeps every model of a comparison as a run of the history, with its trained model, so a row of
the compare table reopens its run as the Runs panel does."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from nnstudio.core import paths
from nnstudio.core.config import RunConfig
from nnstudio.core.store.checkpoint import save_checkpoint
from nnstudio.core.store.recorder import RunRecorder


def run_checkpoint_path(run_id: int, home: Path | None = None) -> Path:
    """Where the model of recorded run ``run_id`` is kept (as the window keeps its runs'), in
    the data folder ``home`` (else the user's)."""
    return (home if home is not None else paths.data_home()) / "checkpoints" / f"run-{run_id}.pt"


class CompareRecorder:
    """Give each compared model's Trainer :meth:`callbacks`, and hand each finished model to
    :meth:`keep`. A history that cannot be written never stops the comparison: the reason is
    kept in :attr:`problem`."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = path
        self.problem: Optional[str] = None
        self._recorder: Optional[RunRecorder] = None

    def callbacks(self, config: RunConfig) -> list[RunRecorder]:
        self._recorder = RunRecorder(self.path, name=f"compare: {config.name}")
        return [self._recorder]

    def keep(self, score, trainer) -> None:
        """Save the model of ``score`` (a ModelScore) and note its run id and file (nothing for
        the baseline, whose ``trainer`` is None)."""
        recorder = self._recorder
        if trainer is None:
            return
        if recorder is None or recorder.run_id is None or recorder.problem:
            self.problem = self.problem or (recorder.problem if recorder else None)
            return
        checkpoint = run_checkpoint_path(recorder.run_id)
        try:
            save_checkpoint(checkpoint, trainer)
        except OSError as exc:
            self.problem = f"the model of {score.model} could not be saved ({exc.strerror})"
            return
        recorder.set_checkpoint(checkpoint)
        score.run_id, score.checkpoint = recorder.run_id, str(checkpoint)
