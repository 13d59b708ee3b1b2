"""Where nnstudio keeps its files: the user's data and cache folders, or NNSTUDIO_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_home() -> Path:
    """Folder for run history, checkpoints and settings."""
    override = os.environ.get("NNSTUDIO_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("nnstudio", appauthor=False))


def cache_home() -> Path:
    """Folder for downloaded datasets."""
    override = os.environ.get("NNSTUDIO_HOME")
    if override:
        return Path(override) / "cache"
    return Path(platformdirs.user_cache_dir("nnstudio", appauthor=False))
