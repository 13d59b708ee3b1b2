"""The fast path for small dense networks computes what the eager PyTorch loop computes.

Each equivalence test trains the same config twice from one seed, once on the fast path and once
forced onto the eager path, and compares weights, optimiser state and every recorded number.
"""

import threading

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.presets import load_preset
from nnstudio.core.registries import OPTIMIZERS
from nnstudio.core.train import Callback, TrainControl, Trainer
from nnstudio.core.models import fast_forward
from nnstudio.core.train import fast_path
from nnstudio.core.viz.grids import GridPlan

RTOL, ATOL = 1e-4, 1e-5

DATA = {
    "regression": {"dataset": "sine", "n_samples": 150, "noise": 0.1},
    "binary": {"dataset": "moons", "n_samples": 150, "noise": 0.2},
    "multiclass": {"dataset": "blobs", "n_samples": 150, "n_classes": 3, "noise": 0.3},
}
LR = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.05, "adam": 0.01, "adamw": 0.01,
      "rmsprop": 0.003}
# Every optimiser the registry gives an update rule of the fast path.
FAST = [entry.name for entry in OPTIMIZERS.values() if entry.fast_rule]


def lr(optimizer):
    return LR.get(optimizer, 0.01)


def config(data, model=None, train=None):
    return parse_config({"data": data, "model": model or {}, "train": train or {}})


def trainer_on(path, run_config, **kwargs):
    trainer = Trainer(run_config, **kwargs)
    trainer.use_fast_path = path == "fast"
    assert trainer.path == path, trainer.path_reason
    return trainer


def run_both(run_config, epochs=8, callbacks=lambda: []):
    """Train ``epochs`` epochs on each path; return the two trainers (fast, eager)."""
    trainers = []
    for path in ("fast", "eager"):
        trainer = trainer_on(path, run_config, callbacks=callbacks())
        trainer.fit(epochs=epochs)
        trainers.append(trainer)
    return trainers


def assert_same_run(fast, eager):
    assert fast.epoch == eager.epoch and len(fast.history) == len(eager.history)
    for a, b in zip(fast.model.parameters(), eager.model.parameters()):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(
        fast.history.step_losses(), eager.history.step_losses(), rtol=RTOL, atol=ATOL
    )
    assert fast.history.step_losses().dtype == eager.history.step_losses().dtype
    for column in ("train_loss", "val_loss", "lr"):
        np.testing.assert_allclose(
            fast.history.column(column), eager.history.column(column), rtol=RTOL, atol=ATOL
        )
    for column in ("train_acc", "val_acc"):  # a prediction could flip at float rounding
        np.testing.assert_allclose(
            fast.history.column(column), eager.history.column(column), atol=0.011
        )
    # The optimiser state is written back in torch's own format, so the eager path can go on.
    fast_state, eager_state = fast.optimizer.state_dict(), eager.optimizer.state_dict()
    assert fast_state["state"].keys() == eager_state["state"].keys()
    for key, state in eager_state["state"].items():
        assert fast_state["state"][key].keys() == state.keys()
        for name, value in state.items():
            other = fast_state["state"][key][name]
            assert other.dtype == value.dtype and other.shape == value.shape, name
            np.testing.assert_allclose(other.numpy(), value.numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("optimizer", FAST)
@pytest.mark.parametrize("task", list(DATA))
def test_every_optimizer_and_loss_trains_as_eager(optimizer, task):
    run_config = config(
        DATA[task],
        {"preset": "mlp", "hidden": [6, 5], "activation": "tanh"},
        {"optimizer": optimizer, "lr": lr(optimizer), "batch_size": 16, "epochs": 8},
    )
    assert_same_run(*run_both(run_config))


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "identity"])
def test_every_activation_trains_as_eager(activation):
    run_config = config(
        DATA["binary"],
        {"preset": "mlp", "hidden": [8, 6], "activation": activation},
        {"optimizer": "momentum", "lr": 0.05, "batch_size": 10},
    )
    assert_same_run(*run_both(run_config))


@pytest.mark.parametrize("optimizer", [name for name in FAST if name != "momentum"])
@pytest.mark.parametrize("regularizer", [
    {"weight_decay": 0.05},
    {"l1": 0.003},
    {"grad_clip": 0.05},
    {"weight_decay": 0.01, "l1": 0.001, "grad_clip": 0.2},
])
def test_regularizers_train_as_eager(optimizer, regularizer):
    run_config = config(
        DATA["multiclass"],
        {"preset": "mlp", "hidden": [7], "activation": "relu"},
        {"optimizer": optimizer, "lr": lr(optimizer), "batch_size": 20, **regularizer},
    )
    assert_same_run(*run_both(run_config, epochs=6))


