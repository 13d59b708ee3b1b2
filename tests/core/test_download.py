"""Downloading an image set: torchvision's own download code, with progress, cancel and clear
messages offline. The 'internet' here is a local HTTP server holding small IDX files."""

import functools
import gzip
import hashlib
import http.server
import struct
import threading

import numpy as np
import pytest
import torchvision

from nnstudio.core.data.images import DownloadCancelled, download_images, is_available, load_images
from nnstudio.core.errors import DataError


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hangs up early (torchvision's redirect check, a cancel) is fine


def write_idx_gz(folder, prefix, n, rng):
    images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
    labels = rng.integers(0, 10, n).astype(np.uint8)
    (folder / f"{prefix}-images-idx3-ubyte.gz").write_bytes(
        gzip.compress(struct.pack(">IIII", 0x803, n, 28, 28) + images.tobytes()))
    (folder / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(
        gzip.compress(struct.pack(">II", 0x801, n) + labels.tobytes()))


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    """MNIST on a local web server, in the four files (and checksums) torchvision expects."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    rng = np.random.default_rng(0)
    write_idx_gz(folder, "train", 300, rng)  # ~230 kB: several chunks of torchvision's 32 kB
    write_idx_gz(folder, "t10k", 40, rng)
    names = [f"{prefix}-{kind}-idx{dims}-ubyte.gz" for prefix in ("train", "t10k")
             for kind, dims in (("images", 3), ("labels", 1))]
    resources = [(name, hashlib.md5((folder / name).read_bytes()).hexdigest()) for name in names]
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors",
                        [f"http://127.0.0.1:{server.server_port}/"])
    monkeypatch.setattr(torchvision.datasets.MNIST, "resources", resources)
    yield resources
    server.shutdown()
    server.server_close()


def test_a_download_reports_its_progress_file_by_file(tmp_path, mirror):
    target = tmp_path / "cache"
    reports = []
    download_images("mnist", str(target), progress=reports.append)
    assert is_available("mnist", str(target))
    assert [report.number for report in reports] == sorted(report.number for report in reports)
    assert {report.number for report in reports} == {1, 2, 3, 4}
    assert {report.n_files for report in reports} == {4}
    first_file = [report for report in reports if report.number == 1]
    assert first_file[-1].filename == mirror[0][0]
    assert first_file[-1].done == first_file[-1].total > 200_000
    assert len(first_file) > 3  # the bar moves within a file, not only between files
    train_x, _, test_x, _ = load_images("mnist", str(target))
    assert (len(train_x), len(test_x)) == (300, 40)


def test_cancelling_leaves_no_half_file_and_a_later_download_completes(tmp_path, mirror):
    target = tmp_path / "cache"
    reports = []

    def cancel_in_the_middle_of_the_first_file():
        return any(0 < report.done < report.total for report in reports)

    with pytest.raises(DownloadCancelled, match="cancelled"):
        download_images("mnist", str(target), progress=reports.append,
                        cancelled=cancel_in_the_middle_of_the_first_file)
    assert reports and reports[-1].done < reports[-1].total
    assert [path for path in target.rglob("*") if path.is_file()] == []
    assert not is_available("mnist", str(target))
    download_images("mnist", str(target))
    assert is_available("mnist", str(target))


def test_without_a_network_the_message_says_so_and_nothing_is_left(tmp_path, monkeypatch):
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", ["http://127.0.0.1:1/"])
    torchvisions_bar = torchvision.datasets.utils.tqdm
    target = tmp_path / "cache"
    with pytest.raises(DataError, match="MNIST digits could not be downloaded; check the network"):
        download_images("mnist", str(target))
    assert [path for path in target.rglob("*") if path.is_file()] == []
    # torchvision's tqdm is back in place for everyone else
    assert torchvision.datasets.utils.tqdm is torchvisions_bar


def test_a_server_that_never_answers_gives_up_with_a_message(tmp_path, monkeypatch):
    """torchvision opens URLs without a timeout; a hanging connection must not hang the app."""
    import socket

    import nnstudio.core.data.images as images

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections (the kernel does) and never sends a byte
    monkeypatch.setattr(images, "DOWNLOAD_TIMEOUT_S", 0.3)
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [f"http://127.0.0.1:{silent.getsockname()[1]}/"])
    try:
        with pytest.raises(DataError, match="could not be downloaded"):
            download_images("mnist", str(tmp_path / "cache"))
    finally:
        silent.close()
    assert socket.getdefaulttimeout() is None  # the process-wide default is put back
    assert not any((tmp_path / "cache").rglob("*.gz"))
