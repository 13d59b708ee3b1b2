"""The (w, b) landscape: its minimum is least squares; the optimiser's path ends there."""

import numpy as np

from nnstudio.core.config import parse_config
from nnstudio.core.train import Trainer
from nnstudio.core.viz.landscape import linear_parameters, mse_landscape


def test_landscape_matches_the_mse_and_its_minimum_is_least_squares():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 50)
    y = 2 * x + 0.5 + 0.1 * rng.standard_normal(50)
    landscape = mse_landscape(x, y, start=(-1.0, 1.0), resolution=101)
    r, c = 17, 63
    direct = np.mean((landscape.w[c] * x + landscape.b[r] - y) ** 2)
    assert abs(landscape.loss[r, c] - direct) < 1e-9
    best_w, best_b = np.polyfit(x, y, 1)
    assert abs(landscape.best_w - best_w) < 1e-9 and abs(landscape.best_b - best_b) < 1e-9
    assert landscape.w[0] <= -1.0 <= landscape.w[-1]  # the start is on the map
    w, cost = landscape.cost_along_w()
    assert abs(w[np.argmin(cost)] - best_w) < (w[1] - w[0])


def test_gradient_descent_path_starts_at_the_initial_and_ends_at_the_final_parameters():
    trainer = Trainer(parse_config({"data": {"dataset": "linear"}, "model": {"preset": "linear"},
                                    "train": {"optimizer": "sgd", "lr": 0.2, "batch_size": "full", "epochs": 100}}))
    path = [linear_parameters(trainer.model)]
    from nnstudio.core.train import FunctionCallback

    trainer.add_callback(FunctionCallback(on_epoch_end=lambda m: path.append(linear_parameters(trainer.model))))
    trainer.fit()
    landscape = mse_landscape(trainer.dataset.train.x.numpy(), trainer.dataset.train.y.numpy(), path[0])
    assert len(path) == 101
    assert path[-1] == linear_parameters(trainer.model)
    assert abs(path[-1][0] - landscape.best_w) < 0.02 and abs(path[-1][1] - landscape.best_b) < 0.02
    assert linear_parameters(Trainer(parse_config({"model": {"hidden": [3]}})).model) is None
