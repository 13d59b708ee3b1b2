"""Click to teach: points queued while a 2D classifier trains join the training split between
epochs; the validation split never changes."""

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.data.dataset import Part
from nnstudio.core.train import TrainControl, Trainer
from nnstudio.core.train.teaching import PointEdit, apply_point_edits


def moons_config(batch_size="full", features=None):
    data = {"dataset": "moons", "n_samples": 120, "noise": 0.2}
    if features:
        data["features"] = features
    return parse_config({"data": data, "model": {"preset": "mlp", "hidden": [8]},
                         "train": {"optimizer": "adam", "lr": 0.02, "batch_size": batch_size, "epochs": 5}})


def test_edits_add_at_the_end_and_remove_the_nearest():
    points = np.array([[0, 0], [1, 1], [2, 2]], np.float32)
    labels = np.array([0, 1, 0])
    edits = [PointEdit(5, 5, 1), PointEdit(1.1, 0.9), PointEdit(9, 9, 7)]  # 7: no such class
    new_points, new_labels = apply_point_edits(points, labels, edits, n_classes=2)
    assert new_points.tolist() == [[0, 0], [2, 2], [5, 5]]
    assert new_labels.tolist() == [0, 0, 1]
    # Never fewer than two points.
    few, few_labels = apply_point_edits(new_points[:2], new_labels[:2], [PointEdit(0, 0)], 2)
    assert len(few) == len(few_labels) == 2


@pytest.mark.parametrize("path", ["fast", "eager"])
@pytest.mark.parametrize("batch_size", ["full", 16])
def test_a_queued_point_is_trained_on_from_the_next_epoch(path, batch_size):
    config = moons_config(batch_size)
    control = TrainControl()
    taught = Trainer(config, control=control)
    taught.use_fast_path = path == "fast"
    taught.fit(epochs=2)
    n_train, val_x = len(taught.train_part), taught.val_part.x.clone()
    control.queue_point_edit(PointEdit(0.25, 1.5, 1))
    taught.fit(epochs=3)
    assert len(taught.train_part) == n_train + 1 and taught.data_version == 1
    assert taught.train_part.x[-1].tolist() == [0.25, 1.5] and int(taught.train_part.y[-1]) == 1
    assert torch.equal(taught.val_part.x, val_x)  # the validation split is not touched
    assert taught.path == path

    # The same as a run that had the point from epoch 3 on: the edit took effect exactly then.
    reference = Trainer(config)
    reference.use_fast_path = path == "fast"
    reference.fit(epochs=2)
    dataset = reference.dataset
    dataset.train = Part(torch.cat([dataset.train.x, torch.tensor([[0.25, 1.5]])]),
                         torch.cat([dataset.train.y, torch.tensor([1])]))
    reference.train_part = reference._to_device(dataset.train)
    reference.fit(epochs=3)
    for a, b in zip(taught.model.parameters(), reference.model.parameters()):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_teaching_with_input_features_computes_the_features_of_the_new_point():
    config = moons_config(features=["x1", "x2", "x1^2", "x2^2"])
    control = TrainControl()
    trainer = Trainer(config, control=control)
    n_train = len(trainer.train_part)
    control.queue_point_edit(PointEdit(0.5, -2.0, 0))
    trainer.fit(epochs=1)
    assert len(trainer.train_part) == n_train + 1
    assert trainer.train_part.x[-1].tolist() == [0.5, -2.0, 0.25, 4.0]
    assert trainer.dataset.points("train")[-1].tolist() == [0.5, -2.0]


def test_many_clicks_teach_the_model_a_new_region():
    """Points of class 1 clicked far from the data: after training on them, the model says 1 there."""
    config = moons_config()
    control = TrainControl()
    trainer = Trainer(config, control=control)
    for dx in np.linspace(-0.2, 0.2, 5):
        for dy in np.linspace(-0.2, 0.2, 5):
            control.queue_point_edit(PointEdit(-2.0 + dx, -2.0 + dy, 1))
            control.queue_point_edit(PointEdit(3.0 + dx, 2.0 + dy, 0))
    trainer.fit(epochs=300)
    probabilities = trainer.predict(np.array([[-2.0, -2.0], [3.0, 2.0]], np.float32))
    assert probabilities.argmax(axis=1).tolist() == [1, 0]
    assert load_dataset(config.data).sizes()["val"] == trainer.dataset.sizes()["val"]
