"""Training: the Trainer, its control object, callbacks and history."""

from nnstudio.core.train.callbacks import Callback, FunctionCallback
from nnstudio.core.train.control import TrainControl
from nnstudio.core.train.history import METRIC_COLUMNS, EpochMetrics, History
from nnstudio.core.train.trainer import RunResult, TestSetAlreadyUsed, Trainer, predict

__all__ = [
    "METRIC_COLUMNS",
    "Callback",
    "EpochMetrics",
    "FunctionCallback",
    "History",
    "RunResult",
    "TestSetAlreadyUsed",
    "TrainControl",
    "Trainer",
    "predict",
]
