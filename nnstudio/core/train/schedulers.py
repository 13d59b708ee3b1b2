"""Optimisers and learning-rate schedules built from the TrainConfig."""

from __future__ import annotations

from typing import Optional

import torch

from nnstudio.core.config import TrainConfig
from nnstudio.core.registries import OPTIMIZERS, SCHEDULES
from nnstudio.core.train.callbacks import Callback


def make_optimizer(config: TrainConfig, parameters) -> torch.optim.Optimizer:
    """The optimiser a config names (its registry entry). L2 goes through its weight_decay."""
    return OPTIMIZERS[config.optimizer].build(config, parameters)


class LRSchedule(Callback):
    """Steps a torch LR scheduler at each epoch end (plateau reads the monitored loss)."""

    def __init__(self, config: TrainConfig) -> None:
        self.config = config
        self.schedule = SCHEDULES[config.schedule]
        self.scheduler: Optional[object] = None

    def on_run_start(self, trainer) -> None:
        if self.scheduler is not None and trainer.epoch > 0:
            return  # resuming: keep the schedule's state
        self.scheduler = self.schedule.build(self.config, trainer.optimizer)

    def on_epoch_end(self, trainer, metrics) -> None:
        if self.scheduler is None:
            return
        if self.schedule.steps_on_loss:
            self.scheduler.step(metrics.monitored_loss)
        else:
            self.scheduler.step()
