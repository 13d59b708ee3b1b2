"""Small helpers every view uses: a labelled PlotWidget with a legend, and finite-only data.
A labelled plot takes the text size and zoom in effect when it is first shown (see views/zoom.py),
whenever it is made: in a panel built lazily, a dialog, a new small multiple."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QGraphicsItem, QSizePolicy

from nnstudio.gui.views.palette import PlotTheme, plot_theme

LEGEND_MARGIN = 10  # pixels kept free either side of a legend under a plot
TITLE_ROW_PIXELS = 30  # pyqtgraph's title row height, for its 11 pt title


def configure_pyqtgraph() -> None:
    """The plots' theme (white background and black text, unless the window set a dark or
    high-contrast one), smooth lines. Call before creating any PlotWidget."""
    theme = plot_theme()
    pg.setConfigOptions(antialias=True, background=theme.background, foreground=theme.foreground)


def labelled_plot(
    object_name: str,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    legend_offset: tuple[int, int] = (-10, 10),
    legend: bool = True,
    axis_items: dict | None = None,
) -> tuple[pg.PlotWidget, pg.LegendItem | None]:
    """A PlotWidget with title, axis labels, grid and a legend anchored at ``legend_offset``
    (negative offsets count from the right / bottom). Views that follow the interface language
    leave the texts empty here and set them with :func:`set_plot_texts` in their ``retranslate``."""
    theme = plot_theme()
    plot = pg.PlotWidget(objectName=object_name, background=theme.background, axisItems=axis_items)
    set_plot_texts(plot, title, x_label, y_label)
    plot.showGrid(x=True, y=True, alpha=0.15)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        # Axes only ever grow to fit their tick labels. Shrinking them back makes an aspect-locked
        # plot oscillate: a narrower axis widens the view, the ticks change to longer labels, the
        # axis widens again... a relayout and full repaint several times per update.
        axis.setStyle(autoReduceTextSpace=False)
        # An axis draws its grid lines across the plot, so every new point of a curve repainted
        # it, tick labels and all (a third of the GUI thread's time while training). Cached, Qt
        # repaints it from a pixmap until its ticks change.
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    if not legend:
        return plot, None
    return plot, plot.addLegend(offset=legend_offset, brush=theme.legend_brush, pen=theme.legend_pen)


# Round numbers a growing axis ends at: ~11 per decade, so a curve fills 80-100 % of the width.
_ROUND_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def round_up(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is at least ``value`` (> 0)."""
    if not value > 0 or not np.isfinite(value):
        return 1.0
    power = 10.0 ** np.floor(np.log10(value))
    for step in _ROUND_STEPS:
        if step * power >= value * (1 - 1e-9):
            return float(step * power)
    return float(10.0 * power)


class GrowingXRange(pg.GraphicsObject):
    """An invisible item that stretches a plot's automatic x range to a round number past the
    data's end (see :func:`round_up`). The range, and with it the axis and its tick labels,
    then changes a few times per decade of epochs instead of at every new point: redrawing an
    axis's labels was a third of the GUI thread's time while training. The user can still zoom
    (pyqtgraph's auto range stops) and get back with the "A" button."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        super().__init__()
        self._end: float | None = None
        self._axis = plot.getPlotItem().getAxis("bottom")
        plot.addItem(self)

    def set_end(self, last: float | None) -> None:
        """The data now end at ``last`` (None: no data)."""
        end = None if last is None or not np.isfinite(last) else round_up(last)
        if end != self._end:
            self._end = end
            self.informViewBoundsChanged()

    def dataBounds(self, axis, frac=1.0, orthoRange=None):  # noqa: N802 - pyqtgraph's name
        return (self._end, self._end) if axis == 0 and self._end is not None else None

    def pixelPadding(self) -> float:  # noqa: N802 - pyqtgraph's name
        """Room past the end for half its tick label: pyqtgraph hides a label that would stick
        out of the axis (the learning-rate chart lost its "300" at 16 pt)."""
        if self._end is None:
            return 0.0
        font = self._axis.style["tickFont"] or self._axis.font()
        return QFontMetrics(font).horizontalAdvance(f"{self._end:g}") / 2 + 2

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return QRectF()

    def paint(self, *args) -> None:
        pass


def set_plot_texts(plot: pg.PlotWidget, title: str, x_label: str, y_label: str) -> None:
    """Title, axis labels and accessible name of a plot (again on every language change). A
    title longer than the plot is wide ends in "…" (the whole of it is the accessible name)."""
    set_title(plot, title)
    plot.setLabel("bottom", x_label)
    plot.setLabel("left", y_label)


def set_title(plot: pg.PlotWidget, title: str) -> None:
    """A plot's title (and accessible name) alone, cut to the plot's width like set_plot_texts',
    at the size the text size and zoom gave it."""
    plot.setAccessibleName(title)
    item = plot.getPlotItem()
    item.full_title = title
    if not hasattr(plot, "title_fitter"):
        plot.title_fitter = _TitleFitter(plot)
    plot.setTitle(title or None)  # (pyqtgraph keeps the title's size, but not its row's height)
    fit_title(item, plot.width())
    if title:
        fit_title_row(item)


def set_title_scale(plot: pg.PlotWidget, scale: float) -> None:
    """Draw ``plot``'s title at ``scale`` × the text size (a title is usually larger than the
    text; 1.0 for a small multiple's), from the plot's next showing or zoom on."""
    item = plot.getPlotItem()
    item.title_scale = scale
    item.zoomed_at = None  # (see views/zoom.py)


def fit_title_row(item: pg.PlotItem) -> None:
    """The title's row as tall as its text (pyqtgraph fixes it at 30 px, too short for large text)."""
    title = item.titleLabel
    height = max(TITLE_ROW_PIXELS, title.item.boundingRect().height() + 4)
    title.setMaximumHeight(height)
    item.layout.setRowFixedHeight(0, height)


