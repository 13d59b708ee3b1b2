"""Capacity sweeps: train the same data at each value of one knob and collect the final errors.

Plotting final training and validation error against the knob (polynomial degree, hidden width,
number of layers, training-set size, epochs) shows the under/over-fitting U-curve of lesson 9.
Every value trains a fresh model with the Trainer on the same data split and the same seed, so
the only thing that changes between two points is the knob. Each point keeps its trained weights
so a view can draw that model's fit or boundary.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Literal, Optional

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nnstudio.core.config import RunConfig, format_validation_error, updated
from nnstudio.core.data import Dataset, Part, load_dataset
from nnstudio.core.errors import ConfigError
from nnstudio.core.registries import OPTIMIZERS
from nnstudio.core.models import model_for
from nnstudio.core.train.callbacks import FunctionCallback
from nnstudio.core.train.control import TrainControl
from nnstudio.core.train.trainer import Trainer

KnobName = Literal["degree", "width", "layers", "train_size", "epochs"]


@dataclass(frozen=True)
class Knob:
    """One setting a sweep can turn: its label, the bounds of its values and good defaults."""

    name: str
    label: str
    axis: str  # x-axis label of the U-curve
    low: int
    high: int
    defaults: tuple[int, ...]


KNOBS: dict[str, Knob] = {
    knob.name: knob
    for knob in [
        Knob("degree", "Polynomial degree", "polynomial degree", 1, 30, (1, 2, 3, 5, 8, 12)),
        Knob("width", "Hidden width", "neurons per hidden layer", 1, 4096, (1, 2, 4, 8, 16, 64)),
        Knob("layers", "Hidden layers", "number of hidden layers", 0, 16, (0, 1, 2, 3, 4)),
        Knob("train_size", "Training-set size", "training samples", 2, 1_000_000,
             (10, 20, 50, 100, 200)),
        Knob("epochs", "Epochs", "epochs trained", 1, 100_000, (10, 30, 100, 300, 1000)),
    ]
}
MAX_VALUES = 40

# The lesson's key setting -> the knob its sweep turns.
_KNOB_FOR_SETTING = {
    "model.degree": "degree",
    "model.hidden": "width",
    "data.n_samples": "train_size",
    "train.epochs": "epochs",
}


def knob_for_setting(setting: str) -> Optional[str]:
    """The knob that sweeps a config setting such as ``"model.degree"`` (None if none does)."""
    return _KNOB_FOR_SETTING.get(setting)


class SweepSettings(BaseModel):
    """What to sweep: one knob and the values it takes (sorted, no repeats)."""

    model_config = ConfigDict(extra="forbid")

    knob: KnobName = Field("degree", description="The setting that changes from one model to the next.")
    values: list[int] = Field(
        default_factory=lambda: list(KNOBS["degree"].defaults),
        min_length=2,
        max_length=MAX_VALUES,
        description="The values the knob takes, one trained model each.",
    )

    @model_validator(mode="after")
    def _values_fit_the_knob(self) -> "SweepSettings":
        knob = KNOBS[self.knob]
        for value in self.values:
            if not knob.low <= value <= knob.high:
                raise ValueError(
                    f"{knob.label.lower()} must be between {knob.low} and {knob.high}, got {value}"
                )
        repeated = sorted({value for value in self.values if self.values.count(value) > 1})
        if repeated:
            raise ValueError(f"each value only once, got {', '.join(map(str, repeated))} repeated")
        self.values.sort()
        return self


def sweep_settings(knob: str, values) -> SweepSettings:
    """Validated settings, or ConfigError naming ``sweep.knob`` / ``sweep.values``.

    ``values`` may be a list of numbers or text such as ``"1, 2, 3, 5, 8"``."""
    if isinstance(values, str):
        values = parse_values(values)
    if isinstance(values, (list, tuple)) and len(values) < 2:
        raise ConfigError(f"sweep.values: give at least two values to compare, got {list(values)}")
    try:
        return SweepSettings.model_validate({"knob": knob, "values": values})
    except ValidationError as error:
        raise ConfigError(_prefixed(format_validation_error(error))) from None


def _prefixed(message: str) -> str:
    lines = []
    for line in message.splitlines():
        if line.startswith("config: "):  # the whole-model validator
            line = "sweep.values: " + line[len("config: "):]
        elif not line.startswith("sweep."):
            line = "sweep." + line
        lines.append(line)
    return "\n".join(lines)


def parse_values(text: str) -> list[int]:
    """Whole numbers separated by commas or spaces: ``"1, 2, 3, 5"`` -> ``[1, 2, 3, 5]``."""
    items = [item for item in re.split(r"[,;\s]+", text.strip()) if item]
    if len(items) < 2:
        raise ConfigError(f"sweep.values: give at least two values, such as 1, 2, 3, 5; got {text!r}")
    values = []
    for item in items:
        try:
            values.append(int(item))
        except ValueError:
            raise ConfigError(f"sweep.values: {item!r} is not a whole number") from None
    return values


@dataclass
class SweepPoint:
    """One trained model of a sweep: the knob's value, its final errors and its weights."""

    value: int
    train_loss: float
    val_loss: float
    train_acc: Optional[float]
    val_acc: Optional[float]
    epochs_run: int
    stop_kind: str
    n_params: int
    config: RunConfig  # the config this model was trained with
    state: dict[str, torch.Tensor] = field(repr=False)  # CPU copy of the final weights

    def build_model(self, dataset: Dataset) -> torch.nn.Module:
        """This point's trained network, rebuilt for ``dataset`` (in eval mode, on the CPU)."""
        model = model_for(self.config, dataset.input_shape, dataset.n_outputs, dataset.task)
        model.load_state_dict(self.state)
        return model.eval()


