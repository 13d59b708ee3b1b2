"""Training: the Trainer, its control object, callbacks and history; sweeps and K-fold."""

from nnstudio.core.train.callbacks import Callback, FunctionCallback
from nnstudio.core.train.control import TrainControl
from nnstudio.core.train.history import METRIC_COLUMNS, EpochMetrics, History
from nnstudio.core.train.trainer import RunResult, TestSetAlreadyUsed, Trainer, predict
from nnstudio.core.train.kfold import FoldResult, KFoldResult, KFoldSettings, run_kfold
from nnstudio.core.train.sweep import (
    KNOBS,
    SweepPoint,
    SweepProgress,
    SweepResult,
    SweepSettings,
    run_sweep,
    sweep_settings,
)

__all__ = [
    "KNOBS",
    "METRIC_COLUMNS",
    "Callback",
    "EpochMetrics",
    "FoldResult",
    "FunctionCallback",
    "History",
    "KFoldResult",
    "KFoldSettings",
    "RunResult",
    "SweepPoint",
    "SweepProgress",
    "SweepResult",
    "SweepSettings",
    "TestSetAlreadyUsed",
    "TrainControl",
    "Trainer",
    "predict",
    "run_kfold",
    "run_sweep",
    "sweep_settings",
]
