"""Run history: every training run and its epochs, in a SQLite database that survives a crash.

The database is ``data_home() / "runs.sqlite"``. :class:`RunRecorder` (store/recorder.py) writes it
as a Trainer callback; :class:`RunStore` reads and edits it for the history list, the CLI and CSV
exports. Whatever a user can do to the file (open it from two programs, make it read-only, put
something else in its place) ends in a :class:`StoreError` with a readable message, and a file
that is not a run history is never overwritten (store/database.py).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

import numpy as np

from nnstudio.core import paths
from nnstudio.core.config import RunConfig
from nnstudio.core.errors import StoreError
from nnstudio.core.atomic_save import atomic_write_text
from nnstudio.core.experiment import dumps_config, loads_config
from nnstudio.core.store.database import (
    DEFAULT_TIMEOUT,
    open_database,
    store_error,
    transaction,
)
from nnstudio.core.records import METRIC_COLUMNS, EpochMetrics

FILE_NAME = "runs.sqlite"

_LIST_QUERY = f"""
    SELECT runs.*,
        (SELECT COUNT(*) FROM epochs WHERE epochs.run_id = runs.id) AS n_epochs,
        {", ".join(f"best_row.{name} AS bestrow_{name}" for name in METRIC_COLUMNS)},
        {", ".join(f"last_row.{name} AS lastrow_{name}" for name in METRIC_COLUMNS)},
        {", ".join(f"restored_row.{name} AS restoredrow_{name}" for name in METRIC_COLUMNS)}
    FROM runs
    LEFT JOIN epochs AS best_row
        ON best_row.run_id = runs.id AND best_row.epoch = runs.best_epoch
    LEFT JOIN epochs AS last_row
        ON last_row.run_id = runs.id
        AND last_row.epoch = (SELECT MAX(epoch) FROM epochs WHERE epochs.run_id = runs.id)
    LEFT JOIN epochs AS restored_row
        ON restored_row.run_id = runs.id AND restored_row.epoch = runs.restored_epoch
"""


def default_path() -> Path:
    """Where the run history lives (``NNSTUDIO_HOME`` moves it)."""
    return paths.data_home() / FILE_NAME


@dataclass
class RunRecord:
    """One recorded run. ``stop_kind`` is None while it runs, or if its process was killed.

    ``best`` holds the metrics of the best epoch (lowest monitored loss), ``final`` those of the
    saved model's epoch: the last recorded one, or after early stopping with restore the restored
    one (also for runs recorded before "final" meant that). Both exist for unfinished runs too.
    """

    id: int
    name: str
    config_text: str
    started_at: str
    ended_at: Optional[str]
    device: str
    n_params: Optional[int]
    stop_kind: Optional[str]
    stop_reason: str
    epochs: int
    best_epoch: Optional[int]
    restored_epoch: Optional[int]
    best: Optional[dict[str, Any]]
    final: Optional[dict[str, Any]]
    test: Optional[dict[str, Any]]
    checkpoint: Optional[str]
    notes: str

    @property
    def config(self) -> RunConfig:
        """The run's settings (ConfigError if a later version of nnstudio changed the schema)."""
        return loads_config(self.config_text, source=f"run {self.id}")

    @property
    def finished(self) -> bool:
        return self.stop_kind is not None


