"""Texts of Qt's own dialogs that Qt's Chinese catalogue (qtbase_zh_CN.qm, loaded from PySide6's
translations folder) lacks: Qt 6 added mnemonics to two of the file dialog's labels, and the
catalogue still has them without. Listed here, pyside6-lupdate puts them in nnstudio's .ts in
Qt's own context, and nnstudio's translator, installed with Qt's, supplies them."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_STRINGS = [
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
]
