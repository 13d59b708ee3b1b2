"""Comparing models side by side: the same data and split for every model, a baseline beside
them, scores a user can check by hand, Cancel, and the test split scored only once."""

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import ConfigError, ModelError, NNStudioError
from nnstudio.core.train import TrainControl
from nnstudio.core.train.compare import ROW_KEYS, model_specs, run_compare, score_test
from nnstudio.core.train.scores import macro_f1, r_squared


def moons(epochs=40):
    return parse_config({"data": {"dataset": "moons", "n_samples": 300, "noise": 0.2},
                         "model": {"hidden": [16], "activation": "relu"},
                         "train": {"epochs": epochs, "lr": 0.03}})


def sine(epochs=150):
    return parse_config({"data": {"dataset": "sine", "n_samples": 120, "noise": 0.1},
                         "model": {"hidden": [32], "activation": "tanh"},
                         "train": {"epochs": epochs, "lr": 0.03, "batch_size": "full"}})


def test_classifiers_beside_the_majority_class_baseline():
    config = moons()
    dataset = load_dataset(config.data)
    trained_on = []
    result = run_compare(config, model_specs("logistic, mlp", config), dataset,
                         on_row=lambda score, trainer: trainer and trained_on.append(trainer.dataset))
    assert [row.model for row in result.rows] == ["baseline (majority class)", "logistic", "mlp"]
    assert len(trained_on) == 2 and all(data is dataset for data in trained_on)  # one split for all
    baseline, logistic, mlp = result.rows
    train_labels, val_labels = dataset.train.y.numpy(), dataset.val.y.numpy()
    majority = np.bincount(train_labels).argmax()
    assert baseline.val_acc == pytest.approx(np.mean(val_labels == majority))
    assert baseline.params == 0 and baseline.val_mse is None and baseline.val_r2 is None
    # A bent boundary beats a straight one on moons, and both beat knowing nothing.
    assert mlp.val_acc > logistic.val_acc > baseline.val_acc
    assert mlp.val_loss < baseline.val_loss and logistic.val_loss < baseline.val_loss
    assert logistic.params == 3 and mlp.params == 2 * 16 + 16 + 16 + 1
    assert all(row.seconds > 0 for row in result.models)
    assert result.best() is mlp
    assert set(mlp.row()) == set(ROW_KEYS)


def test_macro_f1_is_scikit_learns():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    for classes in (2, 3, 5):
        target = rng.integers(0, classes, 200)
        predicted = np.where(rng.random(200) < 0.6, target, rng.integers(0, classes - 1, 200))
        assert macro_f1(predicted, target) == pytest.approx(
            metrics.f1_score(target, predicted, average="macro"))
    assert r_squared(np.array([1.0, 2.0, 3.5]), np.array([1.0, 2.0, 3.0])) == pytest.approx(
        metrics.r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 3.5]))


def test_regression_rows_have_mse_and_r_squared_beside_the_training_mean():
    config = sine()
    dataset = load_dataset(config.data)
    result = run_compare(config, model_specs(["linear", "current"], config), dataset)
    baseline, linear, mlp = result.rows
    assert baseline.model == "baseline (training mean)"
    mean = dataset.train.y.numpy().mean()
    val = dataset.val.y.numpy().ravel()
    assert baseline.val_mse == pytest.approx(np.mean((val - mean) ** 2), rel=1e-5)
    assert baseline.val_r2 == pytest.approx(r_squared(np.full_like(val, mean), val), abs=1e-6)
    assert baseline.val_r2 <= 0.0  # a constant explains nothing
    for row in (linear, mlp):
        assert row.val_acc is None and row.val_f1 is None
        assert row.val_mse == pytest.approx(row.val_loss, rel=1e-4)  # the loss is the MSE
    assert mlp.val_r2 > 0.8 > linear.val_r2 > baseline.val_r2  # a sine needs a curve


def test_a_model_that_cannot_train_on_the_data_is_refused_before_anything_trains():
    config = parse_config({"data": {"dataset": "blobs", "n_classes": 3}, "train": {"epochs": 5}})
    epochs = []
    with pytest.raises(ModelError, match="logistic cannot train on blobs\nlogistic regression separates two"):
        run_compare(config, model_specs("mlp,logistic", config), on_progress=epochs.append)
    assert epochs == []


def test_model_names_are_presets_files_families_or_current(tmp_path):
    config = moons()
    experiment = tmp_path / "wide.toml"
    experiment.write_text('[data]\ndataset = "circles"\n[model]\nhidden = [64, 64]\n[train]\nlr = 0.002\n')
    specs = model_specs(f"mlp-xor, {experiment}, softmax, current", config)
    assert [spec.name for spec in specs] == ["mlp-xor", "wide", "softmax", "current"]
    assert specs[0].model.hidden == [8] and specs[1].train.lr == 0.002
    assert specs[2].model.preset == "softmax" and specs[2].train == config.train
    with pytest.raises(ConfigError, match="'nope' is not an experiment file, a preset or a model family"):
        model_specs("mlp,nope", config)
    with pytest.raises(ConfigError, match="named twice"):
        model_specs("mlp,mlp", config)
    with pytest.raises(ConfigError, match="no such file"):
        model_specs("missing.toml", config)


def test_cancel_keeps_the_models_finished_so_far():
    config = moons(epochs=30)
    control = TrainControl()

    def progressed(progress):
        if progress.index == 1 and progress.epoch == 3:
            control.request_stop()

    result = run_compare(config, model_specs("logistic,mlp,softmax", config), control=control,
                         on_progress=progressed)
    assert result.stopped
    assert [row.model for row in result.rows] == ["baseline (majority class)", "logistic"]


def test_the_test_split_is_scored_once_when_asked():
    config = moons(epochs=20)
    dataset = load_dataset(config.data)
    result = run_compare(config, model_specs("mlp", config), dataset)
    assert all(row.test is None for row in result.rows)
    assert "test_acc" not in result.rows[1].row()
    score_test(result, dataset)
    baseline, mlp = result.rows
    majority = np.bincount(dataset.train.y.numpy()).argmax()
    assert baseline.test["test_acc"] == pytest.approx(np.mean(dataset.test.y.numpy() == majority))
    assert 0.5 < mlp.test["test_acc"] <= 1.0 and mlp.row()["test_f1"] is not None
    with pytest.raises(NNStudioError, match="already scored"):
        score_test(result, dataset)


def test_the_same_specs_give_the_same_numbers():
    config = moons(epochs=10)
    first = run_compare(config, model_specs("mlp", config))
    second = run_compare(config, model_specs("mlp", config))
    assert first.rows[1].val_loss == second.rows[1].val_loss
