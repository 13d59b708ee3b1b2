"""Inside an image model: for one validation image, what every layer outputs (a convolution's
feature maps as small images, a dense layer's values as bars), the first layer's filters, and a
saliency overlay (which pixels the chosen class's score depends on), following training.

The numbers come from the training process (core/viz/layers.py, the LayerOutputs part); this view
only draws them and tells the session which image and class to look at. Click a map to see it
larger. A map that is never negative (after ReLU, pooling) is drawn in grey, black 0 to white at
its largest value, so it reads like an image; one with negative values in blue - white - orange
(the network view's pair). Each map is scaled on its own, as ConvNetJS does: a faint map is as
readable as a strong one (its tooltip gives its largest value).

From the keyboard: Tab reaches the maps (one stop for all of them), the arrow keys move between
maps (Up and Down between layers), Enter or Space enlarges the focused map, Esc closes it; the
focused map has a ring. The frames, bars and rings take their colours from the palette, at least
3:1 against the background (light, dark or high contrast), as the network diagram's do.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.viz.layers import InsidePicture, LayerOutput
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import describe, empty_text, join_parts
from nnstudio.gui.views.network_view import FRAME_COLOUR, NEGATIVE_COLOUR, POSITIVE_COLOUR, diverging_rgb
from nnstudio.gui.views.palette import GRAPHICS_CONTRAST, readable_on
from nnstudio.session.protocol import LayerOutputs, RunInfo
from nnstudio.session.state import AppSession

MAP_PIXELS = 42  # a feature map's tile
FILTER_PIXELS = 36
IMAGE_PIXELS = 140  # the input image with its saliency, and the enlarged map
SALIENCY_RGB = np.array([230, 30, 30], dtype=np.float32)  # red over the grey image
BAR_HEIGHT = 36
UNDERLINE = 2  # under the predicted class's bar and name
RING = 3  # the focus ring's width, around a map's 1-pixel frame
NAVIGATION_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home,
                   Qt.Key.Key_End)
BASELINE_COLOUR = "#808080"  # the bars' zero line (darkened or lightened to 3:1)


def rgb_pixmap(rgb: np.ndarray, pixels: int) -> QPixmap:
    """A (h, w, 3) uint8 picture scaled to ``pixels`` on its longer side with nearest neighbour
    (sharp pixels; a 28-pixel map and a 7-pixel one take the same room)."""
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    image = QImage(rgb.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
    scaled = image.scaled(pixels, pixels, Qt.AspectRatioMode.KeepAspectRatio,
                          Qt.TransformationMode.FastTransformation)
    return QPixmap.fromImage(scaled)


def signed_rgb(values: np.ndarray, scale: float) -> np.ndarray:
    """Values as blue (negative) - white - orange (positive), ``scale`` the largest |value|."""
    return diverging_rgb(values.astype(np.float32) / scale if scale > 0 else np.zeros(values.shape))


def map_rgb(values: np.ndarray) -> np.ndarray:
    """One map as (h, w, 3) uint8, scaled on its own: grey when it is never negative (black 0,
    white its largest value), else blue - white - orange (see the module's text)."""
    values = np.nan_to_num(values.astype(np.float32))
    scale = layer_scale(values)
    if values.min() >= 0:
        grey = (values / scale * 255 if scale > 0 else np.zeros(values.shape)).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)
    return signed_rgb(values, scale)


def layer_scale(values: np.ndarray) -> float:
    return float(np.abs(np.nan_to_num(values.astype(np.float32))).max()) if values.size else 0.0


def with_saliency(image: np.ndarray, saliency: Optional[np.ndarray]) -> np.ndarray:
    """(h, w, 3) uint8: the (c, h, w) image in grey, red where ``saliency`` (h, w, 0..1) is high."""
    grey = image.astype(np.float32).mean(axis=0)[..., None].repeat(3, axis=2)
    if image.shape[0] == 3:
        grey = image.transpose(1, 2, 0).astype(np.float32)
    if saliency is None:
        return grey.astype(np.uint8)
    alpha = np.clip(saliency.astype(np.float32), 0, 1)[..., None] * 0.85
    return (grey * (1 - alpha) + SALIENCY_RGB * alpha).astype(np.uint8)


def largest_value_tip(values: np.ndarray) -> str:
    return QCoreApplication.translate("LayersView", "largest value {value:.3g}").format(value=layer_scale(values))


