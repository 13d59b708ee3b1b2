"""The main window: dataset, model and hyperparameter docks, live views, training controls."""

from __future__ import annotations

import time
from typing import Optional

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QEvent,
    QSettings,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import RunConfig, TrainConfig
from nnstudio.core.data.painted import PLANE
from nnstudio.core.errors import NNStudioError
from nnstudio.core.paths import data_home
from nnstudio.core.train import RunResult
from nnstudio.core.train.teaching import PointEdit
from nnstudio.gui.config_form import ConfigForm
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.dataset_panel import DatasetPanel
from nnstudio.gui.draw_sample import DrawSample
from nnstudio.gui.file_menu import FileMenu
from nnstudio.gui.final_evaluation import evaluate_test_set, show_test_result
from nnstudio.gui.history_buffer import EPOCH_POINTS_DRAWN, HistoryBuffer, peak_rows, step_rows
from nnstudio.gui.i18n import FollowsLanguage, LanguageMenu, install_language, saved_choice
from nnstudio.gui.kfold_panel import KFoldPanel
from nnstudio.gui.lessons_menu import LessonsMenu
from nnstudio.gui.message_bar import MessageBar
from nnstudio.gui.model_builder import ModelBuilder
from nnstudio.gui.presentation import Presentation
from nnstudio.gui.replay_bar import ReplayController
from nnstudio.gui.runs_panel import RunsPanel
from nnstudio.gui.sweep_panel import SweepPanel
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
from nnstudio.gui.views.landscape_view import LandscapeView
from nnstudio.gui.views.network_view import NetworkView
from nnstudio.gui.views.weights_view import WeightsView
from nnstudio.gui.worker import RunInfo, Snapshot, TrainingWorker

IDLE, RUNNING, PAUSED, STEPPING = "idle", "running", "paused", "stepping"
CURVE_HZ = 5  # curve redraws per second while training
LOSS_CURVES, ACCURACY_CURVES, LR_CURVE = range(3)  # the charts of curves, redrawn in turn
STEP_POINTS_DRAWN = 8000  # per-step losses beyond this are drawn as a min/max envelope
STATE_TEXT = {IDLE: QT_TRANSLATE_NOOP("MainWindow", "Ready"), RUNNING: QT_TRANSLATE_NOOP("MainWindow", "Training"),
              PAUSED: QT_TRANSLATE_NOOP("MainWindow", "Paused"),
              STEPPING: QT_TRANSLATE_NOOP("MainWindow", "Stepping one epoch")}
# Texts of the window's docks and toolbar actions by objectName, set by retranslate() at start and
# whenever the interface language changes.
DOCK_TITLES = {
    "datasetDock": QT_TRANSLATE_NOOP("MainWindow", "Dataset"),
    "modelDock": QT_TRANSLATE_NOOP("MainWindow", "Model"),
    "trainDock": QT_TRANSLATE_NOOP("MainWindow", "Hyperparameters"),
    "weightsDock": QT_TRANSLATE_NOOP("MainWindow", "Weights and gradients"),
    "landscapeDock": QT_TRANSLATE_NOOP("MainWindow", "Loss landscape"),
    "runsDock": QT_TRANSLATE_NOOP("MainWindow", "Runs"),
    "networkDock": QT_TRANSLATE_NOOP("MainWindow", "Network"),
    "sweepDock": QT_TRANSLATE_NOOP("MainWindow", "Capacity sweep"),
    "kfoldDock": QT_TRANSLATE_NOOP("MainWindow", "K-fold"),
}
ACTION_TEXTS = {  # objectName: (text, tooltip)
    "trainAction": (QT_TRANSLATE_NOOP("MainWindow", "Train"),
                    QT_TRANSLATE_NOOP("MainWindow", "Start or continue training")),
    "pauseAction": (QT_TRANSLATE_NOOP("MainWindow", "Pause"),
                    QT_TRANSLATE_NOOP("MainWindow", "Pause or resume training")),
    "stepAction": (QT_TRANSLATE_NOOP("MainWindow", "Step"), QT_TRANSLATE_NOOP("MainWindow", "Train exactly one epoch")),
    "stopAction": (QT_TRANSLATE_NOOP("MainWindow", "Stop"),
                   QT_TRANSLATE_NOOP("MainWindow", "Stop training (the model is kept)")),
    "resetAction": (QT_TRANSLATE_NOOP("MainWindow", "Reset"),
                    QT_TRANSLATE_NOOP("MainWindow", "New random weights, empty history")),
}


