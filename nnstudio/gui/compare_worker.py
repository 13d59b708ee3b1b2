"""The compare panel's background work: train the compared models (core/train/compare.py) in a
thread of their own, and score the test split once, later, on request.

Each finished model reaches the GUI as a :class:`CompareRow`: its scores, where its run was
recorded, and what a small multiple draws of it (its fit or boundary). The trained weights stay
in the :class:`CompareJob`, which only the workers touch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from PySide6.QtCore import QCoreApplication, Signal

from nnstudio.core.config import RunConfig
from nnstudio.core.data import Dataset, load_dataset
from nnstudio.core.store.compared import CompareRecorder
from nnstudio.core.train import TrainControl, Trainer
from nnstudio.core.train.compare import (
    CompareProgress,
    CompareResult,
    ModelScore,
    ModelSpec,
    baseline_outputs,
    run_compare,
    score_test,
)
from nnstudio.gui.analysis_worker import PREVIEW_RESOLUTION, AnalysisWorker, ModelPicture, model_picture


@dataclass
class CompareRow:
    """One row of the compare table as the GUI sees it (no tensors)."""

    model: str
    values: dict[str, Optional[float]]  # ROW_KEYS but "model", and the test scores once asked for
    baseline: bool = False
    stop_kind: str = "completed"
    run_id: Optional[int] = None
    checkpoint: str = ""
    config: Optional[RunConfig] = None
    picture: Optional[ModelPicture] = None


def row_of(score: ModelScore, picture: Optional[ModelPicture] = None) -> CompareRow:
    values = score.row()
    values.pop("model")
    return CompareRow(score.model, values, score.baseline, score.stop_kind, score.run_id, score.checkpoint,
                      score.config, picture)


@dataclass
class CompareJob:
    """What one comparison trained on and produced; kept to score the test split later."""

    config: RunConfig
    specs: list[ModelSpec]
    dataset: Optional[Dataset] = None
    result: Optional[CompareResult] = None
    record_problem: Optional[str] = None
    bounds: tuple = field(default_factory=tuple)

    @property
    def has_test_split(self) -> bool:
        return self.dataset is not None and len(self.dataset.test) > 0


def baseline_picture(dataset: Dataset, bounds) -> Optional[ModelPicture]:
    """The baseline drawn like a model: one flat line at the training mean, or the same class
    shares over the whole plane (it never looks at the inputs)."""
    if dataset.is_image or len(dataset.input_shape) != 1 or dataset.plane_points is not None:
        return None
    picture = ModelPicture(dataset.task, dataset.n_classes, dataset.train.x.numpy(), dataset.train.y.numpy(),
                           dataset.val.x.numpy(), dataset.val.y.numpy())
    features = dataset.input_shape[0]
    if features == 1 and dataset.task == "regression":
        values, _ = baseline_outputs(dataset, 2)
        (low, high), = bounds
        picture.curve = (np.array([low, high]), values[:, 0].astype(float))
    elif features == 2 and dataset.task != "regression":
        shares, _ = baseline_outputs(dataset, 1)
        x, y = _axes(bounds)
        picture.grid = (x, y, np.broadcast_to(shares[0], (len(y), len(x), shares.shape[1])).copy())
    else:
        return None
    return picture


def _axes(bounds) -> tuple[np.ndarray, np.ndarray]:
    (x_low, x_high), (y_low, y_high) = bounds
    return (np.linspace(x_low, x_high, PREVIEW_RESOLUTION, dtype=np.float32),
            np.linspace(y_low, y_high, PREVIEW_RESOLUTION, dtype=np.float32))


class CompareWorker(AnalysisWorker):
    """Trains the job's models one after another; ``rowFinished`` comes with the baseline first,
    then with each finished model."""

    rowFinished = Signal(object)  # CompareRow

    def __init__(self, control: TrainControl, job: CompareJob, record: bool = True) -> None:
        super().__init__(control)
        self.job = job
        self.recorder = CompareRecorder() if record else None

    def work(self) -> bool:
        job = self.job
        job.dataset = dataset = load_dataset(job.config.data)
        job.bounds = dataset.bounds() if not dataset.is_image else ()
        result = run_compare(job.config, job.specs, dataset, self.control, on_progress=self._on_progress,
                             on_row=self._on_row,
                             callbacks=self.recorder.callbacks if self.recorder else (lambda config: []))
        job.result = result
        job.record_problem = self.recorder.problem if self.recorder else None
        return result.stopped

    def _on_progress(self, progress: CompareProgress) -> None:
        if progress.epoch == progress.epochs or self._throttle.ready():
            text = QCoreApplication.translate("CompareWorker", "model {index}/{count} ({name}) · epoch {epoch}/{epochs}")
            self.progressed.emit(progress.done_epochs, progress.total_epochs, text.format(
                index=progress.index + 1, count=progress.n_models, name=progress.name, epoch=progress.epoch,
                epochs=progress.epochs))

    def _on_row(self, score: ModelScore, trainer: Optional[Trainer]) -> None:
        if trainer is None:  # the baseline
            self.rowFinished.emit(row_of(score, baseline_picture(self.job.dataset, self.job.bounds)))
            return
        if self.recorder is not None:
            self.recorder.keep(score, trainer)
        self.rowFinished.emit(row_of(score, model_picture(trainer, self.job.bounds)))


class TestScoreWorker(AnalysisWorker):
    """Scores every row of a finished comparison on the test split, once."""

    scored = Signal(object)  # list[CompareRow] with the test scores, in the table's order

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, control: TrainControl, job: CompareJob) -> None:
        super().__init__(control)
        self.job = job

    def work(self) -> bool:
        result = score_test(self.job.result, self.job.dataset)
        self.scored.emit([row_of(score) for score in result.rows])
        return False
