"""The run history as a table, as TensorBoard's hyperparameter view shows it: one row per run,
its settings (data, model, layers, optimizer, learning rate, batch, L2, dropout, the epochs set)
and the epochs it trained, and its
results ("final" is the saved model, "best" the epoch with the lowest validation loss), sorted by
any column and filtered by ranges. The Runs panel and ``nnstudio runs list`` both read it.

A filter is words separated by spaces: ``lr<0.05``, ``final_val_acc>=0.9``, ``batch=16..64``
(a range, both ends included), ``optimizer=adam`` (a column equal to a text), and plain words,
which a run's name, notes or data must contain. Every part must hold.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from nnstudio.core.config import Conv2dLayer, DropoutLayer, LinearLayer, ModelConfig, RunConfig
from nnstudio.core.errors import ConfigError, NNStudioError
from nnstudio.core.store.history import RunRecord


@dataclass(frozen=True)
class RunColumn:
    """One column: its key (what filters and ``--sort`` name), its header, whether it holds
    numbers, and which group it belongs to (run, setting, final or best)."""

    key: str
    header: str
    numeric: bool
    group: str


RUN_COLUMNS: list[RunColumn] = [
    RunColumn("id", "id", True, "run"),
    RunColumn("name", "name", False, "run"),
    RunColumn("started", "started", False, "run"),
    RunColumn("data", "data", False, "setting"),
    RunColumn("model", "model", False, "setting"),
    RunColumn("layers", "layers", True, "setting"),
    RunColumn("widths", "widths", False, "setting"),
    RunColumn("optimizer", "optimizer", False, "setting"),
    RunColumn("lr", "lr", True, "setting"),
    RunColumn("batch", "batch", True, "setting"),
    RunColumn("l2", "L2", True, "setting"),
    RunColumn("dropout", "dropout", True, "setting"),
    RunColumn("max_epochs", "max epochs", True, "setting"),
    RunColumn("epochs", "epochs", True, "run"),
    RunColumn("stopped", "stopped", False, "run"),
    RunColumn("final_train_loss", "final train loss", True, "final"),
    RunColumn("final_val_loss", "final val loss", True, "final"),
    RunColumn("final_val_acc", "final val acc", True, "final"),
    RunColumn("best_val_loss", "best val loss", True, "best"),
    RunColumn("best_val_acc", "best val acc", True, "best"),
    RunColumn("best_epoch", "best epoch", True, "best"),
    RunColumn("notes", "notes", False, "run"),
]
COLUMNS_BY_KEY = {column.key: column for column in RUN_COLUMNS}
KEYS = [column.key for column in RUN_COLUMNS]


def run_row(run: RunRecord) -> dict[str, Any]:
    """The values of one run, by column key (None where unknown). A full batch is ``"full"``:
    listed after the numbers when sorted by batch, and let through by no batch range."""
    final, best = run.final or {}, run.best or {}
    row: dict[str, Any] = {
        "id": run.id, "name": run.name, "started": run.started_at[:16].replace("T", " "),
        "epochs": run.epochs, "stopped": run.stop_kind or "", "notes": run.notes,
        "final_train_loss": _finite(final.get("train_loss")),
        "final_val_loss": _finite(final.get("val_loss")),
        "final_val_acc": _finite(final.get("val_acc")),
        "best_val_loss": _finite(best.get("val_loss")),
        "best_val_acc": _finite(best.get("val_acc")),
        "best_epoch": run.best_epoch,
    }
    try:
        config = run.config
    except NNStudioError:  # written by another version of nnstudio: its settings stay unknown
        config = None
    row.update(settings_row(config))
    return row


def settings_row(config: Optional[RunConfig]) -> dict[str, Any]:
    """The setting columns of a config (all None when there is none)."""
    if config is None:
        return {key: None for key in ("data", "model", "layers", "widths", "optimizer", "lr", "batch",
                                      "l2", "dropout", "max_epochs")}
    data, train = config.data, config.train
    layers, widths = hidden_shape(config.model)
    return {
        "data": Path(data.csv).stem if data.dataset == "csv" and data.csv else data.dataset,
        "model": _model_name(config.model),
        "layers": layers,
        "widths": widths,
        "optimizer": train.optimizer,
        "lr": train.lr,
        "batch": train.batch_size,
        "l2": train.weight_decay,
        "dropout": _dropout(config.model),
        "max_epochs": train.epochs,
    }


def hidden_shape(model: ModelConfig) -> tuple[int, str]:
    """The number of hidden layers with weights and their widths (``16-16``; convolutions as
    channels, ``16c``)."""
    preset = model.preset
    if preset in ("auto", "mlp"):
        widths = [str(width) for width in model.hidden]
    elif preset == "cnn":
        widths = ["16c", "32c", str(model.hidden[0] if model.hidden else 64)]
    elif preset == "custom":
        widths = [str(layer.width) if isinstance(layer, LinearLayer) else f"{layer.channels}c"
                  for layer in model.layers if isinstance(layer, (LinearLayer, Conv2dLayer))]
    else:
        widths = []
    return len(widths), "-".join(widths)


def _model_name(model: ModelConfig) -> str:
    if model.preset == "polynomial":
        return f"polynomial {model.degree}"
    if model.preset in ("auto", "mlp"):
        return f"mlp {model.activation}"
    return model.preset


def _dropout(model: ModelConfig) -> float:
    if model.preset == "custom":
        return max((layer.p for layer in model.layers if isinstance(layer, DropoutLayer)), default=0.0)
    return model.dropout


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --- filtering ---------------------------------------------------------------------------------
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le, ">=": operator.ge, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
    "=": operator.eq,
}
_CONDITION = re.compile(r"^([A-Za-z_][A-Za-z_0-9]*)\s*(<=|>=|!=|<|>|=)\s*(.*)$")
_TEXT_COLUMNS = ("name", "notes", "data")


@dataclass(frozen=True)
class _Condition:
    key: str
    test: Callable[[Any], bool]


class RunFilter:
    """Which rows a filter text lets through (see the module's docstring for the syntax)."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.words: list[str] = []
        self.conditions: list[_Condition] = []
        for token in _tokens(text):
            match = _CONDITION.match(token)
            if match is None:
                self.words.append(token.lower())
            else:
                self.conditions.append(_condition(*match.groups()))

    def matches(self, row: dict[str, Any]) -> bool:
        haystack = " ".join(str(row.get(key) or "") for key in _TEXT_COLUMNS).lower()
        if any(word not in haystack for word in self.words):
            return False
        return all(condition.test(row.get(condition.key)) for condition in self.conditions)


def _tokens(text: str) -> list[str]:
    # "lr < 0.1" is one condition as "lr<0.1" is: operators glue to their neighbours.
    return re.sub(r"\s*(<=|>=|!=|<|>|=)\s*", r"\1", text.strip()).split()


def _condition(key: str, symbol: str, value: str) -> _Condition:
    column = COLUMNS_BY_KEY.get(key.lower())
    if column is None:
        raise ConfigError(f"runs filter: no column {key!r}; columns: {', '.join(KEYS)}")
    if not value:
        raise ConfigError(f"runs filter: {key}{symbol} needs a value, such as {key}{symbol}{_example(column)}")
    compare = _OPERATORS[symbol]
    if column.numeric:
        if symbol == "=" and ".." in value:
            low, high = (_number(key, part) for part in value.split("..", 1))
            return _Condition(column.key, lambda cell: _is_number(cell) and low <= cell <= high)
        number = _number(key, value)
        return _Condition(column.key, lambda cell: _is_number(cell) and compare(cell, number))
    if symbol not in ("=", "!="):
        raise ConfigError(f"runs filter: {key} holds text: compare it with = or !=")
    wanted = value.lower()
    return _Condition(column.key, lambda cell: compare(str(cell or "").lower(), wanted))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(key: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"runs filter: {key} holds numbers; {text!r} is not one") from None


def _example(column: RunColumn) -> str:
    return "0.01" if column.numeric else "adam"


# --- sorting -----------------------------------------------------------------------------------
def sort_rows(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Rows sorted by column ``key`` (``-key``: largest first); empty cells go last."""
    descending = key.startswith("-")
    key = key.lstrip("-").lower()
    column = COLUMNS_BY_KEY.get(key)
    if column is None:
        raise ConfigError(f"--sort: no column {key!r}; columns: {', '.join(KEYS)}")

    def value(row):
        cell = row.get(key)
        if column.numeric:
            return cell if _is_number(cell) else None
        return None if cell in (None, "") else str(cell).lower()

    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    return sorted(present, key=value, reverse=descending) + missing


def table_rows(runs: list[RunRecord], filter_text: str = "", sort: str = "") -> list[dict[str, Any]]:
    """The rows of ``runs`` that ``filter_text`` lets through, sorted by ``sort`` (if given)."""
    run_filter = RunFilter(filter_text)
    rows = [row for row in map(run_row, runs) if run_filter.matches(row)]
    return sort_rows(rows, sort) if sort else rows