class RunStore:
    """The run history database: read runs, edit their names and notes, delete, export.

    One store per thread (SQLite connections are not shared between threads). Use it as a
    context manager, or call :meth:`close`.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout
        self._db: Optional[sqlite3.Connection] = open_database(self.path, timeout)

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with transaction(self._connection(), self.path) as db:
            yield db

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(f"run history {self.path} is closed")
        return self._db

    def _read(self, query: str, parameters: tuple = ()) -> list[sqlite3.Row]:
        db = self._connection()
        try:
            cursor = db.execute(query, parameters)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from None

    # --- recording (used by RunRecorder) ---
    def start_run(
        self,
        config: RunConfig,
        name: str = "",
        device: str = "",
        n_params: Optional[int] = None,
        history: Iterable[EpochMetrics] = (),
        best_epoch: Optional[int] = None,
        started_at: Optional[str] = None,
    ) -> int:
        """Add a run (with the epochs it already has, if any) and return its id. ``started_at``
        (ISO 8601) is now unless given (an imported run started earlier)."""
        with self._writing() as db:
            cursor = db.execute(
                "INSERT INTO runs (name, config, started_at, device, n_params, best_epoch) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, dumps_config(config), started_at or _now(), device, n_params, best_epoch),
            )
            run_id = int(cursor.lastrowid)
            for metrics in history:
                _insert_epoch(db, run_id, metrics)
        return run_id

    def add_epochs(
        self, run_id: int, epochs: Sequence[EpochMetrics], best_epoch: Optional[int] = None
    ) -> None:
        """Commit finished epochs (and the best epoch so far) in one transaction."""
        with self._writing() as db:
            db.executemany(_INSERT_EPOCH, [_epoch_row(run_id, metrics) for metrics in epochs])
            db.execute("UPDATE runs SET best_epoch = ? WHERE id = ?", (best_epoch, run_id))

    def import_runs(self, runs: Sequence[tuple[dict[str, Any], Sequence[dict[str, Any]]]]) -> list[int]:
        """Add whole runs, each its record's fields (name, config as TOML text, started_at,
        ended_at, device, n_params, stop_kind, stop_reason, best_epoch, restored_epoch, best,
        final, test, notes; missing ones empty) and its epochs (dicts of METRIC_COLUMNS), in one
        transaction; return their new ids."""
        ids = []
        with self._writing() as db:
            for entry, rows in runs:
                cursor = db.execute(
                    "INSERT INTO runs (name, config, started_at, ended_at, device, n_params, stop_kind, "
                    "stop_reason, best_epoch, restored_epoch, best, final, test, notes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.get("name", ""), entry["config"], entry.get("started_at") or _now(),
                     entry.get("ended_at"), entry.get("device", ""), entry.get("n_params"),
                     entry.get("stop_kind"), entry.get("stop_reason", ""), entry.get("best_epoch"),
                     entry.get("restored_epoch"), _to_json(entry.get("best")), _to_json(entry.get("final")),
                     _to_json(entry.get("test")), entry.get("notes", "")),
                )
                run_id = int(cursor.lastrowid)
                db.executemany(_INSERT_EPOCH, [(run_id, *(_finite(row.get(name)) for name in METRIC_COLUMNS))
                                               for row in rows])
                ids.append(run_id)
        return ids

    def mark_running(self, run_id: int) -> None:
        """A stopped run goes on (resume): it is unfinished again until it ends."""
        with self._writing() as db:
            db.execute(
                "UPDATE runs SET ended_at = NULL, stop_kind = NULL, stop_reason = '', best = NULL, "
                "final = NULL WHERE id = ?",
                (run_id,),
            )

    def end_run(
        self, run_id: int, summary: dict[str, Any], ended_at: Optional[str] = None
    ) -> None:
        """Record how a run ended, from ``RunResult.summary()`` (``ended_at``: now unless given)."""
        with self._writing() as db:
            db.execute(
                "UPDATE runs SET ended_at = ?, stop_kind = ?, stop_reason = ?, best_epoch = ?, "
                "restored_epoch = ?, best = ?, final = ?, test = ?, device = ?, n_params = ? "
                "WHERE id = ?",
                (
                    ended_at or _now(), summary.get("stop_kind"), summary.get("stop_reason", ""),
                    summary.get("best_epoch"), summary.get("restored_epoch"),
                    _to_json(summary.get("best")), _to_json(summary.get("final")),
                    _to_json(summary.get("test")), summary.get("device", ""),
                    summary.get("n_params"), run_id,
                ),
            )

    def set_test(self, run_id: int, test: Optional[dict[str, Any]]) -> None:
        self._update(run_id, "test", _to_json(test))

    def set_checkpoint(self, run_id: int, path: str | os.PathLike[str]) -> None:
        self._update(run_id, "checkpoint", str(Path(path).resolve()))

    # --- reading ---
    def list_runs(self) -> list[RunRecord]:
        """Every run, newest first."""
        return [_record(row) for row in self._read(_LIST_QUERY + " ORDER BY runs.id DESC")]

    def get_run(self, run_id: int) -> RunRecord:
        """The run with this id; StoreError if there is none."""
        rows = self._read(_LIST_QUERY + " WHERE runs.id = ?", (int(run_id),))
        if not rows:
            raise self._unknown(run_id)
        return _record(rows[0])

    def epochs(self, run_id: int) -> list[dict[str, Any]]:
        """The run's epochs in order, as dicts of METRIC_COLUMNS (None where missing)."""
        self.get_run(run_id)
        rows = self._read(
            f"SELECT {', '.join(METRIC_COLUMNS)} FROM epochs WHERE run_id = ? ORDER BY epoch",
            (int(run_id),),
        )
        return [dict(row) for row in rows]

    def epoch_columns(self, run_id: int) -> dict[str, np.ndarray]:
        """The run's epochs as one float array per metric (NaN where missing), for plotting."""
        rows = self.epochs(run_id)
        return {
            name: np.array([np.nan if row[name] is None else row[name] for row in rows], float)
            for name in METRIC_COLUMNS
        }

    # --- editing ---
    def rename(self, run_id: int, name: str) -> None:
        self._update(run_id, "name", name.strip())

    def set_notes(self, run_id: int, text: str) -> None:
        self._update(run_id, "notes", text)

    def delete(self, run_id: int) -> None:
        """Forget a run and its epochs (its checkpoint file, if any, is left on disk)."""
        with self._writing() as db:
            db.execute("DELETE FROM epochs WHERE run_id = ?", (int(run_id),))
            if db.execute("DELETE FROM runs WHERE id = ?", (int(run_id),)).rowcount == 0:
                raise self._unknown(run_id)

    def export_csv(self, run_id: int, path: str | os.PathLike[str]) -> None:
        """Write the run's epochs as CSV (the same columns as ``nnstudio train``'s metrics.csv)."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=METRIC_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.epochs(run_id))
        try:
            atomic_write_text(Path(path), buffer.getvalue())
        except OSError as exc:
            raise StoreError(f"{path}: cannot be written ({exc.strerror or exc})") from None

    def _update(self, run_id: int, column: str, value: object) -> None:
        with self._writing() as db:
            cursor = db.execute(f"UPDATE runs SET {column} = ? WHERE id = ?", (value, int(run_id)))
            if cursor.rowcount == 0:
                raise self._unknown(run_id)

    def _unknown(self, run_id: object) -> StoreError:
        return StoreError(f"run {run_id}: no such run in the history (see 'nnstudio runs list')")


_INSERT_EPOCH = (f"INSERT OR REPLACE INTO epochs (run_id, {', '.join(METRIC_COLUMNS)}) "
                 f"VALUES (?, {', '.join('?' for _ in METRIC_COLUMNS)})")


def _epoch_row(run_id: int, metrics: EpochMetrics) -> tuple:
    return (run_id, *(_finite(getattr(metrics, name)) for name in METRIC_COLUMNS))


def _insert_epoch(db: sqlite3.Connection, run_id: int, metrics: EpochMetrics) -> None:
    db.execute(_INSERT_EPOCH, _epoch_row(run_id, metrics))


def _record(row: sqlite3.Row) -> RunRecord:
    def epoch_row(prefix: str) -> Optional[dict[str, Any]]:
        if row[f"{prefix}_epoch"] is None:
            return None
        return {name: row[f"{prefix}_{name}"] for name in METRIC_COLUMNS}

    best = _from_json(row["best"]) or epoch_row("bestrow")
    final = _from_json(row["final"]) or epoch_row("lastrow")
    restored = epoch_row("restoredrow")
    if restored is not None and (final or {}).get("epoch") != restored["epoch"]:
        final = restored  # recorded when "final" still meant the last epoch trained
    return RunRecord(
        id=row["id"],
        name=row["name"],
        config_text=row["config"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        device=row["device"],
        n_params=row["n_params"],
        stop_kind=row["stop_kind"],
        stop_reason=row["stop_reason"],
        epochs=row["n_epochs"],
        best_epoch=row["best_epoch"],
        restored_epoch=row["restored_epoch"],
        best=best,
        final=final,
        test=_from_json(row["test"]),
        checkpoint=row["checkpoint"],
        notes=row["notes"],
    )


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _to_json(value: Optional[dict[str, Any]]) -> Optional[str]:
    if value is None:
        return None
    return json.dumps({key: _finite(item) for key, item in value.items()})


def _from_json(text: Optional[str]) -> Optional[dict[str, Any]]:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
