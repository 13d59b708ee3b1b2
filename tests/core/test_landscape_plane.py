"""Loss landscapes of models other than ŷ = w·x + b: a plane of random directions."""

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.train import FunctionCallback, Trainer
from nnstudio.core.viz.landscape import flat_parameters, plane_landscape, random_plane


def _trainer():
    return Trainer(parse_config({
        "data": {"dataset": "moons", "n_samples": 200},
        "model": {"preset": "mlp", "hidden": [8], "activation": "tanh"},
        "train": {"optimizer": "adam", "lr": 0.05, "batch_size": 32, "epochs": 15},
    }))


def test_plane_landscape_is_the_loss_of_the_model_at_each_grid_point():
    trainer = _trainer()
    plane = random_plane(trainer.model, seed=3)
    x, y = trainer.train_part.x, trainer.train_part.y
    landscape = plane_landscape(trainer.model, trainer.loss_fn, x, y, plane, resolution=9)
    assert np.array_equal(flat_parameters(trainer.model), plane.origin)  # the model is untouched
    # The centre of the grid is the model itself; another point is the model with those weights.
    with torch.no_grad():
        with_model = float(trainer.loss_fn(trainer.model.eval()(x), y))
    assert landscape.loss[4, 4] == pytest.approx(with_model, rel=1e-5)
    r, c = 1, 6
    moved = _trainer().model
    weights = plane.point(landscape.alpha[c], landscape.beta[r])
    torch.nn.utils.vector_to_parameters(torch.as_tensor(weights, dtype=torch.float32), moved.parameters())
    with torch.no_grad():
        assert landscape.loss[r, c] == pytest.approx(float(trainer.loss_fn(moved.eval()(x), y)), rel=1e-5)
    # Filter-normalised: each neuron's incoming weights move by their own norm per unit of α.
    first = trainer.model[0].weight.detach().numpy()
    d1 = plane.d1[: first.size].reshape(first.shape)
    np.testing.assert_allclose(np.linalg.norm(d1, axis=1), np.linalg.norm(first, axis=1), rtol=1e-6)


def test_path_projection_starts_at_the_origin_and_projects_the_final_weights():
    trainer = _trainer()
    plane = random_plane(trainer.model, seed=0)
    path = [plane.project(flat_parameters(trainer.model))]
    trainer.add_callback(FunctionCallback(
        on_epoch_end=lambda metrics: path.append(plane.project(flat_parameters(trainer.model)))))
    trainer.fit()
    assert path[0] == pytest.approx((0.0, 0.0), abs=1e-9)
    assert len(path) == 16
    final = flat_parameters(trainer.model)
    alpha, beta = path[-1]
    # The projection is the nearest point of the plane: the rest is orthogonal to both directions.
    rest = final - plane.point(alpha, beta)
    assert abs(rest @ plane.d1) < 1e-6 * np.linalg.norm(plane.d1) * np.linalg.norm(rest) + 1e-9
    assert abs(rest @ plane.d2) < 1e-6 * np.linalg.norm(plane.d2) * np.linalg.norm(rest) + 1e-9
    assert path[-1] != path[0]
