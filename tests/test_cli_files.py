"""What the CLI writes: a full disk, a device or a link in the way end in one line (exit 2) and
never cost an earlier file."""

import errno
import json
import os
import stat
import sys

import pytest

from nnstudio.cli import main
from nnstudio.core import atomic_save

CONFIG = '[data]\ndataset = "xor"\nn_samples = 60\n[train]\nepochs = 2\nbatch_size = 1\n'  # 72 steps: no advice


def one_line(text):
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert "Traceback" not in text
    return text


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "exp.toml"
    path.write_text(CONFIG)
    return path


def test_train_out_on_a_full_disk_says_so_in_one_line_and_keeps_the_earlier_summary(
    tmp_path, config, capsys, monkeypatch
):
    out = tmp_path / "out"
    assert main(["train", str(config), "--out", str(out), "--quiet", "--no-record"]) == 0
    earlier = {name: (out / name).read_bytes() for name in ("summary.json", "metrics.csv")}
    capsys.readouterr()
    replace = os.replace

    def disk_full_for_the_summary(source, target):
        if os.path.basename(target) == "summary.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        replace(source, target)

    monkeypatch.setattr(atomic_save.os, "replace", disk_full_for_the_summary)
    assert main(["train", str(config), "--out", str(out), "--quiet", "--no-record",
                 "--epochs", "3"]) == 2
    error = one_line(capsys.readouterr().err)
    assert error.startswith(f"nnstudio: --out: {out / 'summary.json'} could not be written")
    assert "No space left on device" in error
    assert (out / "summary.json").read_bytes() == earlier["summary.json"]
    assert json.loads((out / "summary.json").read_text())["epochs_run"] == 2
    assert (out / "metrics.csv").read_bytes() != earlier["metrics.csv"]  # written before
    assert not [path for path in out.iterdir() if path.name.startswith(".")]


def test_train_out_on_a_real_full_disk(config, small_disk, fill_disk, capsys):
    out = small_disk / "run"
    assert main(["train", str(config), "--out", str(out), "--quiet", "--no-record"]) == 0
    earlier = {path.name: path.read_bytes() for path in out.iterdir()}
    fill_disk(small_disk)
    capsys.readouterr()
    assert main(["train", str(config), "--out", str(out), "--quiet", "--no-record"]) == 2
    assert "No space left on device" in one_line(capsys.readouterr().err)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == earlier


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_export_to_a_device_is_refused_and_the_device_stays(config, capsys):
    assert main(["export-script", str(config), "-o", "/dev/full"]) == 2
    error = one_line(capsys.readouterr().err)
    assert "/dev/full" in error and "not a regular file" in error
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and umask")
def test_export_through_a_link_writes_its_target_readable_by_others(tmp_path, config, capsys):
    target = tmp_path / "scripts" / "train.py"
    target.parent.mkdir()
    link = tmp_path / "train.py"
    link.symlink_to(target)
    old = os.umask(0o022)
    try:
        assert main(["export-script", str(config), "-o", str(link)]) == 0
    finally:
        os.umask(old)
    assert link.is_symlink() and target.read_text().startswith('"""An nnstudio run')
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644
