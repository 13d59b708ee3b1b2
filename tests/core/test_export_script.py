"""Export as PyTorch script: the exported train.py repeats the run and prints the app's numbers."""

import ast
import json
import runpy
import subprocess
import sys

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import DataError, ModelError
from nnstudio.core.export import ExportError, export_script, write_script
from nnstudio.core.models import build_model
from nnstudio.core.registries import OPTIMIZERS
from nnstudio.core.train import Trainer
from tests.image_sets import tiny_digits, write_idx



@pytest.fixture(scope="module")
def data_folder(tmp_path_factory):
    """A teacher's CSV files and a tiny image set."""
    folder = tmp_path_factory.mktemp("data")
    rng = np.random.default_rng(1)
    flowers = ["petal,sepal,spots,species"] + [
        f"{rng.normal(k, 0.7):.3f},{rng.normal(2 * k, 1.0):.3f},{rng.integers(0, 5)},"
        f"{['setosa', 'versicolor', 'virginica'][k]}"
        for k in rng.integers(0, 3, 90)
    ]
    (folder / "flowers.csv").write_text("\n".join(flowers) + "\n")
    prices = ["size;rooms;price"] + [
        f"{x:.4f};{x * x:.4f};{3 * x + 1 + rng.normal(0, 0.1):.4f}" for x in rng.uniform(-2, 2, 70)
    ]
    (folder / "prices.csv").write_text("\n\n".join(prices) + "\n")  # blank lines are skipped
    write_idx(folder / "MNIST" / "raw", "train", *tiny_digits(300, rng))
    write_idx(folder / "MNIST" / "raw", "t10k", *tiny_digits(100, rng))
    return folder


RUNS = {
    "moons mlp adam": {
        "data": {"dataset": "moons", "n_samples": 200},
        "model": {"preset": "mlp", "hidden": [8, 8], "activation": "tanh"},
        "train": {"optimizer": "adam", "epochs": 15},
    },
    "linear regression, sgd, full batch": {
        "data": {"dataset": "linear", "n_samples": 100, "noise": 0.2},
        "model": {"preset": "linear"},
        "train": {"optimizer": "sgd", "lr": 0.1, "batch_size": "full", "epochs": 40},
    },
    "polynomial, momentum, cosine": {
        "data": {"dataset": "sine", "n_samples": 100},
        "model": {"preset": "polynomial", "degree": 5},
        "train": {"optimizer": "momentum", "lr": 0.05, "batch_size": 16, "epochs": 20,
                  "schedule": "cosine"},
    },
    "blobs softmax, step schedule, l1, clipping": {
        "data": {"dataset": "blobs", "n_classes": 4, "n_samples": 200},
        "model": {"preset": "softmax"},
        "train": {"optimizer": "sgd", "lr": 0.5, "epochs": 20, "schedule": "step",
                  "step_size": 5, "gamma": 0.5, "l1": 0.001, "grad_clip": 1.0},
    },
    "early stopping restores the best epoch": {
        "data": {"dataset": "moons", "n_samples": 80, "noise": 0.35, "val_fraction": 0.4},
        "model": {"preset": "mlp", "hidden": [64, 64], "activation": "relu", "dropout": 0.2},
        "train": {"optimizer": "adam", "epochs": 300, "early_stopping": True, "patience": 10,
                  "weight_decay": 0.001},
    },
    "custom layers, rmsprop, plateau": {
        "data": {"dataset": "spiral", "n_samples": 150, "n_classes": 3},
        "model": {"preset": "custom", "layers": [
            {"type": "linear", "width": 12}, {"type": "batchnorm"},
            {"type": "activation", "name": "gelu"}, {"type": "dropout", "p": 0.1},
            {"type": "linear", "width": 8}, {"type": "activation", "name": "leaky_relu"},
        ]},
        "train": {"optimizer": "rmsprop", "lr": 0.01, "epochs": 12, "schedule": "plateau",
                  "plateau_patience": 2},
    },
    "blobs mlp, adagrad, weight decay": {
        "data": {"dataset": "blobs", "n_samples": 150, "n_classes": 3},
        "model": {"preset": "mlp", "hidden": [8], "activation": "relu"},
        "train": {"optimizer": "adagrad", "lr": 0.05, "epochs": 15, "weight_decay": 0.001},
    },
    "csv classes, standardised": {
        "data": {"dataset": "csv", "csv": "$DATA/flowers.csv", "target": "species"},
        "model": {"preset": "mlp", "hidden": [6]},
        "train": {"epochs": 10, "batch_size": 8},
    },
    "csv regression, semicolons, raw features": {
        "data": {"dataset": "csv", "csv": "$DATA/prices.csv", "standardize": False,
                 "test_fraction": 0.1},
        "model": {"preset": "linear"},
        "train": {"optimizer": "sgd", "lr": 0.05, "batch_size": "full", "epochs": 15},
    },
    "csv regression, target standardised, l1": {
        "data": {"dataset": "csv", "csv": "$DATA/prices.csv", "target": "price"},
        "model": {"preset": "mlp", "hidden": [5]},
        "train": {"epochs": 12, "batch_size": 16, "l1": 0.001},
    },
    "csv regression, automatic model": {
        "data": {"dataset": "csv", "csv": "$DATA/prices.csv"},
        "train": {"optimizer": "sgd", "lr": 0.1, "epochs": 10, "batch_size": "full"},
    },
    "least squares, polynomial": {
        "data": {"dataset": "sine", "n_samples": 40, "noise": 0.2},
        "model": {"preset": "polynomial", "degree": 5},
        "train": {"optimizer": "lstsq"},
    },
    "least squares, csv table, target standardised": {
        "data": {"dataset": "csv", "csv": "$DATA/prices.csv", "target": "price"},
        "model": {"preset": "linear"},
        "train": {"optimizer": "lstsq"},
    },
    "small cnn on a subset of images": {
        "data": {"dataset": "mnist", "data_dir": "$DATA", "subset": 200},
        "model": {"preset": "cnn", "hidden": [8]},
        "train": {"epochs": 2, "batch_size": 16},
    },
    "augmented images, dropout": {
        "data": {"dataset": "mnist", "data_dir": "$DATA", "subset": 120},
        "model": {"preset": "mlp", "hidden": [16], "dropout": 0.2},
        "train": {"epochs": 2, "batch_size": 16, "augment": ["shift", "rotate"]},
    },
}


