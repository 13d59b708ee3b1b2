"""The Trainer really learns, stops when it should, and is reproducible."""

import threading

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.registries import OPTIMIZERS
from nnstudio.core.train import Callback, TestSetAlreadyUsed, TrainControl, Trainer


def config(data=None, model=None, train=None):
    return parse_config({"data": data or {}, "model": model or {}, "train": train or {}})


def train_features(trainer):
    return trainer.dataset.train.x.numpy().astype(np.float64), trainer.dataset.train.y.numpy()


def test_one_neuron_reaches_the_least_squares_error_on_linear_data():
    trainer = Trainer(config(
        data={"dataset": "linear", "n_samples": 100, "noise": 0.3},
        model={"preset": "linear"},
        train={"optimizer": "sgd", "lr": 0.2, "batch_size": "full", "epochs": 300},
    ))
    trainer.fit()
    x, y = train_features(trainer)
    design = np.hstack([x, np.ones_like(x)])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    least_squares_mse = float(np.mean((design @ coefficients - y) ** 2))
    model_mse = float(np.mean((trainer.predict(x.astype(np.float32)) - y) ** 2))
    assert model_mse <= least_squares_mse * 1.01
    weight, bias = trainer.model[-1].weight.item(), trainer.model[-1].bias.item()
    assert weight == pytest.approx(coefficients[0, 0], abs=0.01)
    assert bias == pytest.approx(coefficients[1, 0], abs=0.01)


def test_polynomial_regression_matches_numpy_polyfit():
    trainer = Trainer(config(
        data={"dataset": "sine", "n_samples": 200, "noise": 0.1},
        model={"preset": "polynomial", "degree": 3},
        train={"optimizer": "adam", "lr": 0.05, "batch_size": "full", "epochs": 1500},
    ))
    trainer.fit()
    x, y = train_features(trainer)
    fitted = np.polyval(np.polyfit(x[:, 0], y[:, 0], 3), x[:, 0])
    predicted = trainer.predict(x.astype(np.float32))[:, 0]
    assert np.max(np.abs(predicted - fitted)) < 0.01


@pytest.mark.parametrize("dataset, model, extra", [
    ("xor", {"preset": "mlp", "hidden": [8], "activation": "tanh"}, {"noise": 0.05}),
    ("spiral", {"preset": "mlp", "hidden": [64, 64], "activation": "relu"},
     {"n_samples": 800, "n_classes": 2, "noise": 0.05}),
])
def test_an_mlp_separates_hard_2d_sets_on_held_out_data(dataset, model, extra):
    trainer = Trainer(config(
        data={"dataset": dataset, **extra},
        model=model,
        train={"optimizer": "adam", "lr": 0.02, "epochs": 300},
    ))
    result = trainer.fit()
    assert result.final.val_acc > 0.95
    assert trainer.evaluate_test()["test_acc"] > 0.95


def test_logistic_regression_cannot_separate_xor():
    trainer = Trainer(config(
        data={"dataset": "xor", "noise": 0.05},
        model={"preset": "logistic"},
        train={"optimizer": "adam", "lr": 0.05, "epochs": 200},
    ))
    assert trainer.fit().final.val_acc < 0.75


def test_loss_falls_and_history_has_every_epoch():
    trainer = Trainer(config(data={"dataset": "moons"}, train={"epochs": 30}))
    result = trainer.fit()
    losses = trainer.history.column("val_loss")
    assert len(trainer.history) == 30 and result.stop_kind == "completed"
    assert losses[-1] < losses[0] * 0.7
    assert len(trainer.history.step_losses()) == 30 * trainer.steps_per_epoch


def test_same_seed_gives_the_same_metrics_twice():
    def run():
        trainer = Trainer(config(data={"dataset": "circles"}, model={"dropout": 0.2}, train={"epochs": 15}))
        trainer.fit()
        return trainer.history.column("val_loss"), trainer.history.step_losses()

    first, again = run(), run()
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])


def test_early_stopping_restores_the_best_epochs_weights():
    snapshots = {}

    class Snapshot(Callback):
        def on_epoch_end(self, trainer, metrics):
            snapshots[metrics.epoch] = [p.detach().clone() for p in trainer.model.parameters()]

    trainer = Trainer(config(
        data={"dataset": "moons", "n_samples": 60, "noise": 0.4, "val_fraction": 0.4},
        model={"hidden": [128, 128], "activation": "relu"},
        train={"lr": 0.02, "epochs": 2000, "early_stopping": True, "patience": 15},
    ), callbacks=[Snapshot()])
    result = trainer.fit()
    assert result.stop_kind == "early_stopped" and result.epochs_run < 2000
    assert result.restored_epoch == result.best_epoch == trainer.early_stopping.best_epoch
    assert result.epochs_run == result.best_epoch + 15
    best = snapshots[result.best_epoch]
    assert all(torch.equal(a, b) for a, b in zip(trainer.model.parameters(), best))
    val_loss, _ = trainer.evaluate(trainer.val_part)
    assert val_loss == pytest.approx(result.best.val_loss, rel=1e-5)


