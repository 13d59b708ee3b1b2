"""Workers for the many-model analyses: the capacity sweep and K-fold cross-validation.

Each run gets its own QThread that ends with it (the main TrainingWorker is not involved). The
workers turn the core's callbacks into signals carrying plain numpy data, throttled to a few
updates a second; trained weights never leave the worker thread, only what the views draw.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from typing import Optional

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from nnstudio.core.config import RunConfig
from nnstudio.core.data import Dataset, load_dataset
from nnstudio.core.errors import NNStudioError
from nnstudio.core.train import (
    FoldResult,
    SweepPoint,
    SweepProgress,
    SweepSettings,
    TrainControl,
    Trainer,
    run_kfold,
    run_sweep,
)
from nnstudio.core.viz.grids import GridPlan, fit_curve

PROGRESS_INTERVAL_S = 1 / 15
PREVIEW_RESOLUTION = 60


@dataclass
class ModelPicture:
    """What a small preview draws of one trained model: its data and its fit or boundary."""

    task: str
    n_classes: int
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray
    curve: Optional[tuple[np.ndarray, np.ndarray]] = None  # 1D regression: x, f(x)
    grid: Optional[tuple[np.ndarray, np.ndarray, np.ndarray]] = None  # 2D classes: x, y, probabilities


@dataclass
class PointResult:
    """One finished model of a sweep, as the GUI sees it (no tensors)."""

    value: int
    train_loss: float
    val_loss: float
    train_acc: Optional[float]
    val_acc: Optional[float]
    n_params: int
    epochs_run: int
    picture: Optional[ModelPicture]


@dataclass
class FoldCurve:
    """One fold's validation curve so far."""

    fold: int
    epochs: np.ndarray
    val_loss: np.ndarray
    val_acc: np.ndarray
    finished: bool = False
    # The fold's score once finished: the final epoch's, or the restored one after early stopping.
    score_loss: float = float("nan")
    score_acc: float = float("nan")


def model_picture(trainer: Trainer, bounds) -> Optional[ModelPicture]:
    """The trained model's 1D fit or 2D decision boundary with its data, or None (other data)."""
    data = trainer.dataset
    if data.is_image or len(data.input_shape) != 1:
        return None
    features = data.input_shape[0]
    picture = ModelPicture(
        data.task, data.n_classes, data.train.x.numpy(), data.train.y.numpy(),
        data.val.x.numpy(), data.val.y.numpy(),
    )
    if features == 1 and data.task == "regression":
        curve = fit_curve(trainer.model, bounds, device=trainer.device)
        picture.curve = (curve.x, curve.y)
    elif features == 2 and data.task != "regression":
        grid = GridPlan(bounds, PREVIEW_RESOLUTION, trainer.device).evaluate(trainer.model, data.task)
        picture.grid = (grid.x, grid.y, grid.probabilities)
    else:
        return None
    return picture


class _Throttle:
    def __init__(self) -> None:
        self._last = 0.0

    def ready(self) -> bool:
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL_S:
            return False
        self._last = now
        return True


