"""The training session: the core Trainer and everything the window's views need from it.

It runs in the training process (see :mod:`nnstudio.gui.training_process`), never in the GUI's:
two Python threads in one process share one interpreter lock, and a window that draws at 30
frames a second would take half of it from a small network that trains a thousand epochs a
second. The Trainer's callbacks become messages, throttled so the window receives at most ~30
updates a second whatever the epoch rate. Each message carries plain data and numpy arrays (new
epochs, the boundary grid or fit curve computed here on the training device), never tensors.
No Qt here: the process that imports this module has no GUI.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

import numpy as np
import torch

from nnstudio.core.config import RunConfig
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import NNStudioError
from nnstudio.core.paths import data_home
from nnstudio.core.store import RunRecorder, save_checkpoint
from nnstudio.core.train import Callback, EpochMetrics, RunResult, TrainControl, Trainer
from nnstudio.core.train.fast_path import torch_threads_for
from nnstudio.core.viz.grids import GridPlan, PendingGrid, fit_curve, grid_resolution
from nnstudio.core.viz.landscape import (
    Landscape,
    Plane,
    PlaneLandscape,
    covering_range,
    flat_parameters,
    linear_parameters,
    mse_landscape,
    plane_landscape,
    random_plane,
)
from nnstudio.core.viz.network import NetworkPicture, network_picture
from nnstudio.core.viz.replay import ReplayCallback, ReplayFrame, ReplayRecorder, replay_path, save_replay
from nnstudio.core.viz.weights import gradient_sizes, weight_summary
from nnstudio.gui.cores import core_for_training, keep_process_to

UPDATE_INTERVAL_S = 1 / 30
BOUNDARY_RESOLUTION = 100
# The plane in view around the data: coarser (cells along its shorter side, at most along the
# longer) and refreshed a few times a second; it shows how the model extrapolates.
OUTER_CELLS, OUTER_MOST, OUTER_HZ = 40, 120, 4.0
SAMPLE_IMAGES = 3000
LONG_EPOCH_STEPS = 64  # from this many steps per epoch, progress is shown within the epoch
GRADIENT_BATCH = 256  # training samples the gradient sizes are measured on
RECORD_EVERY_S = 0.1  # the run history gets the epochs of each tenth of a second together


@dataclass
class Snapshot:
    """What the views need to redraw: plain data only."""

    epoch: int
    total_epochs: int
    step: int = 0
    steps_per_epoch: int = 1
    samples_per_s: float = 0.0
    new_epochs: list[EpochMetrics] = field(default_factory=list)
    grid: Optional[tuple[np.ndarray, np.ndarray, np.ndarray]] = None  # x, y, probabilities
    # Instead of ``grid``: the weights to compute it from, when the receiver computes it (a
    # plain MLP on the CPU, sent by the training process to the window's process).
    pending_grid: Optional[PendingGrid] = None
    outer_grid: Optional[tuple[np.ndarray, np.ndarray, np.ndarray]] = None  # coarse, the plane in view
    curve: Optional[tuple[np.ndarray, np.ndarray]] = None  # x, y of a 1D fit
    # Image sets: predicted class and confidence for the validation images in RunInfo.val_x.
    predictions: Optional[tuple[np.ndarray, np.ndarray]] = None
    # When the weights view is open: per-layer histograms and gradient sizes.
    weights: Optional[list] = None
    gradients: Optional[np.ndarray] = None
    # One-neuron regression: the (w, b) visited, one row per epoch from the start.
    path: Optional[np.ndarray] = None
    # Other small models, when the landscape dock is open: the loss on a plane of random
    # directions (sent when first needed and when the path has left the part drawn).
    landscape: Optional[PlaneLandscape] = None
    best_epoch: Optional[int] = None
    lr: float = 0.0
    # Click to teach: the training points (x1, x2) and labels, sent when they changed.
    train_points: Optional[tuple[np.ndarray, np.ndarray]] = None
    # When the network dock is open: weights and each neuron's output over the plane.
    network: Optional[NetworkPicture] = None
    # The weights, with every forced update (end of a run or step, a pause, a rebuild) and about
    # once a second while a view that needs the model itself is shown (draw a sample).
    model: Optional[ModelState] = None
    # The replay: frames recorded since the last update, whether this update's grid or curve is
    # one more (the window makes that frame itself), and the epochs the replay keeps now.
    replay_new: list[ReplayFrame] = field(default_factory=list)
    replay_this: bool = False
    replay_kept: Optional[tuple[int, ...]] = None


@dataclass
class ModelState:
    """The model as the window keeps a copy of it: what a checkpoint holds, the weights as numpy."""

    config: RunConfig
    task: str
    input_shape: tuple[int, ...]
    n_outputs: int
    epoch: int
    state: dict[str, np.ndarray]
    dataset_name: str = ""
    normalise: Optional[tuple[float, float]] = None  # (mean, std) of uint8 image sets
    path: str = "eager"  # the Trainer's path: "fast" or "eager"
    device: str = "cpu"
    n_params: int = 0


@dataclass
class RunFinished:
    """How a run ended, and what became of its record in the history."""

    result: RunResult
    run_id: Optional[int] = None
    problem: Optional[str] = None  # why the run was not (fully) recorded


@dataclass
class RunInfo:
    """Sent when a trainer is (re)built: what the window shows before the first epoch."""

    task: str
    n_params: int
    device: str
    sizes: dict[str, int]
    n_classes: int
    class_names: list[str]
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray
    bounds: tuple[tuple[float, float], ...]
    landscape: Optional[Landscape] = None  # for one-neuron regression models
    landscape_possible: bool = False  # (w, b) models, and small non-image models (random plane)
    class_counts: list[int] = field(default_factory=list)  # training samples per class
    model: Optional[ModelState] = None  # None when the model could not be built for these data


Send = Callable[[str, object], None]


class TrainingSession:
    """Runs one Trainer at a time and reports to the window through ``send(kind, payload)``:

    - ``"ready"``, RunInfo: a trainer was (re)built (new data, new weights);
    - ``"update"``, Snapshot: what the views redraw (throttled, at most ~30 a second);
    - ``"step"``, None: a single-epoch step ended; the run is now paused;
    - ``"test"``, dict: the test set's loss and accuracy;
    - ``"finished"``, RunFinished: a run ended;
    - ``"error"``, str: a readable message.

    The commands (prepare, load_weights, run, evaluate_test, refresh) run one at a time in the
    process's main thread; the flags (want_weights, ...), set_plane_bounds and snapshot_shown may
    be called from another thread while a run goes on.
    """

    def __init__(self, control: TrainControl, send: Send) -> None:
        self.control = control
        self.send = send
        self.trainer: Optional[Trainer] = None
        self._grid_plan: Optional[GridPlan] = None  # the data's part of the plane, fine
        # Around it, what the boundary view shows, coarser and refreshed less often (see _outer).
        self._outer_plan: Optional[GridPlan] = None
        self._outer_at = 0.0
        self._grid_features: tuple[str, ...] = ()
        self._wanted_bounds = None  # set from the GUI thread: the part of the plane in view
        self._sent_epochs = 0
        self._last_emit = 0.0
        self._sent_data_version = 0
        # Set from the GUI thread when the weights view is shown; a plain bool is enough.
        self._gui_ready = threading.Event()
        self._gui_ready.set()
        self.want_weights = False
        self.want_network = False  # set from the GUI thread when the network dock is shown
        self.want_model = False  # the model itself, about once a second (draw a sample)
        self._model_at = 0.0
        self.dropout_on = False  # draw the boundary in train mode (dropout active)
        self._path: Optional[list[tuple[float, float]]] = None
        self.want_landscape = False  # set from the GUI thread when the landscape dock is shown
        self._landscape_plane: Optional[Plane] = None
        self._landscape_sent: Optional[PlaneLandscape] = None
        self._landscape_at = 0.0
        self.recorder: Optional[RunRecorder] = None
        self.replay = _SentReplay()  # the current trainer's frames; the window keeps a copy
        # Whoever receives the updates computes the boundary grids of plain CPU MLPs from a copy
        # of the weights (see Snapshot.pending_grid): set by serve(), for the window's process.
        self.grids_elsewhere = False
        # A one-thread run keeps to one core, and tells the window ("core" messages) to keep its
        # threads off it (see gui/cores.py): set by serve().
        self.separate_cores = False

    # --- commands ---
    def prepare(self, config: RunConfig) -> None:
        """Build a fresh trainer for ``config`` (new data, new weights) and announce it."""
        try:
            self._build(config)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as text
            self._report(exc)

    def load_weights(self, config: RunConfig, state_dict: dict) -> None:
        """Build a trainer for ``config`` and give it saved weights (a loaded model)."""
        try:
            self._build(config, {name: torch.from_numpy(value) for name, value in state_dict.items()})
        except Exception as exc:  # noqa: BLE001
            self._report(exc)

    def evaluate_test(self) -> None:
        """Score the current model on the test set (once) and record it with the run."""
        try:
            if self.trainer is None:
                raise NNStudioError("there is no model yet")
            result = self.trainer.evaluate_test()
        except NNStudioError as exc:
            self.send("error", f"Test set not evaluated: {exc}.")
            return
        except Exception as exc:  # noqa: BLE001
            self._report(exc)
            return
        if self.recorder is not None:
            self.recorder.set_test(result)
        self.send("test", result)

    @contextlib.contextmanager
    def _own_core(self) -> Iterator[None]:
        """While a run that trains on one thread goes on, this process keeps to the core the
        thread runs on; the window is sent ("core", cpu) before and ("core", None) after."""
        planned = (core_for_training() if self.separate_cores and torch_threads_for(self.trainer) == 1
                   else None)
        if planned is None or not keep_process_to({planned[0]}):
            yield
            return
        cpu, every = planned
        self.send("core", cpu)
        try:
            yield
        finally:
            keep_process_to(every)
            self.send("core", None)

    def refresh(self) -> None:
        """Send the views a fresh update (e.g. after switching dropout on or off)."""
        if self.trainer is not None:
            self._emit(force=True)

    def run(self, config: RunConfig) -> None:
        """Train with ``config``: continue the current trainer if only the LR or epochs changed."""
        try:
            trainer = self.trainer
            if trainer is None or not _same_run(trainer.config, config):
                self._build(config)
            else:
                if config.train.lr != trainer.config.train.lr:
                    trainer.set_lr(config.train.lr)
                trainer.config = config
                if trainer.finished:
                    self._build(config)
            # Objects alive before the run (torch, Qt, the views: millions) are kept out of the
            # cyclic collector's full passes during it: each pass over them froze the GUI for
            # ~200 ms while fast runs allocate at full speed.
            gc.freeze()
            try:
                with self._own_core():
                    result = self.trainer.fit()
            finally:
                gc.unfreeze()
            self._emit(force=True)
            self._save_run_checkpoint()
            recorder = self.recorder
            self.send("finished", RunFinished(result, recorder.run_id if recorder else None,
                                              recorder.problem if recorder else None))
        except Exception as exc:  # noqa: BLE001
            self._report(exc)

    # --- internals ---
    def _save_run_checkpoint(self) -> None:
        """Keep the model of every recorded run, so reopening the run restores it."""
        recorder = self.recorder
        if recorder is None or recorder.run_id is None or recorder.problem:
            return
        path = data_home() / "checkpoints" / f"run-{recorder.run_id}.pt"
        try:
            save_checkpoint(path, self.trainer)
        except OSError as exc:
            recorder.problem = f"the model could not be saved ({exc.strerror})"
            return
        recorder.set_checkpoint(path)
        frames = self.replay.complete_frames()
        if frames:
            try:
                save_replay(replay_path(path), frames, self.trainer.history.epochs)
            except OSError:
                pass  # the run and its model are kept; only its replay is not

    def _build(self, config: RunConfig, state_dict: Optional[dict] = None) -> None:
        """Load the data, announce it, then build the trainer (a model error comes after the
        data is shown, so the window can still draw the points and explain the problem)."""
        self.trainer = None
        dataset = load_dataset(config.data)
        bounds = dataset.bounds() if not dataset.is_image else ()
        # Points are drawn for 1D / 2D data; for images the sample browser and the confusion
        # matrix get a few thousand validation images (predicting them takes milliseconds).
        shown = SAMPLE_IMAGES if dataset.is_image else None
        info = RunInfo(
            task=dataset.task,
            n_params=0,
            device="",
            sizes=dataset.sizes(),
            n_classes=dataset.n_classes,
            class_names=list(dataset.class_names),
            train_x=dataset.points("train")[:shown].numpy().copy(),
            train_y=dataset.train.y[:shown].numpy().copy(),
            val_x=dataset.points("val")[:shown].numpy().copy(),
            val_y=dataset.val.y[:shown].numpy().copy(),
            bounds=bounds,
            class_counts=dataset.class_counts("train"),
        )
        try:
            # Every run from the window lands in the history, its epochs committed ten times a
            # second (a commit per epoch costs a small net up to a fifth of its speed).
            self.recorder = RunRecorder(commit_every_s=RECORD_EVERY_S)
            self.replay = _SentReplay()
            trainer = Trainer(config, dataset=dataset, control=self.control,
                              callbacks=[_Bridge(self), self.recorder,
                                         ReplayCallback(self.replay, self._replay_frame)])
        except NNStudioError:
            self.send("ready", info)
            raise
        if state_dict is not None:
            trainer.model.load_state_dict(state_dict)
        if trainer.steps_per_epoch >= LONG_EPOCH_STEPS:
            trainer.add_callback(_StepProgress(self))
        info.n_params, info.device = trainer.n_params, str(trainer.device)
        start = linear_parameters(trainer.model) if dataset.task == "regression" else None
        self._path = [start] if start is not None else None
        self._landscape_plane = self._landscape_sent = None
        if start is not None:
            info.landscape = mse_landscape(dataset.train.x.numpy(), dataset.train.y.numpy(), start)
        elif not dataset.is_image:
            self._landscape_plane = random_plane(trainer.model, seed=config.train.seed)
            if self._landscape_plane is not None:
                self._path = [(0.0, 0.0)]  # the plane passes through the initial weights
        info.landscape_possible = info.landscape is not None or self._landscape_plane is not None
        self.trainer = trainer
        self._grid_plan = (
            GridPlan(bounds, BOUNDARY_RESOLUTION, trainer.device, dataset.input_features)
            if dataset.on_plane and dataset.task != "regression"
            else None
        )
        self._grid_features = tuple(dataset.input_features)
        self._outer_plan = self._wanted_bounds = None  # until the view has fitted itself to these data
        self._sent_epochs = 0
        self._sent_data_version = trainer.data_version
        info.model = self._model_state()
        self.send("ready", info)
        self._emit(force=True, with_model=False)  # the window has just been sent the model

    def _add_path_point(self, model) -> None:
        """The landscape path's next point: (w, b) of a one-neuron model, or the projection of
        the weights on the random plane (only while the landscape is shown: it costs a copy of
        every weight per epoch)."""
        if self._path is None:
            return
        if self._landscape_plane is None:
            self._path.append(linear_parameters(model))
        elif self.want_landscape:
            self._path.append(self._landscape_plane.project(flat_parameters(model)))

    def _plane_landscape(self, trainer: Trainer, force: bool) -> Optional[PlaneLandscape]:
        """The random-plane landscape to send: the first time it is wanted, and again (at most
        every 2 s while training) when the path has wandered off the part drawn."""
        sent, path = self._landscape_sent, np.array(self._path or [(0.0, 0.0)])
        if sent is not None:
            inside = (sent.alpha[0] <= path[:, 0].min() and path[:, 0].max() <= sent.alpha[-1]
                      and sent.beta[0] <= path[:, 1].min() and path[:, 1].max() <= sent.beta[-1])
            if inside or (not force and time.monotonic() - self._landscape_at < 2.0):
                return None
        part = trainer.train_part
        self._landscape_sent = plane_landscape(
            trainer.model, trainer.loss_fn, part.x, part.y, self._landscape_plane,
            covering_range(path[:, 0]), covering_range(path[:, 1]),
        )
        self._landscape_at = time.monotonic()
        return self._landscape_sent

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, NNStudioError):
            message = str(exc)
        elif isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in str(exc):
            message = "the device ran out of memory; try a smaller batch size or model"
        else:
            message = f"training failed: {type(exc).__name__}: {exc}"
            traceback.print_exc()
        self.send("error", message)

    def paused(self) -> None:
        """A pause takes hold (training thread): record and show every epoch trained so far."""
        if self.trainer is None:
            return
        if self.recorder is not None:
            self.recorder.flush()
        self._emit(force=True)

    def snapshot_shown(self) -> None:
        """The window has drawn the last update (any thread may call this)."""
        self._gui_ready.set()

    def _emit(self, force: bool = False, step: int = 0, with_model: bool = True) -> None:
        now = time.monotonic()
        if not force and now - self._last_emit < UPDATE_INTERVAL_S:
            return
        # Back-pressure: while the GUI is still drawing the last update, send nothing new (the
        # epochs keep accumulating for the next one). Otherwise updates queue up faster than
        # they are drawn and the window freezes behind them.
        if not force and not self._gui_ready.is_set():
            return
        self._gui_ready.clear()
        self._last_emit = now
        trainer = self.trainer
        epochs = trainer.history.epochs
        new = epochs[self._sent_epochs :]
        self._sent_epochs = len(epochs)
        snapshot = Snapshot(
            epoch=trainer.epoch,
            total_epochs=trainer.config.train.epochs,
            step=step,
            steps_per_epoch=trainer.steps_per_epoch,
            samples_per_s=new[-1].samples_per_s if new else 0.0,
            new_epochs=list(new),
            best_epoch=trainer.history.best_epoch,
            lr=trainer.lr,
        )
        if trainer.data_version != self._sent_data_version:
            self._sent_data_version = trainer.data_version
            snapshot.train_points = (trainer.dataset.points("train").numpy().copy(),
                                     trainer.dataset.train.y.numpy().copy())
        if self._path is not None:
            snapshot.path = np.array(self._path)
        if self.want_landscape and self._landscape_plane is not None:
            snapshot.landscape = self._plane_landscape(trainer, force)
        if self.want_weights:
            snapshot.weights = weight_summary(trainer.model)
            x, y = trainer.train_part.x[:GRADIENT_BATCH], trainer.train_part.y[:GRADIENT_BATCH]
            transform = trainer._batch_transform()
            snapshot.gradients = gradient_sizes(
                trainer.model, trainer.loss_fn, transform(x) if transform else x, y
            )
        if self.want_network:
            snapshot.network = network_picture(trainer.model, trainer.dataset, trainer.task)
        if trainer.dataset.is_image:
            probabilities = trainer.predict(trainer.dataset.val.x[:SAMPLE_IMAGES])
            snapshot.predictions = (probabilities.argmax(axis=1), probabilities.max(axis=1))
        if self.grids_elsewhere and not self.dropout_on and self._grid_plan is not None:
            snapshot.pending_grid = self._grid_plan.pending(trainer.model, trainer.task)
        if snapshot.pending_grid is None:
            snapshot.grid, snapshot.curve = self._plane(trainer, train_mode=self.dropout_on)
        snapshot.outer_grid = self._outer(trainer, force, train_mode=self.dropout_on)
        if step == 0 and not self.dropout_on and (
            snapshot.grid is not None or snapshot.curve is not None or snapshot.pending_grid is not None
        ):
            self.replay.add(_replay_frame(trainer.epoch, snapshot.grid, snapshot.curve, snapshot.weights),
                            sent=True, pending=snapshot.pending_grid)
            snapshot.replay_this = True
        snapshot.replay_new, snapshot.replay_kept = self.replay.take_news()
        if (force and with_model) or (self.want_model and now - self._model_at >= 1.0):
            snapshot.model = self._model_state()
        self.send("update", snapshot)

    def _model_state(self) -> ModelState:
        """A numpy copy of the model, for the window's own (save, predict, draw a sample)."""
        trainer = self.trainer
        dataset = trainer.dataset
        self._model_at = time.monotonic()
        normalise = None
        if trainer.train_part.x.dtype == torch.uint8:
            normalise = (float(dataset.mean if dataset.mean is not None else 0.0),
                         float(dataset.std if dataset.std is not None else 1.0))
        return ModelState(
            config=trainer.config, task=trainer.task, input_shape=tuple(dataset.input_shape),
            n_outputs=dataset.n_outputs, epoch=trainer.epoch,
            state={name: value.detach().cpu().numpy().copy() for name, value in trainer.model.state_dict().items()},
            dataset_name=dataset.name, normalise=normalise, path=trainer.path, device=str(trainer.device),
            n_params=trainer.n_params,
        )

    def set_plane_bounds(self, bounds) -> None:
        """Shade this part of the plane ((x_low, x_high), (y_low, y_high)), what the boundary view
        shows, around the data's. Called from the GUI thread; the grid is rebuilt here."""
        self._wanted_bounds = bounds

    def _outer(self, trainer: Trainer, force: bool, train_mode: bool = False) -> Optional[tuple]:
        """The coarse grid over the view (x, y, probabilities), at most OUTER_HZ times a second
        (or at once when the view changed, or ``force``); None when not due."""
        wanted = self._wanted_bounds
        if self._grid_plan is None or wanted is None:
            return None
        now = time.monotonic()
        if self._outer_plan is None or self._outer_plan.bounds != wanted:
            self._outer_plan = GridPlan(wanted, grid_resolution(wanted, OUTER_CELLS, OUTER_MOST), trainer.device,
                                        self._grid_features)
        elif not force and now - self._outer_at < 1.0 / OUTER_HZ:
            return None
        self._outer_at = now
        grid = self._outer_plan.evaluate(trainer.model, trainer.task, train_mode=train_mode)
        return grid.x, grid.y, _half(grid.probabilities)

    def _plane(self, trainer: Trainer, train_mode: bool = False) -> tuple[Optional[tuple], Optional[tuple]]:
        """The boundary grid over the data (2D classification) or the fit curve (1D regression)."""
        if self._grid_plan is not None:
            return _grid_tuple(self._grid_plan.evaluate(trainer.model, trainer.task, train_mode=train_mode)), None
        if trainer.task == "regression" and trainer.dataset.input_shape == (1,):
            curve = fit_curve(trainer.model, trainer.dataset.bounds(margin=0.05), 200, trainer.device)
            return None, (curve.x, curve.y)
        return None, None

    def _replay_frame(self, trainer: Trainer) -> Optional[ReplayFrame]:
        """A replay frame of the current epoch (called by the ReplayCallback between epochs)."""
        grid, curve = self._plane(trainer)
        if grid is None and curve is None:
            return None
        weights = weight_summary(trainer.model) if self.want_weights else None
        return _replay_frame(trainer.epoch, grid, curve, weights)


