"""Draw a sample: a canvas to draw on with the mouse, the 28×28 image the model sees, and the
model's class probabilities as a bar chart, updated as the drawing changes."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from nnstudio.core.data.drawing import MNIST_FRAMING, SIZE, Framing, to_model_input
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.palette import CLASS_COLOURS
from nnstudio.gui.views.plotting import labelled_plot, set_plot_texts

CANVAS_PIXELS = 280  # the drawing's resolution: ten canvas pixels per model pixel
STROKE_WIDTH = 24  # a pen stroke about as thick, relative to the digit, as MNIST's
UNDO_LIMIT = 50
PREVIEW_SCALE = 5  # the 28×28 model input shown at 140×140
BAR_COLOUR = "#999999"

# Probabilities (k,) of the model for one 28×28 uint8 image.
Predictor = Callable[[np.ndarray], np.ndarray]


class DrawCanvas(QWidget):
    """White ink on black, as the image sets store their images. Thick round strokes; every stroke
    can be undone. ``drawingChanged`` fires after each stroke, undo and clear."""

    drawingChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawCanvas")
        self.setAccessibleName(self.tr("Drawing canvas"))
        self.setToolTip(self.tr("Draw with the mouse (left button); Ctrl+Z undoes the last stroke"))
        self.setFixedSize(CANVAS_PIXELS, CANVAS_PIXELS)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.image = QImage(CANVAS_PIXELS, CANVAS_PIXELS, QImage.Format.Format_Grayscale8)
        self.image.fill(0)
        self._undo: list[QImage] = []
        self._last: Optional[QPointF] = None

    # --- what is drawn ---
    def ink(self) -> np.ndarray:
        """The drawing as (rows, columns) floats in 0..1 (1 = full ink)."""
        width, height = self.image.width(), self.image.height()
        buffer = np.frombuffer(self.image.constBits(), np.uint8, self.image.bytesPerLine() * height)
        return buffer.reshape(height, -1)[:, :width].astype(np.float32) / 255.0

    def is_empty(self) -> bool:
        return not self.ink().any()

    def clear(self) -> None:
        if self.is_empty():
            return
        self._remember()
        self.image.fill(0)
        self._changed()

    def undo(self) -> None:
        if self._undo:
            self.image = self._undo.pop()
            self._changed()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def draw_image(self, pixels: np.ndarray) -> None:
        """Paint a grey image (rows, columns; uint8, ink bright) over the whole canvas as one
        step that can be undone (tests and demos: a real test image, drawn "by hand")."""
        pixels = np.ascontiguousarray(np.asarray(pixels, dtype=np.uint8))
        height, width = pixels.shape
        source = QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8)
        self._remember()
        painter = QPainter(self.image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Lighten)
        painter.drawImage(QRectF(0, 0, CANVAS_PIXELS, CANVAS_PIXELS), source)
        painter.end()
        self._changed()

    def stroke(self, points: list[tuple[float, float]]) -> None:
        """Draw one stroke through canvas points (as the mouse does)."""
        self._remember()
        for start, end in zip(points, points[1:] or points):
            self._line(QPointF(*start), QPointF(*end))
        self._changed()

    # --- mouse ---
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._remember()
        self._last = event.position()
        self._line(self._last, self._last)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._last is None:
            return
        point = event.position()
        self._line(self._last, point)
        self._last = point

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._last is None:
            return
        self._line(self._last, event.position())
        self._last = None
        self._changed()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawImage(self.rect(), self.image)
        painter.end()

    # --- internals ---
    def _line(self, start: QPointF, end: QPointF) -> None:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(Qt.GlobalColor.white, STROKE_WIDTH, Qt.PenStyle.SolidLine,
                   Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawLine(start, end)
        painter.end()
        self.update()

    def _remember(self) -> None:
        self._undo.append(self.image.copy())
        del self._undo[:-UNDO_LIMIT]

    def _changed(self) -> None:
        self.update()
        self.drawingChanged.emit()


class DrawSamplePanel(FollowsLanguage, QWidget):
    """The canvas, the image the model sees, and its class probabilities. Give it a model with
    :meth:`set_model`; it predicts in the GUI thread (one small image: about a millisecond)."""

    predicted = Signal()  # the chart shows the probabilities of the current drawing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawSamplePanel")
        self.canvas = DrawCanvas()
        self.canvas.drawingChanged.connect(self.update_prediction)
        self._predictor: Optional[Predictor] = None
        self._framing: Framing = MNIST_FRAMING
        self._class_names: list[str] = []
        self.model_input: Optional[np.ndarray] = None  # the 28×28 image last predicted
        self.probabilities: Optional[np.ndarray] = None

        # Texts are set by retranslate() (at the end, and on every language switch).
        self.preview = QLabel(objectName="drawModelInput")
        self.preview.setFixedSize(SIZE * PREVIEW_SCALE, SIZE * PREVIEW_SCALE)
        self.preview.setStyleSheet("background: black;")
        self.preview_title = QLabel(objectName="drawPreviewTitle")
        self.clear_button = QPushButton(objectName="drawClearButton")
        self.clear_button.clicked.connect(self.canvas.clear)
        self.undo_button = QPushButton(objectName="drawUndoButton")
        self.undo_button.clicked.connect(self.canvas.undo)
        undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self, self.canvas.undo)
        undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hint = QLabel(objectName="drawHint", wordWrap=True)
        # Inside the model for this drawing (the Draw a sample dock connects it to the layers view).
        self.inspect_button = QPushButton(objectName="drawInspectButton", enabled=False)

        self.chart, _ = labelled_plot("drawProbabilities", legend=False)
        self.chart.setMinimumWidth(260)
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.chart.getPlotItem().invertY(True)  # the first class at the top
        self.chart.setXRange(0.0, 1.0, padding=0.02)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brushes=[], pen=None)
        self.chart.addItem(self.bars)

        column = QVBoxLayout()
        column.addWidget(self.preview_title)
        column.addWidget(self.preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        column.addLayout(buttons)
        column.addWidget(self.inspect_button)
        column.addWidget(self.hint)
        column.addStretch(1)
        row = QHBoxLayout(self)
        row.addWidget(self.canvas, alignment=Qt.AlignmentFlag.AlignTop)
        row.addLayout(column)
        row.addWidget(self.chart, stretch=1)
        self.retranslate()  # and shows the prediction

    def retranslate(self) -> None:
        """Texts in the interface's language; the drawing and the prediction stay."""
        self.canvas.setAccessibleName(self.tr("Drawing canvas"))
        self.canvas.setToolTip(self.tr("Draw with the mouse (left button); Ctrl+Z undoes the last stroke"))
        self.preview.setAccessibleName(self.tr("What the model sees"))
        self.preview.setToolTip(self.tr("The drawing as the model sees it: 28×28 pixels, framed as "
                                        "the training images were"))
        self.preview_title.setText(self.tr("The model sees (28×28)"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Start a new drawing"))
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Take back the last stroke (Ctrl+Z)"))
        self.inspect_button.setText(self.tr("Look inside the model"))
        self.inspect_button.setToolTip(self.tr("See what every layer of the model computes for this drawing "
                                               "(the Inside the model view)"))
        for button in (self.clear_button, self.undo_button, self.inspect_button):
            button.setAccessibleName(button.text())
        set_plot_texts(self.chart, self.tr("What the model thinks"), self.tr("probability"), "")
        self.update_prediction()

    def set_model(self, predictor: Optional[Predictor], class_names: list[str],
                  framing: Framing = MNIST_FRAMING) -> None:
        """The model to ask (None: no model yet), its class names and its images' framing."""
        self._predictor, self._framing = predictor, framing
        if class_names != self._class_names:
            self._class_names = list(class_names)
            axis = self.chart.getPlotItem().getAxis("left")
            axis.setTicks([list(enumerate(self._class_names))])
            self.chart.setYRange(-0.5, len(class_names) - 0.5, padding=0.02)
        self.update_prediction()

    def update_prediction(self) -> None:
        """Frame the drawing as the training images were, show it, and ask the model."""
        self.undo_button.setEnabled(self.canvas.can_undo)
        self.model_input = to_model_input(self.canvas.ink(), self._framing)
        self._show_preview(self.model_input)
        self.inspect_button.setEnabled(self.model_input is not None and self._predictor is not None)
        if self.model_input is None or self._predictor is None:
            self.probabilities = None
            self.bars.setOpts(x0=[], y=[], width=[], brushes=[])
            self.hint.setText(self.tr("Draw in the black square: the model's guess appears here.")
                              if self._predictor is not None else self.tr("No model to ask yet."))
            self.chart.setAccessibleDescription(self.hint.text())
            return
        probabilities = np.asarray(self._predictor(self.model_input), dtype=float).ravel()
        self.probabilities = probabilities
        best = int(probabilities.argmax())
        brushes = [pg.mkBrush(CLASS_COLOURS[0] if k == best else BAR_COLOUR) for k in range(len(probabilities))]
        self.bars.setOpts(x0=np.zeros(len(probabilities)), y=np.arange(len(probabilities)),
                          width=probabilities, brushes=brushes)
        name = self._class_names[best] if best < len(self._class_names) else str(best)
        self.hint.setText(self.tr("The model says: {0} ({1:.0%})").format(name, probabilities[best]))
        self.chart.setAccessibleDescription(self.hint.text())
        self.predicted.emit()

    @property
    def predicted_class(self) -> Optional[int]:
        return None if self.probabilities is None else int(self.probabilities.argmax())

    def _show_preview(self, image: Optional[np.ndarray]) -> None:
        if image is None:
            self.preview.clear()
            return
        pixels = np.ascontiguousarray(image)
        qimage = QImage(pixels.data, SIZE, SIZE, SIZE, QImage.Format.Format_Grayscale8).copy()
        self.preview.setPixmap(QPixmap.fromImage(qimage).scaled(
            SIZE * PREVIEW_SCALE, SIZE * PREVIEW_SCALE, Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation))
