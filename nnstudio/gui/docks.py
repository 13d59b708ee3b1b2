"""The window's docks: the panels that edit the experiment (left and right) and the views and
tools below the picture (weights, weights over time, loss landscape, runs, network, capacity
sweep, K-fold, compare), with
their entries in the View menu. A dock view that needs something computed tells the session
while it is shown (see nnstudio/core/views.py)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QScrollArea, QWidget

from nnstudio.core.config import TrainConfig
from nnstudio.gui.compare_panel import ComparePanel
from nnstudio.gui.config_form import ConfigForm
from nnstudio.gui.dataset_panel import DatasetPanel
from nnstudio.gui.kfold_panel import KFoldPanel
from nnstudio.gui.model_builder import ModelBuilder
from nnstudio.gui.runs_panel import RunsPanel
from nnstudio.gui.sweep_panel import SweepPanel
from nnstudio.gui.views.distributions_view import DistributionsView
from nnstudio.gui.views.landscape_view import LandscapeView
from nnstudio.gui.views.layers_view import LayersView
from nnstudio.gui.views.network_view import NetworkView
from nnstudio.gui.views.weights_view import WeightsView
from nnstudio.session.protocol import (
    LandscapePath,
    LandscapePlane,
    NetworkState,
    RunInfo,
    WeightDistributions,
    WeightStats,
)
from nnstudio.session.state import AppSession

# Texts of the docks by objectName (translated in retranslate()).
DOCK_TITLES = {
    "datasetDock": QT_TRANSLATE_NOOP("Docks", "Dataset"),
    "modelDock": QT_TRANSLATE_NOOP("Docks", "Model"),
    "trainDock": QT_TRANSLATE_NOOP("Docks", "Hyperparameters"),
    "weightsDock": QT_TRANSLATE_NOOP("Docks", "Weights and gradients"),
    "distributionsDock": QT_TRANSLATE_NOOP("Docks", "Weights over time"),
    "landscapeDock": QT_TRANSLATE_NOOP("Docks", "Loss landscape"),
    "runsDock": QT_TRANSLATE_NOOP("Docks", "Runs"),
    "networkDock": QT_TRANSLATE_NOOP("Docks", "Network"),
    "layersDock": QT_TRANSLATE_NOOP("Docks", "Inside the model"),
    "sweepDock": QT_TRANSLATE_NOOP("Docks", "Capacity sweep"),
    "kfoldDock": QT_TRANSLATE_NOOP("Docks", "K-fold"),
    "compareDock": QT_TRANSLATE_NOOP("Docks", "Compare models"),
}
BOTTOM_DOCK_SHARE = 0.3  # of the window's height, for a dock view under the picture
LAYERS_DOCK_SHARE = 0.45  # inside the model: every layer of the small CNN without scrolling


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
            # (the panel's own minimum width too: the Dataset panel sets one)
            needed = max(widget.minimumSizeHint().width(), widget.minimumWidth())
            hint.setWidth(max(hint.width(), needed + frame))
        return hint


class Docks(QObject):
    """Builds the docks on ``host`` and the View menu's entries for them."""

    def __init__(self, host: QMainWindow, session: AppSession, view_menu: QMenu) -> None:
        super().__init__(host)
        self.host, self.session, self.view_menu = host, session, view_menu
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.dataset_panel = DatasetPanel()
        self.model_builder = ModelBuilder()
        self.train_form = ConfigForm(TrainConfig, "train")
        self.dataset_dock = self._panel_dock("datasetDock", self.dataset_panel, left)
        self.model_dock = self._panel_dock("modelDock", self.model_builder, left)
        self.train_dock = self._panel_dock("trainDock", self.train_form, right)
        host.tabifyDockWidget(self.dataset_dock, self.model_dock)
        self.dataset_dock.raise_()
        for dock in (self.dataset_dock, self.model_dock, self.train_dock):
            view_menu.addAction(dock.toggleViewAction())
        self.weights_view = WeightsView()
        self.distributions_view = DistributionsView()
        self.landscape_view = LandscapeView()
        self.runs_panel = RunsPanel()
        self.network_view = NetworkView()
        self.sweep_panel = SweepPanel(session.valid_config)
        self.kfold_panel = KFoldPanel(session.valid_config)
        self.compare_panel = ComparePanel(session.valid_config)
        self.weights_dock = self._bottom_dock("weightsDock", self.weights_view, first=True)
        self.distributions_dock = self._bottom_dock("distributionsDock", self.distributions_view)
        self.landscape_dock = self._bottom_dock("landscapeDock", self.landscape_view)
        self.runs_dock = self._bottom_dock("runsDock", self.runs_panel)
        self.network_dock = self._bottom_dock("networkDock", self.network_view)
        self.layers_view = LayersView(session)  # inside an image model; it wires itself to the session
        self.layers_dock = self._bottom_dock("layersDock", self.layers_view)
        self.sweep_dock = self._bottom_dock("sweepDock", self.sweep_panel)
        self.kfold_dock = self._bottom_dock("kfoldDock", self.kfold_panel)
        self.compare_dock = self._bottom_dock("compareDock", self.compare_panel)
        self._connect()

    def _panel_dock(self, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(self.host, objectName=name)
        scroll = PanelScroll()
        scroll.setWidget(widget)
        dock.setWidget(scroll)
        self.host.addDockWidget(area, dock)
        return dock

    def _bottom_dock(self, name: str, widget: QWidget, first: bool = False) -> QDockWidget:
        """A dock under the views, hidden at first, tabified with the others (full width each)."""
        dock = QDockWidget(self.host, objectName=name)
        dock.setWidget(widget)
        self.host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        if not first:
            self.host.tabifyDockWidget(self.weights_dock, dock)
        dock.hide()
        self.view_menu.addAction(dock.toggleViewAction())
        share = LAYERS_DOCK_SHARE if name == "layersDock" else BOTTOM_DOCK_SHARE
        # Opened from the View menu it gets its share of the height too, not the few pixels left.
        dock.toggleViewAction().triggered.connect(
            lambda shown, dock=dock, share=share: shown and self.show_dock(dock, share))
        return dock

    def show_dock(self, dock: QDockWidget, share: float = BOTTOM_DOCK_SHARE) -> None:
        """Show a dock view in front of its tab group; under the picture, ``share`` of the
        window's height tall."""
        dock.show()
        dock.raise_()
        if self.host.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            self.host.resizeDocks([dock], [int(self.host.height() * share)], Qt.Orientation.Vertical)

    def show_beside(self, dock: QDockWidget, beside: QDockWidget, share: float = BOTTOM_DOCK_SHARE) -> None:
        """Show ``dock`` next to ``beside`` (left and right under the picture), both in view: the
        Draw a sample canvas stays drawable while Inside the model shows the drawing."""
        host = self.host
        if beside.isVisible() and not beside.isFloating() and not dock.isFloating() and (
                dock in host.tabifiedDockWidgets(beside) or not dock.isVisible()):
            # Out of their tab group first: splitting a tabbed dock only adds another tab.
            area = host.dockWidgetArea(beside)
            for moved in (beside, dock):
                host.removeDockWidget(moved)
            host.addDockWidget(area, beside)
            host.splitDockWidget(beside, dock, Qt.Orientation.Horizontal)
            beside.show()
            self.show_dock(dock, share)
            width = host.width()
            host.resizeDocks([beside, dock], [int(width * 0.4), int(width * 0.6)], Qt.Orientation.Horizontal)
            return
        self.show_dock(dock, share)

    def look_inside(self, index: int) -> None:
        """Open Inside the model on validation image ``index`` (a sample double-clicked)."""
        self.layers_view.look_at(index)
        self.show_dock(self.layers_dock, LAYERS_DOCK_SHARE)

    def _connect(self) -> None:
        session = self.session
        self.weights_dock.visibilityChanged.connect(self._on_weights_visibility)
        self.landscape_dock.visibilityChanged.connect(lambda shown: session.show_view("landscape", shown))
        self.network_dock.visibilityChanged.connect(lambda shown: session.show_view("network", shown))
        self.layers_dock.visibilityChanged.connect(lambda shown: session.show_view("layers", shown))
        self.distributions_dock.visibilityChanged.connect(
            lambda shown: session.show_view("distributions", shown))
        self.runs_dock.visibilityChanged.connect(lambda shown: shown and self.runs_panel.refresh())
        session.part(WeightStats).connect(self._on_weights)
        session.part(LandscapePlane).connect(lambda part: self.landscape_view.set_landscape(part.landscape))
        session.part(LandscapePath).connect(lambda part: self.landscape_view.set_path(part.points))
        session.part(NetworkState).connect(lambda part: self.network_view.show_picture(part.picture))
        session.part(WeightDistributions).connect(lambda part: self.distributions_view.set_history(part.history))
        session.prepared.connect(self._on_prepared)
        session.run_finished.connect(lambda _result: self.runs_dock.isVisible() and self.runs_panel.refresh())

    def _on_weights_visibility(self, shown: bool) -> None:
        self.session.show_view("weights", shown)
        if shown and self.host.dockWidgetArea(self.weights_dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            self.host.resizeDocks([self.weights_dock], [int(self.host.height() * BOTTOM_DOCK_SHARE)],
                                  Qt.Orientation.Vertical)

    def _on_weights(self, stats: WeightStats) -> None:
        self.weights_view.set_weights(stats.layers)
        if stats.gradients is not None and stats.epoch > 0:
            self.weights_view.add_gradients(stats.epoch, stats.gradients)

    def _on_prepared(self, info: RunInfo) -> None:
        self.weights_view.clear()
        self.distributions_view.clear()
        self.landscape_view.clear()
        if info.landscape is not None:
            self.landscape_view.set_landscape(info.landscape)
        self.landscape_dock.toggleViewAction().setEnabled(info.landscape_possible)

    def retranslate(self) -> None:
        for dock in self.host.findChildren(QDockWidget):
            if dock.objectName() in DOCK_TITLES:
                dock.setWindowTitle(QCoreApplication.translate("Docks", DOCK_TITLES[dock.objectName()]))
                if isinstance(dock.widget(), PanelScroll):  # a Tab stop of its own: say which panel
                    dock.widget().setAccessibleName(dock.windowTitle())

    def shutdown(self) -> None:
        """Stop the analysis docks' threads (within about a second)."""
        for panel in (self.sweep_panel, self.kfold_panel, self.compare_panel):
            panel.shutdown()