def fit_title(item: pg.PlotItem, width: float) -> None:
    """Show as much of the plot's title as ``width`` pixels hold, ending in "…" when cut."""
    title = item.titleLabel
    full = getattr(item, "full_title", "")
    if not full or not title.isVisible() or width <= 0:
        return
    font = QFont(title.item.font())
    size = str(title.opts.get("size") or "")
    if size.endswith("pt"):
        font.setPointSizeF(float(size[:-2]))
    # The title sits over the plotting area: the plot's width less its left axis.
    room = width - item.getAxis("left").width() - 16
    shown = QFontMetrics(font).elidedText(full, Qt.TextElideMode.ElideRight, int(room))
    if shown != title.text:
        title.setText(shown)


class _TitleFitter(QObject):
    """Fits the title again whenever the plot is resized; brings the plot's text to the text
    size and zoom in effect when it is shown (it may have been made after they were set)."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        super().__init__(plot)
        self._plot = plot
        plot.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Resize:
            fit_title(self._plot.getPlotItem(), event.size().width())
        elif kind in (QEvent.Type.Polish, QEvent.Type.Show):
            from nnstudio.gui.views.zoom import follow_zoom  # noqa: PLC0415 - it imports this module

            follow_zoom(self._plot)
        return False


def set_legend_texts(legend: pg.LegendItem, texts: list[str]) -> None:
    """Rename a legend's rows, in order, keeping their samples (a legend under its plot wraps
    again for the new widths)."""
    for (_, label), text in zip(legend.items, texts):
        label.setText(text)
    legend.updateSize()
    refit_legend(legend)


def refit_legend(legend: pg.LegendItem) -> None:
    """Wrap a legend under its plot again (after its texts changed)."""
    fitter = getattr(legend, "fitter", None)
    if fitter is not None:
        fitter.refit()


def legend_below(plot: pg.PlotWidget) -> pg.LegendItem:
    """A legend under the x axis, for plots whose data may fill every corner. It wraps into as
    many columns as the plot's width allows (see :func:`fit_legend_columns`)."""
    theme = plot_theme()
    legend = pg.LegendItem(offset=None, colCount=1, horSpacing=12, brush=theme.legend_brush, pen=theme.legend_pen)
    legend.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # centred, not stretched
    plot_item = plot.getPlotItem()
    # Spans every column of the plot's layout (axis label, axes, view box, a colour bar).
    plot_item.layout.addItem(legend, 4, 0, 1, 6, alignment=Qt.AlignmentFlag.AlignHCenter)
    plot_item.legend = legend  # so PlotItem.plot(name=...) also lands here
    legend.fitter = _LegendFitter(plot, legend)  # held here, not only by Qt's parent
    return legend