class _SentReplay(ReplayRecorder):
    """The replay recorder, keeping track of what the window has not been sent yet, and of the
    frames whose grid the window computed (their weights are kept, to compute it once more if
    the run's replay is saved)."""

    def __init__(self) -> None:
        super().__init__()
        self._news: list[ReplayFrame] = []
        self._pending: dict[int, PendingGrid] = {}
        self._news_lock = threading.Lock()

    def add(self, frame: ReplayFrame, sent: bool = False, pending: Optional[PendingGrid] = None) -> None:
        """Keep ``frame``; ``sent``: the window gets it with the update it came from;
        ``pending``: the frame's grid, computed by the window."""
        super().add(frame)
        with self._news_lock:
            if not sent:
                self._news.append(frame)
            self._pending.pop(frame.epoch, None)
            if pending is not None:
                self._pending[frame.epoch] = pending
                if len(self._pending) > 2 * self.limit:  # forget the weights of frames thinned away
                    kept = {kept.epoch for kept in self.frames()}
                    self._pending = {epoch: grid for epoch, grid in self._pending.items() if epoch in kept}

    def take_news(self) -> tuple[list[ReplayFrame], tuple[int, ...]]:
        """The frames added since the last call, and the epochs of every frame kept now."""
        with self._news_lock:
            news, self._news = self._news, []
        return news, tuple(frame.epoch for frame in self.frames())

    def complete_frames(self) -> list[ReplayFrame]:
        """The frames kept, each with its grid (computing those the window computed)."""
        with self._news_lock:
            pending = dict(self._pending)
        return [
            _replay_frame(frame.epoch, _grid_tuple(pending[frame.epoch].evaluate()), frame.curve, frame.weights)
            if frame.grid is None and frame.epoch in pending else frame
            for frame in self.frames()
        ]


