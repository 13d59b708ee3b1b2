"""What happens to the data between the file and the network, as plain rules and numbers.

A CSV file's features are standardised with the training split's statistics (csv_import.py), and
so is a numeric target: the network learns it in standard units and its last layer
(``models.builder.OutputScale``) maps back to the target's units.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

import numpy as np
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


@dataclass
class Preprocessing:
    """Everything between a row of the user's data and the network's input, and between its
    output and the answer shown: what a saved model carries to be applied to new rows."""

    task: str  # "regression", "binary" or "multiclass"
    columns: list[str]  # the values a row gives, by name ("x1", "x2" for 2D points)
    input_features: list[str] = field(default_factory=list)  # computed from (x1, x2): "x1^2", ...
    feature_mean: Optional[list[float]] = None  # the inputs' standardisation (training split)
    feature_std: Optional[list[float]] = None
    target: str = ""  # the column the model predicts ("" for generated data)
    target_mean: Optional[list[float]] = None  # the target's standardisation (its OutputScale)
    target_std: Optional[list[float]] = None
    class_names: list[str] = field(default_factory=list)
    images: bool = False  # an image model: its inputs are pictures, not rows

    @classmethod
    def of(cls, dataset: Any, model: Optional[torch.nn.Module] = None) -> "Preprocessing":
        """The preprocessing of a Dataset (and the target scaling in ``model``'s OutputScale)."""
        from nnstudio.core.models.builder import OutputScale

        scale = None
        if model is not None:
            scale = next((m for m in model.modules() if isinstance(m, OutputScale)), None)
        columns = (["x1", "x2"] if dataset.input_features else list(dataset.feature_names))
        return cls(
            task=dataset.task,
            columns=columns,
            input_features=list(dataset.input_features),
            feature_mean=_floats(dataset.feature_mean),
            feature_std=_floats(dataset.feature_std),
            target=getattr(dataset, "target_name", ""),
            target_mean=_floats(scale.mean) if scale is not None else None,
            target_std=_floats(scale.std) if scale is not None else None,
            class_names=list(dataset.class_names) if dataset.task != "regression" else [],
            images=dataset.is_image,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: Any) -> "Preprocessing":
        """Read what :meth:`to_json` wrote; ValueError when it is not that."""
        if not isinstance(raw, dict) or set(raw) - set(cls.__dataclass_fields__):
            raise ValueError("not a preprocessing record")
        try:
            record = cls(**raw)
        except TypeError:
            raise ValueError("not a preprocessing record") from None
        if not isinstance(record.columns, list) or not all(isinstance(c, str) for c in record.columns):
            raise ValueError("not a preprocessing record")
        return record

    def network_inputs(self, values: np.ndarray) -> np.ndarray:
        """The network's inputs (float32) for rows of raw values, one column per ``columns``:
        the computed features, then the training split's standardisation, as in training."""
        x = np.asarray(values, dtype=np.float32)
        if self.input_features:
            from nnstudio.core.data.features import make_features

            x = make_features(x, self.input_features)
        if self.feature_mean is not None and self.feature_std is not None:
            x = (x - np.asarray(self.feature_mean, np.float32)) / np.asarray(self.feature_std, np.float32)
        return x.astype(np.float32)


def _floats(values: Any) -> Optional[list[float]]:
    if values is None:
        return None
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    return [float(value) for value in np.asarray(values).ravel()]
