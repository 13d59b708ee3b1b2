"""Inside an image model: the layers dock, driven through the real window on real images."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from nnstudio.core.data.images import DEBIAN_FOLDERS
from nnstudio.gui import i18n
from tests.image_sets import noise_mnist

HAS_FASHION = (DEBIAN_FOLDERS["fashion_mnist"] / "t10k-images-idx3-ubyte.gz").exists()
FASHION_CNN = {
    "data": {"dataset": "fashion_mnist", "subset": 3000, "val_fraction": 0.2},
    "model": {"preset": "cnn", "hidden": [32]},
    "train": {"epochs": 4, "batch_size": 64, "lr": 0.003, "optimizer": "adam"},
}


def images(pixmaps):
    return [[pixmap.toImage() for pixmap in row] for row in pixmaps]


@pytest.mark.skipif(not HAS_FASHION, reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")
def test_the_layers_dock_fills_for_a_cnn_and_follows_training(make_window, qtbot):
    window = make_window(FASHION_CNN)
    dock, view = window.docks.layers_dock, window.docks.layers_view
    assert view.objectName() == "layersView" and dock.objectName() == "layersDock"
    assert dock.toggleViewAction() in window.docks.view_menu.actions()
    window.docks.show_dock(dock)
    assert "layers" in window.session.views
    qtbot.waitUntil(lambda: view.picture is not None, timeout=20_000)  # shown before training, too
    picture = view.picture
    assert [row.kind for row in view.rows] == ["conv", "pool", "conv", "pool", "dense", "output"]
    assert [len(row.tiles) for row in view.rows] == [16, 16, 16, 16, 0, 0]
    assert len([tile for tile in view.filter_tiles if not tile.isHidden()]) == 16
    assert view.class_combo.count() == 11 and view.class_combo.itemText(10) == "Ankle boot"
    untrained = images(view.map_pixmaps())

    window.session.start()
    seen_epochs = set()
    qtbot.waitUntil(lambda: seen_epochs.add(view.picture.epoch) or window.session.status == "idle"
                    and window.session.last_result is not None, timeout=120_000)
    qtbot.waitUntil(lambda: view.picture.epoch == 4, timeout=10_000)
    assert len(seen_epochs) >= 3  # it followed training, not only its end
    assert images(view.map_pixmaps()) != untrained
    assert view.picture.index == picture.index  # the same image, the new weights

    # A sample double-clicked in the sample browser, another random one, a class chosen for the
    # saliency, a map enlarged.
    tile = window.views.sample_browser.tiles[3]
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.picture.index == tile.index == 3, timeout=10_000)
    np.testing.assert_array_equal(view.picture.image, window.session.run_info.val_x[3])
    before = view.picture
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.picture is not before, timeout=10_000)
    target = (view.picture.predicted + 1) % 10
    view.class_combo.setCurrentIndex(target + 1)
    qtbot.waitUntil(lambda: view.picture.target == target, timeout=10_000)
    assert view.picture.saliency.shape == (28, 28)
    assert view.picture.predicted != target
    qtbot.mouseClick(view.rows[2].tiles[5], Qt.MouseButton.LeftButton)
    assert view.enlarged == (2, 5) and not view.zoom.pixmap().isNull()
    assert "map 6" in view.zoom_caption.text()
    window.language_menu.choose(i18n.CHINESE)
    try:
        assert view.rows[0].title.text().startswith("卷积层 1 + ReLU · 16×28×28")
        assert view.next_button.text() == "下一个样本" and "特征图 6" in view.zoom_caption.text()
    finally:
        window.language_menu.choose(i18n.ENGLISH)
    window.docks.layers_dock.hide()
    assert "layers" not in window.session.views


def test_an_mlp_on_images_shows_bars_and_its_weights_as_images(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "mnist", "data_dir": noise_mnist(tmp_path)},
                          "model": {"preset": "mlp", "hidden": [20]}})
    view = window.docks.layers_view
    window.docks.show_dock(window.docks.layers_dock)
    qtbot.waitUntil(lambda: view.picture is not None, timeout=20_000)
    assert [row.kind for row in view.rows] == ["dense", "output"]
    assert all(row.bars is not None and not row.tiles for row in view.rows)
    assert "weights" in view.filters_caption.text()
    assert view.content.isVisible() and not view.message.isVisible()


def test_while_paused_another_sample_or_class_shows_at_once(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "mnist", "data_dir": noise_mnist(tmp_path), "val_fraction": 0.25},
                          "model": {"preset": "cnn", "hidden": [8]}, "train": {"epochs": 5000, "lr": 0.01}})
    session, view = window.session, window.docks.layers_view
    window.docks.show_dock(window.docks.layers_dock)
    qtbot.waitUntil(lambda: view.picture is not None, timeout=20_000)
    session.start()
    qtbot.waitUntil(lambda: view.picture.epoch >= 2, timeout=60_000)
    session.toggle_pause()
    assert session.status == "paused"
    session.step()  # one more epoch: its end is a sure sign the run waits, paused
    qtbot.waitUntil(lambda: session.status == "paused", timeout=30_000)
    paused_at = int(session.history.epochs[-1])
    qtbot.waitUntil(lambda: view.picture.epoch == paused_at, timeout=10_000)
    tile = next(tile for tile in window.views.sample_browser.tiles if tile.index != view.picture.index)
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.picture.index == tile.index, timeout=10_000)
    target = (view.picture.predicted + 1) % 10
    view.class_combo.setCurrentIndex(target + 1)
    qtbot.waitUntil(lambda: view.picture.target == target, timeout=10_000)
    assert session.status == "paused" and view.picture.epoch == paused_at  # not resumed
    assert session.last_update.progress.epoch == paused_at
    window.docks.layers_dock.hide()  # closed and opened again during the pause: drawn at once
    before = view.picture
    window.docks.show_dock(window.docks.layers_dock)
    qtbot.waitUntil(lambda: view.picture is not before, timeout=10_000)
    assert (view.picture.index, view.picture.target, view.picture.epoch) == (tile.index, target, paused_at)
    session.stop()
    qtbot.waitUntil(lambda: session.status == "idle", timeout=30_000)


def draw_stroke(qtbot, canvas, points):
    """A stroke with the mouse through canvas ``points``."""
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for point in points[1:]:
        qtbot.mouseMove(canvas, QPoint(*point))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_a_drawing_from_the_draw_canvas_is_looked_inside(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "mnist", "data_dir": noise_mnist(tmp_path)},
                          "model": {"preset": "cnn", "hidden": [8]}})
    view, draw = window.docks.layers_view, window.draw_sample
    assert not draw.dock.isVisible() and window.dockWidgetArea(draw.dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    draw.action.trigger()
    panel = draw.panel
    assert not panel.inspect_button.isEnabled()  # nothing drawn yet
    canvas = panel.canvas
    draw_stroke(qtbot, canvas, [(140, y) for y in range(40, 250, 10)])
    assert panel.inspect_button.isEnabled() and panel.inspect_button.text() == "Look inside the model"
    qtbot.mouseClick(panel.inspect_button, Qt.MouseButton.LeftButton)
    # both in view, side by side: the canvas stays drawable while the layers show the drawing
    assert window.docks.layers_dock.isVisible() and draw.dock.isVisible()
    assert not window.tabifiedDockWidgets(draw.dock) or window.docks.layers_dock not in (
        window.tabifiedDockWidgets(draw.dock))
    assert draw.dock.geometry().right() < window.docks.layers_dock.geometry().left()
    qtbot.waitUntil(lambda: view.picture is not None and view.picture.index == -1, timeout=20_000)
    np.testing.assert_array_equal(view.picture.image, panel.model_input[None])  # what the model sees
    assert view.verdict.text().startswith("Your drawing: predicted ")
    assert view.image_caption.text() == "Your drawing and saliency"
    assert [row.kind for row in view.rows] == ["conv", "pool", "conv", "pool", "dense", "output"]

    # Another class for the saliency: still the drawing. Another stroke: the view follows it.
    target = (view.picture.predicted + 1) % 10
    view.class_combo.setCurrentIndex(target + 1)
    qtbot.waitUntil(lambda: view.picture.target == target, timeout=10_000)
    assert view.picture.index == -1
    first = view.picture.image.copy()
    draw_stroke(qtbot, canvas, [(x, 140) for x in range(40, 250, 10)])
    qtbot.waitUntil(lambda: not np.array_equal(view.picture.image, first), timeout=10_000)
    np.testing.assert_array_equal(view.picture.image, panel.model_input[None])
    assert view.picture.target == target

    # A random validation image again: the view says so.
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.picture.index >= 0, timeout=10_000)
    assert view.image_caption.text() == "Input and saliency" and view.verdict.text().startswith("Image ")


def test_the_maps_are_reached_and_enlarged_from_the_keyboard(make_window, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from nnstudio.gui.keyboard import mnemonic
    from nnstudio.gui.views.layers_view import MapTile
    from nnstudio.gui.views.palette import GRAPHICS_CONTRAST, contrast_ratio
    from tests.gui.test_keyboard import Keyboard, activate, menu_title

    window = make_window({"data": {"dataset": "mnist", "data_dir": noise_mnist(tmp_path)},
                          "model": {"preset": "cnn", "hidden": [8]}, "train": {"epochs": 5000}})
    view, dock = window.docks.layers_view, window.docks.layers_dock
    activate(window, qtbot)
    keys = Keyboard(qtbot, window)
    keys.menu(mnemonic(menu_title(window, "viewMenu")), dock.windowTitle())  # View ▸ Inside the model
    qtbot.waitUntil(lambda: view.picture is not None and view.rows and view.layer_scroll.isVisible(), timeout=20_000)
    assert dock.isAncestorOf(QApplication.focusWidget())

    # Tab reaches the maps: the first map of the first layer, named, with a ring.
    keys.tab_to(lambda widget: isinstance(widget, MapTile), limit=5)  # after the controls and the scroll area
    first = view.rows[0].tiles[0]
    assert QApplication.focusWidget() is first
    assert first.accessibleName() == "Convolution 1 + ReLU, map 1"
    assert view.rows[2].tiles[5].accessibleName() == "Convolution 2 + ReLU, map 6"
    background = view.layer_list.palette().color(view.layer_list.backgroundRole())
    qtbot.waitUntil(lambda: first.grab().toImage().pixelColor(1, 1) != background, timeout=5000)
    ring = first.grab().toImage().pixelColor(1, 1)
    assert contrast_ratio(ring, background) >= GRAPHICS_CONTRAST
    assert view.rows[0].tiles[1].grab().toImage().pixelColor(1, 1) == background  # no ring: not focused

    # Arrows move between maps and layers; Enter and Space enlarge (Space does not train); Esc closes.
    keys.press(Qt.Key.Key_Right)
    keys.press(Qt.Key.Key_Right)
    assert QApplication.focusWidget() is view.rows[0].tiles[2]
    keys.press(Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.rows[1].tiles[2]
    assert first.grab().toImage().pixelColor(1, 1) == background  # the ring went with the focus
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.enlarged == (1, 2), timeout=5000)
    assert not view.zoom.pixmap().isNull() and view.zoom_caption.text() == "Pooling 1, map 3"
    keys.press(Qt.Key.Key_Right)
    keys.press(Qt.Key.Key_Space)
    assert view.enlarged == (1, 3) and view.zoom_caption.text() == "Pooling 1, map 4"
    assert window.session.status == "idle"
    keys.press(Qt.Key.Key_End)
    assert QApplication.focusWidget() is view.rows[1].tiles[-1]
    keys.press(Qt.Key.Key_Escape)
    assert view.enlarged is None and view.zoom.pixmap().isNull()
    assert "Enter" in view.zoom_caption.text() and window.session.status == "idle"

    # With no map enlarged, Esc on a map stops training as anywhere else (F5 trains).
    keys.press(Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.session.status == "running", timeout=10_000)
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=15_000)
    assert QApplication.focusWidget() is view.rows[1].tiles[-1]

    # The maps are one Tab stop: Tab leaves them, Shift+Tab comes back to the map last focused.
    keys.press(Qt.Key.Key_Tab)
    assert not isinstance(QApplication.focusWidget(), MapTile)
    keys.press(Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is view.rows[1].tiles[-1]
    print("\nmaps by keyboard:", ", ".join(keys.pressed))
