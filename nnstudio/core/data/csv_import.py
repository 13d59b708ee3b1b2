"""Tabular data from a CSV file a teacher brings: numeric features, a chosen target column.

Every problem a file can have is a DataError naming the line and column, never a traceback.
With ``task = "auto"``, a text target becomes classes, and so does a target of whole numbers with
at most MAX_AUTO_CLASSES different values (0/1, ratings 1 to 5); other numbers are regression.
The dataset says which task was chosen and why (``Dataset.task_reason``).

Two readers share that promise. A file is read by pandas' C parser (4.6 million rows in ~5 s;
bench/csv_import.py measured it against the csv module, pyarrow and numpy). Whenever pandas
finds anything unusual (an empty, non-numeric or non-finite cell, a row of the wrong length,
a parse error), the file is read again by the csv module, row by row, which names the first
problem by line and column exactly as before, or, if the file is fine after all (e.g. an empty
cell in a column that is not used), loads it. Previews read only the first rows.
"""

from __future__ import annotations

import codecs
import csv
import math
import os
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

import numpy as np
import torch

from nnstudio.core.data.dataset import Dataset, Part
from nnstudio.core.data.splits import split_indices
from nnstudio.core.errors import DataError, NNStudioError, unreadable

DELIMITERS = ",;\t|"
MAX_AUTO_CLASSES = 20  # auto task: whole-number targets with at most this many values are classes
SAMPLE_CHARACTERS = 8192  # what the separator is guessed from (as the exported script does)
CHUNK_ROWS = 50_000  # rows per step of a full read: progress and Cancel between steps; each
# step holds the GIL ~10 ms (250,000 rows held it 50 ms: the window would stutter)
FLOAT32_MAX = float(np.finfo(np.float32).max)
# A quoted cell may hold long text (the csv module stops at 128 KB by default).
csv.field_size_limit(max(csv.field_size_limit(), 1 << 28))

Progress = Callable[[float], None]  # the share of the file read so far, 0 to 1
Cancelled = Callable[[], bool]


class LoadCancelled(NNStudioError):
    """The user cancelled reading a CSV file."""


@dataclass
class Table:
    """A CSV file's header and (the first) rows, as text."""

    path: Path
    columns: list[str]
    rows: list[list[str]]
    line_numbers: list[int]  # the file's line on which each row starts (blank lines are skipped)
    delimiter: str = ","
    complete: bool = True  # False when only the first rows were read
    bytes_per_row: float = field(default=0.0, repr=False)  # of the rows read (for progress)


def read_table(path: str | Path, max_rows: Optional[int] = None) -> Table:
    """Read a CSV file's header and its rows as text (only the first ``max_rows`` if given:
    a preview stays quick whatever the file's size). Raises DataError naming what is wrong."""
    path = Path(path)
    delimiter = _sniff(path)
    records = _records(path, delimiter)
    first = next(records, None)
    if first is None:
        raise DataError(f"{path}: the file is empty")
    header_line, header, _ = first
    columns = _check_header(path, header_line, header)
    rows, lines, end = [], [], 0
    for line, cells, end in records:
        if max_rows is not None and len(rows) >= max_rows:
            return Table(path, columns, rows, lines, delimiter, False, _per_row(path, end, rows))
        _check_length(path, line, cells, columns)
        rows.append([cell.strip() for cell in cells])
        lines.append(line)
    if not rows:
        raise DataError(f"{path}: the file has a header but no data rows")
    return Table(path, columns, rows, lines, delimiter, True, _per_row(path, end, rows))


def load_csv_dataset(
    path: str | Path,
    target: str = "",
    feature_columns: list[str] | None = None,
    task: str = "auto",
    standardize: bool = True,
    val_fraction: float = 0.2,
    test_fraction: float = 0.0,
    seed: int = 0,
    progress: Optional[Progress] = None,
    cancelled: Optional[Cancelled] = None,
) -> Dataset:
    """Build a Dataset from a CSV file (target: last column unless named). ``progress`` hears
    how far the read is; ``cancelled`` is asked between steps (LoadCancelled when it says so)."""
    preview = read_table(path, max_rows=1000)
    columns = preview.columns
    target = target or columns[-1]
    if target not in columns:
        raise DataError(
            f"data.target: no column {target!r} in {preview.path.name}; "
            f"columns: {', '.join(columns)}"
        )
    features = feature_columns or [name for name in columns if name != target]
    for name in features:
        if name not in columns:
            raise DataError(f"data.feature_columns: no column {name!r} in {preview.path.name}")
        if name == target:
            raise DataError(f"data.feature_columns: {name!r} is the target; it cannot be a feature")
    report = progress or (lambda share: None)
    stop = cancelled or (lambda: False)
    loaded = _read_fast(preview, features, target, report, stop)
    if loaded is None:  # something unusual: the careful reader names it, or loads the file
        loaded = _read_careful(preview, features, target, report, stop)
    report(1.0)
    return _dataset(preview.path, loaded, features, target, task, standardize, val_fraction,
                    test_fraction, seed)


