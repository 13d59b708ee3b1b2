"""The centre of the window: the message strip, the main picture (decision boundary, fitted curve,
or sample predictions and confusion matrix for images) and the column of curves (loss, accuracy,
learning rate). Every view draws what the session announces; nothing here trains or decides."""

from __future__ import annotations

import time
import numpy as np
import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLayout, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from nnstudio.core.data.painted import PLANE
from nnstudio.core.models.builder import hidden_layers
from nnstudio.core.train.teaching import PointEdit
from nnstudio.gui.message_bar import MessageBar
from nnstudio.gui.picture_layout import PictureLayout
from nnstudio.gui.views import (
    AccuracyView,
    BoundaryView,
    ConfusionView,
    LearningRateView,
    LossView,
    RegressionView,
    SampleBrowser,
    confusion_matrix,
)
from nnstudio.session.follow import FolderNews, FollowedRun
from nnstudio.session.history import EPOCH_POINTS_DRAWN, peak_rows, step_rows
from nnstudio.session.protocol import (
    BoundaryGrid,
    FitCurve,
    ImagePredictions,
    OuterGrid,
    RunInfo,
    TrainPoints,
    Update,
)
from nnstudio.session.state import IDLE, PAUSED, AppSession

CURVE_HZ = 5  # curve redraws per second while training
LOSS_CURVES, ACCURACY_CURVES, LR_CURVE = range(3)  # the charts of curves, redrawn in turn
STEP_POINTS_DRAWN = 8000  # per-step losses beyond this are drawn as a min/max envelope
CURVE_MIN_HEIGHT = 150  # pixels: a chart of curves stays readable
CURVE_PLOT_MIN_HEIGHT = 60  # ... and its plot, inside its title, axes, legend (and the loss's controls)
CURVES_MIN_EMS = 26  # the column of curves keeps this many average characters of width
CURVES_MIN_SHARE = 0.34  # ... and this share of the row (a four-entry legend in two columns)


