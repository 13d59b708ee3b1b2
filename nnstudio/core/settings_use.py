"""Which settings a run actually uses, so none is ignored without a word.

The hyperparameter form greys out a field that does not apply (momentum for Adam, the step size
without a step schedule) from :data:`APPLIES_WHEN`; the command line warns about each setting a
config changed from its default that does not apply (:func:`unused_settings`). Both read the
facts here.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnstudio.core.config import RunConfig
from nnstudio.core.registries import DATASETS, OPTIMIZERS, SCHEDULES

# Settings that only matter for some values of another one in the same section:
# field -> (controller, values it needs). Which optimiser or schedule reads which setting is
# declared in the core's registries.
APPLIES_WHEN: dict[str, tuple[str, tuple[object, ...]]] = {
    **OPTIMIZERS.applies_when("optimizer"),
    **SCHEDULES.applies_when("schedule"),
    "patience": ("early_stopping", (True,)),
    "min_delta": ("early_stopping", (True,)),
    "restore_best": ("early_stopping", (True,)),
}
# An optimiser solved in one step (least squares) takes no gradient step: none of these apply.
GRADIENT_OPTIMIZERS = tuple(name for name, entry in OPTIMIZERS.items() if not entry.exact)
APPLIES_WHEN.update({
    name: ("optimizer", GRADIENT_OPTIMIZERS)
    for name in ("lr", "batch_size", "epochs", "weight_decay", "l1", "grad_clip", "schedule",
                 "early_stopping")
})

# Model settings each preset reads (the others do nothing for it).
PRESET_SETTINGS: dict[str, tuple[str, ...]] = {
    "auto": ("hidden", "activation", "dropout"),
    "mlp": ("hidden", "activation", "dropout"),
    "cnn": ("hidden", "dropout"),
    "polynomial": ("degree",),
    "custom": ("layers",),
}


@dataclass(frozen=True)
class UnusedSetting:
    """A setting given a value that the run does not use, and why."""

    path: str  # "train.momentum"
    value: object
    reason: str  # "it applies only when train.optimizer is adam or adamw"

    def message(self) -> str:
        return f"{self.path} = {self.value!r} is not used: {self.reason}"


def applies(section: str, name: str, values: dict[str, object]) -> bool:
    """Whether field ``name`` of a section applies, given the section's current ``values``
    (the form's rule: :data:`APPLIES_WHEN`; fields not listed always apply)."""
    if section != "train" or name not in APPLIES_WHEN:
        return True
    controller, needed = APPLIES_WHEN[name]
    return values.get(controller) in needed


def unused_settings(config: RunConfig) -> list[UnusedSetting]:
    """Every setting changed from its default that this config does not use, once each, in the
    order of the schema."""
    found: list[UnusedSetting] = []
    for section in ("data", "model", "train"):
        part = getattr(config, section)
        defaults = type(part)()
        for name in type(part).model_fields:
            value = getattr(part, name)
            if value == getattr(defaults, name):
                continue
            reason = _why_unused(config, section, name)
            if reason:
                found.append(UnusedSetting(f"{section}.{name}", _plain(value), reason))
    return found


def _why_unused(config: RunConfig, section: str, name: str) -> str:
    """Why ``section.name`` does nothing in this config ("" when it is used)."""
    if section == "train":
        train = config.train
        if not applies("train", name, train.model_dump()):
            controller, needed = APPLIES_WHEN[name]
            return f"it applies only when train.{controller} is {_either(needed)} " \
                   f"(it is {_plain(getattr(train, controller))!r})"
        if name == "augment" and _group(config.data.dataset) != "images":
            return "augmentation changes images; this dataset has none"
        return ""
    if section == "model":
        preset = config.model.preset
        users = [owner for owner, names in PRESET_SETTINGS.items() if name in names]
        if users and preset not in users:
            return f"it applies only when model.preset is {_either(users)} (it is {preset!r})"
        return ""
    return _why_data_unused(config.data.dataset, name)


def _why_data_unused(dataset: str, name: str) -> str:
    """The dataset registry says which DataConfig settings each dataset reads."""
    users = DATASETS.where(name)
    if not users or name in DATASETS[dataset].settings:
        return ""  # a setting every dataset reads (seed, val_fraction) lists no users
    return f"it applies only to {_either(users)} (data.dataset is {dataset!r})"


def _group(dataset: str) -> str:
    return DATASETS[dataset].group


def _either(values) -> str:
    words = ["on" if value is True else str(value) for value in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _plain(value: object) -> object:
    """A value as the TOML file writes it (layer specs as tables)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    dump = getattr(value, "model_dump", None)
    return dump(mode="json") if dump is not None else value
