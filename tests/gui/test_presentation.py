"""A teacher presents a lesson on a projector: full screen, only the lesson's views, big text;
Esc puts the window back exactly as it was. Zoom makes plots bigger in either mode."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget

from nnstudio.core.lessons import load_lesson


def visible_docks(window):
    return {dock.objectName(): window.dockWidgetArea(dock)
            for dock in window.findChildren(QDockWidget) if dock.isVisible()}


def tick_points(view):
    font = view.plot.getPlotItem().getAxis("bottom").style["tickFont"]  # None: the app's font
    return (font or QApplication.font()).pointSizeF()


def test_presentation_shows_the_lessons_views_big_and_esc_restores_the_layout(make_window, qtbot):
    window = make_window()
    window.lessons.open_lesson(load_lesson("logistic-regression"))  # boundary, loss, accuracy
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.status == "idle")
    window.docks.weights_dock.show()  # a layout of the teacher's own
    window.layout().activate()  # lay the dock out now, before the layout is saved
    geometry, state, docks = window.geometry(), window.saveState(), visible_docks(window)
    assert "datasetDock" in docks and "weightsDock" in docks

    window.presentation.action.trigger()
    qtbot.waitUntil(window.isFullScreen)
    assert visible_docks(window) == {}  # the lesson uses no dock view
    assert window.views.boundary_view.isVisible() and window.views.loss_view.isVisible()
    assert window.views.accuracy_view.isVisible() and not window.views.lr_view.isVisible()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    strip = window.findChild(type(window.presentation.strip), "presentationStrip")
    assert strip.isVisible()
    knob = window.findChild(type(window.presentation.knob), "presentationKnob")
    assert knob.isVisible() and knob.editor("lr").value() == window.session.valid_config().train.lr
    assert tick_points(window.views.loss_view) >= 24 and strip.font().pointSizeF() >= 24
    title = window.views.boundary_view.plot.getPlotItem().titleLabel
    assert float(title.opts["size"][:-2]) >= 24
    assert QKeySequence("Esc") not in window.controls.stop_action.shortcuts()  # Esc leaves instead

    knob.editor("lr").setValue(0.5)  # the lesson's key setting, as the form would set it
    assert window.session.valid_config().train.lr == 0.5

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.geometry() == geometry
    assert window.saveState() == state
    assert visible_docks(window) == docks
    assert window.menuBar().isVisible() and not strip.isVisible()
    assert window.views.lr_view.isVisible()
    assert QKeySequence("Esc") in window.controls.stop_action.shortcuts()
    assert tick_points(window.views.loss_view) < 24


def test_f11_without_a_lesson_shows_the_main_view_and_the_loss(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}})
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.views.boundary_view.isVisible() and window.views.loss_view.isVisible()
    assert not window.views.accuracy_view.isVisible() and not window.views.lr_view.isVisible()
    assert window.presentation.knob is None
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.views.accuracy_view.isVisible() and window.docks.dataset_dock.isVisible()


def test_zoom_scales_plot_text_and_lines_and_ctrl_0_resets(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}})
    title = window.views.loss_view.plot.getPlotItem().titleLabel
    before = tick_points(window.views.loss_view)
    pen_before = window.views.loss_view.train_curve.opts["pen"].widthF()
    window.presentation.zoom_in_action.trigger()
    window.presentation.zoom_in_action.trigger()
    assert tick_points(window.views.loss_view) > before * 1.5
    assert float(title.opts["size"][:-2]) > 11 * 1.5  # the title's points
    assert window.views.loss_view.train_curve.opts["pen"].widthF() > pen_before
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert abs(tick_points(window.views.loss_view) - before) < 0.01
    assert abs(window.views.loss_view.train_curve.opts["pen"].widthF() - pen_before) < 1e-6


def test_every_lessons_key_setting_has_an_editor_on_the_strip(qtbot):
    from nnstudio.core.lessons import all_lessons
    from nnstudio.gui.presentation import SECTIONS, _KnobForm

    for lesson in all_lessons():
        section, _, name = lesson.key_setting.partition(".")
        knob = _KnobForm(SECTIONS[section], section, fields=[name])
        qtbot.addWidget(knob)
        knob.set_values(getattr(lesson.config, section))
        assert knob.values() == {name: getattr(getattr(lesson.config, section), name)}


def legend_sizes(window):
    """Each legend's text size and height (of the legends shown: the accuracy chart leaves its
    legend to the loss chart's above it)."""
    views = window.views
    return {view.objectName(): ({float(label.opts["size"][:-2]) for _, label in view.legend.items},
                                 view.legend.height())
            for view in (views.loss_view, views.accuracy_view, views.boundary_view) if view.legend.isVisible()}


