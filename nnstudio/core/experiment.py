"""Experiment files: a RunConfig as TOML on disk."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import tomli_w

from nnstudio.core.atomic_save import atomic_write_bytes, atomic_write_text
from nnstudio.core.config import RunConfig, parse_config
from nnstudio.core.errors import ConfigError, unreadable

__all__ = [  # the atomic writers lived here first; nnstudio.core.atomic_save has them now
    "atomic_write_bytes", "atomic_write_text", "dumps_config", "load_config", "loads_config",
    "read_toml_text", "save_config",
]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def loads_config(text: str, source: str = "config") -> RunConfig:
    """Parse TOML text into a validated RunConfig, or raise ConfigError naming the problem."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    except RecursionError:  # tables or arrays nested thousands deep
        raise ConfigError(f"{source}: not valid TOML (nested too deeply)") from None
    try:
        return parse_config(raw)
    except RecursionError:
        raise ConfigError(f"{source}: nested too deeply to be an experiment") from None


def load_config(path: str | os.PathLike[str]) -> RunConfig:
    """Read an experiment file."""
    return loads_config(read_toml_text(path), source=str(path))


def read_toml_text(path: str | os.PathLike[str]) -> str:
    """The text of a TOML file, or ConfigError saying why it cannot be read."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (expected UTF-8 TOML)") from None
    except OSError as exc:
        raise ConfigError(unreadable(path, exc)) from None


def dumps_config(config: RunConfig) -> str:
    """The full config as TOML text (every field, so the file documents the run)."""
    return tomli_w.dumps(config.model_dump(mode="json"))


def save_config(config: RunConfig, path: str | os.PathLike[str]) -> None:
    """Write an experiment file atomically: a crash never leaves half a file."""
    atomic_write_text(Path(path), dumps_config(config))
