"""What a user asks of a running Trainer: pause, resume, stop, one epoch, a speed, a new
learning rate, training points to add or remove (click to teach), a look at the model while the run
is paused.

The GUI thread calls the request methods; the training thread calls :meth:`TrainControl.wait_for_epoch`
before each epoch and :meth:`TrainControl.wait` between steps (and, while paused, carries out
what :meth:`TrainControl.while_paused` asked). The common case (nothing asked,
full speed) costs a few attribute reads.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Callable, Optional

from nnstudio.core.train.teaching import PointEdit


class TrainControl:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._paused = False
        self._stop_requested = False
        self._pause_at_epoch_end = False
        self._pending_lr: Optional[float] = None
        self._point_edits: list[PointEdit] = []
        self._epoch_interval = 0.0  # seconds from one epoch's start to the next (0: full speed)
        self._epoch_started = -math.inf  # time.monotonic() when the last epoch began
        self._paused_tasks: list[Callable[[], None]] = []  # for the paused training thread
        self.step_ended = False  # the epoch that just ended was a step (see epoch_ended)

    # --- requests (any thread) ---
    def pause(self) -> None:
        with self._condition:
            self._paused = True
            self._condition.notify_all()  # a paced run waiting for its next epoch pauses at once

    def resume(self) -> None:
        with self._condition:
            self._paused = False
            self._pause_at_epoch_end = False
            self._condition.notify_all()

    def request_stop(self) -> None:
        with self._condition:
            self._stop_requested = True
            self._condition.notify_all()

    def request_step(self) -> None:
        """Run until the end of the current epoch, then pause."""
        with self._condition:
            self._paused = False
            self._pause_at_epoch_end = True
            self._condition.notify_all()

    def set_speed(self, epochs_per_s: Optional[float]) -> None:
        """Run at most ``epochs_per_s`` epochs a second (None: as fast as the device goes). A
        paced run sleeps between epochs; a change applies to the epoch being waited for."""
        if epochs_per_s is not None and not epochs_per_s > 0:
            raise ValueError(f"epochs per second must be positive, got {epochs_per_s!r}")
        with self._condition:
            self._epoch_interval = 1.0 / epochs_per_s if epochs_per_s else 0.0
            self._condition.notify_all()

    @property
    def speed(self) -> Optional[float]:
        """The epochs per second asked for (None: full speed)."""
        return 1.0 / self._epoch_interval if self._epoch_interval else None

    @property
    def seconds_per_epoch(self) -> float:
        """The time from one epoch's start to the next that the speed asks for (0: full speed)."""
        return self._epoch_interval

    def set_lr(self, lr: float) -> None:
        """Apply a new learning rate before the next step."""
        self._pending_lr = float(lr)

    def queue_point_edit(self, edit: PointEdit) -> None:
        """Add or remove a training point before the next epoch (click to teach)."""
        with self._condition:
            self._point_edits.append(edit)

    def while_paused(self, task: Callable[[], None]) -> bool:
        """While the run is paused, have the training thread call ``task`` as it waits (the model
        is current and nothing else uses it then); a step that is about to pause calls it once
        paused. Returns False, and keeps nothing, when the run is not paused: the next epoch or
        update takes care of what the task would have done. A task left when the run resumes or
        stops is dropped."""
        with self._condition:
            if not (self._paused or self._pause_at_epoch_end) or self._stop_requested:
                return False
            self._paused_tasks.append(task)
            self._condition.notify_all()
            return True

    def clear(self) -> None:
        """Forget every request (before a new run)."""
        with self._condition:
            self._paused = False
            self._stop_requested = False
            self._pause_at_epoch_end = False
            self._pending_lr = None
            self._point_edits = []
            self._paused_tasks = []
            self._epoch_started = -math.inf
            self.step_ended = False

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def pausing_at_epoch_end(self) -> bool:
        """True while a single-epoch step is running (it pauses when the epoch ends)."""
        return self._pause_at_epoch_end

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    # --- the training thread ---
    def wait(self) -> bool:
        """Block while paused. Returns False when the run should stop."""
        if not self._paused:
            return not self._stop_requested
        with self._condition:
            while self._paused and not self._stop_requested:
                if self._paused_tasks:
                    tasks, self._paused_tasks = self._paused_tasks, []
                    self._condition.release()  # a request may come while a task runs
                    try:
                        for task in tasks:
                            task()
                    finally:
                        self._condition.acquire()
                    continue
                self._condition.wait(timeout=0.25)
            self._paused_tasks = []
            return not self._stop_requested

    def wait_for_epoch(self) -> bool:
        """Before an epoch: sleep until it is due at the chosen speed (a pause, a stop, a step or
        a new speed wakes it), then block while paused. Returns False when the run should stop."""
        if self._epoch_interval:
            with self._condition:
                while not (self._paused or self._stop_requested or self._pause_at_epoch_end):
                    remaining = self._epoch_started + self._epoch_interval - time.monotonic()
                    if remaining <= 0:
                        break
                    self._condition.wait(timeout=remaining)
        going_on = self.wait()
        self._epoch_started = time.monotonic()
        return going_on

    def take_point_edits(self) -> list[PointEdit]:
        """The point edits queued since the last call (usually none: one attribute read)."""
        if not self._point_edits:
            return []
        with self._condition:
            edits, self._point_edits = self._point_edits, []
        return edits

    def take_lr(self) -> Optional[float]:
        lr, self._pending_lr = self._pending_lr, None
        return lr

    def epoch_ended(self) -> bool:
        """The training thread, as an epoch ends (before its callbacks see it): a step asked for
        before now pauses here. Returns (and keeps in :attr:`step_ended`, for those callbacks)
        whether this epoch was a step; a step asked for later runs the next epoch."""
        with self._condition:
            self.step_ended = self._pause_at_epoch_end
            if self._pause_at_epoch_end:
                self._pause_at_epoch_end = False
                self._paused = True
            return self.step_ended
