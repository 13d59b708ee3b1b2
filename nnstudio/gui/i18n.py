"""The user-interface language: English or Simplified Chinese, through Qt's translation system.

The translations live in ``resources/translations/nnstudio_zh_CN.ts`` (kept up to date by
``python tools/update_translations.py``, which runs ``pyside6-lupdate`` and ``pyside6-lrelease``)
and are loaded from the compiled ``.qm`` next to it. Installing a translator makes Qt send a
``LanguageChange`` event to every widget; widgets re-set their texts in ``retranslate()``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenuBar

from nnstudio.gui.settings import app_settings


LANGUAGE_KEY = "ui/language"
SYSTEM, ENGLISH, CHINESE = "system", "en", "zh_CN"
CHOICES = (SYSTEM, ENGLISH, CHINESE)
# Each language's own name: a user who cannot read the current language still finds theirs.
NATIVE_NAMES = {ENGLISH: "English", CHINESE: "简体中文"}
QT_CATALOGUES = ("qtbase",)  # Qt's own dialogs and buttons (Yes / No, file dialogs)

_translators: list[QTranslator] = []
_language = ENGLISH


def translations_dir() -> Path:
    """The folder holding the .ts sources and compiled .qm files."""
    return Path(str(resources.files("nnstudio.resources") / "translations"))


def qt_translations_dirs() -> list[str]:
    """Where Qt's own catalogues (qtbase_zh_CN.qm: the file dialogs, Yes / No) may be: the folder
    Qt was built with, and PySide6's own translations folder (what a pip install has)."""
    import PySide6

    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
               str(Path(PySide6.__file__).parent / "Qt" / "translations")]
    return list(dict.fromkeys(folder for folder in folders if folder))


def resolve(choice: str) -> str:
    """The language a choice means here: ``system`` becomes zh_CN under a Chinese locale, else en."""
    if choice == SYSTEM:
        return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH
    return choice if choice in NATIVE_NAMES else ENGLISH


def saved_choice(settings: QSettings) -> str:
    """The language chosen in the Language menu (``system`` until the user picks one)."""
    choice = settings.value(LANGUAGE_KEY, SYSTEM)
    return choice if choice in CHOICES else SYSTEM


def current_language() -> str:
    """The language the interface is shown in now: ``en`` or ``zh_CN``."""
    return _language


def lesson_language(language: Optional[str] = None) -> str:
    """The lessons' code for a UI language: ``zh`` or ``en``."""
    return "zh" if (language or _language) == CHINESE else "en"


def install_language(choice: str) -> str:
    """Load the translations for ``choice`` (system, en or zh_CN) into the application and tell
    every widget, at once, to show its texts again. Returns the language now in use."""
    global _language
    app = QCoreApplication.instance()
    language = resolve(choice)
    if app is None:
        return language
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if language != ENGLISH:
        # Qt's own first: the translator installed last is asked first, so nnstudio's supplies
        # the few texts of Qt's dialogs that Qt's catalogue lacks (see qt_strings.py).
        catalogues = [(f"{name}_{language}", qt_translations_dirs()) for name in QT_CATALOGUES]
        catalogues += [(f"nnstudio_{language}", [str(translations_dir())])]
        for name, folders in catalogues:
            translator = QTranslator(app)
            if any(translator.load(name, folder) for folder in folders):
                app.installTranslator(translator)
                _translators.append(translator)
    _language = language
    # Installing or removing a translator posts LanguageChange to the application, which posts it
    # on to every top-level widget: deliver both rounds now, so the caller sees the new texts.
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return language


class FollowsLanguage:
    """Mixin for a widget whose texts are set in its ``retranslate()``: it is called again on every
    language switch (Qt sends LanguageChange down from the window to every widget). Put it first
    among the bases: ``class LossView(FollowsLanguage, QWidget)``."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError


class _LanguageWatcher(QObject):
    """Calls back when the widget it watches gets a LanguageChange event."""

    def __init__(self, watched: QObject, callback: Callable[[], None]) -> None:
        super().__init__(watched)
        self.callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.callback()
        return False


def follow_language(widget: QObject, retranslate: Callable[[], None]) -> None:
    """Call ``retranslate`` now and after every language switch (when ``widget``, or the window
    holding it, gets LanguageChange): for objects whose texts are set in a ``retranslate()``
    method without a ``changeEvent`` of their own, such as helpers that are not widgets."""
    _LanguageWatcher(widget, retranslate)
    retranslate()


class LanguageMenu(QObject):
    """The Language menu: follow the system, English, 简体中文. The choice is remembered in the
    app's settings and applied at once; the experiment on screen is kept as it is. It is added
    to ``menu_bar``."""

    def __init__(self, menu_bar: QMenuBar) -> None:
        super().__init__(menu_bar)
        self.menu = menu_bar.addMenu("")
        self.menu.setObjectName("languageMenu")
        self.group = QActionGroup(self, exclusive=True)
        self.actions: dict[str, QAction] = {}
        for choice in CHOICES:
            action = QAction(NATIVE_NAMES.get(choice, ""), self.menu, checkable=True,
                             objectName=f"language_{choice}Action")
            action.triggered.connect(lambda checked=False, chosen=choice: self.choose(chosen))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[choice] = action
        self.actions[saved_choice(app_settings())].setChecked(True)
        self.retranslate()

    def choose(self, choice: str) -> str:
        """Switch the interface to ``choice``, remember it, and return the language in use."""
        settings = app_settings()
        settings.setValue(LANGUAGE_KEY, choice)
        settings.sync()
        self.actions[choice].setChecked(True)
        return install_language(choice)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Lan&guage"))
        self.menu.setToolTip(self.tr("The language of the interface"))
        system = NATIVE_NAMES[resolve(SYSTEM)]
        self.actions[SYSTEM].setText(self.tr("Follow the system ({language})").format(language=system))
