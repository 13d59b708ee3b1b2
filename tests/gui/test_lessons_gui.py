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
