"""Early stopping: stop when the monitored loss has not improved for ``patience`` epochs."""

from __future__ import annotations

from typing import Optional

import torch

from nnstudio.core.train.callbacks import Callback


class EarlyStopping(Callback):
    def __init__(self, patience: int, min_delta: float = 0.0, restore_best: bool = True) -> None:
        self.patience = patience
        self.min_delta = min_delta
        self.restore_best = restore_best
        self.best_loss = float("inf")
        self.best_epoch: Optional[int] = None
        self.best_state: Optional[dict[str, torch.Tensor]] = None
        self.stopped = False
        self.restored = False

    def on_run_start(self, trainer) -> None:
        # A resumed run keeps what it knew about the best epoch so far.
        if trainer.epoch == 0:
            self.best_loss, self.best_epoch, self.best_state = float("inf"), None, None
        self.stopped = self.restored = False

    def on_epoch_end(self, trainer, metrics) -> None:
        loss = metrics.monitored_loss
        if loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = loss, metrics.epoch
            if self.restore_best:
                self.best_state = {
                    key: value.detach().clone() for key, value in trainer.model.state_dict().items()
                }
        elif self.best_epoch is not None and metrics.epoch - self.best_epoch >= self.patience:
            self.stopped = True
            what = "validation loss" if metrics.val_loss is not None else "training loss"
            trainer.request_stop(
                "early_stopped",
                f"early stopping: {what} did not improve for {self.patience} epochs "
                f"(best at epoch {self.best_epoch})",
            )

    def on_run_end(self, trainer, result) -> None:
        if self.stopped and self.restore_best and self.best_state is not None:
            trainer.model.load_state_dict(self.best_state)
            self.restored = True
            # The model is now the best epoch's: it is what is saved, so it is the run's "final".
            trainer.model_epoch = self.best_epoch
            result.restored_epoch = self.best_epoch
            result.final = trainer.history.at(self.best_epoch)
