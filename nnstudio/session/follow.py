"""A run folder followed while a run trains elsewhere (a server, a cluster, another terminal):
an exported script's or ``nnstudio train``'s ``--out`` folder, perhaps on a mounted network
drive. No Qt: whoever owns the session calls :meth:`AppSession.poll_following` when the folder
may have changed (the GUI: on a file-system notice, and on a timer for folders that send none).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from nnstudio.core.config import RunConfig
from nnstudio.core.records import EpochMetrics
from nnstudio.core.store.run_folder import (
    METRICS, MODEL, MetricsTail, ends, read_config, read_summary,
)


@dataclass
class FolderNews:
    """What one poll found: new epochs, and whether the run started (its config.toml appeared),
    started again (a new run in the folder: forget the epochs before) or finished (its
    summary.json appeared)."""

    epochs: list[EpochMetrics] = field(default_factory=list)
    started: bool = False
    restarted: bool = False
    finished: bool = False

    def __bool__(self) -> bool:
        return bool(self.epochs) or self.started or self.restarted or self.finished


class FollowedRun:
    """The state of a followed run folder, read a little more at each :meth:`poll`."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder).expanduser().absolute()
        self.config: Optional[RunConfig] = None  # None until its config.toml is there
        self.summary: Optional[dict[str, Any]] = None  # None until the run ended
        self.epochs: list[EpochMetrics] = []
        self._tail = MetricsTail(self.folder / METRICS)

    def poll(self) -> FolderNews:
        """Read what is new. NNStudioError (RunFolderError, ConfigError) when the folder holds
        something that is not a run (a damaged line, a bad config.toml)."""
        news = FolderNews()
        if self.config is None:
            self.config = read_config(self.folder)
            if self.config is None:
                return news  # the run has not started yet
            news.started = True
        # summary.json first: once it is there, every line of metrics.csv was written before it.
        summary = read_summary(self.folder) if self.summary is None else self.summary
        new = self._tail.read()
        if new.restarted:  # a new run in the same folder
            self.epochs, self.summary = [], None
            summary = read_summary(self.folder)
            self.config = read_config(self.folder) or self.config
            news.restarted = True
        self.epochs += new.epochs
        news.epochs = new.epochs
        # An earlier run's summary.json stays until this run writes its own: it must end these epochs.
        if summary is not None and self.summary is None and ends(summary, self.epochs):
            self.summary, news.finished = summary, True
        return news

    @property
    def finished(self) -> bool:
        return self.summary is not None

    @property
    def stop_reason(self) -> str:
        return str((self.summary or {}).get("stop_reason") or "")

    @property
    def model_path(self) -> Optional[Path]:
        """The run's model.pt, once the run has ended with one."""
        path = self.folder / MODEL
        return path if self.finished and path.is_file() else None

    @property
    def best_epoch(self) -> Optional[int]:
        """The epoch of the lowest validation loss (training loss without validation) so far."""
        best = None
        for metrics in self.epochs:
            loss = metrics.monitored_loss
            if math.isfinite(loss) and (best is None or loss < best.monitored_loss):
                best = metrics
        return best.epoch if best is not None else None
