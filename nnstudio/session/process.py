"""How training processes are started (see session/link.py). Light on purpose: the app calls
:func:`start_early` before it imports Qt, torch and the window, so the training side's imports
(seconds: torch) run on the other core meanwhile."""

from __future__ import annotations

import contextlib
import importlib.machinery
import multiprocessing
import os
import sys

# What every training process needs, imported once by the fork server: nnstudio's training side
# and torch, and torch's compiler package, which torch.optim imports on first use (~2 s here).
PRELOADED = ["nnstudio.session.server", "torch._dynamo"]


def context():
    """Linux: a fork server that has imported torch and nnstudio once, so each window's training
    process starts in milliseconds. Elsewhere (or with NNSTUDIO_START_METHOD=spawn): a fresh
    interpreter per window (macOS's system frameworks do not survive a fork)."""
    method = os.environ.get("NNSTUDIO_START_METHOD") or ("forkserver" if sys.platform.startswith("linux")
                                                         else "spawn")
    start = multiprocessing.get_context(method)
    if method == "forkserver":
        start.set_forkserver_preload(PRELOADED)
    return start


# numpy's BLAS in the training process: one thread. The fast path's small products gain nothing
# from a second one, whose spinning takes the core the window draws on (measured on 2 cores: the
# window's stalls p99 140 -> 50 ms, its training 1.5-1.8x faster). torch keeps its own threads,
# chosen per run (fast_path.torch_threads_for: 1 for small nets, all cores for image models).
TRAINING_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1"}


@contextlib.contextmanager
def training_environment():
    """The environment a new training process (or the fork server) starts with; the user's own
    settings of these variables win."""
    added = {name: value for name, value in TRAINING_ENVIRONMENT.items() if name not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def start_early(wait: bool = False) -> None:
    """Start the fork server now (it imports what training needs while the window is built);
    with ``wait``, return once it is ready to start a process."""
    start = context()
    if start.get_start_method() != "forkserver":
        return
    with training_environment():
        if wait:  # the server answers once it has imported everything
            process = start.Process(target=os.getpid, name="nnstudio-warm-up")
            process.start()
            process.join()
        else:
            from multiprocessing import forkserver

            forkserver.ensure_running()


@contextlib.contextmanager
def package_entry_point():
    """While a training process starts: it begins at the package's own code, never at the
    script that opened the window. multiprocessing's spawn and fork-server starts import the
    parent's ``__main__`` script again in the child (to find functions defined there), so a
    script without an ``if __name__ == "__main__":`` guard would open a second window in every
    training process, which crashes. The training process needs nothing from that script: while
    it starts, the script is announced as a module of this package's, which multiprocessing
    does not import again (it skips ``*.__main__`` modules). ``python -m nnstudio`` and scripts
    with the guard start the same way."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    spec = getattr(main, "__spec__", None)
    main.__spec__ = importlib.machinery.ModuleSpec("nnstudio.__main__", None)
    try:
        yield
    finally:
        main.__spec__ = spec
