"""Export a training replay: an animated GIF (Pillow), an MP4 video (imageio + ffmpeg, optional),
or the frame on screen as a PNG.

Frames look like the app because they are drawn by the app's own views: hidden copies of the
boundary (or fit) view and the loss chart, fed each recorded frame in the GUI thread, one frame
per event-loop turn so the window stays responsive. Encoding runs in a background thread that
takes the frames from a small queue; a progress dialog shows both and can cancel.
"""

from __future__ import annotations

import importlib.util
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from nnstudio.core.atomic_save import atomic_file, atomic_path, atomic_write_bytes, check_writable
from nnstudio.core.viz.replay import ReplayFrame
from nnstudio.gui.core_messages import os_reason
from nnstudio.gui.views import BoundaryView, LossView, RegressionView

if TYPE_CHECKING:
    from nnstudio.gui.replay_bar import ReplayController

PANEL = 352  # pixels per side of each half; multiples of 16 suit video encoders
QUEUE_FRAMES = 4  # frames rendered ahead of the encoder
MP4_INSTALL = "pip install 'nnstudio[video]'"


def video_available() -> bool:
    """True if imageio and its ffmpeg binary (the ``video`` extra) are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("imageio", "imageio_ffmpeg"))


class FrameRenderer:
    """Draws replay frames as the app shows them: the boundary or fit beside the loss chart."""

    def __init__(self, controller: ReplayController) -> None:
        views = controller.views
        info = controller.session.run_info
        first = controller.bar.frames[0]
        self.host = QWidget()
        self.host.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        if first.grid is not None:
            self.plane = BoundaryView(self.host)
            self.plane.set_points(info.train_x, info.train_y, info.val_x, info.val_y, info.n_classes)
            self.plane.set_points_visible(views.boundary_view.show_points_check.isChecked())
        else:
            self.plane = RegressionView(self.host)
            self.plane.set_points(info.train_x[:, 0], info.train_y[:, 0], info.val_x[:, 0], info.val_y[:, 0])
        self.loss = LossView(self.host)
        self.loss.log_check.setChecked(views.loss_view.log_check.isChecked())
        self.loss.smoothing_slider.setValue(views.loss_view.smoothing_slider.value())
        # Only the plots go on the slide, not the check boxes above them: they leave their views.
        for left, plot in ((0, self.plane.plot), (PANEL, self.loss.plot)):
            plot.setParent(self.host)
            plot.setGeometry(left, 0, PANEL, PANEL)
        self.host.resize(2 * PANEL, PANEL)
        self.host.show()
        metrics = controller.metrics()
        self.epochs = np.asarray(metrics["epoch"], dtype=float)
        self.train_loss = np.asarray(metrics["train_loss"], dtype=float)
        self.val_loss = np.asarray(metrics["val_loss"], dtype=float)
        self.step_x = np.asarray(metrics.get("step_x", np.zeros(0)), dtype=float)
        self.step_loss = np.asarray(metrics.get("step_loss", np.zeros(0)), dtype=float)
        # The whole run once, to fix the axes: they must not jump from frame to frame.
        self.loss.set_history(self.epochs, self.train_loss, self.val_loss, self.step_x, self.step_loss)
        if len(self.epochs):
            box = self.loss.plot.getPlotItem().getViewBox()
            box.setXRange(0, max(self.epochs[-1], 1), padding=0.02)
            box.enableAutoRange(x=False, y=False)
            box.disableAutoRange()
        if first.curve is not None:  # a fit that wanders off keeps the data in view
            self.plane.plot.getPlotItem().getViewBox().disableAutoRange()

    def render(self, frame: ReplayFrame) -> QImage:
        """One frame as an RGB image of (2 × PANEL) × PANEL pixels."""
        if frame.grid is not None:
            self.plane.set_grid(*frame.grid)
        elif frame.curve is not None:
            self.plane.set_curve(*frame.curve)
        shown, steps = self.epochs <= frame.epoch, self.step_x <= frame.epoch
        self.loss.set_history(self.epochs[shown], self.train_loss[shown], self.val_loss[shown],
                              self.step_x[steps], self.step_loss[steps])
        self.loss.set_cursor(frame.epoch)
        image = QImage(2 * PANEL, PANEL, QImage.Format.Format_RGB888)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.drawPixmap(QPoint(0, 0), self.plane.plot.grab())
        painter.drawPixmap(QPoint(PANEL, 0), self.loss.plot.grab())
        painter.end()
        return image

    def close(self) -> None:
        self.host.deleteLater()
        self.plane.deleteLater()
        self.loss.deleteLater()


def image_to_array(image: QImage) -> np.ndarray:
    """A copy of an RGB888 QImage as a (height, width, 3) uint8 array."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def png_bytes(image: QImage) -> Optional[bytes]:
    """The image encoded as PNG, or None if Qt cannot encode it."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        return None
    return bytes(data.data())


class _Cancelled(Exception):
    pass


class ExportJob(QObject):
    """Renders every frame (GUI thread, one per turn) and encodes them (background thread)."""

    finished = Signal(bool, str)  # ok, message for the user

    def __init__(self, renderer: FrameRenderer, frames: list[ReplayFrame], path: Path, kind: str,
                 fps: int, parent: QObject) -> None:
        super().__init__(parent)
        self.renderer, self.frames, self.path, self.kind, self.fps = renderer, frames, path, kind, fps
        self.rendered = 0
        self.encoded = 0
        self.error: Optional[str] = None
        self.done = False
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUE_FRAMES)
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._encode, name="replay-export", daemon=True)
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def cancel(self) -> None:
        self._cancel.set()

    # --- GUI thread ---
    def _tick(self) -> None:
        if not self._thread.is_alive():
            self._finish()
            return
        if self.rendered < len(self.frames) and not self._cancel.is_set() and not self._queue.full():
            array = image_to_array(self.renderer.render(self.frames[self.rendered]))
            self._queue.put(array)
            self.rendered += 1
            if self.rendered == len(self.frames):
                self._queue.put(None)
        elif self._cancel.is_set() and self._queue.empty():
            self._queue.put(None)  # wakes the encoder so it can stop

    def _finish(self) -> None:
        self._timer.stop()
        self.renderer.close()
        self.done = True  # cancelled or failed, the file was not touched (written atomically)
        if self.error is not None:
            self.finished.emit(False, self.error)
        elif self._cancel.is_set():
            self.finished.emit(False, "")
        else:
            self.finished.emit(True, str(self.path))

    # --- encoder thread ---
    def _arrays(self):
        while True:
            array = self._queue.get()
            if self._cancel.is_set():
                raise _Cancelled
            if array is None:
                return
            yield array
            self.encoded += 1

    def _encode(self) -> None:
        try:
            if self.kind == "gif":
                self._encode_gif()
            else:
                self._encode_mp4()
        except _Cancelled:
            pass
        except Exception as exc:  # noqa: BLE001 - any failure becomes a message, not a crash
            self.error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, OSError) else (
                os_reason(exc))
        finally:
            if self._cancel.is_set():
                self._drain()

    def _drain(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()

    def _encode_gif(self) -> None:
        from PIL import Image

        images = (Image.fromarray(array) for array in self._arrays())
        first = next(images, None)
        if first is None:
            return
        with atomic_file(self.path, "wb") as saving:
            first.save(saving.file, format="GIF", save_all=True, append_images=images,
                       duration=int(round(1000 / self.fps)), loop=0)

    def _encode_mp4(self) -> None:
        import imageio.v2 as imageio

        with atomic_path(self.path) as temporary, imageio.get_writer(
            temporary, format="FFMPEG", fps=self.fps, codec="libx264", quality=7,
            macro_block_size=16,
        ) as writer:
            for array in self._arrays():
                writer.append_data(array)


class ReplayExport(QObject):
    """The replay bar's export menu: GIF, MP4 and the current frame as PNG."""

    def __init__(self, controller: ReplayController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.job: Optional[ExportJob] = None
        self.progress: Optional[QProgressDialog] = None
        menu = controller.bar.export_menu
        self.gif_action = menu.addAction("", lambda: self.export_animation("gif"))
        self.gif_action.setObjectName("replayGifAction")
        self.mp4_action = menu.addAction("", lambda: self.export_animation("mp4"))
        self.mp4_action.setObjectName("replayMp4Action")
        self.png_action = menu.addAction("", lambda: self.export_frame())
        self.png_action.setObjectName("replayPngAction")
        self.video = video_available()
        menu.aboutToShow.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.gif_action.setText(self.tr("Replay as animated &GIF…"))
        self.gif_action.setToolTip(self.tr("Every recorded epoch as one frame of a looping GIF, for slides"))
        self.mp4_action.setText(self.tr("Replay as &MP4 video…"))
        self.mp4_action.setEnabled(self.video)
        self.mp4_action.setToolTip(
            self.tr("Every recorded epoch as one frame of an MP4 video") if self.video else
            self.tr("MP4 export needs the optional video extra: {0}").format(MP4_INSTALL))
        self.png_action.setText(self.tr("This frame as &PNG…"))
        self.png_action.setToolTip(self.tr("The boundary or fit and the loss chart at the epoch shown"))

    @property
    def window(self):
        """The main window: the parent of dialogs, and its status bar."""
        return self.controller.host

    @property
    def message_bar(self):
        return self.controller.views.message_bar

    def _target(self, path: str, title: str, default: str, filter_: str) -> Optional[Path]:
        """The file to write (asked for if ``path`` is empty), checked writable; None if not."""
        if not path:
            path = QFileDialog.getSaveFileName(self.window, title, default, filter_)[0]
            if not path:
                return None
        target = Path(path)
        try:
            check_writable(target)
        except OSError as error:
            self.message_bar.show_error(
                self.tr("Cannot write {0}: {1}").format(path, os_reason(error)))
            return None
        return target

    def export_frame(self, path: str = "") -> bool:
        """Save the frame on the slider as a PNG (boundary or fit beside the loss chart)."""
        frame = self.controller.current_frame()
        if frame is None:
            self.message_bar.show_error(self.tr("There is no replay frame to save yet."))
            return False
        target = self._target(path, self.tr("Save replay frame"), f"epoch-{frame.epoch}.png",
                              self.tr("PNG images (*.png)"))
        if target is None:
            return False
        renderer = FrameRenderer(self.controller)
        try:
            png = png_bytes(renderer.render(frame))
        finally:
            renderer.close()
        try:
            if png is None:
                raise OSError(self.tr("the image could not be encoded"))
            atomic_write_bytes(target, png)
        except OSError as error:
            self.message_bar.show_error(self.tr("Could not save {0}: {1}").format(
                target, os_reason(error)))
            return False
        self.window.statusBar().showMessage(self.tr("Saved epoch {0} to {1}").format(frame.epoch, target), 5000)
        return True

    def export_animation(self, kind: str, path: str = "") -> bool:
        """Start writing the whole replay as ``kind`` ("gif" or "mp4"); progress in a dialog."""
        frames = list(self.controller.bar.frames)
        message_bar = self.message_bar
        if self.job is not None and not self.job.done:
            message_bar.show_error(self.tr("An export is already running."))
            return False
        if kind == "mp4" and not video_available():
            message_bar.show_error(self.tr("MP4 export needs the optional video extra: {0}").format(MP4_INSTALL))
            return False
        if len(frames) < 2:
            message_bar.show_error(self.tr("There is no replay to export yet: train the model first."))
            return False
        title = self.tr("Export replay as GIF") if kind == "gif" else self.tr("Export replay as MP4")
        filter_ = self.tr("GIF animations (*.gif)") if kind == "gif" else self.tr("MP4 videos (*.mp4)")
        target = self._target(path, title, f"replay.{kind}", filter_)
        if target is None:
            return False
        fps = int(self.controller.bar.speed_combo.currentData())
        self.job = ExportJob(FrameRenderer(self.controller), frames, target, kind, fps, self)
        self.progress = QProgressDialog(self.tr("Writing {0}…").format(target.name), self.tr("Cancel"),
                                        0, len(frames), self.window)
        self.progress.setObjectName("replayExportProgress")
        self.progress.setWindowTitle(title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.job.cancel)
        self.job._timer.timeout.connect(self._show_progress)
        self.job.finished.connect(self._on_finished)
        self.job.start()
        return True

    def _show_progress(self) -> None:
        if self.progress is not None and self.job is not None:
            self.progress.setValue(min(self.job.encoded, len(self.job.frames) - 1))

    def _on_finished(self, ok: bool, message: str) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if ok:
            self.window.statusBar().showMessage(self.tr("Saved the replay to {0}").format(message), 8000)
        elif message:
            self.message_bar.show_error(self.tr("Could not export the replay: {0}").format(message))
        else:
            self.window.statusBar().showMessage(self.tr("Replay export cancelled"), 5000)
