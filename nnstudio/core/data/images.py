"""Image datasets through torchvision's own loaders, kept in memory as uint8 tensors.

Where the files come from, in order: the app's cache folder (or ``data.data_dir``), the folder
Debian/Ubuntu's ``dataset-fashion-mnist`` package installs, then torchvision's download (only when
asked, e.g. by ``nnstudio data fetch NAME``), so a class can be prepared before going offline.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import torch

from nnstudio.core.atomic_save import atomic_file
from nnstudio.core.errors import DataError, NNStudioError
from nnstudio.core.paths import cache_home
from nnstudio.core.registries import DATASETS
from nnstudio.core.registries.datasets import ImageSet

DEBIAN_FOLDERS = {"fashion_mnist": Path("/usr/share/datasets/fashion-mnist")}


# The image sets the dataset registry declares, by name.
IMAGE_SETS: dict[str, ImageSet] = {
    entry.name: entry.images for entry in DATASETS.values() if entry.images is not None
}


def image_root(data_dir: str = "") -> Path:
    """The folder torchvision reads and downloads into."""
    return Path(data_dir).expanduser() if data_dir else cache_home() / "datasets"


def is_available(name: str, data_dir: str = "") -> bool:
    """True when the set can be loaded without a download."""
    root = image_root(data_dir)
    if _torchvision_files_present(name, root):
        return True
    debian = DEBIAN_FOLDERS.get(name)
    return debian is not None and all((debian / f).is_file() for f in _idx_files())


def load_images(
    name: str, data_dir: str = "", download: bool = False
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Train images, train labels, test images, test labels: uint8 (n, c, h, w) and int64 (n,)."""
    image_set = IMAGE_SETS[name]
    root = image_root(data_dir)
    if not _torchvision_files_present(name, root):
        _copy_from_debian(name, root)
    try:
        train = image_set.loader(str(root), train=True, download=download)
        test = image_set.loader(str(root), train=False, download=download)
    except RuntimeError as exc:
        if "error downloading" in str(exc).lower():
            reason = str(exc).strip().splitlines()[-1].strip(" ;")
            raise DataError(
                f"data.dataset: {image_set.title} could not be downloaded; check the network "
                f"connection ({reason})"
            ) from None
        if "not found" in str(exc).lower() or "corrupted" in str(exc).lower():
            raise DataError(
                f"data.dataset: {image_set.title} is not on this machine (looked in {root}); "
                f"run 'nnstudio data fetch {name}' while online, or set data.data_dir"
            ) from None
        raise DataError(f"data.dataset: {image_set.title} could not be loaded ({exc})") from None
    except OSError as exc:  # no network during a download, or an unreadable folder
        raise DataError(
            f"data.dataset: {image_set.title} could not be downloaded or read ({exc})"
        ) from None
    return (*_as_tensors(train), *_as_tensors(test))


def _as_tensors(dataset) -> tuple[torch.Tensor, torch.Tensor]:
    data = dataset.data
    if isinstance(data, np.ndarray):  # CIFAR keeps (n, h, w, c) numpy arrays
        images = torch.from_numpy(data).permute(0, 3, 1, 2).contiguous()
    else:
        images = data.unsqueeze(1)
    labels = torch.as_tensor(np.asarray(dataset.targets), dtype=torch.int64)
    return images.to(torch.uint8), labels


def _idx_files() -> list[str]:
    return [
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ]


def _torchvision_files_present(name: str, root: Path) -> bool:
    folder = root / IMAGE_SETS[name].folder
    if name == "cifar10":
        return (folder / "data_batch_1").is_file()
    raw = folder / "raw"
    return all((raw / f[: -len(".gz")]).is_file() for f in _idx_files())


def _copy_from_debian(name: str, root: Path) -> Optional[Path]:
    """Unpack the Debian package's IDX files where torchvision looks for them."""
    source = DEBIAN_FOLDERS.get(name)
    if source is None or not all((source / f).is_file() for f in _idx_files()):
        return None
    raw = root / IMAGE_SETS[name].folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for filename in _idx_files():
        target = raw / filename[: -len(".gz")]
        if not target.is_file():
            with gzip.open(source / filename, "rb") as packed, atomic_file(target) as unpacked:
                shutil.copyfileobj(packed, unpacked.file)
    return raw


# --- downloading, with progress and cancel ---
class DownloadCancelled(NNStudioError):
    """The user cancelled a download; nothing it had written is left behind."""


@dataclass(frozen=True)
class DownloadProgress:
    """How far a download is: ``done`` of ``total`` bytes (0 if unknown) of file ``number``."""

    filename: str
    done: int
    total: int
    number: int  # 1-based
    n_files: int


_DOWNLOAD_LOCK = threading.Lock()  # the hooks below patch torchvision's module: one at a time
DOWNLOAD_TIMEOUT_S = 30.0  # seconds without an answer before a download connection gives up


def download_images(
    name: str,
    data_dir: str = "",
    progress: Optional[Callable[[DownloadProgress], None]] = None,
    cancelled: Optional[Callable[[], bool]] = None,
) -> None:
    """Download an image set with torchvision's own download code, reporting ``progress`` after
    every chunk and asking ``cancelled`` between chunks. On cancel (DownloadCancelled) or failure
    (DataError with a readable reason), every file this call wrote is removed again, so a half
    download never looks like a complete one."""
    image_set = IMAGE_SETS[name]
    root = image_root(data_dir)
    resources = [filename for filename, _md5 in getattr(image_set.loader, "resources", [])]
    n_files = max(1, len(resources))
    state = {"filename": "", "number": 1}
    report = progress or (lambda _progress: None)
    stop = cancelled or (lambda: False)
    import torchvision.datasets.utils as torchvision_download

    original_retrieve, original_tqdm = torchvision_download._urlretrieve, torchvision_download.tqdm

    def retrieve(url, filename, *args, **kwargs):
        if stop():
            raise DownloadCancelled(f"the download of {image_set.title} was cancelled")
        state["filename"] = os.path.basename(filename)
        if state["filename"] in resources:
            state["number"] = resources.index(state["filename"]) + 1
        return original_retrieve(url, filename, *args, **kwargs)

    class Progress:  # stands in for the tqdm bar torchvision draws on the terminal
        def __init__(self, total=None, **_options):
            self.total, self.done = int(total or 0), 0

        def __enter__(self):
            self._report()
            return self

        def __exit__(self, *_exc):
            return False

        def update(self, n):
            self.done += n
            self._report()
            if stop():
                raise DownloadCancelled(f"the download of {image_set.title} was cancelled")

        def _report(self):
            report(DownloadProgress(state["filename"], self.done, self.total, state["number"],
                                    n_files))

    with _DOWNLOAD_LOCK:
        before = _files_under(root)
        torchvision_download._urlretrieve, torchvision_download.tqdm = retrieve, Progress
        # torchvision opens its URLs without a timeout: a connection that hangs (rather than
        # fails) would keep the dialog at "Cancelling..." until the network gives up.
        default_timeout = socket.getdefaulttimeout()
        socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)
        try:
            load_images(name, data_dir, download=True)
        except BaseException:
            for path in _files_under(root) - before:
                path.unlink(missing_ok=True)
            raise
        finally:
            socket.setdefaulttimeout(default_timeout)
            torchvision_download._urlretrieve = original_retrieve
            torchvision_download.tqdm = original_tqdm


def _files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.is_dir() else set()
