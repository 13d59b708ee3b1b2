"""Image sets load through torchvision's real loaders, offline from IDX files."""

import functools
import http.server
import threading

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.data.images import DEBIAN_FOLDERS, is_available
from nnstudio.core.errors import DataError
from nnstudio.core.train import Trainer
from tests.image_sets import tiny_digits, write_idx


@pytest.mark.slow
def test_mnist_loads_from_idx_files_in_the_data_folder_and_trains(tmp_path):
    rng = np.random.default_rng(0)
    write_idx(tmp_path / "MNIST" / "raw", "train", *tiny_digits(600, rng))
    write_idx(tmp_path / "MNIST" / "raw", "t10k", *tiny_digits(200, rng))
    assert is_available("mnist", str(tmp_path))
    config = parse_config({
        "data": {"dataset": "mnist", "data_dir": str(tmp_path), "val_fraction": 0.2},
        "model": {"preset": "mlp", "hidden": [32], "activation": "relu"},
        "train": {"epochs": 15, "lr": 0.005},
    })
    data = load_dataset(config.data)
    assert data.sizes() == {"train": 480, "val": 120, "test": 200}
    assert data.input_shape == (1, 28, 28) and data.train.x.dtype == torch.uint8
    assert data.class_names[3] == "3"
    trainer = Trainer(config, dataset=data)
    trainer.fit()
    assert trainer.evaluate_test()["test_acc"] > 0.9


def test_a_missing_image_set_says_how_to_fetch_it(tmp_path):
    config = parse_config({"data": {"dataset": "kmnist", "data_dir": str(tmp_path)}})
    with pytest.raises(DataError, match="nnstudio data fetch kmnist"):
        load_dataset(config.data)


@pytest.mark.slow
@pytest.mark.skipif(not (DEBIAN_FOLDERS["fashion_mnist"] / "t10k-images-idx3-ubyte.gz").exists(),
                    reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")
def test_real_fashion_mnist_mlp_reaches_80_percent_test_accuracy_in_one_epoch():
    config = parse_config({
        "data": {"dataset": "fashion_mnist", "val_fraction": 0.1},
        "model": {"preset": "mlp", "hidden": [256], "activation": "relu"},
        "train": {"epochs": 1, "batch_size": 64, "lr": 0.001},
    })
    trainer = Trainer(config)
    assert trainer.dataset.sizes() == {"train": 54000, "val": 6000, "test": 10000}
    trainer.fit()
    assert trainer.evaluate_test()["test_acc"] >= 0.80


def test_fetch_uses_torchvisions_download_code(tmp_path, monkeypatch, capsys):
    """`nnstudio data fetch mnist` downloads through torchvision; here from a local mirror."""
    import gzip
    import hashlib

    import torchvision

    from nnstudio.cli import main

    rng = np.random.default_rng(1)
    unpacked = tmp_path / "unpacked"
    write_idx(unpacked, "train", *tiny_digits(50, rng))
    write_idx(unpacked, "t10k", *tiny_digits(20, rng))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    resources = []
    for raw in sorted(unpacked.iterdir()):
        packed = mirror / (raw.name + ".gz")
        packed.write_bytes(gzip.compress(raw.read_bytes()))
        resources.append((packed.name, hashlib.md5(packed.read_bytes()).hexdigest()))
    handler = functools.partial(_QuietHandler, directory=str(mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors",
                        [f"http://127.0.0.1:{server.server_port}/"])
    monkeypatch.setattr(torchvision.datasets.MNIST, "resources", resources)
    target = tmp_path / "cache"
    try:
        assert main(["data", "fetch", "mnist", "--dir", str(target)]) == 0
    finally:
        server.shutdown()
        server.server_close()
    assert "mnist: 50 training and 20 test images" in capsys.readouterr().out
    assert is_available("mnist", str(target))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
