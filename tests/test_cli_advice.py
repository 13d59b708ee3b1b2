"""``nnstudio train`` warns before training about settings that will probably fail: one line
per advice on stderr, and it still trains; ``--no-advice`` turns the warnings off."""

import json

from nnstudio.cli import main

WILD = ('[data]\ndataset = "moons"\n[model]\nhidden = [16, 16, 16, 16]\nactivation = "sigmoid"\n'
        '[train]\noptimizer = "adam"\nlr = 5.0\nepochs = 3\nbatch_size = "full"\n')


def test_train_prints_one_advice_line_per_rule_and_still_trains(tmp_path, capsys):
    config = tmp_path / "wild.toml"
    config.write_text(WILD)
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet", "--no-record"]) == 0
    advice = [line for line in capsys.readouterr().err.splitlines() if "advice" in line]
    assert len(advice) == 3, advice
    assert advice[0].startswith("nnstudio: advice: train.lr: the learning rate 5 is far too large "
                                "for adam")
    assert advice[0].endswith("(fix: train.lr = 0.2)")
    assert advice[1].startswith("nnstudio: advice: model.activation: with 4 sigmoid layers")
    assert advice[1].endswith("(fix: model.activation = 'relu')")
    assert advice[2] == ("nnstudio: advice: train.epochs: the run is only 3 gradient steps (3 epochs "
                         "of 240 training samples); it will probably end far from where its loss would "
                         "settle (fix: train.epochs = 500)")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["epochs_run"] == 3


def test_no_advice_turns_the_warnings_off(tmp_path, capsys):
    config = tmp_path / "wild.toml"
    config.write_text(WILD)
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet", "--no-record",
                 "--no-advice"]) == 0
    assert "advice" not in capsys.readouterr().err
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["epochs_run"] == 3


def test_a_sound_config_gets_no_advice(tmp_path, capsys):
    assert main(["train", "--preset", "mlp-xor", "--epochs", "10", "--out", str(tmp_path / "out"),
                 "--quiet", "--no-record"]) == 0
    assert "advice" not in capsys.readouterr().err
