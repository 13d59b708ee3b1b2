"""Zoom: the fonts, lines and markers of every plot under a widget scaled by one factor, so a
projected chart reads from the back of a room. Items remember their own size at factor 1. A plot
made after the last zoom (or text size change) takes it when it is shown (follow_zoom)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QApplication, QWidget

from nnstudio.gui.views.plotting import fit_title, fit_title_row

TITLE_SCALE = 11.0 / 9.0  # a title is pyqtgraph's 11 pt beside its 9 pt text: that much larger than the text
LINE_POWER = 0.7  # lines and markers grow more slowly than text: factor ** LINE_POWER
COLOUR_BAR_AXIS_PIXELS = 45  # pyqtgraph's width of a colour bar's axis at factor 1
_BASE = "_nnstudio_zoom_base"
_factor = 1.0  # the factor of the last zoom_widget: the window's, which plots made later take


def base_points() -> float:
    """The application's text size in points at factor 1."""
    size = QApplication.font().pointSizeF()
    return size if size > 0 else 9.0


def zoom_widget(root: QWidget, factor: float) -> None:
    """Scale every plot under (and including) ``root``; plots made later follow (follow_zoom)."""
    global _factor
    _factor = factor
    views = root.findChildren(pg.GraphicsView)
    if isinstance(root, pg.GraphicsView):
        views.append(root)
    for view in views:
        for item in view.scene().items():
            if isinstance(item, pg.PlotItem):
                zoom_plot(item, factor)


def follow_zoom(view: pg.GraphicsView) -> None:
    """Bring the plots of ``view`` to the text size and zoom in effect, if they are not at it
    (a plot made after the text size or zoom was chosen starts at pyqtgraph's own sizes)."""
    for item in view.scene().items():
        if isinstance(item, pg.PlotItem) and getattr(item, "zoomed_at", None) != (base_points(), _factor):
            zoom_plot(item, _factor)


def zoom_plot(plot: pg.PlotItem | pg.PlotWidget, factor: float) -> None:
    """Scale one plot's title, axes, legend, lines and markers to ``factor`` × their own size."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    text_points = base_points() * factor
    item.zoomed_at = (base_points(), factor)
    title = item.titleLabel
    title_points = base_points() * getattr(item, "title_scale", TITLE_SCALE) * factor
    title.opts["size"] = f"{title_points:.1f}pt"  # also for a title set later
    if title.isVisible() and title.text:
        title.setText(getattr(item, "full_title", "") or title.text)
        fit_title(item, item.width())
        fit_title_row(item)
    font = QFont(QApplication.font())
    font.setPointSizeF(text_points)
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name) if name in item.axes else None
        if axis is None:
            continue
        axis.setTickFont(font)
        axis.labelStyle = {**axis.labelStyle, "font-size": f"{text_points:.1f}pt"}
        axis._updateLabel()  # pyqtgraph's own refresh after a style change
    if isinstance(item, pg.ColorBarItem):  # its value axis has a fixed width: make room
        item.axis.setWidth(max(COLOUR_BAR_AXIS_PIXELS, QFontMetrics(font).horizontalAdvance("0.8") + 20))
    if item.legend is not None:
        zoom_legend(item.legend, text_points)
    for data_item in item.items:  # a PlotDataItem passes its pen on to its own curve
        _zoom_item(data_item, factor)


def zoom_legend(legend: pg.LegendItem, points: float) -> None:
    """Legend text at ``points`` (pyqtgraph's setLabelTextSize only affects labels added later)."""
    legend.setLabelTextSize(f"{points:.1f}pt")
    for _, label in legend.items:
        label.setText(label.text)
    legend.updateSize()


def _zoom_item(item, text_factor: float) -> None:
    """Lines, markers and text of one plot item, from the sizes it had at factor 1."""
    factor = text_factor**LINE_POWER
    if isinstance(item, pg.PlotDataItem):
        base = _base(item, lambda: (_pen_width(item.opts["pen"]), item.opts.get("symbolSize", 10)))
        _set_pen_width(item, item.opts["pen"], base[0] * factor)
        if item.opts.get("symbol") is not None and isinstance(base[1], (int, float)):
            item.setSymbolSize(base[1] * factor)  # (sizes per point, a comparison's marks: its view's own)
    elif isinstance(item, (pg.PlotCurveItem, pg.InfiniteLine)):
        pen = item.opts["pen"] if isinstance(item, pg.PlotCurveItem) else item.pen
        base = _base(item, lambda: (_pen_width(pen),))
        _set_pen_width(item, pen, base[0] * factor)
        for child in item.childItems():  # an InfiniteLine's text labels
            if isinstance(child, pg.TextItem):
                _zoom_item(child, text_factor)
    elif isinstance(item, pg.ScatterPlotItem):
        base = _base(item, lambda: (item.opts["size"],))
        item.setSize(base[0] * factor)
    elif isinstance(item, pg.TextItem):
        base = _base(item, lambda: (item.textItem.font().pointSizeF(),))
        font = QFont(item.textItem.font())
        font.setPointSizeF(base[0] * text_factor)
        item.setFont(font)


def _base(item, measure) -> tuple:
    if not hasattr(item, _BASE):
        setattr(item, _BASE, measure())
    return getattr(item, _BASE)


def _pen_width(pen) -> float:
    width = pg.mkPen(pen).widthF()
    return width if width > 0 else 1.0  # a cosmetic 0-width pen draws one pixel wide


def _set_pen_width(item, pen, width: float) -> None:
    if pen is None:
        return
    new = QPen(pg.mkPen(pen))
    if new.style() == new.style().NoPen:
        return
    new.setWidthF(width)
    item.setPen(new)