def run_config(name, data_folder):
    raw = json.loads(json.dumps(RUNS[name]).replace("$DATA", str(data_folder)))
    return parse_config(raw)


def printed_numbers(output):
    """{'final': {'epoch': 15.0, 'train_loss': ...}, 'best': {...}, 'test': {...}}"""
    numbers = {}
    for line in output.splitlines():
        label, *pairs = line.split()
        if label in ("final", "best", "test"):
            numbers[label] = {
                key: None if value == "-" else float(value)
                for key, value in (pair.split("=") for pair in pairs)
            }
    return numbers


@pytest.mark.slow
@pytest.mark.parametrize("name", RUNS)
def test_the_exported_script_prints_the_numbers_of_the_apps_run(name, tmp_path, data_folder):
    config = run_config(name, data_folder)
    script = tmp_path / "train.py"
    write_script(config, script)
    # The script runs in its own process while the app's Trainer runs here.
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, cwd=tmp_path) as process:
        try:
            trainer = Trainer(config)
            result = trainer.fit()
            test = trainer.evaluate_test()
        finally:
            output, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors
    printed = printed_numbers(output)
    final, best = result.final, result.best
    # "final" is the saved model: the last epoch, or the restored one after early stopping.
    assert printed["final"]["epoch"] == final.epoch == (result.restored_epoch or result.epochs_run)
    assert printed["best"]["epoch"] == result.best_epoch
    for key in ("train_loss", "val_loss", "train_acc", "val_acc", "lr"):
        assert printed["final"].get(key) == pytest.approx(getattr(final, key), abs=1e-4), key
        assert printed["best"].get(key) == pytest.approx(getattr(best, key), abs=1e-4), key
    assert printed["test"]["test_loss"] == pytest.approx(test["test_loss"], abs=1e-4)
    assert printed["test"].get("test_acc") == pytest.approx(test["test_acc"], abs=1e-4)
    if config.train.early_stopping:
        assert result.stop_kind == "early_stopped" and "restored the weights of epoch " in output
        assert final.epoch == result.restored_epoch == test["epoch"] < result.epochs_run


