"""Mixed precision: on for image models on a CUDA GPU, float32 everywhere else; the CPU path
keeps its exact numbers."""

import copy
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

from nnstudio.core.config import parse_config
from nnstudio.core.data import Dataset, Part
from nnstudio.core.models import model_for
from nnstudio.core.models.builder import PolynomialFeatures
from nnstudio.core.train import Trainer
from nnstudio.core.train.precision import choose_precision

CUDA, CPU, MPS = torch.device("cuda", 0), torch.device("cpu"), torch.device("mps")
IMAGES, POINTS = SimpleNamespace(is_image=True), SimpleNamespace(is_image=False)


def network(preset, input_shape=(1, 28, 28), outputs=10):
    config = parse_config({"model": {"preset": preset, "hidden": [32], "dropout": 0.1}})
    with torch.device("meta"):
        return model_for(config, input_shape, outputs, "multiclass")


@pytest.mark.parametrize("preset", ["cnn", "mlp"])
def test_image_models_on_a_cuda_gpu_train_in_mixed_precision(preset):
    precision = choose_precision(CUDA, IMAGES, network(preset))
    assert precision.mixed and "autocast" in precision.reason and "GradScaler" in precision.reason


@pytest.mark.parametrize("device, data, model, why", [
    (CPU, IMAGES, network("cnn"), "this run is on cpu"),
    (MPS, IMAGES, network("cnn"), "this run is on mps"),
    (CUDA, POINTS, network("mlp", (2,), 3), "for image sets"),
    (CUDA, IMAGES, nn.Sequential(PolynomialFeatures(3), nn.Linear(3, 1)), "PolynomialFeatures"),
    (CUDA, IMAGES, nn.Sequential(nn.Flatten(), nn.LSTM(4, 4)), "LSTM"),
])
def test_everything_else_keeps_float32_and_says_why(device, data, model, why):
    precision = choose_precision(device, data, model)
    assert not precision.mixed and precision.reason.startswith("float32") and why in precision.reason


def tiny_images(n, rng):
    return Part(torch.from_numpy(rng.integers(0, 256, (n, 1, 8, 8), dtype=np.uint8)),
                torch.from_numpy(rng.integers(0, 3, n).astype(np.int64)))


def test_on_the_cpu_an_image_model_trains_in_float32_exactly_as_a_plain_loop():
    rng = np.random.default_rng(0)
    empty = Part(torch.zeros(0, 1, 8, 8, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64))
    dataset = Dataset(name="tiny", task="multiclass", train=tiny_images(96, rng),
                      val=tiny_images(32, rng), test=empty, n_classes=3,
                      class_names=["a", "b", "c"], mean=0.5, std=0.3)
    config = parse_config({"model": {"preset": "cnn", "hidden": [8]},
                           "train": {"optimizer": "adam", "lr": 0.01, "batch_size": 16,
                                     "epochs": 2, "device": "cpu"}})
    trainer = Trainer(config, dataset=dataset)
    assert not trainer.precision.mixed and trainer.path == "eager"
    model = copy.deepcopy(trainer.model)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    shuffler = torch.Generator().manual_seed(config.train.seed)
    trainer.fit()
    x, y = dataset.train.x, dataset.train.y
    for _ in range(2):  # the same two epochs by hand, in float32
        order = torch.randperm(len(x), generator=shuffler)
        for start in range(0, len(x), 16):
            batch = order[start : start + 16]
            loss = nn.functional.cross_entropy(model((x[batch].float() / 255.0 - 0.5) / 0.3), y[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    for (name, mine), theirs in zip(trainer.model.state_dict().items(), model.state_dict().values()):
        assert mine.dtype == theirs.dtype and torch.equal(mine, theirs), name