@pytest.mark.parametrize("model, train", [
    ({"preset": "linear"}, {"batch_size": "full", "optimizer": "sgd", "lr": 0.3}),
    ({"preset": "logistic"}, {"batch_size": 1, "optimizer": "adam", "lr": 0.01}),
    ({"preset": "softmax"}, {"batch_size": 7, "optimizer": "rmsprop", "lr": 0.01}),
    ({"preset": "custom", "layers": [
        {"type": "linear", "width": 5}, {"type": "activation", "name": "tanh"},
        {"type": "activation", "name": "sigmoid"}, {"type": "linear", "width": 4},
        {"type": "flatten"}, {"type": "linear", "width": 3}, {"type": "activation", "name": "relu"},
    ]}, {"batch_size": 32, "optimizer": "adamw", "lr": 0.02, "weight_decay": 0.1}),
])
def test_presets_custom_stacks_and_batch_sizes_train_as_eager(model, train):
    task = {"linear": "regression", "logistic": "binary"}.get(model["preset"], "multiclass")
    assert_same_run(*run_both(config(DATA[task], model, train), epochs=5))


@pytest.mark.parametrize("model, train", [
    ({"preset": "linear"}, {"optimizer": "sgd", "lr": 0.1, "batch_size": "full"}),
    ({"preset": "mlp", "hidden": [6]}, {"optimizer": "adam", "batch_size": 16, "l1": 0.001}),
])
def test_a_standardised_target_trains_as_eager_in_the_targets_units(tmp_path, model, train):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(120, 2))
    y = 150 + 40 * x[:, 0] - 25 * x[:, 1] ** 2 + rng.normal(0, 5, 120)
    table = tmp_path / "scores.csv"
    table.write_text("a,b,score\n" + "".join(f"{a:.4f},{b:.4f},{t:.3f}\n" for (a, b), t in zip(x, y)))
    run_config = config({"dataset": "csv", "csv": str(table)}, model, train)
    fast, eager = run_both(run_config, epochs=6)
    assert_same_run(fast, eager)
    assert fast.history.last.train_loss > 10  # raw units: the score's, not standard ones
    inputs = fast.dataset.val.x.numpy()
    with torch.no_grad():
        module = fast.model(fast.dataset.val.x).numpy()
    np.testing.assert_allclose(fast.predict(inputs), module, rtol=RTOL)
    copied = fast_forward.predict_layers(fast_forward.mlp_layers(fast.model), inputs, "regression")
    np.testing.assert_allclose(copied, module, rtol=RTOL)


@pytest.mark.parametrize("train", [
    {"schedule": "step", "step_size": 2, "gamma": 0.5},
    {"schedule": "plateau", "plateau_patience": 1, "plateau_factor": 0.5},
    {"schedule": "cosine", "epochs": 8},
    {"early_stopping": True, "patience": 3},
])
def test_schedules_and_early_stopping_behave_as_eager(train):
    run_config = config(
        {**DATA["binary"], "noise": 0.4, "n_samples": 60, "val_fraction": 0.4},
        {"preset": "mlp", "hidden": [32, 32], "activation": "relu"},
        {"optimizer": "adam", "lr": 0.05, "batch_size": 8, **train},
    )
    fast, eager = run_both(run_config, epochs=30 if train.get("early_stopping") else 8)
    assert_same_run(fast, eager)
    if train.get("early_stopping"):
        assert fast.early_stopping.restored and eager.early_stopping.restored
        assert fast.history.best_epoch == eager.history.best_epoch
        # After restoring the best weights the fast path reads them from the module.
        np.testing.assert_allclose(
            fast.evaluate(fast.val_part)[0], eager.evaluate(eager.val_part)[0], rtol=RTOL
        )


def test_divergence_is_detected_at_the_same_step():
    run_config = config(
        DATA["regression"], {"preset": "mlp", "hidden": [8]},
        {"optimizer": "sgd", "lr": 40.0, "batch_size": 10, "epochs": 50},
    )
    results = []
    for path in ("fast", "eager"):
        trainer = trainer_on(path, run_config)
        results.append((trainer.fit(), trainer.epoch))
    (fast, fast_epochs), (eager, eager_epochs) = results
    assert fast.diverged and eager.diverged
    assert fast.stop_reason == eager.stop_reason and fast_epochs == eager_epochs


