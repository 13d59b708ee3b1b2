"""What a plot shows, in words, for screen readers: each view keeps its plot's accessible
description current ("Loss: train 0.21, validation 0.25 at epoch 120; best epoch 97")."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QTableView, QWidget

CONTEXT = "PlotDescription"
TEXTS = {  # key: source text (translated in _text)
    "nan": QT_TRANSLATE_NOOP("PlotDescription", "not a number"),
    "empty": QT_TRANSLATE_NOOP("PlotDescription", "{title}: nothing drawn yet."),
    "loss_empty": QT_TRANSLATE_NOOP("PlotDescription", "Loss: no epochs yet."),
    "loss": QT_TRANSLATE_NOOP("PlotDescription", "Loss: train {train}, validation {validation} at epoch {epoch}"),
    "loss_train": QT_TRANSLATE_NOOP("PlotDescription", "Loss: train {train} at epoch {epoch}"),
    "best": QT_TRANSLATE_NOOP("PlotDescription", "; best epoch {epoch}"),
    "accuracy_empty": QT_TRANSLATE_NOOP("PlotDescription", "Accuracy: no epochs yet."),
    "accuracy": QT_TRANSLATE_NOOP("PlotDescription",
                                  "Accuracy: train {train}, validation {validation} at epoch {epoch}."),
    "accuracy_train": QT_TRANSLATE_NOOP("PlotDescription", "Accuracy: train {train} at epoch {epoch}."),
    "rate_empty": QT_TRANSLATE_NOOP("PlotDescription", "Learning rate: no epochs yet."),
    "rate": QT_TRANSLATE_NOOP("PlotDescription", "Learning rate {rate} at epoch {epoch}"),
    "rate_start": QT_TRANSLATE_NOOP("PlotDescription", "; it started at {rate}"),
    "points": QT_TRANSLATE_NOOP("PlotDescription",
                                "{train} training points (filled) and {validation} validation points (hollow)"),
    "boundary_empty": QT_TRANSLATE_NOOP("PlotDescription", "Decision boundary: not drawn yet; {points}."),
    "region": QT_TRANSLATE_NOOP("PlotDescription", "class {k} {share}"),
    "boundary": QT_TRANSLATE_NOOP("PlotDescription", "Decision regions over x1 from {x_low} to {x_high} and x2 "
                                  "from {y_low} to {y_high}: {regions} of the area; {points}."),
    "fit_points": QT_TRANSLATE_NOOP("PlotDescription", "{train} training and {validation} validation points"),
    "fit_empty": QT_TRANSLATE_NOOP("PlotDescription", "Regression fit: {points}; no model curve yet."),
    "fit": QT_TRANSLATE_NOOP("PlotDescription", "Regression fit: {points}; the model's curve: {values}."),
    "confusion_empty": QT_TRANSLATE_NOOP("PlotDescription", "Confusion matrix: no samples."),
    "confusion": QT_TRANSLATE_NOOP("PlotDescription", "Confusion matrix of {total} samples: {accuracy} right"),
    "confused": QT_TRANSLATE_NOOP("PlotDescription",
                                  "; most often confused: {true} taken for {predicted} ({count} times)"),
    "curve": QT_TRANSLATE_NOOP("PlotDescription", "{name} {value} at {axis} {position}"),
    "swept": QT_TRANSLATE_NOOP("PlotDescription", "{knob} {value}: train {train}, validation {validation}"),
    "swept_best": QT_TRANSLATE_NOOP("PlotDescription", "; best validation at {knob} {value}"),
    "path": QT_TRANSLATE_NOOP("PlotDescription", "{title}: the path has {count} points, now at ({x}, {y})"),
    "optimum": QT_TRANSLATE_NOOP("PlotDescription", "; {name} at ({x}, {y})"),
    "lowest": QT_TRANSLATE_NOOP("PlotDescription", "{title}: lowest {value} at {axis} = {position}."),
    "spread": QT_TRANSLATE_NOOP("PlotDescription", "{title}, {layer}: at epoch {epoch} the median is {median}, "
                                "half of the values from {low} to {high}."),
    "columns": QT_TRANSLATE_NOOP("PlotDescription", "Column headers of {table}"),
    "rows": QT_TRANSLATE_NOOP("PlotDescription", "Row headers of {table}"),
    "corner": QT_TRANSLATE_NOOP("PlotDescription", "Select the whole table"),
    # How a description joins its parts: in the language's own punctuation (Chinese: "，" "；").
    "list_separator": QT_TRANSLATE_NOOP("PlotDescription", ", "),
    "part_separator": QT_TRANSLATE_NOOP("PlotDescription", "; "),
    "titled": QT_TRANSLATE_NOOP("PlotDescription", "{title}: {parts}."),
}


def _text(key: str, **values) -> str:
    return QCoreApplication.translate(CONTEXT, TEXTS[key]).format(**values)


def join_list(items) -> str:
    """Items of a list ("x₁, x₂"), joined with the language's comma."""
    return _text("list_separator").join(items)


