"""Advice before training: settings that will probably make a run fail, each with a fix.

Every rule reads the config and a few facts of the prepared data (:class:`DataFacts`: sizes and
the inputs' scale) and trains nothing. A rule that fires gives an :class:`Advice`: a sentence
(``train.lr: ...``, the setting first), and its fix as a config change that the window applies
with one click. Advice never blocks a run: the command line prints it as warnings
(``nnstudio train --no-advice`` turns it off), the window shows it in its message strip.

The rules are in :data:`RULES`; tests/core/test_advice.py trains each predicted failure, and
checks that no shipped lesson or preset is warned about unless it really fails.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import torch

from nnstudio.core.config import RunConfig, updated
from nnstudio.core.registries import OPTIMIZERS

HIDDEN_RMS = 0.5  # the typical size of a hidden unit's output (tanh, sigmoid, ReLU at init)
FAR_TOO_LARGE = 2.0  # a learning rate this many times the stable limit is "far too large"
ADAPTIVE_LIMIT = 1.5  # lr x input scale beyond which an adaptive optimiser's steps overshoot
DEEP_SIGMOID = 4  # sigmoid layers in a row whose gradients vanish
MIN_STEPS = 50  # fewer gradient steps than this leave a run far from where it would settle
FIX_STEPS = 500  # the steps the "more epochs" fix asks for
FIX_BATCH = 32
FIX_VAL_FRACTION = 0.2
SCALE_SAMPLES = 2048  # training samples the inputs' scale is measured on


@dataclass(frozen=True)
class DataFacts:
    """What the rules need of the prepared data."""

    n_train: int
    n_val: int
    task: str  # regression, binary or multiclass
    # The mean squared length of a training input as the network sees it (images normalised).
    input_mean_square: float

    @classmethod
    def of(cls, dataset: Any) -> "DataFacts":
        x = dataset.train.x[:SCALE_SAMPLES]
        if x.dtype == torch.uint8:  # image sets are normalised per batch (Trainer.batch_transform)
            mean = dataset.mean if dataset.mean is not None else 0.0
            std = dataset.std if dataset.std is not None else 1.0
            x = (x.float() / 255.0 - mean) / std
        x = x.float().reshape(len(x), -1)
        mean_square = float((x * x).sum(dim=1).mean()) if len(x) else 0.0
        return cls(len(dataset.train), len(dataset.val), dataset.task, mean_square)


@dataclass(frozen=True)
class Advice:
    """One warning before training: which rule, what will probably go wrong, and the fix."""

    rule: str
    message: str  # "train.lr: the learning rate 4 is far too large ..."
    fix: dict[str, dict[str, Any]] = field(default_factory=dict)  # {"train": {"lr": 0.2}}
    fix_summary: str = ""  # how the fix reads when its settings do not say it shortly

    @property
    def fix_text(self) -> str:
        """The fix as settings: ``train.lr = 0.2``."""
        if self.fix_summary:
            return self.fix_summary
        return ", ".join(f"{section}.{name} = {_shown(value)}"
                         for section, changes in self.fix.items()
                         for name, value in changes.items())

    def line(self) -> str:
        """The command line's warning: the message and the fix."""
        return f"{self.message} (fix: {self.fix_text})"

    def apply(self, config: RunConfig) -> RunConfig:
        """``config`` with the fix applied (validated by the schema)."""
        for section, changes in self.fix.items():
            config = updated(config, section, **changes)
        return config


Rule = Callable[[RunConfig, DataFacts], Optional[Advice]]


def advise(config: RunConfig, facts: DataFacts) -> list[Advice]:
    """The advice of every rule that fires for ``config`` on data with ``facts``, in
    :data:`RULES` order. A config solved by least squares takes no gradient steps: no advice."""
    if OPTIMIZERS[config.train.optimizer].exact:
        return []
    return [advice for rule in RULES.values() if (advice := rule(config, facts)) is not None]


# --- the rules ------------------------------------------------------------------------------
def learning_rate_too_large(config: RunConfig, facts: DataFacts) -> Optional[Advice]:
    """Gradient descent is stable while lr < 2(1 + momentum) / (the loss's largest curvature);
    for a linear model on MSE that curvature is at most 2(1 + E‖x‖²) (a quarter of it for
    cross-entropy), and a hidden layer's inputs count as HIDDEN_RMS² per unit. Adaptive
    optimisers move each weight by about lr, so lr times the inputs' scale must stay small."""
    train = config.train
    scale_square = max(facts.input_mean_square, HIDDEN_RMS**2 * _widest_hidden(config))
    optimizer = OPTIMIZERS[train.optimizer]
    if optimizer.adaptive:
        scale = math.sqrt(scale_square)
        limit = ADAPTIVE_LIMIT / max(scale, 1e-6)
        if train.lr <= limit:
            return None
        stable = limit
    else:
        momentum = train.momentum if "momentum" in optimizer.uses else 0.0
        if dict(optimizer.options).get("nesterov"):
            momentum_gain = (1 + momentum) / (1 + 2 * momentum)
        else:
            momentum_gain = 1 + momentum
        curvature = 2 * (1 + scale_square) * (1.0 if facts.task == "regression" else 0.25)
        stable = 2 * momentum_gain / curvature
        if train.lr <= FAR_TOO_LARGE * stable:
            return None
    fix = _nice_below(stable / 2)
    return Advice(
        "lr_too_large",
        f"train.lr: the learning rate {train.lr:g} is far too large for {train.optimizer} on "
        f"inputs of this scale (about {_round(stable)} is the most that stays stable); the loss "
        "will probably blow up or stay high",
        {"train": {"lr": fix}},
    )


