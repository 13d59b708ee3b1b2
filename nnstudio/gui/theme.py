"""Colours for every student, on a projector too: the window follows the system's light or dark
palette, with greyed-out text that stays readable (4.5:1); View ▸ High contrast (remembered)
makes it black on white, or white on black in a dark theme, with strong edges. The plots follow:
their background is the palette's, their text and axes its text colour (see views/palette.py)."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from nnstudio.gui.settings import app_settings
from nnstudio.gui.views.palette import (
    TEXT_CONTRAST,
    PlotTheme,
    contrast_ratio,
    over,
    plot_theme,
    readable_on,
    relative_luminance,
    set_plot_theme,
)
from nnstudio.gui.views.plotting import restyle_plots

HIGH_CONTRAST_KEY = "ui/high_contrast"
Role, Group = QPalette.ColorRole, QPalette.ColorGroup
# Against what greyed-out text is read: the window, an input field, a button.
TEXT_ON = ((Role.WindowText, Role.Window), (Role.Text, Role.Base), (Role.ButtonText, Role.Button),
           (Role.PlaceholderText, Role.Base))
ERROR_ON_LIGHT, ERROR_ON_DARK = "#B00020", "#FF8A80"

_system: Optional[QPalette] = None  # the palette before ours (the platform's, or a test's)
_applied: Optional[QPalette] = None  # the palette we set last


def is_dark(palette: QPalette) -> bool:
    return relative_luminance(palette.color(Group.Active, Role.Window)) < 0.18


def readable_greyed_text(palette: QPalette, ratio: float = TEXT_CONTRAST) -> QPalette:
    """``palette`` with its disabled text and placeholder text pushed to ``ratio`` against their
    backgrounds (Fusion's light grey reads 1.6:1 on a projector); still greyer than enabled text."""
    result = QPalette(palette)
    for text_role, background_role in TEXT_ON:
        backgrounds = [palette.color(group, background_role) for group in (Group.Active, Group.Disabled)]
        groups = (Group.Active, Group.Inactive, Group.Disabled) if text_role == Role.PlaceholderText else (
            Group.Disabled,)
        for group in groups:
            colour = over(palette.color(group, text_role), palette.color(group, background_role))  # as drawn
            for background in backgrounds:
                if contrast_ratio(colour, background) < ratio:
                    colour = readable_on(colour, background, ratio)
            result.setColor(group, text_role, colour)
    return result


def high_contrast_palette(dark: bool) -> QPalette:
    """Black on white (white on black when ``dark``), strong edges, a selection that stands out."""
    ink, paper = (QColor("#FFFFFF"), QColor("#000000")) if dark else (QColor("#000000"), QColor("#FFFFFF"))
    greyed = QColor("#A6A6A6") if dark else QColor("#595959")  # 7:1
    highlight, on_highlight = (QColor("#FFD400"), QColor("#000000")) if dark else (QColor("#0040A0"), QColor("#FFFFFF"))
    palette = QPalette()
    for group in (Group.Active, Group.Inactive, Group.Disabled):
        for role in (Role.Window, Role.Base, Role.AlternateBase, Role.Button, Role.ToolTipBase, Role.Light,
                     Role.Midlight):
            palette.setColor(group, role, paper)
        for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.ToolTipText, Role.BrightText,
                     Role.Mid, Role.Dark, Role.Shadow, Role.PlaceholderText):
            palette.setColor(group, role, ink)
        palette.setColor(group, Role.Highlight, highlight)
        palette.setColor(group, Role.HighlightedText, on_highlight)
        palette.setColor(group, Role.Link, QColor("#8AB4FF") if dark else QColor("#0000C0"))
        palette.setColor(group, Role.LinkVisited, QColor("#D0A0FF") if dark else QColor("#551A8B"))
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        palette.setColor(Group.Disabled, role, greyed)
    palette.setColor(Group.Disabled, Role.Highlight, greyed)
    return palette


def saved_high_contrast(settings: QSettings) -> bool:
    return str(settings.value(HIGH_CONTRAST_KEY, "false")).lower() == "true"


def apply_theme(high_contrast: bool) -> PlotTheme:
    """Set the application's palette (the system's, readable when greyed out; or high contrast)
    and the plots' colours to match, also for the plots already on screen."""
    global _system, _applied
    app = QGuiApplication.instance()
    if app is None:
        return plot_theme()
    if _applied is None or app.palette() != _applied:  # the system's (or a test's) palette changed
        _system = QPalette(app.palette())
    dark = is_dark(_system)
    palette = high_contrast_palette(dark) if high_contrast else readable_greyed_text(_system)
    QApplication.setPalette(palette)
    _applied = QApplication.palette()
    theme = PlotTheme(background=palette.color(Group.Active, Role.Base).name(),
                      foreground=palette.color(Group.Active, Role.Text).name(), high_contrast=high_contrast)
    old = set_plot_theme(theme)
    if old != theme:
        restyle_plots(old, theme)
    return theme


def error_text_colour() -> str:
    """Red text readable (4.5:1) on the window's background, light or dark."""
    background = QApplication.palette().color(Group.Active, Role.Window)
    base = ERROR_ON_DARK if is_dark(QApplication.palette()) else ERROR_ON_LIGHT
    return readable_on(base, background, TEXT_CONTRAST).name()


class HighContrastOption(QObject):
    """View ▸ High contrast, added to ``view_menu`` (its action owned by ``parent``): remembered
    in the settings, applied at once."""

    def __init__(self, parent: QWidget, view_menu: QMenu) -> None:
        super().__init__(parent)
        self.action = QAction(parent, objectName="highContrastAction", checkable=True)
        self.action.setChecked(saved_high_contrast(app_settings()))
        self.action.toggled.connect(self.choose)
        view_menu.addAction(self.action)
        self.retranslate()

    def choose(self, on: bool) -> None:
        settings = app_settings()
        settings.setValue(HIGH_CONTRAST_KEY, "true" if on else "false")
        settings.sync()
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        apply_theme(on)

    def retranslate(self) -> None:
        self.action.setText(self.tr("High contrast"))
        self.action.setToolTip(self.tr("Black on white (white on black in a dark theme) with strong edges: "
                                       "for a projector or low vision"))
