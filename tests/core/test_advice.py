"""Advice before training: each rule's predicted failure really happens without its fix (trained
briefly on small data), the fix removes the advice, and the shipped lessons and presets are
warned about only where they show that failure on purpose."""

from pathlib import Path

import numpy as np
import pytest
import torch

from nnstudio.core.advice import RULES, Advice, DataFacts, advise
from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.lessons import all_lessons
from nnstudio.core.presets import all_presets, load_preset
from nnstudio.core.train import Trainer
from nnstudio.core.viz.weights import gradient_sizes

IMAGE_SETS = ("mnist", "fashion_mnist", "kmnist", "cifar10")
FASHION_MNIST_HERE = Path("/usr/share/datasets/fashion-mnist").is_dir()
# The shipped configs that show a rule's failure on purpose: (lesson number, variant from 1).
DELIBERATE = {
    (3, 4): ["lr_too_large"],  # "too large, diverges: lr 4"
    (5, 3): ["too_few_epochs"],  # full batch: 40 steps, "the slowest to improve"
    (15, 1): ["deep_sigmoid"],  # "6 hidden layers, sigmoid": vanishing gradients
}


def _config(**sections):
    return parse_config(sections, strict=False)


def _advice(config) -> dict[str, Advice]:
    return {advice.rule: advice for advice in advise(config, DataFacts.of(load_dataset(config.data)))}


def _train(config):
    trainer = Trainer(config)
    result = trainer.fit()
    return trainer, result


def _fixed(config, rule: str):
    advice = _advice(config)[rule]
    fixed = advice.apply(config)
    assert rule not in _advice(fixed), f"the fix ({advice.fix_text}) leaves the advice"
    return fixed


def test_a_learning_rate_far_too_large_for_gradient_descent_diverges_and_its_fix_trains():
    config = _config(data={"dataset": "linear", "n_samples": 100, "noise": 0.2},
                     model={"preset": "linear"},
                     train={"optimizer": "sgd", "lr": 4.0, "batch_size": "full", "epochs": 60})
    advice = _advice(config)["lr_too_large"]
    assert advice.message.startswith("train.lr: the learning rate 4 is far too large for sgd")
    assert advice.fix == {"train": {"lr": 0.2}}
    _, result = _train(config)
    assert result.stop_kind == "diverged"

    trainer, result = _train(_fixed(config, "lr_too_large"))
    assert result.stop_kind == "completed"
    assert trainer.history.epochs[-1].train_loss < 0.1


def test_a_learning_rate_far_too_large_for_adam_ends_far_worse_than_the_fix():
    config = _config(data={"dataset": "moons", "n_samples": 400, "noise": 0.15},
                     model={"preset": "mlp", "hidden": [16, 16], "activation": "tanh"},
                     train={"optimizer": "adam", "lr": 3.0, "batch_size": 32, "epochs": 40})
    trainer, _ = _train(config)
    too_large = trainer.history.epochs[-1].train_loss
    fixed, _ = _train(_fixed(config, "lr_too_large"))
    assert fixed.config.train.lr < 1.0
    assert too_large > 0.5  # no better than guessing between two classes (0.69)
    assert too_large > 20 * fixed.history.epochs[-1].train_loss


def test_a_sensible_learning_rate_is_not_warned_about():
    for optimizer, lr in [("sgd", 0.5), ("momentum", 0.1), ("adam", 0.1), ("rmsprop", 0.01)]:
        config = _config(data={"dataset": "moons"}, train={"optimizer": optimizer, "lr": lr})
        assert "lr_too_large" not in _advice(config), optimizer


def test_a_batch_far_larger_than_the_training_set_makes_each_epoch_one_step():
    config = _config(data={"dataset": "moons", "n_samples": 400, "noise": 0.15},
                     model={"preset": "mlp", "hidden": [16, 16]},
                     train={"optimizer": "sgd", "lr": 0.1, "batch_size": 1024, "epochs": 40})
    advice = _advice(config)["batch_too_large"]
    assert "a batch of 1024 is more than twice the 240 training samples" in advice.message
    trainer, _ = _train(config)
    assert trainer.steps_per_epoch == 1
    fixed, _ = _train(_fixed(config, "batch_too_large"))
    assert fixed.config.train.batch_size == 32 and fixed.steps_per_epoch == 8
    assert trainer.history.epochs[-1].train_loss > 1.5 * fixed.history.epochs[-1].train_loss


def test_early_stopping_without_a_validation_set_lets_the_model_overfit():
    config = load_preset("mlp-overfit-early-stopping")
    config = parse_config({**config.model_dump(mode="json"),
                           "data": {**config.data.model_dump(mode="json"), "val_fraction": 0.0},
                           "train": {**config.train.model_dump(mode="json"), "epochs": 400}})
    advice = _advice(config)["early_stopping_without_validation"]
    assert advice.fix == {"data": {"val_fraction": 0.2}}
    blind, blind_result = _train(config)
    watched, watched_result = _train(_fixed(config, "early_stopping_without_validation"))
    assert watched_result.stop_kind == "early_stopped"
    # Watching the training loss, the run goes on long after the validation loss turned ...
    assert len(blind.history.epochs) > 3 * len(watched.history.epochs)
    # ... and the model it keeps does worse on data it never saw.
    assert blind_result.stop_kind == "completed"
    assert blind.evaluate_test()["test_loss"] > 3 * watched.evaluate_test()["test_loss"]


