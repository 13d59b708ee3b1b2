"""The training session: the core Trainer and everything the window's views need from it.

It runs in the training process (see :mod:`nnstudio.session.process`), never in the GUI's:
two Python threads in one process share one interpreter lock, and a window that draws at 30
frames a second would take half of it from a small network that trains a thousand epochs a
second. The Trainer's callbacks become reports (:mod:`nnstudio.session.protocol`), throttled so the
window receives at most ~30 updates a second whatever the epoch rate. Each carries plain data and
numpy arrays (new epochs, the boundary grid or fit curve computed here on the training device, and
what the views shown in the window need), never tensors. No Qt here.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import traceback
from typing import Callable, Iterator, Optional

import numpy as np
import torch

from nnstudio.core.advice import DataFacts, advise
from nnstudio.core.config import RunConfig
from nnstudio.core.data import load_dataset
from nnstudio.core.errors import NNStudioError
from nnstudio.core.paths import data_home
from nnstudio.core.store import RunRecorder, save_checkpoint
from nnstudio.core.train import Callback, TrainControl, Trainer
from nnstudio.core.train.fast_path import torch_threads_for
from nnstudio.core.views import computed_for
from nnstudio.core.viz.distributions import DistributionCallback
from nnstudio.core.viz.grids import GridPlan, PendingGrid, fit_curve, grid_resolution
from nnstudio.core.viz.layers import InsidePicture, inside_picture
from nnstudio.core.viz.landscape import (
    Plane,
    PlaneLandscape,
    covering_range,
    flat_parameters,
    linear_parameters,
    mse_landscape,
    plane_landscape,
    random_plane,
)
from nnstudio.core.viz.network import network_picture
from nnstudio.core.viz.replay import ReplayCallback, ReplayFrame, ReplayRecorder, replay_path, save_replay
from nnstudio.core.viz.weights import gradient_sizes, weight_summary
from nnstudio.session.cores import core_for_training, keep_process_to
from nnstudio.session.protocol import (
    Advised,
    BoundaryGrid,
    CoreTaken,
    Failed,
    FitCurve,
    ImagePredictions,
    LandscapePath,
    LandscapePlane,
    LayerOutputs,
    ModelState,
    ModelWeights,
    NetworkState,
    OuterGrid,
    PendingBoundary,
    PendingOuter,
    Prepared,
    Progress,
    Report,
    ReplayNews,
    RunFinished,
    RunInfo,
    Show,
    StepEnded,
    TestEvaluated,
    TrainPoints,
    Update,
    WeightDistributions,
    WeightStats,
)

UPDATE_INTERVAL_S = 1 / 30
BOUNDARY_RESOLUTION = 100
# The plane in view around the data: coarser (cells along its shorter side, at most along the
# longer) and refreshed a few times a second; it shows how the model extrapolates.
OUTER_CELLS, OUTER_MOST, OUTER_HZ = 40, 120, 4.0
SAMPLE_IMAGES = 3000
LONG_EPOCH_STEPS = 64  # from this many steps per epoch, progress is shown within the epoch
GRADIENT_BATCH = 256  # training samples the gradient sizes are measured on
RECORD_EVERY_S = 0.1  # the run history gets the epochs of each tenth of a second together
DISTRIBUTIONS_EVERY_S = 1.0  # weights over time: sent at most once a second while training
LAYERS_EVERY_S = 0.25  # inside an image model: at most four times a second while training


Send = Callable[[Report], None]


class TrainingSession:
    """Runs one Trainer at a time and reports to the window through ``send(report)``: Prepared,
    Update (throttled, at most ~30 a second), StepEnded, TestEvaluated, RunFinished, Failed and
    CoreTaken (see :mod:`nnstudio.session.protocol`).

    The commands (prepare, load_weights, run, evaluate_test, refresh) run one at a time in the
    process's main thread; show, set_plane_bounds and update_shown may be called from another
    thread while a run goes on.
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
        self._gui_ready = threading.Event()
        self._gui_ready.set()
        # What the window shows (set from the command thread; read between epochs): what the
        # views compute (weights, network, landscape, the model about once a second).
        self._showing = Show()
        self._computed: frozenset[str] = frozenset()
        self._model_at = 0.0
        self._path: Optional[list[tuple[float, float]]] = None
        self._landscape_plane: Optional[Plane] = None
        self._landscape_sent: Optional[PlaneLandscape] = None
        self._landscape_at = 0.0
        self.recorder: Optional[RunRecorder] = None
        self.replay = SentReplay()  # the current trainer's frames; the window keeps a copy
        # Each layer's weights and gradients over time, recorded all along (a few per cent of
        # the time at most), sent while the view is shown.
        self.distributions = DistributionCallback()
        self._distributions_at = 0.0
        # The validation image (and class) the layers view looks at, set from the command thread.
        self._inspected: tuple[int, Optional[int], Optional[np.ndarray]] = (0, None, None)
        self._inspections = 0  # how many times the view asked: a drawing is another image each time
        self._layers_sent: Optional[tuple] = None  # (image, class) of the last picture sent
        self._progress: Optional[Progress] = None  # of the last update sent
        self._layers_at = 0.0
        # Whoever receives the updates computes the boundary grids of plain CPU MLPs from a copy
        # of the weights (see PendingBoundary): set by serve(), for the window's process.
        self.grids_elsewhere = False
        # A one-thread run keeps to one core, and tells the window ("core" messages) to keep its
        # threads off it (see session/cores.py): set by serve().
        self.separate_cores = False

    # --- what the window shows ---
    def show(self, showing: Show) -> None:
        """The views the window shows now (any thread): their parts are computed from the next
        update on; while a run is paused, the training thread sends that update at once when a
        view was opened or the dropout mode changed."""
        before = self._showing
        self._showing = showing
        self._computed = computed_for(showing.views)
        if not showing.views <= before.views or showing.dropout_on != before.dropout_on:
            self.control.while_paused(self._refresh_paused)

    def _refresh_paused(self) -> None:
        """While a run is paused (the training thread, see TrainControl.while_paused)."""
        if self.trainer is not None:
            self._emit(force=True, with_model=False)

    def inspect(self, index: int, target: Optional[int], drawing: Optional[np.ndarray] = None) -> None:
        """The layers view looks at validation image ``index``, or at ``drawing`` (a (c, h, w)
        uint8 image drawn by the user), the saliency of class ``target`` (None: the predicted
        class); any thread may call this. While a run is paused, the training thread sends the
        new picture at once (else it comes with the next update)."""
        self._inspected = (index, target, drawing)
        self._inspections += 1
        self.control.while_paused(self._send_inside)

    def wants(self, what: str) -> bool:
        """True while a view that needs ``what`` (weights, network, landscape, model) is shown."""
        return what in self._computed

    @property
    def dropout_on(self) -> bool:
        return self._showing.dropout_on

    # --- commands ---
    def prepare(self, config: RunConfig) -> None:
        """Build a fresh trainer for ``config`` (new data, new weights) and announce it."""
        try:
            self._build(config)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as text
            self.report(exc)

    def load_weights(self, config: RunConfig, state_dict: dict) -> None:
        """Build a trainer for ``config`` and give it saved weights (a loaded model)."""
        try:
            self._build(config, {name: torch.from_numpy(value) for name, value in state_dict.items()})
        except Exception as exc:  # noqa: BLE001
            self.report(exc)

    def evaluate_test(self) -> None:
        """Score the current model on the test set (once) and record it with the run."""
        try:
            if self.trainer is None:
                raise NNStudioError("there is no model yet")
            result = self.trainer.evaluate_test()
        except NNStudioError as exc:
            self.send(Failed(f"Test set not evaluated: {exc}."))
            return
        except Exception as exc:  # noqa: BLE001
            self.report(exc)
            return
        if self.recorder is not None:
            self.recorder.set_test(result)
        self.send(TestEvaluated(result))

    @contextlib.contextmanager
    def _own_core(self) -> Iterator[None]:
        """While a run that trains on one thread goes on, this process keeps to the core the
        thread runs on; the window is told (CoreTaken) before and after."""
        planned = (core_for_training() if self.separate_cores and torch_threads_for(self.trainer) == 1
                   else None)
        if planned is None or not keep_process_to({planned[0]}):
            yield
            return
        cpu, every = planned
        self.send(CoreTaken(cpu))
        try:
            yield
        finally:
            keep_process_to(every)
            self.send(CoreTaken(None))

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
            self.send(Advised(advise(config, DataFacts.of(self.trainer.dataset))))
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
            self.send(RunFinished(result, recorder.run_id if recorder else None,
                                  recorder.problem if recorder else None))
        except Exception as exc:  # noqa: BLE001
            self.report(exc)

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
            task_reason=dataset.task_reason,
        )
        try:
            # Every run from the window lands in the history, its epochs committed ten times a
            # second (a commit per epoch costs a small net up to a fifth of its speed).
            self.recorder = RunRecorder(commit_every_s=RECORD_EVERY_S)
            self.replay = SentReplay()
            self.distributions = DistributionCallback()
            trainer = Trainer(config, dataset=dataset, control=self.control,
                              callbacks=[self.distributions, _Bridge(self), self.recorder,
                                         ReplayCallback(self.replay, self._frame_now)])
        except NNStudioError:
            self.send(Prepared(info))
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
        self._progress = None
        self._sent_data_version = trainer.data_version
        info.model = self._model_state()
        self.send(Prepared(info))
        self._emit(force=True, with_model=False)  # the window has just been sent the model

    def _add_path_point(self, model) -> None:
        """The landscape path's next point: (w, b) of a one-neuron model, or the projection of
        the weights on the random plane (only while the landscape is shown: it costs a copy of
        every weight per epoch)."""
        if self._path is None:
            return
        if self._landscape_plane is None:
            self._path.append(linear_parameters(model))
        elif self.wants("landscape"):
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

    def report(self, exc: Exception) -> None:
        if isinstance(exc, NNStudioError):
            message = str(exc)
        elif isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in str(exc):
            message = "the device ran out of memory; try a smaller batch size or model"
        else:
            message = f"training failed: {type(exc).__name__}: {exc}"
            traceback.print_exc()
        self.send(Failed(message))

    def paused(self) -> None:
        """A pause takes hold (training thread): record and show every epoch trained so far."""
        if self.trainer is None:
            return
        if self.recorder is not None:
            self.recorder.flush()
        self._emit(force=True)

    def update_shown(self) -> None:
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
        self._progress = Progress(epoch=trainer.epoch, total_epochs=trainer.total_epochs, step=step,
                                  steps_per_epoch=trainer.steps_per_epoch,
                                  samples_per_s=new[-1].samples_per_s if new else 0.0, lr=trainer.lr,
                                  best_epoch=trainer.history.best_epoch)
        update = Update(self._progress, new_epochs=list(new))
        if trainer.data_version != self._sent_data_version:
            self._sent_data_version = trainer.data_version
            update.add(TrainPoints(trainer.dataset.points("train").numpy().copy(),
                                   trainer.dataset.train.y.numpy().copy()))
        if self._path is not None:
            update.add(LandscapePath(np.array(self._path)))
        if self.wants("landscape") and self._landscape_plane is not None:
            landscape = self._plane_landscape(trainer, force)
            if landscape is not None:
                update.add(LandscapePlane(landscape))
        weights = None
        if self.wants("weights"):
            weights = weight_summary(trainer.model)
            x, y = trainer.train_part.x[:GRADIENT_BATCH], trainer.train_part.y[:GRADIENT_BATCH]
            transform = trainer.batch_transform()
            update.add(WeightStats(weights, gradient_sizes(
                trainer.model, trainer.loss_fn, transform(x) if transform else x, y), trainer.epoch))
        if self.wants("distributions") and (force or now - self._distributions_at >= DISTRIBUTIONS_EVERY_S):
            self._distributions_at = now
            update.add(WeightDistributions(self.distributions.history()))
        if self.wants("network"):
            update.add(NetworkState(network_picture(trainer.model, trainer.dataset, trainer.task)))
        if self.wants("layers") and trainer.dataset.is_image:
            picture = self._inside(trainer, force, now)
            if picture is not None:
                update.add(LayerOutputs(picture))
        if trainer.dataset.is_image:
            probabilities = trainer.predict(trainer.dataset.val.x[:SAMPLE_IMAGES])
            update.add(ImagePredictions(probabilities.argmax(axis=1), probabilities.max(axis=1)))
        pending = None
        if self.grids_elsewhere and not self.dropout_on and self._grid_plan is not None:
            pending = self._grid_plan.pending(trainer.model, trainer.task)  # None: not a plain MLP
            if pending is not None:
                update.add(PendingBoundary(pending))
        grid = curve = None
        if pending is None:
            grid, curve = self._plane(trainer, train_mode=self.dropout_on)
            if grid is not None:
                update.add(BoundaryGrid(*grid))
            if curve is not None:
                update.add(FitCurve(*curve))
        # The coarse grid around the data's goes with each new fine one, from the same model:
        # a coarse grid a few updates older meets the fine one in a visible seam while training.
        with_fine = pending is not None or grid is not None
        if pending is not None and self._outer_due(force, with_fine):
            outer_pending = self._outer_plan.pending(trainer.model, trainer.task)
            if outer_pending is not None:
                self._outer_at = time.monotonic()
                update.add(PendingOuter(outer_pending))
        else:
            outer = self._outer(trainer, force, train_mode=self.dropout_on, with_fine=with_fine)
            if outer is not None:
                update.add(OuterGrid(*outer))
        news = ReplayNews()
        if step == 0 and not self.dropout_on and (grid is not None or curve is not None or pending is not None):
            self.replay.add(replay_frame(trainer.epoch, grid, curve, weights), sent=True, pending=pending)
            news.this_update = True
        news.frames, news.kept = self.replay.take_news()
        update.add(news)
        if (force and with_model) or (self.wants("model") and now - self._model_at >= 1.0):
            update.add(ModelWeights(self._model_state()))
        self.send(update)

    def _inside(self, trainer: Trainer, force: bool, now: float) -> Optional[InsidePicture]:
        """Inside the model for the image the layers view looks at: when it asks for another
        image or class, and at most LAYERS_EVERY_S apart while training (a forward and a
        backward pass of one image: milliseconds)."""
        index, target, drawing = self._inspected
        val = trainer.dataset.val
        if drawing is not None and tuple(drawing.shape) == tuple(val.x.shape[1:]):
            key = (-1, target, self._inspections)
            image = torch.as_tensor(drawing)
            if val.x.dtype != torch.uint8:  # a set of float images in 0..1
                image = image.to(val.x.dtype) / 255.0
            index, label = -1, -1
        elif len(val) == 0:
            return None
        else:
            index %= len(val)
            key = (index, target)
            image, label = torch.as_tensor(val.x[index]), int(val.y[index])
        if not force and key == self._layers_sent and now - self._layers_at < LAYERS_EVERY_S:
            return None
        self._layers_sent, self._layers_at = key, now
        return inside_picture(trainer.model, image, trainer.batch_transform(),
                              index=index, label=label, target=target, epoch=trainer.epoch)

    def _send_inside(self) -> None:
        """While a run is paused (the training thread, see TrainControl.while_paused): an update
        with only the layers view's picture, for the image and class it asks for now."""
        trainer = self.trainer
        if trainer is None or not (self.wants("layers") and trainer.dataset.is_image):
            return
        picture = self._inside(trainer, True, time.monotonic())
        if picture is not None:
            progress = self._progress or Progress(epoch=trainer.epoch, total_epochs=trainer.total_epochs,
                                                  steps_per_epoch=trainer.steps_per_epoch, lr=trainer.lr)
            self.send(Update(progress, parts={LayerOutputs: LayerOutputs(picture)}))

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
            n_outputs=dataset.n_outputs, epoch=trainer.model_epoch,
            state={name: value.detach().cpu().numpy().copy() for name, value in trainer.model.state_dict().items()},
            dataset_name=dataset.name, normalise=normalise, path=trainer.path, device=str(trainer.device),
            n_params=trainer.n_params, preprocessing=trainer.preprocessing.to_json(),
        )

    def set_plane_bounds(self, bounds) -> None:
        """Shade this part of the plane ((x_low, x_high), (y_low, y_high)), what the boundary view
        shows, around the data's. Called from the GUI thread; the grid is rebuilt here."""
        self._wanted_bounds = bounds

    def _outer_due(self, force: bool, with_fine: bool) -> bool:
        """True when the coarse grid over the view is to be sent with this update: with every
        fine grid, at once when the view changed or ``force``, else OUTER_HZ times a second.
        (Builds its plan for the part of the plane in view.)"""
        wanted = self._wanted_bounds
        if self._grid_plan is None or wanted is None:
            return False
        if self._outer_plan is None or self._outer_plan.bounds != wanted:
            self._outer_plan = GridPlan(wanted, grid_resolution(wanted, OUTER_CELLS, OUTER_MOST),
                                        self._grid_plan.points.device, self._grid_features)
            return True
        return force or with_fine or time.monotonic() - self._outer_at >= 1.0 / OUTER_HZ

    def _outer(self, trainer: Trainer, force: bool, train_mode: bool = False,
               with_fine: bool = False) -> Optional[tuple]:
        """The coarse grid over the view (x, y, probabilities) when due (see _outer_due); None
        when not."""
        if not self._outer_due(force, with_fine):
            return None
        self._outer_at = time.monotonic()
        grid = self._outer_plan.evaluate(trainer.model, trainer.task, train_mode=train_mode)
        return grid.x, grid.y, as_half(grid.probabilities)

    def _plane(self, trainer: Trainer, train_mode: bool = False) -> tuple[Optional[tuple], Optional[tuple]]:
        """The boundary grid over the data (2D classification) or the fit curve (1D regression)."""
        if self._grid_plan is not None:
            return grid_arrays(self._grid_plan.evaluate(trainer.model, trainer.task, train_mode=train_mode)), None
        if trainer.task == "regression" and trainer.dataset.input_shape == (1,):
            curve = fit_curve(trainer.model, trainer.dataset.bounds(margin=0.05), 200, trainer.device)
            return None, (curve.x, curve.y)
        return None, None

    def _frame_now(self, trainer: Trainer) -> Optional[ReplayFrame]:
        """A replay frame of the current epoch (called by the ReplayCallback between epochs)."""
        grid, curve = self._plane(trainer)
        if grid is None and curve is None:
            return None
        weights = weight_summary(trainer.model) if self.wants("weights") else None
        return replay_frame(trainer.epoch, grid, curve, weights)


