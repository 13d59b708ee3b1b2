"""The lesson side panel: the idea, what to look for, the variants, and one click to run them."""

from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.lessons import Lesson
from nnstudio.gui.i18n import FollowsLanguage

LANGUAGES = {"en": "English", "zh": "简体中文"}
HEADINGS = {
    "en": {"look": "What to look for", "variant": "Variant", "run": "Run lesson",
           "compare": "Run all variants and compare", "base": "the lesson's settings"},
    "zh": {"look": "观察要点", "variant": "对照", "run": "运行本课",
           "compare": "运行全部对照并比较", "base": "本课的默认设置"},
}


class LessonPanel(FollowsLanguage, QWidget):
    """Shows one lesson. Emits ``variantChosen(index or -1)``, ``runRequested`` and
    ``compareRequested``; the window does the training."""

    variantChosen = Signal(int)
    runRequested = Signal()
    compareRequested = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.lesson: Optional[Lesson] = None
        self.language = QComboBox(objectName="lessonLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.text = QTextBrowser(objectName="lessonText")
        self.variant_label = QLabel()
        self.variant_combo = QComboBox(objectName="variantCombo")
        self.run_button = QPushButton(objectName="runLessonButton")
        self.compare_button = QPushButton(objectName="compareButton")
        variants = QHBoxLayout()
        variants.addWidget(self.variant_label)
        variants.addWidget(self.variant_combo, stretch=1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.language)
        layout.addWidget(self.text, stretch=1)
        layout.addLayout(variants)
        layout.addWidget(self.run_button)
        layout.addWidget(self.compare_button)
        self.language.currentIndexChanged.connect(self._render)
        self.variant_combo.currentIndexChanged.connect(self._on_variant_chosen)
        self.run_button.clicked.connect(self.runRequested)
        self.compare_button.clicked.connect(self.compareRequested)
        self.retranslate()

    def retranslate(self) -> None:
        """Names and tips in the interface's language; the lesson itself is in the panel's language."""
        self.language.setAccessibleName(self.tr("Lesson language"))
        self.language.setToolTip(self.tr("The language of the lesson's explanation"))
        self.text.setAccessibleName(self.tr("Lesson explanation"))
        self.variant_combo.setAccessibleName(self.tr("Lesson variant"))
        self.run_button.setAccessibleName(self.tr("Run lesson"))
        self.run_button.setToolTip(self.tr("Train with the settings shown"))
        self.compare_button.setAccessibleName(self.tr("Run all variants and compare"))
        self.compare_button.setToolTip(self.tr("Train each variant in turn and overlay their loss curves"))

    @property
    def lang(self) -> str:
        return self.language.currentData()

    def set_language(self, code: str) -> None:
        self.language.setCurrentIndex(max(self.language.findData(code), 0))

    def show_lesson(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self._render()

    def variant_index(self) -> Optional[int]:
        index = self.variant_combo.currentIndex()
        return None if index <= 0 else index - 1

    def variant_label_text(self, index: Optional[int]) -> str:
        if self.lesson is None or index is None:
            return HEADINGS[self.lang]["base"]
        return self.lesson.variants[index].label_in(self.lang)

    def _render(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        lang, words = self.lang, HEADINGS[self.lang]
        bullets = "".join(f"<li>{html.escape(item)}</li>" for item in lesson.look_for_in(lang))
        paragraphs = "".join(
            f"<p>{html.escape(part)}</p>" for part in lesson.text_in(lang).split("\n\n") if part.strip()
        )
        self.text.setHtml(
            f"<h3>{lesson.number}. {html.escape(lesson.title_in(lang))}</h3>{paragraphs}"
            f"<p><b>{words['look']}</b></p><ul>{bullets}</ul>"
        )
        current = self.variant_combo.currentIndex()
        self.variant_combo.blockSignals(True)
        self.variant_combo.clear()
        self.variant_combo.addItem(words["base"])
        for index in range(len(lesson.variants)):
            self.variant_combo.addItem(self.variant_label_text(index))
        self.variant_combo.setCurrentIndex(max(current, 0) if current < self.variant_combo.count() else 0)
        self.variant_combo.blockSignals(False)
        has_variants = bool(lesson.variants)
        for widget in (self.variant_label, self.variant_combo, self.compare_button):
            widget.setVisible(has_variants)
        self.variant_label.setText(words["variant"])
        self.run_button.setText(words["run"])
        self.compare_button.setText(words["compare"])

    def _on_variant_chosen(self) -> None:
        index = self.variant_index()
        self.variantChosen.emit(-1 if index is None else index)