@pytest.mark.parametrize("optimizer", ["rmsprop", "adagrad"])
def test_paths_can_take_turns_in_one_run(optimizer):
    """The module and the optimiser's state are the source of truth at every epoch boundary."""
    run_config = config(
        DATA["binary"], {"preset": "mlp", "hidden": [8, 8]},
        {"optimizer": optimizer, "lr": 0.005, "momentum": 0.5, "batch_size": 16},
    )
    mixed = Trainer(run_config)
    for epoch, path in enumerate(["eager", "fast", "fast", "eager", "fast", "eager"]):
        mixed.use_fast_path = path == "fast"
        assert mixed.path == path
        mixed.fit(epochs=epoch + 1)
    eager = trainer_on("eager", run_config)
    eager.fit(epochs=6)
    assert_same_run(mixed, eager)


def test_step_hooks_read_current_weights_and_a_new_learning_rate_applies_at_the_next_step():
    class Probe(Callback):
        def __init__(self):
            self.weights = []

        def on_step_end(self, trainer, step, steps_per_epoch):
            self.weights.append(trainer.model[0].weight.detach().clone())
            if trainer.epoch == 1 and step == 3:
                trainer.control.set_lr(0.2)

    run_config = config(DATA["binary"], {"hidden": [6]}, {"optimizer": "sgd", "lr": 0.01, "batch_size": 12})
    fast, eager = run_both(run_config, epochs=3, callbacks=lambda: [Probe()])
    probes = [trainer.user_callbacks[0].weights for trainer in (fast, eager)]
    assert len(probes[0]) == len(probes[1]) == 3 * fast.steps_per_epoch
    for a, b in zip(*probes):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=RTOL, atol=ATOL)
    assert fast.history.column("lr").tolist() == pytest.approx([0.01, 0.2, 0.2])
    assert_same_run(fast, eager)


def test_stop_between_steps_leaves_the_model_where_eager_leaves_it():
    class StopAtStep(Callback):
        def on_step_end(self, trainer, step, steps_per_epoch):
            if trainer.epoch == 1 and step == 4:
                trainer.control.request_stop()

    run_config = config(DATA["multiclass"], {"hidden": [5]}, {"optimizer": "adam", "lr": 0.02, "batch_size": 10})
    fast, eager = run_both(run_config, epochs=5, callbacks=lambda: [StopAtStep()])
    assert fast.epoch == eager.epoch == 1
    assert_same_run(fast, eager)  # five steps of epoch 2 are in the weights and Adam's state


def test_pause_between_steps_writes_the_weights_back_and_resume_goes_on():
    class PausingControl(TrainControl):
        """Pauses at one step; while paused, reads the model as another thread would."""

        def __init__(self):
            super().__init__()
            self.seen = None

        def wait(self):
            if self.paused and self.seen is None:
                self.seen = [p.detach().clone() for p in trainer_ref[0].model.parameters()]
                threading.Timer(0.05, self.resume).start()
            return super().wait()

    class PauseAtStep(Callback):
        def on_step_end(self, trainer, step, steps_per_epoch):
            if trainer.epoch == 0 and step == 2:
                trainer.control.pause()

    class Snapshot(Callback):
        def __init__(self):
            self.after_step_3 = None

        def on_step_end(self, trainer, step, steps_per_epoch):
            if trainer.epoch == 0 and step == 2:
                self.after_step_3 = [p.detach().clone() for p in trainer.model.parameters()]

    run_config = config(DATA["binary"], {"hidden": [6]}, {"optimizer": "momentum", "lr": 0.05, "batch_size": 10})
    control = PausingControl()
    trainer_ref = []
    trainer = trainer_on("fast", run_config, control=control, callbacks=[PauseAtStep()])
    trainer_ref.append(trainer)
    trainer.fit(epochs=2)
    assert trainer.epoch == 2 and control.seen is not None

    eager = trainer_on("eager", run_config, callbacks=[Snapshot()])
    eager.fit(epochs=2)
    for a, b in zip(control.seen, eager.user_callbacks[0].after_step_3):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=RTOL, atol=ATOL)
    assert_same_run(trainer, eager)


@pytest.mark.parametrize("model, train, reason", [
    ({"hidden": [8], "dropout": 0.2}, {}, "Dropout"),
    ({"preset": "custom", "layers": [{"type": "linear", "width": 8}, {"type": "batchnorm"},
                                     {"type": "activation", "name": "relu"}]}, {}, "BatchNorm1d"),
    ({"hidden": [8], "activation": "gelu"}, {}, "GELU"),
    ({"preset": "polynomial", "degree": 3}, {}, "PolynomialFeatures"),
    ({"hidden": [512, 512]}, {"batch_size": "full"}, "big enough"),
])
def test_what_the_fast_path_does_not_take_runs_eagerly(model, train, reason):
    data = DATA["regression"] if model.get("preset") == "polynomial" else DATA["binary"]
    trainer = Trainer(config(data, model, {"epochs": 3, **train}))
    assert trainer.path == "eager" and reason in trainer.path_reason
    result = trainer.fit()
    assert result.stop_kind == "completed" and np.isfinite(trainer.history.last.val_loss)


