import os
from pathlib import Path

import pytest

# Windows open on a 1920×1080 screen (a classroom projector), as they fit themselves to their
# screen; Qt's offscreen platform alone has an 800×600 one. QT_QPA_PLATFORM naming its own
# offscreen config wins.
_SCREEN = Path(__file__).resolve().parent.parent / "docs" / "offscreen-1920x1080.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own NNSTUDIO_HOME: no test writes into the user's folders."""
    monkeypatch.setenv("NNSTUDIO_HOME", str(tmp_path / "nnstudio-home"))


def pytest_collection_modifyitems(config, items):
    """Two tiers: ``pytest -m "not slow"`` runs the core and the quick widget tests (about two
    minutes); the slow tier opens the real window (each with its own training process) or
    starts processes of its own. A test can also be marked ``@pytest.mark.slow`` itself."""
    for item in items:
        if "make_window" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
