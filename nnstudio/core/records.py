"""What a training run reports, as plain data: each epoch's metrics, how a run ended, and the
hooks a Trainer calls. A leaf of the core: the trainer, the stores and the views all use these
types and this module imports nothing of theirs (an import-linter contract in pyproject.toml)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

import numpy as np

METRIC_COLUMNS = ["epoch", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds"]


@dataclass
class EpochMetrics:
    """The numbers of one finished epoch. Accuracies are None for regression."""

    epoch: int
    train_loss: float
    val_loss: Optional[float]
    train_acc: Optional[float]
    val_acc: Optional[float]
    lr: float
    seconds: float
    samples_per_s: float
    steps: int
    step_losses: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.float32))
    # Validations within the epoch (train.val_every_steps), one row each: the steps done,
    # validation loss and accuracy (NaN for regression) on a fixed sample of the validation split.
    val_points: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 3)))

    @property
    def monitored_loss(self) -> float:
        """Validation loss when there is a validation set, else training loss."""
        return self.val_loss if self.val_loss is not None else self.train_loss

    def row(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in METRIC_COLUMNS}

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("step_losses")
        data.pop("val_points")
        return {key: _json_number(value) for key, value in data.items()}


def _json_number(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class Convergence:
    """How the training loss moved at the end of a completed run (train/convergence.py)."""

    still_improving: bool  # the notice applies
    window: int  # epochs in each of the two tenths compared
    train_loss_fall: float  # relative fall of the mean training loss, last tenth vs the one before
    val_loss_change: Optional[float]  # relative change of the mean validation loss (None: no set)

    @property
    def notice(self) -> Optional[str]:
        """The sentence the CLI and the window show, or None when the run converged."""
        if not self.still_improving:
            return None
        epochs = "epoch" if self.window == 1 else f"{self.window} epochs"
        return (f"not converged: the training loss still fell {100 * self.train_loss_fall:.1f} % "
                f"over the last {epochs}; train more epochs or use a larger learning rate")

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class RunResult:
    """How a call to :meth:`Trainer.fit` ended."""

    stop_kind: str  # "completed", "stopped", "early_stopped" or "diverged"
    stop_reason: str
    epochs_run: int
    best_epoch: Optional[int]
    best: Optional[EpochMetrics]  # the epoch with the lowest monitored loss
    # The epoch whose weights the model ends with, i.e. the model that is saved: the last epoch,
    # or after early stopping with restore the restored one.
    final: Optional[EpochMetrics]
    device: str
    n_params: int
    restored_epoch: Optional[int] = None
    test: Optional[dict[str, Optional[float]]] = None
    # How the training loss moved at the end of a run that completed its epochs (convergence.py).
    convergence: Optional[Convergence] = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def diverged(self) -> bool:
        return self.stop_kind == "diverged"

    @property
    def notice(self) -> Optional[str]:
        """"not converged: ..." when the run ended with its training loss still falling."""
        return self.convergence.notice if self.convergence is not None else None

    def summary(self) -> dict[str, object]:
        """JSON-ready summary (what the CLI writes to summary.json)."""
        return {
            "stop_kind": self.stop_kind,
            "stop_reason": self.stop_reason,
            "epochs_run": self.epochs_run,
            "best_epoch": self.best_epoch,
            "restored_epoch": self.restored_epoch,
            "best": self.best.to_json() if self.best else None,
            "final": self.final.to_json() if self.final else None,
            "test": self.test,
            "convergence": self.convergence.to_json() if self.convergence else None,
            "notice": self.notice,
            "device": self.device,
            "n_params": self.n_params,
        }


class Callback:
    """Observes and steers a Trainer through small named hooks (skorch / Lightning style):
    override the ones you need. ``trainer`` is the ``nnstudio.core.train.Trainer`` running.
    ``on_step_end`` is only called if a callback overrides it, after every ``step_every``-th
    step of an epoch (counted from 1), and not at all in epochs of at most ``step_every`` steps."""

    step_every = 1

    def on_run_start(self, trainer: Any) -> None:
        pass

    def on_step_end(self, trainer: Any, step: int, steps_per_epoch: int) -> None:
        pass

    def on_epoch_end(self, trainer: Any, metrics: EpochMetrics) -> None:
        pass

    def on_run_end(self, trainer: Any, result: RunResult) -> None:
        pass
