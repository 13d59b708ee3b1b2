"""The confusion matrix of an image classifier: which true classes it mistakes for which."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import confusion_text, describe, name_table_parts
from nnstudio.gui.views.palette import (
    CLASS_COLOURS,
    TEXT_CONTRAST,
    contrast_ratio,
    readable_on,
    towards_background,
)

CORRECT_SHADE = CLASS_COLOURS[0]  # blue: the diagonal, samples the model got right
CONFUSED_SHADE = CLASS_COLOURS[1]  # orange: off the diagonal, one true class taken for another
ZERO_TEXT = "#767676"  # an empty cell's "0" stays in the background, still readable (4.5:1)
RECALL_SHADE = 0.87  # the recall column: a grey this close to the background
EMPTY_TITLE = QT_TRANSLATE_NOOP("ConfusionView", "Confusion matrix: train the model to fill it")
LEGEND_TEXT = QT_TRANSLATE_NOOP(
    "ConfusionView",
    "Rows: true class · columns: predicted class · click a cell to see its samples.\n"
    "Shade: share of the row (blue on the diagonal = right, orange off it = confused)."
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConfusionView", text)


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, k: int) -> np.ndarray:
    """(k, k) int64 counts: ``matrix[t, p]`` is how many samples of true class t were predicted as p."""
    labels = np.asarray(labels).ravel().astype(np.int64)
    predicted = np.asarray(predicted).ravel().astype(np.int64)
    if labels.shape != predicted.shape:
        raise ValueError(f"labels and predicted differ in length: {len(labels)} and {len(predicted)}")
    for name, values in (("labels", labels), ("predicted", predicted)):
        if values.size and (values.min() < 0 or values.max() >= k):
            raise ValueError(f"{name} must be class indices in 0..{k - 1}, got {values.min()}..{values.max()}")
    return np.bincount(labels * k + predicted, minlength=k * k).reshape(k, k)


def cell_shades(matrix: np.ndarray) -> np.ndarray:
    """RGB (k, k, 3) in 0..1 for each cell: blue on the diagonal, orange off it, paler for a
    smaller share of its row. The square root keeps a 2 % confusion visible beside a 90 % diagonal."""
    matrix = np.asarray(matrix, dtype=float)
    totals = matrix.sum(axis=1, keepdims=True)
    share = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
    strength = np.sqrt(share)
    k = len(matrix)
    correct = np.array(QColor(CORRECT_SHADE).getRgbF()[:3])
    confused = np.array(QColor(CONFUSED_SHADE).getRgbF()[:3])
    full = np.where(np.eye(k, dtype=bool)[..., None], correct, confused)
    return towards_background(full, 1.0 - strength)


def readable_text_colour(rgb: np.ndarray) -> QColor:
    """Black or white, whichever reads better on the cell (WCAG contrast)."""
    cell = QColor.fromRgbF(*rgb)
    return max((QColor("black"), QColor("white")), key=lambda text: contrast_ratio(text, cell))


def header_text(name: str) -> str:
    """A class name broken over lines at spaces and slashes, so narrow columns show it whole."""
    return name.replace("/", "/\n").replace(" ", "\n")


class ConfusionView(FollowsLanguage, QWidget):
    """A k×k table of counts, shaded by share of each true class, with per-class recall and the
    overall accuracy. Clicking a cell reports its (true, predicted) pair."""

    cellClicked = Signal(int, int)  # true class, predicted class  # noqa: N815 - Qt's naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionView")
        self.title_label = QLabel(objectName="confusionTitle", wordWrap=True)
        self._size_title()
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.legend_label = QLabel(objectName="confusionLegend", wordWrap=True)
        self.legend_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.table = QTableWidget(objectName="confusionTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setCornerButtonEnabled(False)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setSectionsClickable(False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.cellClicked.connect(self._on_cell_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.legend_label)
        layout.addWidget(self.table, stretch=1)
        self._matrix: np.ndarray | None = None
        self._class_names: list[str] = []
        self.retranslate()

    def _size_title(self) -> None:
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title_label.setFont(title_font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:  # View ▸ Text size, or the desktop's font
            self._size_title()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Confusion matrix"))
        self.table.setAccessibleName(
            self.tr("Confusion matrix table: rows are true classes, columns predicted classes"))
        name_table_parts(self.table)
        self.legend_label.setText(_tr(LEGEND_TEXT))
        if self._matrix is None:
            self.title_label.setText(_tr(EMPTY_TITLE))
            describe(self.table, _tr(EMPTY_TITLE))
        else:
            self.set_matrix(self._matrix, self._class_names)

    def set_matrix(self, matrix: np.ndarray, class_names: list[str]) -> None:
        """Show ``matrix[t, p]`` (counts of true class t predicted as p) with class names on both axes."""
        matrix = np.array(matrix, dtype=np.int64, copy=True)
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise ValueError(f"matrix must be square (k, k), got {matrix.shape}")
        k = len(matrix)
        names = [str(name) for name in class_names[:k]] + [
            self.tr("class {k}").format(k=i) for i in range(len(class_names), k)]
        self._matrix, self._class_names = matrix, names
        if self.table.rowCount() != k:
            self.table.setRowCount(k)
            self.table.setColumnCount(k + 1)
        self._set_headers(names)
        shades = cell_shades(matrix)
        totals = matrix.sum(axis=1)
        for true in range(k):
            for predicted in range(k):
                self.table.setItem(true, predicted, self._count_item(matrix, shades, names, true, predicted))
            self.table.setItem(true, k, self._recall_item(matrix[true, true], totals[true], names[true]))
        self.title_label.setText(self._title(matrix))
        describe(self.table, confusion_text(matrix, names))

    def clear(self) -> None:
        """Empty the table, back to the 'train first' title."""
        self._matrix, self._class_names = None, []
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.title_label.setText(_tr(EMPTY_TITLE))
        describe(self.table, _tr(EMPTY_TITLE))

    def matrix(self) -> np.ndarray | None:
        """The counts last shown (a copy), or None when clear."""
        return None if self._matrix is None else self._matrix.copy()

    def _set_headers(self, names: list[str]) -> None:
        for column, name in enumerate([*names, self.tr("recall")]):
            item = QTableWidgetItem(header_text(name))
            item.setToolTip(self.tr("share of each true class predicted right") if column == len(names)
                            else self.tr("predicted: {name}").format(name=name))
            self.table.setHorizontalHeaderItem(column, item)
        for row, name in enumerate(names):
            item = QTableWidgetItem(name)
            item.setToolTip(self.tr("true: {name}").format(name=name))
            self.table.setVerticalHeaderItem(row, item)

    def _count_item(self, matrix: np.ndarray, shades: np.ndarray, names: list[str],
                    true: int, predicted: int) -> QTableWidgetItem:
        count = int(matrix[true, predicted])
        total = int(matrix[true].sum())
        item = QTableWidgetItem(f"{count:,}")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setData(Qt.ItemDataRole.UserRole, (true, predicted))
        rgb = shades[true, predicted]
        item.setBackground(QBrush(QColor.fromRgbF(*rgb)))
        cell = QColor.fromRgbF(*rgb)
        item.setForeground(QBrush(readable_on(ZERO_TEXT, cell, TEXT_CONTRAST) if count == 0
                                  else readable_text_colour(rgb)))
        share = self.tr(" ({share} of {name})").format(share=f"{count / total:.1%}", name=names[true]) if total else ""
        item.setToolTip(self.tr("true {true}, predicted {predicted}: {count}").format(
            true=names[true], predicted=names[predicted], count=f"{count:,}") + share)
        return item

    def _recall_item(self, correct: int, total: int, name: str) -> QTableWidgetItem:
        item = QTableWidgetItem(f"{correct / total:.0%}" if total else "–")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setBackground(QBrush(QColor.fromRgbF(*towards_background(np.full(3, 0.5), RECALL_SHADE))))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: it is not a (true, predicted) pair
        item.setToolTip(self.tr("{name}: {correct} of {total} predicted right").format(
            name=name, correct=f"{correct:,}", total=f"{total:,}") if total
            else self.tr("no {name} samples").format(name=name))
        return item

    def _title(self, matrix: np.ndarray) -> str:
        total = int(matrix.sum())
        if total == 0:
            return self.tr("Confusion matrix: no samples")
        correct = int(np.trace(matrix))
        return self.tr("Confusion matrix: accuracy {accuracy} ({correct} of {total})").format(
            accuracy=f"{correct / total:.1%}", correct=f"{correct:,}", total=f"{total:,}")

    def _on_cell_clicked(self, row: int, column: int) -> None:
        if self._matrix is not None and column < len(self._matrix):
            self.cellClicked.emit(row, column)
