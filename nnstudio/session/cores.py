"""Keeping a small run's training thread and the window's threads on different cores (Linux).

A small network trains on one thread at full speed while the window draws 30 updates a second.
On two cores the scheduler now and then runs the window's threads on the training thread's core
and moves the training over: measured with bench/gui_responsiveness.py, the window trained
10 - 18 % slower than a headless Trainer; with the two processes kept apart, 0.98 x (only the
training thread kept to its core, or only the GUI thread and the reader off it: no better). So,
for the length of such a run, the training process keeps to the core its training thread runs
on and every thread of the window's process (torch's and Qt's own ones too) keeps off it. Elsewhere (no
``os.sched_setaffinity``, one core, runs that use several threads) nothing changes.

On Linux the setting belongs to the calling thread (``os.sched_setaffinity(0, ...)``), and a
thread started later inherits its creator's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional


def available() -> Optional[frozenset[int]]:
    """The CPUs this thread may run on, or None where that cannot be set."""
    if not hasattr(os, "sched_getaffinity") or not hasattr(os, "sched_setaffinity"):
        return None
    try:
        return frozenset(os.sched_getaffinity(0))
    except OSError:
        return None


def current_cpu() -> Optional[int]:
    """The CPU this thread runs on now (Linux), else None."""
    try:
        fields = Path("/proc/thread-self/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[36])  # field 39, "processor"; the split starts at field 3
    except (OSError, ValueError, IndexError):
        return None


def keep_to(cpus) -> bool:
    """Let this thread run on ``cpus`` only; False when that cannot be done."""
    try:
        os.sched_setaffinity(0, cpus)
    except (AttributeError, OSError, ValueError):
        return False
    return True


def keep_process_to(cpus) -> bool:
    """Let every thread of this process run on ``cpus`` only (threads started later inherit it
    from their creator); False when that cannot be done for this thread."""
    try:
        threads = [int(name) for name in os.listdir("/proc/self/task")]
    except (OSError, ValueError):
        threads = []
    for thread in threads:  # torch's and Qt's own threads too: any of them would take the core
        try:
            os.sched_setaffinity(thread, cpus)
        except (AttributeError, OSError, ValueError):
            pass  # a thread that has just ended
    return keep_to(cpus)


def core_for_training() -> Optional[tuple[int, frozenset[int]]]:
    """(the core this thread should keep to, every core it may use now), when there are two
    or more to share; None otherwise."""
    cpus = available()
    if not cpus or len(cpus) < 2:
        return None
    cpu = current_cpu()
    return (cpu if cpu in cpus else max(cpus)), cpus
