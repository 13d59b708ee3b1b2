"""Controls for painting your own points: which class a click adds, erase, clear, save as CSV."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnstudio.gui.i18n import FollowsLanguage

MAX_PAINT_CLASSES = 4


class PaintPanel(FollowsLanguage, QWidget):
    """Emits ``clearRequested`` and ``saveRequested``; the dataset panel owns the points."""

    clearRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paintPanel")
        self.class_combo = QComboBox(objectName="paintClassCombo")
        for k in range(MAX_PAINT_CLASSES):
            self.class_combo.addItem("", k)
        self.erase_check = QCheckBox(objectName="paintEraseCheck")
        self.clear_button = QPushButton(objectName="paintClearButton")
        self.save_button = QPushButton(objectName="paintSaveButton")
        self.count_label = QLabel(objectName="paintCount")
        self.paint_label = QLabel(objectName="paintLabel")
        row = QHBoxLayout()
        row.addWidget(self.paint_label)
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
        self.retranslate()

    def retranslate(self) -> None:
        """Show the texts in the interface's language (also on every language switch)."""
        self.class_combo.setAccessibleName(self.tr("Class to paint"))
        self.class_combo.setToolTip(self.tr("Left-click on the plane adds a point of this class"))
        for k in range(self.class_combo.count()):
            self.class_combo.setItemText(k, self.tr("class {k}").format(k=k))
        self.paint_label.setText(self.tr("Paint"))
        self.erase_check.setText(self.tr("Erase"))
        self.erase_check.setToolTip(self.tr("Clicks remove the nearest point instead of adding one"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Remove every painted point"))
        self.save_button.setText(self.tr("Save as CSV…"))
        self.save_button.setToolTip(self.tr("Keep the painted points as a CSV file"))
        for widget in (self.erase_check, self.clear_button, self.save_button):
            widget.setAccessibleName(widget.text().replace("…", ""))

    @property
    def painted_class(self) -> int:
        return int(self.class_combo.currentData())

    @property
    def erasing(self) -> bool:
        return self.erase_check.isChecked()
