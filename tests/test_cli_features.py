"""Input features from the command line: `nnstudio train` on a config with [data] features."""

import json

import pytest

from nnstudio.cli import main


def write_config(path, features):
    listed = ", ".join(f'"{name}"' for name in features)
    path.write_text(
        '[data]\ndataset = "circles"\nn_samples = 300\nnoise = 0.1\n'
        f"features = [{listed}]\n"
        '[model]\npreset = "logistic"\n'
        '[train]\noptimizer = "adam"\nlr = 0.05\nbatch_size = "full"\nepochs = 150\n'
    )
    return path


@pytest.mark.parametrize(("features", "separates"), [(["x1^2", "x2^2"], True), (["x1", "x2"], False)])
def test_train_logistic_regression_on_circles_with_and_without_squares(tmp_path, features, separates):
    config = write_config(tmp_path / "circles.toml", features)
    out = tmp_path / "out"
    assert main(["train", str(config), "--out", str(out), "--quiet"]) == 0
    val_acc = json.loads((out / "summary.json").read_text())["final"]["val_acc"]
    assert val_acc >= 0.95 if separates else val_acc <= 0.70
    assert "x1^2" in (out / "config.toml").read_text() or not separates


def test_an_unknown_feature_exits_2_with_one_line(tmp_path, capsys):
    config = write_config(tmp_path / "bad.toml", ["x1", "x1^3"])
    assert main(["train", str(config), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert error == ("nnstudio: data.features: choose from x1, x2, x1^2, x2^2, x1*x2, sin(x1), "
                     "sin(x2); got the unknown feature 'x1^3'\n")
