"""The numbers behind the weights view: sparsity under L1, vanishing gradients in deep sigmoid nets."""

import torch

from nnstudio.core.config import parse_config
from nnstudio.core.train import Trainer
from nnstudio.core.viz.weights import gradient_sizes, weight_summary


def test_weight_summary_has_one_histogram_per_weight_layer():
    trainer = Trainer(parse_config({"model": {"hidden": [8, 4]}, "train": {"epochs": 1}}))
    summary = weight_summary(trainer.model)
    assert [layer.name for layer in summary] == ["Linear 1", "Linear 2", "Linear 3"]
    assert summary[0].counts.sum() == 2 * 8 and len(summary[0].edges) == len(summary[0].counts) + 1
    expected = torch.linalg.norm(trainer.model[0].weight).item()
    assert abs(summary[0].norm - expected) < 1e-5


def test_deep_sigmoid_gradients_vanish_toward_the_input_but_relu_ones_do_not():
    def ratio(activation):
        trainer = Trainer(parse_config({"data": {"dataset": "moons"},
                                        "model": {"hidden": [16] * 6, "activation": activation}}))
        x, y = trainer.train_part.x[:256], trainer.train_part.y[:256]
        sizes = gradient_sizes(trainer.model, trainer.loss_fn, x, y)
        assert len(sizes) == 7
        return sizes[0] / sizes[-1]

    assert ratio("sigmoid") < 0.01
    assert ratio("relu") > 10 * ratio("sigmoid")
