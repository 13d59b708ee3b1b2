"""Tabular data from a CSV file a teacher brings: numeric features, a chosen target column.

Every problem a file can have is a DataError naming the line and column, never a traceback.
With ``task = "auto"``, a text target becomes classes, and so does a target of whole numbers with
at most MAX_AUTO_CLASSES different values (0/1, ratings 1 to 5); other numbers are regression.
The dataset says which task was chosen and why (``Dataset.task_reason``).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from nnstudio.core.data.dataset import Dataset, Part
from nnstudio.core.data.splits import split_indices
from nnstudio.core.errors import DataError

DELIMITERS = ",;\t|"
MAX_AUTO_CLASSES = 20  # auto task: whole-number targets with at most this many values are classes


@dataclass
class Table:
    """A CSV file's header and cells, as text."""

    path: Path
    columns: list[str]
    rows: list[list[str]]
    line_numbers: list[int]  # the file's line number of each row (blank lines are skipped)


def read_table(path: str | Path) -> Table:
    """Read a CSV file with a header row. Raises DataError naming what is wrong and where."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{path}: line {line}: not UTF-8 text; save the file as UTF-8 CSV"
        ) from None
    if not text.strip():
        raise DataError(f"{path}: the file is empty")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    numbered = [(number, cells) for number, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)]
    header_line, header = numbered[0]
    columns = [cell.strip() for cell in header]
    if all(_is_number(cell) for cell in columns):
        raise DataError(
            f"{path}: line {header_line}: no header row; the first line must name the columns"
        )
    if len(columns) < 2:
        raise DataError(
            f"{path}: line {header_line}: only one column found; separate columns with "
            "commas, semicolons or tabs"
        )
    for index, name in enumerate(columns, start=1):
        if not name:
            raise DataError(f"{path}: line {header_line}: column {index} has no name")
    if len(set(columns)) != len(columns):
        duplicate = next(name for name in columns if columns.count(name) > 1)
        raise DataError(f"{path}: line {header_line}: column {duplicate!r} appears twice")
    rows = []
    for number, cells in numbered[1:]:
        if len(cells) != len(columns):
            raise DataError(
                f"{path}: line {number}: {len(cells)} cells, expected {len(columns)} "
                f"(the header has {len(columns)} columns)"
            )
        rows.append([cell.strip() for cell in cells])
    if not rows:
        raise DataError(f"{path}: the file has a header but no data rows")
    return Table(path, columns, rows, [number for number, _ in numbered[1:]])


def load_csv_dataset(
    path: str | Path,
    target: str = "",
    feature_columns: list[str] | None = None,
    task: str = "auto",
    standardize: bool = True,
    val_fraction: float = 0.2,
    test_fraction: float = 0.0,
    seed: int = 0,
) -> Dataset:
    """Build a Dataset from a CSV file (target: last column unless named)."""
    table = read_table(path)
    target = target or table.columns[-1]
    if target not in table.columns:
        raise DataError(
            f"data.target: no column {target!r} in {table.path.name}; "
            f"columns: {', '.join(table.columns)}"
        )
    features = feature_columns or [name for name in table.columns if name != target]
    for name in features:
        if name not in table.columns:
            raise DataError(f"data.feature_columns: no column {name!r} in {table.path.name}")
        if name == target:
            raise DataError(f"data.feature_columns: {name!r} is the target; it cannot be a feature")
    x = np.empty((len(table.rows), len(features)), dtype=np.float32)
    for column_index, name in enumerate(features):
        source = table.columns.index(name)
        for row_index, row in enumerate(table.rows):
            x[row_index, column_index] = _number(table, row_index, name, row[source])
    target_index = table.columns.index(target)
    target_cells = [row[target_index] for row in table.rows]
    for row_index, cell in enumerate(target_cells):
        if cell == "":
            _missing(table, row_index, target)
    numeric_target = all(_is_number(cell) for cell in target_cells)
    if task == "auto":
        task, reason = auto_task(target, target_cells, numeric_target)
    else:
        reason = f"{task}: data.task says so"
    if task == "regression":
        if not numeric_target:
            row_index = next(i for i, cell in enumerate(target_cells) if not _is_number(cell))
            _not_a_number(table, row_index, target, target_cells[row_index])
        y = np.array([float(cell) for cell in target_cells], dtype=np.float32)[:, None]
        class_names: list[str] = []
    else:
        class_names = sorted(set(target_cells), key=_natural_key)
        if len(class_names) < 2:
            raise DataError(
                f"{table.path}: column {target!r} has only one class ({class_names[0]!r}); "
                "a classifier needs at least two"
            )
        lookup = {name: index for index, name in enumerate(class_names)}
        y = np.array([lookup[cell] for cell in target_cells], dtype=np.int64)
    train, val, test = split_indices(len(x), val_fraction, test_fraction, seed)
    if len(train) < 2:
        raise DataError(f"{table.path}: {len(x)} rows leave too few for training")
    mean = std = None
    if standardize:  # statistics of the training split only: validation must not leak in
        mean = x[train].mean(axis=0)
        std = x[train].std(axis=0)
        std[std == 0] = 1.0
        x = (x - mean) / std
    n_classes = len(class_names)
    return Dataset(
        name=table.path.stem,
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
    """("regression" or "classification", why) for a target column's cells under task "auto"."""
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
            values[row_index, column_index] = _number(table, row_index, name, row[source])
    return values


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def _number(table: Table, row_index: int, column: str, cell: str) -> float:
    if cell == "":
        _missing(table, row_index, column)
    if not _is_number(cell):
        _not_a_number(table, row_index, column, cell)
    return float(cell)


def _line(table: Table, row_index: int) -> int:
    return table.line_numbers[row_index]


def _missing(table: Table, row_index: int, column: str) -> None:
    raise DataError(f"{table.path}: line {_line(table, row_index)}, column {column!r}: missing value")


def _not_a_number(table: Table, row_index: int, column: str, cell: str) -> None:
    raise DataError(
        f"{table.path}: line {_line(table, row_index)}, column {column!r}: {cell!r} is not a number"
    )


def _natural_key(name: str):
    return (0, float(name), "") if _is_number(name) else (1, 0.0, name)
