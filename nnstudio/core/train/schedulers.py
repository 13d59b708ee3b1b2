"""Optimisers and learning-rate schedules built from the TrainConfig."""

from __future__ import annotations

from typing import Optional

import torch

from nnstudio.core.config import TrainConfig
from nnstudio.core.registries import OPTIMIZERS
from nnstudio.core.train.callbacks import Callback


def make_optimizer(config: TrainConfig, parameters) -> torch.optim.Optimizer:
    """The optimiser a config names (its registry entry). L2 goes through its weight_decay."""
    return OPTIMIZERS.get(config.optimizer).build(config, parameters)


class LRSchedule(Callback):
    """Steps a torch LR scheduler at each epoch end (plateau reads the monitored loss)."""

    def __init__(self, config: TrainConfig) -> None:
        self.config = config
        self.scheduler: Optional[object] = None

    def on_run_start(self, trainer) -> None:
        if self.scheduler is not None and trainer.epoch > 0:
            return  # resuming: keep the schedule's state
        config, optimizer = self.config, trainer.optimizer
        if config.schedule == "step":
            self.scheduler = torch.optim.lr_scheduler.StepLR(
                optimizer, step_size=config.step_size, gamma=config.gamma
            )
        elif config.schedule == "plateau":
            self.scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
                optimizer, patience=config.plateau_patience, factor=config.plateau_factor
            )
        elif config.schedule == "cosine":
            self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
                optimizer, T_max=config.epochs
            )

    def on_epoch_end(self, trainer, metrics) -> None:
        if self.scheduler is None:
            return
        if isinstance(self.scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            self.scheduler.step(metrics.monitored_loss)
        else:
            self.scheduler.step()
