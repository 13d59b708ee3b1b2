"""The registries declare each optimiser, schedule, dataset and activation once; the schema, the
trainer, the loaders and the export follow what an entry says."""

import typing

import numpy as np
import pytest
import torch

from nnstudio.core.config import DataConfig, ModelConfig, TrainConfig, parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import ConfigError
from nnstudio.core.models import build_model
from nnstudio.core.registries import ACTIVATIONS, DATASETS, OPTIMIZERS, SCHEDULES, Registry
from nnstudio.core.registries.datasets import IMAGES, POINTS_2D, REGRESSION_1D
from nnstudio.core.train import Trainer
from nnstudio.core.train.schedulers import LRSchedule


@pytest.mark.parametrize("registry, section, field", [
    (OPTIMIZERS, TrainConfig, "optimizer"),
    (SCHEDULES, TrainConfig, "schedule"),
    (DATASETS, DataConfig, "dataset"),
    (ACTIVATIONS, ModelConfig, "activation"),
])
def test_the_schema_accepts_exactly_the_registered_names(registry, section, field):
    assert typing.get_args(section.model_fields[field].annotation) == registry.names()
    with pytest.raises(ConfigError, match=f"{field}: must be one of"):
        parse_config({{"optimizer": "train", "schedule": "train", "dataset": "data",
                       "activation": "model"}[field]: {field: "no such thing"}})


def test_a_registry_refuses_a_name_twice_and_names_the_known_ones():
    with pytest.raises(ValueError, match="'adam' is declared twice"):
        Registry("optimizer", [OPTIMIZERS["adam"], OPTIMIZERS["adam"]])
    with pytest.raises(KeyError, match="unknown optimizer 'adamax'; known: sgd, momentum"):
        OPTIMIZERS["adamax"]


@pytest.mark.parametrize("name", OPTIMIZERS.names())
def test_each_optimizer_is_built_with_the_settings_its_entry_lists(name):
    train = TrainConfig(optimizer=name, lr=0.03, momentum=0.7, beta1=0.8, beta2=0.95,
                        weight_decay=0.001)
    entry = OPTIMIZERS[name]
    # Least squares solves linear and polynomial regression (its optimiser holds the lr shown).
    model = {"preset": "linear"} if entry.exact else {}
    data = {"dataset": "linear"} if entry.exact else {}
    optimizer = Trainer(parse_config({"data": data, "model": model,
                                      "train": train.model_dump()})).optimizer
    assert type(optimizer) is entry.torch_type()
    group = optimizer.param_groups[0]
    assert group["lr"] == 0.03 and group["weight_decay"] == 0.001
    uses_momentum = "momentum" in entry.settings
    assert ("momentum" in group and group["momentum"] == 0.7) == uses_momentum
    assert (group.get("betas") == (0.8, 0.95)) == ("beta1" in entry.settings)
    for key, value in entry.options:
        assert group[key] == value


@pytest.mark.parametrize("name", SCHEDULES.names())
def test_each_schedule_is_built_with_the_settings_its_entry_lists(name):
    train = TrainConfig(schedule=name, step_size=7, gamma=0.3, plateau_patience=4,
                        plateau_factor=0.2, epochs=40)
    trainer = Trainer(parse_config({"train": train.model_dump()}))
    trainer.fit(epochs=1)
    scheduler = next(c for c in trainer.callbacks if isinstance(c, LRSchedule)).scheduler
    entry = SCHEDULES[name]
    if entry.torch_class is None:
        assert scheduler is None
        return
    assert type(scheduler).__name__ == entry.torch_class
    for argument in entry.arguments:
        assert getattr(scheduler, argument.keyword) == getattr(train, argument.field)


def test_settings_that_apply_are_the_ones_the_entries_list():
    assert OPTIMIZERS.applies_when("optimizer")["momentum"] == (
        "optimizer", tuple(name for name, entry in OPTIMIZERS.items() if "momentum" in entry.uses))
    assert SCHEDULES.where("gamma") == ("step",)
    assert set(DATASETS.where("n_classes")) == {
        name for name, entry in DATASETS.items() if entry.kind is POINTS_2D and not entry.classes}
    assert set(DATASETS.where("subset")) == {name for name, e in DATASETS.items() if e.kind is IMAGES}


@pytest.mark.parametrize("name", DATASETS.names())
def test_input_features_apply_to_the_2d_point_sets_the_registry_names(name):
    """No hidden list: a dataset whose entry says its inputs are points (x1, x2) takes input
    features; any other is refused by the schema, naming why."""
    raw = {"data": {"dataset": name, "features": ["x1", "x2", "x1^2"], "n_samples": 60,
                    "points": [[0.1, 0.2, 0], [0.5, -0.3, 1]] * 3}}
    if not DATASETS[name].features_apply():
        with pytest.raises(ConfigError, match="input features are computed from 2D points"):
            parse_config(raw)
        return
    dataset = load_dataset(parse_config(raw).data)
    assert dataset.feature_names == ["x1", "x2", "x1^2"]
    np.testing.assert_allclose(dataset.train.x[:, 2].numpy(), dataset.train.x[:, 0].numpy() ** 2,
                               rtol=1e-6)


@pytest.mark.parametrize("name", [n for n, e in DATASETS.items() if e.kind in (REGRESSION_1D, POINTS_2D)])
def test_each_generated_set_is_made_by_its_entrys_generator(name):
    entry = DATASETS[name]
    dataset = load_dataset(DataConfig(dataset=name, n_samples=90, n_classes=4, val_fraction=0.0,
                                      test_fraction=0.0))
    if entry.kind is REGRESSION_1D:
        assert dataset.task == "regression" and dataset.input_shape == (1,)
    else:
        assert dataset.n_classes == (entry.classes or 4) and dataset.input_shape == (2,)
    x, y = entry.generator(90, 0.1, dataset.n_classes, np.random.default_rng(0))
    assert sorted(map(tuple, x.tolist())) == sorted(map(tuple, dataset.train.x.tolist()))


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_each_activation_builds_its_torch_module(name):
    model = build_model(ModelConfig(hidden=[3], activation=name), (2,), 1, "binary")
    assert type(model[1]) is ACTIVATIONS[name].torch_type()
    assert model(torch.zeros(4, 2)).shape == (4, 1)
