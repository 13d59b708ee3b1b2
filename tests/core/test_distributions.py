"""Weights and gradients over time: per-layer histograms recorded through a run, cheaply, and the
heatmap of value × epoch a view draws from them."""

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.presets import load_preset
from nnstudio.core.train import Trainer
from nnstudio.core.viz.distributions import DistributionCallback, DistributionHistory, histogram
from nnstudio.core.viz.weights import weight_layers


def test_a_histogram_counts_as_numpy_does():
    values = np.random.default_rng(0).normal(size=5000).astype(np.float32)
    ours = histogram(values, bins=20)
    counts, edges = np.histogram(values, bins=20)
    assert np.array_equal(ours.counts, counts)
    assert np.allclose(ours.edges, edges)
    assert histogram(np.full(7, 0.5)).counts.sum() == 7  # a constant layer
    assert histogram(np.array([1.0, np.nan, 3.0, np.inf])).counts.sum() == 2  # a diverging one


def train(raw, budget=1e9, epochs=None):
    trainer = Trainer(parse_config(raw))
    callback = DistributionCallback(budget=budget)
    trainer.add_callback(callback)
    trainer.fit(epochs)
    return trainer, callback.history()


SPIRAL = {"data": {"dataset": "spiral", "n_samples": 300},
          "model": {"hidden": [32, 32], "activation": "relu"}, "train": {"epochs": 60, "lr": 0.01}}


def test_a_run_records_every_layer_from_its_initial_weights_to_its_last_epoch():
    trainer, history = train(SPIRAL)
    assert history.layers == ["Linear 1", "Linear 2", "Linear 3"]
    epochs = [record.epoch for record in history.records]
    assert epochs[0] == 0 and epochs[-1] == 60 and epochs == sorted(epochs)
    first, last = history.records[0], history.records[-1]
    assert [h.counts.sum() for h in last.weights] == [2 * 32, 32 * 32, 32 * 3]
    assert first.gradients == (None, None, None)  # before the first step there is none
    # The last record's gradients are those of the training's last step, layer by layer.
    for recorded, gradient in zip(last.gradients, trainer.last_step_gradients()):
        assert np.array_equal(recorded.counts, histogram(gradient).counts)
    weights = [weight.detach().numpy() for _, weight in weight_layers(trainer.model)]
    assert last.weights[1].low == pytest.approx(weights[1].min()) and last.weights[1].high == pytest.approx(weights[1].max())
    # Learning spreads the weights of the middle layer out from their initial range.
    assert last.weights[1].high - last.weights[1].low > first.weights[1].high - first.weights[1].low


def test_the_heatmap_has_one_column_per_epoch_shown_each_a_whole_distribution():
    _, history = train(SPIRAL)
    epochs, edges, shares = history.heatmap(1, "weights", bins=40, columns=30)
    assert shares.shape == (40, len(epochs)) and len(edges) == 41
    assert epochs[0] == 0 and epochs[-1] == 60
    assert np.allclose(shares.sum(axis=0), 1.0)
    gradients = history.heatmap(1, "gradients")
    assert gradients[0][0] >= 1  # gradients start after the first step
    assert DistributionHistory(["Linear 1"], []).heatmap(0) is None


def test_weight_decay_shows_as_weights_gathering_around_zero():
    def spread(weight_decay):
        _, history = train({**SPIRAL, "train": {"epochs": 80, "optimizer": "adamw", "lr": 0.02,
                                                "weight_decay": weight_decay}})
        epochs, edges, shares = history.heatmap(1, "weights", bins=80)
        centres = (edges[:-1] + edges[1:]) / 2
        return float(np.sqrt((shares[:, -1] * centres**2).sum()))  # the last column's RMS

    assert spread(5.0) < 0.5 * spread(0.0)


@pytest.mark.parametrize("epochs", [300])
def test_records_stay_within_their_limit_and_their_time_budget(epochs):
    _, history = train({"data": {"dataset": "xor", "n_samples": 100}, "model": {"hidden": [4]},
                        "train": {"epochs": epochs}})
    assert len(history.records) <= 200
    steps = np.diff([record.epoch for record in history.records])
    assert steps.max() <= 2 * steps.min() + 1  # evenly spaced
    _, stingy = train({"data": {"dataset": "xor", "n_samples": 100}, "model": {"hidden": [4]},
                       "train": {"epochs": epochs}}, budget=0.0)
    assert [record.epoch for record in stingy.records] == [0, epochs]  # first and last only


def test_the_fast_and_the_eager_path_give_the_same_last_gradients():
    def gradients(fast):
        trainer = Trainer(load_preset("mlp-xor"))
        trainer.use_fast_path = fast
        trainer.fit(3)
        assert trainer.path == ("fast" if fast else "eager")
        return trainer.last_step_gradients()

    for fast_gradient, eager_gradient in zip(gradients(True), gradients(False)):
        assert fast_gradient.shape == eager_gradient.shape
        assert np.allclose(fast_gradient, eager_gradient, atol=1e-6)
