"""The app's own settings file (window layout, language, recent files) in its data folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from nnstudio.core.paths import data_home


def app_settings() -> QSettings:
    """The settings, in ``settings.ini`` in the user data folder (``NNSTUDIO_HOME`` overrides)."""
    return QSettings(str(data_home() / "settings.ini"), QSettings.Format.IniFormat)
