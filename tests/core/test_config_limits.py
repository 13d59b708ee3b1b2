"""Settings that could hang or crash training are refused by the schema, quickly, with one line:
painted points of the wrong shape or class, networks too big to build."""

import time

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnstudio.core.config import MAX_CLASSES, MAX_PARAMETERS, parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import ConfigError, NNStudioError
from nnstudio.core.models import build_model, count_parameters
from nnstudio.core.models.size import parameter_count
from nnstudio.core.store import load_checkpoint
from nnstudio.core.store.checkpoint import FORMAT


def painted(points, task="auto"):
    return parse_config({"data": {"dataset": "painted", "task": task, "points": points}})


@pytest.mark.parametrize("points, task, message", [
    ([[0.1, 0.2, 1e9]], "auto", "point 1: its class must be a whole number from 0 to 9, got 1000000000.0"),
    ([[0, 0, 0], [0.1, 0.2, 0.5]], "auto", "point 2: its class must be a whole number from 0 to 9, got 0.5"),
    ([[0, 0, -1]], "auto", "class must be a whole number from 0 to 9, got -1.0"),
    ([[0, 0, MAX_CLASSES]], "classification", "from 0 to 9, got 10.0"),
    ([[0, 0, 1], [0.5, 0.5]], "auto", "point 2 must be [x1, x2, class], got [0.5, 0.5]"),
    ([[0, 0, 1, 4]], "auto", "point 1 must be [x1, x2, class], got [0.0, 0.0, 1.0, 4.0]"),
    ([[0, 0, 1]], "regression", "point 1 must be [x, y] (task 'regression'), got [0.0, 0.0, 1.0]"),
    ([[0, float("inf"), 1]], "auto", "point 1 must hold finite numbers of at most 3.403e+38 (float32), got [0.0, inf, 1.0]"),
    ([[float("nan"), 0]], "regression", "point 1 must hold finite numbers"),
])
def test_bad_painted_points_are_refused_naming_the_point(points, task, message):
    with pytest.raises(ConfigError) as raised:
        painted(points, task)
    assert str(raised.value).startswith("data.points: ") and message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_good_painted_points_train_with_the_classes_they_name():
    config = painted([[0, 0, 0], [1, 1, 2.0], [0.5, 0.2, 9], [0.1, 0.9, 0]])
    assert load_dataset(config.data).n_classes == 10
    regression = painted([[0, 0], [1, 1.5], [0.5, 0.2]], "regression")
    assert load_dataset(regression.data).task == "regression"


coordinates = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6))
points = st.lists(st.lists(coordinates, min_size=0, max_size=5), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(points=points, task=st.sampled_from(["auto", "regression", "classification"]))
def test_any_painted_points_give_a_dataset_or_one_message(points, task):
    try:
        config = painted(points, task)
    except ConfigError as error:
        assert str(error).startswith("data.points: ") and "\n" not in str(error)
        return
    try:
        dataset = load_dataset(config.data)
    except NNStudioError as error:  # too few points: a message, not a crash
        assert "\n" not in str(error)
        return
    assert torch.isfinite(dataset.train.x).all()
    if task != "regression":
        assert dataset.n_classes <= MAX_CLASSES


@pytest.mark.parametrize("raw", [
    {"model": {"hidden": [65_536, 65_536]}},
    {"model": {"preset": "custom", "layers": [{"type": "linear", "width": 65_536}] * 2}},
    {"data": {"dataset": "cifar10"}, "model": {"preset": "mlp", "hidden": [20_000]}},
])
def test_a_network_over_the_parameter_ceiling_is_refused_at_once_naming_it(raw):
    started = time.perf_counter()
    with pytest.raises(ConfigError) as raised:
        parse_config(raw)
    assert time.perf_counter() - started < 1.0
    assert str(raised.value).startswith("model: the network would have at least ")
    assert f"MAX_PARAMETERS ({MAX_PARAMETERS:,})" in str(raised.value)


def test_a_checkpoint_describing_a_giant_network_is_refused_at_once(tmp_path):
    config = parse_config({}).model_dump(mode="json")
    payloads = {
        "giant config": {**config, "model": {**config["model"], "hidden": [65_536, 65_536]}},
        "giant input": config,
    }
    for name, raw in payloads.items():
        path = tmp_path / f"{name}.pt"
        shape = [10**9] if name == "giant input" else [2]
        torch.save({"format": FORMAT, "config": raw, "task": "binary", "input_shape": shape,
                    "n_outputs": 1, "epoch": 1, "state_dict": {}}, path)
        started = time.perf_counter()
        with pytest.raises(NNStudioError, match="MAX_PARAMETERS"):
            load_checkpoint(path)
        assert time.perf_counter() - started < 2.0, name


layers = st.one_of(
    st.builds(lambda w: {"type": "linear", "width": w}, st.integers(1, 40)),
    st.builds(lambda c, k, s, p: {"type": "conv2d", "channels": c, "kernel_size": k,
                                  "stride": s, "padding": p},
              st.integers(1, 6), st.integers(1, 5), st.integers(1, 3), st.integers(0, 2)),
    st.builds(lambda k: {"type": "maxpool2d", "kernel_size": k}, st.integers(1, 3)),
    st.sampled_from([{"type": "batchnorm"}, {"type": "flatten"}, {"type": "dropout", "p": 0.1},
                     {"type": "activation", "name": "relu"}]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    model=st.one_of(
        st.builds(lambda h: {"preset": "mlp", "hidden": h}, st.lists(st.integers(1, 30), max_size=3)),
        st.builds(lambda d: {"preset": "polynomial", "degree": d}, st.integers(1, 6)),
        st.just({"preset": "cnn", "hidden": [12]}),
        st.builds(lambda ls: {"preset": "custom", "layers": ls}, st.lists(layers, max_size=5)),
    ),
    shape=st.sampled_from([(1,), (2,), (7,), (1, 12, 12), (3, 9, 9)]),
    outputs=st.sampled_from([1, 3]),
)
def test_the_counted_parameters_are_those_the_builder_makes(model, shape, outputs):
    config = parse_config({"model": model}).model
    task = "regression" if outputs == 1 else "multiclass"
    try:
        built = build_model(config, shape, outputs, task)
    except NNStudioError:
        return
    assert parameter_count(config, shape, outputs, task) == count_parameters(built)
