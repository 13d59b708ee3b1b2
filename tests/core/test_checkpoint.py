"""A saved model reloads with identical predictions; foreign and hostile files are refused."""

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.errors import CheckpointError
from nnstudio.core.store import load_checkpoint, save_checkpoint
from nnstudio.core.train import Trainer, predict


@pytest.mark.parametrize("model", [
    {"preset": "mlp", "hidden": [16, 8], "dropout": 0.3},
    {"preset": "custom", "layers": [{"type": "linear", "width": 12}, {"type": "batchnorm"},
                                    {"type": "activation", "name": "gelu"}]},
])
def test_checkpoint_round_trip_gives_identical_predictions(tmp_path, model):
    trainer = Trainer(parse_config({"data": {"dataset": "blobs"}, "model": model, "train": {"epochs": 5}}))
    trainer.fit()
    save_checkpoint(tmp_path / "model.pt", trainer)
    loaded = load_checkpoint(tmp_path / "model.pt")
    inputs = trainer.dataset.test.x.numpy()
    before = trainer.predict(inputs)
    after = predict(loaded.model, inputs, loaded.task, "cpu")
    assert np.array_equal(before, after)
    assert loaded.config == trainer.config and loaded.epoch == 5


def test_a_checkpoint_with_pickled_code_is_refused(tmp_path):
    class Payload:
        def __reduce__(self):
            return (print, ("this would run code",))

    path = tmp_path / "evil.pt"
    torch.save({"format": "nnstudio-checkpoint/1", "evil": Payload()}, path)
    with pytest.raises(CheckpointError, match="refused"):
        load_checkpoint(path)


def test_corrupt_and_foreign_files_give_readable_errors(tmp_path):
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"\x00not a checkpoint at all")
    with pytest.raises(CheckpointError, match="not a readable checkpoint"):
        load_checkpoint(corrupt)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(3)}, foreign)
    with pytest.raises(CheckpointError, match="not an nnstudio checkpoint"):
        load_checkpoint(foreign)


def test_weights_that_do_not_match_the_model_are_refused(tmp_path):
    trainer = Trainer(parse_config({"model": {"hidden": [4]}, "train": {"epochs": 1}}))
    save_checkpoint(tmp_path / "model.pt", trainer)
    payload = torch.load(tmp_path / "model.pt", weights_only=True)
    payload["config"]["model"]["hidden"] = [5]
    torch.save(payload, tmp_path / "edited.pt")
    with pytest.raises(CheckpointError, match="do not match"):
        load_checkpoint(tmp_path / "edited.pt")
