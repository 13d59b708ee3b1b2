"""The Qt window. Imports the core; the core never imports this.

``from nnstudio.gui import MainWindow; MainWindow()`` builds the whole window (tests and
embedding use it). The import is lazy, so ``nnstudio.gui.i18n`` and the views can be imported
without building the window's module first.
"""

__all__ = ["MainWindow"]


def __getattr__(name: str):
    if name == "MainWindow":
        from nnstudio.gui.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
