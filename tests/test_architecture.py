"""The house rules of DESIGN.md, checked by tools rather than by memory."""

import subprocess
import sys


def test_core_imports_without_qt():
    code = "import nnstudio.core, nnstudio.core.train, nnstudio.core.viz, sys; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_import_linter_contracts_hold():
    done = subprocess.run(["lint-imports"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pyproject_lists_every_package_and_maps_the_resources():
    """Packages are listed by name (the top-level resources/ folder is mapped into the package),
    so a new package folder missing from the list would be left out of the wheel."""
    import tomllib
    from importlib import resources
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    settings = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {".".join(path.parent.relative_to(root).parts)
               for path in (root / "nnstudio").rglob("__init__.py")}
    assert set(settings["packages"]) == folders | {"nnstudio.resources"}
    assert settings["package-dir"] == {"nnstudio.resources": "resources"}
    shipped = resources.files("nnstudio.resources")
    assert (shipped / "lessons" / "01-linear-model.toml").is_file()
    assert (shipped / "translations" / "nnstudio_zh_CN.qm").is_file()


def test_an_optimizer_is_spelled_out_in_its_registry_entry_and_its_fast_update_rule_only():
    """Schema, form, export, trainer and the fast path's dispatch read the optimiser registry:
    RMSprop's name appears in at most two modules of the package. gui/schema_strings.py is
    written by tools/update_translations.py from the schema, for the translation tools."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "nnstudio"
    generated = {package / "gui" / "schema_strings.py"}
    spelled = sorted(
        str(path.relative_to(package)) for path in package.rglob("*.py")
        if path not in generated and re.search("rmsprop", path.read_text(encoding="utf-8"), re.I)
    )
    assert spelled == ["core/registries/optimizers.py", "core/train/fast_optimizers.py"]
