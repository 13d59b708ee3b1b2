"""A page of image samples with their true labels and, once trained, the model's predictions."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.palette import CLASS_COLOURS, TEXT_CONTRAST, VAL_COLOUR, readable_on

COLUMNS, ROWS = 8, 6  # a full page; in a narrower window the same tiles wrap into fewer columns
PAGE_SIZE = COLUMNS * ROWS
TILE_SPACING = 4
TILE_PIXELS = 64  # target size of a thumbnail; the actual one is a whole multiple of the image
TILE_WIDTH = 88  # room for "pred: Ankle boot" over two lines
# Okabe–Ito green and vermillion, darkened so small text on white stays readable (contrast > 4.5).
CORRECT_COLOUR = QColor(CLASS_COLOURS[2]).darker(140).name()
WRONG_COLOUR = QColor(VAL_COLOUR).darker(125).name()
NO_PREDICTIONS_TIP = QT_TRANSLATE_NOOP("SampleBrowser", "train the model first")
ALL_CLASSES = QT_TRANSLATE_NOOP("SampleBrowser", "All classes")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SampleBrowser", text)


def thumbnail(image: np.ndarray, pixels: int = TILE_PIXELS) -> QPixmap:
    """A (c, h, w) uint8 image (c = 1 grey or 3 RGB) as a pixmap, upscaled by a whole factor
    with nearest neighbour so every image pixel stays a sharp square."""
    channels, height, width = image.shape
    if channels == 3:
        pixels_hwc = np.ascontiguousarray(image.transpose(1, 2, 0))
        qimage = QImage(pixels_hwc.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
    else:
        grey = np.ascontiguousarray(image[0])
        qimage = QImage(grey.tobytes(), width, height, width, QImage.Format.Format_Grayscale8)
    factor = max(1, round(pixels / max(height, width)))
    scaled = qimage.scaled(width * factor, height * factor, Qt.AspectRatioMode.IgnoreAspectRatio,
                           Qt.TransformationMode.FastTransformation)
    return QPixmap.fromImage(scaled)  # copies the pixels: the bytes above may go


def unbreakable(name: str) -> str:
    """``name`` with non-breaking spaces and hyphens, so a wrapped line never splits a class name
    ("T-shirt/top" stays whole on the line under "pred:")."""
    return name.replace(" ", "\u00a0").replace("-", "\u2011")


class SampleTile(QFrame):
    """One thumbnail with its true label and (after training) the prediction under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleTile")
        self.setFixedWidth(TILE_WIDTH)
        self.image_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.image_label.setMinimumHeight(TILE_PIXELS)
        self.true_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        font = self.true_label.font()
        font.setBold(True)
        self.true_label.setFont(font)
        self.prediction_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 3, 2, 3)
        layout.setSpacing(1)
        layout.addWidget(self.image_label)
        layout.addWidget(self.true_label)
        layout.addWidget(self.prediction_label)
        layout.addStretch(1)
        self._set_border(None)
        self.index = -1  # the sample shown (its place in the browser's images)
        self.activated = lambda index: None  # called on a double click

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.index >= 0:
            self.activated(self.index)
        super().mouseDoubleClickEvent(event)

    def show_sample(self, image: np.ndarray, true_name: str, predicted_name: str | None,
                    confidence: float | None, correct: bool) -> None:
        """Draw one sample; ``predicted_name`` None leaves the prediction line empty."""
        self.image_label.setPixmap(thumbnail(image))
        self.true_label.setText(true_name)
        if predicted_name is None:
            self.prediction_label.clear()
            self.prediction_label.hide()  # no empty line under every untrained tile
            self._set_border(None)
            self.setAccessibleName(true_name)
            self.setToolTip(self.tr("true: {name}").format(name=true_name))
        else:
            # A mark as well as a colour, for readers who cannot tell green from red.
            mark = "✓" if correct else "✗"
            percent = "" if confidence is None else f" {confidence:.0%}"
            self.prediction_label.setText(self.tr("{mark} pred: {name}{percent}").format(
                mark=mark, name=unbreakable(predicted_name), percent=percent))
            self.prediction_label.show()
            self._set_border(CORRECT_COLOUR if correct else WRONG_COLOUR)
            verdict = self.tr("right") if correct else self.tr("wrong")
            self.setAccessibleName(self.tr("{true}, predicted {predicted}{percent}, {verdict}").format(
                true=true_name, predicted=predicted_name, percent=percent, verdict=verdict))
            self.setToolTip(self.tr("true: {true}\npredicted: {predicted}{percent} ({verdict})").format(
                true=true_name, predicted=predicted_name, percent=percent, verdict=verdict))
        self.show()

    def _set_border(self, colour: str | None) -> None:
        if colour:  # readable text on the window's background, light or dark (4.5:1)
            colour = readable_on(colour, self.palette().window().color(), TEXT_CONTRAST).name()
        border = f"2px solid {colour}" if colour else "2px solid transparent"
        text = f"color: {colour};" if colour else ""
        self.setStyleSheet(f"#sampleTile {{ border: {border}; border-radius: 3px; }}")
        self.prediction_label.setStyleSheet(text)


