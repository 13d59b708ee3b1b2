"""The window's end of the training process: a pipe for commands, a reader thread for reports.

Training runs in a process of its own (:func:`nnstudio.session.server.serve`), not in a thread of
the window's: Python lets one thread at a time run Python code, and a window that redraws its
curves and boundary 30 times a second would take about half of that from a small network that
trains a thousand epochs a second. In a process of its own the Trainer keeps a core to itself,
and the window stays responsive whatever it trains.

For a plain MLP on the CPU the process sends the weights with each update and the reader thread
computes the boundary grid from them here (a 100 × 100 grid through a 64-64 net would take the
training process a tenth of its time, 30 times a second). While a one-thread run keeps to one
core, this process's threads keep off it (see session/cores.py).
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Callable, Optional

import torch

from nnstudio.session import cores
from nnstudio.session.process import context, package_entry_point, training_environment
from nnstudio.session.protocol import (
    BoundaryGrid,
    Command,
    CoreTaken,
    OuterGrid,
    PendingBoundary,
    PendingOuter,
    Quit,
    Report,
    Update,
)
from nnstudio.session.server import serve
from nnstudio.session.training import grid_arrays

EARLY_DEATH_S = 5.0  # a process that dies this soon after its start is not started again


@dataclass
class ProcessLost:
    """The training process ended while the window still wanted it (killed, out of memory)."""

    lived_s: float  # how long it ran


class TrainingLink:
    """Starts a training process and carries messages both ways. ``on_report`` is called from
    the reader thread with every report (and a :class:`ProcessLost`); the caller hands it to
    whichever thread it draws in. :meth:`send` may be called from any thread."""

    def __init__(self, on_report: Callable[[object], None]) -> None:
        self._on_report = on_report
        self._lock = threading.Lock()
        self.closed = False
        # The core a one-thread run keeps to (None: no such run), which this process's threads
        # keep off meanwhile; every core they may use otherwise.
        self.training_core: Optional[int] = None
        self._cpus = cores.available()
        self.process = None
        self.reader: Optional[threading.Thread] = None
        self.started_at = 0.0
        self._generation = 0  # each process's reader reports its loss only while it is current
        self.start()

    def start(self) -> None:
        """Start a (new) training process and its reader."""
        start = context()
        commands, self._commands = start.Pipe(duplex=False)
        self._messages, messages = start.Pipe(duplex=False)
        self.process = start.Process(target=serve, args=(commands, messages, dict(os.environ)),
                                     name="nnstudio-training", daemon=True)
        with training_environment(), package_entry_point():
            self.process.start()
        self.started_at = time.monotonic()
        commands.close()  # the process has its own ends now: the pipe reports its end as EOF
        messages.close()
        self._generation += 1
        self.reader = threading.Thread(target=self._read, args=(self._messages, self._generation),
                                       name="trainingReader", daemon=True)
        self.reader.start()

    def send(self, command: Command) -> None:
        with self._lock:  # the control may be used from other threads (a stop timer)
            try:
                self._commands.send(command)
            except (OSError, ValueError):
                pass  # the process has gone: the reader reports it (or the window is closing)

    def end_process(self, wait_s: float) -> None:
        """Let the process finish (``wait_s``), then end it and its reader."""
        self._generation += 1
        process = self.process
        process.join(wait_s)
        if process.is_alive():  # a long step (a big batch on a slow device): do not wait for it
            process.terminate()
            process.join(1.0)
            if process.is_alive():  # pragma: no cover - stuck in a system call
                process.kill()
                process.join(1.0)
        self._commands.close()
        self.reader.join(2.0)
        self._messages.close()
        self.share_cores(None)

    def shutdown(self, wait_s: float) -> None:
        """Stop any run and end the process (within about ``wait_s`` + a second)."""
        if self.closed:
            return
        self.closed = True
        self.send(Quit())
        self.end_process(wait_s)

    def share_cores(self, core: Optional[int]) -> None:
        """Keep this process's threads off ``core`` (the training thread's), or back on every core."""
        if core == self.training_core or not self._cpus:
            return
        self.training_core = core
        cores.keep_process_to(self._cpus if core is None else self._cpus - {core})

    def _read(self, connection, generation: int) -> None:
        try:
            while True:
                report: Report = connection.recv()
                if isinstance(report, Update) and report.part(PendingBoundary) is not None:
                    complete_boundary(report)
                elif isinstance(report, CoreTaken):
                    self.share_cores(report.cpu)
                    continue
                self._on_report(report)
        except (EOFError, OSError):
            pass
        if generation == self._generation and not self.closed:
            self.share_cores(None)
            self._on_report(ProcessLost(time.monotonic() - self.started_at))


def complete_boundary(update: Update) -> None:
    """Compute the boundary grids the training process sent the weights for (a plain MLP on the
    CPU): here, the core that trains does not spend a tenth of its time drawing. The coarse grid
    over the rest of the view, when it came too, from the same weights."""
    # On one torch thread: a second one would spin on the core the training process trains on.
    # The setting is partly process-wide (MKL's), so it is restored at once.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for pending_kind, grid_kind in ((PendingBoundary, BoundaryGrid), (PendingOuter, OuterGrid)):
            part = update.part(pending_kind)
            if part is None:
                continue
            update.drop(pending_kind)
            try:
                grid = part.pending.evaluate()
            except Exception:  # noqa: BLE001 - a grid not drawn must not end the reader (and the run)
                traceback.print_exc()
                continue
            update.add(grid_kind(*grid_arrays(grid)))
    finally:
        torch.set_num_threads(threads)
