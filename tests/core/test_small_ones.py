"""The small ones: a TOML file with a byte-order mark, strict types, a huge bad value cut short in
its message, and a run history on a read-only disk that can still be listed."""

import os
import stat
import subprocess
import sys

import pytest

from nnstudio.cli import main
from nnstudio.core.config import parse_config, updated
from nnstudio.core.errors import ConfigError, StoreError
from nnstudio.core.experiment import load_config, loads_config
from nnstudio.core.store import RunStore


def test_a_toml_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '[train]\nepochs = 7\nname = "x"\n'.encode()
                     .replace(b'name = "x"\n', b"") + b'[data]\ndataset = "xor"\n')
    assert load_config(path).train.epochs == 7
    assert loads_config("\ufeff[train]\nepochs = 5\n").train.epochs == 5


@pytest.mark.parametrize("text, message", [
    ("[train]\nepochs = true", "train.epochs: must be a whole number, got true"),
    ("[train]\nepochs = 3.0", "train.epochs: must be a whole number, got 3.0"),
    ('[train]\nlr = "0.1"', "train.lr: must be a number, got '0.1'"),
    ("[data]\nstandardize = 1", "data.standardize: must be true or false, got 1"),
    ("[train]\nbatch_size = true", "train.batch_size: must be a whole number >= 1 or 'full', got true"),
    ('[train]\nseed = "4"', "train.seed: must be a whole number, got '4'"),
])
def test_a_value_of_the_wrong_type_is_refused_not_converted(text, message):
    with pytest.raises(ConfigError) as raised:
        loads_config(text)
    assert str(raised.value) == message


def test_a_whole_number_is_a_number_and_the_program_may_still_convert():
    assert loads_config("[train]\nlr = 1\n").train.lr == 1.0
    config = parse_config({})
    assert updated(config, "train", epochs=30.0).train.epochs == 30


def test_a_huge_bad_value_is_cut_to_a_readable_length(tmp_path, capsys):
    path = tmp_path / "huge.toml"
    path.write_text(f'name = "{"x" * 1_000_000}"\n[train]\nlr = "{"y" * 100_000}"\n')
    assert main(["train", str(path), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and len(error) < 400
    assert "name: must be at most 200 characters, got 'xxxx" in error
    assert "… (1,000,000 characters)" in error and "… (100,000 characters)" in error


def test_a_huge_nested_bad_value_is_cut_too():
    points = [[[[1, 2]] * 1000]] * 1000
    with pytest.raises(ConfigError) as raised:
        parse_config({"data": {"dataset": "painted", "points": points}})
    assert len(str(raised.value)) < 700 and str(raised.value).endswith("... and 995 more problems")


@pytest.fixture
def read_only_history(tmp_path, monkeypatch):
    """A run history with one run, on a folder that cannot be written."""
    home = tmp_path / "home"
    monkeypatch.setenv("NNSTUDIO_HOME", str(home))
    config = tmp_path / "xor.toml"
    config.write_text('[data]\ndataset = "xor"\nn_samples = 40\n[train]\nepochs = 2\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    if os.geteuid() != 0:
        for path in [*home.iterdir(), home]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
        yield home
        for path in [home, *home.iterdir()]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)
        return
    mounted = subprocess.run(["mount", "--bind", str(home), str(home)], capture_output=True)
    if mounted.returncode != 0 or not sys.platform.startswith("linux"):
        pytest.skip("root cannot be kept from writing here without a read-only mount")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(home)], check=True)
    try:
        yield home
    finally:
        subprocess.run(["umount", "-l", str(home)], capture_output=True)


def test_a_read_only_history_is_listed_and_shown_but_not_changed(read_only_history, capsys):
    capsys.readouterr()
    assert main(["runs", "list"]) == 0
    assert "xor mlp" in capsys.readouterr().out
    assert main(["runs", "show", "1"]) == 0
    assert capsys.readouterr().out.startswith("run 1: xor mlp")
    assert main(["runs", "rename", "1", "mine"]) == 2
    assert "is read-only; runs cannot be recorded or changed" in capsys.readouterr().err
    with RunStore() as store:
        assert [run.name for run in store.list_runs()] == ["xor mlp"]
        with pytest.raises(StoreError, match="read-only"):
            store.set_notes(1, "notes")