class SampleBrowser(FollowsLanguage, QWidget):
    """Image samples a page at a time, filtered by class, by mistakes, or by a (true, predicted)
    pair picked in the confusion matrix. Only the current page's thumbnails are built.
    ``sampleActivated(index)``: a sample was double-clicked (to look inside the model at it)."""

    sampleActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleBrowser")
        self._images = np.zeros((0, 1, 1, 1), dtype=np.uint8)
        self._labels = np.zeros(0, dtype=np.int64)
        self._class_names: list[str] = []
        self._predicted: np.ndarray | None = None
        self._confidence: np.ndarray | None = None
        self._class_index: int | None = None
        self._misclassified_only = False
        self._pair: tuple[int | None, int | None] = (None, None)
        self._visible = np.zeros(0, dtype=np.int64)
        self._page = 0
        self._build_controls()
        self._build_grid()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(self._filter_row)
        layout.addLayout(self._pair_row)
        layout.addWidget(self.scroll_area, stretch=1)
        layout.addLayout(self._paging_row)
        self.set_predictions(None, None)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Sample images"))
        self.scroll_area.setAccessibleName(self.tr("Sample images"))
        self.class_filter.setAccessibleName(self.tr("Show samples of class"))
        self.class_filter.setItemText(0, _tr(ALL_CLASSES))
        self.misclassified_check.setText(self.tr("Misclassified only"))
        self.misclassified_check.setAccessibleName(self.tr("Show misclassified samples only"))
        self.count_label.setToolTip(self.tr("samples that match the filter, of all samples"))
        self.pair_clear_button.setText(self.tr("Show all"))
        self.pair_clear_button.setAccessibleName(self.tr("Clear the confusion-matrix filter"))
        self.prev_button.setText(self.tr("◀ Previous"))
        self.prev_button.setAccessibleName(self.tr("Previous page of samples"))
        self.next_button.setText(self.tr("Next ▶"))
        self.next_button.setAccessibleName(self.tr("Next page of samples"))
        self.empty_label.setText(self.tr("No samples match this filter."))
        self.set_predictions(self._predicted, self._confidence)  # tooltips, banner and page texts

    def _build_controls(self) -> None:
        self.class_filter = QComboBox(objectName="sampleClassFilter")
        self.class_filter.addItem(_tr(ALL_CLASSES))
        self.class_filter.activated.connect(self._on_user_filter_changed)
        self.misclassified_check = QCheckBox(objectName="misclassifiedOnly")
        self.misclassified_check.toggled.connect(self._on_user_filter_changed)
        self.count_label = QLabel(objectName="sampleCount")
        self._filter_row = QHBoxLayout()
        self._filter_row.addWidget(self.class_filter)
        self._filter_row.addWidget(self.misclassified_check)
        self._filter_row.addStretch(1)
        self._filter_row.addWidget(self.count_label)

        self.pair_label = QLabel(objectName="samplePairFilter")
        self.pair_clear_button = QPushButton(objectName="samplePairClear")
        self.pair_clear_button.clicked.connect(lambda: self.set_filter())
        self._pair_row = QHBoxLayout()
        self._pair_row.addWidget(self.pair_label)
        self._pair_row.addWidget(self.pair_clear_button)
        self._pair_row.addStretch(1)

        self.prev_button = QPushButton(objectName="samplePrev")
        self.prev_button.clicked.connect(lambda: self.set_page(self._page - 1))
        self.next_button = QPushButton(objectName="sampleNext")
        self.next_button.clicked.connect(lambda: self.set_page(self._page + 1))
        self.page_label = QLabel(objectName="samplePage", alignment=Qt.AlignmentFlag.AlignCenter)
        self._paging_row = QHBoxLayout()
        self._paging_row.addWidget(self.prev_button)
        self._paging_row.addWidget(self.page_label, stretch=1)
        self._paging_row.addWidget(self.next_button)

    def _build_grid(self) -> None:
        """One tile per slot, made once; a page change only swaps their pixmaps and texts."""
        grid_widget = QWidget(objectName="sampleGrid")
        self._grid = QGridLayout(grid_widget)
        self._grid.setContentsMargins(TILE_SPACING, TILE_SPACING, TILE_SPACING, TILE_SPACING)
        self._grid.setSpacing(TILE_SPACING)
        self.tiles = [SampleTile(grid_widget) for _ in range(PAGE_SIZE)]
        self.empty_label = QLabel(objectName="sampleEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.columns = 0
        self._arrange_tiles(COLUMNS)
        self.scroll_area = QScrollArea(objectName="sampleScroll")
        self.scroll_area.setWidget(grid_widget)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Wrap the tiles into as many columns as the visible width holds (up to eight)."""
        if event.type() == QEvent.Type.Resize and watched is self.scroll_area.viewport():
            fits = (event.size().width() - TILE_SPACING) // (TILE_WIDTH + TILE_SPACING)
            self._arrange_tiles(min(COLUMNS, max(1, fits)))
        return False

    def _arrange_tiles(self, columns: int) -> None:
        if columns == self.columns:
            return
        rows = -(-PAGE_SIZE // columns)
        if self.columns:
            self._grid.setRowStretch(-(-PAGE_SIZE // self.columns), 0)
            self._grid.setColumnStretch(self.columns, 0)
        for widget in (*self.tiles, self.empty_label):
            self._grid.removeWidget(widget)
        for slot, tile in enumerate(self.tiles):
            self._grid.addWidget(tile, slot // columns, slot % columns, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(self.empty_label, 0, 0, 1, columns)
        self._grid.setRowStretch(rows, 1)  # tiles stay packed top-left
        self._grid.setColumnStretch(columns, 1)
        self.columns = columns

    # --- data ------------------------------------------------------------------------------

    def set_samples(self, images: np.ndarray, labels: np.ndarray, class_names: list[str]) -> None:
        """New images (n, c, h, w) uint8 with c = 1 or 3, their labels (n,), and the class names.
        Forgets any predictions and filters, and goes back to the first page."""
        images = np.array(images, dtype=np.uint8, copy=True)
        if images.ndim == 3:  # (n, h, w) grey
            images = images[:, None]
        if images.ndim != 4 or images.shape[1] not in (1, 3):
            raise ValueError(f"images must be (n, 1 or 3, h, w), got {images.shape}")
        labels = np.array(labels, dtype=np.int64, copy=True).ravel()
        if len(labels) != len(images):
            raise ValueError(f"{len(images)} images but {len(labels)} labels")
        self._images, self._labels = images, labels
        self._class_names = [str(name) for name in class_names]
        self.class_filter.clear()
        self.class_filter.addItems([_tr(ALL_CLASSES), *self._class_names])
        self._predicted = self._confidence = None
        self._class_index, self._misclassified_only, self._pair = None, False, (None, None)
        self.set_predictions(None, None)

    def set_predictions(self, predicted: np.ndarray | None, confidence: np.ndarray | None) -> None:
        """The model's class (n,) and its probability (n,) for each sample; None before training.
        The filter and page stay where they are (the page is clamped if the list got shorter)."""
        if predicted is None:
            self._predicted = self._confidence = None
            self._misclassified_only = False
        else:
            predicted = np.array(predicted, dtype=np.int64, copy=True).ravel()
            if len(predicted) != len(self._labels):
                raise ValueError(f"{len(self._labels)} samples but {len(predicted)} predictions")
            self._predicted = predicted
            self._confidence = None if confidence is None else np.array(confidence, dtype=float).ravel()
        trained = self._predicted is not None
        self.misclassified_check.setEnabled(trained)
        self.misclassified_check.setToolTip(self.tr("show only the samples the model gets wrong") if trained
                                            else _tr(NO_PREDICTIONS_TIP))
        self._apply_filter(keep_page=True)

    def set_filter(self, class_index: int | None = None, misclassified_only: bool = False,
                   true_class: int | None = None, predicted_class: int | None = None) -> None:
        """List the samples of true class ``class_index`` (None: all), only the mistakes if
        ``misclassified_only``, and only the (``true_class``, ``predicted_class``) pair when given
        (from a confusion-matrix cell). Goes back to the first page."""
        self._class_index = class_index
        self._misclassified_only = misclassified_only and self._predicted is not None
        self._pair = (true_class, predicted_class)
        self._apply_filter(keep_page=False)

    def visible_indices(self) -> np.ndarray:
        """Indices of the samples the filter lets through, over all pages, in order."""
        return self._visible.copy()

    def set_page(self, page: int) -> None:
        """Show page ``page`` (0-based, clamped to the pages there are)."""
        pages = max(1, -(-len(self._visible) // PAGE_SIZE))
        self._page = min(max(0, page), pages - 1)
        self._draw_page(pages)

    @property
    def page(self) -> int:
        return self._page

    # --- drawing ---------------------------------------------------------------------------

    def _apply_filter(self, keep_page: bool) -> None:
        keep = np.ones(len(self._labels), dtype=bool)
        if self._class_index is not None:
            keep &= self._labels == self._class_index
        true_class, predicted_class = self._pair
        if true_class is not None:
            keep &= self._labels == true_class
        if self._predicted is not None:
            if self._misclassified_only:
                keep &= self._predicted != self._labels
            if predicted_class is not None:
                keep &= self._predicted == predicted_class
        elif predicted_class is not None:
            keep[:] = False  # no predictions yet: nothing was predicted as anything
        self._visible = np.flatnonzero(keep)
        self._sync_controls()
        self.set_page(self._page if keep_page else 0)

    def _sync_controls(self) -> None:
        """Make the combo, check box and pair banner show the filter, without re-filtering."""
        for widget in (self.class_filter, self.misclassified_check):
            widget.blockSignals(True)
        self.class_filter.setCurrentIndex(0 if self._class_index is None else self._class_index + 1)
        self.misclassified_check.setChecked(self._misclassified_only)
        for widget in (self.class_filter, self.misclassified_check):
            widget.blockSignals(False)
        true_class, predicted_class = self._pair
        parts = []
        if true_class is not None:
            parts.append(self.tr("true {name}").format(name=self._name(true_class)))
        if predicted_class is not None:
            parts.append(self.tr("predicted {name}").format(name=self._name(predicted_class)))
        self.pair_label.setText(self.tr("Showing: {filters}").format(filters=self.tr(", ").join(parts)))
        self.pair_label.setVisible(bool(parts))
        self.pair_clear_button.setVisible(bool(parts))
        self.count_label.setText(self.tr("{shown} of {total}").format(
            shown=f"{len(self._visible):,}", total=f"{len(self._labels):,}"))

    def _draw_page(self, pages: int) -> None:
        start = self._page * PAGE_SIZE
        on_page = self._visible[start:start + PAGE_SIZE]
        for tile, index in zip(self.tiles, on_page):
            tile.index, tile.activated = int(index), self.sampleActivated.emit
            true = int(self._labels[index])
            predicted = None if self._predicted is None else int(self._predicted[index])
            confidence = None if self._confidence is None else float(self._confidence[index])
            tile.show_sample(self._images[index], self._name(true),
                             None if predicted is None else self._name(predicted), confidence,
                             correct=predicted == true)
        for tile in self.tiles[len(on_page):]:
            tile.hide()
        self.empty_label.setVisible(len(on_page) == 0)
        self.page_label.setText(self.tr("page {page} of {pages}").format(page=self._page + 1, pages=pages))
        self.scroll_area.verticalScrollBar().setValue(0)
        self.prev_button.setEnabled(self._page > 0)
        self.next_button.setEnabled(self._page < pages - 1)

    def _name(self, class_index: int) -> str:
        if 0 <= class_index < len(self._class_names):
            return self._class_names[class_index]
        return self.tr("class {k}").format(k=class_index)

    def _on_user_filter_changed(self, *_) -> None:
        """The user picked a class or ticked the box: this replaces any confusion-matrix pair."""
        index = self.class_filter.currentIndex()
        self.set_filter(class_index=None if index <= 0 else index - 1,
                        misclassified_only=self.misclassified_check.isChecked())
