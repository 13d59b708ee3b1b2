"""A bounded record of what the views showed while a model trained, to replay the run later.

A :class:`ReplayRecorder` keeps at most ``limit`` frames (the boundary grid or fit curve of one
epoch). Past the limit it thins them evenly: only epochs on a stride grid stay, and the stride
doubles whenever the frames would overflow. The first frame and the latest one are always kept.
A :class:`ReplayCallback` records the epochs the recorder wants during ``Trainer.fit``, within a
small share of the training time. Frames are saved next to a run's checkpoint as a compact
``.npz`` (probabilities quantised to bytes) and loaded back for runs reopened from history.
"""

from __future__ import annotations

import io
import math
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from nnstudio.core.errors import NNStudioError
from nnstudio.core.atomic_save import atomic_write_bytes
from nnstudio.core.records import Callback

REPLAY_LIMIT = 300
BUDGET = 0.04  # share of the training time recording may take before it records more sparsely
GRACE_S = 0.1  # CPU time recording may take whatever the share: short runs keep their frames
MIN_FRAMES = 30  # time budget or not, a run keeps about this many frames
METRICS = ("epoch", "train_loss", "val_loss", "train_acc", "val_acc", "lr")
FORMAT = "nnstudio-replay/1"


class ReplayError(NNStudioError):
    """A replay file that cannot be read."""


@dataclass(frozen=True)
class ReplayFrame:
    """What the views showed after ``epoch``: a boundary grid (x, y, probabilities (rows,
    columns, k)) for 2D classification, or a fit curve (x, y) for 1D regression; optionally the
    weight histograms. Arrays are shared, never written to after recording."""

    epoch: int
    grid: Optional[tuple[np.ndarray, np.ndarray, np.ndarray]] = None
    curve: Optional[tuple[np.ndarray, np.ndarray]] = None
    weights: Optional[list] = field(default=None, compare=False)


class ReplayRecorder:
    """At most ``limit`` frames, evenly spaced in epochs, always with the first and the latest.

    Thread-safe: the training thread adds frames while the GUI thread reads :meth:`frames`.
    """

    def __init__(self, limit: int = REPLAY_LIMIT) -> None:
        if limit < 3:
            raise ValueError(f"a replay needs room for at least 3 frames, got {limit}")
        self.limit = limit
        self.stride = 1
        self._frames: dict[int, ReplayFrame] = {}
        self._first: Optional[int] = None
        self._latest: Optional[int] = None
        self._lock = threading.Lock()

    def plan(self, last_epoch: int) -> None:
        """Expect epochs up to ``last_epoch``: pick a stride that fits them, so fewer frames are
        computed only to be thinned away. Once frames are kept the stride only ever doubles."""
        needed = max(1, math.ceil((last_epoch + 1) / (self.limit - 1)))
        with self._lock:
            if len(self._frames) <= 1:
                self.stride = max(self.stride, needed)
            while self.stride < needed:
                self.stride *= 2
            self._thin()

    def wants(self, epoch: int) -> bool:
        """True if a frame for ``epoch`` would be kept past the next one (it is on the grid)."""
        return epoch % self.stride == 0 and epoch not in self._frames

    def add(self, frame: ReplayFrame) -> None:
        """Keep ``frame`` as the latest (replacing a frame of the same epoch), then thin."""
        with self._lock:
            epoch = frame.epoch
            if self._latest is not None and epoch < self._latest:
                return  # an older frame arriving late: the replay only moves forward
            previous = self._latest
            self._frames[epoch] = frame
            if self._first is None:
                self._first = epoch
            self._latest = epoch
            if previous is not None and previous != epoch and not self._on_grid(previous):
                del self._frames[previous]  # it was kept only for being the latest
            while len(self._frames) > self.limit:
                self.stride *= 2
                self._thin()

    def coarsen(self) -> None:
        """Record half as often from now on (and keep every other frame, to stay even)."""
        with self._lock:
            self.stride *= 2
            self._thin()

    def frames(self) -> list[ReplayFrame]:
        """A copy of the frames kept, oldest first."""
        with self._lock:
            return [self._frames[epoch] for epoch in sorted(self._frames)]

    def __len__(self) -> int:
        return len(self._frames)

    def _on_grid(self, epoch: int) -> bool:
        return epoch == self._first or epoch % self.stride == 0

    def _thin(self) -> None:
        for epoch in list(self._frames):
            if epoch != self._latest and not self._on_grid(epoch):
                del self._frames[epoch]


