"""K-fold cross-validation trains K models on K different splits of train + validation, never
touching the test set, and averages their scores."""

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import ConfigError
from nnstudio.core.train import run_kfold
from nnstudio.core.train.kfold import fold_dataset, fold_indices

MOONS = {
    "data": {"dataset": "moons", "n_samples": 100, "noise": 0.3, "val_fraction": 0.2, "test_fraction": 0.2},
    "model": {"preset": "mlp", "hidden": [8]},
    "train": {"lr": 0.02, "batch_size": 16, "epochs": 20},
}


def test_k_folds_give_k_results_and_their_mean():
    config = parse_config(MOONS)
    seen = []
    result = run_kfold(config, 5, on_epoch=lambda fold, metrics: seen.append((fold, metrics.epoch)))
    assert len(result.folds) == 5
    assert [fold.fold for fold in result.folds] == [0, 1, 2, 3, 4]
    assert all(fold.n_val == 16 and fold.n_train == 64 for fold in result.folds)  # 80 = 5 × 16
    assert result.curves("val_loss").shape == (5, 20)
    scores = result.scores("val_loss")
    assert np.all(np.isfinite(scores))
    mean, spread = result.mean_score("val_loss")
    assert mean == pytest.approx(scores.mean())
    assert spread == pytest.approx(scores.std())
    assert spread > 0  # different folds, different scores
    accuracy, _ = result.mean_score("val_acc")
    assert 0.6 < accuracy <= 1.0
    curve_mean, curve_spread = result.mean_curve("val_loss")
    assert curve_mean[-1] == pytest.approx(mean)
    assert curve_spread[-1] == pytest.approx(spread)
    assert len(seen) == 5 * 20 and seen[-1] == (4, 20)


def test_every_sample_of_train_and_validation_is_validated_once_and_test_never():
    config = parse_config(MOONS)
    dataset = load_dataset(config.data)
    folds = fold_indices(len(dataset.train) + len(dataset.val), 4, config.data.seed)
    validated = np.concatenate([fold_dataset(dataset, folds, i).val.x.numpy() for i in range(4)])
    pool = np.concatenate([dataset.train.x.numpy(), dataset.val.x.numpy()])
    assert sorted(map(tuple, validated)) == sorted(map(tuple, pool))
    test_points = set(map(tuple, dataset.test.x.numpy()))
    for i in range(4):
        part = fold_dataset(dataset, folds, i)
        assert not test_points & set(map(tuple, part.train.x.numpy()))
        assert part.test is dataset.test


def test_the_same_seed_gives_the_same_folds_and_scores():
    config = parse_config({**MOONS, "train": {**MOONS["train"], "epochs": 5}})
    first, second = run_kfold(config, 3), run_kfold(config, 3)
    assert np.array_equal(first.scores(), second.scores())


def test_the_training_seed_reaches_every_fold_and_the_data_seed_cuts_the_folds():
    config = parse_config({**MOONS, "train": {**MOONS["train"], "epochs": 5}})
    reseeded = parse_config({**MOONS, "train": {**MOONS["train"], "epochs": 5, "seed": 1}})
    first, second = run_kfold(config, 3), run_kfold(reseeded, 3)
    for fold, other in zip(first.folds, second.folds):
        assert fold.n_train == other.n_train  # the same points...
        # ...trained from other initial weights, in another order: every curve changes
        assert fold.history.epochs[0].train_loss != other.history.epochs[0].train_loss
        assert not np.array_equal(fold.history.column("val_loss"), other.history.column("val_loss"))
    dataset = load_dataset(config.data)
    n = len(dataset.train) + len(dataset.val)
    assert not np.array_equal(fold_indices(n, 3, 0)[0], fold_indices(n, 3, 1)[0])


@pytest.mark.parametrize("k, message", [(1, "kfold.k: must be >= 2, got 1"), (21, "kfold.k: must be <= 20"),
                                        ("five", "kfold.k: must be a whole number")])
def test_a_bad_k_is_refused(k, message):
    with pytest.raises(ConfigError, match=message):
        run_kfold(parse_config(MOONS), k)


def test_more_folds_than_samples_is_refused():
    config = parse_config({**MOONS, "data": {**MOONS["data"], "n_samples": 12}})
    with pytest.raises(ConfigError, match="kfold.k: 20 folds need at least 20 samples"):
        run_kfold(config, 20)
