"""`nnstudio` with no arguments opens the main window, ready to train without a download."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from nnstudio.cli import main
from nnstudio.gui.main_window import MainWindow


def test_nnstudio_without_arguments_opens_the_window(qtbot):
    seen = []

    def look_then_close():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        for window in windows:
            seen.append((window.windowTitle(), window.run_info is not None, window.dataset_panel.config().dataset))
            window.close()

    QTimer.singleShot(3000, look_then_close)
    assert main([]) == 0
    assert seen and seen[0][0].startswith("nnstudio")
    assert seen[0][1], "the synthetic default data was not ready"
    assert seen[0][2] == "moons"
