"""What happens to the data between the file and the network, as plain rules and numbers.

A CSV file's features are standardised with the training split's statistics (csv_import.py), and
so is a numeric target: the network learns it in standard units and its last layer
(``models.builder.OutputScale``) maps back to the target's units.
"""

from __future__ import annotations

import torch

from nnstudio.core.config import DataConfig


def scales_target(data: DataConfig, task: str) -> bool:
    """Whether a run learns its regression target in standard units: for CSV files with
    ``standardize`` on (the synthetic sets' targets are in standard units already)."""
    return task == "regression" and data.dataset == "csv" and data.standardize


def target_statistics(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and standard deviation (population) of each target column of the training rows; a
    constant column gets std 1."""
    std, mean = torch.std_mean(y.double(), dim=0, correction=0)
    std[std == 0] = 1.0
    return mean.float(), std.float()
