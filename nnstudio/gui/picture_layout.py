"""The row of the main picture and the curves beside it: the picture gets the width that makes
it square (the plane, or the fitted curve's plot, as tall as it is wide), as long as the curves
keep a usable width; the curves get the rest. Where the row is too narrow for that square (a
narrow window), the picture is as tall as its width makes square, centred in the row's height,
rather than a plane taller than wide. Whatever the window's size, the picture is the largest
thing in it."""

from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class PictureLayout(QLayout):
    """Lays out ``picture`` and ``side`` (the curves) left to right. ``picture_width(width,
    height)`` says how wide the picture wants to be in a row of that size (its square); the side
    keeps at least ``side_minimum(width)`` pixels of a row ``width`` wide. ``picture_height(width)``
    (optional) says how tall the picture wants to be at that width (its square): never taller. A
    hidden widget leaves the row to the other."""

    def __init__(self, picture: QWidget, side: QWidget, picture_width: Callable[[int, int], int],
                 side_minimum: Callable[[int], int], parent: Optional[QWidget] = None,
                 picture_height: Optional[Callable[[int], Optional[int]]] = None) -> None:
        super().__init__(parent)
        self._items = [QWidgetItem(picture), QWidgetItem(side)]
        self.picture, self.side = picture, side
        self.picture_width, self.side_minimum = picture_width, side_minimum
        self.picture_height = picture_height
        self.spacing_px = 6
        for widget in (picture, side):
            self.addChildWidget(widget)

    # --- QLayout's interface ---
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        raise TypeError("PictureLayout holds its picture and its side only")

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> Optional[QLayoutItem]:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> Optional[QLayoutItem]:  # noqa: N802 - Qt's name
        return None  # the two widgets stay for the layout's life

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(900, 600)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        widths = [widget.minimumSizeHint().width() for widget in self._shown()]
        heights = [widget.minimumSizeHint().height() for widget in self._shown()]
        if self.side in self._shown():
            widths[-1] = max(widths[-1], self.side_minimum(0))
        return QSize(sum(widths) + self.spacing_px * max(len(widths) - 1, 0), max(heights, default=0))

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        shown = self._shown()
        if len(shown) == 1:
            shown[0].setGeometry(rect)
            return
        if not shown:
            return
        picture_width = self.split(rect.width(), rect.height())
        height = rect.height()
        wanted = self.picture_height(picture_width) if self.picture_height is not None else None
        if wanted is not None:
            height = min(height, max(wanted, self.picture.minimumSizeHint().height()))
        top = rect.y() + (rect.height() - height) // 2
        self.picture.setGeometry(QRect(rect.x(), top, picture_width, height))
        side_x = rect.x() + picture_width + self.spacing_px
        self.side.setGeometry(QRect(side_x, rect.y(), rect.right() + 1 - side_x, rect.height()))

    def split(self, width: int, height: int) -> int:
        """The picture's width in a row of ``width`` × ``height`` pixels."""
        room = width - self.spacing_px - max(self.side_minimum(width), self.side.minimumSizeHint().width())
        wanted = self.picture_width(width, height)
        return max(min(wanted, room), min(self.picture.minimumSizeHint().width(), width // 2))

    def _shown(self) -> list[QWidget]:
        return [widget for widget in (self.picture, self.side) if not widget.isHidden()]
