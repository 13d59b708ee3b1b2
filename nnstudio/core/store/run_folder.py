"""Run folders: what ``nnstudio train --out DIR`` and an exported script's ``--out DIR`` write
(config.toml at the start, a line of metrics.csv as each epoch ends, model.pt and summary.json at
the end). Read one whole to import it into the run history (:func:`import_run_folder`), or follow
its metrics.csv while another process, perhaps on another machine, appends to it
(:class:`MetricsTail`).
"""

from __future__ import annotations

import csv
import json
import math
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import CheckpointError, NNStudioError, StoreError, unreadable
from nnstudio.core.experiment import load_config
from nnstudio.core.records import METRIC_COLUMNS, EpochMetrics
from nnstudio.core.store.checkpoint import load_checkpoint
from nnstudio.core.store.history import RunStore
from nnstudio.core.store.recorder import default_run_name

CONFIG, METRICS, SUMMARY, MODEL = "config.toml", "metrics.csv", "summary.json", "model.pt"
_PREFIX_BYTES = 512  # the start of metrics.csv kept to notice a new run written over the old one


class RunFolderError(NNStudioError):
    """A run folder cannot be read: missing, not a run folder, or a damaged file in it."""


@dataclass
class NewEpochs:
    """What :meth:`MetricsTail.read` found: the epochs of the lines completed since the last read.
    ``restarted``: the file was started again (a new run in the folder), so the epochs read
    before are not this run's; ``epochs`` then holds the new file's epochs from its start."""

    epochs: list[EpochMetrics] = field(default_factory=list)
    restarted: bool = False


class MetricsTail:
    """Reads a metrics.csv that another process appends to. Each :meth:`read` reads only the
    bytes added since the last one and returns the epochs of the complete lines among them; a
    half-written last line waits for its end. Reads nothing if the file is not there (yet)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._reset()
        self._identity: Optional[tuple[int, int]] = None

    def _reset(self) -> None:
        self._offset = 0  # bytes of complete lines read so far
        self._prefix = b""  # the file's first bytes, as read
        self._columns: Optional[list[str]] = None
        self._line = 0

    def read(self) -> NewEpochs:
        try:
            with open(self.path, "rb") as file:
                status = os.fstat(file.fileno())
                identity = (status.st_dev, status.st_ino)
                restarted = self._identity is not None and (
                    identity != self._identity
                    or status.st_size < self._offset
                    or file.read(len(self._prefix)) != self._prefix
                )
                if restarted:
                    self._reset()
                self._identity = identity
                file.seek(self._offset)
                data = file.read()
        except (FileNotFoundError, NotADirectoryError):
            return NewEpochs()
        except OSError as exc:
            raise RunFolderError(unreadable(self.path, exc)) from None
        complete = data[: data.rfind(b"\n") + 1]
        if len(self._prefix) < _PREFIX_BYTES:
            self._prefix = (self._prefix + complete)[:_PREFIX_BYTES]
        self._offset += len(complete)
        epochs = []
        for raw in complete.splitlines():
            self._line += 1
            metrics = self._parse(raw)
            if metrics is not None:
                epochs.append(metrics)
        return NewEpochs(epochs, restarted)

    def _parse(self, raw: bytes) -> Optional[EpochMetrics]:
        where = f"{self.path}: line {self._line}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RunFolderError(f"{where}: not UTF-8 text") from None
        if not text.strip():
            return None
        cells = [cell.strip() for cell in next(csv.reader([text]))]
        if self._columns is None:
            if "epoch" not in cells:
                raise RunFolderError(f"{where}: not a metrics.csv header (no epoch column)")
            self._columns = cells
            return None
        if len(cells) != len(self._columns):
            raise RunFolderError(
                f"{where}: {len(cells)} cells, expected {len(self._columns)} (the header has "
                f"{len(self._columns)} columns)"
            )
        values: dict[str, Optional[float]] = {}
        for name, cell in zip(self._columns, cells):
            if name not in METRIC_COLUMNS:
                continue
            try:
                values[name] = float(cell) if cell else None
            except ValueError:
                raise RunFolderError(f"{where}, column {name}: {cell} is not a number") from None
        epoch = values.get("epoch")
        if epoch is None or not epoch.is_integer() or epoch < 1:
            raise RunFolderError(f"{where}: the epoch must be a whole number from 1")
        return EpochMetrics(
            epoch=int(epoch),
            train_loss=_number(values.get("train_loss")),
            val_loss=values.get("val_loss"),
            train_acc=values.get("train_acc"),
            val_acc=values.get("val_acc"),
            lr=_number(values.get("lr")),
            seconds=_number(values.get("seconds")),
            samples_per_s=0.0,  # not in metrics.csv
            steps=0,
        )


def _number(value: Optional[float]) -> float:
    return math.nan if value is None else value


@dataclass
class RunFolder:
    """A run folder read whole. ``summary`` is None while the run goes on (or if it was killed
    before the end); ``checkpoint`` is its model.pt, if there is one."""

    folder: Path
    config: RunConfig
    epochs: list[EpochMetrics]
    summary: Optional[dict[str, Any]]
    checkpoint: Optional[Path]

    @property
    def finished(self) -> bool:
        return self.summary is not None

    @property
    def best_epoch(self) -> Optional[int]:
        """The summary's best epoch, else the epoch of the lowest validation (or training) loss."""
        if self.summary and self.summary.get("best_epoch") is not None:
            return int(self.summary["best_epoch"])
        finite = [m for m in self.epochs if math.isfinite(m.monitored_loss)]
        return min(finite, key=lambda m: m.monitored_loss).epoch if finite else None