PAINTED = [[0.25, -0.5, 0], [1.1, 0.3, 1], [-0.7, 0.9, 2], [0.1, 0.1, 1]] * 3


@pytest.mark.parametrize("dataset", ["linear", "cubic", "sine", "moons", "circles", "xor",
                                     "gaussians", "spiral", "blobs", "painted"])
def test_the_script_makes_the_same_points_split_and_starting_weights(dataset, tmp_path):
    config = parse_config({
        "data": {"dataset": dataset, "n_samples": 97, "noise": 0.3, "n_classes": 5, "seed": 7,
                 "val_fraction": 0.3, "test_fraction": 0.1, "points": PAINTED},
        "model": {"preset": "custom", "layers": [
            {"type": "linear", "width": 6}, {"type": "batchnorm"},
            {"type": "activation", "name": "sigmoid"}, {"type": "flatten"},
            {"type": "linear", "width": 3}, {"type": "activation", "name": "identity"},
        ]},
        "train": {"seed": 11},
    })
    script = tmp_path / "train.py"
    write_script(config, script)
    namespace = runpy.run_path(str(script))  # defines everything, trains nothing
    dataset_parts = load_dataset(config.data)
    for part, (x, y) in zip(("train", "val", "test"), namespace["load_data"]()):
        assert torch.equal(x, getattr(dataset_parts, part).x), part
        assert torch.equal(y, getattr(dataset_parts, part).y), part
    torch.manual_seed(11)
    exported = namespace["build_model"]()
    torch.manual_seed(11)
    app = build_model(config.model, dataset_parts.input_shape, dataset_parts.n_outputs,
                      dataset_parts.task)
    assert str(exported) == str(app)
    for (key, value), (app_key, app_value) in zip(exported.state_dict().items(),
                                                  app.state_dict().items()):
        assert key == app_key and torch.equal(value, app_value)


@pytest.mark.parametrize("optimizer", OPTIMIZERS.names())
@pytest.mark.parametrize("schedule", ["none", "step", "plateau", "cosine"])
def test_every_optimizer_and_schedule_exports_a_script_that_needs_only_numpy_and_torch(
    optimizer, schedule
):
    config = parse_config({"train": {"optimizer": optimizer, "schedule": schedule, "l1": 0.01,
                                     "grad_clip": 2.0, "early_stopping": True}})
    tree = ast.parse(export_script(config))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported - set(sys.stdlib_module_names) == {"numpy", "torch"}


def test_the_script_reads_like_the_run_it_comes_from():
    config = parse_config({
        "name": 'my "best" run \\ with """ quotes',
        "description": "Shows what momentum does.",
        "data": {"dataset": "xor"},
        "model": {"hidden": [5], "activation": "relu"},
        "train": {"optimizer": "momentum", "momentum": 0.8, "lr": 0.05},
    })
    text = export_script(config)
    compile(text, "train.py", "exec")
    assert "Shows what momentum does." in text
    assert "MOMENTUM = 0.8" in text and "LEARNING_RATE = 0.05" in text
    assert "nn.Linear(2, 5)" in text and "nn.ReLU()" in text and "nn.Linear(5, 1)" in text
    assert "def xor(" in text and "def split_indices(" in text
    assert "L1" not in text and "clip_grad_norm_" not in text and "scheduler" not in text


def test_exporting_leaves_torchs_random_numbers_alone():
    torch.manual_seed(3)
    expected = torch.rand(3)
    torch.manual_seed(3)
    export_script(parse_config({"model": {"hidden": [32, 32]}}))
    assert torch.equal(torch.rand(3), expected)


def test_what_the_app_would_refuse_the_export_refuses_with_the_same_reason(tmp_path):
    with pytest.raises(ModelError, match="logistic regression separates two classes"):
        export_script(parse_config({"data": {"dataset": "blobs"}, "model": {"preset": "logistic"}}))
    with pytest.raises(DataError, match="no such file"):
        export_script(parse_config({"data": {"dataset": "csv", "csv": str(tmp_path / "x.csv")}}))
    (tmp_path / "a file").write_text("")
    with pytest.raises(ExportError, match="cannot be written"):
        write_script(parse_config({}), tmp_path / "a file" / "train.py")