class AnalysisWorker(QObject):
    """Runs one analysis in a thread of its own; ``finished`` always comes last."""

    progressed = Signal(int, int, str)  # done, total, text for the progress bar
    errored = Signal(str)
    finished = Signal(bool)  # True when stopped by the user

    def __init__(self, control: TrainControl) -> None:
        super().__init__()
        self.control = control
        self._throttle = _Throttle()

    @Slot()
    def run(self) -> None:
        stopped = False
        try:
            stopped = self.work()
        except NNStudioError as exc:
            self.errored.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as text
            traceback.print_exc()
            self.errored.emit(f"{type(exc).__name__}: {exc}")
        self.finished.emit(stopped)

    def work(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def start(self, parent: QObject, on_thread_finished) -> QThread:
        """Move to a new thread and run there; the thread ends with the run and then calls
        ``on_thread_finished`` in the GUI thread (which may then drop the worker and thread)."""
        thread = QThread(parent)
        thread.setObjectName(type(self).__name__ + "Thread")
        self.moveToThread(thread)
        thread.started.connect(self.run)
        self.finished.connect(thread.quit)
        thread.finished.connect(on_thread_finished)
        thread.start()
        return thread


class SweepWorker(AnalysisWorker):
    """Trains one model per value of the sweep's knob."""

    pointFinished = Signal(object)  # PointResult

    def __init__(self, control: TrainControl, config: RunConfig, settings: SweepSettings) -> None:
        super().__init__(control)
        self.config = config
        self.settings = settings
        self.bounds = None

    def work(self) -> bool:
        dataset: Dataset = load_dataset(self.config.data)
        self.bounds = dataset.bounds()
        result = run_sweep(self.config, self.settings, dataset, self.control,
                           on_progress=self._on_progress, on_point=self._on_point)
        return result.stopped

    def _on_progress(self, progress: SweepProgress) -> None:
        if progress.epoch == progress.epochs or self._throttle.ready():
            text = QCoreApplication.translate(
                "AnalysisWorker", "model {index}/{count} ({value}) · epoch {epoch}/{epochs}").format(
                index=progress.index + 1, count=progress.n_models, value=progress.value, epoch=progress.epoch,
                epochs=progress.epochs)
            self.progressed.emit(progress.done_epochs, progress.total_epochs, text)

    def _on_point(self, point: SweepPoint, trainer: Trainer) -> None:
        self.pointFinished.emit(PointResult(
            point.value, point.train_loss, point.val_loss, point.train_acc, point.val_acc,
            point.n_params, point.epochs_run, model_picture(trainer, self.bounds),
        ))


class KFoldWorker(AnalysisWorker):
    """Trains one model per fold and reports each fold's validation curve as it grows."""

    foldUpdated = Signal(object)  # FoldCurve

    def __init__(self, control: TrainControl, config: RunConfig, k: int) -> None:
        super().__init__(control)
        self.config = config
        self.k = k
        self._fold_epochs: list = []

    def work(self) -> bool:
        result = run_kfold(self.config, self.k, control=self.control,
                           on_epoch=self._on_epoch, on_fold=self._on_fold)
        return result.stopped

    def _on_epoch(self, fold: int, metrics) -> None:
        if metrics.epoch == 1:
            self._fold_epochs = []
        self._fold_epochs.append(metrics)
        if self._throttle.ready():
            self.foldUpdated.emit(self._curve(fold, self._fold_epochs, False))
            epochs = self.config.train.epochs
            self.progressed.emit(fold * epochs + metrics.epoch, self.k * epochs,
                                 QCoreApplication.translate("AnalysisWorker", "fold {fold}/{k} · epoch {epoch}/{epochs}")
                                 .format(fold=fold + 1, k=self.k, epoch=metrics.epoch, epochs=epochs))

    def _on_fold(self, fold: FoldResult) -> None:
        curve = self._curve(fold.fold, fold.history.epochs, True)
        curve.score_loss = fold.val_loss
        curve.score_acc = float("nan") if fold.val_acc is None else fold.val_acc
        self.foldUpdated.emit(curve)
        epochs = self.config.train.epochs
        self.progressed.emit((fold.fold + 1) * epochs, self.k * epochs,
                             QCoreApplication.translate("AnalysisWorker", "fold {fold}/{k} done").format(
                                 fold=fold.fold + 1, k=self.k))

    @staticmethod
    def _curve(fold: int, epochs: list, finished: bool) -> FoldCurve:
        def column(name: str) -> np.ndarray:
            values = [getattr(metrics, name) for metrics in epochs]
            return np.array([np.nan if value is None else value for value in values], dtype=float)

        return FoldCurve(fold, column("epoch"), column("val_loss"), column("val_acc"), finished)
