"""Fuzzed experiment files, as bytes and as TOML: each ends in a config or in one ConfigError whose
lines are short and readable (the CLI prints them as one line), never a traceback or a hang."""

import math

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnstudio.cli import main
from nnstudio.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from nnstudio.core.errors import ConfigError
from nnstudio.core.experiment import dumps_config, load_config

FIELDS = sorted({*DataConfig.model_fields, *ModelConfig.model_fields, *TrainConfig.model_fields,
                 "type", "width", "name", "p", "x"})
leaves = st.one_of(
    st.booleans(),
    st.integers(min_value=-2**63, max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.text(min_size=5000, max_size=6000),
    st.sampled_from(["full", "csv", "painted", "custom", "linear", "adam", "relu", "cpu"]),
)
values = st.recursive(
    leaves,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(FIELDS), children, max_size=3),
    max_leaves=12,
)
sections = st.dictionaries(
    st.sampled_from(["data", "model", "train", "name", "description", "extra"]),
    st.one_of(st.dictionaries(st.sampled_from(FIELDS), values, max_size=5), leaves),
    max_size=4,
)


def assert_readable(error: ConfigError) -> None:
    lines = str(error).splitlines()
    assert lines and all(0 < len(line) < 400 for line in lines) and len(lines) <= 6, lines


def load_or_message(path):
    try:
        config = load_config(path)
    except ConfigError as error:
        assert_readable(error)
        return None
    assert isinstance(config, RunConfig)
    return config


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=sections, bom=st.booleans())
def test_any_toml_experiment_loads_or_gives_a_readable_message(tmp_path, raw, bom):
    try:
        text = tomli_w.dumps(raw)
    except (TypeError, ValueError):  # tomli_w cannot write some values (e.g. non-string keys)
        return
    path = tmp_path / "fuzz.toml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))
    config = load_or_message(path)
    if config is not None:  # what loads survives a round trip, and is finite where numbers are
        assert load_config_text(tmp_path, dumps_config(config)) == config
        assert all(math.isfinite(v) for v in (config.train.lr, config.data.noise))


def load_config_text(tmp_path, text):
    path = tmp_path / "again.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_any_bytes_as_an_experiment_give_a_config_or_a_message(tmp_path, data):
    path = tmp_path / "bytes.toml"
    path.write_bytes(data)
    load_or_message(path)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(depth=st.integers(1, 30_000), kind=st.sampled_from(["[", "{a="]))
def test_nesting_of_any_depth_is_a_config_or_a_message_on_one_cli_line(tmp_path, capsys, depth,
                                                                      kind):
    closing = "]" if kind == "[" else "}"
    path = tmp_path / "deep.toml"
    path.write_text("[model]\nhidden = " + kind * depth + "1" + closing * depth + "\n")
    code = main(["export-script", str(path)])
    captured = capsys.readouterr()
    if code == 2:
        assert captured.err.count("\n") == 1 and captured.err.startswith("nnstudio: ")
    else:
        assert code == 0 and captured.out.startswith('"""')
