"""A plot saved as SVG is a real drawing: valid XML, curves and heatmap where the window shows them."""

import base64
import re
import xml.dom.minidom

import numpy as np
from PySide6.QtCore import QByteArray, QPointF
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from nnstudio.gui.views.palette import TRAIN_COLOUR


def train(window, qtbot):
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
    window.views.draw_curves()


def settle(qtbot, plot):
    """Let a plot finish laying out: its ranges follow the data at the next paint, and its axes
    widen for new tick labels a moment after that."""
    view_box, states = plot.getPlotItem().getViewBox(), []

    def laid_out() -> bool:  # the same place and range at two paints in a row
        plot.grab()
        states.append((view_box.sceneBoundingRect(), view_box.viewRect()))
        return len(states) >= 2 and states[-1] == states[-2]

    qtbot.waitUntil(laid_out, timeout=5_000)


def _transform(group):
    """The 2×3 affine matrix of a <g transform="matrix(a,b,c,d,e,f)">, or the identity."""
    match = re.match(r"matrix\((.*)\)", group.getAttribute("transform"))
    a, b, c, d, e, f = [float(v) for v in match.group(1).split(",")] if match else (1, 0, 0, 1, 0, 0)
    return np.array([[a, c, e], [b, d, f]])


def _on_plot(plot_item, x, y):
    """Where data point (x, y) lands in the exported picture: plot coordinates, origin at its corner."""
    point = plot_item.getViewBox().mapViewToScene(QPointF(x, y)) - plot_item.scenePos()
    return point.x(), point.y()


def test_loss_plot_as_svg_has_the_curves_where_the_window_draws_them(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 8}})
    train(window, qtbot)
    settle(qtbot, window.views.loss_view.plot)
    path = tmp_path / "loss.svg"
    assert window.file_menu.export_plot("loss_view", str(path))

    document = xml.dom.minidom.parse(str(path))  # well-formed XML
    svg = document.documentElement
    _, _, width, height = (float(v) for v in svg.getAttribute("viewBox").split())
    # The training curve: the groups stroked in its colour and width (one short line per epoch step).
    points = []
    for group in document.getElementsByTagName("g"):
        if group.getAttribute("stroke") == TRAIN_COLOUR.lower() and group.getAttribute("stroke-width") == "2.5":
            for line in group.getElementsByTagName("polyline"):
                points += [tuple(map(float, pair.split(","))) for pair in line.getAttribute("points").split()]
    points = np.array(points)
    assert len(points) >= 2 * (8 - 1)
    assert (points >= 0).all() and (points[:, 0] <= width).all() and (points[:, 1] <= height).all()
    plot_item = window.views.loss_view.plot.getPlotItem()
    for x, y in zip(*window.views.loss_view.train_curve.getData()):
        expected = np.array(_on_plot(plot_item, x, y))
        assert np.min(np.hypot(*(points - expected).T)) < 1.0, (x, y)
    assert QSvgRenderer(str(path)).isValid()


def test_boundary_as_svg_embeds_the_heatmap_and_every_point(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200}, "train": {"epochs": 5}})
    train(window, qtbot)
    settle(qtbot, window.views.boundary_view.plot)
    # The shading around the data's comes from the training process a moment after the view settled.
    qtbot.waitUntil(lambda: window.views.boundary_view.outer_item.image is not None, timeout=5_000)
    path = tmp_path / "boundary.svg"
    assert window.file_menu.export_plot("boundary_view", str(path))

    document = xml.dom.minidom.parse(str(path))
    view = window.views.boundary_view
    plot_item = view.plot.getPlotItem()
    heatmap = [image for image in document.getElementsByTagName("image")
               if image.parentNode.parentNode.getAttribute("id").startswith("ImageItem")]
    assert len(heatmap) == 2  # the data's grid and the coarser one around it
    exported_rects = []
    for image in heatmap:
        picture = QImage.fromData(QByteArray(base64.b64decode(image.getAttribute("xlink:href").split(",", 1)[1])))
        assert not picture.isNull()
        assert len({picture.pixel(x, y) for x in range(0, picture.width(), 7)
                    for y in range(0, picture.height(), 7)}) > 10
        matrix = _transform(image.parentNode)
        x, y, w, h = (float(image.getAttribute(name)) for name in ("x", "y", "width", "height"))
        corners = matrix @ np.array([[x, x + w], [y, y + h], [1, 1]])
        exported_rects.append((sorted(corners[0]), sorted(corners[1])))
    # Each heatmap covers the same rectangle of the plot as in the window.
    for item in (view.image_item, view.outer_item):
        rect = item.mapRectToScene(item.boundingRect()).translated(-plot_item.scenePos())
        assert any(np.allclose(xs, [rect.left(), rect.right()], atol=1.0)
                   and np.allclose(ys, [rect.top(), rect.bottom()], atol=1.0) for xs, ys in exported_rects)
    # One drawn symbol per training and validation point.
    symbols = sum(len(group.getElementsByTagName("path")) for group in document.getElementsByTagName("g")
                  if group.getAttribute("id").startswith("ScatterPlotItem"))
    assert symbols >= len(view.train_points.data) + len(view.val_points.data)


def test_export_dialog_offers_svg_and_bad_targets_give_a_message(make_window, qtbot, tmp_path, monkeypatch):
    from nnstudio.gui import file_menu

    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 3}})
    train(window, qtbot)
    offered = []

    def save_dialog(parent, caption, name, filters):
        offered.append(filters)
        return str(folder / "accuracy"), filters.split(";;")[1]  # no suffix typed, SVG chosen

    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr(file_menu.QFileDialog, "getSaveFileName", save_dialog)
    assert window.file_menu.export_plot("accuracy_view")
    assert "*.png" in offered[0] and "*.svg" in offered[0]
    assert xml.dom.minidom.parse(str(folder / "accuracy.svg")).documentElement.tagName == "svg"

    blocker = folder / "a-file"
    blocker.write_text("not a folder")
    assert not window.file_menu.export_plot("loss_view", str(blocker / "loss.svg"))
    assert "Could not save" in window.views.message_bar.text()
    assert not window.file_menu.export_plot("loss_view", str(folder / "loss.jpg"))
    assert ".png or .svg" in window.views.message_bar.text()
    window.file_menu.export_plot_menu.aboutToShow.emit()  # the menu offers only plots on screen
    enabled = {action.objectName(): action.isEnabled() for action in window.file_menu.export_plot_menu.actions()}
    assert enabled["exportPlot_boundary_view"] and not enabled["exportPlot_regression_view"]
    assert not window.file_menu.export_plot("regression_view", str(folder / "fit.svg"))  # not shown for xor
    assert "Show the plot first" in window.views.message_bar.text()
    assert sorted(p.name for p in folder.iterdir()) == ["a-file", "accuracy.svg"]
