"""The one way nnstudio writes a file: whole or not at all, never a half-written file.

Every file the app writes (experiments, models, scripts, metrics, plots, replays, GIF / PNG / MP4
exports, ``train --out``) goes through this module. The data goes to a temporary file in the same
folder, is flushed and synced to the disk, and only then renamed over the target (``os.replace``,
atomic on one file system). So a full disk, a crash or a kill keeps the earlier file as it was.

- A symbolic link is written through: its target gets the new content, the link stays.
- A device, a folder, a pipe or a socket is refused (``-o /dev/full`` must not replace the device
  node): an OSError whose ``strerror`` says what it is, so a caller shows it as it shows others.
- A new file gets the permissions the user's umask gives (0644 with the usual 022); an existing
  file keeps its own.

Failures are OSError with ``filename`` set to the path asked for; callers turn them into their
own messages (a dialog in the window, one line on the command line).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation by the OS


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module's docstring)."""
    with atomic_file(path, "wb") as saving:
        saving.file.write(data)


def atomic_write_text(
    path: str | os.PathLike[str], text: str, encoding: str = "utf-8", newline: str | None = ""
) -> None:
    """Write ``text`` to ``path`` atomically; line ends are written as they are in ``text``."""
    with atomic_file(path, "w", encoding=encoding, newline=newline) as saving:
        saving.file.write(text)


class atomic_file:  # noqa: N801 - used like open()
    """A file written in steps that replaces ``path`` only when complete.

    ``with atomic_file(path, "w") as saving: saving.file.write(...)``: leaving the block normally
    commits; an exception leaves the earlier file as it was. :meth:`commit` inside the block
    commits early (e.g. what was written before Ctrl+C), and the block then leaves it alone.
    """

    def __init__(self, path: str | os.PathLike[str], mode: str = "wb", **open_args: Any) -> None:
        if mode not in ("w", "wb"):
            raise ValueError(f"atomic_file: mode must be 'w' or 'wb', got {mode!r}")
        self.path = Path(path)
        self.target = writable_target(self.path)
        self.temporary, descriptor = _create_temporary(self.target)
        try:
            self.file: IO[Any] = os.fdopen(descriptor, mode, **open_args)
        except BaseException:
            os.close(descriptor)
            _remove(self.temporary)
            raise
        self.done = False

    def __enter__(self) -> atomic_file:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if self.done:
            return
        if kind is None:
            self.commit()
        else:
            self.discard()

    def commit(self) -> None:
        """Sync the data and rename it over the target; on failure the target is untouched."""
        if self.done:
            return
        self.done = True
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            _replace(self.temporary, self.target, self.path)
        except BaseException:
            _close_quietly(self.file)
            _remove(self.temporary)
            raise

    def discard(self) -> None:
        """Forget what was written; the target stays as it was."""
        if self.done:
            return
        self.done = True
        _close_quietly(self.file)
        _remove(self.temporary)


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary file name beside ``path`` (with its suffix) for a tool that writes by name
    (ffmpeg, Qt's image writer). When the block ends normally the file replaces ``path``."""
    path = Path(path)
    target = writable_target(path)
    temporary, descriptor = _create_temporary(target)
    os.close(descriptor)
    try:
        yield temporary
        descriptor = os.open(temporary, os.O_RDWR | _BINARY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        _replace(temporary, target, path)
    except BaseException:
        _remove(temporary)
        raise


def check_writable(path: str | os.PathLike[str]) -> None:
    """OSError now if ``path`` could not be saved (no such folder, a read-only one, a device):
    for a long export that should fail before its work, not after. Nothing is left behind."""
    temporary, descriptor = _create_temporary(writable_target(path, make_folder=False))
    os.close(descriptor)
    _remove(temporary)


def writable_target(path: str | os.PathLike[str], make_folder: bool = True) -> Path:
    """The file that writing ``path`` changes (a link's target), its folder created unless
    ``make_folder`` is false; OSError if it is something that must not be replaced (a device, a
    folder, a pipe)."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise _not_a_file(status.st_mode, path)
    if not make_folder:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(
            errno.ENOTDIR, f"{target.parent} is a file, not a folder", str(path)
        ) from None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    return target


def _not_a_file(mode: int, path: Path) -> OSError:
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "it is a folder; choose a file name", str(path))
    kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else (
        "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "special")
    return OSError(
        errno.EINVAL, f"it is {kind}, not a regular file; choose a file name", str(path)
    )


def _create_temporary(target: Path) -> tuple[Path, int]:
    """A new empty file beside ``target``: created with mode 0666, so the umask decides the
    permissions of a new file as it does for any program (tempfile.mkstemp would give 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.tmp{target.suffix}")
        try:
            descriptor = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        try:
            existing = os.stat(target)
        except FileNotFoundError:
            return temporary, descriptor
        except OSError:
            existing = None
        if existing is not None:  # an existing file keeps its permissions
            try:
                os.chmod(temporary, stat.S_IMODE(existing.st_mode))
            except OSError:
                pass
        return temporary, descriptor
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target))


def _replace(temporary: Path, target: Path, path: Path) -> None:
    try:
        os.replace(temporary, target)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _close_quietly(file: IO[Any]) -> None:
    try:
        file.close()
    except OSError:  # e.g. the disk filled while flushing the last buffer: nothing to keep
        pass


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
