"""Validation within long epochs: an 8-epoch Fashion-MNIST run gets dozens of validation points,
not 8; small sets are untouched; the points never change what is trained; their cost is bounded."""

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.data.images import DEBIAN_FOLDERS
from nnstudio.core.errors import ConfigError
from nnstudio.core.train import Trainer
from nnstudio.core.train import mid_epoch
from nnstudio.core.train.mid_epoch import MID_EPOCH_SAMPLES, validations_per_epoch

needs_fashion_mnist = pytest.mark.skipif(
    not (DEBIAN_FOLDERS["fashion_mnist"] / "train-images-idx3-ubyte.gz").exists(),
    reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")


def validations(history):
    return sum(len(metrics.val_points) + 1 for metrics in history.epochs)


@pytest.mark.slow
@needs_fashion_mnist
def test_an_8_epoch_fashion_mnist_run_gets_at_least_40_validation_points():
    # Lesson 16's classroom run (6000 images, batches of 64), for 8 epochs, with the default setting.
    config = parse_config({"data": {"dataset": "fashion_mnist", "subset": 6000},
                           "model": {"hidden": [128], "activation": "relu"},
                           "train": {"lr": 0.001, "batch_size": 64, "epochs": 8}})
    trainer = Trainer(config)
    trainer.fit()
    assert trainer.steps_per_epoch == 75
    assert validations(trainer.history) >= 40
    first = trainer.history.epochs[0]
    steps = first.val_points[:, 0]
    assert set(steps) <= {15, 30, 45, 60} and len(steps) >= 3
    assert np.isfinite(first.val_points[:, 1:]).all()
    # Within the first epoch the model already learns: the first point scores worse than the epoch's end.
    assert first.val_points[0, 2] < first.val_acc


@needs_fashion_mnist
def test_the_default_gives_the_full_fashion_mnist_at_least_5_validations_an_epoch():
    for batch in (32, 64, 128):
        trainer = Trainer(parse_config({"data": {"dataset": "fashion_mnist"},
                                        "train": {"batch_size": batch, "epochs": 8}}))
        planned = 8 * validations_per_epoch(trainer.steps_per_epoch, trainer.config.train.val_every_steps,
                                            len(trainer.dataset.train))
        assert planned >= 40, (batch, planned)


def test_small_sets_keep_one_validation_an_epoch_and_their_fast_path():
    trainer = Trainer(parse_config({"data": {"dataset": "spiral", "n_samples": 600},
                                    "train": {"batch_size": 1, "epochs": 2}}))
    assert trainer.steps_per_epoch > trainer.config.train.val_every_steps
    trainer.fit()
    assert trainer.path == "fast"
    assert all(len(metrics.val_points) == 0 for metrics in trainer.history.epochs)


@pytest.mark.parametrize("fast", [True, False])
def test_validating_within_epochs_changes_nothing_that_is_trained(fast, monkeypatch):
    monkeypatch.setattr(mid_epoch, "MID_EPOCH_BUDGET", 1e9)  # every one, however long it takes

    def trained(every):
        trainer = Trainer(parse_config({"data": {"dataset": "moons", "n_samples": 3000},
                                        "model": {"hidden": [16], "dropout": 0.1},
                                        "train": {"epochs": 2, "val_every_steps": every}}))
        trainer.use_fast_path = fast
        trainer.fit()
        return trainer

    plain, validated = trained(0), trained(10)
    assert trainer_path(plain) == trainer_path(validated)
    assert all(len(metrics.val_points) == 0 for metrics in plain.history.epochs)
    assert [list(metrics.val_points[:, 0]) for metrics in validated.history.epochs] == [
        [10.0, 20.0, 30.0, 40.0, 50.0]] * 2  # 57 steps an epoch
    for name, tensor in plain.model.state_dict().items():
        assert torch.equal(tensor, validated.model.state_dict()[name])
    assert plain.history.last.val_loss == validated.history.last.val_loss
    assert len(validated.dataset.val) > MID_EPOCH_SAMPLES  # scored on a sample within epochs


def trainer_path(trainer):
    return trainer.path


def test_a_run_spends_at_most_its_budget_on_validating_within_epochs(monkeypatch):
    monkeypatch.setattr(mid_epoch, "MID_EPOCH_BUDGET", 0.0)  # no time at all: only the first
    trainer = Trainer(parse_config({"data": {"dataset": "moons", "n_samples": 3000},
                                    "train": {"epochs": 2, "val_every_steps": 10}}))
    trainer.fit()
    assert validations(trainer.history) - 2 == 1
    assert trainer.history.epochs[0].val_points[0, 0] == 10


def test_the_setting_is_checked_by_the_schema():
    with pytest.raises(ConfigError, match=r"train.val_every_steps: must be >= 0, got -5"):
        parse_config({"train": {"val_every_steps": -5}})
