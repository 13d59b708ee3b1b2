"""Small views of a dataset: a grid of labelled images and a bar of how many samples each class has."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nnstudio.gui.views.palette import class_colour
from nnstudio.gui.views.sample_browser import thumbnail

GRID_COLUMNS = 5
GRID_TILE_PIXELS = 56  # 28×28 images at twice their size, 32×32 ones too


def pick_per_class(labels: np.ndarray, n_classes: int, per_class: int) -> np.ndarray:
    """Indices of the first ``per_class`` samples of every class, class by class."""
    labels = np.asarray(labels)
    return np.concatenate(
        [np.flatnonzero(labels == k)[:per_class] for k in range(n_classes)] or [np.zeros(0, int)]
    ).astype(int)


class ImageGrid(QWidget):
    """Images in a grid, each with a caption under it (its class name)."""

    def __init__(self, columns: int = GRID_COLUMNS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(4)
        self._grid.setVerticalSpacing(2)
        self.tiles: list[tuple[QLabel, QLabel]] = []

    def show_images(self, images: np.ndarray, captions: list[str],
                    caption_colours: list[str] | None = None) -> None:
        """Show (n, c, h, w) uint8 images with one caption each; earlier tiles are reused."""
        while len(self.tiles) < len(images):
            index = len(self.tiles)
            picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
            caption.setObjectName("imageCaption")
            row, column = divmod(index, self.columns)
            self._grid.addWidget(picture, 2 * row, column)
            self._grid.addWidget(caption, 2 * row + 1, column)
            self.tiles.append((picture, caption))
        for index, (picture, caption) in enumerate(self.tiles):
            shown = index < len(images)
            picture.setVisible(shown)
            caption.setVisible(shown)
            if not shown:
                continue
            picture.setPixmap(thumbnail(images[index], GRID_TILE_PIXELS))
            text = captions[index]
            metrics = caption.fontMetrics()
            caption.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                               GRID_TILE_PIXELS + 8))
            caption.setToolTip(text)
            colour = caption_colours[index] if caption_colours else ""
            caption.setStyleSheet(f"color: {colour};" if colour else "")

    def captions(self) -> list[str]:
        return [caption.toolTip() for picture, caption in self.tiles if not picture.isHidden()]


class ClassBalanceBar(QWidget):
    """One bar split into a coloured part per class, as wide as the class is common; each part
    carries its count when it has room, and the tooltip lists them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.counts: list[int] = []
        self.names: list[str] = []

    def set_counts(self, counts: list[int], names: list[str]) -> None:
        self.counts, self.names = list(counts), list(names)
        total = max(sum(self.counts), 1)
        lines = [f"{name}: {count} ({count / total:.0%})" for name, count in zip(names, counts)]
        tooltip = "\n".join(lines)
        self.setToolTip(tooltip)
        self.setAccessibleDescription(tooltip)
        self.update()

    def sizeHint(self):  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        hint.setHeight(22)
        return hint

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        total = sum(self.counts)
        if not total:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        width, height = self.width(), self.height()
        left = 0.0
        metrics = painter.fontMetrics()
        for k, count in enumerate(self.counts):
            part = width * count / total
            rect = QRectF(left, 0, part, height)
            colour = QColor(class_colour(k))
            painter.fillRect(rect, colour)
            name = self.names[k] if k < len(self.names) else ""
            fits = [text for text in (f"{name}: {count}", str(count))
                    if metrics.horizontalAdvance(text) + 6 < part]
            if fits:
                text = fits[0]
                dark = colour.lightnessF() < 0.55
                painter.setPen(QColor("white") if dark else QColor("black"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            painter.setPen(QColor("white"))
            painter.drawLine(int(left), 0, int(left), height)  # a gap between neighbours
            left += part
        painter.end()


def balance_caption(counts: list[int]) -> str:
    """'Class balance (training): 3 classes, 98 to 104 samples each'."""
    if not counts:
        return ""
    low, high = min(counts), max(counts)
    each = (QCoreApplication.translate("DatasetPanel", "{count} each").format(count=low) if low == high else
            QCoreApplication.translate("DatasetPanel", "{low} to {high} each").format(low=low, high=high))
    return QCoreApplication.translate(
        "DatasetPanel", "Class balance (training): {n} classes, {each}"
    ).format(n=len(counts), each=each)


class LabelledBlock(QWidget):
    """A caption over a widget, for the panel's preview area."""

    def __init__(self, caption: QLabel, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(widget)
