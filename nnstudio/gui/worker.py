"""The training worker: the window's side of the training process.

Training runs in a process of its own (:func:`nnstudio.gui.training_session.serve`), not in a
thread of the GUI's: Python lets one thread at a time run Python code, and a window that redraws
its curves and boundary 30 times a second would take about half of that from a small network
that trains a thousand epochs a second. In a process of its own the Trainer keeps a core to
itself, and the window stays responsive whatever it trains.

:class:`TrainingWorker` is a QObject in the GUI thread. Its slots send commands down a pipe; a
reader QThread receives the process's messages (numpy copies, never tensors) and the worker
turns them into the same signals a thread worker would emit. Pause, resume, stop, single steps,
a new learning rate and click-to-teach points go through :attr:`TrainingWorker.control`, a
TrainControl whose requests reach the running Trainer at once. The worker keeps a CPU copy of
the model (:class:`ModelCopy`: save, predict, draw a sample) and of the replay's frames. For a
plain MLP on the CPU the process sends the weights with each update and the reader thread
computes the boundary grid from them, on this process's core (a 100 × 100 grid through a 64-64
net would take the training process a tenth of its time, 30 times a second).

If the process dies (killed, out of memory), the window says so and a new process is started;
closing the window stops the run (its epochs and model are kept in the history) and ends the
process within about a second.
"""

from __future__ import annotations

import gc
import os
import threading
import time
import traceback
from types import SimpleNamespace
from typing import Optional

import numpy as np
import torch
from PySide6.QtCore import QObject, QThread, Signal, Slot

from nnstudio.core.config import RunConfig
from nnstudio.core.models import build_model
from nnstudio.core.train import TrainControl
from nnstudio.core.train.trainer import predict
from nnstudio.core.viz.replay import ReplayFrame
from nnstudio.gui import cores
from nnstudio.gui.process_start import context, training_environment
from nnstudio.gui.training_session import (  # noqa: F401 - re-exported for the views
    ModelState,
    RunFinished,
    RunInfo,
    Snapshot,
    _grid_tuple,
    _replay_frame,
    serve,
)

STOP_WAIT_S = 0.7  # how long a closing window waits for the process to finish its step
EARLY_DEATH_S = 5.0  # a process that dies this soon after its start is not started again


class RemoteControl(TrainControl):
    """The window's TrainControl: every request also goes to the training process at once."""

    def __init__(self, forward) -> None:
        super().__init__()
        self._forward = forward

    def pause(self) -> None:
        super().pause()
        self._forward("pause")

    def resume(self) -> None:
        super().resume()
        self._forward("resume")

    def request_stop(self) -> None:
        super().request_stop()
        self._forward("request_stop")

    def request_step(self) -> None:
        super().request_step()
        self._forward("request_step")

    def set_lr(self, lr: float) -> None:
        self._forward("set_lr", float(lr))

    def queue_point_edit(self, edit) -> None:
        self._forward("queue_point_edit", edit)

    def clear(self) -> None:
        super().clear()
        self._forward("clear")


