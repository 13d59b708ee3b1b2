"""An inline message strip above the views: errors and notices without a modal dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from typing import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.i18n import FollowsLanguage

STYLES = {
    "error": "background: #fde7e9; color: #7a0010; border: 1px solid #e0a0a8; border-radius: 4px;",
    "info": "background: #e7f1fd; color: #0b3a6e; border: 1px solid #a8c4e6; border-radius: 4px;",
}


class MessageBar(FollowsLanguage, QWidget):
    """Shows one message at a time until closed or replaced. Messages written by the core (in
    English) are shown in the interface's language (see core_messages), also after a switch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel(objectName="messageText", wordWrap=True)
        self.close_button = QToolButton(text="✕", objectName="messageDismissButton")
        self.close_button.clicked.connect(self.clear)
        layout = self._layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, stretch=1)
        layout.addWidget(self.close_button)
        self.action_buttons: list[QToolButton] = []  # "messageActionButton"s of the message shown
        self.kind = ""
        self._source = ""  # the text as given: a core message is translated again on a switch
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Messages"))
        self.close_button.setToolTip(self.tr("Dismiss this message"))
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        if self.kind:
            self.label.setText(translate_core_message(self._source))

    def show_error(self, text: str) -> None:
        self._show("error", text)

    def show_info(self, text: str, actions: Sequence[tuple[str, Callable[[], None]]] = ()) -> None:
        """An information, with a button per (label, slot) of ``actions`` (e.g. a fix to apply);
        the labels are given translated."""
        self._show("info", text)
        for label, slot in actions:
            button = QToolButton(text=label, objectName="messageActionButton")
            button.setAccessibleName(label)
            button.clicked.connect(slot)
            self._layout.insertWidget(self._layout.indexOf(self.close_button), button)
            self.action_buttons.append(button)

    def _remove_actions(self) -> None:
        for button in self.action_buttons:
            button.hide()
            button.deleteLater()
        self.action_buttons = []

    def _show(self, kind: str, text: str) -> None:
        self._remove_actions()
        self.kind, self._source = kind, text
        self.label.setText(translate_core_message(text))
        self.setStyleSheet(f"#messageBar {{{STYLES[kind]}}}")
        self.show()

    def showing(self, text: str) -> bool:
        """Whether the message shown is ``text`` (as it was given, before translation)."""
        return bool(self.kind) and self._source == text

    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self._remove_actions()
        self.kind, self._source = "", ""
        self.label.setText("")
        self.hide()