def _first_to_last_gradient(trainer) -> float:
    part = trainer.dataset.train
    sizes = gradient_sizes(trainer.model, trainer.loss_fn, part.x[:256], part.y[:256])
    return float(sizes[-1] / sizes[0])


def test_a_deep_sigmoid_network_gets_tiny_gradients_in_its_first_layers():
    config = _config(data={"dataset": "moons", "n_samples": 400, "noise": 0.15},
                     model={"preset": "mlp", "hidden": [16] * 5, "activation": "sigmoid"},
                     train={"optimizer": "momentum", "lr": 0.05, "epochs": 20})
    assert "with 5 sigmoid layers" in _advice(config)["deep_sigmoid"].message
    sigmoid, _ = _train(config)
    relu, _ = _train(_fixed(config, "deep_sigmoid"))
    assert relu.config.model.activation == "relu"
    assert _first_to_last_gradient(sigmoid) > 100 * _first_to_last_gradient(relu)
    assert sigmoid.history.epochs[-1].train_loss > 0.6  # still guessing (ln 2 = 0.69)
    assert relu.history.epochs[-1].train_loss < 0.4


def test_a_custom_stack_of_sigmoid_layers_is_fixed_layer_by_layer():
    layers = [{"type": "linear", "width": 8}, {"type": "activation", "name": "sigmoid"}] * 4
    config = _config(model={"preset": "custom", "layers": layers})
    fixed = _fixed(config, "deep_sigmoid")
    assert [layer.name for layer in fixed.model.layers if layer.type == "activation"] == ["relu"] * 4
    assert _advice(config)["deep_sigmoid"].fix_text == "model.layers: sigmoid -> relu"
    shallow = _config(model={"preset": "mlp", "hidden": [16, 16, 16], "activation": "sigmoid"})
    assert "deep_sigmoid" not in _advice(shallow)


def test_too_few_epochs_end_far_from_the_converged_loss():
    config = _config(data={"dataset": "moons", "n_samples": 400, "noise": 0.15},
                     model={"preset": "mlp", "hidden": [16, 16]},
                     train={"optimizer": "adam", "lr": 0.01, "batch_size": "full", "epochs": 20})
    advice = _advice(config)["too_few_epochs"]
    assert "only 20 gradient steps (20 epochs" in advice.message and advice.fix == {"train": {"epochs": 500}}
    short, _ = _train(config)
    converged, _ = _train(_fixed(config, "too_few_epochs"))
    assert short.history.epochs[-1].train_loss > 3 * converged.history.epochs[-1].train_loss


def test_least_squares_takes_no_gradient_steps_and_gets_no_advice():
    config = _config(data={"dataset": "linear"}, model={"preset": "linear"},
                     train={"optimizer": "lstsq", "lr": 50.0, "epochs": 1, "batch_size": 100_000})
    assert _advice(config) == {}


def test_image_inputs_are_measured_as_the_network_sees_them():
    torch.manual_seed(0)
    images = torch.randint(0, 256, (64, 1, 28, 28), dtype=torch.uint8)

    class Images:  # a prepared image set: uint8 pixels, normalised per batch
        task, mean, std = "multiclass", 0.5, 0.25
        train = type("Part", (), {"x": images, "__len__": lambda self: 64})()
        val = type("Part", (), {"x": images[:8], "__len__": lambda self: 8})()

    facts = DataFacts.of(Images())
    expected = float((((images.float() / 255 - 0.5) / 0.25) ** 2).sum(dim=(1, 2, 3)).mean())
    assert facts.n_train == 64 and facts.n_val == 8
    assert np.isclose(facts.input_mean_square, expected, rtol=1e-5)


def _shipped():
    for lesson in all_lessons():
        numbers = range(1, len(lesson.variants) + 1) if lesson.variants else [None]
        for number in numbers:
            config = lesson.config_for(None if number is None else number - 1)
            images = config.data.dataset in IMAGE_SETS
            marks = [pytest.mark.skipif(
                images and not FASHION_MNIST_HERE,
                reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")]
            name = f"{lesson.file_stem}" + (f"-variant{number}" if number else "")
            yield pytest.param(config, DELIBERATE.get((lesson.number, number), []), id=name,
                               marks=marks)
    for name, config in all_presets().items():
        yield pytest.param(config, [], id=f"preset-{name}")


@pytest.mark.parametrize(("config", "expected"), list(_shipped()))
def test_shipped_lessons_and_presets_get_advice_only_where_they_fail_on_purpose(config, expected):
    assert list(_advice(config)) == expected


def test_every_rule_is_in_the_registry_once():
    assert list(RULES) == ["lr_too_large", "batch_too_large", "early_stopping_without_validation",
                           "deep_sigmoid", "too_few_epochs"]
