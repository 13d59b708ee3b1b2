"""Check boxes and radio buttons for large text and projectors: the box grows with the text beside
it (the styles draw a 13-pixel box at any font size), and its edge reaches 3:1 against the window
in a light or dark palette (Fusion draws it at 2:1 on its light grey, about 1:1 in a dark theme)."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from nnstudio.gui.views.palette import GRAPHICS_CONTRAST, contrast_ratio, readable_on

INDICATOR_SHARE = 0.8  # the box's side, as a share of the text's line height
_SIZES = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
          QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)
_BOXES = {QStyle.PrimitiveElement.PE_IndicatorCheckBox: False, QStyle.PrimitiveElement.PE_IndicatorRadioButton: True}
_edges: dict[tuple[int, int], Optional[QColor]] = {}  # (window, drawn edge) -> the edge to add (None: fine)

_style: Optional[QProxyStyle] = None  # kept alive while the application uses it


class ReadableIndicators(QProxyStyle):
    """The application's style, with check boxes and radio buttons sized and edged as above."""

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 - Qt's name
        size = super().pixelMetric(metric, option, widget)
        if metric in _SIZES:
            font = widget.font() if widget is not None else QApplication.font()
            size = max(size, round(QFontMetrics(font).height() * INDICATOR_SHARE))
        return size

    def drawPrimitive(self, element, option: QStyleOption, painter: QPainter,  # noqa: N802 - Qt's name
                      widget: Optional[QWidget] = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _BOXES:
            return
        edge = _edge(option.palette)
        if edge is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(edge, 1.0))
        painter.setBrush(QColor(0, 0, 0, 0))
        box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if _BOXES[element]:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 2.0, 2.0)
        painter.restore()


def _edge(palette: QPalette) -> Optional[QColor]:
    """An edge colour at 3:1 against the window, if Fusion's own (the window, darker) is fainter."""
    window = palette.color(QPalette.ColorRole.Window)
    drawn = window.darker(140)
    key = (window.rgba(), palette.color(QPalette.ColorRole.WindowText).rgba())
    if key not in _edges:
        _edges[key] = (None if contrast_ratio(drawn, window) >= GRAPHICS_CONTRAST
                       else readable_on(drawn, window, GRAPHICS_CONTRAST))
    return _edges[key]


def use_readable_indicators() -> None:
    """Put the application's style inside ReadableIndicators (once)."""
    global _style
    app = QApplication.instance()
    if app is None or isinstance(app.style(), ReadableIndicators):
        return
    _style = ReadableIndicators()  # wraps the application's current style
    app.setStyle(_style)
