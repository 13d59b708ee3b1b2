"""The schema is the one source of truth: defaults train, bad values are refused by name."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnstudio.core.config import RunConfig, parse_config, updated
from nnstudio.core.errors import ConfigError
from nnstudio.core.experiment import dumps_config, load_config, loads_config, save_config


def test_every_field_has_a_description():
    from nnstudio.core.config import DataConfig, ModelConfig, TrainConfig

    for model in (DataConfig, ModelConfig, TrainConfig):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"


def test_negative_learning_rate_names_field_value_and_rule():
    with pytest.raises(ConfigError) as error:
        parse_config({"train": {"lr": -1}})
    assert str(error.value) == "train.lr: must be > 0, got -1"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"train": {"optimizer": "adamax"}}, "train.optimizer: must be one of"),
        ({"train": {"batch_size": 0}}, "train.batch_size:"),
        ({"train": {"batch_size": "half"}}, "train.batch_size: must be a whole number >= 1 or 'full'"),
        ({"train": {"epochs": "many"}}, "train.epochs: must be a whole number"),
        ({"train": {"device": "tpu"}}, "train.device: must be auto, cpu, cuda, cuda:N or mps"),
        ({"data": {"dataset": "imagenet"}}, "data.dataset: must be one of"),
        ({"data": {"colour": "red"}}, "data.colour: unknown setting"),
        ({"model": {"layers": [{"type": "conv3d"}]}}, "model.layers.0: type must be one of"),
        ({"model": {"dropout": 1.0}}, "model.dropout: must be < 1"),
        ({"data": {"val_fraction": 0.6, "test_fraction": 0.5}}, "data.test_fraction: validation + test"),
        ({"extra": {}}, "extra: unknown setting"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(raw, expected):
    with pytest.raises(ConfigError) as error:
        parse_config(raw)
    assert expected in str(error.value)


def test_batch_size_accepts_full_and_one():
    assert parse_config({"train": {"batch_size": "full"}}).train.batch_size == "full"
    assert parse_config({"train": {"batch_size": 1}}).train.batch_size == 1


def test_toml_round_trip_keeps_every_value(tmp_path):
    config = updated(RunConfig(), "train", lr=0.123, batch_size="full", schedule="step")
    config = updated(config, "model", preset="custom", layers=[
        {"type": "linear", "width": 5}, {"type": "activation", "name": "gelu"},
        {"type": "dropout", "p": 0.25},
    ])
    path = tmp_path / "experiment.toml"
    save_config(config, path)
    assert load_config(path) == config


def test_a_file_with_only_a_data_section_is_complete():
    config = loads_config('[data]\ndataset = "sine"\n')
    assert config.data.dataset == "sine"
    assert config.train.epochs > 0 and config.model.preset == "auto"


def test_broken_toml_is_a_config_error_not_a_traceback():
    with pytest.raises(ConfigError, match="not valid TOML"):
        loads_config("[train\nlr = ")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")


toml_values = st.recursive(
    st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=8), st.booleans()),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
fields = st.sampled_from(["lr", "epochs", "batch_size", "optimizer", "dataset", "n_samples",
                          "hidden", "layers", "preset", "noise", "device", "momentum", "x"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    section=st.sampled_from(["data", "model", "train", "name", "other"]),
    values=st.dictionaries(fields, toml_values, max_size=4),
)
def test_fuzzed_configs_load_or_give_a_readable_error(section, values):
    try:
        config = parse_config({section: values})
    except ConfigError as error:
        assert str(error).strip()
        assert ":" in str(error).splitlines()[0]
    else:
        assert isinstance(config, RunConfig)
        # Whatever loads must also survive a TOML round trip.
        assert loads_config(dumps_config(config)) == config
