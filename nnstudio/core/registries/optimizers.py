"""Every optimiser nnstudio offers, declared once: its torch class, the settings it reads, how the
exported script builds it and which update rule of the fast path computes it.

Adding an optimiser is one entry here (and, for the fast path, an update rule in
``core/train/fast_optimizers.py``; without one it trains on the eager path).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from nnstudio.core.registries.base import Registry


@dataclass(frozen=True)
class OptimizerSetting:
    """A hyperparameter some optimisers take: the config fields it is made of, the torch keyword
    it is passed as and the constant the exported script names it by."""

    name: str  # what an entry lists in ``settings``
    fields: tuple[str, ...]  # TrainConfig fields (the form greys them out for other optimisers)
    keyword: str  # torch's keyword argument
    constant: str  # the exported script's constant
    comment: str  # the script's comment on that constant

    def value(self, train: Any) -> object:
        values = tuple(getattr(train, field) for field in self.fields)
        return values[0] if len(values) == 1 else values


SETTINGS = {
    setting.name: setting
    for setting in [
        OptimizerSetting("momentum", ("momentum",), "momentum", "MOMENTUM",
                         "share of the previous step kept in the next one"),
        OptimizerSetting("betas", ("beta1", "beta2"), "betas", "BETAS",
                         "decay of the gradient's running mean, square"),
    ]
}


@dataclass(frozen=True)
class OptimizerEntry:
    name: str  # the config's value (train.optimizer)
    label: str  # what the form shows
    torch_class: str  # the class in torch.optim
    about: str  # the exported script's docstring of make_optimizer
    uses: tuple[str, ...] = ()  # names in SETTINGS, besides lr and weight_decay (every one takes)
    options: tuple[tuple[str, object], ...] = ()  # fixed keywords, e.g. nesterov=True
    fast_rule: Optional[str] = None  # the fast path's update rule for it; None: eager only
    # Solved in one step instead of by gradient steps (least squares: core/train/least_squares.py);
    # its torch optimiser only holds the learning rate the history lists.
    exact: bool = False
    # Divides each step by the gradient's running size, so every weight moves by about lr per
    # step whatever its gradient (core/advice.py judges its learning rate by that).
    adaptive: bool = False

    @property
    def settings(self) -> tuple[str, ...]:
        """The TrainConfig fields this optimiser reads besides lr and weight_decay."""
        return tuple(field for name in self.uses for field in SETTINGS[name].fields)

    def torch_type(self) -> type:
        import torch

        return getattr(torch.optim, self.torch_class)

    def keywords(self, train: Any) -> dict[str, object]:
        """The keyword arguments of the torch class for a TrainConfig (L2 is its weight decay)."""
        return {
            "lr": train.lr,
            **{SETTINGS[name].keyword: SETTINGS[name].value(train) for name in self.uses},
            **dict(self.options),
            "weight_decay": train.weight_decay,
        }

    def build(self, train: Any, parameters) -> Any:
        """The torch optimiser a TrainConfig asks for, over ``parameters``."""
        return self.torch_type()(parameters, **self.keywords(train))

    def constants(self, train: Any) -> list[tuple[str, object, str]]:
        """(constant, value, comment) of the settings the exported script defines for it."""
        return [(SETTINGS[name].constant, SETTINGS[name].value(train), SETTINGS[name].comment)
                for name in self.uses]

    def script_arguments(self) -> list[str]:
        """The exported script's keyword arguments, naming its constants (``lr=LEARNING_RATE``)."""
        return (["lr=LEARNING_RATE"]
                + [f"{SETTINGS[name].keyword}={SETTINGS[name].constant}" for name in self.uses]
                + [f"{key}={value!r}" for key, value in self.options]
                + ["weight_decay=WEIGHT_DECAY"])


OPTIMIZERS: Registry[OptimizerEntry] = Registry("optimizer", [
    OptimizerEntry(
        "sgd", "SGD", "SGD",
        "Plain gradient descent: every parameter moves by -LEARNING_RATE times its gradient.",
        fast_rule="sgd",
    ),
    OptimizerEntry(
        "momentum", "SGD + momentum", "SGD",
        "Gradient descent with momentum: each step keeps MOMENTUM of the previous one, like a\n"
        "    ball rolling downhill.",
        uses=("momentum",), fast_rule="sgd",
    ),
    OptimizerEntry(
        "nesterov", "Nesterov", "SGD",
        "Nesterov momentum: like momentum, but the gradient is taken where the momentum is\n"
        "    about to carry the weights.",
        uses=("momentum",), options=(("nesterov", True),), fast_rule="sgd",
    ),
    OptimizerEntry(
        "adagrad", "Adagrad", "Adagrad",
        "Adagrad: each parameter's step is divided by the square root of the sum of all its\n"
        "    squared gradients so far: often-pushed weights slow down, rarely-pushed ones do not.",
        fast_rule="adagrad", adaptive=True,
    ),
    OptimizerEntry(
        "adam", "Adam", "Adam",
        "Adam: every parameter gets its own step size, from running averages of its gradient\n"
        "    (BETAS[0]) and of its square (BETAS[1]).",
        uses=("betas",), fast_rule="adam", adaptive=True,
    ),
    OptimizerEntry(
        "adamw", "AdamW", "AdamW",
        "AdamW: Adam with the weight decay applied to the weights directly, not mixed into the\n"
        "    gradient's averages.",
        uses=("betas",), fast_rule="adam", adaptive=True,
    ),
    OptimizerEntry(
        "rmsprop", "RMSprop", "RMSprop",
        "RMSprop: each step is divided by a running average of the gradient's size, so steep\n"
        "    and flat directions move at a similar pace.",
        uses=("momentum",), fast_rule="rmsprop", adaptive=True,
    ),
    OptimizerEntry(
        "lstsq", "Least squares (exact)", "SGD",
        "Least squares: the weights of linear or polynomial regression, solved in one step.",
        exact=True,
    ),
])