def batch_larger_than_training_set(config: RunConfig, facts: DataFacts) -> Optional[Advice]:
    """A batch larger than the training set is the whole set: one step per epoch. A batch a
    little over the set's size is full-batch training on purpose; one more than twice its size
    in a run of fewer than FIX_STEPS epochs takes far fewer steps than was meant."""
    train = config.train
    batch = train.batch_size
    if batch == "full" or batch <= 2 * facts.n_train or train.epochs >= FIX_STEPS:
        return None
    fix = min(FIX_BATCH, max(1, facts.n_train // 4))
    return Advice(
        "batch_too_large",
        f"train.batch_size: a batch of {batch} is more than twice the {facts.n_train} training "
        "samples; every step uses all of them, so each epoch is a single step and training "
        "will be slow",
        {"train": {"batch_size": fix}},
    )


def early_stopping_without_validation(config: RunConfig, facts: DataFacts) -> Optional[Advice]:
    """Early stopping watches the validation loss; without one it watches the training loss,
    which keeps falling while the model overfits."""
    if not config.train.early_stopping or facts.n_val > 0:
        return None
    data = config.data
    fix: dict[str, Any] = {"val_fraction": max(FIX_VAL_FRACTION, data.val_fraction)}
    if fix["val_fraction"] + data.test_fraction > 0.9:
        fix["test_fraction"] = round(0.9 - fix["val_fraction"], 6)
    return Advice(
        "early_stopping_without_validation",
        "train.early_stopping: there is no validation set; early stopping will watch the "
        "training loss, which keeps falling while the model overfits",
        {"data": fix},
    )


def deep_sigmoid_network(config: RunConfig, facts: DataFacts) -> Optional[Advice]:
    """Each sigmoid layer multiplies the gradient on its way back by its slope, at most 0.25."""
    model = config.model
    if model.preset in ("auto", "mlp"):
        if model.activation != "sigmoid" or len(model.hidden) < DEEP_SIGMOID:
            return None
        count, fix = len(model.hidden), {"activation": "relu"}
    elif model.preset == "custom":
        count = sum(1 for layer in model.layers
                    if layer.type == "activation" and layer.name == "sigmoid")
        if count < DEEP_SIGMOID:
            return None
        layers = [layer.model_dump(mode="json") for layer in model.layers]
        for layer in layers:
            if layer["type"] == "activation" and layer["name"] == "sigmoid":
                layer["name"] = "relu"
        fix = {"layers": layers}
    else:
        return None
    summary = "model.layers: sigmoid -> relu" if "layers" in fix else ""
    return Advice(
        "deep_sigmoid",
        f"model.activation: with {count} sigmoid layers the gradient shrinks at every layer on "
        "its way back (the sigmoid's slope is at most 0.25); the layers near the input will "
        "barely learn",
        {"model": fix},
        summary,
    )


def too_few_epochs(config: RunConfig, facts: DataFacts) -> Optional[Advice]:
    """Few gradient steps in all (epochs x steps per epoch) end a run before it settles."""
    train = config.train
    steps_per_epoch = _steps_per_epoch(train.batch_size, facts.n_train)
    total = train.epochs * steps_per_epoch
    if total >= MIN_STEPS:
        return None
    epochs = _nice_above(math.ceil(FIX_STEPS / steps_per_epoch))
    return Advice(
        "too_few_epochs",
        f"train.epochs: the run is only {total} gradient steps ({train.epochs} epochs of "
        f"{facts.n_train} training samples); it will probably end far from where its loss "
        "would settle",
        {"train": {"epochs": epochs}},
    )


RULES: dict[str, Rule] = {
    "lr_too_large": learning_rate_too_large,
    "batch_too_large": batch_larger_than_training_set,
    "early_stopping_without_validation": early_stopping_without_validation,
    "deep_sigmoid": deep_sigmoid_network,
    "too_few_epochs": too_few_epochs,
}


# --- helpers --------------------------------------------------------------------------------
def _widest_hidden(config: RunConfig) -> int:
    """The most units any hidden layer feeds into the next one."""
    model = config.model
    if model.preset in ("auto", "mlp", "cnn"):
        return max(model.hidden, default=0)
    if model.preset == "custom":
        return max((layer.width for layer in model.layers if layer.type == "linear"), default=0)
    return 0


def _steps_per_epoch(batch_size: Any, n_train: int) -> int:
    if batch_size == "full" or n_train == 0:
        return 1
    return math.ceil(n_train / min(int(batch_size), n_train))


def _nice_below(value: float) -> float:
    """The largest of 1, 2, 5 x 10^k at most ``value``: a learning rate a person would type."""
    exponent = math.floor(math.log10(value))
    for mantissa in (5, 2, 1):
        nice = mantissa * 10.0**exponent
        if nice <= value * (1 + 1e-9):
            return float(f"{nice:.6g}")
    return float(f"{10.0**exponent:.6g}")


def _nice_above(count: int) -> int:
    """The smallest of 1, 2, 5 x 10^k at least ``count`` (epochs)."""
    exponent = 0
    while True:
        for mantissa in (1, 2, 5):
            if mantissa * 10**exponent >= count:
                return mantissa * 10**exponent
        exponent += 1


def _round(value: float) -> str:
    return f"{value:.2g}"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[…]"
    return f"{value:g}" if isinstance(value, float) else str(value)
