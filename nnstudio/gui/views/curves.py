"""Per-epoch curves: loss (with smoothing and log scale), accuracy and learning rate."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QSlider, QVBoxLayout, QWidget

from nnstudio.gui.flow_layout import FlowLayout
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import accuracy_text, describe, learning_rate_text, loss_text
from nnstudio.gui.views.palette import LR_COLOUR, STEP_COLOUR, TRAIN_COLOUR, VAL_COLOUR, plot_theme
from nnstudio.gui.views.plotting import (
    GrowingXRange,
    as_float_array,
    finite_points,
    labelled_plot,
    set_legend_texts,
    set_plot_texts,
    thick_curve,
)

SMOOTHING_TIP = QT_TRANSLATE_NOOP(
    "LossView",
    "Exponential moving average of the epoch curves, as in the course notes:\n"
    "C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁, starting from C′₀ = C₀.\n"
    "β is the weight of the newest value: β = 1 (the slider's left end) shows the raw values;\n"
    "drag right for a smaller β: a smoother curve that follows changes later.\n"
    "While smoothing, the raw curves stay faintly behind."
)
# The slider sets β in hundredths, from 1.00 (raw) at its left end down to 0.01 at its right end.
SMOOTHING_STEPS = 100
# Validation curves carry triangles (as validation points do), so they differ from the training
# curves without colour. (A dashed line does not survive drawing a long curve as separate segments.)
VAL_SYMBOL = "t"
VAL_MARKS = 12  # triangles along a validation curve, evenly spread
RAW_PEN_STYLE = Qt.PenStyle.DotLine  # the raw curves behind smoothed ones: thin and dotted, full colour


def smooth(values: np.ndarray, beta: float) -> np.ndarray:
    """The course notes' exponential moving average C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁, with C′₀ = C₀:
    β is the weight of the newest value, so β = 1 returns the values and a smaller β smooths more.

    Non-finite values (NaN, ±inf) are passed through unchanged and do not enter the average,
    so a gap or a diverged epoch does not poison the rest of the curve.
    """
    if not 0.0 < beta <= 1.0:
        raise ValueError(f"beta must be in (0, 1], got {beta}")
    values = np.asarray(values, dtype=float)
    result = values.copy()
    if beta == 1.0:
        return result
    state = None
    for index, value in enumerate(values.tolist()):
        if not np.isfinite(value):
            continue
        state = value if state is None else beta * value + (1.0 - beta) * state
        result[index] = state
    return result


def _last(*xs: np.ndarray) -> float | None:
    """The largest last value of the arrays that have one (x data grow), else None."""
    ends = [float(x[-1]) for x in xs if len(x)]
    return max(ends) if ends else None


class ReplayCursor:
    """A vertical line at the epoch a replay shows; hidden while the views are live."""

    def __init__(self, plot: pg.PlotWidget, label: bool = False) -> None:
        # Only the loss chart names the epoch (the replay bar shows it too): a label on every
        # chart would sit on their legends and titles.
        theme = plot_theme()
        options = {"label": self._label_format(),
                   "labelOpts": {"position": 0.55, "color": theme.foreground, "fill": theme.legend_brush}}
        self.line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(theme.foreground, width=2),
                                    **(options if label else {}))
        self.line.hide()
        plot.addItem(self.line, ignoreBounds=True)

    @staticmethod
    def _label_format() -> str:
        return QCoreApplication.translate("LossView", "epoch {value:.0f}")

    def retranslate(self) -> None:
        """The label's text ('epoch 12') in the interface's language."""
        label = getattr(self.line, "label", None)
        if label is not None:
            label.setFormat(self._label_format())

    @property
    def label_text(self) -> str:
        label = getattr(self.line, "label", None)
        return label.toPlainText() if label is not None else ""

    def set_epoch(self, epoch: float | None) -> None:
        self.line.setVisible(epoch is not None)
        if epoch is not None:
            self.line.setValue(float(epoch))

    @property
    def epoch(self) -> float | None:
        return self.line.value() if self.line.isVisible() else None


def validation_marks(plot: pg.PlotWidget) -> pg.PlotDataItem:
    """The triangles along a validation curve (see :func:`set_marks`)."""
    return plot.plot(pen=None, symbol=VAL_SYMBOL, symbolSize=10, symbolBrush=VAL_COLOUR,
                     symbolPen=pg.mkPen(plot_theme().background, width=1))


def validation_sample() -> pg.PlotDataItem:
    """What the legend shows for a validation curve: its line with a triangle (never drawn itself)."""
    # One point (drawn nowhere): pyqtgraph's legend draws the symbol with the item's scatter, which
    # takes the symbol's colours only from an item with data (without, a grey-blue default).
    return pg.PlotDataItem([0.0], [0.0], pen=pg.mkPen(VAL_COLOUR, width=2.5), symbol=VAL_SYMBOL, symbolSize=10,
                           symbolBrush=VAL_COLOUR, symbolPen=pg.mkPen(plot_theme().background, width=1))


def set_marks(marks: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """Put ``marks`` at VAL_MARKS points evenly spread along the curve (x, y)."""
    if len(x) > VAL_MARKS:
        pick = np.linspace(0, len(x) - 1, VAL_MARKS).round().astype(int)
        x, y = x[pick], y[pick]
    marks.setData(x, y)


def _fast_plot(plot: pg.PlotWidget) -> None:
    """Draw only what is in view, decimated by peaks; the items still hold every value."""
    item = plot.getPlotItem()
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")


class LossView(FollowsLanguage, QWidget):
    """Training and validation loss per epoch, per-step training loss, smoothing, log scale, best epoch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossPlot")
        self.plot, self.legend = labelled_plot("lossPlotWidget")
        _fast_plot(self.plot)
        self.x_end = GrowingXRange(self.plot)
        # Created once, back to front; set_history only calls setData on them.
        self.step_curve = self.plot.plot(pen=pg.mkPen(STEP_COLOUR, width=1))
        self.train_raw_curve = self.plot.plot(pen=pg.mkPen(TRAIN_COLOUR, width=1, style=RAW_PEN_STYLE))
        self.val_raw_curve = self.plot.plot(pen=pg.mkPen(VAL_COLOUR, width=1, style=RAW_PEN_STYLE))
        self.train_curve = thick_curve(self.plot, TRAIN_COLOUR)
        self.val_curve = thick_curve(self.plot, VAL_COLOUR)
        self.val_marks = validation_marks(self.plot)
        self.val_sample = validation_sample()
        theme = plot_theme()
        self.best_marker = self.plot.plot(pen=None, symbol="star", symbolSize=16,
                                          symbolBrush=VAL_COLOUR, symbolPen=theme.foreground)
        # Named in the legend ("best: epoch 97"), not by a label drawn over the curves.
        best_pen = pg.mkPen(theme.foreground, width=1.5, style=Qt.PenStyle.DashLine)
        self.best_line = pg.InfiniteLine(angle=90, movable=False, pen=best_pen)
        self.best_sample = pg.PlotDataItem(pen=best_pen)  # the legend's sample of the line
        # Plain numbers on the loss axis: "loss (x0.001)" reads badly in a classroom.
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.best_line.hide()
        self.plot.addItem(self.best_line, ignoreBounds=True)
        self.cursor = ReplayCursor(self.plot, label=True)
        self.best_epoch: int | None = None
        self._val_in_legend = False
        self._best_in_legend = False
        self._set_legend(True)
        self._build_controls()
        self.clear_history()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Loss curves"))
        set_plot_texts(self.plot, self.tr("Loss"), self.tr("epoch"), self.tr("loss"))
        self.cursor.retranslate()
        self._set_legend(self._val_in_legend)
        self.mark_best(self.best_epoch)
        self.log_check.setText(self.tr("Log scale"))
        self.log_check.setAccessibleName(self.tr("Log scale for loss"))
        self.log_check.setToolTip(self.tr("Logarithmic loss axis: small losses late in training stay visible"))
        self.smoothing_slider.setAccessibleName(self.tr("Loss smoothing"))
        self.smoothing_caption.setText(self.tr("Smoothing"))
        for widget in (self.smoothing_slider, self.smoothing_label, self.smoothing_caption):
            widget.setToolTip(self.tr(SMOOTHING_TIP))

    def _build_controls(self) -> None:
        self.log_check = QCheckBox(objectName="lossLogCheck")
        self.smoothing_slider = QSlider(Qt.Orientation.Horizontal, objectName="smoothingSlider")
        # β in hundredths; drawn right to left, so that dragging right smooths more (a smaller β).
        self.smoothing_slider.setRange(1, SMOOTHING_STEPS)
        self.smoothing_slider.setValue(SMOOTHING_STEPS)
        self.smoothing_slider.setInvertedAppearance(True)
        self.smoothing_slider.setInvertedControls(True)  # and the arrow keys move it the way they point
        self.smoothing_label = QLabel(objectName="smoothingValue")
        self._size_to_font()
        caption = self.smoothing_caption = QLabel(objectName="smoothingCaption")
        caption.setBuddy(self.smoothing_slider)
        smoothing = QWidget(sizePolicy=QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred))
        smoothing_row = QHBoxLayout(smoothing)
        smoothing_row.setContentsMargins(0, 0, 0, 0)
        smoothing_row.addWidget(caption)
        smoothing_row.addWidget(self.smoothing_slider, stretch=1)
        smoothing_row.addWidget(self.smoothing_label)
        controls = FlowLayout()  # on two lines when narrow (large text), not a wider window
        controls.addWidget(self.log_check)
        controls.addWidget(smoothing)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.plot, stretch=1)
        self.log_check.toggled.connect(self._on_log_toggled)
        self.smoothing_slider.valueChanged.connect(self._on_smoothing_changed)
        self._on_smoothing_changed(self.smoothing_slider.value())

    def _size_to_font(self) -> None:
        # Wide enough to drag in a narrow loss chart (squeezed, only its handle was left).
        # (Narrower, a slider's handle alone looks like a check box.)
        self.smoothing_slider.setMinimumWidth(self.smoothing_slider.fontMetrics().horizontalAdvance("0") * 7)
        self.smoothing_label.setMinimumWidth(self.smoothing_label.fontMetrics().horizontalAdvance("β = 0.00 "))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:  # View ▸ Text size, or the desktop's font
            self._size_to_font()
        super().changeEvent(event)

    @property
    def beta(self) -> float:
        """The smoothing factor β of C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁ from the slider (1 = raw)."""
        return self.smoothing_slider.value() / SMOOTHING_STEPS

    def set_history(
        self,
        epochs: np.ndarray,
        train_loss: np.ndarray,
        val_loss: np.ndarray,
        step_x: np.ndarray | None = None,
        step_loss: np.ndarray | None = None,
        validations: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """Show the whole history so far (all-NaN ``val_loss`` means no validation set).
        ``validations`` (x on the epoch axis, loss): the validation curve also through the
        validations within epochs (train.val_every_steps)."""
        self._epochs = as_float_array(epochs)
        self._train = as_float_array(train_loss)
        self._val = as_float_array(val_loss)
        self._val_x, self._val_y = ((self._epochs, self._val) if validations is None
                                    else (as_float_array(validations[0]), as_float_array(validations[1])))
        self._step_x = as_float_array(step_x)
        self._step_loss = as_float_array(step_loss)
        self.x_end.set_end(_last(self._epochs, self._step_x))
        self._redraw()

    def clear_history(self) -> None:
        """Empty every curve and hide the best-epoch marker."""
        self.set_history(np.zeros(0), np.zeros(0), np.zeros(0))
        self.mark_best(None)

    def set_cursor(self, epoch: float | None) -> None:
        """Show the replay's epoch as a vertical line (None hides it)."""
        self.cursor.set_epoch(epoch)

    def mark_best(self, epoch: int | None) -> None:
        """Move the dashed "best" line to ``epoch`` (None hides it)."""
        self.best_epoch = None if epoch is None else int(epoch)
        self.best_line.setVisible(self.best_epoch is not None)
        if (self.best_epoch is not None) != self._best_in_legend:
            self._set_legend(self._val_in_legend)
        if self.best_epoch is not None:
            self.best_line.setValue(self.best_epoch)
            self.legend.getLabel(self.best_sample).setText(self.best_text)
        self._draw_best_marker()

    @property
    def best_text(self) -> str:
        """The legend's row for the best epoch: "best: epoch 97" ("" when there is none)."""
        return "" if self.best_epoch is None else self.tr("best: epoch {epoch}").format(epoch=self.best_epoch)

    def _on_log_toggled(self, checked: bool) -> None:
        self.plot.setLogMode(y=checked)
        self._redraw()

    def _on_smoothing_changed(self, value: int) -> None:
        self.smoothing_label.setText(f"β = {value / SMOOTHING_STEPS:.2f}")
        if hasattr(self, "_epochs"):
            self._redraw()

    def _points(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return finite_points(x, y, positive=self.log_check.isChecked())

    def _redraw(self) -> None:
        beta = self.beta
        self.step_curve.setData(*self._points(self._step_x, self._step_loss))
        for raw_curve, curve, x, values in (
            (self.train_raw_curve, self.train_curve, self._epochs, self._train),
            (self.val_raw_curve, self.val_curve, self._val_x, self._val_y),
        ):
            raw_curve.setData(*self._points(x, values))
            raw_curve.setVisible(beta < 1)
            curve.setData(*self._points(x, smooth(values, beta)))
        set_marks(self.val_marks, *self._points(self._val_x, smooth(self._val_y, beta)))
        has_val = bool(np.isfinite(self._val).any())
        self.val_curve.setVisible(has_val)
        self.val_marks.setVisible(has_val)
        self.val_raw_curve.setVisible(has_val and beta < 1)
        if has_val != self._val_in_legend:
            self._set_legend(has_val)
        self._draw_best_marker()

    def _set_legend(self, with_validation: bool) -> None:
        """Legend rows in a fixed order; "validation" only when there is a validation set."""
        self.legend.clear()
        self.legend.addItem(self.train_curve, self.tr("train"))
        # The samples are drawn nowhere else: in the colours of the theme in effect now.
        self.val_sample.setSymbolPen(pg.mkPen(plot_theme().background, width=1))
        self.best_sample.setPen(self.best_line.pen)
        if with_validation:
            self.legend.addItem(self.val_sample, self.tr("validation"))
        self.legend.addItem(self.step_curve, self.tr("train (per step)"))
        if self.best_epoch is not None:
            self.legend.addItem(self.best_sample, self.best_text)
        self._val_in_legend = with_validation
        self._best_in_legend = self.best_epoch is not None

    def _draw_best_marker(self) -> None:
        """A star on the raw validation loss at the best epoch (what early stopping restores)."""
        x, y = np.zeros(0), np.zeros(0)
        if self.best_epoch is not None and hasattr(self, "_epochs"):
            n = min(len(self._epochs), len(self._val))
            at = np.flatnonzero(self._epochs[:n] == self.best_epoch)
            if len(at):
                x, y = self._points(self._epochs[at[:1]], self._val[at[:1]])
        self.best_marker.setData(x, y)
        if hasattr(self, "_epochs"):
            describe(self.plot, loss_text(self._epochs, self._train, self._val, self.best_epoch))


class AccuracyView(FollowsLanguage, QWidget):
    """Training and validation accuracy per epoch on a fixed 0..1 axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accuracyPlot")
        # Accuracy climbs toward the top right, so the legend sits bottom right.
        self.plot, self.legend = labelled_plot("accuracyPlotWidget", legend_offset=(-10, -10))
        _fast_plot(self.plot)
        self.plot.setYRange(0.0, 1.0, padding=0.02)
        self.plot.getPlotItem().enableAutoRange(x=True, y=False)
        self.x_end = GrowingXRange(self.plot)
        self.train_curve = thick_curve(self.plot, TRAIN_COLOUR)
        self.val_curve = thick_curve(self.plot, VAL_COLOUR)
        self.val_marks = validation_marks(self.plot)
        self.legend.addItem(self.train_curve, "")
        self.legend.addItem(validation_sample(), "")
        self.cursor = ReplayCursor(self.plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.clear_history()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Accuracy curves"))
        set_plot_texts(self.plot, self.tr("Accuracy"), self.tr("epoch"), self.tr("accuracy"))
        set_legend_texts(self.legend, [self.tr("train"), self.tr("validation")])
        describe(self.plot, accuracy_text(*self._shown))

    def set_history(self, epochs: np.ndarray, train_acc: np.ndarray, val_acc: np.ndarray,
                    validations: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """Show accuracies (fractions 0..1) so far; all-NaN ``val_acc`` hides the validation curve.
        ``validations`` (x on the epoch axis, accuracy): the validation curve also through the
        validations within epochs."""
        epochs, val_acc = as_float_array(epochs), as_float_array(val_acc)
        self._shown = (epochs, as_float_array(train_acc), val_acc)  # told at the epochs' ends
        describe(self.plot, accuracy_text(*self._shown))
        val_x = epochs
        if validations is not None:
            val_x, val_acc = as_float_array(validations[0]), as_float_array(validations[1])
        self.x_end.set_end(_last(epochs, val_x))
        self.train_curve.setData(*finite_points(epochs, as_float_array(train_acc)))
        self.val_curve.setData(*finite_points(val_x, val_acc))
        set_marks(self.val_marks, *finite_points(val_x, val_acc))
        self.val_curve.setVisible(bool(np.isfinite(val_acc).any()))
        self.val_marks.setVisible(self.val_curve.isVisible())

    def clear_history(self) -> None:
        """Empty both curves."""
        self.set_history(np.zeros(0), np.zeros(0), np.zeros(0))

    def set_cursor(self, epoch: float | None) -> None:
        """Show the replay's epoch as a vertical line (None hides it)."""
        self.cursor.set_epoch(epoch)


class _RateAxis(pg.AxisItem):
    """Log-axis ticks written as plain numbers (0.01, 0.001, 1e-05), without an SI "(x0.001)" scale."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        # Label 1, 2 and 5 times a power of ten only: every minor tick labelled would overlap.
        labels = []
        for value in values:
            number = 10.0**value
            mantissa = round(number / 10.0 ** np.floor(np.log10(number)), 6)
            labels.append(f"{number:.3g}" if mantissa in (1.0, 2.0, 5.0) else "")
        return labels


class LearningRateView(FollowsLanguage, QWidget):
    """The learning rate used in each epoch, drawn as steps so schedule drops line up with the loss."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lrPlot")
        self.plot, self.legend = labelled_plot("lrPlotWidget", axis_items={"left": _RateAxis("left")})
        _fast_plot(self.plot)
        # On a log axis each ×0.1 StepLR drop is the same height, whatever the starting rate.
        self.plot.setLogMode(y=True)
        self.x_end = GrowingXRange(self.plot)
        self.curve = thick_curve(self.plot, LR_COLOUR)
        self.legend.addItem(self.curve, "")
        self.cursor = ReplayCursor(self.plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.clear_history()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Learning-rate curve"))
        set_plot_texts(self.plot, self.tr("Learning rate"), self.tr("epoch"), self.tr("learning rate"))
        set_legend_texts(self.legend, [self.tr("learning rate")])
        describe(self.plot, learning_rate_text(self.epochs, self.lr))

    def set_history(self, epochs: np.ndarray, lr: np.ndarray) -> None:
        """Show the rate of each epoch e as a flat step over (e − 1, e], where its losses were made."""
        self.epochs, self.lr = finite_points(as_float_array(epochs), as_float_array(lr), positive=True)
        x = np.column_stack([self.epochs - 1.0, self.epochs]).ravel()
        self.x_end.set_end(_last(self.epochs))
        self.curve.setData(x, np.repeat(self.lr, 2))
        describe(self.plot, learning_rate_text(self.epochs, self.lr))
        if len(self.lr):
            # At least a decade of range, so a constant rate does not zoom into minor ticks.
            low, high = np.log10(self.lr.min()), np.log10(self.lr.max())
            middle, half = (low + high) / 2, max((high - low) / 2 + 0.15, 0.5)
            self.plot.setYRange(middle - half, middle + half, padding=0)

    def clear_history(self) -> None:
        """Empty the curve."""
        self.set_history(np.zeros(0), np.zeros(0))

    def set_cursor(self, epoch: float | None) -> None:
        """Show the replay's epoch as a vertical line (None hides it)."""
        self.cursor.set_epoch(epoch)