class ModelCopy:
    """The window's copy of the trained model, on the CPU: refreshed at the end of every run or
    step, when a pause takes hold, and about once a second while drawing a sample needs it."""

    def __init__(self, state: ModelState) -> None:
        self.model: Optional[torch.nn.Module] = None
        self.update(state)

    def update(self, state: ModelState) -> None:
        same = (self.model is not None and state.config.model == self.config.model
                and state.input_shape == self.dataset.input_shape and state.n_outputs == self.dataset.n_outputs)
        if not same:
            self.model = build_model(state.config.model, state.input_shape, state.n_outputs, state.task)
        self.model.load_state_dict({name: torch.from_numpy(value) for name, value in state.state.items()})
        self.model.eval()
        self.config = state.config
        self.task = state.task
        self.epoch = state.epoch
        self.path = state.path
        self.training_device = state.device
        self.n_params = state.n_params
        self.dataset = SimpleNamespace(name=state.dataset_name, input_shape=state.input_shape,
                                       n_outputs=state.n_outputs)
        self._normalise = state.normalise

    def batch_transform(self):
        """Raw uint8 images to what the model takes (None for other data), as the Trainer does."""
        if self._normalise is None:
            return None
        mean, std = self._normalise
        return lambda x: (x.float() / 255.0 - mean) / std

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Like Trainer.predict: values for regression, class probabilities for classification."""
        return predict(self.model, x, self.task, torch.device("cpu"), self.batch_transform())


class ReplayCopy:
    """The window's copy of the training process's replay frames (what the replay bar reads)."""

    def __init__(self) -> None:
        self._frames: dict[int, ReplayFrame] = {}

    def clear(self) -> None:
        self._frames = {}

    def follow(self, snapshot: Snapshot) -> None:
        for frame in snapshot.replay_new:
            self._frames[frame.epoch] = frame
        if snapshot.replay_this:
            self._frames[snapshot.epoch] = _replay_frame(snapshot.epoch, snapshot.grid, snapshot.curve,
                                                         snapshot.weights)
        if snapshot.replay_kept is not None:
            kept = set(snapshot.replay_kept)
            self._frames = {epoch: frame for epoch, frame in self._frames.items() if epoch in kept}

    def frames(self) -> list[ReplayFrame]:
        return [self._frames[epoch] for epoch in sorted(self._frames)]

    def __len__(self) -> int:
        return len(self._frames)


class _Reader(QThread):
    """Receives the training process's messages; each one is handed to the GUI thread."""

    received = Signal(object)
    lost = Signal()  # the pipe closed while the window still wanted the process

    def __init__(self, connection, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingThread")
        self.connection = connection
        self.closing = False
        self.native_id: Optional[int] = None

    def run(self) -> None:
        self.native_id = threading.get_native_id()  # the OS's id of this thread (its CPU affinity)
        try:
            while True:
                message = self.connection.recv()
                if message[0] == "update" and message[1].pending_grid is not None:
                    _complete_grid(message[1])
                self.received.emit(message)
        except (EOFError, OSError):
            pass
        if not self.closing:
            self.lost.emit()


def _complete_grid(snapshot: Snapshot) -> None:
    """Compute the boundary grid the training process sent the weights for (a plain MLP on the
    CPU): here, the core that trains does not spend a tenth of its time drawing (about 3 ms a
    grid of 100 × 100 through a 64-64 net, 30 times a second)."""
    pending, snapshot.pending_grid = snapshot.pending_grid, None
    # On one torch thread: a second one would spin on the core the training process trains on.
    # The setting is partly process-wide (MKL's), so it is restored at once.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        grid = pending.evaluate()
    except Exception:  # noqa: BLE001 - a grid not drawn must not end the reader (and the run)
        traceback.print_exc()
        return
    finally:
        torch.set_num_threads(threads)
    snapshot.grid = _grid_tuple(grid)


def _flag(name: str) -> property:
    def get(self) -> bool:
        return self._flags[name]

    def set_(self, value: bool) -> None:
        self._flags[name] = bool(value)
        self._send("set", (name, bool(value)))

    return property(get, set_, doc=f"Sent to the training process: {name}.")


_COLLECTOR: list = []  # the process's one GarbageCollector, once a worker exists


def _collect_in_gui_thread() -> None:
    """Run Python's cyclic garbage collector from the GUI thread only (a timer, 4 times a
    second), never on its own in whichever thread allocates. The reader thread allocates a lot
    (every update is unpickled there); a collection started there that freed a closed window's
    Qt objects deadlocked with the GUI thread (each waiting for what the other held: the GIL,
    Qt's connection lock). pyqtgraph's GarbageCollector does exactly this."""
    if not _COLLECTOR:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        # What exists now (torch, Qt, the modules: millions of objects) is left out of the full
        # collections to come, which would otherwise freeze the GUI for ~200 ms each.
        gc.collect()
        gc.freeze()
        _COLLECTOR.append(GarbageCollector(interval=0.25))


class TrainingWorker(QObject):
    """Drives the training process. Same slots and signals as a worker running the Trainer in a
    thread; call the slots from the GUI thread (directly or through queued signals)."""

    trainerReady = Signal(object)  # RunInfo
    updated = Signal(object)  # Snapshot
    stepFinished = Signal()  # a single-epoch step ended; the run is now paused
    testEvaluated = Signal(object)  # dict: test_loss, test_acc, epoch
    runFinished = Signal(object)  # RunResult
    errored = Signal(str)

    want_weights = _flag("want_weights")  # the weights dock is shown
    want_network = _flag("want_network")  # the network dock is shown
    want_landscape = _flag("want_landscape")  # the landscape dock is shown
    want_model = _flag("want_model")  # the model itself, about once a second (draw a sample)
    dropout_on = _flag("dropout_on")  # draw the boundary in train mode (dropout active)

    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        _collect_in_gui_thread()
        self.control = RemoteControl(lambda method, *args: self._send("control", (method, args)))
        self.trainer: Optional[ModelCopy] = None
        self.recorder = SimpleNamespace(run_id=None, problem=None)  # the last run's record
        self.replay = ReplayCopy()
        self._flags = dict.fromkeys(["want_weights", "want_network", "want_landscape", "want_model",
                                     "dropout_on"], False)
        self._bounds = None
        self._lock = threading.Lock()
        self._closed = False
        # The core a one-thread run keeps to (None: no such run), which this process's threads
        # keep off meanwhile (see gui/cores.py); every core they may use otherwise.
        self.training_core: Optional[int] = None
        self._cpus = cores.available()
        self.process = None
        self.reader: Optional[_Reader] = None
        self._start_process()

    # --- slots ---
    @Slot(object)
    def prepare(self, config: RunConfig) -> None:
        """Build a fresh trainer for ``config`` (new data, new weights) and announce it."""
        self._send("prepare", config)

    @Slot(object, object)
    def load_weights(self, config: RunConfig, state_dict: dict) -> None:
        """Build a trainer for ``config`` and give it saved weights (a loaded model)."""
        state = {name: value.detach().cpu().numpy() for name, value in state_dict.items()}
        self._send("load_weights", (config, state))

    @Slot()
    def evaluate_test(self) -> None:
        """Score the current model on the test set (once) and record it with the run."""
        self._send("evaluate_test", ())

    @Slot()
    def refresh(self) -> None:
        """Send the views a fresh update (e.g. after switching dropout on or off)."""
        self._send("refresh", ())

    @Slot(object)
    def run(self, config: RunConfig) -> None:
        """Train with ``config``: the current trainer goes on if only the LR or epochs changed."""
        if self.trainer is not None:
            self.trainer.config = config
        self._send("run", config)

    def set_plane_bounds(self, bounds) -> None:
        """Shade this part of the plane ((x_low, x_high), (y_low, y_high)) around the data's."""
        self._bounds = bounds
        self._send("set_plane_bounds", (bounds,))

    def snapshot_shown(self) -> None:
        """The window has drawn the last update: the process may send the next one."""
        self._send("snapshot_shown", ())

    def shutdown(self) -> None:
        """Stop any run and end the process (within about a second)."""
        if self._closed:
            return
        self._closed = True
        self.reader.closing = True
        self._send("control", ("request_stop", ()))
        self._send("quit", ())
        self._end_process(STOP_WAIT_S)
        self._share_cores(None)

    # --- the process ---
    def _start_process(self) -> None:
        start = context()
        commands, self._commands = start.Pipe(duplex=False)
        self._messages, messages = start.Pipe(duplex=False)
        self.process = start.Process(target=serve, args=(commands, messages, dict(os.environ)),
                                       name="nnstudio-training", daemon=True)
        with training_environment():
            self.process.start()
        self._started_at = time.monotonic()
        commands.close()  # the process has its own ends now: the pipe reports its end as EOF
        messages.close()
        self.reader = _Reader(self._messages, self)
        self.reader.received.connect(self._on_message)
        self.reader.lost.connect(self._on_lost)
        self.reader.start()
        for name, value in self._flags.items():
            if value:
                self._send("set", (name, value))
        if self._bounds is not None:
            self._send("set_plane_bounds", (self._bounds,))

    def _end_process(self, wait_s: float) -> None:
        process = self.process
        process.join(wait_s)
        if process.is_alive():  # a long step (a big batch on a slow device): do not wait for it
            process.terminate()
            process.join(1.0)
            if process.is_alive():  # pragma: no cover - stuck in a system call
                process.kill()
                process.join(1.0)
        self._commands.close()
        self.reader.wait(2000)
        self._messages.close()

    def _send(self, kind: str, payload: object) -> None:
        with self._lock:  # the control may be used from other threads (a stop timer)
            try:
                self._commands.send((kind, payload))
            except (OSError, ValueError):
                pass  # the process has gone: the reader reports it (or the window is closing)

    @Slot()
    def _on_lost(self) -> None:
        if self._closed:
            return
        code = self.process.exitcode
        lived = time.monotonic() - self._started_at
        self._end_process(0.5)
        self._share_cores(None)  # before a new reader (or process) inherits this thread's cores
        self.trainer = None
        if lived < EARLY_DEATH_S and self._early_deaths >= 1:  # it cannot start: do not loop
            self._closed = True
            self.errored.emit(f"the training process could not start (exit code {code}); "
                              "see the terminal for the reason, then restart nnstudio")
            return
        self._early_deaths = self._early_deaths + 1 if lived < EARLY_DEATH_S else 0
        self._start_process()
        self.errored.emit(
            f"the training process stopped unexpectedly (exit code {code}), perhaps out of memory; "
            "a new one has been started: press Train to begin again"
        )

    _early_deaths = 0
    _started_at = 0.0

    def _share_cores(self, core: Optional[int]) -> None:
        """Keep this process's threads off ``core`` (the training thread's), or back on every core."""
        if core == self.training_core or not self._cpus:
            return
        self.training_core = core
        cores.keep_process_to(self._cpus if core is None else self._cpus - {core})

    @Slot(object)
    def _on_message(self, message: tuple) -> None:
        if self._closed:
            return
        kind, payload = message
        if kind == "update":
            if self.trainer is not None:
                self.trainer.epoch = payload.epoch
                if payload.model is not None:
                    self.trainer.update(payload.model)
            self.replay.follow(payload)
            self.updated.emit(payload)
        elif kind == "ready":
            self.trainer = ModelCopy(payload.model) if payload.model is not None else None
            self.replay.clear()
            self.recorder = SimpleNamespace(run_id=None, problem=None)
            self.trainerReady.emit(payload)
        elif kind == "step":
            self.stepFinished.emit()
        elif kind == "finished":
            self.recorder = SimpleNamespace(run_id=payload.run_id, problem=payload.problem)
            self.runFinished.emit(payload.result)
        elif kind == "test":
            self.testEvaluated.emit(payload)
        elif kind == "error":
            self.errored.emit(payload)
        elif kind == "core":
            self._share_cores(payload)
