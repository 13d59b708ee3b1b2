import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own NNSTUDIO_HOME: no test writes into the user's folders."""
    monkeypatch.setenv("NNSTUDIO_HOME", str(tmp_path / "nnstudio-home"))