class _LegendFitter(QObject):
    """Re-wraps a legend when its plot is resized, before the plot lays itself out."""

    def __init__(self, plot: pg.PlotWidget, legend: pg.LegendItem) -> None:
        super().__init__(plot)
        self._legend = legend
        self._plot = plot
        plot.installEventFilter(self)

    def refit(self) -> None:
        fit_legend_columns(self._legend, self._plot.width() - LEGEND_MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            fit_legend_columns(self._legend, event.size().width() - LEGEND_MARGIN)
        return False


def fit_legend_columns(legend: pg.LegendItem, width: float) -> None:
    """Wrap a legend under a plot into as many columns as fit in ``width`` pixels, so a long
    legend (eight classes) never forces the plot wider than its window."""
    entries = [sample.minimumWidth() + legend.layout.horizontalSpacing() + label.minimumWidth()
               for sample, label in legend.items]
    left, _, right, _ = legend.layout.getContentsMargins()
    columns = len(entries)
    while columns > 1 and _row_width(entries, columns, legend.layout.horizontalSpacing()) + left + right > width:
        columns -= 1
    if entries and columns != legend.columnCount:
        legend.setColumnCount(columns)
        legend.updateGeometry()  # the plot's layout must give back the width the old row took


def _row_width(entries: list[float], columns: int, spacing: float) -> float:
    """Width of a legend whose entries fill ``columns`` columns row by row."""
    widest = [max(entries[column::columns]) for column in range(columns)]
    return sum(widest) + spacing * (columns - 1)


def thick_curve(plot: pg.PlotWidget, colour, width: float = 2.5) -> pg.PlotDataItem:
    """A curve with a wide pen, drawn as line segments: Qt strokes a wide antialiased polyline
    that zig-zags (a noisy curve over many epochs) a hundred times slower."""
    curve = plot.plot(pen=pg.mkPen(colour, width=width))
    curve.curve.setSegmentedLineMode("on")
    return curve


def finite_points(x: np.ndarray, y: np.ndarray, positive: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The (x, y) pairs where both are finite (and y > 0 if ``positive``, for a log axis)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]
    keep = np.isfinite(x) & np.isfinite(y)
    if positive:
        keep &= y > 0
    return x[keep], y[keep]


def as_float_array(values: np.ndarray | None) -> np.ndarray:
    """A float copy of ``values`` (empty for None): views keep their own data, never a caller's buffer."""
    if values is None:
        return np.zeros(0)
    return np.array(values, dtype=float, copy=True).ravel()


# --- a new theme for the plots already made ---
def restyle_plots(old: PlotTheme, new: PlotTheme) -> None:
    """Give every plot of the application ``new``'s background and foreground: axes, titles,
    legends, and the lines, markers and labels drawn in ``old``'s foreground or background (the
    model's curve, outlines, the best-epoch line). Class colours stay."""
    pg.setConfigOptions(background=new.background, foreground=new.foreground)
    swap = {QColor(old.foreground).rgb(): QColor(new.foreground), QColor(old.background).rgb(): QColor(new.background)}
    for widget in QApplication.allWidgets():
        if isinstance(widget, pg.GraphicsView):
            widget.setBackground(new.background)
            for item in widget.scene().items():
                _restyle_item(item, new, swap)


def _swapped(colour, swap: dict) -> QColor | None:
    """``colour`` in the new theme (keeping its alpha), or None when it is not a theme colour."""
    colour = QColor(colour)
    new = swap.get(colour.rgb())
    if new is None:
        return None
    result = QColor(new)
    result.setAlpha(colour.alpha())
    return result


def _swapped_pen(pen, swap: dict):
    if pen is None:
        return None
    pen = pg.mkPen(pen)
    colour = _swapped(pen.color(), swap)
    if colour is None:
        return None
    pen.setColor(colour)
    return pen


def _swapped_brush(brush, swap: dict):
    if brush is None:
        return None
    if isinstance(brush, (list, tuple)) and any(not isinstance(part, (int, float)) for part in brush):
        return None  # a brush per point (a comparison's marks): its view sets them on every update
    brush = pg.mkBrush(brush)
    colour = _swapped(brush.color(), swap)
    if colour is None or brush.style() == Qt.BrushStyle.NoBrush:
        return None
    return pg.mkBrush(colour)


def _restyle_item(item, theme: PlotTheme, swap: dict) -> None:  # noqa: C901 - one case per item kind
    if isinstance(item, pg.AxisItem):
        item.setPen(theme.foreground)
        item.setTextPen(theme.foreground)
        item.labelStyle = {**item.labelStyle, "color": theme.foreground}
        item._updateLabel()  # pyqtgraph's own refresh after a style change
    elif isinstance(item, pg.LegendItem):
        item.setBrush(theme.legend_brush)
        item.setPen(theme.legend_pen)
        item.setLabelTextColor(theme.foreground)
        for sample, label in item.items:
            label.setText(label.text, color=theme.foreground)
            if isinstance(sample.item, pg.PlotDataItem) and sample.item.scene() is None:
                _restyle_item(sample.item, theme, swap)  # a legend-only sample (the best-epoch line)
                sample.update()
    elif isinstance(item, pg.LabelItem):
        if item.text:
            item.setText(item.text, color=theme.foreground)
    elif isinstance(item, pg.PlotDataItem):
        pen, symbol_pen = _swapped_pen(item.opts["pen"], swap), _swapped_pen(item.opts.get("symbolPen"), swap)
        symbol_brush = _swapped_brush(item.opts.get("symbolBrush"), swap)
        if pen is not None:
            item.setPen(pen)
        if symbol_pen is not None:
            item.setSymbolPen(symbol_pen)
        if symbol_brush is not None:
            item.setSymbolBrush(symbol_brush)
    elif isinstance(item, pg.PlotCurveItem):
        pen = _swapped_pen(item.opts["pen"], swap)
        if pen is not None:
            item.setPen(pen)
    elif isinstance(item, pg.ScatterPlotItem):
        pen, brush = _swapped_pen(item.opts["pen"], swap), _swapped_brush(item.opts["brush"], swap)
        if pen is not None:
            item.setPen(pen)
        if brush is not None:
            item.setBrush(brush)
    elif isinstance(item, pg.InfiniteLine):
        pen = _swapped_pen(item.pen, swap)
        if pen is not None:
            item.setPen(pen)
    elif isinstance(item, pg.TextItem):
        colour = _swapped(item.color, swap)
        if colour is not None:
            item.setColor(colour)
        if item.fill is not None and item.fill.style() != Qt.BrushStyle.NoBrush:
            item.fill = pg.mkBrush(theme.legend_brush)
            item.update()