def layer_title(layer: LayerOutput) -> str:
    """E.g. "Convolution 2 + ReLU · 32×14×14" in the interface's language."""
    translate = QCoreApplication.translate
    names = {"conv": translate("LayersView", "Convolution {n}"), "pool": translate("LayersView", "Pooling {n}"),
             "dense": translate("LayersView", "Dense {n}")}
    if layer.kind == "output":
        base = translate("LayersView", "Output (class probabilities)")
    else:
        base = names.get(layer.kind, layer.kind + " {n}").format(n=layer.number)
    shown = layer.maps.shape[0] if layer.maps is not None else len(layer.units)
    total = layer.shape[0]
    size = "×".join(str(side) for side in layer.shape)
    more = (translate("LayersView", " (first {shown} of {total})").format(shown=shown, total=total)
            if shown < total else "")
    return " + ".join((base, *layer.after)) + f" · {size}{more}"


def background_of(widget: QWidget) -> QColor:
    """The colour ``widget`` is drawn on (its palette's, for its background role)."""
    return widget.palette().color(QPalette.ColorGroup.Active, widget.backgroundRole())


def ink(widget: QWidget, colour, ratio: float = GRAPHICS_CONTRAST) -> QColor:
    """``colour`` made to stand out ``ratio``:1 from ``widget``'s background."""
    return readable_on(colour, background_of(widget), ratio)


class MapTile(QAbstractButton):
    """One small map in a frame: a button that enlarges it (click, Enter or Space); the arrow
    keys ask ``keys.move_focus(tile, key)`` for another map, Esc ``keys.close_enlarged()`` while
    a map is enlarged (``keys.enlarged``). A ring shows the keyboard focus."""

    def __init__(self, clicked: Callable[[], None], pixels: int, keys: "LayersView") -> None:
        super().__init__()
        self.setFixedSize(pixels + 2 * RING + 2, pixels + 2 * RING + 2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pixmap = QPixmap()
        self._keys = keys
        self.clicked.connect(lambda _checked=False: clicked())

    def pixmap(self) -> QPixmap:
        return self._pixmap

    def setPixmap(self, pixmap: QPixmap) -> None:  # noqa: N802 - as QLabel's
        self._pixmap = pixmap
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSize()

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._keys.map_focused(self)
        super().focusInEvent(event)

    def event(self, event: QEvent) -> bool:
        # Space and Enter enlarge this map, Esc closes the enlarged one: not Train or Stop.
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier) and (event.key() in (
                Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) or (
                event.key() == Qt.Key.Key_Escape and self._keys.enlarged is not None)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
        elif key == Qt.Key.Key_Escape and self._keys.enlarged is not None:
            self._keys.close_enlarged()
        elif key in NAVIGATION_KEYS and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                              Qt.KeyboardModifier.KeypadModifier):
            self._keys.move_focus(self, key)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        inner = self.rect().adjusted(RING, RING, -RING, -RING)  # the frame and the map
        if not self._pixmap.isNull():
            area, size = inner.adjusted(1, 1, -1, -1), self._pixmap.size()
            painter.drawPixmap(area.x() + (area.width() - size.width()) // 2,
                               area.y() + (area.height() - size.height()) // 2, self._pixmap)
        painter.setPen(QPen(ink(self, FRAME_COLOUR), 1))
        painter.drawRect(inner.adjusted(0, 0, -1, -1))
        if self.hasFocus():
            pen = QPen(ink(self, self.palette().color(QPalette.ColorRole.Highlight)), RING)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            half = RING / 2
            painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))
        painter.end()


