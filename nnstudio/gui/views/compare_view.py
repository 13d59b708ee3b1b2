"""Small multiples of compared models: each model's fit (1D regression) or decision boundary
(2D classes) drawn small, side by side, on the same data."""

from __future__ import annotations

import math
from typing import Optional

from PySide6.QtWidgets import QGridLayout, QWidget

from nnstudio.gui.views.plotting import set_title, set_title_scale
from nnstudio.gui.views.sweep_view import ModelPreview


class CompareMultiples(QWidget):
    """A grid of small pictures, one per row of the compare table, in the table's order."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareMultiples")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self.previews: list[ModelPreview] = []

    def show_pictures(self, pictures: list[tuple[str, object]]) -> None:
        """Draw ``(title, ModelPicture)`` pairs; rows without a picture are left out."""
        drawn = [(title, picture) for title, picture in pictures if picture is not None]
        while len(self.previews) < len(drawn):
            preview = ModelPreview()
            preview.setObjectName(f"comparePreview{len(self.previews)}")
            preview.plot.setMinimumSize(120, 100)
            set_title_scale(preview.plot, 1.0)  # small: as large as the text, not a title's
            preview.train_points.setSize(4)
            preview.val_points.setSize(5)
            self.previews.append(preview)
        columns = max(1, math.ceil(math.sqrt(len(drawn))))
        for index, preview in enumerate(self.previews):
            self._grid.removeWidget(preview)
            if index < len(drawn):
                self._grid.addWidget(preview, index // columns, index % columns)
                title, picture = drawn[index]
                preview.show_model(title, picture)
                set_title(preview.plot, title)
                # Each cell filled by its picture: the same plane in every one, side by side.
                preview.plot.setAspectLocked(False)
                if picture.grid is not None:
                    x, y, _ = picture.grid
                    preview.plot.setRange(xRange=(float(x[0]), float(x[-1])),
                                          yRange=(float(y[0]), float(y[-1])), padding=0.0)
                item = preview.plot.getPlotItem()
                for side in ("left", "bottom"):  # small multiples: the pictures, not the axes
                    item.hideAxis(side)
                preview.show()
            else:
                preview.show_model("", None)
                preview.hide()

    @property
    def shown(self) -> list[ModelPreview]:
        return [preview for preview in self.previews if not preview.isHidden()]
