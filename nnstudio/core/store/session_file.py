"""A classroom session in one file: the config on screen, runs of the history with their epochs,
models and replays, the lesson in use, the window's layout, and the window's model; opened on
another laptop, it shows the same.

The file (``.nnsession``) is a zip written atomically:

    session.toml              format, the config, the lesson, the layout, the runs' records
    epochs.csv                every run's epochs (run number, then METRIC_COLUMNS)
    checkpoints/run-K.pt      run K's model, when it was kept (K counts the file's runs from 1)
    checkpoints/run-K.replay.npz   and its replay
    model.pt                  the window's model, if it has one
    data/N-NAME.csv           the CSV files the configs train on (another laptop lacks them)

Opening reads everything and checks it before the history is touched: a damaged file, one of
another kind or of a newer nnstudio is refused with a readable message; models load only as
weights (``torch.load(weights_only=True)``, as core/store/checkpoint.py does), replays with
``allow_pickle=False``: nothing in the file can run code. Runs are added to the local history
in one transaction (a run already there, from opening the same file before, is not added again);
models and CSV files go into the data folder.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import numpy as np
import tomli_w

from nnstudio.core import paths
from nnstudio.core.config import RunConfig, parse_config
from nnstudio.core.errors import CheckpointError, ConfigError, StoreError, unreadable
from nnstudio.core.experiment import atomic_write_bytes, dumps_config, loads_config
from nnstudio.core.records import METRIC_COLUMNS
from nnstudio.core.store.checkpoint import load_checkpoint
from nnstudio.core.store.compared import run_checkpoint_path
from nnstudio.core.store.history import RunRecord, RunStore
from nnstudio.core.viz.replay import FORMAT as REPLAY_FORMAT
from nnstudio.core.viz.replay import replay_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FORMAT = "nnstudio-session/1"
SUFFIX = ".nnsession"
_RUN_FIELDS = ("name", "notes", "started_at", "ended_at", "device", "n_params", "stop_kind",
               "stop_reason", "best_epoch", "restored_epoch")


class SessionFileError(StoreError):
    """A session file that cannot be written or opened (the message says why)."""


@dataclass
class SessionContents:
    """What a session file holds, as the window gives it to :func:`save_session`."""

    config: RunConfig
    lesson: str = ""  # the lesson's slug, or "" for none
    layout: bytes = b""  # the window's saveState(), opaque here
    geometry: bytes = b""  # the window's saveGeometry()
    run_ids: list[int] = field(default_factory=list)  # runs of the history to keep, in order
    current_run: Optional[int] = None  # the run the window's model comes from, if any
    model: Optional[bytes] = None  # the window's model as checkpoint bytes (checkpoint_bytes)


@dataclass
class OpenedSession:
    """What :func:`open_session` found, with the runs as they now are in the local history."""

    config: RunConfig
    lesson: str
    layout: bytes
    geometry: bytes
    run_ids: list[int]
    current_run: Optional[int]
    model_path: Optional[Path]  # the window's model, written into the data folder
    added: int = 0  # runs added to the history (the others were there already)


# --- saving ------------------------------------------------------------------------------------
def save_session(path: str | os.PathLike[str], contents: SessionContents,
                 store_path: str | os.PathLike[str] | None = None) -> None:
    """Write ``contents`` to ``path`` atomically (a crash never leaves half a file)."""
    path = Path(path)
    with RunStore(store_path) as store:
        runs = [store.get_run(run_id) for run_id in contents.run_ids]
        epochs = {run.id: store.epochs(run.id) for run in runs}
    tables = _CsvTables()
    document: dict[str, Any] = {
        "format": FORMAT,
        "lesson": contents.lesson,
        "layout": contents.layout.hex(),
        "geometry": contents.geometry.hex(),
        "config": tables.carry(contents.config).model_dump(mode="json"),
        "runs": [],
    }
    members: dict[str, bytes] = {}
    for number, run in enumerate(runs, start=1):
        entry = {key: getattr(run, key) for key in _RUN_FIELDS if getattr(run, key) is not None}
        entry["config"] = dumps_config(tables.carry(_config_of(run)))
        for key in ("best", "final", "test"):
            metrics = getattr(run, key)
            if metrics:
                entry[key] = {name: value for name, value in metrics.items() if value is not None}
        if run.id == contents.current_run:
            document["current_run"] = number
        checkpoint = Path(run.checkpoint) if run.checkpoint else None
        if checkpoint is not None and checkpoint.is_file():
            members[f"checkpoints/run-{number}.pt"] = _read(checkpoint)
            entry["checkpoint"] = f"checkpoints/run-{number}.pt"
            replay = replay_path(checkpoint)
            if replay.is_file():
                members[f"checkpoints/run-{number}.replay.npz"] = _read(replay)
        document["runs"].append(entry)
    if contents.model is not None:
        members["model.pt"] = contents.model
    members.update(tables.members)
    document["csv_files"] = tables.names
    members["session.toml"] = tomli_w.dumps(document).encode("utf-8")
    members["epochs.csv"] = _epochs_csv([epochs[run.id] for run in runs])
    _write_zip(path, members)


def _config_of(run: RunRecord) -> RunConfig:
    try:
        return run.config
    except ConfigError as exc:
        raise SessionFileError(f"run {run.id} cannot be saved: its settings are not readable ({exc})") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SessionFileError(unreadable(path, exc)) from None


def _epochs_csv(runs: list[list[dict]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["run", *METRIC_COLUMNS])
    for number, rows in enumerate(runs, start=1):
        for row in rows:
            writer.writerow([number, *("" if row[name] is None else repr(row[name]) for name in METRIC_COLUMNS)])
    return buffer.getvalue().encode("utf-8")


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise SessionFileError(f"{path} cannot be written ({exc.strerror or exc})") from None
    try:
        with os.fdopen(handle, "wb") as file:
            with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in members.items():
                    archive.writestr(name, data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise SessionFileError(f"{path} cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _CsvTables:
    """The CSV files the configs train on, carried in the file as data/N-NAME.csv."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}
        self.names: dict[str, str] = {}  # member name -> the path it had when saved
        self._by_path: dict[str, str] = {}

    def carry(self, config: RunConfig) -> RunConfig:
        source = config.data.csv
        if config.data.dataset != "csv" or not source:
            return config
        if source not in self._by_path:
            data = _read(Path(source)) if Path(source).is_file() else None
            if data is None:
                return config  # gone already: the config keeps its path
            member = f"data/{len(self._by_path) + 1}-{Path(source).name}"
            self._by_path[source] = member
            self.members[member] = data
            self.names[member] = source
        return config


