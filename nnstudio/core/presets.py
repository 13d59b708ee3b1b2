"""Built-in experiments shipped as TOML files under ``resources/presets``."""

from __future__ import annotations

from importlib import resources

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import ConfigError
from nnstudio.core.experiment import loads_config


def _folder():
    return resources.files("nnstudio.resources") / "presets"


def preset_names() -> list[str]:
    return sorted(
        entry.name[: -len(".toml")] for entry in _folder().iterdir() if entry.name.endswith(".toml")
    )


def load_preset(name: str) -> RunConfig:
    """The preset called ``name``; ConfigError lists the known names if there is none."""
    entry = _folder() / f"{name}.toml"
    if not entry.is_file():
        raise ConfigError(f"preset: unknown preset {name!r}; known: {', '.join(preset_names())}")
    return loads_config(entry.read_text(encoding="utf-8"), source=f"preset {name}")


def all_presets() -> dict[str, RunConfig]:
    return {name: load_preset(name) for name in preset_names()}
