"""The window on its screen: never larger than the screen's available area (maximised on screens
up to 1920×1200), its geometry and dock layout remembered per screen size, and the docks placed
for the screen so the main picture stays the largest thing on it.

Two arrangements of the docks:

- **wide** (screens from 1600×1000): Dataset and Model on the left, Hyperparameters and the
  lesson on the right, the dock views (weights, landscape, runs...) under the picture;
- **compact** (smaller screens, a 1024×768 projector, and a window made narrower than 1600 px
  on a large screen): every panel and dock view shares one column on the left, folded into tabs
  down its side, so the picture and the curves keep the rest of the window (with a column on
  each side, the picture of a narrow window had no room to be square).

The Panels action (toolbar and View menu) folds the side panels away and brings them back; on
screens narrower than 1200 px the window opens with them folded, the picture square beside the
curves.
"""

from __future__ import annotations

from typing import Optional, Sequence

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QDockWidget, QMainWindow, QSplitter, QTabBar, QTabWidget

from nnstudio.gui.i18n import follow_language
from nnstudio.gui.opening import centred_geometry, opens_maximised
from nnstudio.gui.settings import app_settings

COMPACT_BELOW = QSize(1600, 1000)  # available screen sizes below this (either side) are compact
PANEL_EMS, SETTINGS_EMS = 30, 32  # side columns' widths, in average characters of the font
BOTTOM_FRACTION = 0.3  # of the window's height, for the dock views under the picture (wide)
FOLDED_BELOW_WIDTH = 1200  # screens narrower than this open with the side panels folded away

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


def is_compact(available: QSize) -> bool:
    """True for a screen area too small for panels on both sides of the picture."""
    return available.width() < COMPACT_BELOW.width() or available.height() < COMPACT_BELOW.height()


def screen_key(available: QSize) -> str:
    return f"screen/{available.width()}x{available.height()}"


