"""Apply a trained model to the rows of a CSV file: the answers in the data's own units.

The model's preprocessing (the columns it reads, features computed from them, the training
split's standardisation) turns each row into the network's input; the network's output is
already in the target's units (its OutputScale) or class probabilities. The rows are written back
with a ``prediction`` column (for classes: the class name) and, for classes, one probability
column per class.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np
from torch import nn

from nnstudio.core.data.csv_import import column_values, read_table
from nnstudio.core.data.preprocessing import Preprocessing
from nnstudio.core.errors import DataError
from nnstudio.core.atomic_save import atomic_write_text


def predict_table(model: nn.Module, preprocessing: Preprocessing, path: str | os.PathLike[str]
                  ) -> tuple[list[str], list[list[str]]]:
    """The file's header and rows with the model's answers added (see the module's text).
    DataError naming the line and column for a cell that is not a number, or the column the
    model reads that the file lacks."""
    from nnstudio.core.models.predict import predict

    if preprocessing.images:
        raise DataError("predict: this model classifies images; it cannot read rows of a CSV file")
    table = read_table(path)
    inputs = preprocessing.network_inputs(column_values(table, preprocessing.columns))
    outputs = predict(model, inputs, preprocessing.task, "cpu")
    name = _free_name(table.columns, "prediction")
    if preprocessing.task == "regression":
        header = table.columns + [name]
        answers = [[_number_text(value)] for value in outputs[:, 0]]
    else:
        classes = preprocessing.class_names or [str(k) for k in range(outputs.shape[1])]
        probability = [_free_name(table.columns, f"probability_{c}") for c in classes]
        header = table.columns + [name] + probability
        answers = [[classes[int(np.argmax(row))]] + [_number_text(p) for p in row] for row in outputs]
    return header, [row + answer for row, answer in zip(table.rows, answers)]


def write_predictions(model: nn.Module, preprocessing: Preprocessing, source: str | os.PathLike[str],
                      target: str | os.PathLike[str] | None = None) -> tuple[str, int]:
    """Predict every row of ``source`` and write the table to ``target`` (atomically; not when
    None). Returns the table's text and its number of rows; OSError when it cannot be written."""
    header, rows = predict_table(model, preprocessing, source)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if target is not None:
        atomic_write_text(Path(target), text)
    return text, len(rows)


def _number_text(value: float) -> str:
    """The shortest text that reads back as the same float32 (what the model computed)."""
    return np.format_float_positional(np.float32(value), trim="-")


def _free_name(columns: list[str], name: str) -> str:
    """``name``, or ``name (nnstudio)`` when the file already has a column of that name."""
    return name if name not in columns else f"{name} (nnstudio)"
