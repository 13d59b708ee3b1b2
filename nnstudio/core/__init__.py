"""The engine: config, data, models, training and the numbers behind the views. No Qt here."""

from nnstudio.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig, parse_config
from nnstudio.core.errors import ConfigError, DataError, NNStudioError

__all__ = [
    "ConfigError",
    "DataConfig",
    "DataError",
    "ModelConfig",
    "NNStudioError",
    "RunConfig",
    "TrainConfig",
    "parse_config",
]
