"""The headless CLI: results on disk, readable one-line errors, meaningful exit codes."""

import csv
import json
import subprocess
import sys

import pytest

from nnstudio.cli import main
from nnstudio.core.store import load_checkpoint


def test_train_writes_metrics_summary_model_and_config(tmp_path, capsys):
    config = tmp_path / "exp.toml"
    config.write_text('[data]\ndataset = "moons"\n[train]\nepochs = 7\n')
    code = main(["train", str(config), "--out", str(tmp_path / "out"), "--test", "--seed", "3"])
    assert code == 0
    out = tmp_path / "out"
    rows = list(csv.DictReader((out / "metrics.csv").read_text().splitlines()))
    assert [int(row["epoch"]) for row in rows] == list(range(1, 8))
    assert set(rows[0]) == {"epoch", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["stop_kind"] == "completed" and summary["epochs_run"] == 7
    assert summary["n_params"] > 0 and summary["device"] == "cpu"
    assert 0 <= summary["test"]["test_acc"] <= 1
    assert load_checkpoint(out / "model.pt").config.train.seed == 3
    assert "seed = 3" in (out / "config.toml").read_text()


def test_bad_config_exits_2_with_one_line(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text("[train]\nlr = -1\n")
    assert main(["train", str(config), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert error == "nnstudio: train.lr: must be > 0, got -1\n"


def test_divergence_exits_3(tmp_path, capsys):
    config = tmp_path / "wild.toml"
    config.write_text('[data]\ndataset = "linear"\n[model]\npreset = "linear"\n'
                      '[train]\noptimizer = "sgd"\nlr = 50.0\nbatch_size = "full"\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 3
    assert "loss diverged at epoch" in capsys.readouterr().err


def test_presets_list_and_train(tmp_path, capsys):
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("playground-circle ") for line in lines)
    assert main(["train", "--preset", "mlp-xor", "--epochs", "3", "--out", str(tmp_path), "--quiet"]) == 0
    assert main(["train", "--preset", "nope", "--out", str(tmp_path)]) == 2


def test_python_dash_m_runs_the_cli_with_one_epoch_line_per_epoch(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "nnstudio", "train", "--preset", "logistic-moons", "--epochs", "4",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [line.split()[1] for line in done.stderr.splitlines()] == ["1/4", "2/4", "3/4", "4/4"]