class ReplayCallback(Callback):
    """Records ``make_frame(trainer)`` at the epochs the recorder wants, and at the last one.

    The recorder's plan keeps the frames computed to about its limit per run. Beyond that, once
    recording has cost ``GRACE_S`` seconds, a frame may cost at most ``budget`` of the training
    time between two frames: past it the stride doubles (down to about ``MIN_FRAMES`` frames over
    the run), so long runs of a net that trains faster than its boundary can be drawn are slowed
    down by a few per cent only. Times are this
    thread's CPU time: in the window, waits for the GIL while the GUI draws are nobody's cost.
    """

    def __init__(self, recorder: ReplayRecorder, make_frame: Callable[[object], Optional[ReplayFrame]],
                 budget: float = BUDGET) -> None:
        self.recorder = recorder
        self.make_frame = make_frame
        self.budget = budget
        self._started = time.thread_time()
        self._spent = 0.0
        self._recorded = 0
        self._first_epoch = 0
        self._last_epoch = 0

    def on_run_start(self, trainer) -> None:
        self.recorder.plan(trainer.config.train.epochs)
        self._started = time.thread_time()
        self._spent = 0.0
        self._recorded = 0
        self._first_epoch = trainer.epoch
        self._last_epoch = trainer.config.train.epochs

    def on_epoch_end(self, trainer, metrics) -> None:
        if self.recorder.wants(trainer.epoch):
            self._record(trainer)

    def on_run_end(self, trainer, result) -> None:
        frames = self.recorder.frames()
        if not frames or frames[-1].epoch != trainer.epoch:
            self._record(trainer)

    def _record(self, trainer) -> None:
        start = time.thread_time()
        frame = self.make_frame(trainer)
        if frame is None:
            return
        self.recorder.add(frame)
        now = time.thread_time()
        self._spent += now - start
        self._recorded += 1
        epochs = trainer.epoch - self._first_epoch
        if self._spent < GRACE_S or epochs <= 0:
            return
        frame_cost = self._spent / self._recorded
        epoch_time = (now - self._started - self._spent) / epochs
        stride = self.recorder.stride
        if frame_cost > self.budget * stride * epoch_time and self._last_epoch / (2 * stride) >= MIN_FRAMES:
            self.recorder.coarsen()


@dataclass
class StoredReplay:
    """A replay read back from disk: its frames and the run's per-epoch metrics (METRICS)."""

    frames: list[ReplayFrame]
    metrics: dict[str, np.ndarray]


def save_replay(path: str | os.PathLike[str], frames: Sequence[ReplayFrame], history: Sequence) -> None:
    """Write ``frames`` and the run's ``history`` (EpochMetrics) compactly, atomically.

    Probabilities are stored as bytes (0..255), which is finer than any screen shows them.
    """
    arrays: dict[str, np.ndarray] = {
        "format": np.array(FORMAT),
        "epochs": np.array([frame.epoch for frame in frames], dtype=np.int64),
    }
    grids = [frame.grid for frame in frames if frame.grid is not None]
    curves = [frame.curve for frame in frames if frame.curve is not None]
    if grids and len(grids) == len(frames):
        arrays["grid_x"], arrays["grid_y"] = grids[0][0], grids[0][1]
        probabilities = np.stack([np.asarray(grid[2], dtype=np.float32) for grid in grids])
        arrays["grids"] = np.round(np.nan_to_num(probabilities, nan=0.0) * 255).astype(np.uint8)
    elif curves and len(curves) == len(frames):
        arrays["curve_x"] = curves[0][0]
        arrays["curves"] = np.stack([np.asarray(curve[1], dtype=np.float32) for curve in curves])
    for name in METRICS:
        values = [getattr(metrics, name) for metrics in history]
        arrays["metric_" + name] = np.array([np.nan if v is None else v for v in values], dtype=float)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    atomic_write_bytes(Path(path), buffer.getvalue())