def read_config(folder: str | os.PathLike[str]) -> Optional[RunConfig]:
    """The run folder's config.toml, or None while it is not there; RunFolderError if ``folder``
    is not a folder, ConfigError if the file is not a valid experiment."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise RunFolderError(f"{folder}: not a folder")
    if not (folder / CONFIG).is_file():
        return None
    return load_config(folder / CONFIG)


def read_summary(folder: str | os.PathLike[str]) -> Optional[dict[str, Any]]:
    """summary.json (written last, when the run ended), or None while it is not there."""
    path = Path(folder) / SUMMARY
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise RunFolderError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        summary = json.loads(text)
    except ValueError:
        raise RunFolderError(f"{path}: not valid JSON") from None
    if not isinstance(summary, dict):
        raise RunFolderError(f"{path}: not a run summary")
    return summary


def ends(summary: Optional[dict[str, Any]], epochs: list[EpochMetrics]) -> bool:
    """Whether ``summary`` is the end of the run whose ``epochs`` metrics.csv holds. A new run
    in the folder does not remove an earlier run's summary.json (a run that fails to write its
    own keeps the earlier file, as every file nnstudio writes), so the summary must name one of
    these epochs: its final epoch's line, to the time the epoch took (copying a folder keeps
    that, unlike the files' times). A summary that names no final epoch is taken as it is."""
    if summary is None:
        return False
    final = summary.get("final")
    if not isinstance(final, dict) or final.get("epoch") is None:
        return True
    line = next((epoch for epoch in epochs if epoch.epoch == final.get("epoch")), None)
    if line is None:
        return False
    seconds = final.get("seconds")
    if not isinstance(seconds, (int, float)) or not math.isfinite(line.seconds):
        return True  # nothing to tell two runs apart by
    return math.isclose(line.seconds, seconds, rel_tol=1e-9, abs_tol=1e-12)


def read_run_folder(folder: str | os.PathLike[str]) -> RunFolder:
    """Everything a run folder holds so far; RunFolderError (or ConfigError) saying what is wrong."""
    folder = Path(folder).expanduser()
    if not folder.exists():
        raise RunFolderError(f"{folder}: no such folder")
    config = read_config(folder)
    if config is None:
        raise RunFolderError(f"{folder}: not a run folder (it has no {CONFIG})")
    if not (folder / METRICS).is_file():
        raise RunFolderError(f"{folder}: not a run folder (it has no {METRICS})")
    epochs = MetricsTail(folder / METRICS).read().epochs
    model = folder / MODEL
    summary = read_summary(folder)
    return RunFolder(folder, config, epochs, summary if ends(summary, epochs) else None,
                     model.resolve() if model.is_file() else None)


def import_run_folder(folder: str | os.PathLike[str], store: RunStore) -> tuple[int, str]:
    """Add the run in ``folder`` to the run history: its settings, epochs, how it ended and its
    model (reopened from the history like a run trained in the window). Returns the new run's
    id and a note ("" or why its model.pt was left out)."""
    run = read_run_folder(folder)
    note = ""
    if run.checkpoint is not None:
        for known in store.list_runs():
            if known.checkpoint == str(run.checkpoint):
                raise StoreError(f"{run.folder}: already in the run history as run {known.id}")
        try:
            load_checkpoint(run.checkpoint)
        except CheckpointError as exc:
            note = f"its model was left out: {exc}"
            run.checkpoint = None
    summary = _plain_summary(run.summary or {})
    run_id = store.start_run(
        run.config,
        name=summary.get("config_name") or default_run_name(run.config),
        device=str(summary.get("device") or ""),
        n_params=summary.get("n_params"),
        history=run.epochs,
        best_epoch=run.best_epoch,
        started_at=_modified(run.folder / CONFIG),
    )
    if run.summary is not None:
        store.end_run(run_id, summary, ended_at=_modified(run.folder / SUMMARY))
    if run.checkpoint is not None:
        store.set_checkpoint(run_id, run.checkpoint)
    store.set_notes(run_id, f"imported from {run.folder.resolve()}")
    return run_id, note


def _plain_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """summary.json's entries of the types the history keeps (anything else left out)."""
    kinds = {"stop_kind": str, "stop_reason": str, "device": str, "config_name": str,
             "best_epoch": int, "restored_epoch": int, "n_params": int,
             "best": dict, "final": dict, "test": dict}
    return {key: value for key, value in summary.items()
            if key in kinds and isinstance(value, kinds[key]) and not isinstance(value, bool)}


def _modified(path: Path) -> str:
    """When ``path`` was last written, as the history writes times (ISO 8601, local offset)."""
    stamp = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    return stamp.isoformat(timespec="seconds")
