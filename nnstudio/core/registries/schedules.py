"""Every learning-rate schedule nnstudio offers, declared once: its torch scheduler, the settings
it reads and how the exported script builds it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from nnstudio.core.registries.base import Registry


@dataclass(frozen=True)
class ScheduleArgument:
    """One keyword of the torch scheduler: the TrainConfig field it comes from and the exported
    script's constant for it (with a comment when the schedule defines it; None: the script
    defines it anyway, as EPOCHS)."""

    keyword: str
    field: str
    constant: str
    comment: Optional[str] = None


@dataclass(frozen=True)
class ScheduleEntry:
    name: str  # the config's value (train.schedule)
    label: str  # what the form shows
    torch_class: Optional[str]  # the class in torch.optim.lr_scheduler; None: a constant LR
    about: str = ""  # the exported script's docstring of make_schedule
    arguments: tuple[ScheduleArgument, ...] = ()
    steps_on_loss: bool = False  # step(monitored loss) at each epoch end, not step()

    @property
    def settings(self) -> tuple[str, ...]:
        """The TrainConfig fields only this kind of schedule reads (the form greys them out
        for the others)."""
        return tuple(argument.field for argument in self.arguments if argument.comment)

    def build(self, train: Any, optimizer) -> Any:
        """The torch scheduler for a TrainConfig over ``optimizer``; None for a constant LR."""
        if self.torch_class is None:
            return None
        import torch

        kind = getattr(torch.optim.lr_scheduler, self.torch_class)
        return kind(optimizer, **{a.keyword: getattr(train, a.field) for a in self.arguments})

    def constants(self, train: Any) -> list[tuple[str, object, str]]:
        """(constant, value, comment) of the settings the exported script defines for it."""
        return [(a.constant, getattr(train, a.field), a.comment) for a in self.arguments if a.comment]

    def script_arguments(self) -> list[str]:
        """The exported script's keyword arguments, naming its constants (``gamma=GAMMA``)."""
        return [f"{a.keyword}={a.constant}" for a in self.arguments]


SCHEDULES: Registry[ScheduleEntry] = Registry("schedule", [
    ScheduleEntry("none", "None", None),
    ScheduleEntry(
        "step", "Step", "StepLR",
        "StepLR: multiply the learning rate by GAMMA every STEP_SIZE epochs.",
        (ScheduleArgument("step_size", "step_size", "STEP_SIZE",
                          "epochs between two cuts of the learning rate"),
         ScheduleArgument("gamma", "gamma", "GAMMA", "each cut multiplies the learning rate by this")),
    ),
    ScheduleEntry(
        "plateau", "Plateau", "ReduceLROnPlateau",
        "ReduceLROnPlateau: multiply the learning rate by PLATEAU_FACTOR when the loss has not\n"
        "    improved for PLATEAU_PATIENCE epochs.",
        (ScheduleArgument("patience", "plateau_patience", "PLATEAU_PATIENCE",
                          "epochs without progress before a cut"),
         ScheduleArgument("factor", "plateau_factor", "PLATEAU_FACTOR",
                          "each cut multiplies the LR by this")),
        steps_on_loss=True,
    ),
    ScheduleEntry(
        "cosine", "Cosine", "CosineAnnealingLR",
        "Cosine annealing: the learning rate falls along half a cosine wave, to 0 at EPOCHS.",
        (ScheduleArgument("T_max", "epochs", "EPOCHS"),),
    ),
])
