"""The momentum lesson: several optimisers' paths on one loss landscape (random directions)."""

import numpy as np

from nnstudio.core.lessons import load_lesson


def test_momentum_lesson_compares_optimiser_paths_on_one_landscape(make_window, qtbot):
    window = make_window()
    lesson = load_lesson(6)
    window.lessons.open_lesson(lesson)
    assert window.docks.landscape_dock.isVisible()
    assert window.docks.landscape_dock.toggleViewAction().isEnabled()
    qtbot.waitUntil(lambda: window.docks.landscape_view.image.image is not None, timeout=10_000)
    assert "random directions" in window.docks.landscape_view.plane.accessibleName()
    for variant in lesson.variants:  # short runs: the comparison, not the result, is tested
        variant.overrides.setdefault("train", {})["epochs"] = 4
    window.lessons.compare_variants()
    qtbot.waitUntil(lambda: len(window.docks.landscape_view.kept_paths()) == len(lesson.variants), timeout=60_000)
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=10_000)
    paths = window.docks.landscape_view.kept_paths()
    for x, y in paths:  # each starts at the shared initial weights and moves away
        assert len(x) == 5 and (x[0], y[0]) == (0.0, 0.0) and (x[-1], y[-1]) != (0.0, 0.0)
    assert not np.allclose(paths[0][0], paths[2][0])  # SGD and Adam took different paths


def _axes(window):
    item = window.docks.landscape_view.plane.getPlotItem()
    return item.getAxis("bottom").labelText, item.getAxis("left").labelText


def test_the_plane_is_labelled_u_and_v_in_either_language(make_window, qtbot):
    """The coordinates along the random directions are u and v: α is the learning rate (lesson 3)
    and β the smoothing factor (lesson 4), in the course notes and in the lessons."""
    from nnstudio.gui import i18n

    window = make_window()
    window.lessons.open_lesson(load_lesson(6))
    qtbot.waitUntil(lambda: window.docks.landscape_view.image.image is not None, timeout=10_000)
    assert _axes(window) == ("u (direction d₁)", "v (direction d₂)")
    try:
        window.language_menu.choose(i18n.CHINESE)
        assert _axes(window) == ("u（方向 d₁）", "v（方向 d₂）")
        assert "随机方向" in window.docks.landscape_view.plane.accessibleName()
    finally:
        window.language_menu.choose(i18n.ENGLISH)
    assert _axes(window) == ("u (direction d₁)", "v (direction d₂)")
