"""nnstudio compare on real tables that ship inside scikit-learn (no download): wine (three
cultivars, classification) and diabetes (disease progression, regression), beside the baseline."""

import csv
import json

import pytest

from nnstudio.cli import main
from nnstudio.core.store import RunStore, load_checkpoint

datasets = pytest.importorskip("sklearn.datasets", reason="pip install 'nnstudio[test]' (scikit-learn)")

KEYS = {"model", "train_loss", "val_loss", "val_acc", "val_f1", "val_mse", "val_r2", "params", "seconds"}


def write_table(path, features, names, targets):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(names)
        for row, target in zip(features, targets):
            writer.writerow([*row, target])


@pytest.fixture
def wine(tmp_path):
    data = datasets.load_wine()
    table = tmp_path / "wine.csv"
    write_table(table, data.data, [*data.feature_names, "cultivar"],
                [data.target_names[label] for label in data.target])
    config = tmp_path / "wine.toml"
    config.write_text(f'[data]\ndataset = "csv"\ncsv = {str(table)!r}\ntarget = "cultivar"\n'
                      '[train]\nepochs = 60\n')
    return config


@pytest.fixture
def diabetes(tmp_path):
    data = datasets.load_diabetes(scaled=False)
    table = tmp_path / "diabetes.csv"
    write_table(table, data.data, [*data.feature_names, "progression"], data.target)
    config = tmp_path / "diabetes.toml"
    config.write_text(f'[data]\ndataset = "csv"\ncsv = {str(table)!r}\ntarget = "progression"\n'
                      '[train]\nepochs = 600\nlr = 0.5\nbatch_size = "full"\n')
    return config


def json_rows(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_compare_wine_classifiers_beside_the_majority_class(wine, capsys):
    assert main(["compare", str(wine), "--models", "softmax,mlp", "--json"]) == 0
    baseline, softmax, mlp = json_rows(capsys)
    assert all(set(row) == KEYS for row in (baseline, softmax, mlp))
    assert "baseline" in baseline["model"] and baseline["params"] == 0
    assert [softmax["model"], mlp["model"]] == ["softmax", "mlp"]
    for row in (baseline, softmax, mlp):
        assert row["val_mse"] is None and row["val_r2"] is None  # no regression scores for classes
        assert 0 <= row["val_acc"] <= 1 and 0 <= row["val_f1"] <= 1
    # 3 cultivars: the largest is ~40 %; the chemistry separates them almost perfectly.
    assert baseline["val_acc"] < 0.5 and baseline["val_f1"] < 0.25
    assert softmax["val_acc"] > 0.9 and mlp["val_acc"] > 0.9
    assert softmax["params"] == 13 * 3 + 3


def test_compare_diabetes_regressions_beside_the_training_mean(diabetes, capsys):
    assert main(["compare", str(diabetes), "--models", "linear", "--json", "--test"]) == 0
    baseline, linear = json_rows(capsys)
    assert set(baseline) == KEYS | {"test_loss", "test_acc", "test_f1", "test_mse", "test_r2"}
    assert baseline["model"] == "baseline (training mean)"
    assert baseline["val_acc"] is None and baseline["val_f1"] is None
    assert baseline["val_r2"] <= 0.01  # the mean of the training split explains nothing
    assert linear["val_r2"] > 0.35 and linear["val_mse"] < baseline["val_mse"]
    assert linear["test_r2"] > 0.3 and linear["params"] == 11


def test_compare_table_records_each_model_as_a_run_that_reopens(wine, capsys):
    assert main(["compare", str(wine), "--models", "softmax,current", "--epochs", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["model", "train_loss", "val_loss", "val_acc", "val_f1", "params", "seconds"]
    assert out[1].startswith("baseline (majority class)")
    assert out[2].startswith("softmax") and out[2].endswith("run 1")
    with RunStore() as store:
        runs = {run.name: run for run in store.list_runs()}
    assert set(runs) == {"compare: softmax", "compare: current"}
    assert runs["compare: softmax"].epochs == 5
    assert load_checkpoint(runs["compare: softmax"].checkpoint).config.model.preset == "softmax"


def test_compare_refusals_are_one_line_and_exit_2(wine, tmp_path, capsys):
    assert main(["compare", str(wine), "--models", "logistic"]) == 2
    assert capsys.readouterr().err == (
        "nnstudio: compare.models: logistic cannot train on wine; logistic regression separates "
        "two classes; use softmax regression for more\n")
    assert main(["compare", str(wine), "--models", "mlp,bogus"]) == 2
    assert "'bogus' is not an experiment file" in capsys.readouterr().err
    no_test = tmp_path / "no-test.toml"
    no_test.write_text('[data]\ndataset = "moons"\ntest_fraction = 0.0\n')
    assert main(["compare", str(no_test), "--models", "mlp", "--test"]) == 2
    assert capsys.readouterr().err == "nnstudio: --test: there is no test set (data.test_fraction is 0)\n"
    assert main(["compare", str(wine), "--models", "mlp", "--epochs", "0"]) == 2
    assert capsys.readouterr().err == "nnstudio: train.epochs: must be >= 1, got 0\n"
