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
