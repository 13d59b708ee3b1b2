"""Data augmentation: training images are shifted / rotated / flipped, labels and validation not."""

import re

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.data.augment import make_augmentation
from nnstudio.core.errors import ConfigError
from nnstudio.core.export import export_script
from nnstudio.core.train import Trainer
from tests.image_sets import write_idx


def quadrant_images(n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """28×28 images with a bright 6×6 square in one quadrant; the quadrant is the class
    (0 top left, 1 top right, 2 bottom left, 3 bottom right)."""
    labels = rng.integers(0, 4, n)
    images = rng.integers(0, 30, (n, 28, 28))
    for image, label in zip(images, labels):
        row, col = divmod(int(label), 2)
        top, left = 4 + row * 14 + rng.integers(0, 3), 4 + col * 14 + rng.integers(0, 3)
        image[top : top + 6, left : left + 6] = 255
    return images, labels


def quadrant_of(image: np.ndarray) -> int:
    """The class an image shows: where the centre of its bright pixels lies."""
    rows, cols = np.nonzero(image[0] > 128)
    return int(rows.mean() >= 14) * 2 + int(cols.mean() >= 14)


def write_image_set(folder, n_train=400, n_test=100, seed=0, subfolder="FashionMNIST"):
    """A small image set in the IDX files torchvision's (Fashion-)MNIST loader reads."""
    rng = np.random.default_rng(seed)
    raw = folder / subfolder / "raw"
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        write_idx(raw, prefix, *quadrant_images(n, rng))


def image_config(folder, augment, **train):
    return parse_config({
        "data": {"dataset": "fashion_mnist", "data_dir": str(folder), "val_fraction": 0.25},
        "model": {"preset": "mlp", "hidden": [32], "activation": "relu"},
        "train": {"epochs": 8, "lr": 0.003, "augment": augment, **train},
    })


def test_augmentation_moves_the_pixels_but_every_image_still_shows_its_class():
    torch.manual_seed(0)
    images, labels = quadrant_images(64, np.random.default_rng(3))
    batch = torch.from_numpy(images).to(torch.uint8).unsqueeze(1)
    augmented = make_augmentation(["shift", "rotate"])(batch)
    assert augmented.shape == batch.shape and augmented.dtype == torch.uint8
    changed = (augmented != batch).flatten(1).any(dim=1)
    assert changed.float().mean() > 0.9  # nearly every image moved...
    moves = [(augmented[i] != batch[i]).float().mean().item() for i in range(len(batch))]
    assert len({round(move, 3) for move in moves}) > 10  # ...each in its own way
    assert [quadrant_of(image) for image in augmented.numpy()] == labels.tolist()


def test_a_horizontal_flip_mirrors_about_half_the_images():
    torch.manual_seed(1)
    batch = torch.from_numpy(quadrant_images(200, np.random.default_rng(4))[0]).to(torch.uint8)
    batch = batch.unsqueeze(1)
    flipped = make_augmentation(["flip"])(batch)
    mirrored = (flipped == batch.flip(-1)).flatten(1).all(dim=1)
    unchanged = (flipped == batch).flatten(1).all(dim=1)
    assert (mirrored | unchanged).all() and 0.3 < mirrored.float().mean() < 0.7
    assert make_augmentation([]) is None


@pytest.mark.slow
def test_training_batches_are_augmented_and_validation_batches_never(tmp_path):
    write_image_set(tmp_path)
    trainer = Trainer(image_config(tmp_path, ["shift", "rotate", "flip"], batch_size="full",
                                   epochs=1))
    assert trainer.path == "eager"  # the numpy fast path knows nothing of augmentation
    seen = []
    trainer.model.register_forward_pre_hook(
        lambda module, inputs: seen.append((module.training, inputs[0].clone())))
    trainer.fit()
    normalise = trainer.batch_transform()
    (training, train_input), (evaluating, val_input) = seen
    assert training and not evaluating
    assert not torch.equal(train_input, normalise(trainer.train_part.x))
    assert torch.equal(val_input, normalise(trainer.val_part.x))
    shown = trainer.dataset.val.x[:50].numpy()  # what the sample browser predicts
    assert np.array_equal(trainer.predict(shown), trainer.predict(shown))


@pytest.mark.slow
def test_a_network_still_learns_from_augmented_images(tmp_path):
    write_image_set(tmp_path)
    trainer = Trainer(image_config(tmp_path, ["shift", "rotate"]))
    trainer.fit()
    assert trainer.history.last.val_acc >= 0.9
    assert trainer.evaluate_test()["test_acc"] >= 0.9


def test_flipping_digits_is_refused_with_a_reason(tmp_path):
    write_image_set(tmp_path, 60, 20, subfolder="MNIST")
    config = parse_config({"data": {"dataset": "mnist", "data_dir": str(tmp_path)},
                           "train": {"augment": ["shift", "flip"]}})
    with pytest.raises(ConfigError, match="train.augment: flipping is not sensible for mnist"):
        Trainer(config)
    with pytest.raises(ConfigError, match="train.augment"):
        export_script(config)


def test_augmentation_is_ignored_for_points_and_tables():
    config = parse_config({"data": {"dataset": "moons", "n_samples": 100},
                           "train": {"augment": ["shift"], "epochs": 2}})
    trainer = Trainer(config)
    assert trainer.batch_transform(train=True) is None
    trainer.fit()
    script = export_script(config)
    # config.toml's text is in the script as written (the run folder's copy of the settings)
    code = re.sub(r"\nCONFIG_TOML = \(\n.*?\n\)\n", "\n", script, flags=re.S)
    assert "augment = [" in script and "augment" not in code


def test_the_exported_script_augments_its_training_batches(tmp_path):
    write_image_set(tmp_path)
    script = export_script(image_config(tmp_path, ["shift", "flip"]))
    assert "from torchvision.transforms import v2" in script
    assert "v2.RandomAffine(degrees=0.0, translate=(0.08, 0.08))" in script
    assert "v2.RandomHorizontalFlip()" in script
    assert "normalise(augment(x_train[batch]))" in script
    compile(script, "train.py", "exec")
