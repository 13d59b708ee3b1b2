"""The exported script on torchrun: two processes (gloo, on the CPU) train what one process
trains, and the first of them writes the run folder."""

import csv
import json
import subprocess
import sys

import pytest

from nnstudio.cli import main
from nnstudio.core.config import parse_config
from nnstudio.core.export import write_script
from nnstudio.core.store import RunStore, load_checkpoint

pytestmark = pytest.mark.slow  # starts the script in one, two and three processes

MOONS = {
    "data": {"dataset": "moons", "n_samples": 203, "noise": 0.2},  # 121 training points:
    "model": {"preset": "mlp", "hidden": [16, 16], "activation": "relu"},  # the last batch of 9
    "train": {"optimizer": "adam", "lr": 0.02, "batch_size": 16, "epochs": 8, "l1": 0.0005},
}


def torchrun(processes: int, *arguments: str, cwd) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone",
               f"--nproc_per_node={processes}", *arguments]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def metrics(folder):
    with open(folder / "metrics.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_two_processes_under_torchrun_train_what_one_process_trains(tmp_path):
    config = parse_config(MOONS)
    write_script(config, tmp_path / "train.py")
    alone = subprocess.run([sys.executable, "train.py", "--out", "alone", "--device", "cpu"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert alone.returncode == 0, alone.stderr
    shared = torchrun(2, "train.py", "--out", "shared", "--device", "cpu", cwd=tmp_path)
    assert shared.returncode == 0, shared.stderr[-3000:]

    for folder in (tmp_path / "alone", tmp_path / "shared"):  # both complete
        assert sorted(path.name for path in folder.iterdir()) == [
            "config.toml", "metrics.csv", "model.pt", "summary.json"]
        assert load_checkpoint(folder / "model.pt").config == config
    one, two = metrics(tmp_path / "alone"), metrics(tmp_path / "shared")
    assert len(one) == len(two) == 8
    final_one, final_two = float(one[-1]["val_loss"]), float(two[-1]["val_loss"])
    assert abs(final_two - final_one) <= 0.02 * final_one
    # The same batches, shared out: the same numbers, up to the order sums are added in.
    for row_one, row_two in zip(one, two):
        for key in ("train_loss", "val_loss", "train_acc", "val_acc"):
            assert float(row_two[key]) == pytest.approx(float(row_one[key]), rel=1e-4), key
    summary_one = json.loads((tmp_path / "alone" / "summary.json").read_text())
    summary_two = json.loads((tmp_path / "shared" / "summary.json").read_text())
    assert summary_one["epochs_run"] == summary_two["epochs_run"] == 8
    assert summary_two["test"]["test_acc"] == pytest.approx(summary_one["test"]["test_acc"])
    # Only the first process prints (and writes): one summary line, not two.
    assert shared.stdout.count("final epoch=8 ") == 1

    # The folder goes into nnstudio's run history, with its model.
    assert main(["runs", "import", str(tmp_path / "shared")]) == 0
    with RunStore() as store:
        (run,) = store.list_runs()
    assert (run.epochs, run.stop_kind, run.best_epoch) == (8, "completed", summary_two["best_epoch"])
    assert load_checkpoint(run.checkpoint).config == config


def test_a_batch_the_processes_cannot_share_is_refused_with_the_reason(tmp_path):
    write_script(parse_config({**MOONS, "train": {**MOONS["train"], "epochs": 1}}),
                 tmp_path / "train.py")
    done = torchrun(3, "train.py", "--device", "cpu", cwd=tmp_path)
    assert done.returncode != 0
    assert "a batch of 16 cannot be shared by 3 processes" in done.stderr
    assert not (tmp_path / "run").exists()