# --- opening -----------------------------------------------------------------------------------
def open_session(path: str | os.PathLike[str], store_path: str | os.PathLike[str] | None = None,
                 home: Optional[Path] = None) -> OpenedSession:
    """Read ``path``, check all of it, then add its runs to the history and its models and CSV
    files to the data folder (``home``, else the user's). Raises SessionFileError saying why a
    file cannot be opened; nothing is added then."""
    path = Path(path)
    home = home if home is not None else paths.data_home()
    members = _members(path)
    document = _document(path, members)
    where = f"{path.name}"
    csv_paths = _csv_paths(path, members, document, home)
    try:
        config = _moved(parse_config(document.get("config", {})), csv_paths)
    except ConfigError as exc:
        raise SessionFileError(f"{where}: its settings are not valid here: {exc}") from None
    runs = _runs(path, document, csv_paths)
    epochs = _epochs(path, members.get("epochs.csv", b""), len(runs))
    checkpoints: dict[int, bytes] = {}
    replays: dict[int, bytes] = {}
    for number, entry in enumerate(runs, start=1):
        name = entry.get("checkpoint")
        if name:
            checkpoints[number] = _checked_model(path, members, name)
            replay = name[: -len(".pt")] + ".replay.npz"
            if replay in members:
                replays[number] = _checked_replay(path, members[replay], replay)
    model = _checked_model(path, members, "model.pt") if "model.pt" in members else None
    current = document.get("current_run")
    if current is not None and not (isinstance(current, int) and 1 <= current <= len(runs)):
        raise SessionFileError(f"{where}: damaged (its current run {current!r} is not one of its runs)")

    # Everything is readable: now the history and the data folder change.
    with RunStore(store_path) as store:
        ids, added = _add_runs(store, runs, epochs)
        for number, data in checkpoints.items():
            target = run_checkpoint_path(ids[number - 1], home)
            if not target.is_file():
                _write(target, data)
                if number in replays:
                    _write(replay_path(target), replays[number])
            store.set_checkpoint(ids[number - 1], target)
    model_path = None
    if model is not None:
        model_path = home / "checkpoints" / f"session-{hashlib.sha1(model).hexdigest()[:12]}.pt"
        if not model_path.is_file():
            _write(model_path, model)
    return OpenedSession(
        config=config, lesson=str(document.get("lesson", "")),
        layout=_hex(path, document.get("layout", "")), geometry=_hex(path, document.get("geometry", "")),
        run_ids=ids, current_run=ids[current - 1] if current else None, model_path=model_path, added=added,
    )


