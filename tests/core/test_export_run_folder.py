"""The exported script's command line and the run folder it writes: the files `nnstudio train
--out` writes, in the same formats, so nnstudio reads them."""

import csv
import json
import runpy
import subprocess
import sys

import numpy as np
import pytest
import torch

from nnstudio.cli import main
from nnstudio.core.config import parse_config
from nnstudio.core.experiment import dumps_config, save_config
from nnstudio.core.export import export_script, write_script
from nnstudio.core.store import load_checkpoint

MOONS = {
    "name": 'two moons, "quoted"\nand on two lines',
    "data": {"dataset": "moons", "n_samples": 160, "noise": 0.2},
    "model": {"preset": "mlp", "hidden": [8], "activation": "tanh"},
    "train": {"optimizer": "adam", "lr": 0.05, "epochs": 6, "batch_size": 16, "seed": 4},
}


def run_script(script, *arguments, cwd):
    return subprocess.run([sys.executable, str(script), *arguments], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_the_script_carries_the_runs_settings_as_nnstudio_writes_them(tmp_path):
    config = parse_config(MOONS)
    script = tmp_path / "train.py"
    write_script(config, script)
    namespace = runpy.run_path(str(script))  # defines everything, trains nothing
    assert namespace["CONFIG_TOML"] == dumps_config(config)
    assert namespace["CONFIG_NAME"] == config.name
    assert namespace["TASK"] == "binary" and namespace["INPUT_SHAPE"] == [2]
    assert namespace["WORLD_SIZE"] == 1 and namespace["RANK"] == 0
    assert not list(tmp_path.glob("*/"))


@pytest.mark.slow  # starts the script
def test_help_describes_the_options_and_trains_nothing(tmp_path):
    script = tmp_path / "train.py"
    write_script(parse_config(MOONS), script)
    done = run_script(script, "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for option in ("--out DIR", "--device", "--tensorboard DIR", "torchrun"):
        assert option in done.stdout
    assert "epoch=" not in done.stdout and sorted(tmp_path.iterdir()) == [script]
    wrong = run_script(script, "--device", "tpu", cwd=tmp_path)
    assert wrong.returncode == 2 and "--device tpu" in wrong.stderr.splitlines()[-1]
    assert "Traceback" not in wrong.stderr


def read_metrics(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.slow  # runs the script and the CLI
def test_the_scripts_run_folder_is_the_one_nnstudio_train_writes(tmp_path):
    config = parse_config(MOONS)
    experiment = tmp_path / "moons.toml"
    save_config(config, experiment)
    script = tmp_path / "train.py"
    write_script(config, script)
    done = run_script(script, "--out", "by-script", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert main(["train", str(experiment), "--out", str(tmp_path / "by-cli"), "--quiet",
                 "--no-record", "--test"]) == 0
    by_script, by_cli = tmp_path / "by-script", tmp_path / "by-cli"
    names = ["config.toml", "metrics.csv", "model.pt", "summary.json"]
    assert sorted(path.name for path in by_script.iterdir()) == names
    assert sorted(path.name for path in by_cli.iterdir()) == names

    assert (by_script / "config.toml").read_text() == (by_cli / "config.toml").read_text()

    script_lines = (by_script / "metrics.csv").read_bytes().splitlines(keepends=True)
    cli_lines = (by_cli / "metrics.csv").read_bytes().splitlines(keepends=True)
    assert script_lines[0] == cli_lines[0]  # the same header and line ending
    script_rows = read_metrics(by_script / "metrics.csv")
    cli_rows = read_metrics(by_cli / "metrics.csv")
    assert [row["epoch"] for row in script_rows] == [str(k) for k in range(1, 7)]
    assert [row["epoch"] for row in cli_rows] == [row["epoch"] for row in script_rows]
    for script_row, cli_row in zip(script_rows, cli_rows):
        for key in ("train_loss", "val_loss", "train_acc", "val_acc", "lr"):
            assert float(script_row[key]) == pytest.approx(float(cli_row[key]), abs=1e-5), key

    script_summary = json.loads((by_script / "summary.json").read_text())
    cli_summary = json.loads((by_cli / "summary.json").read_text())
    assert list(script_summary) == [key for key in cli_summary if key != "run_id"]
    for key in ("stop_kind", "stop_reason", "epochs_run", "best_epoch", "restored_epoch",
                "device", "n_params", "config_name"):
        assert script_summary[key] == cli_summary[key], key
    for part in ("best", "final", "test"):
        assert list(script_summary[part]) == list(cli_summary[part])
        for key in ("epoch", "train_loss", "val_loss", "train_acc", "val_acc", "test_loss",
                    "test_acc"):
            if key in cli_summary[part]:
                assert script_summary[part][key] == pytest.approx(cli_summary[part][key],
                                                                  abs=1e-5), (part, key)

    from_script = load_checkpoint(by_script / "model.pt")
    from_cli = load_checkpoint(by_cli / "model.pt")
    assert from_script.config == from_cli.config == config
    for key in ("task", "input_shape", "n_outputs", "epoch", "preprocessing"):
        assert getattr(from_script, key) == getattr(from_cli, key), key
    points = torch.from_numpy(np.random.default_rng(0).uniform(-2, 2, (50, 2)).astype(np.float32))
    with torch.no_grad():
        assert torch.allclose(from_script.model(points), from_cli.model(points), atol=1e-5)


def test_a_users_text_in_the_settings_enters_the_script_only_inside_string_literals():
    text = 'x"""\n) ; import os; os.system("boom") #\\'
    config = parse_config({**MOONS, "name": text, "description": text})
    script = export_script(config)
    compile(script, "train.py", "exec")
    namespace: dict = {}
    exec(compile(script.split("\nclass RunFolder")[0], "train.py", "exec"), namespace)
    assert namespace["CONFIG_NAME"] == text
    assert namespace["CONFIG_TOML"] == dumps_config(config)


@pytest.mark.slow  # runs the script
def test_without_tensorboard_installed_the_script_says_what_to_install(tmp_path):
    script = tmp_path / "train.py"
    write_script(parse_config(MOONS), script)
    hide_tensorboard = ("import runpy, sys; sys.modules['tensorboard'] = None; "
                        "sys.argv = ['train.py', '--tensorboard', 'logs']; "
                        "runpy.run_path('train.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", hide_tensorboard], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith(
        "--tensorboard needs the tensorboard package: pip install tensorboard")
    assert "epoch=" not in done.stdout and not (tmp_path / "logs").exists()


@pytest.mark.slow  # runs the script
def test_tensorboard_gets_the_curves_of_every_epoch(tmp_path):
    pytest.importorskip("tensorboard", reason="pip install 'nnstudio[tensorboard]'")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    script = tmp_path / "train.py"
    write_script(parse_config(MOONS), script)
    done = run_script(script, "--out", "run", "--tensorboard", "logs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    events = EventAccumulator(str(tmp_path / "logs"))
    events.Reload()
    assert set(events.Tags()["scalars"]) == {
        "loss/training", "loss/validation", "accuracy/training", "accuracy/validation",
        "learning_rate"}
    rows = read_metrics(tmp_path / "run" / "metrics.csv")
    logged = events.Scalars("loss/validation")
    assert [event.step for event in logged] == [int(row["epoch"]) for row in rows]
    assert [event.value for event in logged] == pytest.approx(
        [float(row["val_loss"]) for row in rows], rel=1e-6)