class ScreenLayout(QObject):
    """Places ``window``'s docks for its screen and sizes the window to it. ``data_docks`` edit
    the experiment (Dataset, Model), ``setting_docks`` the training (Hyperparameters, the lesson),
    ``view_docks`` are views and tools (weights, landscape, runs, comparison...)."""

    def __init__(self, window: QMainWindow, data_docks: Sequence[QDockWidget],
                 setting_docks: Sequence[QDockWidget], view_docks: Sequence[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.data_docks, self.setting_docks, self.view_docks = list(data_docks), list(setting_docks), list(view_docks)
        self.compact = False
        self._size_docks_when_shown = True
        self.default_state = QByteArray()
        window.installEventFilter(self)
        for dock in self.view_docks:
            dock.dockLocationChanged.connect(lambda _area, dock=dock: shape_for_area(dock, self.window))
        self._folded: list[QDockWidget] = []  # the side docks the Panels action hid
        self._folding = False
        self.panels_action = QAction(window, objectName="panelsAction", checkable=True, checked=True)
        self.panels_action.toggled.connect(self.show_panels)
        for dock in self._docks():
            dock.visibilityChanged.connect(lambda _visible: self._follow_panels())
        follow_language(window, self.retranslate)

    def retranslate(self) -> None:
        self.panels_action.setText(self.tr("Panels"))
        self.panels_action.setToolTip(self.tr("Show or hide the side panels: hidden, the picture and the "
                                              "curves get the whole window"))

    # --- folding the side panels away ---
    def side_docks(self) -> list[QDockWidget]:
        """The docks shown beside the picture now (not floating, not closed)."""
        return [dock for dock in self._docks() if not dock.isHidden() and not dock.isFloating()
                and self.window.dockWidgetArea(dock) in (LEFT, RIGHT)]

    def show_panels(self, shown: bool) -> None:
        """Fold the side panels away (``shown`` False) or bring back the ones folded."""
        if self.panels_action.isChecked() != shown:
            self.panels_action.setChecked(shown)  # comes back here through toggled
            return
        self._folding = True
        try:
            if not shown:
                self._folded = self.side_docks()
                for dock in self._folded:
                    dock.hide()
                return
            docks = self._folded or [self.data_docks[0], self.setting_docks[0]]
            self._folded = []
            for dock in docks:
                dock.show()
        finally:
            self._folding = False

    def _follow_panels(self) -> None:
        """A side dock shown another way (View menu, a lesson) unfolds the panels' action."""
        if self._folding or not shiboken6.isValid(self.window):  # (a window being deleted)
            return
        shown = bool(self.side_docks())
        if shown != self.panels_action.isChecked() and (shown or not self._folded):
            self.panels_action.blockSignals(True)
            self.panels_action.setChecked(shown)
            self.panels_action.blockSignals(False)
            if shown:
                self._folded = []

    # --- the screen ---
    def available(self) -> QSize:
        screen = self.window.screen()
        return screen.availableGeometry().size() if screen is not None else QSize(1920, 1080)

    def fit_to_screen(self) -> None:
        """Arrange the docks for the window's screen, then restore the geometry and layout saved
        for a screen of this size, or else open maximised (or at 80 % on a large screen)."""
        available = self.available()
        self.arrange(is_compact(available))
        self.default_state = self.window.saveState()
        settings = app_settings()
        key = screen_key(available)
        geometry, state = settings.value(f"{key}/geometry"), settings.value(f"{key}/state")
        if isinstance(geometry, QByteArray) and self.window.restoreGeometry(geometry):
            if isinstance(state, QByteArray):
                self.restore_state(state)
            self._size_docks_when_shown = False
            self._keep_on_screen()
            self._follow_panels()
            return
        screen = self.window.screen()
        if screen is None or opens_maximised(screen):
            if screen is not None:
                self.window.setGeometry(screen.availableGeometry())
            self.window.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.window.setGeometry(centred_geometry(screen))
        if available.width() < FOLDED_BELOW_WIDTH:
            self.show_panels(False)

    def _keep_on_screen(self) -> None:
        """A restored geometry inside the screen's available area (see keep_on_screen); the
        side panels folded when the window cannot be narrow enough with them."""
        screen = self.window.screen()
        if screen is None or self.window.isMaximized() or self.window.isFullScreen():
            return
        if self.window.minimumSizeHint().width() > screen.availableGeometry().width():
            self.show_panels(False)
        keep_on_screen(self.window)

    def save(self) -> None:
        """Remember the geometry and dock layout for screens of this size (the window's own,
        not presentation's: leave presentation first)."""
        settings = app_settings()
        key = screen_key(self.available())
        settings.setValue(f"{key}/geometry", self.window.saveGeometry())
        settings.setValue(f"{key}/state", self.window.saveState())
        settings.sync()

    def restore_default(self) -> None:
        """The layout the window opened with on this screen (every panel shown)."""
        self.restore_state(self.default_state)
        self.compact = is_compact(self.available())  # (the arrangement default_state holds)
        for dock in self.data_docks + self.setting_docks[:1]:
            dock.show()
        if not self._follow_window_width(self.window.size()):  # a narrow window: compact
            self.size_docks()

    # --- the docks ---
    def arrange(self, compact: bool) -> None:
        """Put the docks where this kind of screen wants them (their visibility is kept)."""
        self.compact = compact
        window = self.window
        shown = {dock: not dock.isHidden() for dock in self._docks()}
        if compact:
            column = self.data_docks + self.setting_docks + self.view_docks
            for dock in column:
                window.addDockWidget(LEFT, dock)
            for dock in column[1:]:
                window.tabifyDockWidget(column[0], dock)
            window.setTabPosition(LEFT, QTabWidget.TabPosition.West)
        else:
            for area, docks in ((LEFT, self.data_docks), (RIGHT, self.setting_docks), (BOTTOM, self.view_docks)):
                for dock in docks:
                    window.addDockWidget(area, dock)
                for dock in docks[1:]:
                    window.tabifyDockWidget(docks[0], dock)
            window.setTabPosition(LEFT, QTabWidget.TabPosition.South)
        for dock, visible in shown.items():
            dock.setVisible(visible)
        self.data_docks[0].raise_()
        self.restore_state(window.saveState())
        for dock in self.view_docks:
            shape_for_area(dock, window)

    def restore_state(self, state: QByteArray) -> bool:
        return restore_dock_layout(self.window, state)

    def size_docks(self) -> None:
        """Give the side columns widths that suit the font (and the bottom docks a share of the
        height), so the picture gets the rest."""
        window = self.window
        em = window.fontMetrics().averageCharWidth()
        first_shown = [dock for dock in self.data_docks + self.setting_docks if dock.isVisible()]
        if self.compact:
            if first_shown:
                window.resizeDocks(first_shown[:1], [em * PANEL_EMS], Qt.Orientation.Horizontal)
            return
        widths = [(dock, em * PANEL_EMS) for dock in self.data_docks if dock.isVisible()][:1]
        widths += [(dock, em * SETTINGS_EMS) for dock in self.setting_docks if dock.isVisible()][:1]
        if widths:
            window.resizeDocks([dock for dock, _ in widths], [width for _, width in widths], Qt.Orientation.Horizontal)
        self.size_bottom_docks()

    def size_bottom_docks(self, dock: Optional[QDockWidget] = None) -> None:
        """The dock views under the picture a share of the window's height (wide layout)."""
        if self.compact:
            return
        shown = [dock] if dock is not None else [view for view in self.view_docks if view.isVisible()][:1]
        if shown:
            self.window.resizeDocks(shown, [int(self.window.height() * BOTTOM_FRACTION)], Qt.Orientation.Vertical)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is not self.window:
            return False
        if event.type() == QEvent.Type.Show:
            arranged = self._follow_window_width(self.window.size())
            if self._size_docks_when_shown and not arranged:
                self.size_docks()
            self._size_docks_when_shown = False
        elif event.type() == QEvent.Type.Resize:
            self._follow_window_width(event.size())
        return False

    def _follow_window_width(self, size: QSize) -> bool:
        """A window made narrower than a wide screen's layout needs takes the compact one (and
        the wide one back when widened again). Not while full screen: presentation places the
        docks itself and puts the window's layout back when it ends. True if it re-arranged them."""
        window = self.window
        if not shiboken6.isValid(window) or window.isFullScreen() or not window.isVisible():
            return False
        compact = is_compact(self.available()) or size.width() < COMPACT_BELOW.width()
        if compact == self.compact:
            return False
        self.arrange(compact)
        self.size_docks()
        return True

    def _docks(self) -> list[QDockWidget]:
        return self.data_docks + self.setting_docks + self.view_docks


def keep_on_screen(window: QMainWindow) -> None:
    """A window (its geometry restored from another screen or machine) inside its screen's
    available area: never larger (shrunk to fit), never partly off it (moved in)."""
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    if area.contains(frame):
        return
    extra_width = frame.width() - window.width()
    extra_height = frame.height() - window.height()
    window.resize(min(window.width(), area.width() - extra_width), min(window.height(), area.height() - extra_height))
    frame = window.frameGeometry()
    left = min(max(frame.left(), area.left()), area.right() + 1 - frame.width())
    top = min(max(frame.top(), area.top()), area.bottom() + 1 - frame.height())
    window.move(left, top)


def restore_dock_layout(window: QMainWindow, state: QByteArray) -> bool:
    """``window.restoreState(state)`` without Qt's leftovers: Qt keeps the tab bar of a moved
    group, or of a group of hidden docks, drawn where it was (over the menu bar). Every tab bar
    is hidden first; laying the docks out from ``state`` shows the ones in use again."""
    for tab_bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        tab_bar.hide()
    return window.restoreState(state)


def shape_for_area(dock: QDockWidget, window: QMainWindow) -> None:
    """A dock view's parts side by side under the picture, one above the other in a side column:
    its top-level box layout if that was made as a row, else its splitter, turns to fit."""
    content = dock.widget()
    if content is None:
        return
    upright = window.dockWidgetArea(dock) in (LEFT, RIGHT)
    layout = content.layout()
    if isinstance(layout, QBoxLayout):
        if layout.property("madeAsRow") is None:
            layout.setProperty("madeAsRow", layout.direction() == QBoxLayout.Direction.LeftToRight)
        if layout.property("madeAsRow"):
            layout.setDirection(QBoxLayout.Direction.TopToBottom if upright else QBoxLayout.Direction.LeftToRight)
            return
    splitter = content.findChild(QSplitter, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if splitter is not None:
        splitter.setOrientation(Qt.Orientation.Vertical if upright else Qt.Orientation.Horizontal)
