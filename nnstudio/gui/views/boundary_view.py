"""The decision boundary: the model's class probabilities over the plane, with the data on top."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nnstudio.core.viz.contour import contour_segments
from nnstudio.gui.flow_layout import FlowLayout
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.describe import boundary_text, describe
from nnstudio.gui.views.palette import (
    class_brushes,
    class_colour,
    class_pens,
    class_rgb,
    edge_colour,
    plot_theme,
    towards_background,
)
from nnstudio.gui.views.plotting import (
    LEGEND_MARGIN,
    as_float_array,
    fit_legend_columns,
    labelled_plot,
    legend_below,
    set_legend_texts,
    set_plot_texts,
)

# Shading is kept pale so the saturated class colours of the points stay visible on top of it.
MAX_SHADE = 0.6  # how far toward the full class colour a fully confident cell goes
POINT_OUTLINE = pg.mkPen("k", width=0.8)
RANGE_SETTLE_MS = 120  # a resize, pan or zoom is reported once it has paused this long


def binary_colour_map() -> pg.ColorMap:
    """Diverging map for P(class 1): pale blue (class 0) ↔ the background (white) at 0.5 ↔ pale
    orange (class 1); on a dark plot, deep blue ↔ the dark background ↔ deep orange."""
    low, high = class_rgb(2)
    pale_low = towards_background(low, 1 - MAX_SHADE)
    pale_high = towards_background(high, 1 - MAX_SHADE)
    colours = np.array([pale_low, towards_background(low, 1.0), pale_high]) * 255
    return pg.ColorMap([0.0, 0.5, 1.0], colours.astype(np.ubyte))


def class_shading(probabilities: np.ndarray) -> np.ndarray:
    """RGB (rows, columns, 3) in 0..1: each cell in its predicted class colour, paler when unsure.

    A cell whose largest probability is 1/k (no idea) is the background (white); at 1 it gets
    the full shade.
    """
    k = probabilities.shape[-1]
    finite = np.isfinite(probabilities).all(axis=-1)
    safe = np.where(finite[..., None], probabilities, 1.0 / k)
    predicted = safe.argmax(axis=-1)
    confidence = np.clip((safe.max(axis=-1) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    return towards_background(class_rgb(k)[predicted], 1.0 - MAX_SHADE * confidence)


class BoundaryView(FollowsLanguage, QWidget):
    """Class probabilities of a 2D classifier as an image on data coordinates, plus the points.

    ``planeClicked(x1, x2, button)`` reports clicks on the plane in data coordinates (painting).
    While teaching (see :meth:`set_teaching`) clicks instead ask for a training point:
    ``teachClicked(x1, x2, label)``, label -1 meaning "remove the nearest training point".

    Once fitted to the data (:meth:`show_plane`), ``planeShown(((x_low, x_high), (y_low, y_high)))``
    reports the part of the plane in view whenever it changes (resize, pan, zoom; shortly after,
    not on every pixel), so that a coarser grid (:meth:`set_outer_grid`) can shade all of it
    around the data's fine one.
    """

    planeClicked = Signal(float, float, int)
    teachClicked = Signal(float, float, int)
    planeShown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boundaryView")
        self.plot, _ = labelled_plot("boundaryPlotWidget", legend=False)
        self.plot.showGrid(x=False, y=False)  # grid lines would be drawn over the shading
        self.plot.setAspectLocked(True)  # one unit of x1 is one unit of x2: circles stay round
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.legend = legend_below(self.plot)
        # Row-major on this item only: probabilities[r, c] is drawn at column c (x), row r (y).
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.image_item.setZValue(-10)
        self.plot.addItem(self.image_item)
        self.outer_item = pg.ImageItem(axisOrder="row-major")  # the plane in view around the data
        self.outer_item.setZValue(-11)
        self.plot.addItem(self.outer_item)
        self._segments: tuple[np.ndarray, np.ndarray] | None = None
        self._outer_segments: tuple[np.ndarray, np.ndarray] | None = None
        # The 0.5 contour as loose segments in data coordinates (see core.viz.contour: pyqtgraph's
        # IsocurveItem traces it in Python on the GUI thread, too slow at 30 updates a second).
        self.isocurve = pg.PlotCurveItem(pen=pg.mkPen("k", width=2), connect="pairs")
        self.isocurve.setZValue(-5)
        self.plot.addItem(self.isocurve)
        self.colour_bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=binary_colour_map(),
                                          label="", interactive=False, width=15)
        self._map_theme = plot_theme()
        self.colour_bar.setImageItem([self.image_item, self.outer_item], insert_in=self.plot.getPlotItem())
        self.colour_bar.hide()
        self.train_points = pg.ScatterPlotItem(size=8, pen=POINT_OUTLINE, brush="#777777", symbol="o")
        self.val_points = pg.ScatterPlotItem(size=9, pen=pg.mkPen("#777777", width=2), brush=None, symbol="o")
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.val_points)
        self.legend.addItem(self.train_points, "")
        self.legend.addItem(self.val_points, "")
        self._legend_samples: list[pg.ScatterPlotItem] = []
        self._image: np.ndarray | None = None
        self._shares: np.ndarray | None = None  # the share of the data's square each class takes
        self._point_counts = (0, 0)
        self._rect: tuple[float, float, float, float] | None = None
        self._fitted = False  # the view range was set by show_plane: grids follow it, not the other way
        self._range_timer = QTimer(self, singleShot=True, interval=RANGE_SETTLE_MS)
        self._range_timer.timeout.connect(self._report_range)
        self.plot.getPlotItem().getViewBox().sigRangeChanged.connect(
            lambda *_: self._fitted and self._range_timer.start())

        self.show_points_check = QCheckBox(objectName="showPointsCheck", checked=True)
        self.show_points_check.toggled.connect(self.set_points_visible)
        self.dropout_check = QCheckBox(objectName="dropoutModeCheck")
        self.dropout_check.setEnabled(False)
        self._build_teach_controls()
        teach = QWidget(sizePolicy=QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred))
        teach_row = QHBoxLayout(teach)
        teach_row.setContentsMargins(0, 0, 0, 0)
        teach_row.addStretch(1)  # at the right end
        teach_row.addWidget(self.teach_label)
        teach_row.addWidget(self.teach_class_combo)
        controls = FlowLayout()  # on two lines when narrow (large text), not a wider window
        controls.addWidget(self.show_points_check)
        controls.addWidget(self.dropout_check)
        controls.addWidget(teach)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.plot, stretch=1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Decision boundary"))
        set_plot_texts(self.plot, self.tr("Decision boundary"), "x1", "x2")
        self.colour_bar.getAxis("left").setLabel(self.tr("P(class 1)"))
        set_legend_texts(self.legend, [self.tr("train"), self.tr("validation"),
                                       *(self.tr("class {k}").format(k=k) for k in range(len(self._legend_samples)))])
        fit_legend_columns(self.legend, self.plot.width() - LEGEND_MARGIN)
        self.show_points_check.setText(self.tr("Show points"))
        self.show_points_check.setAccessibleName(self.tr("Show data points"))
        self.show_points_check.setToolTip(self.tr("Hide the points to see the model's shading underneath"))
        self.dropout_check.setText(self.tr("Dropout on (train mode)"))
        self.dropout_check.setAccessibleName(self.tr("Draw with dropout on"))
        self.dropout_check.setToolTip(
            self.tr("Draw the model as it trains, with neurons randomly dropped (model.train()); "
                    "off, it is drawn as it predicts, with every neuron (model.eval())")
            if self.dropout_check.isEnabled() else self.tr("This model has no dropout layer"))
        self._retranslate_teach_controls()
        self._describe()

    def _describe(self) -> None:
        rect = self._rect
        bounds = ((rect[0], rect[0] + rect[2]), (rect[1], rect[1] + rect[3])) if rect is not None else None
        describe(self.plot, boundary_text(None if bounds is None else self._shares, bounds, *self._point_counts))

    def set_dropout_available(self, available: bool) -> None:
        """Enable the dropout switch only for a model with a dropout layer (its tooltip says why not)."""
        self.dropout_check.setEnabled(available)
        if not available:
            self.dropout_check.setChecked(False)
        self.retranslate()

    def _build_teach_controls(self) -> None:
        self.teaching = False
        self.teach_label = QLabel(objectName="teachLabel")
        self.teach_class_combo = QComboBox(objectName="teachClassCombo")
        for widget in (self.teach_label, self.teach_class_combo):
            widget.hide()
        # The row is as tall as with them shown: starting to train must not move the plane.
        self.show_points_check.setMinimumHeight(self.teach_class_combo.sizeHint().height())
        self._set_teach_classes(2)

    def _retranslate_teach_controls(self) -> None:
        self.teach_label.setText(self.tr("Click adds:"))
        self.teach_class_combo.setAccessibleName(self.tr("Class a click adds"))
        tip = self.tr("Click to teach, while training: a click on the plane adds a training point of "
                      "this class, a right click one of the other class; Shift+click removes the "
                      "nearest training point. The validation points never change.")
        for widget in (self.teach_label, self.teach_class_combo):
            widget.setToolTip(tip)
        for k in range(self.teach_class_combo.count()):
            self.teach_class_combo.setItemText(k, self.tr("class {0}").format(k))

    def _set_teach_classes(self, n_classes: int) -> None:
        if self.teach_class_combo.count() == n_classes:
            return
        chosen = max(self.teach_class_combo.currentIndex(), 0)
        self.teach_class_combo.clear()
        for k in range(n_classes):
            self.teach_class_combo.addItem(self.tr("class {0}").format(k), k)
        self.teach_class_combo.setCurrentIndex(min(chosen, n_classes - 1))

    def set_teaching(self, on: bool) -> None:
        """Clicks add or remove training points (while training) instead of painting. The
        plot's right-click menu is off meanwhile: a right click adds a point."""
        self.teaching = on
        self.teach_label.setVisible(on)
        self.teach_class_combo.setVisible(on)
        self.plot.getPlotItem().setMenuEnabled(not on)

    def teach_label_for(self, button: int, modifiers: Qt.KeyboardModifier) -> int:
        """The class a click adds (-1: remove the nearest point)."""
        if modifiers & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
            return -1
        chosen, n_classes = self.teach_class_combo.currentIndex(), self.teach_class_combo.count()
        if button == Qt.MouseButton.RightButton.value:
            return (chosen + 1) % n_classes
        return chosen

    def set_points(self, train_x: np.ndarray, train_y: np.ndarray, val_x: np.ndarray, val_y: np.ndarray,
                   n_classes: int) -> None:
        """Draw train points (filled) and validation points (hollow), coloured by class."""
        for item, x, y in ((self.train_points, train_x, train_y), (self.val_points, val_x, val_y)):
            x = np.asarray(x, dtype=float).reshape(-1, 2)
            labels = np.asarray(y).reshape(-1).astype(int)
            if item is self.train_points:
                item.setData(x[:, 0], x[:, 1], brush=class_brushes(labels))
            else:
                item.setData(x[:, 0], x[:, 1], pen=class_pens(labels), brush=None)
        self._set_class_legend(int(n_classes))
        self._set_teach_classes(max(int(n_classes), 2))
        self._point_counts = (len(np.asarray(train_y).reshape(-1)), len(np.asarray(val_y).reshape(-1)))
        self._describe()

    def _set_class_legend(self, n_classes: int) -> None:
        """One legend row per class colour; rebuilt only when the number of classes changes."""
        if len(self._legend_samples) == n_classes:
            return
        for sample in self._legend_samples:
            self.legend.removeItem(sample)
        self._legend_samples = [
            pg.ScatterPlotItem(symbol="s", size=10, pen=pg.mkPen(edge_colour(class_colour(k)), width=1.5),
                               brush=class_colour(k)) for k in range(n_classes)
        ]
        for k, sample in enumerate(self._legend_samples):
            self.legend.addItem(sample, self.tr("class {k}").format(k=k))
        fit_legend_columns(self.legend, self.plot.width() - LEGEND_MARGIN)

    def set_points_visible(self, visible: bool) -> None:
        """Show or hide both point sets (the checkbox follows)."""
        self.show_points_check.setChecked(visible)
        self.train_points.setVisible(visible)
        self.val_points.setVisible(visible)

    def set_grid(self, x: np.ndarray, y: np.ndarray, probabilities: np.ndarray) -> None:
        """Shade the plane: ``probabilities[r, c]`` (k classes) belongs to the point (x[c], y[r])."""
        if self._map_theme != plot_theme():  # the theme changed: white at 0.5 became dark, or back
            self._map_theme = plot_theme()
            self.colour_bar.setColorMap(binary_colour_map())
        x, y, image, binary = _grid_image(x, y, probabilities)
        self._shares = class_shares(probabilities)
        self.image_item.setImage(image, autoLevels=False, levels=(0.0, 1.0))
        # A NaN cell stays transparent in the image and draws no contour.
        self._segments = contour_segments(x, y, image, 0.5) if binary else None
        if binary != self.colour_bar.isVisible():
            self.colour_bar.setVisible(binary)
            if binary:  # its title's room was measured while hidden (none): measured again
                self.colour_bar.getAxis("left").showLabel(True)
        self._image = image
        rect = _cell_rect(x, y)
        if rect != self._rect:
            self.image_item.setRect(*rect)
            self._rect = rect
            if not self._fitted:
                # Fit the view to the plane once, then hold it: re-fitting the range on every new
                # image repaints the axes three times per update while training.
                view_box = self.plot.getPlotItem().getViewBox()
                view_box.setRange(xRange=(rect[0], rect[0] + rect[2]), yRange=(rect[1], rect[1] + rect[3]),
                                  padding=0.02)
                view_box.disableAutoRange()
        self._draw_contour()
        self._describe()

    def set_outer_grid(self, x: np.ndarray, y: np.ndarray, probabilities: np.ndarray) -> None:
        """Shade the rest of the plane in view, under the data's grid (coarser, as
        :meth:`set_grid`): how the model extrapolates away from its data."""
        x, y, image, binary = _grid_image(x, y, probabilities)
        self.outer_item.setImage(image, autoLevels=False, levels=(0.0, 1.0))
        self.outer_item.setRect(*_cell_rect(x, y))
        self._outer_segments = contour_segments(x, y, image, 0.5) if binary else None
        self._draw_contour()

    def set_outer_visible(self, visible: bool) -> None:
        """Show or hide the shading around the data (a replay frame has only the data's grid)."""
        self.outer_item.setVisible(visible)
        self._draw_contour()

    def _draw_contour(self) -> None:
        """The 0.5 contour: the data grid's, and the outer grid's where the data grid is not."""
        parts = [self._segments] if self._segments is not None else []
        if self._outer_segments is not None and self.outer_item.isVisible() and self._rect is not None:
            xs, ys = self._outer_segments
            left, bottom, width, height = self._rect
            inside = (xs >= left) & (xs <= left + width) & (ys >= bottom) & (ys <= bottom + height)
            keep = ~(inside[0::2] & inside[1::2])  # drop a segment with both ends on the data grid
            keep = np.repeat(keep, 2)
            parts.append((xs[keep], ys[keep]))
        if parts:
            self.isocurve.setData(np.concatenate([xs for xs, _ in parts]),
                                  np.concatenate([ys for _, ys in parts]), connect="pairs")
        else:
            self.isocurve.clear()

    def _on_scene_clicked(self, event) -> None:
        view_box = self.plot.getPlotItem().getViewBox()
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view_box.mapSceneToView(event.scenePos())
        button = int(event.button().value)
        if self.teaching:
            self.teachClicked.emit(point.x(), point.y(), self.teach_label_for(button, event.modifiers()))
        else:
            self.planeClicked.emit(point.x(), point.y(), button)

    def show_plane(self, bounds, padding: float = 0.0) -> None:
        """Show this part of the plane (the data's, or an empty canvas to paint on) and hold it;
        ``planeShown`` then reports what is in view (more than ``bounds`` along one axis when the
        view's shape differs: one unit of x1 stays one unit of x2)."""
        (x_low, x_high), (y_low, y_high) = bounds
        view_box = self.plot.getPlotItem().getViewBox()
        view_box.setRange(xRange=(x_low, x_high), yRange=(y_low, y_high), padding=padding)
        view_box.disableAutoRange()
        self._fitted = True
        self._range_timer.start()  # report it even if the range did not change (same data again)

    def shown_plane(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The part of the plane in view: ((x_low, x_high), (y_low, y_high))."""
        (x_low, x_high), (y_low, y_high) = self.plot.getPlotItem().getViewBox().viewRange()
        return (float(x_low), float(x_high)), (float(y_low), float(y_high))

    def _report_range(self) -> None:
        bounds = self.shown_plane()
        sizes = [high - low for low, high in bounds]
        if self._fitted and all(np.isfinite(size) and size > 0 for size in sizes):
            self.planeShown.emit(bounds)

    def image_array(self) -> np.ndarray | None:
        """The image last drawn: P(class 1) (rows, columns) or RGB (rows, columns, 3); None if clear."""
        return self._image

    def clear(self) -> None:
        """Remove the shading and the contour (the points stay)."""
        self._image = None
        self._shares = None
        self._rect = None
        self._segments = self._outer_segments = None
        self._fitted = False
        self._range_timer.stop()
        self.plot.getPlotItem().getViewBox().enableAutoRange()
        self.image_item.clear()
        self.outer_item.clear()
        self.isocurve.clear()
        self.colour_bar.hide()
        self._describe()


def class_shares(probabilities: np.ndarray) -> np.ndarray:
    """The share of the grid's cells (with finite probabilities) predicted as each class."""
    probabilities = np.asarray(probabilities, dtype=float)
    finite = np.isfinite(probabilities).all(axis=-1)
    predicted = probabilities[finite].argmax(axis=-1)
    counts = np.bincount(predicted, minlength=probabilities.shape[-1])
    return counts / max(int(finite.sum()), 1)


def _grid_image(x, y, probabilities) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """(x, y, image, binary) ascending in x and y: P(class 1) for two classes, else the classes'
    colours shaded by confidence (RGB)."""
    x, y = as_float_array(x), as_float_array(y)
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 3 or probabilities.shape[:2] != (len(y), len(x)) or probabilities.shape[2] < 2:
        raise ValueError(f"probabilities must be (rows={len(y)}, columns={len(x)}, k >= 2), "
                         f"got {probabilities.shape}")
    if len(x) > 1 and x[0] > x[-1]:
        x, probabilities = x[::-1], probabilities[:, ::-1]
    if len(y) > 1 and y[0] > y[-1]:
        y, probabilities = y[::-1], probabilities[::-1]
    if probabilities.shape[-1] == 2:
        return x, y, probabilities[..., 1].copy(), True
    return x, y, class_shading(probabilities), False


def _cell_rect(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """(left, bottom, width, height) so that each grid point sits at the centre of its pixel."""
    dx = (x[-1] - x[0]) / (len(x) - 1) if len(x) > 1 else 1.0
    dy = (y[-1] - y[0]) / (len(y) - 1) if len(y) > 1 else 1.0
    return x[0] - dx / 2, y[0] - dy / 2, dx * len(x), dy * len(y)