class SentReplay(ReplayRecorder):
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
            replay_frame(frame.epoch, grid_arrays(pending[frame.epoch].evaluate()), frame.curve, frame.weights)
            if frame.grid is None and frame.epoch in pending else frame
            for frame in self.frames()
        ]


def grid_arrays(grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return grid.x, grid.y, as_half(grid.probabilities)


def as_half(probabilities: np.ndarray) -> np.ndarray:
    """Probabilities as float16: what the window draws (a colour and the 0.5 contour need no
    more) and the replay keeps (300 frames of a 100 × 100 boundary take ~12 MB, not 24). Half
    the bytes to send 30 times a second; torch converts ~10 x faster than numpy's astype."""
    if probabilities.dtype == np.float16:
        return probabilities
    return torch.from_numpy(np.ascontiguousarray(probabilities, dtype=np.float32)).half().numpy()


def replay_frame(epoch: int, grid, curve, weights) -> ReplayFrame:
    """A replay frame; its probabilities as float16 (see as_half)."""
    if grid is not None:
        grid = (grid[0], grid[1], as_half(grid[2]))
    return ReplayFrame(epoch, grid=grid, curve=curve, weights=weights)


class _StepProgress(Callback):
    """Progress within long epochs (image sets). Only added when epochs are long: a step hook
    makes the fast path write the weights back after every step."""

    def __init__(self, session: TrainingSession) -> None:
        self.session = session

    def on_step_end(self, trainer, step, steps_per_epoch) -> None:
        if step % 16 == 0:
            self.session._emit(step=step)


class _Bridge(Callback):
    """Turns the Trainer's hooks into the session's throttled reports."""

    def __init__(self, session: TrainingSession) -> None:
        self.session = session

    def on_epoch_end(self, trainer, metrics) -> None:
        self.session._add_path_point(trainer.model)
        stepping = trainer.control.step_ended
        # A run paced at 30 epochs a second or slower shows every epoch as it ends (the throttle
        # would hold some back for a whole wait between epochs).
        slow = trainer.control.seconds_per_epoch >= UPDATE_INTERVAL_S
        self.session._emit(force=stepping or slow)
        if stepping:
            self.session.send(StepEnded())


def _same_run(current: RunConfig, new: RunConfig) -> bool:
    """True when ``new`` differs from ``current`` only in what can change mid-run."""
    live = {"lr", "epochs"}
    return (
        current.data == new.data
        and current.model == new.model
        and current.train.model_dump(exclude=live) == new.train.model_dump(exclude=live)
    )
