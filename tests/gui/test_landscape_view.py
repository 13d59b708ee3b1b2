"""Lesson 3 in the window: the optimiser's path is drawn on the loss landscape."""

import numpy as np

from nnstudio.core.lessons import load_lesson


def test_learning_rate_lesson_draws_the_path_on_the_landscape(make_window, qtbot):
    window = make_window()
    lesson = load_lesson(3)
    window.lessons.open_lesson(lesson)
    assert window.docks.landscape_dock.isVisible()
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.run_info.landscape is not None, timeout=10_000)
    start = window.session.model.model[-1].weight.item(), window.session.model.model[-1].bias.item()
    window.lessons.run_lesson()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
    w, b = window.docks.landscape_view.path_data()
    assert len(w) == window.session.last_result.epochs_run + 1
    assert np.isclose(w[0], start[0]) and np.isclose(b[0], start[1])
    final = window.session.model.model[-1]
    assert np.isclose(w[-1], final.weight.item()) and np.isclose(b[-1], final.bias.item())


def test_the_w_b_landscape_is_labelled_in_the_interface_language(make_window, qtbot):
    """A lesson opened in the Chinese interface draws its landscape with Chinese axes, and they
    follow a switch back to English."""
    from nnstudio.gui import i18n

    window = make_window()
    plot = window.docks.landscape_view.plane.getPlotItem()
    try:
        window.language_menu.choose(i18n.CHINESE)
        window.lessons.open_lesson(load_lesson(3))
        qtbot.waitUntil(lambda: (plot.getAxis("bottom").labelText, plot.getAxis("left").labelText)
                        == ("w（权重）", "b（偏置）"), timeout=10_000)  # the (w, b) landscape, drawn in Chinese
    finally:
        window.language_menu.choose(i18n.ENGLISH)
    assert (plot.getAxis("bottom").labelText, plot.getAxis("left").labelText) == ("w (weight)", "b (bias)")


def test_the_learning_rates_of_lesson_3_keep_their_paths_on_one_landscape(make_window, qtbot):
    """Compared, the four learning rates each leave their path on the (w, b) landscape."""
    window = make_window()
    lesson = load_lesson(3)
    window.lessons.open_lesson(lesson)
    for variant in lesson.variants:  # short runs: the comparison, not the result, is tested
        variant.overrides.setdefault("train", {})["epochs"] = 3
    window.lessons.compare_variants()
    qtbot.waitUntil(lambda: len(window.docks.landscape_view.kept_paths()) == len(lesson.variants), timeout=60_000)
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=10_000)
    paths = window.docks.landscape_view.kept_paths()
    assert len(paths) == 4 and all(len(x) == 4 for x, _ in paths)
    assert len({float(x[-1]) for x, _ in paths}) == 4  # four learning rates, four places reached