class Bars(QWidget):
    """A dense layer's values as bars: orange up for positive, blue down for negative; with
    ``highlight``, that bar underlined in the text's colour, its name in bold (the predicted class). The colours come
    from the palette (see ``bar_colours``)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(BAR_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.values = np.zeros(0)
        self.highlight: Optional[int] = None
        self.probabilities = False
        self.names: list[str] = []

    def set_values(self, values: np.ndarray, probabilities: bool = False,
                   highlight: Optional[int] = None, names: Optional[list[str]] = None) -> None:
        """Draw ``values``; ``probabilities`` on a 0..1 scale with a ``names`` line under the bars."""
        self.values = np.nan_to_num(values.astype(np.float32))
        self.probabilities, self.highlight = probabilities, highlight
        self.names = list(names or [])
        height = BAR_HEIGHT + (self.fontMetrics().height() + UNDERLINE if self.names else 0)
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)
            self.updateGeometry()
        if self.names:
            tip = "\n".join(f"{name}: {value:.0%}" for name, value in zip(self.names, self.values))
        else:
            tip = largest_value_tip(self.values)
        self.setToolTip(tip)
        self.update()

    def sizeHint(self):  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        hint.setHeight(self.minimumHeight())
        return hint

    def bar_colours(self) -> tuple[QColor, QColor]:
        """(positive, negative): orange and blue, 3:1 against the background (darker on white,
        lighter in a dark theme), as drawn."""
        return ink(self, POSITIVE_COLOUR), ink(self, NEGATIVE_COLOUR)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        n = len(self.values)
        if not n:
            return
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        text_height = metrics.height() + UNDERLINE if self.names else 0
        width, height = self.width(), self.height() - text_height
        step = min(width / n, 72.0 if self.names else 28.0)
        scale = 1.0 if self.probabilities else max(layer_scale(self.values), 1e-12)
        signed = (self.values < 0).any()
        zero = height / 2 if signed else height - 1
        reach = zero - 1
        painter.setPen(ink(self, BASELINE_COLOUR))
        painter.drawLine(0, int(zero), int(step * n), int(zero))
        positive, negative = self.bar_colours()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        for k, value in enumerate(self.values):
            length = reach * min(abs(value) / scale, 1.0)
            top = zero - length if value >= 0 else zero
            bar = QRectF(k * step + 1, top, max(step - 2, 1.0), length)
            painter.fillRect(bar, positive if value >= 0 else negative)
        if self.highlight is not None and 0 <= self.highlight < n:
            # The predicted class: underlined in the text's colour (its name in bold), not by colour alone.
            painter.fillRect(QRectF(self.highlight * step + 1, self.height() - UNDERLINE, max(step - 2, 1.0),
                                    UNDERLINE), text_colour)
        painter.setPen(text_colour)
        plain, bold = QFont(self.font()), QFont(self.font())
        bold.setBold(True)
        for k, name in enumerate(self.names[:n]):
            painter.setFont(bold if k == self.highlight else plain)
            text = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(step) - 2)
            painter.drawText(QRectF(k * step, height, step, text_height - UNDERLINE),
                             Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


def map_name(layer: LayerOutput, index: int) -> str:
    """E.g. "Convolution 2, map 5": the layer without its size, the map counted from 1."""
    return QCoreApplication.translate("LayersView", "{layer}, map {k}").format(
        layer=layer_title(layer).split(" · ")[0], k=index + 1)


class LayerRow(QWidget):
    """A layer's title over its maps (a row of tiles) or its bars."""

    def __init__(self, layer: LayerOutput, clicked: Callable[[int], None], keys: "LayersView") -> None:
        super().__init__()
        self.kind, self.shape = layer.kind, layer.shape
        self.title = QLabel()
        self.title.setObjectName("layerTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        self.tiles: list[MapTile] = []
        self.bars: Optional[Bars] = None
        if layer.maps is not None:
            row = QHBoxLayout()
            row.setSpacing(0)
            for index in range(layer.maps.shape[0]):
                tile = MapTile(lambda index=index: clicked(index), MAP_PIXELS, keys)
                self.tiles.append(tile)
                row.addWidget(tile)
            row.addStretch(1)
            layout.addLayout(row)
        else:
            self.bars = Bars()
            layout.addWidget(self.bars)

    def fits(self, layer: LayerOutput) -> bool:
        count = layer.maps.shape[0] if layer.maps is not None else -1
        return (layer.kind, layer.shape) == (self.kind, self.shape) and (
            count == len(self.tiles) if self.tiles else self.bars is not None and layer.maps is None)

    def show_layer(self, layer: LayerOutput, picture: InsidePicture, names: list[str]) -> None:
        self.title.setText(layer_title(layer))
        if layer.maps is not None:
            for k, (tile, values) in enumerate(zip(self.tiles, layer.maps)):
                tile.setPixmap(rgb_pixmap(map_rgb(values), MAP_PIXELS))
                tile.setToolTip(largest_value_tip(values))
                tile.setAccessibleName(map_name(layer, k))
                tile.setAccessibleDescription(largest_value_tip(values))
        elif self.bars is not None:
            output = layer.kind == "output"
            self.bars.set_values(layer.units, probabilities=output,
                                 highlight=picture.predicted if output else None,
                                 names=names if output else None)


class LayersView(FollowsLanguage, QWidget):
    """The layers view for ``session``: it asks the session for a random validation image when
    data are prepared, another one on "Next sample", and the saliency of the class chosen."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layersView")
        self.session = session
        self.picture: Optional[InsidePicture] = None
        self.class_names: list[str] = []
        self.rows: list[LayerRow] = []
        self.enlarged: Optional[tuple[int, int]] = None  # (layer, map) shown large
        self._n_samples = 0  # validation images the window was sent
        self._rng = np.random.default_rng()
        self._build()
        self.retranslate()
        session.prepared.connect(self._on_prepared)
        session.part(LayerOutputs).connect(lambda part: self.show_picture(part.picture))

    def _build(self) -> None:
        self.message = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton(objectName="layersNextButton")
        self.next_button.clicked.connect(self.next_sample)
        self.class_label = QLabel()
        self.class_combo = QComboBox(objectName="layersClassCombo")
        self.class_combo.currentIndexChanged.connect(self._on_class_chosen)
        self.class_label.setBuddy(self.class_combo)
        self.saliency_box = QCheckBox(objectName="layersSaliencyBox", checked=True)
        self.saliency_box.toggled.connect(lambda _on: self._draw_image())
        self.verdict = QLabel(objectName="layersVerdict")
        controls = QHBoxLayout()
        for widget in (self.next_button, self.class_label, self.class_combo, self.saliency_box, self.verdict):
            controls.addWidget(widget)
        controls.addStretch(1)
        self.image = QLabel(objectName="layersImage", alignment=Qt.AlignmentFlag.AlignCenter)
        self.image.setFixedSize(IMAGE_PIXELS + 8, IMAGE_PIXELS + 8)
        self.image_caption = QLabel(wordWrap=True)
        self.filters_caption = QLabel(wordWrap=True)
        self.filters = QWidget(objectName="layersFilters")
        self.filter_grid = QGridLayout(self.filters)
        self.filter_grid.setSpacing(4)
        self.filter_grid.setContentsMargins(0, 0, 0, 0)
        self.filter_tiles: list[QLabel] = []
        self.zoom = QLabel(objectName="layersEnlarged", alignment=Qt.AlignmentFlag.AlignCenter)
        self.zoom.setFixedSize(IMAGE_PIXELS + 8, IMAGE_PIXELS + 8)
        self.zoom_caption = QLabel(wordWrap=True)
        left = QVBoxLayout()
        left.addWidget(self.image_caption)
        left.addWidget(self.image)
        left.addWidget(self.filters_caption)
        left.addWidget(self.filters)
        left.addStretch(1)
        zoom_column = QVBoxLayout()
        zoom_column.addWidget(self.zoom_caption)
        zoom_column.addWidget(self.zoom)
        zoom_column.addStretch(1)
        self.layer_list = QWidget()
        self.layer_layout = QVBoxLayout(self.layer_list)
        self.layer_layout.setContentsMargins(0, 0, 0, 0)
        self.layer_layout.addStretch(1)
        scroll = self.layer_scroll = QScrollArea(widgetResizable=True, objectName="layersScroll")
        scroll.setWidget(self.layer_list)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addWidget(scroll, stretch=1)
        body.addLayout(zoom_column)
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(controls)
        content_layout.addLayout(body, stretch=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.content, stretch=1)
        self.content.hide()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Inside the model"))
        self.message.setText(self.tr("Inside the model is shown for image data sets: choose one (e.g. "
                                     "Fashion-MNIST) in the Dataset panel."))
        self.next_button.setText(self.tr("Next sample"))
        self.next_button.setToolTip(self.tr("Look inside the model at another random validation image "
                                             "(or double-click an image in the sample browser, or draw "
                                             "one in Draw a sample)"))
        self.class_label.setText(self.tr("Saliency of:"))
        self.saliency_box.setText(self.tr("Show saliency"))
        self.saliency_box.setToolTip(self.tr("Red: the pixels whose change would change the chosen "
                                             "class's score most (the gradient of the score)"))
        self.image_caption.setText(self.tr("Input and saliency"))
        self.layer_scroll.setAccessibleName(self.tr("Each layer's output"))
        self._fill_classes()
        if self.picture is not None:
            self.show_picture(self.picture)
        else:
            self.zoom_caption.setText(self.tr("Click a map, or press Enter on it, to enlarge it"))
            describe(self.layer_scroll, empty_text(self.layer_scroll.accessibleName()))

    # --- what to look at ---
    def _on_prepared(self, info: RunInfo) -> None:
        images = info.kind == "images"
        self.message.setVisible(not images)
        self.content.setVisible(images)
        self.picture, self.enlarged = None, None
        self.class_names = list(info.class_names) if images else []
        self._fill_classes()
        self._n_samples = len(info.val_y) if images else 0
        if self._n_samples:
            self.session.inspect_sample(int(self._rng.integers(self._n_samples)), None)

    def look_at(self, index: int) -> None:
        """Look at validation image ``index`` (the class chosen stays)."""
        if 0 <= index < self._n_samples:
            self.session.inspect_sample(index, self.session.inspected.target)

    def look_at_drawing(self, image: np.ndarray) -> None:
        """Look at an image the user drew ((h, w) or (c, h, w) uint8, as the model sees it; the
        class chosen stays)."""
        if self._n_samples:
            drawing = np.ascontiguousarray(image, dtype=np.uint8)
            self.session.inspect_sample(-1, self.session.inspected.target,
                                        drawing[None] if drawing.ndim == 2 else drawing)

    @property
    def shows_drawing(self) -> bool:
        """True while the view looks at a drawing (not a validation image)."""
        return self.session.inspected.drawing is not None

    def next_sample(self) -> None:
        """Another random validation image (the class chosen stays)."""
        if self._n_samples:
            self.session.inspect_sample(int(self._rng.integers(self._n_samples)), self.session.inspected.target)

    def _fill_classes(self) -> None:
        combo = self.class_combo
        chosen = combo.currentIndex()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("the predicted class"))
        for name in self.class_names:
            combo.addItem(name)
        combo.setCurrentIndex(chosen if 0 <= chosen < combo.count() else 0)
        combo.blockSignals(False)

    def _on_class_chosen(self, row: int) -> None:
        target = row - 1 if row > 0 else None
        inspected = self.session.inspected
        self.session.inspect_sample(inspected.index, target, inspected.drawing)

    # --- drawing ---
    def show_picture(self, picture: InsidePicture) -> None:
        """Draw what the training process computed for one image."""
        self.picture = picture
        if len(self.rows) != len(picture.layers) or not all(
                row.fits(layer) for row, layer in zip(self.rows, picture.layers)):
            self._rebuild_rows(picture.layers)
        for row, layer in zip(self.rows, picture.layers):
            row.show_layer(layer, picture, [self._class_name(k) for k in range(len(layer.units))]
                           if layer.units is not None else [])
        self._draw_image()
        self._draw_filters(picture)
        self._draw_enlarged()
        name = self._class_name
        confidence = float(picture.probabilities[picture.predicted]) if picture.probabilities is not None else 0.0
        if picture.index < 0:  # a drawing: no true class
            self.verdict.setText(self.tr("Your drawing: predicted {predicted} ({confidence:.0%})").format(
                predicted=name(picture.predicted), confidence=confidence))
        else:
            self.verdict.setText(self.tr("Image {index}: true {true}, predicted {predicted} ({confidence:.0%})").format(
                index=picture.index, true=name(picture.label), predicted=name(picture.predicted),
                confidence=confidence))
        describe(self.layer_scroll, join_parts([row.title.text() for row in self.rows] + [self.verdict.text()]))
        kind = picture.filters_kind
        self.filters_caption.setText(
            self.tr("First convolution's filters") if kind == "conv" else
            self.tr("First layer's weights, per neuron") if kind == "dense" else "")

    def _class_name(self, k: int) -> str:
        return self.class_names[k] if 0 <= k < len(self.class_names) else str(k)

    def _rebuild_rows(self, layers: list[LayerOutput]) -> None:
        for row in self.rows:
            self.layer_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for number, layer in enumerate(layers):
            row = LayerRow(layer, lambda index, number=number: self.enlarge(number, index), self)
            self.layer_layout.insertWidget(number, row)
            self.rows.append(row)
        tiles = [tile for row in self.rows for tile in row.tiles]
        for tile in tiles[1:]:  # the maps are one Tab stop (the first, then the last focused)
            tile.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for before, tile in zip([self.layer_scroll, *tiles], tiles):  # Tab: from the scroll area to them
            QWidget.setTabOrder(before, tile)
        if self.enlarged is not None and self.enlarged[0] >= len(layers):
            self.enlarged = None

    def enlarge(self, layer: int, index: int) -> None:
        """Show map ``index`` of layer ``layer`` large (it keeps following training)."""
        self.enlarged = (layer, index)
        self._draw_enlarged()

    def close_enlarged(self) -> None:
        """Close the enlarged map (Esc on a map)."""
        self.enlarged = None
        self._draw_enlarged()

    def move_focus(self, tile: MapTile, key: int) -> None:
        """The arrow keys on ``tile``: Left and Right (Home, End) within its layer, Up and Down to
        the map below or above in the layer before or after (with maps)."""
        rows = [row for row in self.rows if row.tiles]
        where = next(((r, row.tiles.index(tile)) for r, row in enumerate(rows) if tile in row.tiles), None)
        if where is None:
            return
        r, k = where
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            r = max(0, min(len(rows) - 1, r + (1 if key == Qt.Key.Key_Down else -1)))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            k += 1 if key == Qt.Key.Key_Right else -1
        else:
            k = 0 if key == Qt.Key.Key_Home else len(rows[r].tiles) - 1
        rows[r].tiles[max(0, min(len(rows[r].tiles) - 1, k))].setFocus(Qt.FocusReason.TabFocusReason)

    def map_focused(self, tile: MapTile) -> None:
        """``tile`` took the focus: it becomes the maps' one Tab stop, scrolled into view."""
        for row in self.rows:
            for other in row.tiles:
                other.setFocusPolicy(Qt.FocusPolicy.StrongFocus if other is tile else Qt.FocusPolicy.ClickFocus)
        self.layer_scroll.ensureWidgetVisible(tile, 4, 4)

    def _draw_enlarged(self) -> None:
        picture = self.picture
        if picture is None or self.enlarged is None:
            self.zoom.clear()
            self.zoom_caption.setText(self.tr("Click a map, or press Enter on it, to enlarge it"))
            return
        number, index = self.enlarged
        layer = picture.layers[number] if number < len(picture.layers) else None
        if layer is None or layer.maps is None or index >= len(layer.maps):
            self.enlarged = None
            self._draw_enlarged()
            return
        self.zoom.setPixmap(rgb_pixmap(map_rgb(layer.maps[index]), IMAGE_PIXELS))
        self.zoom_caption.setText(map_name(layer, index))

    def _draw_image(self) -> None:
        picture = self.picture
        drawn = picture is not None and picture.index < 0
        self.image_caption.setText(self.tr("Your drawing and saliency") if drawn else self.tr("Input and saliency"))
        if picture is None:
            self.image.clear()
            return
        shown = picture.saliency if self.saliency_box.isChecked() else None
        self.image.setPixmap(rgb_pixmap(with_saliency(picture.image, shown), IMAGE_PIXELS))
        self.image.setToolTip(self.tr("Saliency of {name}").format(name=self._class_name(picture.target)))

    def _draw_filters(self, picture: InsidePicture) -> None:
        filters = picture.filters
        count = 0 if filters is None else len(filters)
        while len(self.filter_tiles) < count:
            tile = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
            tile.setFixedSize(FILTER_PIXELS, FILTER_PIXELS)
            row, column = divmod(len(self.filter_tiles), 4)
            self.filter_grid.addWidget(tile, row, column)
            self.filter_tiles.append(tile)
        scale = layer_scale(filters) if count else 0.0
        for k, tile in enumerate(self.filter_tiles):
            tile.setVisible(k < count)
            if k < count:
                tile.setPixmap(rgb_pixmap(signed_rgb(filters[k], scale), FILTER_PIXELS - 2))

    def map_pixmaps(self) -> list[list[QPixmap]]:
        """The maps drawn now, per layer with maps (for tests and screenshots)."""
        return [[tile.pixmap() for tile in row.tiles] for row in self.rows if row.tiles]
