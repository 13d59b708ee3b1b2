"""The house rules of DESIGN.md, checked by tools rather than by memory."""

import subprocess
import sys


def test_core_imports_without_qt():
    code = "import nnstudio.core, nnstudio.core.train, nnstudio.core.viz, sys; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_import_linter_contracts_hold():
    done = subprocess.run(["lint-imports"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
