"""Datasets: synthetic generators, the registry and splits."""

from nnstudio.core.data.dataset import Dataset, Part
from nnstudio.core.data.registry import DATASETS, load_dataset

__all__ = ["DATASETS", "Dataset", "Part", "load_dataset"]
