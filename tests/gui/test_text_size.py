"""Large text: View ▸ Text size sets the application font from 9 to 20 pt (remembered); the panels,
the plots' titles, axes and legends follow it; at 16 pt the window still fits a 1920×1080 screen
and the dataset list shows its rows; check boxes grow with their text, their edge at 3:1."""

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QStyle, QStyleOptionButton

from nnstudio.gui.indicators import use_readable_indicators
from nnstudio.gui.settings import app_settings
from nnstudio.gui.text_size import DESKTOP, TEXT_SIZE_KEY, apply_text_size, saved_text_size
from nnstudio.gui.views.palette import GRAPHICS_CONTRAST, contrast_ratio
from nnstudio.gui.views.plotting import labelled_plot
from nnstudio.gui.views.zoom import TITLE_SCALE

SCREEN = (1920, 1080)
TASKBAR = 48  # what a desktop's panel leaves of the screen's height, at most


@pytest.fixture(autouse=True)
def _desktop_font_again():
    yield
    apply_text_size(DESKTOP)  # the next test starts with the font it would have had


def choose(window, qtbot, points: int) -> None:
    window.findChild(QAction, f"textSize{points}Action").trigger()
    if points != DESKTOP:
        qtbot.waitUntil(lambda: QApplication.font().pointSizeF() == points, timeout=5_000)


def plot_points(plot) -> dict[str, float]:
    """The sizes (points) of a plot's title, bottom axis ticks and label, and legend text."""
    item = plot.getPlotItem()
    axis = item.getAxis("bottom")
    sizes = {"ticks": axis.style["tickFont"].pointSizeF(),
             "axis label": float(axis.labelStyle["font-size"].removesuffix("pt"))}
    if item.titleLabel.text:
        sizes["title"] = float(item.titleLabel.opts["size"].removesuffix("pt"))
    if item.legend is not None:
        sizes["legend"] = float(item.legend.opts["labelTextSize"].removesuffix("pt"))
    return sizes


def test_the_plots_follow_the_chosen_text_size_and_it_is_remembered(make_window, qtbot, tmp_path):
    window = make_window()
    desktop = QApplication.font().pointSizeF()
    menu = window.findChild(QAction, f"textSize{DESKTOP}Action")
    assert menu.isChecked() and f"{desktop:g} pt" in menu.text()

    for points in (20, 9, 16):
        choose(window, qtbot, points)
        for plot in (window.views.loss_view.plot, window.views.accuracy_view.plot, window.views.boundary_view.plot,
                     window.docks.dataset_panel.preview):
            qtbot.waitUntil(lambda plot=plot: plot_points(plot)["ticks"] == points, timeout=5_000)
            sizes = plot_points(plot)
            assert sizes.get("title", points * TITLE_SCALE) == pytest.approx(points * TITLE_SCALE, abs=0.05)
            assert sizes["axis label"] == pytest.approx(points, abs=0.05)
            if "legend" in sizes:
                assert sizes["legend"] == pytest.approx(points, abs=0.05)
        # The panels' texts too: a form label, a dock's title, the confusion matrix's title.
        assert window.docks.train_dock.font().pointSizeF() == points
        label = window.docks.train_form.findChild(QLabel)
        assert label.font().pointSizeF() == points
        title = window.views.confusion_view.title_label  # (hidden behind the boundary view)
        qtbot.waitUntil(lambda: title.font().pointSizeF() == pytest.approx(points * 1.25), timeout=5_000)

    assert saved_text_size(app_settings()) == 16
    second = make_window()  # the next start: at 16 pt, the choice ticked
    assert QApplication.font().pointSizeF() == 16
    assert second.findChild(QAction, "textSize16Action").isChecked()

    choose(window, qtbot, DESKTOP)
    assert QApplication.font().pointSizeF() == desktop
    assert saved_text_size(app_settings()) == DESKTOP
    qtbot.waitUntil(lambda: plot_points(window.views.loss_view.plot)["ticks"] == desktop, timeout=5_000)