def test_after_early_stopping_final_means_the_restored_model_everywhere(tmp_path):
    from nnstudio.core.store import RunRecorder, RunStore, load_checkpoint, save_checkpoint

    recorder = RunRecorder()
    trainer = Trainer(config(
        data={"dataset": "moons", "n_samples": 80, "noise": 0.35, "val_fraction": 0.4},
        model={"hidden": [64, 64], "activation": "relu"},
        train={"lr": 0.02, "epochs": 400, "early_stopping": True, "patience": 10},
    ), callbacks=[recorder])
    result = trainer.fit()
    assert result.stop_kind == "early_stopped" and result.restored_epoch < result.epochs_run
    # "final" is the model that is kept: the restored epoch, not the last one trained.
    assert result.final.epoch == result.restored_epoch
    summary = result.summary()
    assert summary["final"]["epoch"] == result.restored_epoch
    assert summary["best"]["epoch"] == result.best_epoch
    assert trainer.evaluate_test()["epoch"] == result.restored_epoch
    save_checkpoint(tmp_path / "model.pt", trainer)
    saved = load_checkpoint(tmp_path / "model.pt")
    assert saved.epoch == result.restored_epoch
    # The final numbers are the saved model's own.
    x, y = trainer.dataset.val.x, trainer.dataset.val.y
    with torch.no_grad():
        saved_loss = float(trainer.loss_fn(saved.model(x), y))
    assert saved_loss == pytest.approx(result.final.val_loss, rel=1e-5)
    with RunStore() as store:
        recorded = store.get_run(recorder.run_id)
    assert recorded.final["epoch"] == result.restored_epoch
    assert recorded.final["val_loss"] == pytest.approx(result.final.val_loss)


def test_divergence_stops_the_run_with_a_readable_reason():
    trainer = Trainer(config(
        data={"dataset": "linear"}, model={"preset": "linear"},
        train={"optimizer": "sgd", "lr": 50.0, "batch_size": "full", "epochs": 500},
    ))
    result = trainer.fit()
    assert result.diverged and result.epochs_run < 500
    assert result.stop_reason.startswith("loss diverged at epoch")
    assert "try a smaller learning rate" in result.stop_reason


def test_step_learning_rate_schedule_halves_the_rate():
    trainer = Trainer(config(train={"lr": 0.1, "schedule": "step", "step_size": 5, "gamma": 0.5, "epochs": 12}))
    trainer.fit()
    lrs = trainer.history.column("lr")
    assert lrs[0] == pytest.approx(0.1) and lrs[5] == pytest.approx(0.05) and lrs[10] == pytest.approx(0.025)


def test_l1_penalty_pushes_weights_to_zero():
    def share_near_zero(l1):
        trainer = Trainer(config(data={"dataset": "moons"}, model={"hidden": [32, 32]},
                                 train={"l1": l1, "epochs": 60}))
        trainer.fit()
        weights = torch.cat([p.detach().flatten() for p in trainer.model.parameters() if p.dim() > 1])
        return float((weights.abs() < 1e-2).float().mean())

    assert share_near_zero(0.003) > share_near_zero(0.0) + 0.2


def test_control_pauses_steps_one_epoch_and_stops():
    control = TrainControl()
    trainer = Trainer(config(data={"dataset": "moons"}, train={"epochs": 10_000}), control=control)
    control.pause()
    worker = threading.Thread(target=lambda: setattr(trainer, "result", trainer.fit()))
    worker.start()
    worker.join(0.3)
    assert trainer.epoch == 0  # paused before the first step
    control.request_step()
    for _ in range(100):
        worker.join(0.05)
        if trainer.epoch == 1 and control.paused:
            break
    worker.join(0.2)
    assert trainer.epoch == 1 and control.paused
    control.set_lr(0.5)
    control.resume()
    worker.join(0.3)
    control.request_stop()
    worker.join(2.0)
    assert not worker.is_alive()
    assert trainer.result.stop_kind == "stopped" and 1 < trainer.epoch < 10_000
    assert trainer.lr == 0.5


def test_test_set_is_evaluated_only_once():
    trainer = Trainer(config(train={"epochs": 2}))
    trainer.fit()
    first = trainer.evaluate_test()
    assert 0 <= first["test_acc"] <= 1
    with pytest.raises(TestSetAlreadyUsed):
        trainer.evaluate_test()


@pytest.mark.parametrize("optimizer", [name for name, entry in OPTIMIZERS.items() if not entry.exact])
def test_every_optimizer_lowers_the_loss(optimizer):  # least squares: test_least_squares.py
    lr = {"sgd": 0.3, "momentum": 0.05, "nesterov": 0.05}.get(optimizer, 0.01)
    trainer = Trainer(config(data={"dataset": "gaussians"}, train={"optimizer": optimizer, "lr": lr, "epochs": 15}))
    trainer.fit()
    losses = trainer.history.column("train_loss")
    assert losses[-1] < losses[0]