def _grid_tuple(grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return grid.x, grid.y, _half(grid.probabilities)


def _half(probabilities: np.ndarray) -> np.ndarray:
    """Probabilities as float16: what the window draws (a colour and the 0.5 contour need no
    more) and the replay keeps (300 frames of a 100 × 100 boundary take ~12 MB, not 24). Half
    the bytes to send 30 times a second; torch converts ~10 x faster than numpy's astype."""
    if probabilities.dtype == np.float16:
        return probabilities
    return torch.from_numpy(np.ascontiguousarray(probabilities, dtype=np.float32)).half().numpy()


def _replay_frame(epoch: int, grid, curve, weights) -> ReplayFrame:
    """A replay frame; its probabilities as float16 (see _half)."""
    if grid is not None:
        grid = (grid[0], grid[1], _half(grid[2]))
    return ReplayFrame(epoch, grid=grid, curve=curve, weights=weights)


class _StepProgress(Callback):
    """Progress within long epochs (image sets). Only added when epochs are long: a step hook
    makes the fast path write the weights back after every step."""

    def __init__(self, worker: TrainingSession) -> None:
        self.worker = worker

    def on_step_end(self, trainer, step, steps_per_epoch) -> None:
        if step % 16 == 0:
            self.worker._emit(step=step)


class _Bridge(Callback):
    """Turns the Trainer's hooks into throttled worker signals."""

    def __init__(self, worker: TrainingSession) -> None:
        self.worker = worker

    def on_epoch_end(self, trainer, metrics) -> None:
        self.worker._add_path_point(trainer.model)
        stepping = trainer.control.pausing_at_epoch_end
        self.worker._emit(force=stepping)
        if stepping:
            self.worker.send("step", None)


def _same_run(current: RunConfig, new: RunConfig) -> bool:
    """True when ``new`` differs from ``current`` only in what can change mid-run."""
    live = {"lr", "epochs"}
    return (
        current.data == new.data
        and current.model == new.model
        and current.train.model_dump(exclude=live) == new.train.model_dump(exclude=live)
    )


# --- the training process ---------------------------------------------------------------------
class _ProcessControl(TrainControl):
    """The training process's TrainControl. When a pause takes hold, the window first gets an
    update with the model as it is (otherwise the epochs since the last update, at most 1/30 s of
    them, would wait for the run to resume to be shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.on_pause: Callable[[], None] = lambda: None

    def wait(self) -> bool:
        if self._paused and not self._stop_requested:
            self.on_pause()
        return super().wait()


# Commands carried out at once by the process's listening thread (the others, in turn, by its
# main thread): the flags the views set, and what the window tells while a run goes on.
_AT_ONCE = {"snapshot_shown", "set_plane_bounds"}
_FLAGS = {"want_weights", "want_network", "want_landscape", "want_model", "dropout_on"}


def serve(commands, messages, environment: dict[str, str]) -> None:
    """The training process's main function: a :class:`TrainingSession` run by the commands
    that arrive on ``commands`` (a multiprocessing Connection), reporting on ``messages``.

    Commands are ``(kind, payload)``:
    ``("prepare", config)``, ``("load_weights", (config, numpy state dict))``, ``("run", config)``,
    ``("evaluate_test", ())``, ``("refresh", ())``: one at a time, in order, in this thread;
    ``("control", (method, args))``: a TrainControl request, at once (also mid-run);
    ``("set", (flag, value))``, ``("snapshot_shown", ())``, ``("set_plane_bounds", (bounds,))``: at once;
    ``("quit", ())``, or the window's end of the pipe closing: stop and leave.
    """
    import os
    import queue
    import signal

    os.environ.clear()  # the window's environment (NNSTUDIO_HOME, ...) as it is now
    os.environ.update(environment)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the window

    gone = threading.Event()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def send(kind: str, payload: object) -> None:
        if not gone.is_set():
            outbox.put((kind, payload))

    def post() -> None:
        """Send the messages in order, in a thread of their own: a 60 KB update waits for the
        window to read it (the pipe holds 64 KB), and the training need not wait with it."""
        while (message := outbox.get()) is not None:
            if gone.is_set():
                continue
            try:
                messages.send(message)
            except (OSError, EOFError):  # the window has gone: stop whatever runs
                gone.set()
                control.request_stop()

    control = _ProcessControl()
    session = TrainingSession(control, send)
    session.grids_elsewhere = True  # the window computes the boundary of a CPU MLP: this core trains
    session.separate_cores = True
    control.on_pause = session.paused
    jobs: queue.SimpleQueue = queue.SimpleQueue()

    def listen() -> None:
        try:
            while True:
                kind, payload = commands.recv()
                if kind == "quit":
                    break
                if kind == "control":
                    method, args = payload
                    getattr(control, method)(*args)
                elif kind == "set" and payload[0] in _FLAGS:
                    setattr(session, *payload)
                elif kind in _AT_ONCE:
                    getattr(session, kind)(*payload)
                else:
                    jobs.put((kind, payload))
        except (EOFError, OSError):
            pass
        control.request_stop()
        jobs.put(None)

    threading.Thread(target=listen, name="commands", daemon=True).start()
    sender = threading.Thread(target=post, name="messages", daemon=True)
    sender.start()
    while (job := jobs.get()) is not None:
        kind, payload = job
        try:
            if kind in ("prepare", "run"):
                getattr(session, kind)(payload)
            elif kind == "load_weights":
                session.load_weights(*payload)
            elif kind in ("evaluate_test", "refresh"):
                getattr(session, kind)()
        except Exception as exc:  # noqa: BLE001 - the sessions's own handlers missed it
            session._report(exc)
    outbox.put(None)
    sender.join(timeout=1.0)  # a window that stopped reading must not keep this process
    messages.close()
