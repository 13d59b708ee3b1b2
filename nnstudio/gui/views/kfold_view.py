"""K-fold cross-validation: one validation curve per fold, their mean and a ± spread band."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnstudio.core.train.kfold import mean_and_spread
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import curves_text, describe
from nnstudio.gui.views.palette import CLASS_COLOURS, faded
from nnstudio.gui.views.plotting import (
    LEGEND_MARGIN,
    fit_legend_columns,
    labelled_plot,
    legend_below,
)

MEAN_COLOUR = "#000000"
BAND_COLOUR = faded("#555555", 60)
FOLD_PALETTE = [colour for colour in CLASS_COLOURS if colour not in ("#000000", "#F0E442")]


class KFoldView(FollowsLanguage, QWidget):
    """Draws fold curves given as (fold, epochs, values); the mean and band follow them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kfoldView")
        self.plot, _ = labelled_plot("kfoldPlot", legend=False)  # texts: retranslate()
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.legend = legend_below(self.plot)
        # FillBetweenItem fills between the paths of two curves; a drawn (invisible) pen keeps
        # their paths built.
        self.upper = pg.PlotDataItem(pen=pg.mkPen((0, 0, 0, 0)))
        self.lower = pg.PlotDataItem(pen=pg.mkPen((0, 0, 0, 0)))
        self.band = pg.FillBetweenItem(self.lower, self.upper, brush=pg.mkBrush(BAND_COLOUR))
        self.band.setZValue(-5)
        # The legend cannot draw a FillBetweenItem; a square of the band's colour stands in.
        self.band_sample = pg.ScatterPlotItem(symbol="s", size=14, pen=None, brush=pg.mkBrush(BAND_COLOUR))
        self.mean = pg.PlotDataItem(pen=pg.mkPen(MEAN_COLOUR, width=3.5))
        self.mean.setZValue(10)
        for item in (self.upper, self.lower, self.band, self.mean):
            self.plot.addItem(item)
        self.folds: list[pg.PlotDataItem] = []
        self._curves: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.retranslate()

    def retranslate(self) -> None:
        """Title, x axis and legend in the interface's language (the panel sets the y axis)."""
        self.setAccessibleName(self.tr("K-fold validation curves"))
        self.plot.setTitle(self.tr("Validation curve of each fold"))
        self.plot.setAccessibleName(self.tr("Validation curve of each fold"))
        self.plot.setLabel("bottom", self.tr("epoch"))
        if not self.folds:
            self.plot.setLabel("left", self.tr("validation loss"))
        self.legend.clear()
        if self.folds:
            self._fill_legend()
        self._describe()

    def _fill_legend(self) -> None:
        if len(self.folds) <= len(FOLD_PALETTE):  # past that, colours repeat and a legend would mislead
            for fold, curve in enumerate(self.folds):
                self.legend.addItem(curve, self.tr("fold {number}").format(
                    number=fold + 1))
        self.legend.addItem(self.mean, self.tr("mean of the folds"))
        self.legend.addItem(self.band_sample, self.tr("mean ± 1 standard deviation"))
        fit_legend_columns(self.legend, self.plot.width() - LEGEND_MARGIN)

    def set_folds(self, k: int) -> None:
        """Prepare ``k`` fold curves (items are made here, once per run, and only updated after)."""
        for curve in self.folds:
            self.plot.removeItem(curve)
        self.legend.clear()
        self.folds = []
        for fold in range(k):
            colour = FOLD_PALETTE[fold % len(FOLD_PALETTE)]
            curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=1.5))
            curve.curve.setSegmentedLineMode("on")
            self.plot.addItem(curve)
            self.folds.append(curve)
        self._fill_legend()
        self._curves.clear()
        self._draw_mean()

    def set_y_label(self, label: str) -> None:
        self.plot.setLabel("left", label)

    def set_fold(self, fold: int, epochs: np.ndarray, values: np.ndarray) -> None:
        """Draw (or extend) the validation curve of ``fold`` (0-based)."""
        if not 0 <= fold < len(self.folds):
            return
        epochs, values = np.asarray(epochs, dtype=float), np.asarray(values, dtype=float)
        self._curves[fold] = (epochs, values)
        keep = np.isfinite(values)
        self.folds[fold].setData(epochs[keep], values[keep])
        self._draw_mean()

    def _draw_mean(self) -> None:
        mean, spread, epochs = self.mean_curve()
        keep = np.isfinite(mean)
        epochs, mean, spread = epochs[keep], mean[keep], spread[keep]
        self.mean.setData(epochs, mean)
        self.upper.setData(epochs, mean + spread)
        self.lower.setData(epochs, mean - spread)
        self._describe()

    def _describe(self) -> None:
        """Each fold's last value, and the mean."""
        curves = [(self.tr("fold {number}").format(number=fold + 1), *self._curves[fold])
                  for fold in sorted(self._curves)]
        mean, _, epochs = self.mean_curve()
        curves.append((self.tr("mean of the folds"), epochs, mean))
        describe(self.plot, curves_text(self.plot.accessibleName(), curves, self.tr("epoch")))

    def mean_curve(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean and spread over the folds drawn so far, and their epochs."""
        if not self._curves:
            return np.zeros(0), np.zeros(0), np.zeros(0)
        length = max(len(epochs) for epochs, _ in self._curves.values())
        table = np.full((len(self._curves), length), np.nan)
        for row, (_, values) in enumerate(self._curves.values()):
            table[row, : len(values)] = values
        mean, spread = mean_and_spread(table)
        return mean, spread, np.arange(1, length + 1, dtype=float)

    def fold_count(self) -> int:
        """Number of folds with a curve drawn."""
        return sum(1 for curve in self.folds if len(curve.getData()[0] if curve.getData()[0] is not None else []))

    def clear(self) -> None:
        self.set_folds(0)