def join_parts(items) -> str:
    """The parts of a description ("train 0.2; validation 0.3"), with the language's semicolon."""
    return _text("part_separator").join(items)


def titled(title: str, parts: str) -> str:
    """"Title: parts." in the language's punctuation."""
    return _text("titled", title=title, parts=parts)


def describe(widget: QWidget, text: str) -> None:
    """Set ``widget``'s accessible description (only when it changed: each change is an event
    for a screen reader)."""
    if widget.accessibleDescription() != text:
        widget.setAccessibleDescription(text)


def number(value: float) -> str:
    """A value as a student reads it: 0.213, 1.5e-05, 120."""
    value = float(value)
    if np.isnan(value):
        return _text("nan")
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.3g}"


def percent(value: float) -> str:
    return f"{value:.1%}" if np.isfinite(value) else _text("nan")


def last_finite(x: np.ndarray, y: np.ndarray) -> Optional[tuple[float, float]]:
    """The last (x, y) with a finite y, or None."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = min(len(x), len(y))
    finite = np.flatnonzero(np.isfinite(y[:n]))
    return (float(x[finite[-1]]), float(y[finite[-1]])) if len(finite) else None


def loss_text(epochs: np.ndarray, train: np.ndarray, val: np.ndarray, best: Optional[int]) -> str:
    last_train = last_finite(epochs, train)
    if last_train is None:
        return _text("loss_empty")
    epoch, last_val = last_train[0], last_finite(epochs, val)
    if last_val is not None and last_val[0] == epoch:
        text = _text("loss", train=number(last_train[1]), validation=number(last_val[1]), epoch=number(epoch))
    else:
        text = _text("loss_train", train=number(last_train[1]), epoch=number(epoch))
    return text + (_text("best", epoch=best) if best is not None else "") + "."


def accuracy_text(epochs: np.ndarray, train: np.ndarray, val: np.ndarray) -> str:
    last_train = last_finite(epochs, train)
    if last_train is None:
        return _text("accuracy_empty")
    epoch, last_val = last_train[0], last_finite(epochs, val)
    if last_val is not None and last_val[0] == epoch:
        return _text("accuracy", train=percent(last_train[1]), validation=percent(last_val[1]), epoch=number(epoch))
    return _text("accuracy_train", train=percent(last_train[1]), epoch=number(epoch))


def learning_rate_text(epochs: np.ndarray, rates: np.ndarray) -> str:
    last = last_finite(epochs, rates)
    if last is None:
        return _text("rate_empty")
    text = _text("rate", rate=number(last[1]), epoch=number(last[0]))
    first = float(np.asarray(rates, dtype=float)[0])
    return text + (_text("rate_start", rate=number(first)) if first != last[1] else "") + "."


def boundary_text(shares: Optional[Sequence[float]], bounds, n_train: int, n_val: int) -> str:
    """The decision regions: the share of the data's square each class takes, and the points."""
    points = _text("points", train=n_train, validation=n_val)
    if shares is None or bounds is None:
        return _text("boundary_empty", points=points)
    (x_low, x_high), (y_low, y_high) = bounds
    regions = join_list(_text("region", k=k, share=f"{share:.0%}") for k, share in enumerate(shares))
    return _text("boundary", x_low=number(x_low), x_high=number(x_high), y_low=number(y_low),
                 y_high=number(y_high), regions=regions, points=points)


