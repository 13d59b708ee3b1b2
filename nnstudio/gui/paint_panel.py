"""Controls for painting your own points: which class a click adds, erase, clear, save as CSV."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

MAX_PAINT_CLASSES = 4


class PaintPanel(QWidget):
    """Emits ``clearRequested`` and ``saveRequested``; the dataset panel owns the points."""

    clearRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paintPanel")
        self.class_combo = QComboBox(objectName="paintClassCombo")
        self.class_combo.setAccessibleName("Class to paint")
        self.class_combo.setToolTip("Left-click on the plane adds a point of this class")
        for k in range(MAX_PAINT_CLASSES):
            self.class_combo.addItem(f"class {k}", k)
        self.erase_check = QCheckBox("Erase", objectName="paintEraseCheck")
        self.erase_check.setToolTip("Clicks remove the nearest point instead of adding one")
        self.clear_button = QPushButton("Clear", objectName="paintClearButton")
        self.clear_button.setToolTip("Remove every painted point")
        self.save_button = QPushButton("Save as CSV…", objectName="paintSaveButton")
        self.save_button.setToolTip("Keep the painted points as a CSV file")
        self.count_label = QLabel(objectName="paintCount")
        for widget in (self.erase_check, self.clear_button, self.save_button):
            widget.setAccessibleName(widget.objectName())
        row = QHBoxLayout()
        row.addWidget(QLabel("Paint"))
        row.addWidget(self.class_combo, stretch=1)
        row.addWidget(self.erase_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.count_label)
        self.clear_button.clicked.connect(self.clearRequested)
        self.save_button.clicked.connect(self.saveRequested)

    @property
    def painted_class(self) -> int:
        return int(self.class_combo.currentData())

    @property
    def erasing(self) -> bool:
        return self.erase_check.isChecked()
