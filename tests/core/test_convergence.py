"""The convergence notice: a run that ends with its training loss still falling says so."""

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.train import EpochMetrics, History, Trainer
from nnstudio.core.train.convergence import assess


def history(train_losses, val_losses=None, train_acc=None):
    epochs = History()
    for epoch, loss in enumerate(train_losses, start=1):
        val = None if val_losses is None else val_losses[epoch - 1]
        epochs.append(EpochMetrics(epoch, float(loss), val, train_acc, None, 0.01, 0.0, 0.0, 1))
    return epochs


def linear_run(**train):
    return Trainer(parse_config({
        "data": {"dataset": "linear", "n_samples": 100, "noise": 0.3},
        "model": {"preset": "linear"},
        "train": {"optimizer": "sgd", "batch_size": "full", **train},
    })).fit()


def test_a_run_ending_with_its_training_loss_still_falling_gets_the_notice():
    result = linear_run(lr=0.002, epochs=40)
    assert result.stop_kind == "completed"
    assert result.convergence.still_improving and result.convergence.window == 4
    assert result.notice.startswith("not converged: the training loss still fell ")
    assert result.notice.endswith(" % over the last 4 epochs; train more epochs or use a larger "
                                  "learning rate")
    summary = result.summary()
    assert summary["notice"] == result.notice
    assert summary["convergence"]["still_improving"] is True
    assert summary["convergence"]["train_loss_fall"] > 0.01


def test_a_converged_run_gets_no_notice():
    result = linear_run(lr=0.2, epochs=300)
    assert not result.convergence.still_improving and result.notice is None
    assert abs(result.convergence.train_loss_fall) < 0.01
    assert result.summary()["notice"] is None


def test_the_rule_compares_the_last_tenth_of_the_epochs_with_the_tenth_before():
    flat = np.ones(80)
    falling = np.concatenate([flat, np.full(10, 1.0), np.full(10, 0.98)])  # 2 % over the last 10
    assert assess(history(falling)).still_improving
    assert assess(history(falling)).window == 10
    barely = np.concatenate([flat, np.full(10, 1.0), np.full(10, 0.995)])  # 0.5 %
    assert not assess(history(barely)).still_improving
    early_drop = np.concatenate([np.linspace(3, 1, 80), np.full(20, 1.0)])  # fell, then settled
    assert not assess(history(early_drop)).still_improving


def test_no_notice_while_the_validation_loss_stops_falling_or_a_classifier_is_already_perfect():
    falling = np.concatenate([np.ones(18), [0.9, 0.8]])
    assert assess(history(falling, val_losses=np.linspace(1.0, 0.5, 20))).still_improving
    # Validation loss rising while training loss falls: more epochs would only overfit.
    rising = np.concatenate([np.ones(18), [1.1, 1.2]])
    assert not assess(history(falling, val_losses=rising)).still_improving
    # Every training sample right: what still falls is only the classifier's confidence.
    assert not assess(history(falling, train_acc=1.0)).still_improving
    assert assess(history(falling, train_acc=0.9)).still_improving


def test_runs_that_did_not_complete_their_epochs_are_not_judged():
    stopped_early = Trainer(parse_config({
        "data": {"dataset": "moons", "n_samples": 80, "noise": 0.35, "val_fraction": 0.4},
        "model": {"hidden": [64, 64], "activation": "relu"},
        "train": {"lr": 0.02, "epochs": 400, "early_stopping": True, "patience": 10},
    })).fit()
    assert stopped_early.stop_kind == "early_stopped" and stopped_early.convergence is None
    trainer = Trainer(parse_config({"data": {"dataset": "moons"}, "train": {"epochs": 50}}))
    assert trainer.fit(epochs=5).convergence is None  # 5 of 50 epochs: not the end of the run
    assert assess(history([1.0])) is None


@pytest.mark.parametrize("lr, notice", [(0.002, True), (0.2, False)])
def test_the_cli_prints_the_notice_and_records_it_in_the_summary(tmp_path, capsys, lr, notice):
    import json

    from nnstudio.cli import main

    config = tmp_path / "slow.toml"
    config.write_text('[data]\ndataset = "linear"\nn_samples = 100\nnoise = 0.3\n'
                      '[model]\npreset = "linear"\n'
                      f'[train]\noptimizer = "sgd"\nbatch_size = "full"\nlr = {lr}\nepochs = 40\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    printed = capsys.readouterr().out
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert ("notice: not converged: the training loss still fell" in printed) == notice
    assert (summary["notice"] is not None) == notice
    assert summary["convergence"]["still_improving"] == notice
