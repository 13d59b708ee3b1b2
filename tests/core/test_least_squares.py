"""Least squares, solved exactly: linear and polynomial regression equal numpy's answers."""

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.errors import ModelError
from nnstudio.core.settings_use import unused_settings
from nnstudio.core.train import Trainer
from nnstudio.core.train.sweep import run_sweep, sweep_settings

SINE = {"dataset": "sine", "n_samples": 20, "noise": 0.2, "val_fraction": 0.33, "test_fraction": 0.0}


def exact(data, model):
    return Trainer(parse_config({"data": data, "model": model, "train": {"optimizer": "lstsq"}}))


def test_a_polynomial_solved_exactly_is_numpys_polyfit():
    trainer = exact({"dataset": "sine", "n_samples": 200, "noise": 0.1},
                    {"preset": "polynomial", "degree": 3})
    result = trainer.fit()
    assert result.epochs_run == 1 and result.stop_reason == "solved exactly by least squares"
    x = trainer.dataset.train.x.numpy()[:, 0].astype(np.float64)
    y = trainer.dataset.train.y.numpy()[:, 0].astype(np.float64)
    highest_first = np.polyfit(x, y, 3)
    layer = trainer.model[1]
    np.testing.assert_allclose(layer.weight.detach().numpy()[0], highest_first[::-1][1:], rtol=1e-5)
    assert layer.bias.item() == pytest.approx(highest_first[-1], rel=1e-5)
    fitted = np.polyval(highest_first, x)
    assert result.final.train_loss == pytest.approx(np.mean((fitted - y) ** 2), rel=1e-5)


def test_a_line_solved_exactly_is_numpys_lstsq():
    trainer = exact({"dataset": "linear", "n_samples": 100, "noise": 0.3}, {"preset": "linear"})
    trainer.fit()
    x, y = trainer.dataset.train.x.numpy().astype(np.float64), trainer.dataset.train.y.numpy()
    (slope, intercept), *_ = np.linalg.lstsq(np.hstack([x, np.ones_like(x)]), y[:, 0], rcond=None)
    assert trainer.model[-1].weight.item() == pytest.approx(slope, rel=1e-6)
    assert trainer.model[-1].bias.item() == pytest.approx(intercept, rel=1e-6)


def test_the_capacity_sweep_solved_exactly_shows_the_u_at_full_height():
    def sweep(optimizer):
        config = parse_config({"data": SINE, "model": {"preset": "polynomial"},
                               "train": {"optimizer": optimizer, "lr": 0.1, "batch_size": "full",
                                         "epochs": 2000}})
        return run_sweep(config, sweep_settings("degree", [1, 3, 12]))

    exact_points = sweep("lstsq").points
    assert [point.epochs_run for point in exact_points] == [1, 1, 1]
    one, three, twelve = exact_points
    # 13 points, 13 coefficients: through them (to float32 precision: the weights are large)
    assert twelve.train_loss < 0.2 * three.train_loss
    assert twelve.val_loss > 1000 * three.val_loss  # and wild between them
    assert three.val_loss < one.val_loss
    finite = sweep("adam").points[-1]  # 2000 Adam steps stop far short of that swing
    assert finite.val_loss < 0.001 * twelve.val_loss


@pytest.mark.parametrize("data, model, why", [
    ({"dataset": "sine"}, {"preset": "mlp"}, "least squares solves linear and polynomial regression"),
    ({"dataset": "moons"}, {"preset": "logistic"}, "least squares solves regression; this data is "
                                                   "classification"),
])
def test_what_least_squares_cannot_solve_is_refused_with_the_reason(data, model, why):
    with pytest.raises(ModelError, match="train.optimizer: " + why):
        exact(data, model)


def test_gradient_settings_do_nothing_for_least_squares_and_are_named():
    config = parse_config({"model": {"preset": "linear"}, "data": {"dataset": "linear"},
                           "train": {"optimizer": "lstsq", "lr": 0.5, "epochs": 50}})
    assert [unused.path for unused in unused_settings(config)] == ["train.lr", "train.epochs"]
