"""A teacher opens a lesson from the menu, reads it in either language, and runs its comparison."""

from PySide6.QtGui import QAction

from nnstudio.core.lessons import all_lessons, load_lesson


def test_every_lesson_is_in_the_menu(make_window):
    window = make_window()
    for lesson in all_lessons():
        assert window.findChild(QAction, f"lessonAction_{lesson.slug}") is not None


def test_opening_a_lesson_configures_the_window_and_explains_it(make_window, qtbot):
    window = make_window()
    lesson = load_lesson(8)
    window.findChild(QAction, f"lessonAction_{lesson.slug}").trigger()
    assert window.lessons.dock.isVisible()
    config = window.session.valid_config()
    expected = lesson.config_for(None)
    assert (config.data, config.model, config.train) == (expected.data, expected.model, expected.train)
    panel = window.lessons.panel
    assert lesson.title_in("en") in panel.text.toPlainText()
    assert lesson.look_for_in("en")[0] in panel.text.toPlainText()
    panel.set_language("zh")
    assert lesson.title_in("zh") in panel.text.toPlainText()
    assert panel.run_button.text() == "运行本课"


def test_choosing_a_variant_changes_the_settings(make_window, qtbot):
    window = make_window()
    lesson = load_lesson(3)
    window.lessons.open_lesson(lesson)
    window.lessons.panel.variant_combo.setCurrentIndex(len(lesson.variants))  # the last variant
    assert window.session.valid_config().train == lesson.config_for(len(lesson.variants) - 1).train


def test_comparison_trains_every_variant_and_overlays_their_curves(make_window, qtbot):
    window = make_window()
    lesson = load_lesson(3)
    window.lessons.open_lesson(lesson)
    window.lessons.panel.compare_button.click()
    qtbot.waitUntil(lambda: len(window.lessons.comparison.labels()) == len(lesson.variants)
                    and not window.lessons.comparing and window.session.status == "idle", timeout=120_000)
    labels = window.lessons.comparison.labels()
    assert labels == [variant.label_in("en") for variant in lesson.variants]
    for label in labels:
        epochs, _ = window.lessons.comparison.curve_data(label)
        assert len(epochs) > 0


def finished(window):
    return window.session.status == "idle" and window.session.last_result is not None and not window.lessons.comparing


def test_a_later_run_on_other_data_never_overwrites_the_lessons_comparison(make_window, qtbot):
    window = make_window()
    lesson = load_lesson(3)
    for variant in lesson.variants:  # short runs: the comparison, not the result, is tested
        variant.overrides.setdefault("train", {})["epochs"] = 6
    window.lessons.open_lesson(lesson)
    window.session.set_speed(None)
    window.lessons.compare_variants()
    qtbot.waitUntil(lambda: len(window.lessons.comparison.labels()) == len(lesson.variants) and finished(window),
                    timeout=60_000)
    compared = {label: window.lessons.comparison.curve_data(label)[1].copy()
                for label in window.lessons.comparison.labels()}
    window.docks.train_form.editor("lr").setValue(0.37)  # settings of no variant's, in the lesson
    last = window.session.last_result
    window.controls.train_action.trigger()
    qtbot.waitUntil(lambda: finished(window) and window.session.last_result is not last, timeout=60_000)
    assert window.session.lesson is lesson and window.lessons.comparison.labels() == list(compared)
    window.docks.dataset_panel.select_dataset("moons")  # the teacher moves on to other data
    qtbot.waitUntil(lambda: window.session.lesson is None, timeout=10_000)  # the lesson is left
    assert window.windowTitle() == "nnstudio"
    last = window.session.last_result
    window.session.start()
    qtbot.waitUntil(lambda: finished(window) and window.session.last_result is not last, timeout=60_000)
    assert window.lessons.comparison.labels() == list(compared)
    for label, losses in compared.items():
        assert list(window.lessons.comparison.curve_data(label)[1]) == list(losses)


def loss_x_range(window):
    return window.views.loss_view.plot.getPlotItem().getViewBox().viewRange()[0]


def test_reset_and_a_new_lesson_start_with_clean_messages_and_axes(make_window, qtbot):
    window = make_window()
    window.lessons.open_lesson(load_lesson("early-stopping"))
    window.session.set_speed(None)
    window.lessons.run_lesson()
    qtbot.waitUntil(lambda: finished(window), timeout=60_000)
    bar = window.views.message_bar
    assert bar.isVisible() and "restored" in bar.text()  # early stopping said so
    qtbot.waitUntil(lambda: loss_x_range(window)[1] > 50, timeout=5_000)  # the axis follows as it is drawn
    window.lessons.open_lesson(load_lesson("dropout"))
    assert not bar.isVisible()
    qtbot.waitUntil(lambda: window.session.run_info is not None and len(window.session.history) == 0,
                    timeout=30_000)
    qtbot.waitUntil(lambda: loss_x_range(window)[1] < 5, timeout=5_000)  # not the last lesson's 200 epochs

    window.session.start()
    qtbot.waitUntil(lambda: len(window.session.history) >= 30, timeout=60_000)
    window.session.stop()
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=10_000)
    bar.show_info("a message of the last run")
    window.controls.reset_action.trigger()
    assert not bar.isVisible()
    qtbot.waitUntil(lambda: len(window.session.history) == 0 and loss_x_range(window)[1] < 5, timeout=10_000)
