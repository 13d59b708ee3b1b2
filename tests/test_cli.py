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


def test_test_without_a_test_set_is_refused_before_training(tmp_path, capsys):
    config = tmp_path / "no-test.toml"
    config.write_text('[data]\ndataset = "moons"\ntest_fraction = 0\n[train]\nepochs = 100000\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--test"]) == 2
    error = capsys.readouterr().err
    assert error == ("nnstudio: --test: this run has no test set (data.test_fraction is 0); set "
                     "data.test_fraction above 0 or train without --test\n")
    assert not (tmp_path / "out" / "metrics.csv").exists()  # not one epoch was trained
    assert main(["runs", "list"]) == 0 and "no runs recorded yet" in capsys.readouterr().out


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


@pytest.mark.slow
def test_python_dash_m_runs_the_cli_with_one_epoch_line_per_epoch(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "nnstudio", "train", "--preset", "logistic-moons", "--epochs", "4", "--no-advice",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [line.split()[1] for line in done.stderr.splitlines()] == ["1/4", "2/4", "3/4", "4/4"]


def test_every_train_is_recorded_and_the_runs_commands_show_it(tmp_path, capsys):
    config = tmp_path / "exp.toml"
    config.write_text('name = "tiny xor"\n[data]\ndataset = "xor"\nn_samples = 60\n'
                      "[model]\nhidden = [4]\n[train]\nepochs = 4\n")
    assert main(["train", str(config), "--out", str(tmp_path / "a"), "--quiet", "--test"]) == 0
    assert "recorded as run 1 (nnstudio runs show 1)" in capsys.readouterr().out
    assert json.loads((tmp_path / "a" / "summary.json").read_text())["run_id"] == 1
    assert main(["train", "--preset", "linear-regression", "--epochs", "3",
                 "--out", str(tmp_path / "b"), "--quiet"]) == 0
    assert main(["train", str(config), "--out", str(tmp_path / "c"), "--quiet", "--no-record"]) == 0
    capsys.readouterr()

    assert main(["runs", "list"]) == 0
    header, newest, oldest = capsys.readouterr().out.splitlines()
    assert header.split() == ["id", "name", "data", "model", "widths", "optimizer", "lr", "batch", "l2",
                              "dropout", "max_epochs", "epochs", "stopped", "final_val_loss",
                              "final_val_acc", "best_val_loss", "best_epoch"]
    assert newest.split()[:5] == ["2", "linear-regression", "linear", "linear", "-"]
    assert newest.split()[5:13] == ["sgd", "0.1", "full", "0", "0", "3", "3", "completed"]
    assert newest.split()[-3] == "-"  # no accuracy for a regression
    assert oldest.split()[:3] == ["1", "tiny", "xor"]
    assert oldest.split()[3:15] == ["xor", "mlp", "tanh", "4", "adam", "0.01", "32", "0", "0", "4", "4",
                                    "completed"]

    assert main(["runs", "list", "--filter", "lr>=0.05", "--columns", "id,lr"]) == 0
    assert capsys.readouterr().out.split() == ["id", "lr", "2", "0.1"]
    assert main(["runs", "list", "--sort", "lr", "--desc", "--columns", "name,lr"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("linear-regression")
    assert main(["runs", "list", "--filter", "lr<0.0001"]) == 0
    assert capsys.readouterr().out == "none of the 2 runs matches 'lr<0.0001'\n"
    assert main(["runs", "list", "--filter", "speed>3"]) == 2
    assert capsys.readouterr().err.startswith("nnstudio: runs filter: no column 'speed'; columns: id, name,")
    assert main(["runs", "list", "--columns", "id,pace"]) == 2
    assert capsys.readouterr().err.startswith("nnstudio: --columns: no column 'pace'")

    assert main(["runs", "show", "1", "--last", "2"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("run 1: tiny xor\n")
    assert "result      completed: completed 4 epochs" in shown
    assert "final       epoch 4, the saved model: train_loss " in shown
    assert "test        epoch 4: test_loss " in shown and str(tmp_path / "a" / "model.pt") in shown
    assert '  dataset = "xor"' in shown
    assert shown.rstrip().splitlines()[-4] == "last 2 epochs:"

    assert main(["runs", "export", "1", "--csv", str(tmp_path / "run1.csv")]) == 0
    exported = (tmp_path / "run1.csv").read_text().splitlines()
    metrics = (tmp_path / "a" / "metrics.csv").read_text().splitlines()
    assert exported[0] == metrics[0]
    assert [line.split(",")[:5] for line in exported] == [line.split(",")[:5] for line in metrics]


@pytest.mark.parametrize("arguments", [
    ["runs", "show", "7"], ["runs", "export", "7", "--csv", "x.csv"], ["runs", "show", "seven"],
    ["runs", "delete", "7"],
])
def test_an_unknown_run_exits_2_with_one_line(arguments, capsys):
    assert main(arguments) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("nnstudio: run ")


def test_runs_can_be_renamed_annotated_and_deleted_from_the_command_line(tmp_path, capsys):
    assert main(["train", "--preset", "mlp-xor", "--epochs", "2", "--out", str(tmp_path),
                 "--quiet"]) == 0
    assert main(["runs", "rename", "1", "first try"]) == 0
    assert main(["runs", "notes", "1", "too few epochs"]) == 0
    capsys.readouterr()
    assert main(["runs", "show", "1"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("run 1: first try\n") and "notes       too few epochs" in shown
    assert main(["runs", "delete", "1"]) == 0
    capsys.readouterr()
    assert main(["runs", "list"]) == 0
    assert capsys.readouterr().out.startswith("no runs recorded yet")


@pytest.mark.slow
def test_export_script_writes_a_runnable_script_for_a_config_a_preset_or_a_run(tmp_path, capsys):
    config = tmp_path / "exp.toml"
    config.write_text('[data]\ndataset = "circles"\nn_samples = 50\n[train]\nepochs = 2\n')
    assert main(["export-script", str(config), "-o", str(tmp_path / "train.py")]) == 0
    assert f"wrote {tmp_path / 'train.py'}" in capsys.readouterr().out
    done = subprocess.run([sys.executable, str(tmp_path / "train.py")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-3].startswith("final epoch=2 train_loss=")

    assert main(["export-script", "--preset", "softmax-blobs", "--epochs", "5"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith('"""An nnstudio run, trained again')
    assert 'EXPERIMENT = "softmax-blobs"' in printed and "EPOCHS = 5" in printed

    out = str(tmp_path / "out")
    assert main(["train", str(config), "--out", out, "--quiet", "--seed", "4"]) == 0
    assert main(["export-script", "--run", "1", "-o", str(tmp_path / "again.py")]) == 0
    assert "SEED = 4" in (tmp_path / "again.py").read_text()


def test_export_script_refuses_what_it_cannot_do_with_one_line(tmp_path, capsys):
    assert main(["export-script", "-o", str(tmp_path / "x.py")]) == 2
    assert capsys.readouterr().err == (
        "nnstudio: export-script: give either a CONFIG.toml file or --preset NAME or --run ID\n"
    )
    config = tmp_path / "table.toml"
    config.write_text(f'[data]\ndataset = "csv"\ncsv = "{tmp_path / "gone.csv"}"\n')
    assert main(["export-script", str(config), "-o", str(tmp_path / "x.py")]) == 2
    assert capsys.readouterr().err == f"nnstudio: {tmp_path / 'gone.csv'}: no such file\n"
    assert not (tmp_path / "x.py").exists()


def test_lessons_lists_one_line_per_lesson_and_shows_one_in_either_language(capsys):
    assert main(["lessons"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 27
    assert lines[2].split(None, 2) == [
        "3", "learning-rate", "Gradient descent and the learning rate"
    ]
    assert main(["lessons", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == lines

    assert main(["lessons", "show", "learning-rate"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Lesson 3: Gradient descent and the learning rate (learning-rate)\n")
    assert "What to look for:\n  - lr 0.01:" in shown
    assert "  4. too large, diverges: lr 4" in shown and "Key setting: train.lr" in shown

    assert main(["lessons", "show", "3", "--lang", "zh"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("第 3 课：梯度下降与学习率 (learning-rate)\n")
    assert "观察要点：" in shown and "  1. 太小：学习率 0.01" in shown


def test_lessons_show_an_unknown_lesson_exits_2(capsys):
    assert main(["lessons", "show", "28"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("nnstudio: lesson: unknown lesson '28'; known: 1 to 27")


def test_train_a_lesson_or_one_of_its_variants(tmp_path, capsys):
    out = tmp_path / "lesson"
    assert main(["train", "--lesson", "dropout", "--epochs", "2", "--out", str(out),
                 "--quiet", "--no-record"]) == 0
    saved = (out / "config.toml").read_text()
    assert 'name = "lesson-22-dropout"' in saved and "dropout = 0.5" in saved
    assert main(["train", "--lesson", "3", "--variant", "1", "--epochs", "2", "--out", str(out),
                 "--quiet", "--no-record"]) == 0
    assert "lr = 0.01" in (out / "config.toml").read_text()
    assert main(["train", "--lesson", "3", "--variant", "4", "--out", str(out),
                 "--quiet", "--no-record"]) == 3  # lr 4 diverges
    capsys.readouterr()

    assert main(["train", "--lesson", "3", "--variant", "5", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        "nnstudio: --variant: lesson learning-rate has no variant 5; it has 4 (1 to 4)\n"
    )
    assert main(["train", "--preset", "mlp-xor", "--variant", "1", "--out", str(out)]) == 2
    assert capsys.readouterr().err == "nnstudio: train: --variant needs --lesson\n"
    assert main(["train", "--lesson", "3", "--preset", "mlp-xor", "--out", str(out)]) == 2
    assert "give either" in capsys.readouterr().err