def _members(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except OSError as exc:
        raise SessionFileError(unreadable(path, exc, "a session file")) from None
    except Exception:  # noqa: BLE001 - zipfile raises many kinds for a damaged file (CRC, zlib, struct)
        raise SessionFileError(
            f"{path.name}: not an nnstudio session file, or a damaged one (it cannot be unpacked)"
        ) from None


def _document(path: Path, members: dict[str, bytes]) -> dict[str, Any]:
    text = members.get("session.toml")
    if text is None:
        raise SessionFileError(f"{path.name}: not an nnstudio session file (it has no session.toml)")
    try:
        document = tomllib.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise SessionFileError(f"{path.name}: damaged (its session.toml cannot be read)") from None
    found = document.get("format")
    if found != FORMAT:
        if isinstance(found, str) and found.startswith("nnstudio-session/"):
            raise SessionFileError(
                f"{path.name} was written by a newer nnstudio ({found}); update nnstudio to open it")
        raise SessionFileError(f"{path.name}: not an nnstudio session file")
    if not isinstance(document.get("runs", []), list) or not isinstance(document.get("config", {}), dict):
        raise SessionFileError(f"{path.name}: damaged (its session.toml is not laid out as expected)")
    return document


def _csv_paths(path: Path, members: dict[str, bytes], document: dict, home: Path) -> dict[str, str]:
    """Write the carried CSV files into the data folder: the path each had -> where it is now."""
    moved = {}
    names = document.get("csv_files", {})
    if not isinstance(names, dict):
        raise SessionFileError(f"{path.name}: damaged (its list of CSV files)")
    for member, source in names.items():
        data = members.get(member)
        if data is None or not member.startswith("data/") or "/" in member[len("data/"):]:
            raise SessionFileError(f"{path.name}: damaged (the CSV file {member!r} is missing)")
        folder = home / "session-data" / hashlib.sha1(data).hexdigest()[:12]
        target = folder / member[len("data/"):].split("-", 1)[-1]
        if not target.is_file():
            _write(target, data)
        moved[str(source)] = str(target)
    return moved


def _moved(config: RunConfig, csv_paths: dict[str, str]) -> RunConfig:
    if config.data.dataset == "csv" and config.data.csv in csv_paths:
        raw = config.model_dump(mode="json")
        raw["data"]["csv"] = csv_paths[config.data.csv]
        return parse_config(raw)
    return config


def _runs(path: Path, document: dict, csv_paths: dict[str, str]) -> list[dict[str, Any]]:
    runs = []
    for number, entry in enumerate(document.get("runs", []), start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("config"), str):
            raise SessionFileError(f"{path.name}: damaged (run {number} has no settings)")
        try:
            config = _moved(loads_config(entry["config"], source=f"run {number}"), csv_paths)
        except ConfigError as exc:
            raise SessionFileError(f"{path.name}: run {number}'s settings are not valid here: {exc}") from None
        runs.append({**entry, "config": dumps_config(config)})
    return runs


def _epochs(path: Path, data: bytes, count: int) -> list[list[dict]]:
    epochs: list[list[dict]] = [[] for _ in range(count)]
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        for row in rows:
            number = int(row["run"])
            epochs[number - 1].append(
                {name: (None if row[name] in ("", None) else (int(row[name]) if name == "epoch" else float(row[name])))
                 for name in METRIC_COLUMNS})
    except (UnicodeDecodeError, KeyError, ValueError, IndexError, TypeError, csv.Error):
        raise SessionFileError(f"{path.name}: damaged (its epochs.csv cannot be read)") from None
    return epochs


def _checked_model(path: Path, members: dict[str, bytes], name: str) -> bytes:
    data = members.get(name)
    if data is None:
        raise SessionFileError(f"{path.name}: damaged ({name} is missing)")
    try:
        load_checkpoint(data, name=f"{path.name}: {name}")
    except CheckpointError as exc:
        raise SessionFileError(str(exc)) from None
    return data


def _checked_replay(path: Path, data: bytes, name: str) -> bytes:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as replay:
            if "format" not in replay.files or str(replay["format"]) != REPLAY_FORMAT:
                raise ValueError
    except Exception:  # noqa: BLE001 - numpy raises many kinds for a damaged or foreign file
        raise SessionFileError(f"{path.name}: damaged ({name} is not a readable replay)") from None
    return data


def _hex(path: Path, text: object) -> bytes:
    try:
        return bytes.fromhex(str(text))
    except ValueError:
        raise SessionFileError(f"{path.name}: damaged (its window layout)") from None


def _add_runs(store: RunStore, runs: list[dict], epochs: list[list[dict]]) -> tuple[list[int], int]:
    """The runs' ids in ``store``: those already there (the same start, name and settings) are
    reused, the others added with their epochs in one transaction."""
    known = {(run.started_at, run.name, run.config_text): run.id for run in store.list_runs()}
    ids: list[Optional[int]] = []
    new = []
    for entry, rows in zip(runs, epochs):
        key = (entry.get("started_at", ""), entry.get("name", ""), entry["config"])
        ids.append(known.get(key))
        if ids[-1] is None:
            new.append((len(ids) - 1, entry, rows))
    if new:
        added = store.import_runs([(entry, rows) for _, entry, rows in new])
        for (index, _, _), run_id in zip(new, added):
            ids[index] = run_id
    return [int(run_id) for run_id in ids], len(new)


def _write(target: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise SessionFileError(f"{target} cannot be written ({exc.strerror or exc})") from None


__all__ = ["FORMAT", "SUFFIX", "OpenedSession", "SessionContents", "SessionFileError", "open_session",
           "save_session"]