class LiveViews(QObject):
    """Builds the central widget and keeps its views in step with ``session``."""

    statusMessage = Signal(str, int)  # a passing note for the status bar (text, milliseconds)

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.holding = lambda: False  # True while the replay shows a past epoch (set by the window)
        self.message_bar = MessageBar()
        self.loss_view = LossView()
        self.accuracy_view = AccuracyView()
        self.lr_view = LearningRateView()
        self.boundary_view = BoundaryView()
        self.regression_view = RegressionView()
        self.no_plane_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.sample_browser = SampleBrowser()
        self.confusion_view = ConfusionView()
        self.confusion_view.cellClicked.connect(
            lambda true, predicted: self.sample_browser.set_filter(true_class=true, predicted_class=predicted))
        self.image_views = QSplitter(Qt.Orientation.Vertical, objectName="imageViews")
        self.image_views.addWidget(self.sample_browser)
        self.image_views.addWidget(self.confusion_view)
        self.main_view = _CurrentPageStack(objectName="mainViewStack")
        for view in (self.boundary_view, self.regression_view, self.image_views, self.no_plane_label):
            self.main_view.addWidget(view)
        self.curves = QSplitter(Qt.Orientation.Vertical, objectName="curveSplitter")
        self.curves.setChildrenCollapsible(False)
        for view in (self.loss_view, self.accuracy_view, self.lr_view):
            self.curves.addWidget(view)
            view.setMinimumHeight(CURVE_MIN_HEIGHT)
        self.curves.setSizes([400, 300, 300])
        self.chart_stack = _ChartStack(self.curves, self.loss_view, self.accuracy_view, self.lr_view)
        # The picture as large a square as fits, the curves beside it (see picture_layout.py).
        self.picture_row = QWidget(objectName="pictureRow")
        self._plane_margins: dict[QWidget, tuple[int, int]] = {}
        PictureLayout(self.main_view, self.curves, self._picture_width, self._curves_minimum, self.picture_row,
                      picture_height=self._picture_height)
        self.main_view.currentChanged.connect(lambda _index: self.picture_row.layout().invalidate())
        for view in (self.boundary_view, self.regression_view):
            view.plot.getPlotItem().getViewBox().sigResized.connect(lambda _box, view=view: self._on_plane_resized(view))
        self.widget = QWidget()
        self.layout = QVBoxLayout(self.widget)
        self.layout.setContentsMargins(4, 4, 4, 4)
        self.layout.addWidget(self.message_bar)
        self.layout.addWidget(self.picture_row, stretch=1)
        self._stale_curves: set[int] = set()
        self._last_chart = -1
        self._curves_drawn_at = 0.0
        self._connect()

    # --- the picture's square ---
    def _picture_width(self, width: int, height: int) -> int:
        """How wide the main picture wants to be in a row of ``width`` × ``height``: the plane
        (or the fit's plot) square; images a little wider than tall; a note, a third."""
        current = self.main_view.currentWidget()
        if current in (self.boundary_view, self.regression_view):
            extra_width, extra_height = self._plane_margins.get(current, (110, 150))
            return height - extra_height + extra_width
        if current is self.image_views:
            return int(height * 1.2)
        return width // 3

    def _picture_height(self, width: int) -> int | None:
        """How tall the main picture wants to be at ``width``: the plane square (None: as tall
        as the row)."""
        current = self.main_view.currentWidget()
        if current in (self.boundary_view, self.regression_view):
            extra_width, extra_height = self._plane_margins.get(current, (110, 150))
            return width - extra_width + extra_height
        return None

    def _curves_minimum(self, row_width: int) -> int:
        """The curves' least width: enough characters for their controls, and a share of the
        row (their text grows with zoom and presentation, their widgets' font does not)."""
        return max(self.curves.fontMetrics().averageCharWidth() * CURVES_MIN_EMS, int(row_width * CURVES_MIN_SHARE))

    def _on_plane_resized(self, view: QWidget) -> None:
        """Keep what the view takes around its plane (title, axes, legend, colour bar): the row
        is laid out again when it changed, so the plane stays square."""
        box = view.plot.getPlotItem().getViewBox()
        if not view.isVisible() or box.width() < 10 or box.height() < 10:
            return
        margins = (round(view.width() - box.width()), round(view.height() - box.height()))
        old = self._plane_margins.get(view)
        self._plane_margins[view] = margins
        if old is None or max(abs(a - b) for a, b in zip(old, margins)) > 2:
            self.picture_row.layout().invalidate()

    def _connect(self) -> None:
        session, boundary = self.session, self.boundary_view
        boundary.teachClicked.connect(self._on_teach_clicked)
        boundary.planeShown.connect(session.set_plane_bounds)
        boundary.dropout_check.toggled.connect(lambda on: self._on_dropout_mode(on))
        session.prepared.connect(self._on_prepared)
        session.updated.connect(self._on_update)
        session.part(BoundaryGrid).connect(lambda grid: self.holding() or boundary.set_grid(*grid.as_tuple()))
        session.part(OuterGrid).connect(lambda grid: boundary.set_outer_grid(*grid.as_tuple()))
        session.part(FitCurve).connect(lambda curve: self.holding() or self.regression_view.set_curve(curve.x, curve.y))
        session.part(TrainPoints).connect(self._on_train_points)
        session.part(ImagePredictions).connect(self._on_predictions)
        session.step_ended.connect(self.draw_curves)
        session.run_finished.connect(lambda _result: self.draw_curves())
        session.status_changed.connect(self._on_status)
        session.canvas_requested.connect(self.show_empty_canvas)
        session.following_changed.connect(self._on_following_changed)
        session.followed.connect(self._on_followed)

    # --- session events ---
    def _clear_curves(self) -> None:
        for view in (self.loss_view, self.accuracy_view, self.lr_view):
            view.clear_history()
        self.loss_view.mark_best(None)

    def _on_prepared(self, info: RunInfo) -> None:
        self._clear_curves()
        classify = info.task != "regression"
        self.accuracy_view.setVisible(classify)
        kind = info.kind
        if kind == "points":
            self.boundary_view.clear()
            self.boundary_view.set_points(info.train_x, info.train_y, info.val_x, info.val_y, info.n_classes)
            self.boundary_view.show_plane(info.bounds, padding=0.02)
            self.main_view.setCurrentWidget(self.boundary_view)
        elif kind == "curve":
            self.regression_view.clear_curve()
            self.regression_view.set_points(info.train_x[:, 0], info.train_y[:, 0], info.val_x[:, 0], info.val_y[:, 0])
            self.main_view.setCurrentWidget(self.regression_view)
        elif kind == "images":
            self.sample_browser.set_samples(info.val_x, info.val_y, info.class_names)
            self.confusion_view.clear()
            self.main_view.setCurrentWidget(self.image_views)
        else:
            self.main_view.setCurrentWidget(self.no_plane_label)
        model = info.model
        layers = hidden_layers(model.config.model, model.input_shape, model.task) if model is not None else []
        self.boundary_view.set_dropout_available(any(spec.type == "dropout" for spec in layers))
        self.retranslate()

    def _on_update(self, update: Update) -> None:
        if update.new_epochs:
            self._stale_curves = {LOSS_CURVES, ACCURACY_CURVES, LR_CURVE}
        # The boundary follows every update; each chart of curves redraws at most CURVE_HZ times
        # a second (and all of them at the end of a run or step), one chart per update: redrawing
        # long histories at 30 Hz starves training of the GIL, and three charts in one go make
        # one long stall of the event loop instead of three short ones.
        if self._stale_curves and time.monotonic() - self._curves_drawn_at >= 1 / (3 * CURVE_HZ):
            self._draw_next_curves()

    def _on_following_changed(self, run: FollowedRun | None) -> None:
        if run is not None:  # another run's curves: nothing of ours stays
            self._clear_curves()

    def _on_followed(self, news: FolderNews) -> None:
        """A run folder followed (session.follow): its new epochs, drawn at once."""
        if news.restarted:
            self._clear_curves()
        self.accuracy_view.setVisible(self._shows_accuracy())
        self.draw_curves()

    def _shows_accuracy(self) -> bool:
        if self.session.following is not None:  # a run of unknown task: it has accuracies or not
            return bool(np.isfinite(self.session.history.train_acc).any())
        info = self.session.run_info
        return info is not None and info.task != "regression"

    def _on_train_points(self, points: TrainPoints) -> None:
        info = self.session.run_info
        if info is None:
            return
        info.train_x, info.train_y = points.x, points.y
        info.sizes = {**info.sizes, "train": len(points.y)}
        self.boundary_view.set_points(info.train_x, info.train_y, info.val_x, info.val_y, info.n_classes)

    def _on_predictions(self, predictions: ImagePredictions) -> None:
        info = self.session.run_info
        if info is None:
            return
        self.sample_browser.set_predictions(predictions.predicted, predictions.confidence)
        labels = info.val_y[: len(predictions.predicted)]
        self.confusion_view.set_matrix(confusion_matrix(labels, predictions.predicted, info.n_classes),
                                       info.class_names)

    def _on_status(self, status: str) -> None:
        self.boundary_view.set_teaching(status != IDLE and self.main_view.currentWidget() is self.boundary_view)

    def _on_teach_clicked(self, x: float, y: float, label: int) -> None:
        """Click to teach: the trainer adds (or removes) the point before its next epoch."""
        if self.session.status == IDLE:
            return
        self.session.teach(PointEdit(x, y, None if label < 0 else label))
        if self.session.status == PAUSED:
            self.statusMessage.emit(self.tr("The point is used when training resumes"), 3000)

    def _on_dropout_mode(self, on: bool) -> None:
        self.session.show(dropout_on=on)
        if self.session.status == IDLE:
            self.session.refresh()

    def show_empty_canvas(self, points: np.ndarray) -> None:
        """A plane to paint on before there is enough data to train."""
        empty = np.zeros((0, 2), np.float32)
        self.boundary_view.clear()
        self.boundary_view.set_points(points[:, :2], points[:, 2].astype(int), empty, np.zeros(0, int), 2)
        self.boundary_view.show_plane(PLANE)
        self.main_view.setCurrentWidget(self.boundary_view)
        self.message_bar.show_info(self.tr("Click on the plane to paint points; pick the class in the Dataset panel."))

    def retranslate(self) -> None:
        """The texts this object sets itself (the views retranslate on their own)."""
        info = self.session.run_info
        if info is None:
            return
        features = int(np.prod(info.train_x.shape[1:]))
        self.no_plane_label.setText(
            self.tr("Image data: see the curves on the right.") if info.train_x.ndim > 2 else
            self.tr("This data has {count} features. The fit curve needs 1 and the decision boundary 2: "
                    "choose them in the CSV import to see the data drawn.").format(count=features))

    # --- curves ---
    def draw_curves(self) -> None:
        """Redraw the loss, accuracy and learning-rate curves from the history. Long runs are
        thinned for drawing: each stretch's highs and lows, the best and the last epoch stay."""
        for chart in (LOSS_CURVES, ACCURACY_CURVES, LR_CURVE):
            self._draw_chart(chart)
        self._curves_drawn_at = time.monotonic()

    def _draw_next_curves(self) -> None:
        """Redraw the next stale chart of curves, in turn."""
        for offset in range(3):
            chart = (self._last_chart + 1 + offset) % 3
            if chart in self._stale_curves:
                self._draw_chart(chart)
                self._last_chart = chart
                break
        self._curves_drawn_at = time.monotonic()

    def _draw_chart(self, chart: int) -> None:
        h, session = self.session.history, self.session
        if chart == LOSS_CURVES:
            best_epoch = session.best_epoch
            step_x, step_loss = envelope(h.step_x, h.step_loss, STEP_POINTS_DRAWN)
            best = np.flatnonzero(h.epochs == best_epoch) if best_epoch is not None else ()
            rows = peak_rows([h.train_loss, h.val_loss], EPOCH_POINTS_DRAWN, keep=best)
            self.loss_view.set_history(h.epochs[rows], h.train_loss[rows], h.val_loss[rows], step_x, step_loss,
                                       validations=self._validations(h, 1))
            self.loss_view.mark_best(best_epoch)
        elif chart == ACCURACY_CURVES:
            if self._shows_accuracy():
                rows = peak_rows([h.train_acc, h.val_acc], EPOCH_POINTS_DRAWN)
                self.accuracy_view.set_history(h.epochs[rows], h.train_acc[rows], h.val_acc[rows],
                                               validations=self._validations(h, 2))
        else:
            rows = step_rows(h.lr, EPOCH_POINTS_DRAWN)
            self.lr_view.set_history(h.epochs[rows], h.lr[rows])
        self._stale_curves.discard(chart)

    @staticmethod
    def _validations(history, column: int):
        """The validation curve through the validations within epochs (x, loss or accuracy), or
        None when the run validates only at the end of each epoch."""
        if not history.validated_within_epochs:
            return None
        series = history.validations
        rows = peak_rows([series[column]], EPOCH_POINTS_DRAWN)
        return series[0][rows], series[column][rows]


