"""Weights and gradients: per-layer weight histograms, and gradient size per layer over epochs."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import curves_text, describe, join_parts, plot_title, titled
from nnstudio.gui.views.palette import CLASS_COLOURS
from nnstudio.gui.views.plotting import (
    LEGEND_MARGIN,
    fit_legend_columns,
    labelled_plot,
    legend_below,
    set_plot_texts,
)


class WeightsView(FollowsLanguage, QWidget):
    """Histograms show L2 shrinking and L1 zeroing weights; the gradient chart shows sizes
    vanishing toward the input in deep sigmoid networks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weightsView")
        self.histogram_plot, _ = labelled_plot("weightHistogramPlot", legend=False)
        self.histogram_legend = legend_below(self.histogram_plot)
        self.histogram_plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.gradient_plot, _ = labelled_plot("gradientPlot", legend=False)
        self.gradient_legend = legend_below(self.gradient_plot)
        self.gradient_plot.setLogMode(y=True)
        self.gradient_plot.getAxis("left").enableAutoSIPrefix(False)
        self._histograms: list[pg.PlotDataItem] = []
        self._gradient_curves: list[pg.PlotDataItem] = []
        self._gradient_epochs: list[float] = []
        self._gradient_sizes: list[np.ndarray] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.histogram_plot, stretch=1)
        layout.addWidget(self.gradient_plot, stretch=1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Weights and gradients"))
        set_plot_texts(self.histogram_plot, self.tr("Weights per layer"), self.tr("weight value"), self.tr("count"))
        set_plot_texts(self.gradient_plot, self.tr("Gradient size per layer"), self.tr("epoch"),
                       self.tr("mean |∂cost/∂w|"))
        self._describe()

    def _describe(self) -> None:
        """The histograms by their legend (norm, share near zero); the gradients by their last size."""
        layers = join_parts(label.text for _, label in self.histogram_legend.items)
        title = plot_title(self.histogram_plot)
        describe(self.histogram_plot, titled(title, layers) if layers else
                 self.tr("{title}: nothing drawn yet.").format(title=title))
        epochs, table = np.array(self._gradient_epochs), self.gradient_table()
        curves = [(self.tr("layer {number}").format(number=index + 1), epochs, table[:, index])
                  for index in range(table.shape[1] if table.ndim == 2 else 0)]
        describe(self.gradient_plot, curves_text(plot_title(self.gradient_plot), curves, self.tr("epoch")))

    def set_weights(self, layers) -> None:
        """Draw one histogram per weight layer (a list of core LayerWeights)."""
        if len(layers) != len(self._histograms):
            self._rebuild_histograms(layers)
        for item, layer in zip(self._histograms, layers):
            item.setData(layer.edges, layer.counts)
        for sample, label in self.histogram_legend.items:
            index = self._histogram_names.index(label.text.split(" · ")[0])
            layer = layers[index]
            label.setText(f"{layer.name} · ‖w‖ {layer.norm:.3g} · {layer.near_zero:.0%} ≈ 0")
        fit_legend_columns(self.histogram_legend, self.histogram_plot.width() - LEGEND_MARGIN)
        self._describe()

    def _rebuild_histograms(self, layers) -> None:
        for item in self._histograms:
            self.histogram_plot.removeItem(item)
        self.histogram_legend.clear()
        self._histograms = []
        self._histogram_names = [layer.name for layer in layers]
        for index, layer in enumerate(layers):
            colour = CLASS_COLOURS[index % len(CLASS_COLOURS)]
            item = pg.PlotDataItem(stepMode="center", pen=pg.mkPen(colour, width=2))
            self.histogram_plot.addItem(item)
            self.histogram_legend.addItem(item, layer.name)
            self._histograms.append(item)
        fit_legend_columns(self.histogram_legend, self.histogram_plot.width() - LEGEND_MARGIN)

    def add_gradients(self, epoch: float, sizes: np.ndarray) -> None:
        """Append one measurement of every layer's gradient size."""
        if self._gradient_sizes and len(sizes) != len(self._gradient_sizes[-1]):
            self.clear_gradients()
        self._gradient_epochs.append(epoch)
        self._gradient_sizes.append(np.asarray(sizes, dtype=float))
        if len(self._gradient_curves) != len(sizes):
            self._rebuild_gradient_curves(len(sizes))
        epochs = np.array(self._gradient_epochs)
        table = np.array(self._gradient_sizes)
        for index, curve in enumerate(self._gradient_curves):
            column = table[:, index]
            keep = np.isfinite(column) & (column > 0)
            curve.setData(epochs[keep], column[keep])
        self._describe()

    def _rebuild_gradient_curves(self, count: int) -> None:
        for curve in self._gradient_curves:
            self.gradient_plot.removeItem(curve)
        self.gradient_legend.clear()
        self._gradient_curves = []
        for index in range(count):
            colour = CLASS_COLOURS[index % len(CLASS_COLOURS)]
            curve = self.gradient_plot.plot(pen=pg.mkPen(colour, width=2), name=f"{index + 1}")
            self._gradient_curves.append(curve)
        fit_legend_columns(self.gradient_legend, self.gradient_plot.width() - LEGEND_MARGIN)

    def gradient_table(self) -> np.ndarray:
        return np.array(self._gradient_sizes)

    def clear_gradients(self) -> None:
        self._gradient_epochs.clear()
        self._gradient_sizes.clear()
        for curve in self._gradient_curves:
            curve.setData([], [])
        self._describe()

    def clear(self) -> None:
        self.clear_gradients()
        for item in self._histograms:
            item.setData([], [])
        self._describe()