@dataclass
class SweepResult:
    """Every finished point of a sweep, in order of the knob's values."""

    knob: str
    values: list[int]
    points: list[SweepPoint]
    stopped: bool = False

    def column(self, name: str) -> np.ndarray:
        """One number across points (``"train_loss"``, ``"val_acc"``, ...); NaN where missing."""
        values = [getattr(point, name) for point in self.points]
        return np.array([np.nan if value is None else value for value in values], dtype=float)

    @property
    def best_index(self) -> Optional[int]:
        """The point with the lowest validation loss (ties: the smaller model)."""
        losses = self.column("val_loss")
        finite = np.isfinite(losses)
        if not finite.any():
            return None
        return int(np.argmin(np.where(finite, losses, np.inf)))

    @property
    def best(self) -> Optional[SweepPoint]:
        index = self.best_index
        return None if index is None else self.points[index]


@dataclass
class SweepProgress:
    """Where a sweep is: model ``index`` of ``n_models`` is at ``epoch`` of ``epochs``."""

    index: int
    n_models: int
    value: int
    epoch: int
    epochs: int
    done_epochs: int
    total_epochs: int

    @property
    def fraction(self) -> float:
        return self.done_epochs / max(self.total_epochs, 1)


def config_for_value(config: RunConfig, knob: str, value: int) -> RunConfig:
    """``config`` with the knob set to ``value`` (train_size changes the data, not the config)."""
    model = config.model
    if knob == "degree":
        if model.preset != "polynomial":
            raise ConfigError(
                f"sweep.knob: the degree knob needs polynomial regression (model.preset "
                f"'polynomial'), this model is {model.preset!r}"
            )
        return updated(config, "model", degree=value)
    if knob in ("width", "layers"):
        if model.preset not in ("mlp", "auto"):
            raise ConfigError(
                f"sweep.knob: the {KNOBS[knob].label.lower()} knob changes an MLP's hidden layers "
                f"(model.preset 'mlp'), this model is {model.preset!r}"
            )
        if knob == "width":
            hidden = [value] * max(len(model.hidden), 1)
        else:
            hidden = [model.hidden[0] if model.hidden else 16] * value
        return updated(config, "model", preset="mlp", hidden=hidden)
    if knob == "epochs":
        return updated(config, "train", epochs=value)
    return config


