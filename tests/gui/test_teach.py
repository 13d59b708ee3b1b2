"""Click to teach: while a classifier trains, clicks on the plane add or remove training points,
and training goes on with them."""

from PySide6.QtCore import QPointF, Qt


def click_plane(qtbot, window, x, y, button=Qt.MouseButton.LeftButton,
                modifier=Qt.KeyboardModifier.NoModifier):
    plot = window.views.boundary_view.plot
    scene_point = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    qtbot.mouseClick(plot.viewport(), button, modifier, pos=plot.mapFromScene(scene_point))


def drawn_train_points(window):
    x, y = window.views.boundary_view.train_points.getData()
    return list(zip(x.tolist(), y.tolist()))


def test_clicks_while_training_add_and_remove_training_points(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons", "n_samples": 200},
                          "model": {"preset": "mlp", "hidden": [8]},
                          "train": {"epochs": 100_000, "lr": 0.01, "batch_size": "full"}})
    n_train, n_val = len(window.session.run_info.train_x), len(window.session.run_info.val_x)
    assert not window.views.boundary_view.teach_class_combo.isVisible()
    window.session.start()
    qtbot.waitUntil(lambda: window.session.model is not None and window.session.model.epoch >= 3)
    assert window.views.boundary_view.teach_class_combo.isVisible()

    window.views.boundary_view.teach_class_combo.setCurrentIndex(1)
    click_plane(qtbot, window, 0.5, 1.4)
    qtbot.waitUntil(lambda: len(drawn_train_points(window)) == n_train + 1)
    # The points drawn are the training process's own training set, sent after it changed.
    info = window.session.run_info
    assert info.sizes["train"] == n_train + 1 and len(info.train_y) == n_train + 1
    epoch_with_point = window.session.model.epoch
    qtbot.waitUntil(lambda: window.session.model.epoch > epoch_with_point + 1)  # training goes on with it
    x, y = drawn_train_points(window)[-1]
    assert abs(x - 0.5) < 0.05 and abs(y - 1.4) < 0.05
    assert int(info.train_y[-1]) == 1 and len(info.val_y) == n_val and info.sizes["val"] == n_val

    click_plane(qtbot, window, -1.0, -0.8, button=Qt.MouseButton.RightButton)  # the other class
    qtbot.waitUntil(lambda: len(drawn_train_points(window)) == n_train + 2)
    assert int(window.session.run_info.train_y[-1]) == 0

    click_plane(qtbot, window, 0.5, 1.4, modifier=Qt.KeyboardModifier.ShiftModifier)  # remove
    qtbot.waitUntil(lambda: len(drawn_train_points(window)) == n_train + 1)
    assert all(abs(px - 0.5) > 0.05 or abs(py - 1.4) > 0.05 for px, py in drawn_train_points(window))
    assert len(window.session.run_info.val_x) == n_val

    window.session.stop()
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=10_000)
    assert not window.views.boundary_view.teach_class_combo.isVisible()