def test_the_environment_switches_the_fast_path_off(monkeypatch):
    run_config = config(DATA["binary"], {"hidden": [4]})
    assert Trainer(run_config).path == "fast"
    monkeypatch.setenv(fast_path.ENV_SWITCH, "0")
    trainer = Trainer(run_config)
    assert trainer.path == "eager" and trainer.path_reason == "fast path switched off"


@pytest.mark.parametrize("data, model", [
    (DATA["binary"], {"hidden": [8, 8], "activation": "tanh"}),
    (DATA["multiclass"], {"hidden": [8], "activation": "relu"}),
])
def test_boundary_grids_match_torch(data, model, monkeypatch):
    trainer = Trainer(config(data, model, {"epochs": 3}))
    trainer.fit()
    plan = GridPlan(trainer.dataset.bounds(), 60, trainer.device)
    fast = plan.evaluate(trainer.model, trainer.task).probabilities
    monkeypatch.setenv(fast_path.ENV_SWITCH, "0")
    eager = plan.evaluate(trainer.model, trainer.task).probabilities
    assert fast.dtype == eager.dtype == np.float32 and fast.shape == eager.shape
    np.testing.assert_allclose(fast, eager, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("data, activation", [
    (DATA["binary"], "tanh"),
    (DATA["multiclass"], "relu"),
    (DATA["multiclass"], "leaky_relu"),
    (DATA["binary"], "sigmoid"),
])
def test_a_full_size_boundary_and_its_copy_for_the_window_match_torch(data, activation, monkeypatch):
    """100 x 100 cells through a 64-64 net: torch's kernels take it (TORCH_PREDICT_MACS), in
    the trainer's process from the module and in the window's from a copy of its layers."""
    trainer = Trainer(config(data, {"hidden": [64, 64], "activation": activation}, {"epochs": 3}))
    trainer.fit()
    plan = GridPlan(trainer.dataset.bounds(), 100, trainer.device)
    assert len(plan.points) * 64 * 64 > fast_forward.TORCH_PREDICT_MACS
    fast = plan.evaluate(trainer.model, trainer.task).probabilities
    pending = plan.pending(trainer.model, trainer.task)
    for _ in range(2):  # the copy keeps the weights of its time
        trainer.train_epoch()
    copied = pending.evaluate().probabilities
    monkeypatch.setenv(fast_path.ENV_SWITCH, "0")
    later = plan.evaluate(trainer.model, trainer.task).probabilities
    assert fast.shape == copied.shape == (100, 100, trainer.dataset.n_outputs if trainer.task == "multiclass" else 2)
    np.testing.assert_array_equal(copied, fast)
    assert not np.allclose(later, fast, rtol=RTOL, atol=ATOL)  # the model trained on
    again = Trainer(config(data, {"hidden": [64, 64], "activation": activation}, {"epochs": 3}))
    again.fit()  # same seed: the weights the copy was made of
    eager = plan.evaluate(again.model, again.task).probabilities
    np.testing.assert_allclose(fast, eager, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(fast.sum(axis=-1), 1.0, rtol=1e-5)


def test_a_model_the_fast_path_does_not_take_has_no_copy_for_the_window():
    trainer = Trainer(config(DATA["binary"], {"hidden": [8], "activation": "gelu"}, {"epochs": 1}))
    plan = GridPlan(trainer.dataset.bounds(), 20, trainer.device)
    assert plan.pending(trainer.model, trainer.task) is None
    assert fast_forward.mlp_layers(trainer.model) is None


def test_fit_runs_small_networks_on_one_torch_thread_and_restores_the_setting():
    seen = []

    class Threads(Callback):
        def on_epoch_end(self, trainer, metrics):
            seen.append(torch.get_num_threads())

    before = torch.get_num_threads()
    Trainer(config(DATA["binary"], {"hidden": [4]}, {"epochs": 2}), callbacks=[Threads()]).fit()
    assert seen == [1, 1] and torch.get_num_threads() == before


def test_playground_circle_reaches_95_percent_within_300_epochs():
    trainer = Trainer(load_preset("playground-circle"))
    assert trainer.path == "fast"
    trainer.fit(epochs=300)
    assert trainer.history.column("val_acc").max() >= 0.95
    assert trainer.history.last.val_acc >= 0.95
