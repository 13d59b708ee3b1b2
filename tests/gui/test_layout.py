"""The window on its screen: it fits, the picture is square and the largest view, the layout
stays put when training starts and stops, and the geometry is remembered per screen size."""

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDockWidget


def shown_geometries(window):
    """Where every visible dock, the picture and the curves are, in window coordinates."""
    widgets = [dock for dock in window.findChildren(QDockWidget) if dock.isVisible()]
    widgets += [window.views.main_view, window.views.curves, window.views.boundary_view.plot]
    return {widget.objectName(): QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
            for widget in widgets}


def test_the_window_opens_within_its_screen_with_a_square_plane_as_the_largest_view(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 5}})
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry())
    assert window.isMaximized()  # a 1920×1080 screen: maximised
    box = window.views.boundary_view.plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: 0.8 <= box.width() / box.height() <= 1.25, timeout=5_000)
    for view in (window.views.loss_view, window.views.accuracy_view, window.views.lr_view):
        assert view.height() >= 150
        assert view.width() * view.height() < box.width() * box.height()


def test_starting_and_stopping_training_never_moves_the_layout(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 100_000}})
    box = window.views.boundary_view.plot.getPlotItem().getViewBox()
    view = window.views.boundary_view
    qtbot.waitUntil(lambda: window.session.last_update is not None, timeout=10_000)
    # The view's range has settled on the data: the view has told the session what is in view.
    qtbot.waitUntil(lambda: window.session.plane_bounds == view.shown_plane(), timeout=10_000)
    before, plane = shown_geometries(window), box.viewRange()
    window.controls.train_action.trigger()
    qtbot.waitUntil(lambda: len(window.session.history) >= 20, timeout=30_000)
    assert shown_geometries(window) == before
    assert box.viewRange() == plane
    window.controls.stop_action.trigger()
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=10_000)
    assert shown_geometries(window) == before
    assert box.viewRange() == plane


def test_the_panels_fold_away_and_come_back(make_window, qtbot):
    window = make_window()
    picture = window.views.main_view.width()
    action = window.screen_layout.panels_action
    assert action.isChecked() and window.docks.dataset_dock.isVisible()
    action.trigger()
    assert not window.docks.dataset_dock.isVisible() and not window.docks.train_dock.isVisible()
    qtbot.waitUntil(lambda: window.views.main_view.width() > picture, timeout=5_000)
    action.trigger()
    assert window.docks.dataset_dock.isVisible() and window.docks.train_dock.isVisible()


def test_the_geometry_is_remembered_for_a_screen_of_that_size(make_window, qtbot):
    window = make_window()
    window.showNormal()
    window.setGeometry(100, 80, 1500, 900)
    window.docks.train_dock.hide()
    window.close()
    again = make_window()
    assert not again.isMaximized() and again.geometry() == QRect(100, 80, 1500, 900)
    assert not again.docks.train_dock.isVisible()
    again.restore_default_layout()
    assert again.docks.train_dock.isVisible()


def test_a_window_made_narrow_on_a_wide_screen_keeps_its_plane_square(make_window, qtbot):
    """A 1300 px window on the 1920×1080 screen: with a column of panels on each side its
    picture had no room to be square; the panels fold into one column on the left instead."""
    from PySide6.QtCore import Qt

    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 5}})
    train_dock = window.docks.train_dock
    assert window.dockWidgetArea(train_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    box = window.views.boundary_view.plot.getPlotItem().getViewBox()
    window.showNormal()
    window.setGeometry(100, 80, 1300, 900)
    qtbot.waitUntil(lambda: window.dockWidgetArea(train_dock) == Qt.DockWidgetArea.LeftDockWidgetArea,
                    timeout=5_000)
    qtbot.waitUntil(lambda: 0.8 <= box.width() / box.height() <= 1.25, timeout=5_000)
    assert box.width() > 400
    window.setGeometry(100, 80, 1800, 950)  # wide again: the hyperparameters back on the right
    qtbot.waitUntil(lambda: window.dockWidgetArea(train_dock) == Qt.DockWidgetArea.RightDockWidgetArea,
                    timeout=5_000)
    qtbot.waitUntil(lambda: 0.8 <= box.width() / box.height() <= 1.25, timeout=5_000)


def test_the_curves_share_a_short_column_so_every_plot_keeps_100_px(make_window, qtbot):
    """A 1280×720 window: three charts in a column about 600 px tall. Each plot (inside its
    title, axes and legend) gets the same height; "epoch" is written once, under the lowest
    chart; the accuracy chart leaves its legend to the loss chart's (the same lines)."""
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 5}})
    window.showNormal()
    window.setGeometry(50, 50, 1280, 720)
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=30_000)
    views = window.views
    views.message_bar.clear()  # (a note on the run: the column shorter still)
    charts = [views.loss_view, views.accuracy_view, views.lr_view]

    def plot_heights():
        return [chart.plot.getPlotItem().getViewBox().height() for chart in charts]

    qtbot.waitUntil(lambda: max(plot_heights()) - min(plot_heights()) <= 2, timeout=5_000)
    assert min(plot_heights()) >= 100
    assert [chart.plot.getAxis("bottom").label.isVisible() for chart in charts] == [False, False, True]
    assert views.loss_view.legend.isVisible() and not views.accuracy_view.legend.isVisible()
    views.lr_view.hide()  # (as presentation does): the accuracy chart is the lowest
    qtbot.waitUntil(lambda: views.accuracy_view.plot.getAxis("bottom").label.isVisible(), timeout=5_000)
    views.loss_view.hide()  # the accuracy chart alone: its own legend
    qtbot.waitUntil(views.accuracy_view.legend.isVisible, timeout=5_000)


def test_the_colour_bar_keeps_room_for_its_title(qtbot):
    """'P(class 1)' beside the colour bar, not over it: the bar is hidden until a two-class grid
    arrives, and pyqtgraph gives a hidden axis no room for its title."""
    import numpy as np

    from nnstudio.gui.views import BoundaryView

    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    qtbot.waitExposed(view)
    x = y = np.linspace(-1.0, 1.0, 20)
    p1 = np.clip((x[None, :] + 1) / 2 + 0 * y[:, None], 0, 1)
    view.set_grid(x, y, np.stack([1 - p1, p1], axis=-1))
    axis = view.colour_bar.getAxis("left")

    def title():
        return axis.label.mapRectToScene(axis.label.boundingRect())

    qtbot.waitUntil(lambda: axis.sceneBoundingRect().width() >= 0.8 * title().width(), timeout=5_000)
    assert title().right() <= view.colour_bar.bar.sceneBoundingRect().left()


def test_the_dataset_panel_is_never_cut_off_by_its_dock(make_window, qtbot):
    """The Dataset panel asks for 340 px (its previews); its dock shows all of it, not the left
    290 px with the fields and 'Import CSV...' cut off on the right."""
    window = make_window()
    scroll = window.docks.dataset_dock.widget()
    panel = window.docks.dataset_panel
    qtbot.waitUntil(lambda: scroll.viewport().width() >= panel.minimumWidth(), timeout=5_000)
    assert panel.width() <= scroll.viewport().width()