def test_at_16_pt_the_window_fits_a_full_hd_screen_and_the_dataset_list_shows_its_rows(make_window, qtbot):
    window = make_window()
    choose(window, qtbot, 16)
    qtbot.waitUntil(lambda: window.docks.dataset_panel.list.font().pointSizeF() == 16, timeout=5_000)
    needed = window.minimumSizeHint()
    assert needed.width() <= SCREEN[0] and needed.height() <= SCREEN[1] - TASKBAR, needed
    window.resize(SCREEN[0], SCREEN[1] - TASKBAR)
    qtbot.waitUntil(lambda: window.width() == SCREEN[0], timeout=5_000)
    for dock in (window.docks.dataset_dock, window.docks.train_dock):  # each as wide as its panel needs
        qtbot.waitUntil(lambda dock=dock: dock.width() >= dock.widget().minimumSizeHint().width(), timeout=5_000)
        assert dock.geometry().right() < SCREEN[0]
    assert window.centralWidget().width() >= 900  # the rest for the plots
    window.views.boundary_view.set_teaching(True)  # as while training: "Click adds: class 0" joins the row
    combo = window.views.boundary_view.teach_class_combo
    qtbot.waitUntil(lambda: combo.isVisible() and combo.width() >= combo.sizeHint().width(), timeout=5_000)
    assert window.width() == SCREEN[0]
    cut = [box.objectName() for box in window.centralWidget().findChildren(QCheckBox)
           if box.isVisible() and box.width() < box.sizeHint().width()]
    assert cut == []  # the views' check boxes wrap onto a second line rather than being cut off
    assert window.minimumSizeHint().width() <= SCREEN[0]
    listed = window.docks.dataset_panel.list
    rows_in_view = listed.viewport().height() // listed.sizeHintForRow(1)
    assert rows_in_view >= 8, rows_in_view  # was about 4 before the list kept a minimum
    assert listed.sizeHintForRow(1) >= listed.fontMetrics().height()  # rows at the large font


