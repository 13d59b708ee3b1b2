"""Tiny image sets for tests that need no download: written as the IDX files torchvision's
(Fashion-)MNIST loaders read."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np


def write_idx(folder: Path, prefix: str, images: np.ndarray, labels: np.ndarray) -> None:
    """Write ``images`` (n, rows, cols) and ``labels`` (n,) as ``{prefix}-images-idx3-ubyte`` and
    ``{prefix}-labels-idx1-ubyte`` in ``folder`` (created if missing); values as uint8."""
    folder.mkdir(parents=True, exist_ok=True)
    n, rows, cols = images.shape
    (folder / f"{prefix}-images-idx3-ubyte").write_bytes(
        struct.pack(">IIII", 0x803, n, rows, cols) + images.astype(np.uint8).tobytes())
    (folder / f"{prefix}-labels-idx1-ubyte").write_bytes(
        struct.pack(">II", 0x801, n) + labels.astype(np.uint8).tobytes())


def random_digits(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` 28×28 images of noise and random labels 0..9: the shape of MNIST, nothing to learn."""
    return rng.integers(0, 255, (n, 28, 28)), rng.integers(0, 10, n)


def tiny_digits(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` 28×28 images whose class (0..9) is where a bright square sits: learnable."""
    labels = rng.integers(0, 10, n)
    images = rng.integers(0, 40, (n, 28, 28))
    for image, label in zip(images, labels):
        row, col = divmod(int(label), 5)
        image[4 + row * 12 : 10 + row * 12, 2 + col * 5 : 6 + col * 5] = 255
    return images, labels


def noise_mnist(folder: Path, n_train: int = 120, n_test: int = 20, seed: int = 0) -> str:
    """An MNIST folder under ``folder`` (MNIST/raw) of ``random_digits``: ``n_train`` training and
    ``n_test`` test images; returns ``folder`` as the config's ``data_dir``."""
    rng = np.random.default_rng(seed)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        write_idx(Path(folder) / "MNIST" / "raw", prefix, *random_digits(n, rng))
    return str(folder)
