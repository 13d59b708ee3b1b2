"""A value too large for float32, or not a number, is named by its line (or point) and column
before training: not a "loss diverged, try a smaller learning rate" after it."""

import pytest

from nnstudio.cli import main
from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import ConfigError, DataError
from nnstudio.core.train import Trainer


def csv_file(tmp_path, bad_cell, column="b"):
    lines = ["a,b,y"] + [f"{i % 5},{i % 3},{i % 7 * 0.5}" for i in range(30)]
    a, b, y = lines[12].split(",")
    lines[12] = ",".join({"a": [bad_cell, b, y], "b": [a, bad_cell, y], "y": [a, b, bad_cell]}[column])
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("cell, column, message", [
    ("1e39", "b", "line 13, column 'b': '1e39' is too large; numbers are kept as float32"),
    ("-3.5e38", "a", "line 13, column 'a': '-3.5e38' is too large"),
    ("NaN", "b", "line 13, column 'b': 'NaN' is not a number"),
    ("1e39", "y", "line 13, column 'y': '1e39' is too large"),
])
def test_a_csv_value_beyond_float32_or_nan_is_named_before_training(tmp_path, capsys, cell,
                                                                    column, message):
    path = csv_file(tmp_path, cell, column)
    config = tmp_path / "run.toml"
    config.write_text(f'[data]\ndataset = "csv"\ncsv = {str(path)!r}\ntarget = "y"\n'
                      '[train]\nepochs = 3\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out")]) == 2  # not 3: diverged
    error = capsys.readouterr().err
    assert message in error and "learning rate" not in error and error.count("\n") == 1


def test_painted_points_beyond_float32_are_refused_by_the_schema():
    with pytest.raises(ConfigError, match="point 2 must hold finite numbers of at most 3.403e"):
        parse_config({"data": {"dataset": "painted", "points": [[0, 0, 0], [1e39, 0, 1]]}})


def test_an_input_feature_that_overflows_is_named_with_its_column():
    config = parse_config({"data": {"dataset": "painted", "features": ["x1", "x2", "x1^2"],
                                    "points": [[1e20, 0, 0], [0, 1, 1], [1, 1, 0]]}})
    with pytest.raises(DataError) as raised:
        Trainer(config)
    message = str(raised.value)
    assert message.startswith("data: row ") and "set, column 'x1^2': inf is not a finite number" in message
    assert "learning rate" not in message


def test_finite_data_loads_as_before():
    data = load_dataset(parse_config({"data": {"dataset": "spiral"}}).data)
    assert len(data.train) > 0
