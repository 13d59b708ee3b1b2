"""An inline message strip above the views: errors and notices without a modal dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, stretch=1)
        layout.addWidget(self.close_button)
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

    def show_info(self, text: str) -> None:
        self._show("info", text)

    def _show(self, kind: str, text: str) -> None:
        self.kind, self._source = kind, text
        self.label.setText(translate_core_message(text))
        self.setStyleSheet(f"#messageBar {{{STYLES[kind]}}}")
        self.show()

    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self.kind, self._source = "", ""
        self.label.setText("")
        self.hide()
