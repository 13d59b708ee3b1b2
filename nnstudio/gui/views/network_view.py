"""The network diagram, in the spirit of TensorFlow Playground.

Inputs, hidden neurons and outputs are nodes; for 2D point sets each node shows its output over
the plane as a small heatmap. Edges carry the weights: orange for positive, blue for negative
(the Okabe–Ito pair the decision boundary uses), thicker for larger weights. Items are built
once per network shape and then only updated.
"""

from __future__ import annotations

import time
from typing import Optional

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.data.features import FEATURE_LABELS
from nnstudio.core.viz.network import NetworkPicture
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import describe, join_list, join_parts, number
from nnstudio.gui.views.palette import CLASS_COLOURS, class_rgb, readable_on

NEGATIVE_COLOUR = CLASS_COLOURS[0]  # blue: negative weights and outputs below zero (class 0)
POSITIVE_COLOUR = CLASS_COLOURS[1]  # orange: positive weights and outputs above zero (class 1)
NODE = 52.0  # side of a node's heatmap, in scene units
PLAIN_NODE = 26.0  # diameter of a node without a heatmap (no plane to draw on)
ROW_GAP = 12.0  # between two nodes of a layer
MIN_COLUMN_GAP, MAX_COLUMN_GAP = 110.0, 260.0  # between two layers: room for edges to fan out
MIN_WIDTH, MAX_WIDTH = 0.6, 6.0  # edge widths for the smallest and the largest weight
REDRAWS_PER_S = 10  # the heatmaps and edges follow training at this rate at most
MAX_ZOOM = 1.6  # a small network is not blown up past this
SHADE = 0.85  # how far toward the full colour a heatmap goes at ±1: a little soft on the eye
FRAME_COLOUR = "#555555"  # a node's frame on white (lightened to 3:1 on a dark background)


def diverging_rgb(values: np.ndarray) -> np.ndarray:
    """uint8 RGB (..., 3): -1 blue, 0 white, +1 orange (values are clipped)."""
    t = np.clip(np.nan_to_num(values), -1.0, 1.0)[..., None]
    negative, positive = class_rgb(2)
    colour = np.where(t < 0, negative, positive)
    rgb = 1.0 + (colour - 1.0) * np.abs(t) * SHADE
    return (rgb * 255).astype(np.uint8)