@dataclass
class _Loaded:
    """The used columns of a whole file: features as float32, the target as codes into its
    distinct (stripped) cells."""

    x: np.ndarray
    target_codes: np.ndarray
    target_cells: list[str]
    line_of_row: Callable[[int], int]  # a row's line in the file (read again only if needed)


# --- the fast reader: pandas' C parser ---
def _read_fast(table: Table, features: list[str], target: str, report: Progress,
               stop: Cancelled) -> Optional[_Loaded]:
    """The file through pandas, or None if anything is unusual (see the module's docstring)."""
    import pandas as pd

    feature_set = set(features)
    # Features as numbers; the target as its text (a category column would turn "01" into 1.0);
    # other columns only need to be there (a short row leaves an empty cell in the last).
    dtypes = {name: ("float64" if name in feature_set else "category") for name in table.columns}
    dtypes[target] = object
    expected_rows = max(1.0, os.path.getsize(table.path) / max(table.bytes_per_row, 1.0))
    try:
        reader = pd.read_csv(
            table.path, sep=table.delimiter, engine="c", header=0, names=table.columns,
            index_col=False, dtype=dtypes, encoding="utf-8-sig", keep_default_na=False,
            na_values=[""], skip_blank_lines=True, quotechar='"', doublequote=True,
            chunksize=CHUNK_ROWS,
        )
        parts, codes, cells, lookup, rows = [], [], [], {}, 0
        with reader:
            for chunk in reader:
                if stop():
                    raise LoadCancelled(f"{table.path}: reading was cancelled")
                if chunk.isna().to_numpy().any():
                    return None  # an empty cell, or a short row
                with np.errstate(over="ignore", invalid="ignore"):  # checked just below
                    x = chunk[features].to_numpy(dtype=np.float32)
                if not np.isfinite(x).all():
                    return None  # inf, nan or a number too large for float32
                parts.append(x)
                codes.append(_codes(chunk[target], lookup, cells))
                rows += len(chunk)
                report(min(rows / expected_rows, 0.99))
    except LoadCancelled:
        raise
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, OverflowError):
        return None  # a cell that is not a number, a row too long, not UTF-8...
    if "" in lookup or rows == 0:
        return None  # a cell of spaces only: the careful reader says where
    return _Loaded(np.concatenate(parts), np.concatenate(codes), cells,
                   lambda row: _line_of_row(table, row))


def _codes(column, lookup: dict[str, int], cells: list[str]) -> np.ndarray:
    """The chunk's target as codes into ``cells`` (the distinct stripped cells so far)."""
    import pandas as pd

    chunk_codes, uniques = pd.factorize(column)
    mapping = np.empty(len(uniques), dtype=np.int64)
    for index, cell in enumerate(uniques):
        cell = str(cell).strip()
        if cell not in lookup:
            lookup[cell] = len(cells)
            cells.append(cell)
        mapping[index] = lookup[cell]
    return mapping[chunk_codes]


# --- the careful reader: the csv module, row by row ---
def _read_careful(table: Table, features: list[str], target: str, report: Progress,
                  stop: Cancelled) -> _Loaded:
    """Every row checked; the first problem is a DataError naming its line and column."""
    columns = table.columns
    sources = [columns.index(name) for name in features]
    target_index = columns.index(target)
    values = array("f")
    codes, cells, lookup, lines = array("q"), [], {}, array("q")
    size = max(os.path.getsize(table.path), 1)
    records = _records(table.path, table.delimiter)
    next(records)  # the header, checked by read_table
    for count, (line, row, position) in enumerate(records):
        if count % 50_000 == 0:
            if stop():
                raise LoadCancelled(f"{table.path}: reading was cancelled")
            report(min(position / size, 0.99))
        _check_length(table.path, line, row, columns)
        for name, source in zip(features, sources):
            values.append(_number(table.path, line, name, row[source].strip()))
        cell = row[target_index].strip()
        if cell == "":
            _missing(table.path, line, target)
        if cell not in lookup:
            lookup[cell] = len(cells)
            cells.append(cell)
        codes.append(lookup[cell])
        lines.append(line)
    x = np.frombuffer(values, dtype=np.float32).reshape(-1, len(features))
    return _Loaded(x, np.frombuffer(codes, dtype=np.int64), cells, lambda row: int(lines[row]))