def load_replay(path: str | os.PathLike[str]) -> StoredReplay:
    """Read a file written by :func:`save_replay`; raises ReplayError with a reason (a damaged
    or foreign file too: every array is checked before a view draws it)."""
    try:  # the file opened here, so it is closed whatever np.load makes of it
        with open(path, "rb") as file, np.load(file, allow_pickle=False) as data:
            if "format" not in data.files or str(data["format"]) != FORMAT:
                raise ReplayError(f"{path}: not an nnstudio replay")
            arrays = {name: data[name] for name in data.files}
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except ReplayError:
        raise
    except Exception as exc:  # noqa: BLE001 - zip, npy and OS errors of every kind
        raise ReplayError(f"{path}: not a readable replay ({type(exc).__name__})") from None
    try:
        return _stored_replay(arrays)
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        problem = f"{exc.args[0]} is missing" if isinstance(exc, KeyError) else str(exc)
        raise ReplayError(f"{path}: a damaged replay ({problem})") from None


def _stored_replay(arrays: dict[str, np.ndarray]) -> StoredReplay:
    epochs = _array(arrays, "epochs", 1, integer=True)
    frames = []
    if "grids" in arrays:
        grids = _array(arrays, "grids", 4, integer=True)
        grid_x, grid_y = _array(arrays, "grid_x", 1), _array(arrays, "grid_y", 1)
        if grids.shape[:3] != (len(epochs), len(grid_y), len(grid_x)):
            raise ValueError(f"grids of shape {grids.shape} do not fit {len(epochs)} epochs "
                             f"on a {len(grid_x)} x {len(grid_y)} grid")
    elif "curves" in arrays:
        curves, curve_x = _array(arrays, "curves", 2), _array(arrays, "curve_x", 1)
        if curves.shape != (len(epochs), len(curve_x)):
            raise ValueError(f"curves of shape {curves.shape} do not fit {len(epochs)} epochs "
                             f"of {len(curve_x)} points")
    for index, epoch in enumerate(epochs.tolist()):
        grid = curve = None
        if "grids" in arrays:
            probabilities = grids[index].astype(np.float16) / np.float16(255)
            grid = (grid_x, grid_y, probabilities)
        elif "curves" in arrays:
            curve = (curve_x, curves[index])
        frames.append(ReplayFrame(int(epoch), grid=grid, curve=curve))
    metrics = {name: _array(arrays, "metric_" + name, 1) if "metric_" + name in arrays
               else np.zeros(0) for name in METRICS}
    if len({len(values) for values in metrics.values() if len(values)}) > 1:
        raise ValueError("the metrics have different numbers of epochs")
    return StoredReplay(frames, metrics)


def _array(arrays: dict[str, np.ndarray], name: str, ndim: int, integer: bool = False) -> np.ndarray:
    """``arrays[name]`` if it is a numeric array of ``ndim`` dimensions (KeyError if missing)."""
    array = arrays[name]
    kinds = "iu" if integer else "iuf"
    if array.ndim != ndim or array.dtype.kind not in kinds:
        raise ValueError(f"{name} is not a {ndim}-D array of numbers")
    return array


def replay_path(checkpoint: str | os.PathLike[str]) -> Path:
    """Where the replay of the run whose checkpoint is ``checkpoint`` is kept (beside it)."""
    return Path(checkpoint).with_suffix(".replay.npz")