class PanelScroll(QScrollArea):
    """A dock's scroll area that scrolls up and down only: it asks for the width its panel needs
    (in the current language), so no form is cut off on the right behind a sideways scroll bar."""

    def __init__(self) -> None:
        super().__init__(widgetResizable=True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LayoutRequest:  # e.g. longer labels after a language switch
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        widget = self.widget()
        if widget is not None:
            frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
            hint.setWidth(max(hint.width(), widget.minimumSizeHint().width() + frame))
        return hint


class MainWindow(FollowsLanguage, QMainWindow):
    """The whole app. ``MainWindow()`` builds everything; tests and embedding use it directly."""

    _prepareRequested = Signal(object)
    _runRequested = Signal(object)
    _loadRequested = Signal(object, object)
    _refreshRequested = Signal()
    testRequested = Signal()
    stateChanged = Signal(str)
    snapshotShown = Signal()

    def __init__(self, config: Optional[RunConfig] = None) -> None:
        super().__init__()
        install_language(saved_choice(self.settings()))  # before any text is made
        self.setObjectName("mainWindow")
        self.setWindowTitle("nnstudio")
        self.resize(1400, 880)
        self.state = IDLE
        self.run_info: Optional[RunInfo] = None
        self.last_result: Optional[RunResult] = None
        self.history = HistoryBuffer()
        self._build_worker()
        self._build_docks()
        self._build_views()
        self._build_actions()
        self._build_weights_dock()
        self._build_landscape_dock()
        self._build_runs_dock()
        self._build_replay_bar()
        self._build_network_dock()
        self._build_sweep_docks()
        self.lessons = LessonsMenu(self)
        self.draw_sample = DrawSample(self)
        self.presentation = Presentation(self)
        self.language_menu = LanguageMenu(self)
        self._build_status()
        self._restore_settings()
        self._prepare_timer = QTimer(self, singleShot=True, interval=150)
        self._prepare_timer.timeout.connect(self._prepare)
        self.set_config(config or RunConfig())
        self.retranslate()
        self._set_state(IDLE)

    # --- construction ---
    def _build_worker(self) -> None:
        """The worker drives a training process of its own (see gui/worker.py); ``control``
        pauses, steps, stops it and changes its learning rate at once, mid-run."""
        self.worker = TrainingWorker(self)
        self.control = self.worker.control
        self._prepareRequested.connect(self.worker.prepare, Qt.ConnectionType.QueuedConnection)
        self._runRequested.connect(self.worker.run, Qt.ConnectionType.QueuedConnection)
        self._loadRequested.connect(self.worker.load_weights, Qt.ConnectionType.QueuedConnection)
        self._refreshRequested.connect(self.worker.refresh, Qt.ConnectionType.QueuedConnection)
        self.testRequested.connect(self.worker.evaluate_test, Qt.ConnectionType.QueuedConnection)
        self.worker.testEvaluated.connect(lambda result: show_test_result(self, result))
        self.worker.trainerReady.connect(self._on_trainer_ready)
        self.worker.updated.connect(self._on_snapshot)
        self.worker.stepFinished.connect(self._on_step_finished)
        self.worker.runFinished.connect(self._on_run_finished)
        self.worker.errored.connect(self._on_error)

    @property
    def thread_(self) -> QThread:
        """The thread that receives the training process's messages."""
        return self.worker.reader

    def _dock(self, name: str, widget: QWidget, area) -> QDockWidget:
        """A dock around ``widget``; its title comes from DOCK_TITLES (see retranslate)."""
        dock = QDockWidget(self, objectName=name)
        scroll = PanelScroll()
        scroll.setWidget(widget)
        dock.setWidget(scroll)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.dataset_panel = DatasetPanel()
        self.model_builder = ModelBuilder()
        self.train_form = ConfigForm(TrainConfig, "train")
        self.dataset_dock = self._dock("datasetDock", self.dataset_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.model_dock = self._dock("modelDock", self.model_builder, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.train_dock = self._dock("trainDock", self.train_form, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.dataset_dock, self.model_dock)
        self.dataset_dock.raise_()
        self.dataset_panel.configChanged.connect(self._on_data_changed)
        self.dataset_panel.augmentPreviewRequested.connect(
            lambda: self.dataset_panel.preview_augmentation(self.train_form.values()["augment"]))
        self.model_builder.configChanged.connect(self._on_config_edited)
        self.train_form.valueChanged.connect(self._on_train_field_changed)

    def _build_views(self) -> None:
        self.message_bar = MessageBar()
        self.loss_view = LossView()
        self.accuracy_view = AccuracyView()
        self.lr_view = LearningRateView()
        self.boundary_view = BoundaryView()
        self.boundary_view.planeClicked.connect(self._on_plane_clicked)
        self.boundary_view.teachClicked.connect(self._on_teach_clicked)
        self.boundary_view.planeShown.connect(self._on_plane_shown)
        self.boundary_view.dropout_check.toggled.connect(self._on_dropout_mode)
        self.regression_view = RegressionView()
        self.no_plane_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.sample_browser = SampleBrowser()
        self.confusion_view = ConfusionView()
        self.confusion_view.cellClicked.connect(
            lambda true, predicted: self.sample_browser.set_filter(true_class=true, predicted_class=predicted)
        )
        self.image_views = QSplitter(Qt.Orientation.Vertical, objectName="imageViews")
        self.image_views.addWidget(self.sample_browser)
        self.image_views.addWidget(self.confusion_view)
        self.main_view = QStackedWidget(objectName="mainViewStack")
        for view in (self.boundary_view, self.regression_view, self.image_views, self.no_plane_label):
            self.main_view.addWidget(view)
        curves = QSplitter(Qt.Orientation.Vertical, objectName="curveSplitter")
        for view in (self.loss_view, self.accuracy_view, self.lr_view):
            curves.addWidget(view)
        curves.setSizes([400, 250, 200])
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="viewSplitter")
        splitter.addWidget(self.main_view)
        splitter.addWidget(curves)
        splitter.setSizes([650, 450])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, stretch=1)
        self.setCentralWidget(central)

    def _action(self, name: str, shortcut: str, slot) -> QAction:
        """A toolbar action; its text and tooltip come from ACTION_TEXTS (see retranslate)."""
        action = QAction(self, objectName=name + "Action")
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        toolbar = self.toolbar = QToolBar(self, objectName="trainingToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        self.train_action = self._action("train", "Space", self.toggle_training)
        self.pause_action = self._action("pause", "P", self.toggle_pause)
        self.step_action = self._action("step", "S", self.step_epoch)
        self.stop_action = self._action("stop", "Esc", self.stop_training)
        self.reset_action = self._action("reset", "Ctrl+R", self.reset_model)
        names = ["trainButton", "pauseButton", "stepButton", "stopButton", "resetButton"]
        actions = [self.train_action, self.pause_action, self.step_action, self.stop_action, self.reset_action]
        for action, name in zip(actions, names):
            toolbar.addAction(action)
            toolbar.widgetForAction(action).setObjectName(name)
        # Space is the usual toggle; the pause action only answers its own button and P.
        self.progress_bar = QProgressBar(objectName="progressBar")
        self.progress_bar.setMinimumWidth(380)
        self.progress_bar.setTextVisible(True)
        toolbar.addSeparator()
        toolbar.addWidget(self.progress_bar)

        self.file_menu = FileMenu(self)
        view_menu = self.view_menu = self.menuBar().addMenu("")
        view_menu.setObjectName("viewMenu")
        for dock in (self.dataset_dock, self.model_dock, self.train_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(toolbar.toggleViewAction())
        view_menu.addSeparator()
        restore = self.restore_action = view_menu.addAction("", self.restore_default_layout)
        restore.setObjectName("restoreLayoutAction")
        train_menu = self.train_menu = self.menuBar().addMenu("")
        train_menu.setObjectName("trainingMenu")
        for action in actions:
            train_menu.addAction(action)
        train_menu.addSeparator()
        self.test_action = train_menu.addAction("", lambda: evaluate_test_set(self))
        self.test_action.setObjectName("evaluateTestAction")

    def _build_weights_dock(self) -> None:
        self.weights_view = WeightsView()
        self.weights_dock = QDockWidget(self, objectName="weightsDock")
        self.weights_dock.setWidget(self.weights_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.weights_dock)
        self.weights_dock.hide()
        self.weights_dock.visibilityChanged.connect(self._on_weights_visibility)
        self.view_menu.insertAction(self.view_menu.actions()[3], self.weights_dock.toggleViewAction())

    def _build_landscape_dock(self) -> None:
        self.landscape_view = LandscapeView()
        self.landscape_dock = QDockWidget(self, objectName="landscapeDock")
        self.landscape_dock.setWidget(self.landscape_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.landscape_dock)
        self.tabifyDockWidget(self.weights_dock, self.landscape_dock)
        self.landscape_dock.hide()
        self.landscape_dock.visibilityChanged.connect(self._on_landscape_visibility)
        self.view_menu.insertAction(self.view_menu.actions()[3], self.landscape_dock.toggleViewAction())

    def _on_landscape_visibility(self, visible: bool) -> None:
        # Models other than ŷ = w·x + b get their landscape (a plane of random directions) and
        # path only while it is shown: the worker computes them on demand.
        self.worker.want_landscape = visible
        if visible and self.state == IDLE and self.run_info is not None and self.run_info.landscape is None:
            self._refreshRequested.emit()

    def _build_runs_dock(self) -> None:
        self.runs_panel = RunsPanel()
        self.runs_dock = QDockWidget(self, objectName="runsDock")
        self.runs_dock.setWidget(self.runs_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.runs_dock)
        self.tabifyDockWidget(self.weights_dock, self.runs_dock)
        self.runs_dock.hide()
        self.runs_dock.visibilityChanged.connect(lambda visible: visible and self.runs_panel.refresh())
        self.runs_panel.openRequested.connect(self._open_run)
        self.runs_panel.problem.connect(self.message_bar.show_error)
        self.view_menu.insertAction(self.view_menu.actions()[3], self.runs_dock.toggleViewAction())

    def _build_network_dock(self) -> None:
        """The network diagram: drawn from snapshots the worker fills while the dock is shown."""
        self.network_view = NetworkView()
        self.network_dock = QDockWidget(self.tr("Network"), self, objectName="networkDock")
        self.network_dock.setWidget(self.network_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.network_dock)
        self.tabifyDockWidget(self.weights_dock, self.network_dock)
        self.network_dock.hide()

        def visibility_changed(visible: bool) -> None:
            self.worker.want_network = visible
            if visible and self.state == IDLE:
                self._refreshRequested.emit()  # draw the current model without training

        self.network_dock.visibilityChanged.connect(visibility_changed)
        self.worker.updated.connect(self.network_view.show_snapshot)  # queued: a QWidget's slot
        self.view_menu.insertAction(self.view_menu.actions()[3], self.network_dock.toggleViewAction())

    def _build_sweep_docks(self) -> None:
        """The capacity sweep (lesson 9) and K-fold (lesson 24) docks. Each trains its models in
        a thread of its own from the current settings; the main worker is not involved."""
        self.sweep_panel = SweepPanel(self.config)
        self.kfold_panel = KFoldPanel(self.config)

        def analysis_dock(panel: QWidget, title: str, name: str) -> QDockWidget:
            dock = QDockWidget(title, self, objectName=name)
            dock.setWidget(panel)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.tabifyDockWidget(self.weights_dock, dock)
            dock.hide()
            panel.problem.connect(self.message_bar.show_error)
            self.view_menu.insertAction(self.view_menu.actions()[3], dock.toggleViewAction())
            return dock

        self.sweep_dock = analysis_dock(self.sweep_panel, self.tr("Capacity sweep"), "sweepDock")
        self.kfold_dock = analysis_dock(self.kfold_panel, self.tr("K-fold"), "kfoldDock")

    def _build_replay_bar(self) -> None:
        """The replay timeline under the views (see replay_bar.py)."""
        self.replay = ReplayController(self)
        self.centralWidget().layout().addWidget(self.replay.bar)

    def _open_run(self, config: RunConfig, checkpoint: str) -> None:
        if checkpoint and self.file_menu.load_model(checkpoint):
            self.replay.open_run(checkpoint)
            return
        self.set_config(config)

    def _on_weights_visibility(self, visible: bool) -> None:
        self.worker.want_weights = visible
        if visible:
            self.resizeDocks([self.weights_dock], [340], Qt.Orientation.Vertical)

    def _build_status(self) -> None:
        self.state_label = QLabel(objectName="stateLabel")
        self.device_label = QLabel(objectName="deviceLabel")
        self.params_label = QLabel(objectName="statusParams")
        for label in (self.state_label, self.params_label, self.device_label):
            self.statusBar().addPermanentWidget(label)
        self._default_state = self.saveState()

    # --- language ---
    def retranslate(self) -> None:
        """Show the window's own texts in the interface's language (panels and views inside it
        retranslate themselves on the same LanguageChange event). The experiment is untouched."""
        if not hasattr(self, "language_menu"):
            return  # still being built: __init__ calls this at its end
        for dock in self.findChildren(QDockWidget):
            if dock.objectName() in DOCK_TITLES:
                dock.setWindowTitle(QCoreApplication.translate("MainWindow", DOCK_TITLES[dock.objectName()]))
        for action in (self.train_action, self.pause_action, self.step_action, self.stop_action, self.reset_action):
            text, tip = ACTION_TEXTS[action.objectName()]
            action.setText(self.tr(text))
            action.setToolTip(f"{self.tr(tip)} ({action.shortcut().toString()})")
            self.toolbar.widgetForAction(action).setAccessibleName(action.text())
        if self.state == PAUSED:
            self.pause_action.setText(self.tr("Resume"))
        self.toolbar.setWindowTitle(self.tr("Training"))
        self.progress_bar.setAccessibleName(self.tr("Training progress"))
        self.view_menu.setTitle(self.tr("&View"))
        self.restore_action.setText(self.tr("Restore default layout"))
        self.train_menu.setTitle(self.tr("&Training"))
        self.test_action.setText(self.tr("Evaluate on &test set…"))
        self.test_action.setToolTip(self.tr("Score the model on held-out test data, once, at the very end"))
        self.state_label.setText(QCoreApplication.translate("MainWindow", STATE_TEXT[self.state]))
        self.file_menu.retranslate()
        self.lessons.retranslate()
        self.language_menu.retranslate()
        self.presentation.retranslate()
        if self.run_info is not None:
            self._show_run_labels(self.run_info)
            self._enable_augment_for(self.run_info)
        if self._last_snapshot is not None:
            self._show_progress(self._last_snapshot)

    _last_snapshot: Optional[Snapshot] = None

    # --- settings ---
    def settings(self) -> QSettings:
        return QSettings(str(data_home() / "settings.ini"), QSettings.Format.IniFormat)

    def _restore_settings(self) -> None:
        settings = self.settings()
        geometry, state = settings.value("window/geometry"), settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def restore_default_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in (self.dataset_dock, self.model_dock, self.train_dock):
            dock.show()

    # --- config ---
    def config(self) -> RunConfig:
        """The config the panels describe; raises ConfigError if a field is invalid."""
        return RunConfig(
            name=self._base_config.name,
            description=self._base_config.description,
            data=self.model_builder.with_features(self.dataset_panel.config()),
            model=self.model_builder.config(),
            train=self.train_form.apply_to(self._base_config.train),
        )

    def set_config(self, config: RunConfig, prepare: bool = True) -> None:
        """Show ``config`` in every panel (and, by default, build its data and fresh model)."""
        self._base_config = config
        self.dataset_panel.set_config(config.data)
        self.model_builder.set_data_kind(config.data)
        self.model_builder.set_features(config.data.features)
        self.model_builder.set_config(config.model)
        self.train_form.set_values(config.train)
        if prepare:
            self._prepare()

    def load_weights(self, config: RunConfig, state_dict: dict) -> None:
        """Build ``config``'s trainer in the worker with saved weights instead of fresh ones."""
        self._prepare_timer.stop()
        self.last_result = None
        self._loadRequested.emit(config, state_dict)

    def _on_data_changed(self) -> None:
        self.model_builder.set_data_kind(self.dataset_panel.config())
        self._on_config_edited()

    def _on_config_edited(self) -> None:
        if self.state == IDLE:
            self._prepare_timer.start()

    def _on_train_field_changed(self, name: str, value: object) -> None:
        if name == "lr" and self.state != IDLE:
            self.control.set_lr(float(value))
            self.statusBar().showMessage(self.tr("Learning rate set to {value}").format(value=f"{value:g}"), 3000)

    def _prepare(self) -> None:
        """Build a fresh trainer in the worker so the views show the data and the initial model."""
        try:
            config = self.config()
        except NNStudioError as error:
            self.message_bar.show_error(str(error))
            return
        if config.data.dataset == "painted" and len(config.data.points) < 2:
            self._show_empty_canvas(config)
            return
        self._prepareRequested.emit(config)

    def _show_empty_canvas(self, config: RunConfig) -> None:
        """A plane to paint on before there is enough data to train."""
        points = np.array(config.data.points, dtype=np.float32).reshape(-1, 3)
        empty = np.zeros((0, 2), np.float32)
        self.boundary_view.clear()
        self.boundary_view.set_points(points[:, :2], points[:, 2].astype(int), empty, np.zeros(0, int), 2)
        self.boundary_view.show_plane(PLANE)
        self.main_view.setCurrentWidget(self.boundary_view)
        self.message_bar.show_info(self.tr("Click on the plane to paint points; pick the class in the Dataset panel."))

    def _on_plane_shown(self, bounds) -> None:
        """The boundary view shows another part of the plane (resized, panned, zoomed): shade all
        of it (around the data's grid) from the next update on, and at once when idle."""
        self.worker.set_plane_bounds(bounds)
        if self.state == IDLE and self.run_info is not None:
            self._refreshRequested.emit()

    def _on_dropout_mode(self, on: bool) -> None:
        self.worker.dropout_on = on
        if self.state == IDLE:
            self._refreshRequested.emit()

    def _on_plane_clicked(self, x: float, y: float, button: int) -> None:
        if self.dataset_panel.painting and self.state == IDLE and button == Qt.MouseButton.LeftButton.value:
            self.dataset_panel.paint_at(x, y)

    def _on_teach_clicked(self, x: float, y: float, label: int) -> None:
        """Click to teach: the trainer adds (or removes) the point before its next epoch."""
        if self.state == IDLE:
            return
        self.control.queue_point_edit(PointEdit(x, y, None if label < 0 else label))
        if self.state == PAUSED:
            self.statusBar().showMessage(self.tr("The point is used when training resumes"), 3000)

    # --- controls ---
    def toggle_training(self) -> None:
        if self.state == IDLE:
            self.start_training()
        else:
            self.toggle_pause()

    def start_training(self, single_epoch: bool = False) -> None:
        if self.state != IDLE:
            return
        try:
            config = self.config()
        except NNStudioError as error:
            self.message_bar.show_error(str(error))
            return
        if not self.model_builder.is_valid:
            self.message_bar.show_error(self.model_builder.message.text())
            return
        self.message_bar.clear()
        self._prepare_timer.stop()
        self.control.clear()
        if single_epoch:
            self.control.request_step()
        self._set_state(STEPPING if single_epoch else RUNNING)
        self._runRequested.emit(config)

    def toggle_pause(self) -> None:
        if self.state == RUNNING:
            self.control.pause()
            self._set_state(PAUSED)
        elif self.state == PAUSED:
            self.control.resume()
            self._set_state(RUNNING)

    def step_epoch(self) -> None:
        if self.state == IDLE:
            self.start_training(single_epoch=True)
        elif self.state == PAUSED:
            self.control.request_step()
            self._set_state(STEPPING)

    def stop_training(self) -> None:
        if self.state != IDLE:
            self.control.request_stop()

    def reset_model(self) -> None:
        """Stop any run, then start again from fresh weights and an empty history."""
        self.control.request_stop()
        self._pending_reset = True
        if self.state == IDLE:
            self._do_reset()

    def _do_reset(self) -> None:
        self._pending_reset = False
        self.last_result = None
        self._prepare()

    _pending_reset = False

    def _enable_augment_for(self, info: RunInfo) -> None:
        images = info.train_x.ndim == 4
        self.train_form.set_field_enabled("augment", images, "" if images else self.tr(
            "augmentation changes images; this dataset has none"))

    # --- worker signals ---
    def _on_trainer_ready(self, info: RunInfo) -> None:
        self.run_info = info
        self.dataset_panel.show_data(info)
        self._enable_augment_for(info)
        self.history.clear()
        self.loss_view.clear_history()
        self.accuracy_view.clear_history()
        self.lr_view.clear_history()
        self.loss_view.mark_best(None)
        self.weights_view.clear()
        self.landscape_view.clear()
        if info.landscape is not None:
            self.landscape_view.set_landscape(info.landscape)
        self.landscape_dock.toggleViewAction().setEnabled(info.landscape_possible)
        classify = info.task != "regression"
        self.accuracy_view.setVisible(classify)
        if info.train_x.ndim == 2 and info.train_x.shape[1] == 2 and classify:
            self.boundary_view.clear()
            self.boundary_view.set_points(info.train_x, info.train_y, info.val_x, info.val_y, info.n_classes)
            self.boundary_view.show_plane(info.bounds, padding=0.02)
            self.main_view.setCurrentWidget(self.boundary_view)
        elif info.train_x.ndim == 2 and info.train_x.shape[1] == 1 and not classify:
            self.regression_view.clear_curve()
            self.regression_view.set_points(info.train_x[:, 0], info.train_y[:, 0],
                                            info.val_x[:, 0], info.val_y[:, 0])
            self.main_view.setCurrentWidget(self.regression_view)
        elif info.train_x.ndim == 4:
            self.sample_browser.set_samples(info.val_x, info.val_y, info.class_names)
            self.confusion_view.clear()
            self.main_view.setCurrentWidget(self.image_views)
        else:
            self.main_view.setCurrentWidget(self.no_plane_label)
        input_shape = tuple(info.train_x.shape[1:])
        n_outputs = info.n_classes if info.task == "multiclass" else 1
        self.model_builder.set_data_shape(input_shape, n_outputs, info.task)
        self.boundary_view.set_dropout_available(any(spec.type == "dropout" for spec in self.model_builder.layers()))
        self._last_snapshot = None
        self._show_run_labels(info)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.replay.on_trainer_ready(info)

    def _show_run_labels(self, info: RunInfo) -> None:
        """The texts that describe the prepared run: parameters, device, why no plane is drawn."""
        features = int(np.prod(info.train_x.shape[1:]))
        self.no_plane_label.setText(
            self.tr("Image data: see the curves on the right.") if info.train_x.ndim > 2 else
            self.tr("This data has {count} features. The fit curve needs 1 and the decision boundary 2: "
                    "choose them in the CSV import to see the data drawn.").format(count=features)
        )
        self.params_label.setText(self.tr("{count} parameters").format(count=f"{info.n_params:,}")
                                  if info.n_params else "")
        if info.device:
            self.device_label.setText(self.tr("Device: {device}").format(device=info.device))
        if self._last_snapshot is None:
            self.progress_bar.setFormat(self.tr("ready"))

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self.history.extend(snapshot.new_epochs)
        self._best_epoch = snapshot.best_epoch
        if snapshot.new_epochs:
            self._stale_curves = {LOSS_CURVES, ACCURACY_CURVES, LR_CURVE}
        # The boundary follows every update; each chart of curves redraws at most CURVE_HZ times
        # a second (and all of them at the end of a run or step), one chart per update: redrawing
        # long histories at 30 Hz starves training of the GIL, and three charts in one go make
        # one long stall of the event loop instead of three short ones.
        if self._stale_curves and time.monotonic() - self._curves_drawn_at >= 1 / (3 * CURVE_HZ):
            self._draw_next_curves()
        self.replay.on_snapshot(snapshot)
        if snapshot.grid is not None and not self.replay.holding:
            self.boundary_view.set_grid(*snapshot.grid)
        if snapshot.outer_grid is not None:
            self.boundary_view.set_outer_grid(*snapshot.outer_grid)  # hidden while a replay frame shows
        if snapshot.train_points is not None and self.run_info is not None:
            info = self.run_info
            info.train_x, info.train_y = snapshot.train_points
            info.sizes = {**info.sizes, "train": len(info.train_y)}
            self.boundary_view.set_points(info.train_x, info.train_y, info.val_x, info.val_y, info.n_classes)
        if snapshot.curve is not None and not self.replay.holding:
            self.regression_view.set_curve(*snapshot.curve)
        if snapshot.landscape is not None:
            self.landscape_view.set_landscape(snapshot.landscape)
        if snapshot.path is not None:
            self.landscape_view.set_path(snapshot.path)
        if snapshot.weights is not None:
            self.weights_view.set_weights(snapshot.weights)
            if snapshot.gradients is not None and snapshot.epoch > 0:
                self.weights_view.add_gradients(snapshot.epoch, snapshot.gradients)
        if snapshot.predictions is not None and self.run_info is not None:
            predicted, confidence = snapshot.predictions
            self.sample_browser.set_predictions(predicted, confidence)
            labels = self.run_info.val_y[: len(predicted)]
            self.confusion_view.set_matrix(
                confusion_matrix(labels, predicted, self.run_info.n_classes), self.run_info.class_names
            )
        self._show_progress(snapshot)
        self.snapshotShown.emit()
        self.worker.snapshot_shown()

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
        h = self.history
        if chart == LOSS_CURVES:
            step_x, step_loss = envelope(h.step_x, h.step_loss, STEP_POINTS_DRAWN)
            best = np.flatnonzero(h.epochs == self._best_epoch) if self._best_epoch is not None else ()
            rows = peak_rows([h.train_loss, h.val_loss], EPOCH_POINTS_DRAWN, keep=best)
            self.loss_view.set_history(h.epochs[rows], h.train_loss[rows], h.val_loss[rows], step_x, step_loss)
            self.loss_view.mark_best(self._best_epoch)
        elif chart == ACCURACY_CURVES:
            if self.run_info and self.run_info.task != "regression":
                rows = peak_rows([h.train_acc, h.val_acc], EPOCH_POINTS_DRAWN)
                self.accuracy_view.set_history(h.epochs[rows], h.train_acc[rows], h.val_acc[rows])
        else:
            rows = step_rows(h.lr, EPOCH_POINTS_DRAWN)
            self.lr_view.set_history(h.epochs[rows], h.lr[rows])
        self._stale_curves.discard(chart)

    _stale_curves: set = set()
    _last_chart = -1
    _curves_drawn_at = 0.0
    _best_epoch: Optional[int] = None

    def _show_progress(self, snapshot: Snapshot) -> None:
        total = max(snapshot.total_epochs, 1)
        self.progress_bar.setRange(0, total * snapshot.steps_per_epoch)
        self.progress_bar.setValue(min(snapshot.epoch * snapshot.steps_per_epoch + snapshot.step,
                                       total * snapshot.steps_per_epoch))
        self._last_snapshot = snapshot
        parts = [self.tr("epoch {epoch}/{total}").format(epoch=snapshot.epoch, total=total)]
        if snapshot.step:
            parts.append(self.tr("step {step}/{steps}").format(step=snapshot.step, steps=snapshot.steps_per_epoch))
        if snapshot.samples_per_s:
            parts.append(self.tr("{rate} samples/s").format(rate=f"{snapshot.samples_per_s:,.0f}"))
        if self.history.seconds_per_epoch and snapshot.epoch < total and self.state == RUNNING:
            left = self.history.seconds_per_epoch * (total - snapshot.epoch)
            parts.append(self.tr("{time} left").format(time=_duration(left)))
        self.progress_bar.setFormat(" · ".join(parts))

    def _on_step_finished(self) -> None:
        self.draw_curves()
        if self.state == STEPPING:
            self._set_state(PAUSED)

    def _on_run_finished(self, result: RunResult) -> None:
        self.draw_curves()
        self.replay.on_run_finished()
        self.last_result = result
        self._set_state(IDLE)
        reason = translate_core_message(result.stop_reason)
        if result.stop_kind == "diverged":
            self.message_bar.show_error(
                self.tr("Training diverged: {reason}. The loss became infinite or NaN.").format(reason=reason)
            )
        elif result.stop_kind == "early_stopped":
            restored = (self.tr("; weights restored to epoch {epoch}").format(epoch=result.restored_epoch)
                        if result.restored_epoch else "")
            self.message_bar.show_info(reason + restored)
        self.statusBar().showMessage(reason, 8000)
        recorder = self.worker.recorder
        if recorder is not None and recorder.problem:
            self.statusBar().showMessage(self.tr("{reason} · not recorded: {problem}").format(
                reason=reason, problem=translate_core_message(recorder.problem)), 8000)
        if self.runs_dock.isVisible():
            self.runs_panel.refresh()
        if self._pending_reset:
            self._do_reset()

    def _on_error(self, message: str) -> None:
        self.message_bar.show_error(message)
        self._set_state(IDLE)
        self._pending_reset = False

    # --- state ---
    def _set_state(self, state: str) -> None:
        self.state = state
        idle = state == IDLE
        self.train_action.setEnabled(idle)
        self.pause_action.setEnabled(state in (RUNNING, PAUSED))
        self.pause_action.setText(self.tr("Resume") if state == PAUSED else self.tr("Pause"))
        self.step_action.setEnabled(state in (IDLE, PAUSED))
        self.stop_action.setEnabled(not idle)
        self.dataset_panel.setEnabled(idle)
        self.model_builder.setEnabled(idle)
        self.state_label.setText(QCoreApplication.translate("MainWindow", STATE_TEXT[state]))
        self.boundary_view.set_teaching(not idle and self.main_view.currentWidget() is self.boundary_view)
        self.stateChanged.emit(state)

    # --- closing ---
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        settings = self.settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.sync()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the training process and the analysis docks' threads cleanly (within about a second)."""
        for panel in (self.sweep_panel, self.kfold_panel):
            panel.shutdown()
        self.worker.shutdown()


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


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
