import pytest

from nnstudio.core.config import parse_config


@pytest.fixture
def make_window(qtbot):
    """Build the real main window for a config; it is shut down cleanly after the test."""
    from nnstudio.gui.main_window import MainWindow
    from nnstudio.gui.views import configure_pyqtgraph

    configure_pyqtgraph()
    windows = []

    def make(raw=None):
        window = MainWindow(parse_config(raw) if raw is not None else None)
        qtbot.addWidget(window)
        window.show()
        # A spawned training process imports torch afresh: give a busy 2-core machine its time.
        qtbot.waitUntil(lambda: window.session.run_info is not None, timeout=60_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


@pytest.fixture(scope="session", autouse=True)
def _training_server():
    """Start the training processes' fork server before the first window, as ``nnstudio`` does
    before it imports Qt (gui/app.py): there its imports overlap the window's; here the test
    process has imported everything already and the first window would wait for them alone."""
    from nnstudio.session.process import start_early

    start_early(wait=True)
    yield