def heatmap_pixmap(rgb: np.ndarray) -> QPixmap:
    """A pixmap of ``rgb`` (rows, columns, 3) with row 0 at the bottom (y grows upward)."""
    flipped = np.ascontiguousarray(rgb[::-1])
    rows, columns = flipped.shape[:2]
    image = QImage(flipped.data, columns, rows, 3 * columns, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


class _Node:
    """One neuron (or input): a heatmap or a plain disc, with a frame."""

    def __init__(self, scene: QGraphicsScene, plane: bool, frame_colour: QColor) -> None:
        self.size = NODE if plane else PLAIN_NODE
        self.rect = QRectF(0, 0, self.size, self.size)
        frame_pen = QPen(frame_colour, 1.0)
        frame_pen.setCosmetic(True)  # one pixel whatever the zoom
        if plane:
            self.pixmap: Optional[QGraphicsPixmapItem] = scene.addPixmap(QPixmap())
            self.pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            self.pixmap.setZValue(2)  # nodes above the edges, frames above the heatmaps
            self.frame = scene.addRect(self.rect, frame_pen)
        else:
            self.pixmap = None
            self.frame = scene.addEllipse(self.rect, frame_pen, QBrush(QColor("#EEEEEE")))
        self.frame.setZValue(3)

    def move_to(self, x: float, centre_y: float) -> None:
        self.rect = QRectF(x, centre_y - self.size / 2, self.size, self.size)
        self.frame.setRect(self.rect)
        if self.pixmap is not None:
            self.pixmap.setPos(self.rect.topLeft())

    def set_heatmap(self, rgb: np.ndarray) -> None:
        pixmap = heatmap_pixmap(rgb)
        self.pixmap.setPixmap(pixmap)
        self.pixmap.setScale(self.size / pixmap.width())

    def set_frame_colour(self, colour: QColor) -> None:
        pen = QPen(self.frame.pen())
        pen.setColor(colour)
        self.frame.setPen(pen)

    def set_tooltip(self, text: str) -> None:
        self.frame.setToolTip(text)
        if self.pixmap is not None:
            self.pixmap.setToolTip(text)


def _screen_text(scene: QGraphicsScene, text: str, font: QFont) -> QGraphicsSimpleTextItem:
    """A label drawn at screen size whatever the zoom (placed with :func:`_anchor`)."""
    item = scene.addSimpleText(text, font)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    item.setZValue(4)
    return item


def _anchor(item: QGraphicsSimpleTextItem, x: float, y: float, dx: float, dy: float) -> None:
    """Put ``item`` at scene point (x, y), shifted by (dx, dy) screen pixels."""
    item.setPos(x, y)
    item.setTransform(QTransform.fromTranslate(dx, dy))


class _Canvas(QGraphicsView):
    """A graphics view that lays its diagram out to fill the space it has."""

    def __init__(self, scene: QGraphicsScene, layout_for, **kwargs) -> None:
        super().__init__(scene, **kwargs)
        self._layout_for = layout_for

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        viewport = self.viewport().rect()
        if viewport.width() > 10 and viewport.height() > 10:
            self._layout_for(viewport.width(), viewport.height())


class NetworkView(FollowsLanguage, QWidget):
    """Draws :class:`NetworkPicture` updates; says why when a network cannot be drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkView")
        self.scene = QGraphicsScene(self)
        self.canvas = _Canvas(self.scene, self._lay_out, objectName="networkCanvas")
        self.canvas.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.canvas.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        # No background brush: the canvas is drawn in the palette's base colour, as the plots are
        # (white, or dark in a dark theme); its text and frames follow the palette (changeEvent).
        self.canvas.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.canvas.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.canvas.setMinimumHeight(160)
        self.message = QLabel(objectName="networkMessage", wordWrap=True,
                              alignment=Qt.AlignmentFlag.AlignCenter)
        self.legend = QLabel(objectName="networkLegend", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.stack, stretch=1)
        layout.addWidget(self.legend)
        self.nodes: list[list[_Node]] = []
        self.edges: list[list[QGraphicsLineItem]] = []  # per weight layer, row-major (out, in)
        self._headers: list[tuple[QGraphicsSimpleTextItem, ...]] = []  # per layer
        self._input_labels: list[QGraphicsSimpleTextItem] = []
        self._shape: Optional[tuple] = None
        self.picture: Optional[NetworkPicture] = None
        self._pending: Optional[NetworkPicture] = None
        self._last_drawn = 0.0
        self._redraw_timer = QTimer(self, singleShot=True)
        self._redraw_timer.timeout.connect(self._draw_pending)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts, the layer headings and the tooltips in the interface's language."""
        self.setAccessibleName(self.tr("Network diagram"))
        self.setToolTip(self.tr(
            "Each square is a neuron's output over the plane (orange above 0, blue below); "
            "each line a weight (orange positive, blue negative, thicker for larger)"))
        self.canvas.setAccessibleName(self.tr("Network diagram"))
        self.message.setAccessibleName(self.tr("Why the network is not drawn"))
        self.legend.setAccessibleName(self.tr("Network diagram legend"))
        self.legend.setText(self.tr(
            '<span style="color:{pos}">■</span> positive weight or output &nbsp; '
            '<span style="color:{neg}">■</span> negative &nbsp; · &nbsp; thicker line: larger '
            'weight &nbsp; · &nbsp; hover a node or line for its value'
        ).format(pos=POSITIVE_COLOUR, neg=NEGATIVE_COLOUR))
        if self.picture is None:
            self.message.setText(self.tr("Train or reset a model to see its network."))
        else:
            self._shape = None  # rebuilt: the headings are drawn in the scene
            self.set_network(self.picture)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange and self.nodes:  # View ▸ Text size: the labels at once
            bold, plain, label = self._label_fonts()
            for texts in self._headers:
                for text, font in zip(texts, (bold, plain)):
                    text.setFont(font)
            for text in self._input_labels:
                text.setFont(label)
            self.canvas.fit()
        elif event.type() == QEvent.Type.PaletteChange and self.nodes:  # a dark theme, high contrast
            text_brush, frame = self._ink()
            for text in self._texts():
                text.setBrush(text_brush)
            for column in self.nodes:
                for node in column:
                    node.set_frame_colour(frame)
        super().changeEvent(event)

    def _ink(self) -> tuple[QBrush, QColor]:
        """The labels' colour and the nodes' frames' (3:1), on the canvas's background (the
        view's palette: the canvas takes it after the view has been told of a change)."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        return QBrush(palette.color(QPalette.ColorRole.Text)), readable_on(FRAME_COLOUR, background)

    def _texts(self) -> list[QGraphicsSimpleTextItem]:
        return [text for texts in self._headers for text in texts] + self._input_labels

    def _label_fonts(self) -> tuple[QFont, QFont, QFont]:
        """The fonts of a layer's heading, its neuron count and the inputs' names: the text size's."""
        plain = QFont(self.font())
        bold = QFont(plain)
        bold.setBold(True)
        label = QFont(plain)
        label.setPointSizeF(plain.pointSizeF() * 1.15)
        return bold, plain, label

    # --- public ---
    @property
    def drawn(self) -> bool:
        return self.stack.currentWidget() is self.canvas

    def show_picture(self, picture) -> None:
        """A new picture of the network arrived: draw it at most ``REDRAWS_PER_S`` times a
        second (the latest one always gets drawn)."""
        self._pending = picture
        if not self._redraw_timer.isActive():
            wait = self._last_drawn + 1.0 / REDRAWS_PER_S - time.monotonic()
            self._redraw_timer.start(max(0, int(wait * 1000)))

    def _draw_pending(self) -> None:
        if self._pending is not None:
            picture, self._pending = self._pending, None
            self._last_drawn = time.monotonic()
            self.set_network(picture)

    def set_network(self, picture: NetworkPicture) -> None:
        """Show ``picture``: rebuild the items when the network's shape changed, else update."""
        self.picture = picture
        if picture.problem:
            self.message.setText(translate_core_message(picture.problem))
            self.stack.setCurrentWidget(self.message)
            self.legend.hide()
            return
        shape = (tuple(picture.layer_sizes), tuple(picture.input_names), picture.outputs is not None)
        rebuilt = shape != self._shape
        if rebuilt:
            self._build(picture)
            self._shape = shape
        self._update_edges(picture)
        if picture.outputs is not None:
            self._update_heatmaps(picture)
        self._update_node_tips(picture)
        describe(self.canvas, self._description(picture))
        if not self.drawn:
            self.stack.setCurrentWidget(self.canvas)
            self.legend.show()
            rebuilt = True
        if rebuilt:
            self.canvas.fit()

    def _description(self, picture: NetworkPicture) -> str:
        """For a screen reader: the layers, and the range of the weights."""
        sizes = picture.layer_sizes
        inputs = join_list(FEATURE_LABELS.get(name, name) for name in picture.input_names)
        hidden = join_parts(self.tr("{layer}: {neurons}").format(
            layer=self.tr("Hidden {n}").format(n=layer),
            neurons=self.tr("{n} neurons").format(n=count) if count > 1 else self.tr("1 neuron"))
            for layer, count in enumerate(sizes[1:-1], start=1))
        weights = np.concatenate([w.ravel() for w in picture.weights]) if picture.weights else np.zeros(0)
        finite = weights[np.isfinite(weights)]
        return self.tr("Network: inputs {inputs}; {hidden}; {outputs} outputs; weights from {low} to {high}.").format(
            inputs=inputs, hidden=hidden or self.tr("no hidden layer"), outputs=sizes[-1] if sizes else 0,
            low=number(finite.min()) if finite.size else "–", high=number(finite.max()) if finite.size else "–")

    def edge_colours(self) -> list[np.ndarray]:
        """Per weight layer, each edge's colour name (out, in): what the pens show."""
        return [
            np.array([item.pen().color().name().upper() for item in layer], dtype=object).reshape(
                weights.shape)
            for layer, weights in zip(self.edges, self.picture.weights)
        ]

    def node_pixmap(self, layer: int, index: int) -> QPixmap:
        return self.nodes[layer][index].pixmap.pixmap()

    # --- building ---
    def _build(self, picture: NetworkPicture) -> None:
        self.scene.clear()
        self.nodes, self.edges, self._headers, self._input_labels = [], [], [], []
        plane = picture.outputs is not None
        sizes = picture.layer_sizes
        bold, plain, label_font = self._label_fonts()
        text_brush, frame = self._ink()
        last = len(sizes) - 1
        for layer, count in enumerate(sizes):
            self.nodes.append([_Node(self.scene, plane, frame) for _ in range(count)])
            title = (self.tr("Inputs") if layer == 0 else self.tr("Output") if layer == last
                     else self.tr("Hidden {n}").format(n=layer))
            texts = [_screen_text(self.scene, title, bold)]
            if layer not in (0, last):
                texts.append(_screen_text(
                    self.scene,
                    self.tr("{n} neurons").format(n=count) if count > 1 else self.tr("1 neuron"),
                    plain))
            self._headers.append(tuple(texts))
        for name in picture.input_names:
            self._input_labels.append(
                _screen_text(self.scene, FEATURE_LABELS.get(name, name), label_font))
        for text in self._texts():
            text.setBrush(text_brush)
        for layer in range(len(sizes) - 1):
            items = []
            for _target in self.nodes[layer + 1]:
                for _source in self.nodes[layer]:
                    item = self.scene.addLine(QLineF())
                    item.setZValue(0)
                    items.append(item)
            self.edges.append(items)
        self.canvas.fit()

    def _lay_out(self, width: int, height: int) -> None:
        """Place the items for a viewport of ``width`` × ``height`` pixels: the labels keep their
        size in pixels, the nodes and edges are zoomed to fill the rest."""
        if not self.nodes:
            return
        size = self.nodes[0][0].size
        left = max(label.boundingRect().width() for label in self._input_labels) + 14
        top = 10 + sum(text.boundingRect().height() for text in max(self._headers, key=len)) + 6
        tallest = max(len(column) for column in self.nodes) * (size + ROW_GAP) - ROW_GAP
        zoom = min((height - top - 10) / tallest, MAX_ZOOM)
        layers = len(self.nodes)
        # Columns spread over the width there is, within reason.
        room = (width - left - 24) / max(zoom, 1e-3) - size
        gap = min(max(room / max(layers - 1, 1), MIN_COLUMN_GAP), MAX_COLUMN_GAP)
        zoom = min(zoom, (width - left - 24) / (size + gap * (layers - 1)))
        for layer, column in enumerate(self.nodes):
            x = layer * gap
            first = (tallest - (len(column) * (size + ROW_GAP) - ROW_GAP)) / 2 + size / 2
            for index, node in enumerate(column):
                node.move_to(x, first + index * (size + ROW_GAP))
            offset = -top + 6
            for text in self._headers[layer]:
                bounds = text.boundingRect()
                _anchor(text, x + size / 2, 0, -bounds.width() / 2, offset)
                offset += bounds.height()
        for label, node in zip(self._input_labels, self.nodes[0]):
            bounds = label.boundingRect()
            _anchor(label, node.rect.left(), node.rect.center().y(),
                    -bounds.width() - 8, -bounds.height() / 2)
        for layer, items in enumerate(self.edges):
            pairs = [(t, s) for t in self.nodes[layer + 1] for s in self.nodes[layer]]
            for item, (target, source) in zip(items, pairs):
                item.setLine(QLineF(source.rect.right(), source.rect.center().y(),
                                    target.rect.left(), target.rect.center().y()))
        diagram = QRectF(0, 0, size + gap * (layers - 1), tallest)
        scene_rect = diagram.adjusted(-left / zoom, -top / zoom, 12 / zoom, 10 / zoom)
        self.scene.setSceneRect(scene_rect)
        self.canvas.resetTransform()
        self.canvas.scale(zoom, zoom)
        self.canvas.centerOn(scene_rect.center())

    # --- updating ---
    def _update_edges(self, picture: NetworkPicture) -> None:
        largest = max((float(np.abs(w).max()) for w in picture.weights if w.size), default=0.0)
        scale = largest if largest > 0 else 1.0
        positive, negative = QColor(POSITIVE_COLOUR), QColor(NEGATIVE_COLOUR)
        for items, weights in zip(self.edges, picture.weights):
            for item, weight in zip(items, weights.ravel()):
                width = MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * min(abs(float(weight)) / scale, 1.0)
                pen = QPen(positive if weight >= 0 else negative, width)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                item.setPen(pen)
                item.setToolTip(self.tr("weight {w:.3g}").format(w=float(weight)))

    def _update_heatmaps(self, picture: NetworkPicture) -> None:
        last = len(picture.outputs) - 1
        for layer, (column, values) in enumerate(zip(self.nodes, picture.outputs)):
            if layer == last and len(column) == 1 and values.min() >= 0 and values.max() <= 1:
                maps = [diverging_rgb(2 * values[0] - 1)]  # P(class 1): blue 0 ... orange 1
            elif layer == last and len(column) > 1:  # class probabilities: white to class colour
                colours = class_rgb(len(column))
                maps = [((1.0 + (colours[k] - 1.0) * SHADE * values[k][..., None]) * 255)
                        .astype(np.uint8)
                        for k in range(len(column))]
            else:
                maps = [diverging_rgb(v / max(1.0, float(np.abs(v).max()))) for v in values]
            for node, rgb in zip(column, maps):
                node.set_heatmap(rgb)

    def _update_node_tips(self, picture: NetworkPicture) -> None:
        for node, name in zip(self.nodes[0], picture.input_names):
            node.set_tooltip(self.tr("input {name}").format(name=FEATURE_LABELS.get(name, name)))
        last = len(self.nodes) - 1
        for layer in range(1, len(self.nodes)):
            for index, node in enumerate(self.nodes[layer]):
                where = (self.tr("output {k}").format(k=index + 1) if layer == last else
                         self.tr("layer {layer}, neuron {k}").format(layer=layer, k=index + 1))
                bias = float(picture.biases[layer - 1][index])
                node.set_tooltip(self.tr("{where} · bias {bias:.3g}").format(where=where, bias=bias))
