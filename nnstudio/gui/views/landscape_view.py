"""The loss landscape of ŷ = w·x + b with the optimiser's path, and the cost-against-w curve."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from nnstudio.gui.views.palette import CLASS_COLOURS
from nnstudio.gui.views.plotting import labelled_plot, legend_below

CONTOUR_LEVELS = 12


class LandscapeView(QWidget):
    """Left: log-loss over the (w, b) plane, contour lines, the path from start to now.
    Right: cost against w with b at its optimum (exhaustive search)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscapeView")
        self.setAccessibleName("Loss landscape")
        self.plane, _ = labelled_plot("landscapePlot", "Loss over (w, b) and the optimiser's path",
                                      "w (weight)", "b (bias)", legend=False)
        self.plane.setAspectLocked(False)
        self.legend = legend_below(self.plane)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("CET-L17"))
        self.plane.addItem(self.image)
        self.contours = [pg.IsocurveItem(pen=pg.mkPen((60, 60, 60, 150), width=1)) for _ in range(CONTOUR_LEVELS)]
        for contour in self.contours:
            contour.setParentItem(self.image)
        self.path = pg.PlotDataItem(pen=pg.mkPen(CLASS_COLOURS[5], width=2), symbol="o", symbolSize=4,
                                    symbolBrush=CLASS_COLOURS[5], symbolPen=None)
        self.start = pg.ScatterPlotItem(size=12, symbol="s", brush="w", pen=pg.mkPen("k", width=2))
        self.now = pg.ScatterPlotItem(size=14, symbol="star", brush=CLASS_COLOURS[5], pen=pg.mkPen("k"))
        self.optimum = pg.ScatterPlotItem(size=14, symbol="+", brush="k", pen=pg.mkPen("k", width=2))
        for item, name in [(self.path, "path"), (self.start, "start"), (self.now, "now"),
                           (self.optimum, "least squares")]:
            self.plane.addItem(item)
            self.legend.addItem(item, name)
        self.cost, _ = labelled_plot("costCurvePlot", "Cost against w (b at its best)", "w", "cost (MSE)",
                                     legend=False)
        self.cost.getAxis("left").enableAutoSIPrefix(False)
        self.cost_curve = self.cost.plot(pen=pg.mkPen(CLASS_COLOURS[0], width=2.5))
        self.cost_now = pg.InfiniteLine(angle=90, pen=pg.mkPen(CLASS_COLOURS[5], width=2))
        self.cost.addItem(self.cost_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plane, stretch=3)
        layout.addWidget(self.cost, stretch=2)

    def set_landscape(self, landscape) -> None:
        """Draw a core Landscape (loss on a w × b grid)."""
        log_loss = np.log10(landscape.loss + 1e-12)
        self.image.setImage(log_loss, autoLevels=False, levels=(log_loss.min(), log_loss.max()))
        w, b = landscape.w, landscape.b
        self.image.setRect(pg.QtCore.QRectF(w[0], b[0], w[-1] - w[0], b[-1] - b[0]))
        levels = np.linspace(log_loss.min(), log_loss.max(), CONTOUR_LEVELS + 2)[1:-1]
        for contour, level in zip(self.contours, levels):
            contour.setData(log_loss.T)  # IsocurveItem reads column-major
            contour.setLevel(level)
        self.optimum.setData([landscape.best_w], [landscape.best_b])
        self.cost_curve.setData(*landscape.cost_along_w())
        self.plane.setRange(xRange=(w[0], w[-1]), yRange=(b[0], b[-1]), padding=0)

    def set_path(self, path: np.ndarray) -> None:
        """The (w, b) visited so far, one row per epoch, starting at the initial weights."""
        if len(path) == 0:
            return
        self.path.setData(path[:, 0], path[:, 1])
        self.start.setData([path[0, 0]], [path[0, 1]])
        self.now.setData([path[-1, 0]], [path[-1, 1]])
        self.cost_now.setValue(path[-1, 0])

    def path_data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.path.getData()

    def clear(self) -> None:
        for item in (self.path, self.start, self.now):
            item.setData([], [])
