"""Download an image set off the GUI thread, with a progress bar and a Cancel button."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from nnstudio.core.data.images import IMAGE_SETS, DownloadCancelled, DownloadProgress, download_images
from nnstudio.core.errors import NNStudioError


class _Downloader(QObject):
    """Lives in a QThread: runs torchvision's download and reports each chunk."""

    progressed = Signal(object)  # DownloadProgress
    finished = Signal(str)  # "" when done, "cancelled", or the error message

    def __init__(self, name: str, data_dir: str) -> None:
        super().__init__()
        self.name, self.data_dir = name, data_dir
        self.cancel_requested = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            download_images(self.name, self.data_dir, self.progressed.emit,
                            self.cancel_requested.is_set)
        except DownloadCancelled:
            self.finished.emit("cancelled")
        except NNStudioError as error:
            self.finished.emit(str(error))
        except Exception as error:  # noqa: BLE001 - every failure must reach the user as text
            self.finished.emit(f"the download failed: {type(error).__name__}: {error}")
        else:
            self.finished.emit("")


class DownloadDialog(QDialog):
    """Downloads ``name`` into ``data_dir`` (the cache when empty) as soon as it opens.

    Accepted when the images are on disk; rejected when cancelled or failed (``error`` then says
    why). Cancel takes effect between two chunks; the dialog closes once the download has
    stopped and removed what it had written."""

    def __init__(self, name: str, data_dir: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadDialog")
        title = IMAGE_SETS[name].title
        self.setWindowTitle(self.tr("Downloading {title}").format(title=title))
        self.setAccessibleName(self.tr("Download progress"))
        self.setMinimumWidth(420)
        self.error = ""
        self.cancelled = False
        self.status_label = QLabel(self.tr("{title} is not on this machine yet: downloading it "
                                           "with torchvision…").format(title=title),
                                   objectName="downloadStatus", wordWrap=True)
        self.status_label.setAccessibleName(self.tr("Download status"))
        self.progress_bar = QProgressBar(objectName="downloadProgress")
        self.progress_bar.setAccessibleName(self.tr("Download progress"))
        self.progress_bar.setRange(0, 0)  # busy until the first bytes arrive
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="downloadCancelButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel the download"))
        self.cancel_button.setToolTip(self.tr("Stop the download; nothing half-downloaded is kept"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.cancel_button)

        self._thread = QThread(self)
        self._downloader = _Downloader(name, data_dir)
        self._downloader.moveToThread(self._thread)
        self._thread.started.connect(self._downloader.run)
        self._downloader.progressed.connect(self._on_progressed)
        self._downloader.finished.connect(self._on_finished)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def cancel(self) -> None:
        """Ask the download to stop; the dialog closes when it has (at once after an error)."""
        if not self._thread.isRunning():
            super().reject()
            return
        self.cancelled = True
        self._downloader.cancel_requested.set()
        self.cancel_button.setEnabled(False)
        self.status_label.setText(self.tr("Cancelling…"))

    def reject(self) -> None:  # Esc or the window's close button: cancel first
        self.cancel()

    def _on_progressed(self, progress: DownloadProgress) -> None:
        if self.cancelled:
            return
        if progress.total:
            self.progress_bar.setRange(0, 1000)
            share = (progress.number - 1 + progress.done / progress.total) / progress.n_files
            self.progress_bar.setValue(int(1000 * share))
        megabytes = f"{progress.done / 1e6:.1f}" + (
            f" / {progress.total / 1e6:.1f} MB" if progress.total else " MB")
        self.status_label.setText(self.tr("File {number} of {n}: {file}, {size}").format(
            number=progress.number, n=progress.n_files, file=progress.filename, size=megabytes))

    def _on_finished(self, outcome: str) -> None:
        self._thread.quit()
        self._thread.wait()
        if outcome == "":
            self.accept()
            return
        if outcome == "cancelled":
            super().reject()
            return
        self.error = outcome  # stays on screen until closed: a download can fail for many reasons
        message = outcome[:1].upper() + outcome[1:]
        self.status_label.setText(message + ".")
        self.progress_bar.hide()
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)
