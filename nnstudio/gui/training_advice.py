"""Advice before training in the window: as a run starts, the settings that will probably make
it fail (core/advice.py) are shown in the message strip, each with a button that applies its
fix; Training ▸ Advise before training turns it off (remembered)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from nnstudio.core.advice import Advice
from nnstudio.gui.config_form import choice_label, field_label
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.i18n import follow_language
from nnstudio.gui.message_bar import MessageBar
from nnstudio.gui.settings import app_settings
from nnstudio.gui.views.describe import join_list
from nnstudio.session.state import AppSession

ADVICE_KEY = "training/advice"


class TrainingAdvice(QObject):
    """Shows the session's advice in ``message_bar`` and owns the menu entry that turns it off."""

    def __init__(self, host: QMainWindow, session: AppSession, message_bar: MessageBar,
                 menu: QMenu) -> None:
        super().__init__(host)
        self.session, self.message_bar = session, message_bar
        self.action = QAction(host, objectName="adviceAction", checkable=True)
        menu.addSeparator()
        menu.addAction(self.action)
        on = app_settings().value(ADVICE_KEY, True, type=bool)
        self.action.setChecked(on)
        session.advice_on = on
        self.action.toggled.connect(self._set_on)
        session.advised.connect(self._show)
        self._shown: list[Advice] = []
        self._text = ""  # the text of the advice shown
        follow_language(host, self.retranslate)

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Advise before training"))
        self.action.setToolTip(self.tr(
            "When a run starts, warn about settings that will probably make it fail, with a fix"))
        if self._shown and self.message_bar.showing(self._text):
            self._show(self._shown)  # the fix buttons in the new language

    def _set_on(self, on: bool) -> None:
        self.session.advice_on = on
        settings = app_settings()
        settings.setValue(ADVICE_KEY, on)
        settings.sync()
        if not on and self._shown and self.message_bar.showing(self._text):
            self.message_bar.clear()

    def _show(self, advice: list[Advice]) -> None:
        self._shown = list(advice)
        self._text = "\n".join(self.message(given) for given in advice)
        self.message_bar.show_info(self._text, [
            (self.tr("Fix: {change}").format(change=self.fix_text(given)), partial(self._apply, given))
            for given in advice])

    def message(self, advice: Advice) -> str:
        """The advice as a student reads it: the setting's label, not its config key
        ("Learning rate: the learning rate 5 is far too large ..."), in the interface's language."""
        text = translate_core_message(advice.message)
        key, separator, rest = text.partition(": ")
        if separator and "." in key and " " not in key:
            return self.tr("{setting}: {advice}").format(setting=field_label(key.rsplit(".", 1)[1]),
                                                         advice=rest)
        return text

    def fix_text(self, advice: Advice) -> str:
        """The fix with the labels the forms show: "Learning rate = 0.2"."""
        if any("layers" in changes for changes in advice.fix.values()):
            return self.tr("every sigmoid activation -> ReLU")
        return join_list(
            f"{field_label(name)} = {choice_label(value) if isinstance(value, str) else f'{value:g}'}"
            for changes in advice.fix.values() for name, value in changes.items())

    def _apply(self, advice: Advice) -> None:
        self.session.apply_advice(advice)
        left = [given for given in self._shown if given != advice]
        if left:
            self._show(left)
        else:
            self._shown, self._text = [], ""
            self.message_bar.show_info(self.tr("Applied {change}; press Train to train with it.")
                                       .format(change=self.fix_text(advice)))
