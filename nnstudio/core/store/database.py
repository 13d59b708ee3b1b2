"""The run history's SQLite file: opening it safely, its schema, and errors a user can read.

A file that is not SQLite, or a SQLite database of something else, is refused and left as it is.
Every sqlite3 error becomes a :class:`StoreError` saying what happened (busy, read-only,
damaged, disk full) in words a user can act on.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from nnstudio.core.errors import StoreError

SCHEMA_VERSION = 1
DEFAULT_TIMEOUT = 2.0  # seconds to wait for another writer before reporting "busy"
_SQLITE_HEADER = b"SQLite format 3\x00"
_OUR_TABLES = {"runs", "epochs", "sqlite_sequence"}

_SCHEMA = [
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so 'run 7' always means one run
        name TEXT NOT NULL DEFAULT '',
        config TEXT NOT NULL,                   -- the full RunConfig as TOML
        started_at TEXT NOT NULL,               -- ISO 8601, local time with its UTC offset
        ended_at TEXT,                          -- NULL while running or if the process was killed
        device TEXT NOT NULL DEFAULT '',
        n_params INTEGER,
        stop_kind TEXT,                         -- completed, stopped, early_stopped, diverged
        stop_reason TEXT NOT NULL DEFAULT '',
        best_epoch INTEGER,                     -- kept current at every epoch
        restored_epoch INTEGER,
        best TEXT,                              -- JSON of the best epoch's metrics (at the end)
        final TEXT,                             -- JSON of the last epoch's metrics (at the end)
        test TEXT,                              -- JSON of the test evaluation, if one was made
        checkpoint TEXT,
        notes TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE epochs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        train_loss REAL, val_loss REAL, train_acc REAL, val_acc REAL, lr REAL, seconds REAL,
        PRIMARY KEY (run_id, epoch)
    ) WITHOUT ROWID""",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
]


def open_database(path: Path, timeout: float = DEFAULT_TIMEOUT) -> sqlite3.Connection:
    """A connection (autocommit; use :func:`transaction`) to the history at ``path``, created
    with its schema if it does not exist yet."""
    _refuse_foreign_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"run history: cannot create the folder {path.parent} ({exc.strerror or exc})"
        ) from None
    try:
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        return _read_only_or_raise(path, timeout, exc)
    try:
        _prepare(db, path)
    except sqlite3.Error as exc:
        db.close()
        return _read_only_or_raise(path, timeout, exc)
    except StoreError:
        db.close()
        raise
    return db


def _read_only_or_raise(path: Path, timeout: float, exc: sqlite3.Error) -> sqlite3.Connection:
    """A history that cannot be written (a read-only file, folder or disk) is still opened for
    reading, so its runs can be listed and shown; writing to it then says it is read-only."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    cannot_write = code.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or (
        "readonly" in text or "unable to open" in text)
    if not (cannot_write and path.is_file()):
        raise store_error(path, exc) from None
    uri = path.resolve().as_uri()
    # immutable=1: on a read-only disk SQLite cannot make the shared-memory file a history in
    # WAL mode needs; nothing can be writing to such a file anyway.
    for options in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(uri + options, uri=True, timeout=timeout, isolation_level=None)
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            continue
        if version == SCHEMA_VERSION:
            return db
        db.close()
        break
    raise store_error(path, exc) from None


@contextmanager
def transaction(db: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One committed transaction; any failure rolls it back (sqlite3 errors become StoreError)."""
    try:
        db.execute("BEGIN IMMEDIATE")
        yield db
        db.execute("COMMIT")
    except BaseException as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise store_error(path, exc) from None
        raise


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """What went wrong with the history file, in words a user can act on."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    where = f"run history {path}"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreError(
            f"{where} is busy: another nnstudio is writing to it; try again in a moment"
        )
    if code.startswith("SQLITE_READONLY") or "readonly" in text:
        return StoreError(f"{where} is read-only; runs cannot be recorded or changed")
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return StoreError(f"{where} cannot be opened or created; is its folder read-only?")
    if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "malformed" in text:
        return StoreError(_damaged_message(path))
    if code.startswith("SQLITE_FULL") or "full" in text:
        return StoreError(f"{where}: the disk is full")
    return StoreError(f"{where}: {exc}")


def _damaged_message(path: Path) -> str:
    return (
        f"run history {path} is damaged or is not a run history; it was left as it is "
        "(move it away to start a new history)"
    )


def _refuse_foreign_file(path: Path) -> None:
    """A file that is not SQLite is someone's data: refuse it rather than write over it."""
    try:
        with open(path, "rb") as file:
            header = file.read(len(_SQLITE_HEADER))
    except (FileNotFoundError, NotADirectoryError):
        return  # a new history (or a folder that cannot exist, which mkdir reports)
    except IsADirectoryError:
        raise StoreError(f"run history {path} is a folder, not a database") from None
    except OSError as exc:
        raise StoreError(f"run history {path} cannot be read ({exc.strerror or exc})") from None
    if header and header != _SQLITE_HEADER:
        raise StoreError(_damaged_message(path))


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    # A process killed by the OS loses nothing committed in WAL mode with NORMAL sync; only a
    # power cut could lose the last epochs, and no epoch waits for an fsync.
    db.execute("PRAGMA synchronous = NORMAL")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"run history {path} was written by a newer nnstudio (format {version}); "
            "update nnstudio to read it"
        )
    if version == SCHEMA_VERSION:
        return
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if tables - _OUR_TABLES:
        raise StoreError(
            f"{path} is a SQLite database but not an nnstudio run history; it was left as it is"
        )
    # WAL lets the history list read while a trainer writes; the mode stays set in the file.
    db.execute("PRAGMA journal_mode = WAL")
    with transaction(db, path):
        for statement in _SCHEMA:
            db.execute(statement)
