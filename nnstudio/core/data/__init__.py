"""Datasets: synthetic generators, the loaders and splits.

Names are loaded on first use (PEP 562): the core's dataset registry imports the generators
(``synthetic``) while ``nnstudio.core.config``, which the loaders import, is being defined.
"""

from importlib import import_module

_NAMES = {"DATASETS": "registry", "load_dataset": "registry", "Dataset": "dataset", "Part": "dataset"}

__all__ = ["DATASETS", "Dataset", "Part", "load_dataset"]


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(import_module(f"{__name__}.{_NAMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
