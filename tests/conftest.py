import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# As cli.main runs the app and the CLI (set before torch is imported): torch's OpenMP threads wait
# passively, or on a busy machine each small op (an augmented image) waits on spinning threads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


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


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a 256 KB file system of its own, to fill up: a tmpfs mounted for the test
    (Linux, as root); skipped elsewhere, where the tests that fake a full disk still run."""
    import subprocess
    import sys

    folder = tmp_path / "small-disk"
    folder.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here: " + mounted.stderr.decode(errors="replace"))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def fill_disk():
    """A function that fills the file system of a folder (see small_disk) with a filler file."""

    def fill(folder):
        with open(folder / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass

    return fill