def sweep_configs(config: RunConfig, settings: SweepSettings) -> list[RunConfig]:
    """The config of each model of the sweep; ConfigError if the model has no such knob."""
    return [config_for_value(config, settings.knob, value) for value in settings.values]


def training_subset(dataset: Dataset, size: int, seed: int) -> Dataset:
    """``dataset`` with only ``size`` training samples; larger sizes contain the smaller ones,
    and validation and test stay as they are."""
    n = len(dataset.train)
    if size > n:
        raise ConfigError(
            f"sweep.values: a training set of {size} samples is more than the {n} there are "
            f"(raise data.n_samples)"
        )
    order = np.random.default_rng([seed, 4]).permutation(n)
    index = torch.from_numpy(np.sort(order[:size]))
    subset = Part(dataset.train.x[index].contiguous(), dataset.train.y[index].contiguous())
    return dataclasses.replace(dataset, train=subset)


def run_sweep(
    config: RunConfig,
    settings: SweepSettings,
    dataset: Optional[Dataset] = None,
    control: Optional[TrainControl] = None,
    on_progress: Optional[Callable[[SweepProgress], None]] = None,
    on_point: Optional[Callable[[SweepPoint, Trainer], None]] = None,
) -> SweepResult:
    """Train one fresh model per value of ``settings.knob`` and return their final errors.

    All models see the same data split (``dataset``, or ``config.data`` loaded once) and start
    from the same seed. ``on_progress`` is called after every epoch, ``on_point`` after every
    model with its trainer (to draw it). ``control.request_stop()`` ends the sweep after the
    current epoch; the points finished so far are returned, with ``stopped`` set.
    """
    control = control or TrainControl()
    dataset = dataset if dataset is not None else load_dataset(config.data)
    if len(dataset.val) == 0:
        raise ConfigError("data.val_fraction: a sweep compares validation errors; it must be > 0")
    configs = sweep_configs(config, settings)
    datasets = [
        training_subset(dataset, value, config.data.seed) if settings.knob == "train_size" else dataset
        for value in settings.values
    ]
    total_epochs = sum(_epochs(value_config) for value_config in configs)
    result = SweepResult(settings.knob, list(settings.values), [])
    done_epochs = 0
    for index, (value, value_config, value_data) in enumerate(zip(settings.values, configs, datasets)):
        if control.stop_requested:
            result.stopped = True
            break
        epochs = _epochs(value_config)

        def progressed(metrics, index=index, value=value, epochs=epochs, before=done_epochs) -> None:
            if on_progress is not None:
                on_progress(SweepProgress(index, len(configs), value, metrics.epoch, epochs,
                                          before + metrics.epoch, total_epochs))

        trainer = Trainer(value_config, value_data, [FunctionCallback(on_epoch_end=progressed)], control)
        run = trainer.fit()
        done_epochs += epochs
        if run.stop_kind == "stopped":
            result.stopped = True
            break
        point = _point(value, value_config, trainer, run)
        result.points.append(point)
        if on_point is not None:
            on_point(point, trainer)
    return result


def _epochs(config: RunConfig) -> int:
    """Epochs one model of the sweep trains: least squares solves in one."""
    return 1 if OPTIMIZERS[config.train.optimizer].exact else config.train.epochs


def _point(value: int, config: RunConfig, trainer: Trainer, run) -> SweepPoint:
    """Final errors measured in eval mode on the whole training and validation sets."""
    if run.diverged:
        train_loss = val_loss = math.inf
        train_acc = val_acc = None
    else:
        train_loss, train_acc = trainer.evaluate(trainer.train_part)
        val_loss, val_acc = trainer.evaluate(trainer.val_part)
    state = {name: tensor.detach().cpu().clone() for name, tensor in trainer.model.state_dict().items()}
    return SweepPoint(
        value=value,
        train_loss=train_loss,
        val_loss=val_loss,
        train_acc=train_acc,
        val_acc=val_acc,
        epochs_run=run.epochs_run,
        stop_kind=run.stop_kind,
        n_params=run.n_params,
        config=config,
        state=state,
    )
