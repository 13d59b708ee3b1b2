"""Every file nnstudio writes is written whole or not at all: a full disk keeps the earlier file,
a link is written through, a device is refused, a new file is as readable as the umask says."""

import errno
import os
import stat
import sys

import pytest

from nnstudio.core import atomic_save
from nnstudio.core.atomic_save import (
    atomic_file,
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    check_writable,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and devices")


def leftovers(folder):
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


@pytest.fixture
def umask():
    """Set the process's umask for a test; the old one comes back afterwards."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def test_a_saved_file_holds_exactly_what_was_written(tmp_path):
    atomic_write_text(tmp_path / "a" / "b.txt", "line\r\nünï\n")
    assert (tmp_path / "a" / "b.txt").read_bytes() == "line\r\nünï\n".encode()
    atomic_write_bytes(tmp_path / "a" / "b.txt", b"\x00\xff")
    assert (tmp_path / "a" / "b.txt").read_bytes() == b"\x00\xff"
    assert leftovers(tmp_path / "a") == []


def test_a_full_disk_keeps_the_earlier_file_and_leaves_nothing_behind(tmp_path, monkeypatch):
    path = tmp_path / "model.pt"
    path.write_bytes(b"the good model")

    def full(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    for failing in ("fsync", "replace"):
        with monkeypatch.context() as patch:
            patch.setattr(atomic_save.os, failing, full)
            with pytest.raises(OSError) as raised:
                atomic_write_bytes(path, b"x" * 100_000)
        assert raised.value.errno == errno.ENOSPC, failing
        assert path.read_bytes() == b"the good model", failing
        assert leftovers(tmp_path) == [], failing


def test_writing_in_steps_commits_only_when_the_block_ends_well(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text("old\n")
    with pytest.raises(ZeroDivisionError):
        with atomic_file(path, "w") as saving:
            saving.file.write("epoch 1\n")
            1 / 0
    assert path.read_text() == "old\n"
    with pytest.raises(KeyboardInterrupt):
        with atomic_file(path, "w") as saving:
            saving.file.write("epoch 1\n")
            saving.commit()  # what Ctrl+C should keep
            raise KeyboardInterrupt
    assert path.read_text() == "epoch 1\n" and leftovers(tmp_path) == []


def test_a_tool_writing_by_name_gets_a_temporary_file_with_the_same_suffix(tmp_path):
    path = tmp_path / "replay.mp4"
    path.write_bytes(b"old video")
    with pytest.raises(RuntimeError):
        with atomic_path(path) as temporary:
            assert temporary.suffix == ".mp4" and temporary.parent == tmp_path
            temporary.write_bytes(b"half a video")
            raise RuntimeError("ffmpeg failed")
    assert path.read_bytes() == b"old video" and leftovers(tmp_path) == []
    with atomic_path(path) as temporary:
        temporary.write_bytes(b"new video")
    assert path.read_bytes() == b"new video"


def test_a_real_full_disk_keeps_the_earlier_file(small_disk, fill_disk):
    path = small_disk / "replay.gif"
    atomic_write_bytes(path, b"G" * 10_000)
    fill_disk(small_disk)
    with pytest.raises(OSError) as raised:
        atomic_write_bytes(path, b"N" * 100_000)
    assert raised.value.errno == errno.ENOSPC
    assert path.read_bytes() == b"G" * 10_000
    assert leftovers(small_disk) == []


@posix_only
def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real" / "train.py"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "train.py"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    dangling = tmp_path / "later.py"
    dangling.symlink_to(tmp_path / "real" / "made-later.py")
    atomic_write_text(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "real" / "made-later.py").read_text() == "made"


@posix_only
@pytest.mark.parametrize("device", ["/dev/full", "/dev/null"])
def test_a_device_is_refused_with_a_reason_and_left_as_it_was(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    before = os.stat(device)
    for write in (lambda: atomic_write_text(device, "x"), lambda: check_writable(device)):
        with pytest.raises(OSError) as raised:
            write()
        assert "it is a device, not a regular file" in raised.value.strerror
        assert raised.value.filename == device
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@posix_only
def test_a_folder_a_pipe_and_a_link_to_a_device_are_refused(tmp_path):
    with pytest.raises(IsADirectoryError, match="folder"):
        atomic_write_text(tmp_path, "x")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="a pipe"):  # and does not block waiting for a reader
        atomic_write_text(pipe, "x")
    link = tmp_path / "out.txt"
    link.symlink_to("/dev/null")
    with pytest.raises(OSError, match="a device"):
        atomic_write_text(link, "x")
    assert link.is_symlink()


@posix_only
@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path, umask, mask, mode):
    umask(mask)
    atomic_write_text(tmp_path / "train.py", "print()")
    assert stat.S_IMODE(os.stat(tmp_path / "train.py").st_mode) == mode


@posix_only
def test_an_existing_file_keeps_its_permissions(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "notes.toml"
    path.write_text("old")
    path.chmod(0o640)
    atomic_write_text(path, "new")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640 and path.read_text() == "new"


def test_check_writable_says_no_for_a_missing_folder_and_leaves_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        check_writable(tmp_path / "no such folder" / "replay.gif")
    check_writable(tmp_path / "replay.gif")
    assert list(tmp_path.iterdir()) == []
