"""Weights and gradients over time, as TensorBoard's distributions: for the chosen layer, a heatmap
of the share of its weights (or of their gradients) in each value band (up) at each epoch
(across), with the median drawn through it."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnstudio.core.viz.distributions import DistributionHistory
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import describe, plot_title, spread_text
from nnstudio.gui.views.plotting import labelled_plot, set_plot_texts

MEDIAN_COLOUR = "#D55E00"


class DistributionsView(FollowsLanguage, QWidget):
    """A layer and weights-or-gradients chooser above one heatmap (value × epoch)."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("distributionsView")
        self.history = DistributionHistory()
        self.layer_label = QLabel()
        self.layer_combo = QComboBox(objectName="distributionsLayerCombo")
        self.kind_combo = QComboBox(objectName="distributionsKindCombo")
        self.kind_combo.addItem("", "weights")
        self.kind_combo.addItem("", "gradients")
        self.layer_combo.currentIndexChanged.connect(self._redraw)
        self.kind_combo.currentIndexChanged.connect(self._redraw)
        self.plot, _ = labelled_plot("distributionsPlot", legend=False)
        for side in ("left", "bottom"):
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        # A white edge keeps the orange median visible where the heatmap itself is orange.
        self.median = self.plot.plot(pen=pg.mkPen(MEDIAN_COLOUR, width=2),
                                     shadowPen=pg.mkPen("w", width=5))
        self.colour_bar = pg.ColorBarItem(values=(0.0, 0.2), colorMap=pg.colormap.get("CET-L17"),
                                          label="", interactive=False, width=15)
        self.colour_bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self.colour_bar.axis.enableAutoSIPrefix(False)  # shares in %, never "(x0.001)"
        self._drawn: Optional[tuple[np.ndarray, np.ndarray, np.ndarray]] = None
        controls = QHBoxLayout()
        controls.addWidget(self.layer_label)
        controls.addWidget(self.layer_combo)
        controls.addWidget(self.kind_combo)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.plot, stretch=1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Weights and gradients over time"))
        self.layer_label.setText(self.tr("Layer"))
        self.layer_combo.setAccessibleName(self.tr("Layer shown"))
        self.kind_combo.setItemText(0, self.tr("weights"))
        self.kind_combo.setItemText(1, self.tr("gradients (last step of each epoch)"))
        self.kind_combo.setAccessibleName(self.tr("Weights or gradients"))
        self.colour_bar.setLabel("right", self.tr("share of the layer (%)"))
        self._set_texts()

    def _set_texts(self) -> None:
        gradients = self.kind_combo.currentData() == "gradients"
        set_plot_texts(
            self.plot,
            self.tr("Gradients over time (the median in orange)") if gradients
            else self.tr("Weights over time (the median in orange)"),
            self.tr("epoch"), self.tr("gradient ∂cost/∂w") if gradients else self.tr("weight value"))

    def set_history(self, history: DistributionHistory) -> None:
        """Draw what the run recorded (the chosen layer and kind stay chosen)."""
        self.history = history
        if [self.layer_combo.itemText(index) for index in range(self.layer_combo.count())] != history.layers:
            chosen = self.layer_combo.currentIndex()
            self.layer_combo.blockSignals(True)
            self.layer_combo.clear()
            self.layer_combo.addItems(history.layers)
            self.layer_combo.setCurrentIndex(min(max(chosen, 0), len(history.layers) - 1))
            self.layer_combo.blockSignals(False)
        self._redraw()

    def clear(self) -> None:
        self.set_history(DistributionHistory())

    def drawn(self) -> Optional[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(epochs, value edges, shares) of the heatmap shown, or None."""
        return self._drawn

    def _redraw(self) -> None:
        self._set_texts()
        layer = self.layer_combo.currentIndex()
        drawn = self.history.heatmap(layer, self.kind_combo.currentData()) if layer >= 0 else None
        self._drawn = drawn
        if drawn is None:
            self.image.clear()
            self.median.setData([], [])
            describe(self.plot, spread_text(plot_title(self.plot), "", np.zeros(0), np.zeros(0), np.zeros(0)))
            return
        epochs, edges, shares = drawn
        describe(self.plot, spread_text(plot_title(self.plot), self.layer_combo.currentText(), epochs, edges, shares))
        self.image.setImage(shares * 100, autoLevels=False)
        top = float(shares.max()) * 100 if shares.size else 100.0
        self.colour_bar.setLevels((0.0, max(top, 1e-4)))
        step = float(epochs[-1] - epochs[0]) / (len(epochs) - 1) if len(epochs) > 1 else 1.0
        self.image.setRect(float(epochs[0]) - step / 2, float(edges[0]), step * len(epochs),
                           float(edges[-1] - edges[0]))
        cumulative = np.cumsum(shares, axis=0)
        rows = np.argmax(cumulative >= 0.5, axis=0)
        centres = (edges[:-1] + edges[1:]) / 2
        self.median.setData(epochs, centres[rows])
