"""What shows first when nnstudio starts: the application's icon, and a window painted within a
second of the launch, where the main window will open, while the main window is built (PySide6
alone here; pyqtgraph, torch and the training process come after it is on screen).

Also where a new window goes on a screen: maximised on screens up to 1920×1200, else centred at
80 % of the available area (gui/screen_layout.py uses the same rule).
"""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QElapsedTimer, QEventLoop, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPaintEvent, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

MAXIMISED_UP_TO = QSize(1920, 1200)  # screens up to this open maximised; larger, at OPEN_FRACTION
OPEN_FRACTION = 0.8


def icon_path() -> Path:
    return Path(str(resources.files("nnstudio.resources") / "icons" / "nnstudio.svg"))


def app_icon() -> QIcon:
    return QIcon(str(icon_path()))


def opens_maximised(screen: QScreen) -> bool:
    available = screen.availableGeometry().size()
    return available.width() <= MAXIMISED_UP_TO.width() and available.height() <= MAXIMISED_UP_TO.height()


def centred_geometry(screen: QScreen) -> QRect:
    """A window at OPEN_FRACTION of the screen's available area, in its middle."""
    area = screen.availableGeometry()
    size = QSize(int(area.width() * OPEN_FRACTION), int(area.height() * OPEN_FRACTION))
    rect = QRect(area.topLeft(), size)
    rect.moveCenter(area.center())
    return rect


class StartingWindow(QWidget):
    """The icon and the name, where the main window will be, until it is built."""

    def __init__(self, version: str) -> None:
        super().__init__()
        self.setObjectName("startingWindow")
        self.painted_at: Optional[float] = None  # time.monotonic() of its first paint
        self.setWindowTitle("nnstudio")
        icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        icon.setPixmap(app_icon().pixmap(128, 128))
        name = QLabel(f"nnstudio {version}", alignment=Qt.AlignmentFlag.AlignCenter)
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        name.setFont(font)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(icon)
        layout.addWidget(name)
        layout.addStretch(1)

    def show_and_paint(self, timeout_ms: int = 1000) -> None:
        """Show it where the main window will open and return once it is painted (or after
        ``timeout_ms``: a window manager that never maps it does not hold the start up)."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None and not opens_maximised(screen):
            self.setGeometry(centred_geometry(screen))
            self.show()
        else:
            self.showMaximized()
        clock = QElapsedTimer()
        clock.start()
        while self.painted_at is None and clock.elapsed() < timeout_ms:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.painted_at is None:
            self.painted_at = time.monotonic()
