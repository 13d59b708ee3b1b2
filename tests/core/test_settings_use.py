"""No silent settings: a CSV file chooses the CSV dataset, and a setting that does nothing is named."""

import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.errors import ConfigError
from nnstudio.core.experiment import dumps_config, loads_config
from nnstudio.core.presets import all_presets
from nnstudio.core.settings_use import applies, unused_settings


def test_a_csv_file_alone_chooses_the_csv_dataset(tmp_path):
    config = parse_config({"data": {"csv": str(tmp_path / "prices.csv")}})
    assert config.data.dataset == "csv"
    assert loads_config(dumps_config(config)) == config  # and a saved file reads back the same


def test_a_csv_file_with_another_dataset_is_refused_naming_both():
    with pytest.raises(ConfigError) as error:
        parse_config({"data": {"dataset": "moons", "csv": "prices.csv"}})
    assert str(error.value) == (
        "data.csv: only the 'csv' dataset reads a CSV file, and data.dataset is 'moons'; remove csv "
        "or set dataset = \"csv\", got 'prices.csv'")
    assert parse_config({"data": {"dataset": "moons", "csv": ""}}).data.dataset == "moons"


def test_every_setting_given_that_does_nothing_is_named_once_with_the_reason():
    config = parse_config({
        "data": {"dataset": "moons", "n_classes": 5, "target": "price", "subset": 100},
        "model": {"preset": "mlp", "degree": 7},
        "train": {"optimizer": "adam", "momentum": 0.5, "step_size": 10, "augment": ["flip"],
                  "patience": 5},
    })
    messages = [unused.message() for unused in unused_settings(config)]
    assert messages == [
        "data.n_classes = 5 is not used: it applies only to spiral or blobs (data.dataset is 'moons')",
        "data.subset = 100 is not used: it applies only to mnist, fashion_mnist, kmnist or cifar10 "
        "(data.dataset is 'moons')",
        "data.target = 'price' is not used: it applies only to csv (data.dataset is 'moons')",
        "model.degree = 7 is not used: it applies only when model.preset is polynomial (it is 'mlp')",
        "train.momentum = 0.5 is not used: it applies only when train.optimizer is momentum, "
        "nesterov or rmsprop (it is 'adam')",
        "train.step_size = 10 is not used: it applies only when train.schedule is step (it is 'none')",
        "train.patience = 5 is not used: it applies only when train.early_stopping is on (it is False)",
        "train.augment = ['flip'] is not used: augmentation changes images; this dataset has none",
    ]


def test_settings_at_their_defaults_or_in_use_are_not_named():
    assert unused_settings(parse_config({})) == []
    used = parse_config({"data": {"dataset": "blobs", "n_classes": 5},
                         "model": {"preset": "polynomial", "degree": 7},
                         "train": {"optimizer": "momentum", "momentum": 0.5, "schedule": "step",
                                   "step_size": 10}})
    assert used.data.dataset == "blobs" and unused_settings(used) == []
    for name, preset in all_presets().items():
        assert unused_settings(preset) == [], name


def test_the_form_and_the_cli_read_the_same_rule():
    assert not applies("train", "momentum", {"optimizer": "adam"})
    assert applies("train", "momentum", {"optimizer": "nesterov"})
    assert applies("train", "lr", {"optimizer": "adam"})


def test_the_cli_warns_once_per_unused_setting_and_still_trains(tmp_path, capsys):
    from nnstudio.cli import main

    config = tmp_path / "exp.toml"
    config.write_text('[data]\ndataset = "moons"\nn_samples = 60\n'
                      '[train]\noptimizer = "adam"\nmomentum = 0.5\nepochs = 2\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert warnings == ["nnstudio: warning: train.momentum = 0.5 is not used: it applies only when "
                        "train.optimizer is momentum, nesterov or rmsprop (it is 'adam')"]


def test_the_cli_trains_on_the_csv_file_a_config_names(tmp_path, capsys):
    from nnstudio.cli import main

    table = tmp_path / "prices.csv"
    table.write_text("size,price\n" + "".join(f"{i},{2.5 * i + 1:.2f}\n" for i in range(30)))
    config = tmp_path / "exp.toml"
    config.write_text(f'[data]\ncsv = "{table}"\n[train]\nepochs = 2\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert 'dataset = "csv"' in (tmp_path / "out" / "config.toml").read_text()
    config.write_text(f'[data]\ndataset = "moons"\ncsv = "{table}"\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out2")]) == 2
    assert "data.csv: only the 'csv' dataset reads a CSV file" in capsys.readouterr().err
