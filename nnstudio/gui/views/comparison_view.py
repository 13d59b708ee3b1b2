"""Several runs' loss curves overlaid in one chart, and their accuracy in a second one below (for
classifiers), one colour and legend entry per run."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import curves_text, describe, plot_title
from nnstudio.gui.views.palette import CLASS_COLOURS
from nnstudio.gui.views.plotting import labelled_plot, set_plot_texts


class ComparisonView(FollowsLanguage, QWidget):
    """Validation loss (solid) and training loss (dashed) of each compared run; where known, a
    star on each run's best epoch and a ring on its final one (the saved model's epoch). Below,
    for runs that have one, their validation and training accuracy the same way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonPlot")
        self.plot, self.legend = labelled_plot("comparisonPlotWidget")
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        # Log scale: compared runs differ by orders of magnitude (one may even diverge).
        self.plot.setLogMode(y=True)
        self._curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._marks: dict[str, pg.PlotDataItem] = {}
        self._marked: dict[str, dict[str, float]] = {}  # label -> {"best": epoch, "final": epoch}
        self.accuracy_plot, _ = labelled_plot("comparisonAccuracyPlot", legend=False)
        self.accuracy_plot.setXLink(self.plot)
        self.accuracy_plot.setYRange(0.0, 1.0)
        self._accuracy: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, stretch=3)
        layout.addWidget(self.accuracy_plot, stretch=2)
        self.accuracy_plot.hide()  # until a run with an accuracy is shown
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Comparison of runs"))
        set_plot_texts(self.plot, self.tr("Compared runs: validation loss (solid), training (dashed); "
                                          "★ best epoch, ○ final (saved model)"),
                       self.tr("epoch"), self.tr("loss"))
        set_plot_texts(self.accuracy_plot, self.tr("Accuracy: validation (solid), training (dashed)"),
                       self.tr("epoch"), self.tr("accuracy"))
        self._describe()

    def _describe(self) -> None:
        """Each run's validation loss (and accuracy, where shown) at its last epoch."""
        curves = []
        for label, (val_curve, _) in self._curves.items():
            x, y = val_curve.getOriginalDataset()  # getData() is log10(loss) on the log axis
            curves.append((label, x if x is not None else [], y if y is not None else []))
        describe(self.plot, curves_text(plot_title(self.plot), curves, self.tr("epoch")))
        accuracies = []
        for label, (val_curve, _) in self._accuracy.items():
            x, y = val_curve.getData()
            accuracies.append((label, x if x is not None else [], y if y is not None else []))
        describe(self.accuracy_plot, curves_text(plot_title(self.accuracy_plot), accuracies, self.tr("epoch")))

    def set_run(self, label: str, epochs: np.ndarray, train_loss: np.ndarray, val_loss: np.ndarray,
                best_epoch: int | None = None, final_epoch: int | None = None,
                train_acc: np.ndarray | None = None, val_acc: np.ndarray | None = None) -> None:
        """Add or update the curves of the run called ``label``, with a star on its best epoch
        and a ring on its final one (the saved model's) when they are given; its accuracy too,
        when it has one."""
        if label not in self._curves:
            colour = CLASS_COLOURS[len(self._curves) % len(CLASS_COLOURS)]
            val_curve = self.plot.plot(pen=pg.mkPen(colour, width=2.5), name=label)
            train_curve = self.plot.plot(pen=pg.mkPen(colour, width=1.2, style=pg.QtCore.Qt.PenStyle.DashLine))
            self._curves[label] = (val_curve, train_curve)
            self._marks[label] = pg.PlotDataItem(pen=None, symbolPen=pg.mkPen(colour, width=2))
            self._marks[label].colour = colour
            self.plot.addItem(self._marks[label])
        val_curve, train_curve = self._curves[label]
        finite_val = np.isfinite(val_loss) & (val_loss > 0)
        finite_train = np.isfinite(train_loss) & (train_loss > 0)
        val_curve.setData(epochs[finite_val], val_loss[finite_val])
        train_curve.setData(epochs[finite_train], train_loss[finite_train])
        self._mark(label, epochs, np.where(np.isfinite(val_loss), val_loss, train_loss),
                   {"best": best_epoch, "final": final_epoch})
        self._set_accuracy(label, epochs, train_acc, val_acc)
        self._describe()

    def _mark(self, label: str, epochs: np.ndarray, loss: np.ndarray, wanted: dict) -> None:
        marks = self._marks[label]
        x, y, symbols, sizes, brushes, marked = [], [], [], [], [], {}
        for kind, epoch in wanted.items():
            where = np.flatnonzero(epochs == epoch) if epoch is not None else ()
            if len(where) and np.isfinite(loss[where[0]]) and loss[where[0]] > 0:
                marked[kind] = float(epoch)
                x.append(float(epoch))
                y.append(float(loss[where[0]]))
                symbols.append("star" if kind == "best" else "o")
                sizes.append(16 if kind == "best" else 12)
                brushes.append(pg.mkBrush(marks.colour) if kind == "best" else pg.mkBrush(None))
        marks.setData(x, y, symbol=symbols, symbolSize=sizes, symbolBrush=brushes)
        self._marked[label] = marked

    def marked_epochs(self, label: str) -> dict[str, float]:
        """The epochs marked on a run's curve: {"best": epoch, "final": epoch} (where known)."""
        return dict(self._marked.get(label, {}))

    def _set_accuracy(self, label: str, epochs: np.ndarray, train_acc, val_acc) -> None:
        accuracies = [np.zeros(len(epochs)) * np.nan if values is None else np.asarray(values, float)
                      for values in (val_acc, train_acc)]
        if not any(np.isfinite(values).any() for values in accuracies):
            return
        if label not in self._accuracy:
            colour = self._curves[label][0].opts["pen"].color()
            self._accuracy[label] = (
                self.accuracy_plot.plot(pen=pg.mkPen(colour, width=2.5)),
                self.accuracy_plot.plot(pen=pg.mkPen(colour, width=1.2, style=pg.QtCore.Qt.PenStyle.DashLine)),
            )
        for curve, values in zip(self._accuracy[label], accuracies):
            finite = np.isfinite(values)
            curve.setData(epochs[finite], values[finite])
        self.accuracy_plot.show()

    def accuracy_data(self, label: str) -> tuple[np.ndarray, np.ndarray]:
        """The validation accuracy curve drawn for ``label`` (empty if none)."""
        if label not in self._accuracy:
            return np.zeros(0), np.zeros(0)
        return self._accuracy[label][0].getData()

    def labels(self) -> list[str]:
        return list(self._curves)

    def curve_data(self, label: str) -> tuple[np.ndarray, np.ndarray]:
        return self._curves[label][0].getData()

    def clear(self) -> None:
        for val_curve, train_curve in self._curves.values():
            self.plot.removeItem(val_curve)
            self.plot.removeItem(train_curve)
        for marks in self._marks.values():
            self.plot.removeItem(marks)
        for curves in self._accuracy.values():
            for curve in curves:
                self.accuracy_plot.removeItem(curve)
        self.legend.clear()
        self._curves.clear()
        self._marks.clear()
        self._marked.clear()
        self._accuracy.clear()
        self.accuracy_plot.hide()
        self._describe()
