"""A student paints two clusters by clicking the plane, trains on them, and saves them."""

from PySide6.QtCore import QPointF, Qt

from nnstudio.core.data.painted import read_points_csv


def click_plane(qtbot, window, x, y):
    """A real mouse click at data coordinates (x, y) on the boundary plot."""
    plot = window.views.boundary_view.plot
    scene_point = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene_point))


def test_paint_train_and_save(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 60, "lr": 0.05}})
    panel = window.docks.dataset_panel
    panel.select_dataset("painted")
    qtbot.waitUntil(lambda: window.views.main_view.currentWidget() is window.views.boundary_view)
    assert panel.paint_panel.isVisible()
    for i in range(6):
        click_plane(qtbot, window, -0.9 + 0.08 * i, -0.7 + 0.05 * i)
    panel.paint_panel.class_combo.setCurrentIndex(1)
    for i in range(6):
        click_plane(qtbot, window, 0.5 + 0.08 * i, 0.9 - 0.05 * i)
    points = panel.config().points
    assert len(points) == 12 and sorted({int(p[2]) for p in points}) == [0, 1]
    assert abs(points[0][0] + 0.9) < 0.05 and abs(points[0][1] + 0.7) < 0.05
    qtbot.waitUntil(lambda: window.session.run_info is not None and len(window.session.run_info.train_x)
                    + len(window.session.run_info.val_x) == 12, timeout=10_000)
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
    assert window.session.last_result.final.train_acc == 1.0

    panel.paint_panel.erase_check.setChecked(True)
    click_plane(qtbot, window, points[0][0], points[0][1])
    assert len(panel.config().points) == 11
    assert panel.save_points(str(tmp_path / "mine.csv"))
    assert len(read_points_csv(tmp_path / "mine.csv")) == 11
