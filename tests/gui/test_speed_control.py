"""A teacher slows a run down so the class can follow it: the speed control in the toolbar (and
on presentation's strip) sets the epochs per second; a lesson on 2D or 1D data opens at a pace
a class can follow."""

import numpy as np
import pytest
from PySide6.QtWidgets import QSlider, QWidget

from nnstudio.core.lessons import CLASS_SPEED, load_lesson
from nnstudio.gui.speed_control import SPEEDS


def slider(window, name="speedControl"):
    return window.findChild(QWidget, name).findChild(QSlider)


def test_the_speed_control_paces_the_run_in_the_window(make_window, qtbot):
    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 13}})
    control = window.findChild(QWidget, "speedControl")
    assert control.isVisible() and window.session.speed is None  # full speed outside lessons
    slider(window).setValue(SPEEDS.index(10))
    assert window.session.speed == 10
    assert "10" in window.findChild(QWidget, "speedControlValue").text()
    assert slider(window, "presentationSpeedControl").value() == SPEEDS.index(10)  # the strip's follows
    window.controls.train_action.trigger()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=60_000)
    ended = window.session.history.ended_at[1:]
    assert len(ended) == 12
    assert (len(ended) - 1) / (ended[-1] - ended[0]) == pytest.approx(10, rel=0.2)
    assert np.median(np.diff(ended)) == pytest.approx(0.1, rel=0.15)


def test_a_speed_set_mid_run_applies_at_once(make_window, qtbot):
    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 100_000}})
    slider(window).setValue(SPEEDS.index(2))  # slow motion
    window.controls.train_action.trigger()
    qtbot.waitUntil(lambda: len(window.session.history) >= 2, timeout=30_000)
    slider(window, "presentationSpeedControl").setValue(SPEEDS.index(None))  # from the strip: full speed
    assert slider(window).value() == SPEEDS.index(None)
    qtbot.waitUntil(lambda: len(window.session.history) >= 300, timeout=30_000)  # 2/s would take minutes
    window.controls.stop_action.trigger()
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=10_000)


def test_a_2d_lesson_opens_at_a_pace_a_class_can_follow(make_window, qtbot):
    window = make_window()
    window.lessons.open_lesson(load_lesson("logistic-regression"))
    assert window.session.speed == CLASS_SPEED
    assert slider(window).value() == SPEEDS.index(CLASS_SPEED)


def test_on_presentations_strip_the_slider_keeps_clear_of_its_value(make_window, qtbot):
    """At presentation's large text the slider's handle (at its right end: full speed) stands a
    character's width from "full speed", not against it."""
    window = make_window()
    window.presentation.enter()
    qtbot.waitUntil(window.isFullScreen)
    control = window.findChild(QWidget, "presentationSpeedControl")
    value = control.findChild(QWidget, "presentationSpeedControlValue")
    bar = control.findChild(QSlider)
    qtbot.waitUntil(lambda: value.font().pointSizeF() > 14, timeout=5_000)
    gap = value.geometry().left() - bar.geometry().right()
    assert gap >= value.fontMetrics().averageCharWidth() - 1
    window.presentation.leave()