def _records(path: Path, delimiter: str) -> Iterator[tuple[int, list[str], int]]:
    """(line it starts on, cells, characters read so far) of each record that is not blank.
    Old-Mac files (lines ending in CR alone) read like any other."""
    try:
        file = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise DataError(unreadable(path, exc, "a CSV file")) from None
    with file:
        counter = _Counter(file)
        reader = csv.reader(counter, delimiter=delimiter)
        line = 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield line, cells, counter.read
                line = reader.line_num + 1
        except csv.Error as exc:
            raise DataError(f"{path}: line {reader.line_num}: {_csv_problem(exc)}") from None
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
        except OSError as exc:
            raise DataError(unreadable(path, exc)) from None


class _Counter:
    """A text file's lines for the csv reader, counting the characters they hold."""

    def __init__(self, file) -> None:
        self.lines = iter(file)
        self.read = 0

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> str:
        text = next(self.lines)
        self.read += len(text)
        return text


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return "a cell longer than 256 MB; is a quote (\") left open?"
    if "unexpected end of data" in text or "EOF" in text:
        return "the file ends inside a quoted cell; is a quote (\") left open?"
    return f"not readable as CSV ({text})"


def _not_utf8(path: Path) -> DataError:
    """Where the first byte that is not UTF-8 is, by line (read in pieces: any size)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, previous_cr = 1, False
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                chunk = chunk[: max(exc.start - len(decoder.getstate()[0]), 0)]
                lines += _line_ends(chunk, previous_cr)
                break
            lines += _line_ends(chunk, previous_cr)
            previous_cr = chunk.endswith(b"\r")
    return DataError(f"{path}: line {lines}: not UTF-8 text; save the file as UTF-8 CSV")


def _line_ends(data: bytes, previous_cr: bool) -> int:
    """Line ends in ``data``: LF, CR LF and a lone CR each count once."""
    count = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    if previous_cr and data.startswith(b"\n"):
        count -= 1
    return count


def _sniff(path: Path) -> str:
    """The file's separator: a comma, semicolon, tab or bar, whichever it uses."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            sample = file.read(SAMPLE_CHARACTERS)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except OSError as exc:
        raise DataError(unreadable(path, exc, "a CSV file")) from None
    if not sample.strip():
        raise DataError(f"{path}: the file is empty")
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _check_header(path: Path, line: int, header: list[str]) -> list[str]:
    columns = [cell.strip() for cell in header]
    if all(_is_number(cell) for cell in columns):
        raise DataError(f"{path}: line {line}: no header row; the first line must name the columns")
    if len(columns) < 2:
        raise DataError(
            f"{path}: line {line}: only one column found; separate columns with "
            "commas, semicolons or tabs"
        )
    for index, name in enumerate(columns, start=1):
        if not name:
            raise DataError(f"{path}: line {line}: column {index} has no name")
    if len(set(columns)) != len(columns):
        duplicate = next(name for name in columns if columns.count(name) > 1)
        raise DataError(f"{path}: line {line}: column {duplicate!r} appears twice")
    return columns


def _check_length(path: Path, line: int, cells: list[str], columns: list[str]) -> None:
    if len(cells) != len(columns):
        raise DataError(
            f"{path}: line {line}: {len(cells)} cells, expected {len(columns)} "
            f"(the header has {len(columns)} columns)"
        )


def _per_row(path: Path, characters: int, rows: list) -> float:
    return characters / max(len(rows), 1)


def _line_of_row(table: Table, row: int) -> int:
    """The line a data row starts on, counted by reading the file up to it."""
    records = _records(table.path, table.delimiter)
    next(records)
    for index, (line, _, _) in enumerate(records):
        if index == row:
            return line
    return 0


