"""K-fold cross-validation: K models, each validated on a different K-th of the data.

The folds cut the training and validation samples together (the test set is never touched); each
fold trains a fresh model from the same seed on the other K − 1 folds and keeps its per-epoch
validation curve. The mean of the K final scores, with their spread, is a steadier estimate than
any single split (lesson 24).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nnstudio.core.config import RunConfig, format_validation_error
from nnstudio.core.data import Dataset, Part, load_dataset
from nnstudio.core.errors import ConfigError
from nnstudio.core.train.callbacks import FunctionCallback
from nnstudio.core.train.control import TrainControl
from nnstudio.core.train.history import EpochMetrics, History
from nnstudio.core.train.trainer import Trainer

MIN_FOLDS, MAX_FOLDS = 2, 20


class KFoldSettings(BaseModel):
    """How many folds to cut."""

    model_config = ConfigDict(extra="forbid")

    k: int = Field(5, ge=MIN_FOLDS, le=MAX_FOLDS, description="Number of folds (and of models trained).")


def kfold_settings(k: object) -> KFoldSettings:
    """Validated settings, or ConfigError such as ``kfold.k: must be <= 20, got 50``."""
    try:
        return KFoldSettings.model_validate({"k": k})
    except ValidationError as error:
        raise ConfigError("kfold." + format_validation_error(error)) from None


def fold_indices(n: int, k: int, seed: int) -> list[np.ndarray]:
    """``range(n)`` shuffled with ``seed`` and cut into ``k`` folds of (nearly) equal size."""
    if k > n:
        raise ConfigError(f"kfold.k: {k} folds need at least {k} samples, there are {n}")
    order = np.random.default_rng([seed, 3]).permutation(n)
    return [np.sort(fold) for fold in np.array_split(order, k)]


@dataclass
class FoldResult:
    """One fold's model: its per-epoch history and final validation score."""

    fold: int  # 0-based
    n_train: int
    n_val: int
    history: History = field(repr=False)
    stop_kind: str = "completed"
    restored_epoch: Optional[int] = None  # early stopping went back to this epoch's weights

    @property
    def final(self) -> Optional[EpochMetrics]:
        """The epoch whose weights the model ends with (the restored one after early stopping)."""
        if self.restored_epoch is not None:
            return self.history.epochs[self.restored_epoch - self.history.epochs[0].epoch]
        return self.history.last

    @property
    def val_loss(self) -> float:
        final = self.final
        return np.nan if final is None or final.val_loss is None else float(final.val_loss)

    @property
    def val_acc(self) -> Optional[float]:
        final = self.final
        return None if final is None else final.val_acc


@dataclass
class KFoldResult:
    """The K folds' results, their mean curve with its spread, and the averaged final score."""

    k: int
    folds: list[FoldResult]
    task: str
    stopped: bool = False

    def curves(self, metric: str = "val_loss") -> np.ndarray:
        """(folds, epochs) array of one metric per epoch; NaN past a fold's last epoch."""
        length = max((len(fold.history) for fold in self.folds), default=0)
        table = np.full((len(self.folds), length), np.nan)
        for row, fold in enumerate(self.folds):
            column = fold.history.column(metric)
            table[row, : len(column)] = column
        return table

    def mean_curve(self, metric: str = "val_loss") -> tuple[np.ndarray, np.ndarray]:
        """Per-epoch mean and standard deviation over the folds that reached that epoch."""
        return mean_and_spread(self.curves(metric))

    def scores(self, metric: str = "val_loss") -> np.ndarray:
        """Each fold's final value of ``metric``."""
        values = [getattr(fold, metric) for fold in self.folds]
        return np.array([np.nan if value is None else value for value in values], dtype=float)

    def mean_score(self, metric: str = "val_loss") -> tuple[float, float]:
        """Mean and standard deviation of the folds' final ``metric``."""
        scores = self.scores(metric)
        if len(scores) == 0:
            return np.nan, np.nan
        return float(np.mean(scores)), float(np.std(scores))


def mean_and_spread(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column-wise mean and standard deviation of a (folds, epochs) table, ignoring NaN
    (a fold that stopped early); NaN where no fold has a value."""
    table = np.atleast_2d(np.asarray(table, dtype=float))
    finite = np.isfinite(table)
    counts = finite.sum(axis=0)
    filled = np.where(finite, table, 0.0)
    mean = np.where(counts > 0, filled.sum(axis=0) / np.maximum(counts, 1), np.nan)
    squares = np.where(finite, (table - np.where(counts > 0, mean, 0.0)) ** 2, 0.0)
    spread = np.where(counts > 0, np.sqrt(squares.sum(axis=0) / np.maximum(counts, 1)), np.nan)
    return mean, spread


def fold_dataset(dataset: Dataset, folds: list[np.ndarray], index: int) -> Dataset:
    """Validation = fold ``index`` of train + validation; training = the other folds."""
    x = torch.cat([dataset.train.x, dataset.val.x])
    y = torch.cat([dataset.train.y, dataset.val.y])
    val = torch.from_numpy(folds[index])
    train = torch.from_numpy(np.sort(np.concatenate([f for i, f in enumerate(folds) if i != index])))
    return dataclasses.replace(
        dataset, train=Part(x[train].contiguous(), y[train].contiguous()),
        val=Part(x[val].contiguous(), y[val].contiguous()),
    )


def run_kfold(
    config: RunConfig,
    k: int,
    dataset: Optional[Dataset] = None,
    control: Optional[TrainControl] = None,
    on_epoch: Optional[Callable[[int, EpochMetrics], None]] = None,
    on_fold: Optional[Callable[[FoldResult], None]] = None,
) -> KFoldResult:
    """Train ``k`` models, one per fold, and return their histories and scores.

    The folds are cut from the training and validation samples with ``config.data.seed``; every
    model starts from ``config.train.seed`` (its initial weights and the order of its batches), so
    another training seed changes every fold's curves, though on folds of a few dozen points the
    final accuracies often stay the same: what spreads the folds is the data they hold out. ``on_epoch(fold, metrics)`` follows each epoch,
    ``on_fold`` each finished fold. ``control.request_stop()`` ends after the current epoch,
    returning the finished folds with ``stopped`` set.
    """
    k = kfold_settings(k).k
    control = control or TrainControl()
    dataset = dataset if dataset is not None else load_dataset(config.data)
    n = len(dataset.train) + len(dataset.val)
    folds = fold_indices(n, k, config.data.seed)
    if n - max(len(fold) for fold in folds) < 2:
        raise ConfigError(f"kfold.k: {k} folds of {n} samples leave too few for training")
    result = KFoldResult(k, [], dataset.task)
    for index in range(k):
        if control.stop_requested:
            result.stopped = True
            break
        data = fold_dataset(dataset, folds, index)

        def epoch_ended(metrics: EpochMetrics, index: int = index) -> None:
            if on_epoch is not None:
                on_epoch(index, metrics)

        trainer = Trainer(config, data, [FunctionCallback(on_epoch_end=epoch_ended)], control)
        run = trainer.fit()
        if run.stop_kind == "stopped":
            result.stopped = True
            break
        fold = FoldResult(index, len(data.train), len(data.val), trainer.history, run.stop_kind,
                          run.restored_epoch)
        result.folds.append(fold)
        if on_fold is not None:
            on_fold(fold)
    return result
