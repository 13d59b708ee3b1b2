"""What the window's process keeps of the training process's work: a CPU copy of the model
(save, predict, draw a sample) and a copy of the replay's frames."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Optional

import numpy as np
import torch

from nnstudio.core.data.preprocessing import Preprocessing
from nnstudio.core.models import model_for
from nnstudio.core.models.builder import model_structure
from nnstudio.core.train.trainer import predict
from nnstudio.core.viz.replay import ReplayFrame
from nnstudio.session.protocol import BoundaryGrid, FitCurve, ModelState, ReplayNews, Update, WeightStats
from nnstudio.session.training import replay_frame


class ModelCopy:
    """The window's copy of the trained model, on the CPU: refreshed at the end of every run or
    step, when a pause takes hold, and about once a second while drawing a sample needs it."""

    def __init__(self, state: ModelState) -> None:
        self.model: Optional[torch.nn.Module] = None
        self.update(state)

    def update(self, state: ModelState) -> None:
        same = (self.model is not None
                and model_structure(state.config, state.task) == model_structure(self.config, self.task)
                and state.input_shape == self.dataset.input_shape and state.n_outputs == self.dataset.n_outputs)
        if not same:
            self.model = model_for(state.config, state.input_shape, state.n_outputs, state.task)
        self.model.load_state_dict({name: torch.from_numpy(value) for name, value in state.state.items()})
        self.model.eval()
        self.config = state.config
        self.task = state.task
        self.epoch = state.epoch
        self.path = state.path
        self.training_device = state.device
        self.n_params = state.n_params
        self.preprocessing = Preprocessing.from_json(state.preprocessing) if state.preprocessing else None
        self.dataset = SimpleNamespace(name=state.dataset_name, input_shape=state.input_shape,
                                       n_outputs=state.n_outputs)
        self._normalise = state.normalise

    def batch_transform(self):
        """Raw uint8 images to what the model takes (None for other data), as the Trainer does."""
        if self._normalise is None:
            return None
        mean, std = self._normalise
        return lambda x: (x.float() / 255.0 - mean) / std

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Like Trainer.predict: values for regression, class probabilities for classification."""
        return predict(self.model, x, self.task, torch.device("cpu"), self.batch_transform())


class ReplayCopy:
    """The window's copy of the training process's replay frames (what the replay bar reads)."""

    def __init__(self) -> None:
        self._frames: dict[int, ReplayFrame] = {}

    def clear(self) -> None:
        self._frames = {}

    def follow(self, update: Update) -> None:
        news = update.part(ReplayNews)
        if news is None:
            return
        for frame in news.frames:
            self._frames[frame.epoch] = frame
        if news.this_update:
            grid, curve, weights = update.part(BoundaryGrid), update.part(FitCurve), update.part(WeightStats)
            epoch = update.progress.epoch
            self._frames[epoch] = replay_frame(epoch, grid.as_tuple() if grid else None,
                                               (curve.x, curve.y) if curve else None,
                                               weights.layers if weights else None)
        kept = set(news.kept)
        self._frames = {epoch: frame for epoch, frame in self._frames.items() if epoch in kept}

    def frames(self) -> list[ReplayFrame]:
        return [self._frames[epoch] for epoch in sorted(self._frames)]

    def __len__(self) -> int:
        return len(self._frames)
