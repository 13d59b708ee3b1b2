"""A capacity sweep draws the U-curve: training error falls with capacity, validation error
bottoms out in between. Bad sweep settings are refused with a readable message."""

import threading

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import ConfigError
from nnstudio.core.train import TrainControl, run_sweep, sweep_settings
from nnstudio.core.viz.grids import fit_curve

NOISY_SINE = {
    "data": {"dataset": "sine", "n_samples": 20, "noise": 0.2, "val_fraction": 0.33, "test_fraction": 0.0},
    "model": {"preset": "polynomial", "degree": 3},
    "train": {"optimizer": "adam", "lr": 0.1, "batch_size": "full", "epochs": 2000},
}


@pytest.mark.slow
def test_a_degree_sweep_on_noisy_sine_data_is_u_shaped():
    config = parse_config(NOISY_SINE)
    progress = []
    result = run_sweep(config, sweep_settings("degree", "1, 2, 3, 8, 12"), on_progress=progress.append)
    assert [point.value for point in result.points] == [1, 2, 3, 8, 12]
    train_loss = result.column("train_loss")
    val_loss = result.column("val_loss")
    # A more flexible polynomial fits the training points at least as well...
    assert np.all(np.diff(train_loss) <= 1e-4)
    # ...but the validation error is lowest in between: too stiff on the left, wiggly on the right.
    assert result.best.value not in (1, 12)
    assert val_loss[result.best_index] < val_loss[0] / 2
    assert val_loss[result.best_index] < val_loss[-1]
    assert progress[-1].fraction == 1.0
    assert progress[-1].done_epochs == 5 * 2000


@pytest.mark.slow
def test_each_point_keeps_its_trained_model():
    config = parse_config(NOISY_SINE)
    result = run_sweep(config, sweep_settings("degree", [1, 5]))
    dataset = load_dataset(config.data)
    line, curve = (point.build_model(dataset) for point in result.points)
    bounds = dataset.bounds()
    straight = fit_curve(line, bounds).y
    assert np.allclose(np.diff(straight, 2), 0.0, atol=1e-4)  # degree 1 is a line
    assert not np.allclose(np.diff(fit_curve(curve, bounds).y, 2), 0.0, atol=1e-4)
    with torch.no_grad():
        x = dataset.val.x
        mse = float(((curve(x) - dataset.val.y) ** 2).mean())
    assert mse == pytest.approx(result.points[1].val_loss, rel=1e-4)


def test_width_layers_size_and_epoch_sweeps_train_one_model_per_value():
    base = {"data": {"dataset": "moons", "n_samples": 120},
            "model": {"preset": "mlp", "hidden": [8]}, "train": {"epochs": 5}}
    config = parse_config(base)
    widths = run_sweep(config, sweep_settings("width", [2, 16]))
    assert [point.config.model.hidden for point in widths.points] == [[2], [16]]
    assert widths.points[0].n_params < widths.points[1].n_params
    assert widths.points[0].val_acc is not None
    layers = run_sweep(config, sweep_settings("layers", [0, 2]))
    assert [point.config.model.hidden for point in layers.points] == [[], [8, 8]]
    sizes = run_sweep(config, sweep_settings("train_size", [10, 40]))
    assert [point.config for point in sizes.points] == [config, config]
    epochs = run_sweep(config, sweep_settings("epochs", [1, 3]))
    assert [point.epochs_run for point in epochs.points] == [1, 3]


def test_the_same_settings_give_the_same_sweep():
    config = parse_config({**NOISY_SINE, "train": {**NOISY_SINE["train"], "epochs": 50}})
    settings = sweep_settings("degree", [2, 4])
    first, second = run_sweep(config, settings), run_sweep(config, settings)
    assert np.array_equal(first.column("val_loss"), second.column("val_loss"))


@pytest.mark.slow
def test_stopping_keeps_the_finished_points():
    config = parse_config(NOISY_SINE)
    control = TrainControl()

    def stop_in_the_second_model(progress):
        if progress.index == 1 and progress.epoch == 10:
            threading.Thread(target=control.request_stop).start()

    result = run_sweep(config, sweep_settings("degree", [1, 2, 3]), control=control,
                       on_progress=stop_in_the_second_model)
    assert result.stopped
    assert [point.value for point in result.points] == [1]


@pytest.mark.parametrize("knob, values, message", [
    ("degree", "1, 2, x", "sweep.values: 'x' is not a whole number"),
    ("degree", "3", "sweep.values: give at least two values"),
    ("degree", [1, 40], "sweep.values: polynomial degree must be between 1 and 30, got 40"),
    ("degree", [2, 3, 2], "2 repeated"),
    ("width", [0, 4], "between 1 and 4096, got 0"),
    ("depth", [1, 2], "sweep.knob: must be one of"),
])
def test_bad_sweep_settings_are_refused_with_a_readable_message(knob, values, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        sweep_settings(knob, values)


def test_values_are_sorted():
    assert sweep_settings("degree", "8, 1, 3").values == [1, 3, 8]


def test_a_knob_the_model_does_not_have_is_refused():
    config = parse_config({"model": {"preset": "mlp"}})
    with pytest.raises(ConfigError, match="degree knob needs polynomial regression"):
        run_sweep(config, sweep_settings("degree", [1, 2]))
    sine = parse_config(NOISY_SINE)
    with pytest.raises(ConfigError, match="changes an MLP's hidden layers"):
        run_sweep(sine, sweep_settings("width", [1, 2]))
    with pytest.raises(ConfigError, match="more than the 13 there are"):
        run_sweep(sine, sweep_settings("train_size", [5, 50]))
    no_validation = parse_config({**NOISY_SINE, "data": {**NOISY_SINE["data"], "val_fraction": 0.0}})
    with pytest.raises(ConfigError, match="data.val_fraction"):
        run_sweep(no_validation, sweep_settings("degree", [1, 2]))
