"""The loss landscape with the optimiser's path: exact over (w, b) for ŷ = w·x + b, on a plane of
random directions through the initial weights for any other small model; and a cost curve."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import describe, minimum_text, path_text
from nnstudio.gui.views.palette import CLASS_COLOURS
from nnstudio.gui.views.plotting import labelled_plot, legend_below, set_legend_texts, set_plot_texts

CONTOUR_LEVELS = 12
# Paths kept from earlier runs (compared optimisers), distinct from the live path's colour.
KEPT_COLOURS = [CLASS_COLOURS[0], CLASS_COLOURS[1], CLASS_COLOURS[2], CLASS_COLOURS[3], CLASS_COLOURS[4]]


class LandscapeView(FollowsLanguage, QWidget):
    """Left: log-loss over the (w, b) plane, contour lines, the path from start to now.
    Right: cost against w with b at its optimum (exhaustive search)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscapeView")
        self._shown: np.ndarray | None = None  # the path set last
        self.plane, _ = labelled_plot("landscapePlot", legend=False)
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
        for item in (self.path, self.start, self.now, self.optimum):
            self.plane.addItem(item)
            self.legend.addItem(item, "")
        self.cost, _ = labelled_plot("costCurvePlot", legend=False)
        for plot, side in ((self.cost, "left"), (self.cost, "bottom"), (self.plane, "left"), (self.plane, "bottom")):
            plot.getAxis(side).enableAutoSIPrefix(False)  # "u (x0.001)" reads badly in class
        self.cost_curve = self.cost.plot(pen=pg.mkPen(CLASS_COLOURS[0], width=2.5))
        self.cost_now = pg.InfiniteLine(angle=90, pen=pg.mkPen(CLASS_COLOURS[5], width=2))
        self._kept: list[pg.PlotDataItem] = []
        self._plane = None
        self._grid: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # the landscape shown
        self.cost.addItem(self.cost_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plane, stretch=3)
        layout.addWidget(self.cost, stretch=2)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Loss landscape"))
        set_legend_texts(self.legend, [self.tr("path"), self.tr("start"), self.tr("now"), self.tr("least squares")])
        self._apply_texts()

    def _texts(self) -> tuple[str, ...]:
        """Titles and axes for the landscape shown: over (w, b), or on the plane
        θ₀ + u·d₁ + v·d₂ (u and v, not α and β: those are the learning rate and the smoothing factor)."""
        if self._plane is None:
            return (self.tr("Loss over (w, b) and the optimiser's path"), self.tr("w (weight)"),
                    self.tr("b (bias)"), self.tr("least squares"), self.tr("Cost against w (b at its best)"),
                    "w", self.tr("cost (MSE)"))
        return (self.tr("Loss on a plane through the initial weights (random directions)"),
                self.tr("u (direction d₁)"), self.tr("v (direction d₂)"), self.tr("lowest on this plane"),
                self.tr("Loss along direction d₁ (v = 0)"), "u", self.tr("loss"))

    def set_landscape(self, landscape) -> None:
        """Draw a core Landscape (loss on a w × b grid) or PlaneLandscape (on a plane through the
        initial weights along two random directions). Kept paths stay if the plane is the same."""
        plane = getattr(landscape, "plane", None)
        if plane is None:  # ŷ = w·x + b: the exact picture, labelled with w and b
            xs, ys, loss = landscape.w, landscape.b, landscape.loss
            best, cost = (landscape.best_w, landscape.best_b), landscape.cost_along_w()
        else:  # the core's (alpha, beta) are the coordinates u, v along the directions d₁, d₂
            xs, ys, loss = landscape.alpha, landscape.beta, landscape.loss
            best, cost = landscape.lowest, landscape.cost_along_alpha()
        grid = (xs, ys, loss)
        same = (plane.same_as(self._plane) if plane is not None else
                self._plane is None and self._grid is not None
                and all(np.array_equal(a, b) for a, b in zip(grid, self._grid)))
        if not same:  # kept paths stay while the landscape does (a lesson's variants on one data set)
            self.clear_kept()
        self._plane, self._grid = plane, grid
        self._apply_texts()
        log_loss = np.log10(np.maximum(loss, 0.0) + 1e-12)
        self.image.setImage(log_loss, autoLevels=False, levels=(log_loss.min(), log_loss.max()))
        self.image.setRect(pg.QtCore.QRectF(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0]))
        levels = np.linspace(log_loss.min(), log_loss.max(), CONTOUR_LEVELS + 2)[1:-1]
        for contour, level in zip(self.contours, levels):
            contour.setData(log_loss.T)  # IsocurveItem reads column-major
            contour.setLevel(level)
        self.optimum.setData([best[0]], [best[1]])
        self.cost_curve.setData(*cost)
        self.plane.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0)
        self._describe()

    def _apply_texts(self) -> None:
        title, x_label, y_label, optimum, cost_title, cost_x, cost_y = self._texts()
        set_plot_texts(self.plane, title, x_label, y_label)
        self.legend.getLabel(self.optimum).setText(optimum)
        set_plot_texts(self.cost, cost_title, cost_x, cost_y)
        self._describe()

    def _describe(self) -> None:
        title, x_label, _, optimum, cost_title, cost_x, _ = self._texts()
        if self._shown is not None and len(self._shown):
            best = self.optimum.getData()
            at = (best[0][0], best[1][0]) if len(best[0]) else None
            describe(self.plane, path_text(title, self._shown, optimum, at))
        else:
            describe(self.plane, minimum_text(title, [], [], x_label))
        describe(self.cost, minimum_text(cost_title, *self.cost_curve.getData(), cost_x)
                 if self.cost_curve.getData()[0] is not None else minimum_text(cost_title, [], [], cost_x))

    def set_path(self, path: np.ndarray) -> None:
        """The points visited so far, one row per epoch, starting at the initial weights."""
        if len(path) == 0:
            return
        shown = self._shown
        if shown is not None and shown.shape == path.shape and np.array_equal(shown, path):
            return  # the path of a model whose landscape is not shown stays at its start: 30 times a second
        self._shown = np.array(path, copy=True)
        self.path.setData(path[:, 0], path[:, 1])
        self.start.setData([path[0, 0]], [path[0, 1]])
        self.now.setData([path[-1, 0]], [path[-1, 1]])
        self.cost_now.setValue(path[-1, 0])
        self._describe()

    def keep_path(self, label: str) -> None:
        """Keep the current path on the map, labelled, while the next run draws its own (several
        optimisers on one landscape: the momentum lesson's comparison)."""
        x, y = self.path.getData()
        if x is None or len(x) == 0:
            return
        colour = KEPT_COLOURS[len(self._kept) % len(KEPT_COLOURS)]
        kept = pg.PlotDataItem(x, y, pen=pg.mkPen(colour, width=2.5), symbol="o", symbolSize=4,
                               symbolBrush=colour, symbolPen=None)
        self.plane.addItem(kept)
        self.legend.addItem(kept, label)
        self._kept.append(kept)

    def kept_paths(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return [item.getData() for item in self._kept]

    def clear_kept(self) -> None:
        for item in self._kept:
            self.legend.removeItem(item)
            self.plane.removeItem(item)
        self._kept = []

    def path_data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.path.getData()

    def clear(self) -> None:
        self._shown = None
        for item in (self.path, self.start, self.now):
            item.setData([], [])
        self._describe()
