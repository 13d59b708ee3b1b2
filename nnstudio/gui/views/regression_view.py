"""A 1D regression: the data points and the model's fitted curve, redrawn as it trains."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import describe, regression_text
from nnstudio.gui.views.palette import MODEL_COLOUR, TRAIN_COLOUR, VAL_COLOUR
from nnstudio.gui.views.plotting import (
    as_float_array,
    finite_points,
    labelled_plot,
    legend_below,
    set_legend_texts,
    set_plot_texts,
)


class RegressionView(FollowsLanguage, QWidget):
    """Train points, validation points and the model's curve y = f(x)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("regressionView")
        self.plot, _ = labelled_plot("regressionPlotWidget", legend=False)
        self.legend = legend_below(self.plot)  # the points may be in any corner
        self.train_points = pg.ScatterPlotItem(size=7, symbol="o", pen=pg.mkPen("w", width=0.5),
                                               brush=TRAIN_COLOUR)
        # Validation differs in symbol as well as colour, for readers who cannot tell the colours apart.
        self.val_points = pg.ScatterPlotItem(size=8, symbol="t", pen=pg.mkPen("w", width=0.5),
                                             brush=VAL_COLOUR)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(MODEL_COLOUR, width=3))
        self.curve.curve.setSegmentedLineMode("on")  # fast wide pen for a wiggly over-fitted curve
        for item in (self.train_points, self.val_points, self.curve):
            self.plot.addItem(item)
            self.legend.addItem(item, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.clear_curve()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Regression fit"))
        set_plot_texts(self.plot, self.tr("Regression fit"), "x", "y")
        set_legend_texts(self.legend, [self.tr("train"), self.tr("validation"), self.tr("model")])
        self._describe()

    def _describe(self) -> None:
        counts = (len(self.train_points.getData()[0]), len(self.val_points.getData()[0]))
        describe(self.plot, regression_text(*counts, *self._curve))

    def set_points(self, train_x: np.ndarray, train_y: np.ndarray, val_x: np.ndarray, val_y: np.ndarray) -> None:
        """Draw the data (1D arrays; non-finite pairs are skipped)."""
        self.train_points.setData(*finite_points(as_float_array(train_x), as_float_array(train_y)))
        self.val_points.setData(*finite_points(as_float_array(val_x), as_float_array(val_y)))
        self._describe()

    def set_curve(self, x: np.ndarray, y: np.ndarray) -> None:
        """Move the model's curve to y = f(x) (a diverged model's non-finite values are left out)."""
        self._curve = (as_float_array(x), as_float_array(y))
        self.curve.setData(*finite_points(*self._curve))
        self._describe()

    def clear_curve(self) -> None:
        """Remove the model's curve (the points stay)."""
        self.set_curve(np.zeros(0), np.zeros(0))

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) last given to :meth:`set_curve` (empty after :meth:`clear_curve`)."""
        return self._curve
