"""Large text: View ▸ Text size sets the application's font from 9 to 20 pt (remembered), or
leaves the desktop's. Panels and menus follow the font by themselves; this module makes the
plots' titles, axis labels, tick labels and legends follow it too, now and whenever the font
changes (also when the desktop's font changes under a running app). The zoom actions (Ctrl+= /
Ctrl+- / Ctrl+0) and presentation mode scale on top of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QFont
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu

from nnstudio.gui.settings import app_settings

if TYPE_CHECKING:
    from nnstudio.gui.presentation import Presentation

TEXT_SIZE_KEY = "ui/text_points"
DESKTOP = 0  # the desktop's own font size
TEXT_SIZES = (9, 10, 11, 12, 14, 16, 18, 20)  # points the menu offers
LARGE_POINTS = 12  # above this the side panels start as narrow as their text allows

_desktop: Optional[QFont] = None  # the application font before ours (the desktop's, or a test's)
_applied: Optional[QFont] = None  # the font we set last


def saved_text_size(settings: QSettings) -> int:
    """The remembered size in points, or DESKTOP (also for anything that is not one of TEXT_SIZES)."""
    try:
        points = int(str(settings.value(TEXT_SIZE_KEY, DESKTOP)))
    except ValueError:
        return DESKTOP
    return points if points in TEXT_SIZES else DESKTOP


def desktop_points() -> float:
    """The desktop's font size in points (what DESKTOP gives)."""
    font = _desktop if _desktop is not None else QApplication.font()
    return font.pointSizeF() if font.pointSizeF() > 0 else 9.0


def apply_text_size(points: int) -> None:
    """The application font at ``points`` (DESKTOP: the desktop's font again)."""
    global _desktop, _applied
    current = QApplication.font()
    if _desktop is None or _applied is None or current != _applied:
        _desktop = QFont(current)  # not ours: the desktop's (it may have changed since)
    font = QFont(_desktop)
    if points != DESKTOP:
        font.setPointSizeF(points)
    _applied = font
    if current != font:
        QApplication.setFont(font)


class TextSizeMenu(QObject):
    """View ▸ Text size, and the plots' text following the application font."""

    def __init__(self, window: QMainWindow, presentation: Presentation, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.presentation = presentation
        self._built_with = QApplication.font()
        self._font_changed = False
        # The default layout is made for a usual desktop font; larger text starts with it fitted.
        self._fitted_to: Optional[QFont] = None if QApplication.font().pointSizeF() > LARGE_POINTS else QApplication.font()
        self.menu = QMenu(window, objectName="textSizeMenu")
        view_menu.addMenu(self.menu)
        group = QActionGroup(self.menu, exclusive=True)
        self.actions: dict[int, QAction] = {}
        for points in (DESKTOP, *TEXT_SIZES):
            action = QAction(self.menu, objectName=f"textSize{points}Action", checkable=True)
            action.triggered.connect(lambda _=False, points=points: self.choose(points))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[points] = action
        self.actions[saved_text_size(app_settings())].setChecked(True)
        self._timer = QTimer(self, singleShot=True, interval=0)  # one pass for a burst of font events
        self._timer.timeout.connect(self.apply)
        window.installEventFilter(self)
        self.retranslate()
        self.apply()

    @property
    def points(self) -> int:
        """The chosen size (DESKTOP for the desktop's)."""
        return next(points for points, action in self.actions.items() if action.isChecked())

    def choose(self, points: int) -> None:
        """Use ``points`` (DESKTOP: the desktop's size) from now on, and next time too."""
        settings = app_settings()
        settings.setValue(TEXT_SIZE_KEY, points)
        settings.sync()
        self.actions[points if points in self.actions else DESKTOP].setChecked(True)
        apply_text_size(points)
        self._timer.start()  # after the widgets have taken the font in

    def apply(self) -> None:
        """The plots at the application's text size times the zoom in effect; the docks' titles."""
        self.presentation.set_zoom(self.presentation.zoom)
        # A dock draws its title in the font the application had when the dock was made, as long
        # as its own font equals the application's (Qt's QDockWidget::paintEvent): once the font
        # has changed, a font of its own, the same but for a style strategy that changes nothing
        # drawn, has it drawn at the new size.
        self._font_changed = self._font_changed or QApplication.font() != self._built_with
        if self._font_changed:
            font = QFont(QApplication.font())
            font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
            for dock in self.window.findChildren(QDockWidget):
                dock.setFont(font)
        self._fit_side_docks()

    def _fit_side_docks(self) -> None:
        """After a change of size, the panels at the sides as narrow as their new text allows, so
        the plots in the middle get the width (a dock otherwise keeps asking for the width its
        contents once had). A layout the user saves is restored over this at the next start."""
        if QApplication.font() == self._fitted_to:
            return
        self._fitted_to = QApplication.font()
        sides = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        docks = [dock for dock in self.window.findChildren(QDockWidget)
                 if not dock.isHidden() and not dock.isFloating() and self.window.dockWidgetArea(dock) in sides]
        widths = {area: max((dock.minimumSizeHint().width() for dock in docks
                             if self.window.dockWidgetArea(dock) == area), default=0) for area in sides}
        self.window.resizeDocks(docks, [widths[self.window.dockWidgetArea(dock)] for dock in docks],
                                Qt.Orientation.Horizontal)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Text size"))
        self.menu.setToolTip(self.tr("The size of all text, the plots' too"))
        self.actions[DESKTOP].setText(self.tr("The desktop's ({points} pt)").format(points=f"{desktop_points():g}"))
        for points in TEXT_SIZES:
            self.actions[points].setText(self.tr("{points} pt").format(points=points))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._timer.start()
        elif event.type() == QEvent.Type.LanguageChange:  # before the window gives menus mnemonics
            self.retranslate()
        return False