# --- from columns to a Dataset ---
def _dataset(path: Path, loaded: _Loaded, features: list[str], target: str, task: str,
             standardize: bool, val_fraction: float, test_fraction: float, seed: int) -> Dataset:
    x, codes, cells = loaded.x, loaded.target_codes, loaded.target_cells
    numeric = [_is_number(cell) for cell in cells]
    if task == "auto":
        task, reason = auto_task(target, cells, all(numeric))
    else:
        reason = f"{task}: data.task says so"
    if task == "regression":
        if not all(numeric):
            bad = next(code for code, ok in enumerate(numeric) if not ok)
            row = int(np.argmax(codes == bad))
            _not_a_number(path, loaded.line_of_row(row), target, cells[bad])
        with np.errstate(over="ignore"):  # a number too large for float32 is named below
            y = np.array([float(cell) for cell in cells], dtype=np.float64).astype(np.float32)[codes]
        if not np.isfinite(y).all():
            row = int(np.argmax(~np.isfinite(y)))
            _too_large(path, loaded.line_of_row(row), target, cells[codes[row]])
        y = y[:, None]
        class_names: list[str] = []
    else:
        class_names = sorted(cells, key=_natural_key)
        if len(class_names) < 2:
            raise DataError(
                f"{path}: column {target!r} has only one class ({class_names[0]!r}); "
                "a classifier needs at least two"
            )
        rank = {name: index for index, name in enumerate(class_names)}
        y = np.array([rank[cell] for cell in cells], dtype=np.int64)[codes]
    train, val, test = split_indices(len(x), val_fraction, test_fraction, seed)
    if len(train) < 2:
        raise DataError(f"{path}: {len(x)} rows leave too few for training")
    mean = std = None
    if standardize:  # statistics of the training split only: validation must not leak in
        mean = x[train].mean(axis=0)
        std = x[train].std(axis=0)
        std[std == 0] = 1.0
        x -= mean  # in place: x is this function's own array, and 4.6 M rows make big temporaries
        x /= std
    n_classes = len(class_names)
    return Dataset(
        name=path.stem,
        task="regression" if task == "regression" else ("binary" if n_classes == 2 else "multiclass"),
        train=Part(torch.from_numpy(x[train]), torch.from_numpy(y[train])),
        val=Part(torch.from_numpy(x[val]), torch.from_numpy(y[val])),
        test=Part(torch.from_numpy(x[test]), torch.from_numpy(y[test])),
        n_classes=n_classes,
        class_names=class_names,
        feature_names=list(features),
        feature_mean=mean,
        feature_std=std,
        task_reason=reason,
        target_name=target,
    )


def auto_task(target: str, cells: list[str], numeric: bool) -> tuple[str, str]:
    """("regression" or "classification", why) for a target column's (distinct) cells under
    task "auto"."""
    if not numeric:
        count = len(set(cells))
        return "classification", f"classification: the target {target!r} holds text ({count} classes)"
    values = {float(cell) for cell in cells}
    if not all(value.is_integer() for value in values):
        return "regression", f"regression: the target {target!r} holds numbers that are not whole"
    if len(values) <= MAX_AUTO_CLASSES:
        return "classification", (
            f"classification: the target {target!r} holds {len(values)} different whole numbers "
            f"(at most {MAX_AUTO_CLASSES} make classes)")
    return "regression", (f"regression: the target {target!r} holds {len(values)} different whole "
                          f"numbers (more than {MAX_AUTO_CLASSES})")


def column_values(table: Table, columns: list[str]) -> np.ndarray:
    """The named columns' cells as float32 numbers, one row per data row; DataError naming the
    column a file lacks, or the line and column of a cell that is not a number."""
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise DataError(
            f"{table.path}: no column {missing[0]!r}; the model reads {', '.join(columns)}"
        )
    values = np.empty((len(table.rows), len(columns)), dtype=np.float32)
    for column_index, name in enumerate(columns):
        source = table.columns.index(name)
        for row_index, row in enumerate(table.rows):
            values[row_index, column_index] = _number(table.path, table.line_numbers[row_index], name,
                                                      row[source])
    return values


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def _number(path: Path, line: int, column: str, cell: str) -> float:
    if cell == "":
        _missing(path, line, column)
    if not _is_number(cell):
        _not_a_number(path, line, column, cell)
    value = float(cell)
    if abs(value) > FLOAT32_MAX:
        _too_large(path, line, column, cell)
    return value


def _missing(path: Path, line: int, column: str) -> None:
    raise DataError(f"{path}: line {line}, column {column!r}: missing value")


def _not_a_number(path: Path, line: int, column: str, cell: str) -> None:
    raise DataError(f"{path}: line {line}, column {column!r}: {_cut(cell)} is not a number")


def _too_large(path: Path, line: int, column: str, cell: str) -> None:
    raise DataError(
        f"{path}: line {line}, column {column!r}: {_cut(cell)} is too large; numbers are kept "
        f"as float32, whose largest is {FLOAT32_MAX:.4g}"
    )


def _cut(cell: str, length: int = 60) -> str:
    """A cell as an error line shows it: quoted, and cut if it is long."""
    return repr(cell) if len(cell) <= length else repr(cell[:length]) + f"… ({len(cell):,} characters)"


def _natural_key(name: str):
    return (0, float(name), "") if _is_number(name) else (1, 0.0, name)


__all__ = ["LoadCancelled", "MAX_AUTO_CLASSES", "Table", "auto_task", "column_values", "load_csv_dataset",
           "read_table"]