def envelope(x: np.ndarray, y: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``limit`` points that keep the look of a long noisy curve: the min and max of
    each bucket of consecutive points, and the last point. The history itself keeps every value."""
    n = len(x)
    if n <= limit:
        return x, y
    starts = np.arange(0, n, -(-n // ((limit - 1) // 2)))
    x_out = np.repeat(x[starts], 2)
    y_out = np.column_stack([np.minimum.reduceat(y, starts), np.maximum.reduceat(y, starts)]).ravel()
    return np.append(x_out, x[-1]), np.append(y_out, y[-1])



class _ChartStack(QObject):
    """The column of charts, short of height on a small screen: the x axis ("epoch", the same
    on every chart) named under the lowest chart shown only; the accuracy's legend left to the
    loss chart's above it (the same lines: train, validation with triangles); and the column's
    height shared so that every chart's plot gets the same height (the loss chart's legend takes
    more of it than the others' axes). Follows the column's size, the charts being shown and
    hidden (the task, presentation), their legends growing a row (the best epoch) and the
    language (which names the axes again); heights set by dragging the splitter stay until the
    column is resized."""

    def __init__(self, splitter: QSplitter, loss_view: LossView, accuracy_view: AccuracyView,
                 lr_view: LearningRateView) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.charts = [loss_view, accuracy_view, lr_view]
        self.loss_view, self.accuracy_view = loss_view, accuracy_view
        self._pending = False
        self._sharing = False
        self._dragged = False  # the teacher set the heights: kept until the column is resized
        splitter.splitterMoved.connect(lambda _position, _index: setattr(self, "_dragged", True))
        splitter.installEventFilter(self)
        for chart in self.charts:
            chart.installEventFilter(self)
            chart.plot.getPlotItem().getViewBox().sigResized.connect(lambda _box: self._share_soon())
        self._arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        changes = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.LanguageChange)
        if watched is self.splitter:
            changes = (QEvent.Type.Resize, QEvent.Type.Show)
            if event.type() == QEvent.Type.Resize:
                self._dragged = False
        if event.type() in changes and not self._pending:
            self._pending = True  # after the chart has handled it (a language change names the axes again)
            QTimer.singleShot(0, self._arrange)
        return False

    def _arrange(self) -> None:
        self._pending = False
        if not shiboken6.isValid(self.splitter):
            return
        shown = [chart for chart in self.charts if not chart.isHidden()]
        for chart in self.charts:
            chart.plot.getAxis("bottom").showLabel(bool(shown) and chart is shown[-1])
        legend = self.accuracy_view.legend
        layout = self.accuracy_view.plot.getPlotItem().layout
        own_legend = self.loss_view.isHidden()
        placed = any(layout.itemAt(index) is legend for index in range(layout.count()))
        if own_legend and not placed:
            layout.addItem(legend, 4, 0, 1, 6, alignment=Qt.AlignmentFlag.AlignHCenter)
        elif not own_legend and placed:
            layout.removeItem(legend)
        legend.setVisible(own_legend)
        self._share_soon()

    def _share_soon(self) -> None:
        if not self._sharing:
            self._sharing = True
            QTimer.singleShot(0, self.share_height)  # once the charts have laid out their axes

    def share_height(self) -> None:
        """Heights for the charts shown that give their plots the same height (each chart at
        least CURVE_MIN_HEIGHT, each plot CURVE_PLOT_MIN_HEIGHT)."""
        self._sharing = False
        if not shiboken6.isValid(self.splitter) or self._dragged or not self.splitter.isVisible():
            return
        shown = [chart for chart in self.charts if chart.isVisible()]
        if len(shown) < 2:
            return
        total = sum(chart.height() for chart in shown)
        around = [chart.height() - chart.plot.getPlotItem().getViewBox().height() for chart in shown]
        if any(not 0 < extra < chart.height() for extra, chart in zip(around, shown)):
            return  # not laid out yet
        # Each chart at least CURVE_MIN_HEIGHT, its plot at least CURVE_PLOT_MIN_HEIGHT: a dock view
        # below never squeezes a plot to a line.
        least = [max(CURVE_MIN_HEIGHT, round(extra) + CURVE_PLOT_MIN_HEIGHT) for extra in around]
        for chart, height in zip(shown, least):
            chart.setMinimumHeight(height)
        floored: set[int] = set()  # charts held at their least height; the others share the rest
        while True:
            free = [index for index in range(len(shown)) if index not in floored]
            plot = (total - sum(least[index] for index in floored) - sum(around[index] for index in free)) / len(free)
            low = {index for index in free if around[index] + plot < least[index]}
            if not low or len(low) == len(free):
                break
            floored |= low
        heights = [least[index] if index in floored else max(least[index], round(around[index] + plot))
                   for index in range(len(shown))]
        heights[heights.index(max(heights))] += total - sum(heights)
        wanted = iter(heights)
        sizes = [next(wanted) if chart.isVisible() else 0 for chart in self.charts]
        if sizes != self.splitter.sizes():
            self.splitter.setSizes(sizes)


class _CurrentPageStack(QStackedWidget):
    """A stack as small as the page it shows (Qt's is as large as its largest page): the boundary
    needs less room than the image views, and a small screen has none to spare."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()
