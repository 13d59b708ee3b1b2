#!/usr/bin/env python
"""nnstudio vs. TensorFlow Playground on Playground's own configurations (issue 11).

Configurations (nnstudio's presets, on nnstudio's own generators):
  circle    playground-circle: circles, 500 points (250 train / 250 validation), noise 0,
            tanh [4, 2], SGD lr 0.03, batch 10.
  spiral68  playground-spiral68: the same with the spiral set and six hidden layers of 8.

Modes, each run for --seconds of wall time (default 20):
  headless-grid-every-epoch  Trainer.fit with a callback that computes the 100 × 100 decision
                             boundary (nnstudio.core.viz.grids.GridPlan over the data's bounds)
                             after every epoch, as Playground's engine does.
  headless                   the same, but the grid at most 30 times a second (what the window
                             shows), from the latest weights.
  window                     the real main window, offscreen, boundary and loss views live.

Each headless mode runs on the fast path and on the eager path (NNSTUDIO_FAST_PATH=0, which
also makes grid predictions use torch), alternately in one process, so that machine drift hits
both alike. The Trainer chooses its torch thread count itself (one thread for these networks).

    python bench/playground.py                      # both configs, all modes, ~3 minutes
    python bench/playground.py --seconds 5          # quicker, noisier
    python bench/playground.py --config circle --mode headless --path fast

Prints one JSON object per line on stdout:
    {"config": "circle", "mode": "headless", "path": "fast", "epochs_per_s": ...,
     "boundary_updates_per_s": ..., ...}
and a summary table with the targets on stderr. Targets on the 2-core test machine: headless
with the grid every epoch >= 530 epochs/s on circle and >= 90 on spiral68; window >= 240 and
>= 75 epochs/s with >= 20 boundary updates/s and p99 stall <= 50 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from nnstudio.core.config import updated  # noqa: E402
from nnstudio.core.presets import load_preset  # noqa: E402
from nnstudio.core.train import Callback, Trainer  # noqa: E402
from nnstudio.core.train.fast_path import ENV_SWITCH  # noqa: E402
from nnstudio.core.viz.grids import GridPlan  # noqa: E402

CONFIGS = {"circle": "playground-circle", "spiral68": "playground-spiral68"}
MODES = ["headless-grid-every-epoch", "headless", "window"]
PATHS = ["fast", "eager"]
GRID_RESOLUTION = 100
GRID_HZ = 30.0
TARGETS = {  # epochs/s on the 2-core test machine (issue 11)
    ("circle", "headless-grid-every-epoch"): 530,
    ("spiral68", "headless-grid-every-epoch"): 90,
    ("circle", "window"): 240,
    ("spiral68", "window"): 75,
}
MANY_EPOCHS = 10_000_000  # the run is stopped by the clock, not the epoch budget


@contextlib.contextmanager
def path_switch(path: str):
    """Set NNSTUDIO_FAST_PATH for one run (the Trainer and grid predictions read it)."""
    before = os.environ.get(ENV_SWITCH)
    os.environ[ENV_SWITCH] = "1" if path == "fast" else "0"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV_SWITCH, None)
        else:
            os.environ[ENV_SWITCH] = before


class _Boundary(Callback):
    """Computes the boundary grid after epochs (every one, or at most ``hz`` times a second)
    and stops the run after ``seconds``."""

    def __init__(self, plan: GridPlan, seconds: float, hz: float | None) -> None:
        self.plan, self.seconds = plan, seconds
        self.interval = 0.0 if hz is None else 1.0 / hz
        self.updates = 0
        self.start = self.last = 0.0
        self.threads = 0

    def on_run_start(self, trainer) -> None:
        self.start = time.perf_counter()
        self.last = -float("inf")
        self.threads = torch.get_num_threads()

    def on_epoch_end(self, trainer, metrics) -> None:
        now = time.perf_counter()
        if now - self.last >= self.interval:
            self.plan.evaluate(trainer.model, trainer.task)
            self.updates += 1
            self.last = now
        if now - self.start >= self.seconds:
            trainer.request_stop("stopped", "time is up")


def run_headless(config_name: str, mode: str, path: str, seconds: float) -> dict:
    config = load_preset(CONFIGS[config_name])
    config = updated(config, "train", epochs=MANY_EPOCHS)
    with path_switch(path):
        trainer = Trainer(config)
        taken = trainer.path
        plan = GridPlan(trainer.dataset.bounds(), GRID_RESOLUTION, trainer.device)
        boundary = _Boundary(plan, seconds, None if mode == "headless-grid-every-epoch" else GRID_HZ)
        trainer.add_callback(boundary)
        start = time.perf_counter()
        trainer.fit()
        elapsed = time.perf_counter() - start
    last = trainer.history.last
    return {
        "config": config_name,
        "mode": mode,
        "path": taken,
        "epochs_per_s": round(trainer.epoch / elapsed, 1),
        "boundary_updates_per_s": round(boundary.updates / elapsed, 1),
        "epochs": trainer.epoch,
        "seconds": round(elapsed, 2),
        "val_acc": last.val_acc if last else None,
        "torch_threads": boundary.threads,
        "load_avg_1min": round(os.getloadavg()[0], 2),
    }


# --- window mode -------------------------------------------------------------------------------
def run_window(config_name: str, path: str, seconds: float) -> dict:
    """The real main window, offscreen, training the preset for ``seconds`` with the boundary and
    loss views live. The measurement itself (stall probe, counted set_grid calls, stop from a
    plain thread, catch-up) is gui_responsiveness.window_run, shared with that bench."""
    from PySide6.QtWidgets import QApplication

    import gui_responsiveness as gui_bench
    from nnstudio.gui.main_window import MainWindow
    from nnstudio.gui.views import configure_pyqtgraph

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_pyqtgraph()
    config = updated(load_preset(CONFIGS[config_name]), "train", epochs=MANY_EPOCHS)
    with path_switch(path):
        window = MainWindow(config)
        window.resize(1400, 900)
        window.show()
        gui_bench.wait_until(app, lambda: window.session.run_info is not None, 30.0, "the window")
        measured = gui_bench.window_run(app, window, seconds, catch_up_limit=10.0)
        window.shutdown()
        window.deleteLater()
    return {
        "config": config_name,
        "mode": "window",
        "path": measured["path"],
        "epochs_per_s": round(measured["epochs_per_s"], 1),
        "boundary_updates_per_s": round(measured["set_grid_per_s"], 1),
        "stall_p99_ms": round(measured["stall_p99_ms"], 1),
        "first_update_s": (round(measured["first_update_s"], 3)
                           if measured["first_update_s"] is not None else None),
        "epochs": measured["epochs"],
        "seconds": round(measured["seconds"], 2),
        "load_avg_1min": round(os.getloadavg()[0], 2),
    }


# --- main --------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="wall time per run (20)")
    parser.add_argument("--config", choices=sorted(CONFIGS) + ["all"], default="all")
    parser.add_argument("--mode", choices=MODES + ["all"], default="all")
    parser.add_argument("--path", choices=PATHS + ["both"], default="both")
    args = parser.parse_args(argv)
    configs = list(CONFIGS) if args.config == "all" else [args.config]
    modes = MODES if args.mode == "all" else [args.mode]
    paths = PATHS if args.path == "both" else [args.path]

    print(
        f"# torch {torch.__version__}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.2f} at start",
        file=sys.stderr,
    )
    results = []
    for config_name in configs:
        for mode in modes:
            for path in paths:
                try:
                    if mode == "window":
                        result = run_window(config_name, path, args.seconds)
                    else:
                        result = run_headless(config_name, mode, path, args.seconds)
                except NotImplementedError as exc:
                    print(f"# {config_name} {mode} {path}: skipped ({exc})", file=sys.stderr)
                    break
                results.append(result)
                print(json.dumps(result), flush=True)
    print(f"# load average {os.getloadavg()[0]:.2f} at the end", file=sys.stderr)
    _summary(results)
    return 0


def _summary(results: list[dict]) -> None:
    print(f"# {'config':9s} {'mode':26s} {'path':5s} {'epochs/s':>9s} {'grids/s':>8s}  target",
          file=sys.stderr)
    for r in results:
        target = TARGETS.get((r["config"], r["mode"])) if r["path"] == "fast" else None
        verdict = "" if target is None else f">= {target}: " + (
            "met" if r["epochs_per_s"] >= target else "NOT met"
        )
        print(
            f"# {r['config']:9s} {r['mode']:26s} {r['path']:5s} {r['epochs_per_s']:9.1f} "
            f"{r['boundary_updates_per_s']:8.1f}  {verdict}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    sys.exit(main())
