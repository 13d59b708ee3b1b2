"""The training process's main function: a :class:`TrainingSession` driven by the commands that
arrive on a pipe, reporting on another (the messages of :mod:`nnstudio.session.protocol`)."""

from __future__ import annotations

import os
import queue
import signal
import threading
from typing import Callable

from nnstudio.core.train import TrainControl
from nnstudio.session.protocol import (
    AT_ONCE,
    Control,
    EvaluateTest,
    InspectSample,
    LoadWeights,
    PlaneInView,
    Prepare,
    Quit,
    Refresh,
    Report,
    Run,
    Show,
    UpdateShown,
)
from nnstudio.session.training import TrainingSession


class _ProcessControl(TrainControl):
    """The training process's TrainControl. When a pause takes hold, the window first gets an
    update with the model as it is (otherwise the epochs since the last update, at most 1/30 s of
    them, would wait for the run to resume to be shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.on_pause: Callable[[], None] = lambda: None

    def wait(self) -> bool:
        if self.paused and not self.stop_requested:
            self.on_pause()
        return super().wait()


# TrainControl requests the window may make (Control.method).
CONTROL_METHODS = {"pause", "resume", "request_stop", "request_step", "set_speed", "set_lr", "queue_point_edit",
                   "clear"}


def serve(commands, messages, environment: dict[str, str]) -> None:
    """Carry out the commands arriving on ``commands`` (a multiprocessing Connection) and report
    on ``messages`` until :class:`Quit` arrives or the window's end of the pipe closes.

    Prepare, LoadWeights, Run, EvaluateTest and Refresh run one at a time, in order, in this
    thread; Control, Show, PlaneInView and UpdateShown are carried out at once by the listening
    thread (also mid-run)."""
    os.environ.clear()  # the window's environment (NNSTUDIO_HOME, ...) as it is now
    os.environ.update(environment)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the window

    gone = threading.Event()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def send(report: Report) -> None:
        if not gone.is_set():
            outbox.put(report)

    def post() -> None:
        """Send the reports in order, in a thread of their own: a 60 KB update waits for the
        window to read it (the pipe holds 64 KB), and the training need not wait with it."""
        while (report := outbox.get()) is not None:
            if gone.is_set():
                continue
            try:
                messages.send(report)
            except (OSError, EOFError):  # the window has gone: stop whatever runs
                gone.set()
                control.request_stop()

    control = _ProcessControl()
    session = TrainingSession(control, send)
    session.grids_elsewhere = True  # the window computes the boundary of a CPU MLP: this core trains
    session.separate_cores = True
    control.on_pause = session.paused
    jobs: queue.SimpleQueue = queue.SimpleQueue()

    def at_once(command) -> None:
        if isinstance(command, Control):
            if command.method in CONTROL_METHODS:
                getattr(control, command.method)(*command.args)
        elif isinstance(command, Show):
            session.show(command)
        elif isinstance(command, PlaneInView):
            session.set_plane_bounds(command.bounds)
        elif isinstance(command, InspectSample):
            session.inspect(command.index, command.target, command.drawing)
        elif isinstance(command, UpdateShown):
            session.update_shown()

    def listen() -> None:
        try:
            while not isinstance(command := commands.recv(), Quit):
                if isinstance(command, AT_ONCE):
                    at_once(command)
                else:
                    jobs.put(command)
        except (EOFError, OSError):
            pass
        control.request_stop()
        jobs.put(None)

    threading.Thread(target=listen, name="commands", daemon=True).start()
    sender = threading.Thread(target=post, name="messages", daemon=True)
    sender.start()
    while (job := jobs.get()) is not None:
        try:
            if isinstance(job, Prepare):
                session.prepare(job.config)
            elif isinstance(job, Run):
                session.run(job.config)
            elif isinstance(job, LoadWeights):
                session.load_weights(job.config, job.state)
            elif isinstance(job, EvaluateTest):
                session.evaluate_test()
            elif isinstance(job, Refresh):
                session.refresh()
        except Exception as exc:  # noqa: BLE001 - the session's own handlers missed it
            session.report(exc)
    outbox.put(None)
    sender.join(timeout=1.0)  # a window that stopped reading must not keep this process
    messages.close()
