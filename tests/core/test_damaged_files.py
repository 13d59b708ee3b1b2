"""Files that end in a traceback no more: a deeply nested experiment, a damaged replay, a CSV from
an old Mac or with a very long quoted cell. Each ends in a result or in one message."""

import io
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from nnstudio.cli import main
from nnstudio.core.errors import ConfigError
from nnstudio.core.experiment import load_config, loads_config
from nnstudio.core.export import write_script
from nnstudio.core.viz.replay import FORMAT, ReplayError, ReplayFrame, load_replay, save_replay


def one_line(text):
    assert text.count("\n") == 1 and "Traceback" not in text, text
    return text


NESTED = {
    "arrays": "a = " + "[" * 50_000 + "]" * 50_000 + "\n",
    "inline tables": "a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n",
    "a setting": "[data]\npoints = " + "[" * 800 + "]" * 800 + "\n",
}


@pytest.mark.parametrize("kind", NESTED)
def test_a_deeply_nested_experiment_is_one_message(tmp_path, capsys, kind):
    path = tmp_path / "deep.toml"
    path.write_text(NESTED[kind])
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert "nested too deeply" in str(raised.value) or "must be" in str(raised.value)
    assert main(["train", str(path), "--out", str(tmp_path / "out")]) == 2
    assert one_line(capsys.readouterr().err).startswith("nnstudio: ")


class EpochRow:
    def __init__(self, epoch):
        self.epoch, self.train_loss, self.val_loss = epoch, 1.0 / epoch, 1.2 / epoch
        self.train_acc = self.val_acc = 0.5
        self.lr = 0.01


def good_replay(path):
    grid_x, grid_y = np.linspace(-1, 1, 4), np.linspace(-1, 1, 3)
    frames = [ReplayFrame(epoch, grid=(grid_x, grid_y, np.full((3, 4, 2), 0.5)))
              for epoch in (1, 2, 3)]
    save_replay(path, frames, [EpochRow(epoch) for epoch in (1, 2, 3)])
    with np.load(path) as data:
        return {name: data[name] for name in data.files}


def damaged(path, arrays, **changes):
    arrays = {**arrays, **changes}
    for name in [name for name, value in changes.items() if value is None]:
        del arrays[name]
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(buffer.getvalue())
    return path


DAMAGE = {
    "no epochs": {"epochs": None},
    "fewer grids than epochs": {"grids": np.zeros((2, 3, 4, 2), np.uint8)},
    "a grid of the wrong size": {"grid_x": np.linspace(0, 1, 7)},
    "no grid_y": {"grid_y": None},
    "text for epochs": {"epochs": np.array(["one", "two", "three"])},
    "epochs as a table": {"epochs": np.zeros((3, 2), np.int64)},
    "grids of floats": {"grids": np.zeros((3, 3, 4, 2))},
    "metrics of different lengths": {"metric_lr": np.zeros(7)},
    "a format array of another shape": {"format": np.array([FORMAT, FORMAT])},
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_replay_is_one_message(tmp_path, kind):
    arrays = good_replay(tmp_path / "good.npz")
    assert len(load_replay(tmp_path / "good.npz").frames) == 3
    path = damaged(tmp_path / "bad.npz", arrays, **DAMAGE[kind])
    with pytest.raises(ReplayError) as raised:
        load_replay(path)
    assert str(raised.value).startswith(f"{path}: ") and "\n" not in str(raised.value)


def test_a_truncated_or_foreign_replay_is_one_message(tmp_path):
    good_replay(tmp_path / "good.npz")
    data = (tmp_path / "good.npz").read_bytes()
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(tmp_path / "foreign.npz", "w") as archive:
        archive.writestr("epochs.npy", b"\x93NUMPY garbage")
    for name in ("cut.npz", "foreign.npz"):
        with pytest.raises(ReplayError, match="not a readable replay|not an nnstudio replay"):
            load_replay(tmp_path / name)


def old_mac_csv(tmp_path):
    rng = np.random.default_rng(0)
    rows = ["x1,x2,kind"] + [f"{a:.3f},{b:.3f},{'ab'[int(a + b > 0)]}"
                             for a, b in rng.normal(0, 1, (80, 2))]
    path = tmp_path / "old mac.csv"
    path.write_bytes("\r".join(rows).encode() + b"\r")
    return path


@pytest.mark.slow  # runs the exported script
def test_an_old_mac_csv_trains_from_the_cli_and_from_its_exported_script(tmp_path, capsys):
    path = old_mac_csv(tmp_path)
    config = tmp_path / "mac.toml"
    config.write_text(f'[data]\ndataset = "csv"\ncsv = {str(path)!r}\n[train]\nepochs = 2\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    write_script(load_config(config), tmp_path / "train.py")
    done = subprocess.run([sys.executable, str(tmp_path / "train.py")], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "final epoch=2 " in done.stdout


def test_a_csv_with_a_quoted_cell_over_128_kb_trains(tmp_path, capsys):
    path = tmp_path / "notes.csv"
    lines = ["x1,x2,note,kind"] + [f'{i % 7},{i % 5},"{"long " * 30_000 if i == 3 else "short"}",'
                                   f'{"ab"[i % 2]}' for i in range(40)]
    path.write_text("\n".join(lines) + "\n")
    config = tmp_path / "notes.toml"
    config.write_text(f'[data]\ndataset = "csv"\ncsv = {str(path)!r}\ntarget = "kind"\n'
                      'feature_columns = ["x1", "x2"]\n[train]\nepochs = 1\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 0


def test_loads_config_of_deep_text_from_the_window_is_one_message():
    with pytest.raises(ConfigError, match="nested too deeply"):
        loads_config(NESTED["arrays"], source="pasted")