def test_at_16_pt_the_compare_panel_shows_its_label_and_three_models_in_its_docks_height(make_window, qtbot):
    window = make_window()
    choose(window, qtbot, 16)
    window.showNormal()
    window.resize(SCREEN[0], SCREEN[1] - TASKBAR)
    qtbot.waitUntil(lambda: window.width() == SCREEN[0], timeout=5_000)
    dock, panel = window.docks.compare_dock, window.docks.compare_panel
    dock.toggleViewAction().trigger()  # View ▸ Compare models: the dock at its default height
    listed = panel.model_list
    qtbot.waitUntil(lambda: listed.isVisible() and listed.font().pointSizeF() == 16, timeout=5_000)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    qtbot.waitUntil(lambda: listed.viewport().height() // listed.sizeHintForRow(0) >= 3, timeout=5_000)
    for label in panel.findChildren(QLabel):  # none cut at the top or bottom
        if label.isVisible() and label.text():
            needed = label.heightForWidth(label.width()) if label.wordWrap() else label.minimumSizeHint().height()
            assert label.height() >= needed, (label.text(), label.height(), needed)
    assert dock.height() <= 0.4 * window.height()  # the picture keeps the rest


def drawn_tick_labels(axis) -> list[str]:
    """The tick labels an axis draws (pyqtgraph leaves out one that would stick out of it)."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in specs[2]] if specs else []


def test_at_16_pt_the_learning_rate_axis_keeps_its_last_tick_label(make_window, qtbot):
    window = make_window()
    choose(window, qtbot, 16)
    window.showNormal()
    window.resize(1600, 1000)  # the README's large-text shot: the chart's "300" was left out
    qtbot.waitUntil(lambda: window.width() == 1600, timeout=5_000)
    view = window.views.lr_view
    epochs = np.arange(1, 301)
    view.set_history(epochs, np.full(300, 0.01))
    axis = view.plot.getPlotItem().getAxis("bottom")
    qtbot.waitUntil(lambda: axis.style["tickFont"].pointSizeF() == 16, timeout=5_000)
    qtbot.waitUntil(lambda: view.plot.getPlotItem().viewRange()[0][1] > 300, timeout=5_000)
    assert "300" in drawn_tick_labels(axis), drawn_tick_labels(axis)


SMALL_MOONS = {"data": {"dataset": "moons", "n_samples": 200}, "model": {"hidden": [8]}, "train": {"epochs": 20}}


def test_a_plot_made_after_the_text_size_was_chosen_starts_at_it(make_window, qtbot):
    window = make_window(SMALL_MOONS)
    choose(window, qtbot, 16)
    # The Compare panel draws each model small in a plot it makes when the models are trained.
    window.docks.compare_dock.show()
    window.docks.compare_dock.raise_()
    panel = window.docks.compare_panel
    panel.set_models(["current"])
    with qtbot.waitSignal(panel.analysisFinished, timeout=120_000):
        panel.run_button.click()
    previews = panel.multiples.shown
    assert len(previews) == 2  # the baseline's and the model's
    for preview in previews:
        qtbot.waitUntil(preview.plot.isVisible, timeout=5_000)
        sizes = plot_points(preview.plot)
        assert sizes["ticks"] == 16 and sizes["axis label"] == pytest.approx(16)
        assert sizes["title"] == pytest.approx(16, abs=0.05)  # a small multiple's title: as large as the text
        title = preview.plot.getPlotItem().titleLabel
        assert title.maximumHeight() >= title.item.boundingRect().height()  # not cut at the top
    # Zoomed in (Ctrl+=), a plot made anywhere afterwards, in a window of its own, takes the zoom too.
    window.presentation.zoom_in_action.trigger()
    factor = window.presentation.zoom
    assert factor > 1
    plot, legend = labelled_plot("laterPlot", "Made later", "epoch", "loss")
    plot.plot([1, 2], [2, 1], name="train")
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitExposed(plot)
    sizes = plot_points(plot)
    assert sizes["ticks"] == pytest.approx(16 * factor, abs=0.05)
    assert sizes["axis label"] == pytest.approx(16 * factor, abs=0.05)
    assert sizes["legend"] == pytest.approx(16 * factor, abs=0.05)
    assert sizes["title"] == pytest.approx(16 * TITLE_SCALE * factor, abs=0.05)


def test_the_network_diagrams_labels_follow_the_text_size_at_once(make_window, qtbot):
    window = make_window({"data": {"dataset": "circles", "n_samples": 200, "features": ["x1", "x2", "x1^2"]},
                          "model": {"hidden": [4, 2]}})
    view = window.docks.network_view
    window.docks.network_dock.show()
    window.docks.network_dock.raise_()
    qtbot.waitUntil(lambda: view.drawn, timeout=10_000)
    texts = view.scene.items()
    labels = [item for item in texts if hasattr(item, "text") and item.text() in ("x₁", "x₂", "x₁²")]
    headers = [item for item in texts if hasattr(item, "text") and item.text() in ("Inputs", "Hidden 1", "Output")]
    assert len(labels) == 3 and len(headers) == 3
    choose(window, qtbot, 20)  # not training: the diagram is not drawn again, its labels follow anyway
    qtbot.waitUntil(lambda: all(item.font().pointSizeF() == 20 for item in headers), timeout=5_000)
    assert all(item.font().pointSizeF() == pytest.approx(20 * 1.15) for item in labels)
    assert all(item.font().bold() for item in headers)
    canvas = view.canvas
    viewport = canvas.viewport().rect()
    for item in labels + headers:  # laid out again for their new size: none cut off at the edge
        shown = item.deviceTransform(canvas.viewportTransform()).mapRect(item.boundingRect())
        assert viewport.contains(shown.toAlignedRect()), (item.text(), shown, viewport)


@pytest.mark.parametrize("stored", ["abc", "15", "100", "-3", ""])
def test_a_stored_text_size_not_offered_is_the_desktops(tmp_path, stored):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(TEXT_SIZE_KEY, stored)
    assert saved_text_size(settings) == DESKTOP
    settings.setValue(TEXT_SIZE_KEY, "14")
    assert saved_text_size(settings) == 14


def _dark(palette: QPalette) -> QPalette:
    dark = QPalette(palette)
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#e6e6e6")):
        dark.setColor(role, QColor(colour))
    return dark


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("points", [9, 16])
def test_a_check_box_grows_with_its_text_and_its_edge_stands_out(qtbot, theme, points):
    use_readable_indicators()
    box = QCheckBox("Early stopping")
    qtbot.addWidget(box)
    font = QFont(box.font())
    font.setPointSizeF(points)
    box.setFont(font)
    if theme == "dark":
        box.setPalette(_dark(box.palette()))
    box.show()
    qtbot.waitExposed(box)
    option = QStyleOptionButton()
    option.initFrom(box)
    square = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    assert square.height() >= 0.8 * box.fontMetrics().height() - 1  # 13 px at any size before
    image = box.grab().toImage()
    window = box.palette().color(QPalette.ColorRole.Window)
    edge = image.pixelColor(square.left(), square.center().y())
    assert contrast_ratio(edge, window) >= GRAPHICS_CONTRAST, (edge.name(), window.name())
