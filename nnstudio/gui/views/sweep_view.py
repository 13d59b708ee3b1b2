"""The capacity sweep's U-curve (final errors against the knob) and a small preview of one model."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import (
    boundary_text,
    describe,
    empty_text,
    plot_title,
    regression_text,
    sweep_text,
)
from nnstudio.gui.views.boundary_view import binary_colour_map, class_shading, class_shares
from nnstudio.gui.views.palette import MODEL_COLOUR, TRAIN_COLOUR, VAL_COLOUR, class_brushes, class_pens
from nnstudio.gui.views.plotting import finite_points, labelled_plot, legend_below, set_legend_texts, set_title

LOG_RATIO = 20.0  # a log y axis once the errors span more than this factor
BEST_COLOUR = "#009E73"
SELECTED_PEN = pg.mkPen("k", width=2)


def log_ticks(low: float, high: float) -> list[list[tuple[float, str]]]:
    """Ticks for a log10 axis from ``low`` to ``high``: decades, and 2 and 5 times them."""
    major, minor = [], []
    for decade in range(int(np.floor(np.log10(low))) - 1, int(np.ceil(np.log10(high))) + 1):
        major.append((float(decade), f"{10.0 ** decade:g}"))
        for factor in (2, 5):
            minor.append((float(np.log10(factor) + decade), f"{factor * 10.0 ** decade:g}"))
    return [major, minor]


class SweepView(FollowsLanguage, QWidget):
    """Final training and validation error of each swept model; the best validation point is
    starred. ``pointClicked(index)`` reports a click on a model's marker (train or validation)."""

    pointClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sweepView")
        self.plot, _ = labelled_plot("sweepPlot", legend=False)  # texts: retranslate()
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.legend = legend_below(self.plot)
        self.train_curve = pg.PlotDataItem(pen=pg.mkPen(TRAIN_COLOUR, width=2))
        self.val_curve = pg.PlotDataItem(pen=pg.mkPen(VAL_COLOUR, width=2))
        self.train_points = pg.ScatterPlotItem(size=10, symbol="o", pen=pg.mkPen("w", width=0.5),
                                               brush=TRAIN_COLOUR, hoverable=True)
        self.val_points = pg.ScatterPlotItem(size=11, symbol="t", pen=pg.mkPen("w", width=0.5),
                                             brush=VAL_COLOUR, hoverable=True)
        self.best_marker = pg.ScatterPlotItem(size=22, symbol="star", pen=pg.mkPen("k", width=1),
                                              brush=BEST_COLOUR)
        self.selected_marker = pg.ScatterPlotItem(size=22, symbol="o", pen=SELECTED_PEN, brush=None)
        self.best_label = pg.TextItem(color=BEST_COLOUR, anchor=(0.5, 1.7))
        for item in (self.train_curve, self.val_curve, self.best_marker, self.train_points,
                     self.val_points, self.selected_marker, self.best_label):
            self.plot.addItem(item)
        for item in (self.train_points, self.val_points, self.best_marker, self.selected_marker):
            self.legend.addItem(item, "")
        for points in (self.train_points, self.val_points):
            points.sigClicked.connect(self._on_points_clicked)
        self._values = np.zeros(0)
        self._train = np.zeros(0)
        self._val = np.zeros(0)
        self._best: Optional[int] = None
        self._log = False
        self._selected: Optional[int] = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.retranslate()

    def retranslate(self) -> None:
        """Title, legend and the best label in the interface's language (the panel sets the axes)."""
        self.setAccessibleName(self.tr("Capacity sweep: error against the knob"))
        self.plot.setTitle(self.tr("Final error against capacity"))
        self.plot.setAccessibleName(self.tr("Final error against capacity"))
        self._describe()
        set_legend_texts(self.legend, [self.tr("training error"), self.tr("validation error"),
                                       self.tr("best validation"), self.tr("shown model")])
        if not len(self._values):
            self.plot.setLabel("left", self.tr("loss"))
        if self._best is not None and self._best < len(self._values):
            self.best_label.setText(self.tr("best: {value:g}").format(value=self._values[self._best]))

    def set_axis(self, x_label: str, y_label: str) -> None:
        self.plot.setLabel("bottom", x_label)
        self.plot.setLabel("left", y_label)

    def set_points(self, values, train_error, val_error, best: Optional[int]) -> None:
        """Draw one train and one validation marker per model; star ``best`` (an index)."""
        self._values = np.asarray(values, dtype=float)
        self._train = np.asarray(train_error, dtype=float)
        self._val = np.asarray(val_error, dtype=float)
        self._best = best
        both = np.concatenate([self._train, self._val])
        positive = both[np.isfinite(both) & (both > 0)]
        log = self._log = bool(len(positive) > 1 and positive.max() / positive.min() > LOG_RATIO)
        self.plot.setLogMode(y=log)
        # pyqtgraph labels every minor tick of a short log axis, and they overlap: 1-2-5 instead.
        self.plot.getAxis("left").setTicks(log_ticks(positive.min(), positive.max()) if log else None)
        for curve, points, error in ((self.train_curve, self.train_points, self._train),
                                     (self.val_curve, self.val_points, self._val)):
            x, y = finite_points(self._values, error, positive=log)
            curve.setData(x, y)
            points.setData(x, np.log10(y) if log else y, data=x)
        if best is not None and np.isfinite(self._val[best]):
            y = self._plotted(self._val[best])
            self.best_marker.setData([self._values[best]], [y])
            self.retranslate()  # the best label's text
            self.best_label.setPos(self._values[best], y)
            self.best_label.show()
        else:
            self.best_marker.setData([], [])
            self.best_label.hide()
        self._draw_selection()
        self._describe()

    def _describe(self) -> None:
        if hasattr(self, "_values"):
            describe(self.plot, sweep_text(self.plot.accessibleName(), self.plot.getAxis("bottom").labelText,
                                           self._values, self._train, self._val, self._best))

    def _plotted(self, y: float) -> float:
        """Scatter items are not transformed by the plot's log mode: place them by hand."""
        return float(np.log10(y)) if self._log and y > 0 else float(y)

    def select(self, index: Optional[int]) -> None:
        """Ring the model whose picture is shown."""
        self._selected = index
        self._draw_selection()

    def _draw_selection(self) -> None:
        index = self._selected
        if index is None or index >= len(self._values) or not np.isfinite(self._val[index]):
            self.selected_marker.setData([], [])
            return
        self.selected_marker.setData([self._values[index]], [self._plotted(self._val[index])])

    def _on_points_clicked(self, item, points, event=None) -> None:
        if len(points):
            value = points[0].data()
            matches = np.flatnonzero(self._values == value)
            if len(matches):
                self.pointClicked.emit(int(matches[0]))

    def marker_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Where the validation markers are, in the plot's view coordinates."""
        return self.val_points.getData()

    def point_count(self) -> int:
        """Number of models with a validation marker drawn."""
        return len(self.val_points.getData()[0])

    def clear(self) -> None:
        self.set_points([], [], [], None)
        self.select(None)