def legends_laid_out(window):
    """True once every legend's rows, and the plot around it, are laid out (none waits for a
    layout pass: the heights are final)."""
    views = window.views
    legends = [view.legend for view in (views.loss_view, views.accuracy_view, views.boundary_view)
               if view.legend.isVisible()]  # (the accuracy chart's is left to the loss chart's)
    return all(legend.layout.isActivated() and legend.parentLayoutItem().isActivated() for legend in legends)


def test_leaving_presentation_restores_every_size_legends_too(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 5}})
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=30_000)
    window.views.draw_curves()
    qtbot.waitUntil(lambda: legends_laid_out(window), timeout=5_000)
    before = legend_sizes(window)
    window.presentation.enter()
    qtbot.waitUntil(window.isFullScreen)
    during = legend_sizes(window)
    assert set(during) == set(before) == {"lossPlot", "boundaryView"}
    assert all(during[name][0] != before[name][0] and during[name][1] > before[name][1] for name in before)
    assert not window.replay.bar.isVisible()  # the class watches the run, not the timeline
    window.presentation.leave()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    after = legend_sizes(window)
    for name, (sizes, height) in before.items():
        assert after[name][0] == sizes and after[name][1] <= height  # (one row, where the room allows)
    assert window.replay.bar.isVisible()


def test_the_strip_shows_a_key_setting_that_applies_to_the_optimiser(make_window, qtbot):
    window = make_window()
    lesson = load_lesson("momentum")  # key setting: train.momentum
    window.lessons.open_lesson(lesson)
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.status == "idle", timeout=30_000)
    window.presentation.enter()
    assert window.presentation.knob.values().keys() == {"momentum"}  # plain SGD with momentum
    adam = next(index for index, variant in enumerate(lesson.variants)
                if variant.overrides.get("train", {}).get("optimizer") == "adam")
    window.lessons.panel.variant_combo.setCurrentIndex(adam + 1)
    knob = window.presentation.knob
    assert knob.values() == {"optimizer": "adam"}  # momentum does not apply to Adam
    assert knob.isVisible() and knob.label("optimizer").isVisible()
    assert knob.label("optimizer").width() >= knob.label("optimizer").minimumSizeHint().width()
    window.presentation.leave()


def test_a_lesson_left_while_presenting_takes_its_views_with_it(make_window, qtbot):
    window = make_window()
    window.lessons.open_lesson(load_lesson("momentum"))  # boundary, loss, accuracy, landscape
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.status == "idle", timeout=30_000)
    window.presentation.enter()
    assert window.docks.landscape_dock.isVisible()
    window.docks.dataset_panel.select_dataset("circles")  # other data: not the lesson's any more
    qtbot.waitUntil(lambda: window.session.lesson is None, timeout=10_000)
    assert not window.docks.landscape_dock.isVisible()
    assert window.views.boundary_view.isVisible() and window.views.loss_view.isVisible()
    assert not window.views.accuracy_view.isVisible() and window.presentation.knob is None
    window.presentation.leave()


def test_zoom_and_a_theme_switch_leave_per_point_marks_alone(qtbot):
    """A lesson's comparison marks each run's best epoch with a star and its final one with a
    circle (a size and a brush per point): zooming (presentation, a text size) and a switch to a
    dark theme scaled and recoloured them as if they were one size and one brush, and failed."""
    import numpy as np
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from nnstudio.gui import theme
    from nnstudio.gui.views.comparison_view import ComparisonView
    from nnstudio.gui.views.palette import plot_theme, set_plot_theme
    from nnstudio.gui.views.zoom import zoom_widget

    view = ComparisonView()
    qtbot.addWidget(view)
    epochs = np.arange(1.0, 21.0)
    view.set_run("lr 0.1", epochs, np.linspace(1, 0.1, 20), np.linspace(1, 0.2, 20), best_epoch=15, final_epoch=20)
    palette, plots = QPalette(QApplication.palette()), plot_theme()
    try:
        zoom_widget(view, 2.0)
        dark = QPalette(palette)
        for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1e1e1e"),
                             (QPalette.ColorRole.WindowText, "#e6e6e6"), (QPalette.ColorRole.Text, "#e6e6e6")):
            dark.setColor(role, QColor(colour))
        QApplication.setPalette(dark)
        theme.apply_theme(False)  # the plots follow the dark palette
        zoom_widget(view, 1.0)
    finally:
        QApplication.setPalette(palette)
        theme.apply_theme(False)
        set_plot_theme(plots)
    assert view.marked_epochs("lr 0.1") == {"best": 15.0, "final": 20.0}
