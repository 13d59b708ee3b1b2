"""Readable on a washed-out projector and in a dark theme: contrast ratios (WCAG 2) computed from
the window's palette and the plots' colours; training and validation curves told apart without
colour; a high-contrast option; plots that follow a dark palette."""

import re

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QApplication

from nnstudio.gui import theme
from nnstudio.gui.views.palette import (
    CLASS_COLOURS,
    GRAPHICS_CONTRAST,
    LR_COLOUR,
    MODEL_COLOUR,
    STEP_COLOUR,
    TEXT_CONTRAST,
    TRAIN_COLOUR,
    VAL_COLOUR,
    PlotTheme,
    contrast_ratio,
    edge_colour,
    over,
    plot_theme,
    set_plot_theme,
)

Role, Group = QPalette.ColorRole, QPalette.ColorGroup
DARK_BASE = "#1e1e1e"
THEMES = [PlotTheme(), PlotTheme(background=DARK_BASE, foreground="#e6e6e6"),
          PlotTheme(high_contrast=True), PlotTheme(background="#000000", foreground="#ffffff", high_contrast=True)]


def dark_palette() -> QPalette:
    """A dark system theme, as a desktop in dark mode gives Qt."""
    palette = QPalette()
    colours = {Role.Window: "#2b2b2b", Role.WindowText: "#e6e6e6", Role.Base: DARK_BASE, Role.Text: "#e6e6e6",
               Role.Button: "#353535", Role.ButtonText: "#e6e6e6", Role.Highlight: "#3d7bd9",
               Role.HighlightedText: "#ffffff", Role.PlaceholderText: "#9a9a9a", Role.AlternateBase: "#262626"}
    for group in (Group.Active, Group.Inactive, Group.Disabled):
        for role, colour in colours.items():
            palette.setColor(group, role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#5a5a5a"))  # 2:1, too faint on a projector
    return palette


@pytest.fixture
def restored_theme(qapp):
    """Put back the application's palette and the plots' theme after the test."""
    palette, plots = QPalette(qapp.palette()), plot_theme()
    yield
    QApplication.setPalette(palette)
    theme.apply_theme(False)
    set_plot_theme(plots)


# --- fast ---

def test_contrast_ratio_is_wcag_2s():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("plots", THEMES, ids=["light", "dark", "high contrast", "high contrast dark"])
def test_plot_lines_markers_and_text_stand_out_from_the_background(plots):
    previous = set_plot_theme(plots)
    try:
        background = plots.background
        assert contrast_ratio(plots.foreground, background) >= TEXT_CONTRAST  # axes, titles, legends
        for line in (TRAIN_COLOUR, VAL_COLOUR, LR_COLOUR, STEP_COLOUR):
            assert contrast_ratio(line, background) >= GRAPHICS_CONTRAST, line
        for colour in CLASS_COLOURS:  # hollow validation rings and legend squares
            assert contrast_ratio(edge_colour(colour), background) >= GRAPHICS_CONTRAST, colour
        # Text on a legend drawn over shading or curves.
        assert contrast_ratio(plots.foreground, over(plots.legend_brush, background)) >= TEXT_CONTRAST
    finally:
        set_plot_theme(previous)
    assert MODEL_COLOUR == PlotTheme().foreground  # the model's curve is drawn in the foreground


def test_class_colours_keep_their_hue_when_darkened_for_white():
    orange = QColor(CLASS_COLOURS[1])
    assert contrast_ratio(orange, "#ffffff") < GRAPHICS_CONTRAST  # Okabe–Ito orange: 2.25:1
    darker = edge_colour(orange)
    assert contrast_ratio(darker, "#ffffff") >= GRAPHICS_CONTRAST
    assert abs(darker.hslHue() - orange.hslHue()) <= 3


def test_greyed_out_text_is_readable_but_still_grey(qapp):
    for palette in (QPalette(qapp.style().standardPalette()), dark_palette()):
        fixed = theme.readable_greyed_text(palette)
        for text_role, background_role in theme.TEXT_ON:
            greyed = fixed.color(Group.Disabled, text_role)
            for group in (Group.Active, Group.Disabled):
                assert contrast_ratio(greyed, fixed.color(group, background_role)) >= TEXT_CONTRAST
            enabled = fixed.color(Group.Active, Role.Text if text_role == Role.PlaceholderText else text_role)
            assert greyed != enabled  # still tells disabled from enabled


@pytest.mark.parametrize("dark", [False, True])
def test_the_high_contrast_palette(dark):
    palette = theme.high_contrast_palette(dark)
    window, text = palette.color(Role.Window), palette.color(Role.WindowText)
    assert contrast_ratio(text, window) == pytest.approx(21.0)
    assert contrast_ratio(palette.color(Group.Disabled, Role.Text), palette.color(Role.Base)) >= 7.0
    assert contrast_ratio(palette.color(Role.HighlightedText), palette.color(Role.Highlight)) >= 7.0
    assert theme.is_dark(palette) is dark


def test_validation_curves_differ_from_training_curves_without_colour(qtbot):
    from nnstudio.gui.views import AccuracyView, LossView

    for view in (LossView(), AccuracyView()):
        qtbot.addWidget(view)
        epochs = np.arange(1.0, 101.0)
        if isinstance(view, LossView):
            view.set_history(epochs, np.linspace(1, 0.2, 100), np.linspace(1, 0.3, 100))
        else:
            view.set_history(epochs, np.linspace(0.5, 0.9, 100), np.linspace(0.5, 0.8, 100))
        assert view.train_curve.opts["symbol"] is None
        marks_x, _ = view.val_marks.getData()
        assert view.val_marks.opts["symbol"] == "t" and 5 <= len(marks_x) <= 20  # triangles along it
        samples = {label.text: sample.item for sample, label in view.legend.items}
        assert samples["validation"].opts["symbol"] == "t" and samples["train"].opts["symbol"] is None


def test_red_error_text_is_readable_on_light_and_dark(qapp, restored_theme):
    for palette in (QPalette(qapp.style().standardPalette()), dark_palette()):
        QApplication.setPalette(palette)
        assert contrast_ratio(theme.error_text_colour(), palette.color(Role.Window)) >= TEXT_CONTRAST


# --- slow: the window ---

def test_the_window_follows_a_dark_system_palette(make_window, qtbot, qapp, restored_theme):
    QApplication.setPalette(dark_palette())
    window = make_window()
    plots = [widget for widget in window.findChildren(pg.PlotWidget)]
    assert len(plots) > 10
    for plot in plots:  # no white plot glares beside the dark panels
        background = plot.backgroundBrush().color()
        assert background == QColor(DARK_BASE), plot.objectName()
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            assert contrast_ratio(axis.textPen().color(), background) >= TEXT_CONTRAST
        title = plot.getPlotItem().titleLabel
        if title.text:
            drawn = re.search(r"color:(#[0-9a-fA-F]{6})", title.item.toHtml()).group(1)  # as it is drawn
            assert contrast_ratio(drawn, background) >= TEXT_CONTRAST, plot.objectName()
    greyed = qapp.palette().color(Group.Disabled, Role.WindowText)
    assert contrast_ratio(greyed, qapp.palette().color(Role.Window)) >= TEXT_CONTRAST
    message = window.docks.model_builder.message.styleSheet()
    assert contrast_ratio(message.split("color:")[1].strip(" ;"), qapp.palette().color(Role.Window)) >= TEXT_CONTRAST


def test_high_contrast_is_a_view_option_applied_at_once_and_remembered(make_window, qtbot, qapp, restored_theme):
    window = make_window()
    action = window.findChild(QAction, "highContrastAction")
    assert action in window.view_menu.actions() and not action.isChecked()
    action.trigger()
    palette = qapp.palette()
    assert palette.color(Role.Window) == QColor("#ffffff") and palette.color(Role.WindowText) == QColor("#000000")
    loss_plot = window.views.loss_view.plot
    assert loss_plot.backgroundBrush().color() == QColor("#ffffff")
    assert window.views.loss_view.legend.opts["pen"].color() == QColor("#000000")  # a firm edge
    second = make_window()
    assert second.findChild(QAction, "highContrastAction").isChecked()  # remembered
    second.findChild(QAction, "highContrastAction").trigger()
    assert qapp.palette().color(Role.Window) != QColor("#ffffff")  # the system's palette again


def test_legend_samples_follow_a_palette_changed_while_the_window_is_open(make_window, qtbot, qapp, restored_theme):
    """The best-epoch line's sample in the loss legend is drawn nowhere else: it follows too."""
    window = make_window({"train": {"epochs": 3}})
    window.session.start()
    view = window.views.loss_view
    qtbot.waitUntil(lambda: window.session.status == "idle" and view.best_epoch is not None, timeout=60_000)
    QApplication.setPalette(dark_palette())
    theme.apply_theme(False)
    background = view.plot.backgroundBrush().color()
    assert background == QColor(DARK_BASE)
    samples = [sample.item for sample, _ in view.legend.items]
    assert view.best_sample in samples
    # The legend draws a sample's triangle with the item's scatter: the curve's colour, edged in the background's.
    triangle = view.val_sample.scatter.opts
    assert triangle["brush"].color() == QColor(VAL_COLOUR) and triangle["pen"].color() == QColor(DARK_BASE)
    for item in samples:
        pen = item.opts["pen"]
        colour = pg.mkPen(pen).color() if pen is not None else None
        if colour is not None and colour.alpha() == 255:
            assert contrast_ratio(colour, background) >= GRAPHICS_CONTRAST, (item, colour.name())


def test_the_network_diagram_follows_a_dark_palette_changed_while_the_window_is_open(
        make_window, qtbot, qapp, restored_theme):
    window = make_window({"data": {"dataset": "circles", "n_samples": 200}, "model": {"hidden": [4]}})
    view = window.docks.network_view
    window.docks.show_dock(window.docks.network_dock)
    qtbot.waitUntil(lambda: view.drawn, timeout=10_000)
    QApplication.setPalette(dark_palette())
    theme.apply_theme(False)
    canvas = view.canvas
    # No white diagram glares beside the dark panels: its background is the plots' (a corner of it).
    qtbot.waitUntil(lambda: canvas.grab().toImage().pixelColor(2, 2) == QColor(DARK_BASE), timeout=5_000)
    texts = [item for item in view.scene.items() if hasattr(item, "text") and item.text()]
    assert len(texts) >= 5  # the headings and the inputs' names
    for item in texts:
        assert contrast_ratio(item.brush().color(), QColor(DARK_BASE)) >= TEXT_CONTRAST, item.text()
    for node in (node for column in view.nodes for node in column):  # each node's frame stands out
        assert contrast_ratio(node.frame.pen().color(), QColor(DARK_BASE)) >= GRAPHICS_CONTRAST


def drawn_colours(image, at_least: int = 12) -> dict[str, int]:
    """The colours of ``image`` (a QImage) covering at least ``at_least`` pixels, by name."""
    counts: dict[str, int] = {}
    for y in range(image.height()):
        for x in range(image.width()):
            name = image.pixelColor(x, y).name()
            counts[name] = counts.get(name, 0) + 1
    return {name: count for name, count in counts.items() if count >= at_least}


PALETTES = {"light": lambda qapp: QPalette(qapp.style().standardPalette()), "dark": lambda qapp: dark_palette(),
            "high contrast": lambda qapp: theme.high_contrast_palette(False),
            "high contrast dark": lambda qapp: theme.high_contrast_palette(True)}


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_layers_bars_and_map_frames_stand_out_in_every_theme(qtbot, qapp, name):
    """Inside the model draws its bars, zero line, the predicted class's mark and the maps' frames
    and focus ring in colours from the palette: 3:1 against the background it is drawn on."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from nnstudio.gui.views.layers_view import RING, UNDERLINE, Bars, MapTile

    palette = PALETTES[name](qapp)
    background = palette.color(Role.Window)
    host = QWidget()
    host.setPalette(palette)
    host.setAutoFillBackground(True)  # as the layers' scroll area draws it
    qtbot.addWidget(host)
    dense, output = Bars(), Bars()
    keys = type("Keys", (), {"enlarged": None, "map_focused": lambda self, tile: None})()
    tile = MapTile(lambda: None, 42, keys)
    layout = QVBoxLayout(host)
    for widget in (dense, output, tile):
        layout.addWidget(widget)
    host.resize(300, 200)
    host.show()
    qtbot.waitExposed(host)
    dense.set_values(np.array([0.5, -1.0, 0.25, 1.0, -0.3]))
    output.set_values(np.array([0.1, 0.7, 0.2]), probabilities=True, highlight=1, names=["a", "b", "c"])
    tile.setPixmap(pg.QtGui.QPixmap())  # an empty map: the frame alone tells where it is

    colours = drawn_colours(dense.grab().toImage())
    assert background.name() in colours
    drawn = [colour for colour in colours if colour != background.name()]
    assert len(drawn) >= 3  # orange bars, blue bars, the zero line
    for colour in drawn:
        assert contrast_ratio(colour, background) >= GRAPHICS_CONTRAST, (name, colour)

    # The predicted class is underlined in the text's colour: told apart without colour.
    text = palette.color(Role.WindowText)
    image = output.grab().toImage()
    zero_line = output.height() - output.fontMetrics().height() - UNDERLINE - 1
    bars = [x for x in range(image.width()) if image.pixelColor(x, zero_line) != background]
    underlined = [x for x in range(image.width()) if image.pixelColor(x, output.height() - 1) == text]
    third = (bars[-1] + 1 - bars[0]) / 3
    assert len(underlined) >= third / 2 and all(bars[0] + third <= x < bars[0] + 2 * third for x in underlined)
    assert contrast_ratio(text, background) >= TEXT_CONTRAST

    frame = tile.grab().toImage().pixelColor(RING, tile.height() // 2)
    assert contrast_ratio(frame, background) >= GRAPHICS_CONTRAST, (name, frame.name())
    tile.setFocus()
    qtbot.waitUntil(lambda: tile.grab().toImage().pixelColor(1, 1) != background, timeout=5000)
    ring = tile.grab().toImage().pixelColor(1, 1)
    assert contrast_ratio(ring, background) >= GRAPHICS_CONTRAST, (name, ring.name())


def test_inside_the_model_follows_a_dark_palette_changed_while_the_window_is_open(
        make_window, qtbot, qapp, restored_theme, tmp_path):
    from nnstudio.gui.views.layers_view import RING
    from tests.image_sets import noise_mnist

    window = make_window({"data": {"dataset": "mnist", "data_dir": noise_mnist(tmp_path)},
                          "model": {"preset": "cnn", "hidden": [8]}})
    view = window.docks.layers_view
    window.docks.show_dock(window.docks.layers_dock)
    qtbot.waitUntil(lambda: view.picture is not None and view.layer_scroll.isVisible(), timeout=20_000)
    QApplication.setPalette(dark_palette())
    theme.apply_theme(False)
    background = dark_palette().color(Role.Window)
    bars = [row.bars for row in view.rows if row.bars is not None]
    assert [row.kind for row in view.rows if row.bars is not None] == ["dense", "output"]
    # As drawn in the window: the list behind the layers is dark, every bar and line stands out on it.
    qtbot.waitUntil(lambda: bars[0].grab().toImage().pixelColor(0, 0) == background, timeout=5000)
    image = bars[0].grab().toImage()
    colours = [colour for colour in drawn_colours(image, at_least=4) if colour != background.name()]
    assert colours
    for colour in colours:
        assert contrast_ratio(colour, background) >= GRAPHICS_CONTRAST, colour
    for row in view.rows:
        assert contrast_ratio(row.title.palette().color(Role.WindowText), background) >= TEXT_CONTRAST
        for tile in row.tiles:
            frame = tile.grab().toImage().pixelColor(RING, tile.height() // 2)
            assert contrast_ratio(frame, background) >= GRAPHICS_CONTRAST