class ModelPreview(FollowsLanguage, QWidget):
    """One swept model drawn small: its fitted curve over 1D data, or its decision boundary."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sweepPreview")
        self.plot, _ = labelled_plot(
            "sweepPreviewPlot", QCoreApplication.translate("SweepView", "Click a point to see its model"), "x", "y",
            legend=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.isocurve = pg.IsocurveItem(level=0.5, pen=pg.mkPen("k", width=1.5), axisOrder="row-major")
        self.isocurve.setParentItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=0.5), brush=TRAIN_COLOUR)
        self.val_points = pg.ScatterPlotItem(size=7, symbol="t", pen=pg.mkPen("w", width=0.5), brush=VAL_COLOUR)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(MODEL_COLOUR, width=2.5))
        for item in (self.image, self.train_points, self.val_points, self.curve):
            self.plot.addItem(item)
        self._curve = (np.zeros(0), np.zeros(0))
        self._grid: Optional[np.ndarray] = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.retranslate()

    def retranslate(self) -> None:  # the title is the panel's (show_model)
        self.setAccessibleName(QCoreApplication.translate("SweepView", "The chosen model's fit"))
        if self._grid is None and not len(self._curve[0]):
            describe(self.plot, empty_text(plot_title(self.plot)))

    def show_model(self, title: str, picture) -> None:
        """Draw a ModelPicture (see analysis_worker) under ``title``; None clears the preview."""
        set_title(self.plot, title)
        self.clear_drawing()
        if picture is None:
            describe(self.plot, empty_text(title or self.accessibleName()))
            return
        n_train, n_val = len(picture.train_y), len(picture.val_y)
        if picture.curve is not None:
            self.plot.setAspectLocked(False)
            self.plot.setLabel("bottom", "x")
            self.plot.setLabel("left", "y")
            self.train_points.setData(picture.train_x[:, 0], picture.train_y[:, 0], symbol="o",
                                      brush=TRAIN_COLOUR, pen=pg.mkPen("w", width=0.5))
            self.val_points.setData(picture.val_x[:, 0], picture.val_y[:, 0], symbol="t",
                                    brush=VAL_COLOUR, pen=pg.mkPen("w", width=0.5))
            data_y = np.concatenate([picture.train_y[:, 0], picture.val_y[:, 0]])
            self._curve = picture.curve
            x, y = picture.curve
            # A wiggly high-degree fit shoots off the chart; keep the data in view (the view clips it).
            span = max(float(np.ptp(data_y)), 1e-3)
            low, high = float(data_y.min()) - 0.5 * span, float(data_y.max()) + 0.5 * span
            self.curve.setData(*finite_points(x, y))
            self.plot.setRange(xRange=(float(x[0]), float(x[-1])), yRange=(low, high), padding=0.02)
            describe(self.plot, regression_text(n_train, n_val, x, y))
        elif picture.grid is not None:
            self.plot.setAspectLocked(True)
            self.plot.setLabel("bottom", "x1")
            self.plot.setLabel("left", "x2")
            grid_x, grid_y, probabilities = picture.grid
            self._grid = probabilities
            if probabilities.shape[-1] == 2:
                self.image.setImage(probabilities[..., 1], autoLevels=False, levels=(0.0, 1.0))
                self.image.setColorMap(binary_colour_map())
                self.isocurve.setData(probabilities[..., 1])
            else:
                self.image.setImage(class_shading(probabilities), autoLevels=False, levels=(0.0, 1.0))
            dx = (grid_x[-1] - grid_x[0]) / (len(grid_x) - 1)
            dy = (grid_y[-1] - grid_y[0]) / (len(grid_y) - 1)
            self.image.setRect(grid_x[0] - dx / 2, grid_y[0] - dy / 2, dx * len(grid_x), dy * len(grid_y))
            self.train_points.setData(picture.train_x[:, 0], picture.train_x[:, 1], symbol="o",
                                      brush=class_brushes(picture.train_y), pen=pg.mkPen("k", width=0.8))
            self.val_points.setData(picture.val_x[:, 0], picture.val_x[:, 1], symbol="o", brush=None,
                                    pen=class_pens(picture.val_y))
            self.plot.setRange(xRange=(float(grid_x[0]), float(grid_x[-1])),
                               yRange=(float(grid_y[0]), float(grid_y[-1])), padding=0.02)
            bounds = ((float(grid_x[0]), float(grid_x[-1])), (float(grid_y[0]), float(grid_y[-1])))
            describe(self.plot, boundary_text(class_shares(probabilities), bounds, n_train, n_val))

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The (x, f(x)) of the model shown (empty when none or a boundary is shown)."""
        return self._curve

    def grid_data(self) -> Optional[np.ndarray]:
        """The class probabilities of the boundary shown (None when none is)."""
        return self._grid

    def clear_drawing(self) -> None:
        self._curve = (np.zeros(0), np.zeros(0))
        self._grid = None
        self.curve.setData([], [])
        self.train_points.setData([], [])
        self.val_points.setData([], [])
        self.image.clear()
        self.isocurve.setData(None)
