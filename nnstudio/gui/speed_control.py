"""The speed control: how many epochs a second a run trains, from slow motion (1 a second, for
a class to follow each step) up to as fast as the device goes. It edits the session's speed;
every copy of it (the toolbar's, presentation's strip) follows the session."""

from __future__ import annotations

import math
from typing import Optional

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.session.state import AppSession

# The slider's stops, in epochs per second; None: full speed.
SPEEDS: tuple[Optional[float], ...] = (1, 2, 5, 10, 20, 30, 60, 120, 250, 500, 1000, None)


def nearest_stop(epochs_per_s: Optional[float]) -> int:
    """The slider position nearest ``epochs_per_s`` (on a log scale; None: the last, full speed)."""
    if epochs_per_s is None:
        return len(SPEEDS) - 1
    paced = SPEEDS[:-1]
    return min(range(len(paced)), key=lambda index: abs(math.log(paced[index] / epochs_per_s)))


class SpeedControl(FollowsLanguage, QWidget):
    """"Speed" and a slider of epochs per second, with the speed it is at. ``objectName``:
    ``speedControl`` in the toolbar (others for copies elsewhere); ``slider`` is the slider."""

    def __init__(self, session: AppSession, object_name: str = "speedControl",
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(object_name)
        self.title = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName=object_name + "Slider")
        self.slider.setRange(0, len(SPEEDS) - 1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.value = QLabel(objectName=object_name + "Value")
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.title.setBuddy(self.slider)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.slider)
        layout.addWidget(self.value)
        self.slider.setValue(nearest_stop(session.speed))
        self.slider.valueChanged.connect(self._on_slider)
        session.speed_changed.connect(self._on_speed)
        self.retranslate()

    @property
    def speed(self) -> Optional[float]:
        """The speed the slider is at (epochs per second; None: full speed)."""
        return SPEEDS[self.slider.value()]

    def set_speed(self, epochs_per_s: Optional[float]) -> None:
        """Move the slider to the stop nearest ``epochs_per_s`` (the session follows)."""
        self.slider.setValue(nearest_stop(epochs_per_s))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Speed"))
        tip = self.tr("Epochs per second: from slow motion (1 a second) to as fast as the device goes")
        for widget in (self, self.slider, self.value):
            widget.setToolTip(tip)
        self.slider.setAccessibleName(self.tr("Training speed"))
        self.slider.setAccessibleDescription(tip)
        self._fit_to_font()
        self._show_value()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:  # zoom, presentation, a larger system font
            self._fit_to_font()
        super().changeEvent(event)

    def _fit_to_font(self) -> None:
        """Room for the widest value in this language and font, so the slider never moves."""
        metrics = self.value.fontMetrics()
        self.value.setMinimumWidth(max(metrics.horizontalAdvance(self._text(speed)) for speed in SPEEDS) + 4)
        self.slider.setMinimumWidth(metrics.averageCharWidth() * 12)
        self.slider.setMaximumWidth(metrics.averageCharWidth() * 24)
        # A gap that grows with the text: at presentation's 24 pt the style's 6 px left the slider's
        # handle (at full speed, its right end) against "full speed".
        if self.layout() is not None:
            self.layout().setSpacing(max(6, metrics.averageCharWidth()))

    def _text(self, epochs_per_s: Optional[float]) -> str:
        if epochs_per_s is None:
            return self.tr("full speed")
        return self.tr("{count} epochs/s").format(count=f"{epochs_per_s:g}")

    def _show_value(self) -> None:
        self.value.setText(self._text(self.speed))
        self.slider.setAccessibleDescription(self.value.text())

    def _on_slider(self, _position: int) -> None:
        self._show_value()
        if self.speed != self.session.speed:
            self.session.set_speed(self.speed)

    def _on_speed(self, epochs_per_s: Optional[float]) -> None:
        position = nearest_stop(epochs_per_s)
        if position != self.slider.value():
            self.slider.blockSignals(True)
            self.slider.setValue(position)
            self.slider.blockSignals(False)
            self._show_value()