def regression_text(n_train: int, n_val: int, x: np.ndarray, y: np.ndarray, samples: int = 5) -> str:
    """The points, and the model's curve at a few evenly spaced x."""
    points = _text("fit_points", train=n_train, validation=n_val)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if not len(x):
        return _text("fit_empty", points=points)
    at = np.linspace(0, len(x) - 1, min(samples, len(x))).round().astype(int)
    values = join_list(f"f({number(x[i])}) = {number(y[i])}" for i in at)
    return _text("fit", points=points, values=values)


def confusion_text(matrix: np.ndarray, names: Sequence[str]) -> str:
    total = int(matrix.sum())
    if total == 0:
        return _text("confusion_empty")
    text = _text("confusion", total=total, accuracy=percent(np.trace(matrix) / total))
    off = np.array(matrix, dtype=np.int64, copy=True)
    np.fill_diagonal(off, 0)
    if off.max() > 0:
        true, predicted = np.unravel_index(int(off.argmax()), off.shape)
        text += _text("confused", true=names[true], predicted=names[predicted], count=int(off[true, predicted]))
    return text + "."


def curves_text(title: str, curves: Sequence[tuple[str, np.ndarray, np.ndarray]], x_label: str) -> str:
    """"Title: name 0.21 at epoch 12; other 0.3 at epoch 12." — each curve's last point."""
    parts = []
    for name, x, y in curves:
        last = last_finite(x, y)
        if last is not None:
            parts.append(_text("curve", name=name, value=number(last[1]), axis=x_label, position=number(last[0])))
    return titled(title, join_parts(parts)) if parts else _text("empty", title=title)


def plot_title(plot) -> str:
    """The title of a pyqtgraph PlotWidget (markup-free), whole even when the plot shows it cut."""
    item = plot.getPlotItem()
    return getattr(item, "full_title", "") or item.titleLabel.text or plot.accessibleName()


def empty_text(title: str) -> str:
    """"Title: nothing drawn yet." """
    return _text("empty", title=title)


def spread_text(title: str, layer: str, epochs: np.ndarray, edges: np.ndarray, shares: np.ndarray) -> str:
    """A distribution over time (``shares``: value band × epoch, bands between ``edges``) by its
    last epoch's median and middle half."""
    if not len(epochs) or not shares.size:
        return empty_text(title)
    last = np.cumsum(shares[:, -1]) / max(float(shares[:, -1].sum()), 1e-12)
    centres = (edges[:-1] + edges[1:]) / 2
    low, median, high = (centres[int(np.argmax(last >= share))] for share in (0.25, 0.5, 0.75))
    return _text("spread", title=title, layer=layer, epoch=number(epochs[-1]), median=number(median),
                 low=number(low), high=number(high))


def sweep_text(title: str, knob: str, values: np.ndarray, train: np.ndarray, val: np.ndarray,
               best: Optional[int]) -> str:
    """Each swept model's final errors, and the best one."""
    if not len(values):
        return _text("empty", title=title)
    models = join_parts(_text("swept", knob=knob, value=number(value), train=number(t), validation=number(v))
                       for value, t, v in zip(values, train, val))
    best_text = _text("swept_best", knob=knob, value=number(values[best])) if best is not None else ""
    return titled(title, models + best_text)


def path_text(title: str, path: np.ndarray, optimum_name: str, optimum) -> str:
    """The optimiser's path over a loss landscape."""
    text = _text("path", title=title, count=len(path), x=number(path[-1, 0]), y=number(path[-1, 1]))
    if optimum is not None:
        text += _text("optimum", name=optimum_name, x=number(optimum[0]), y=number(optimum[1]))
    return text + "."


def minimum_text(title: str, x: np.ndarray, y: np.ndarray, x_label: str) -> str:
    """A curve by its lowest point."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    finite = np.isfinite(y)
    if not finite.any():
        return _text("empty", title=title)
    lowest = int(np.flatnonzero(finite)[np.argmin(y[finite])])
    return _text("lowest", title=title, value=number(y[lowest]), axis=x_label, position=number(x[lowest]))


def name_table_parts(table: QTableView) -> None:
    """Names for a table's column and row headers and its select-all corner button, which Qt
    leaves unnamed (a screen reader then says only "header" or "button")."""
    table.horizontalHeader().setAccessibleName(_text("columns", table=table.accessibleName()))
    table.verticalHeader().setAccessibleName(_text("rows", table=table.accessibleName()))
    corner = table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
    if corner is not None:
        corner.setAccessibleName(_text("corner"))
