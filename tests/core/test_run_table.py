"""The run history as a table of settings and results, filtered by ranges and sorted: what the
Runs panel and 'nnstudio runs list' show."""

import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.errors import ConfigError
from nnstudio.core.store import RunRecorder, RunStore
from nnstudio.core.store.run_table import RunFilter, hidden_shape, run_row, table_rows
from nnstudio.core.train import Trainer


def record(raw):
    recorder = RunRecorder()
    result = Trainer(parse_config(raw), callbacks=[recorder]).fit()
    return recorder.run_id, result


@pytest.fixture
def history():
    runs = {
        "slow": record({"name": "slow", "data": {"dataset": "moons", "n_samples": 100},
                        "model": {"hidden": [8, 4]},
                        "train": {"optimizer": "sgd", "lr": 0.001, "batch_size": 16, "epochs": 4}}),
        "fast": record({"name": "fast", "data": {"dataset": "moons", "n_samples": 100},
                        "model": {"hidden": [32], "dropout": 0.2},
                        "train": {"lr": 0.05, "batch_size": "full", "epochs": 6, "weight_decay": 0.01}}),
        "line": record({"name": "line", "data": {"dataset": "linear", "n_samples": 60},
                        "model": {"preset": "linear"}, "train": {"lr": 0.1, "batch_size": 64, "epochs": 3}}),
    }
    with RunStore() as store:
        yield store.list_runs(), runs


def test_a_row_holds_the_settings_and_the_labelled_results(history):
    records, runs = history
    row = run_row(next(run for run in records if run.name == "fast"))
    _, result = runs["fast"]
    assert {key: row[key] for key in ("data", "model", "layers", "widths", "optimizer", "lr", "batch",
                                      "l2", "dropout", "max_epochs", "epochs")} == {
        "data": "moons", "model": "mlp tanh", "layers": 1, "widths": "32", "optimizer": "adam",
        "lr": 0.05, "batch": "full", "l2": 0.01, "dropout": 0.2, "max_epochs": 6, "epochs": 6}
    assert row["final_val_loss"] == pytest.approx(result.final.val_loss)
    assert row["final_val_acc"] == pytest.approx(result.final.val_acc)
    assert row["best_val_loss"] == pytest.approx(result.best.val_loss)
    assert row["best_epoch"] == result.best_epoch
    line = run_row(next(run for run in records if run.name == "line"))
    assert line["final_val_acc"] is None and line["layers"] == 0 and line["widths"] == ""


def names(rows):
    return [row["name"] for row in rows]


def test_filters_by_ranges_texts_and_words(history):
    records, _ = history
    assert names(table_rows(records, "lr<0.01")) == ["slow"]
    assert names(table_rows(records, "lr = 0.01..0.1", "lr")) == ["fast", "line"]
    assert names(table_rows(records, "optimizer=adam moons")) == ["fast"]
    assert names(table_rows(records, "final_val_acc>=0")) == ["fast", "slow"]  # not the regression
    assert names(table_rows(records, "batch=10..20")) == ["slow"]  # a full batch is no number
    assert names(table_rows(records, "dropout>0 l2>0")) == ["fast"]
    assert names(table_rows(records, "LINE")) == ["line"]
    assert names(table_rows(records, "data!=moons")) == ["line"]


def test_sorts_by_any_column_with_empty_cells_last(history):
    records, _ = history
    assert names(table_rows(records, sort="lr")) == ["slow", "fast", "line"]
    assert names(table_rows(records, sort="-lr")) == ["line", "fast", "slow"]
    assert names(table_rows(records, sort="-final_val_acc"))[-1] == "line"
    assert names(table_rows(records, sort="batch")) == ["slow", "line", "fast"]


def test_a_filter_that_cannot_be_read_says_why():
    with pytest.raises(ConfigError, match="no column 'lrate'; columns: id, name"):
        RunFilter("lrate<0.1")
    with pytest.raises(ConfigError, match="lr holds numbers; 'fast' is not one"):
        RunFilter("lr>fast")
    with pytest.raises(ConfigError, match="optimizer holds text: compare it with = or !="):
        RunFilter("optimizer<adam")
    with pytest.raises(ConfigError, match="needs a value"):
        RunFilter("lr<")


def test_layers_and_widths_of_each_model_family():
    def shape(raw):
        return hidden_shape(parse_config({"model": raw}).model)

    assert shape({"hidden": [64, 64]}) == (2, "64-64")
    assert shape({"preset": "softmax"}) == (0, "")
    assert shape({"preset": "custom", "layers": [{"type": "linear", "width": 12},
                                                 {"type": "activation"}, {"type": "linear", "width": 3}]}) == (2, "12-3")
