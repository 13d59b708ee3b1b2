#!/usr/bin/env python
"""Replay scrubbing latency: from a move of the replay slider to the repainted views.

The real MainWindow (offscreen) trains a 2D classification preset (100 × 100 decision boundary)
to the end, then the replay slider is moved to random frames, one at a time, as a user dragging
it would. Each move's latency is the time from ``slider.setValue`` until the boundary plot's
viewport and the loss plot's viewport have both received their paint event (an event filter
records them; the event loop is run until both arrived). Target: p95 <= 30 ms. The process's CPU
time per move is reported too: on a shared machine (load well above the 2 cores) the wall-clock
latency mostly measures waiting for a core, the CPU time what the scrub itself costs.

It also measures what recording the replay costs the training: a headless Trainer on the same
config with and without the ReplayCallback (the grid computed at the epochs the recorder wants),
alternating, in one process. Target: a few per cent.

    QT_QPA_PLATFORM=offscreen python bench/replay_scrub.py              # ~1 min
    python bench/replay_scrub.py --config playground-circle --moves 500

Prints a summary and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NNSTUDIO_HOME", tempfile.mkdtemp(prefix="nnstudio-bench-"))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnstudio.core.presets import load_preset  # noqa: E402
from nnstudio.core.train import Trainer  # noqa: E402
from nnstudio.core.viz.grids import GridPlan  # noqa: E402
from nnstudio.core.viz.replay import ReplayCallback, ReplayFrame, ReplayRecorder  # noqa: E402
from nnstudio.gui.main_window import MainWindow  # noqa: E402
from nnstudio.gui.views import configure_pyqtgraph  # noqa: E402


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def wait(app: QApplication, condition, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        app.processEvents()
        time.sleep(0.002)


def scrub_latencies(app: QApplication, config, epochs: int, moves: int, seed: int):
    config = config.model_copy(update={"train": config.train.model_copy(update={"epochs": epochs})})
    window = MainWindow(config)
    window.resize(1500, 950)
    window.show()
    wait(app, lambda: window.session.run_info is not None)
    window.session.start()
    wait(app, lambda: window.session.status == "idle" and window.session.last_result is not None)
    bar = window.replay.bar
    counters = []
    for plot in (window.views.boundary_view.plot, window.views.loss_view.plot):
        counter = PaintCounter()
        plot.viewport().installEventFilter(counter)
        counters.append(counter)
    rng = np.random.default_rng(seed)
    latencies, cpu = [], []
    settle_until = time.monotonic() + 0.5
    while time.monotonic() < settle_until:
        app.processEvents()
    for _ in range(moves):
        index = int(rng.integers(len(bar.frames)))
        while index == bar.index:
            index = int(rng.integers(len(bar.frames)))
        before = [counter.count for counter in counters]
        start, start_cpu = time.perf_counter(), time.process_time()
        bar.slider.setValue(index)
        while any(counter.count == seen for counter, seen in zip(counters, before)):
            app.processEvents()
        latencies.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    frames = len(bar.frames)
    window.shutdown()
    window.deleteLater()
    return latencies, cpu, frames


def recording_cost(config, epochs: int, rounds: int) -> dict:
    """Epochs/s of a headless Trainer with and without the replay recording."""
    config = config.model_copy(update={"train": config.train.model_copy(update={"epochs": epochs})})
    rates = {"plain": [], "recording": []}
    frames = 0
    for round_ in range(rounds):
        for mode in (("plain", "recording") if round_ % 2 == 0 else ("recording", "plain")):
            trainer = Trainer(config)
            if mode == "recording":
                plan = GridPlan(trainer.dataset.bounds(), 100, trainer.device)
                recorder = ReplayRecorder()

                def frame(trainer, plan=plan):
                    grid = plan.evaluate(trainer.model, trainer.task)
                    return ReplayFrame(trainer.epoch, grid=(grid.x, grid.y, grid.probabilities.astype(np.float16)))

                trainer.add_callback(ReplayCallback(recorder, frame))
            start = time.perf_counter()
            trainer.fit()
            rates[mode].append(epochs / (time.perf_counter() - start))
            if mode == "recording":
                frames = len(recorder)
    plain, recording = float(np.median(rates["plain"])), float(np.median(rates["recording"]))
    return {"plain_epochs_per_s": round(plain, 1), "recording_epochs_per_s": round(recording, 1),
            "recording_slowdown_pct": round((plain / recording - 1) * 100, 2), "frames_kept": frames,
            "path": trainer.path}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default="mlp-spiral", help="a 2D classification preset")
    parser.add_argument("--epochs", type=int, default=300, help="epochs of the run that is scrubbed")
    parser.add_argument("--moves", type=int, default=300, help="slider moves measured")
    parser.add_argument("--cost-epochs", type=int, default=3000, help="epochs of the headless cost runs")
    parser.add_argument("--rounds", type=int, default=4, help="headless runs of each kind")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    configure_pyqtgraph()
    config = load_preset(args.config)
    load_before = os.getloadavg()[0]
    latencies, cpu, frames = scrub_latencies(app, config, args.epochs, args.moves, args.seed)
    cost = recording_cost(config, args.cost_epochs, args.rounds)
    result = {
        "config": args.config, "frames": frames, "moves": len(latencies),
        "scrub_p50_ms": round(float(np.percentile(latencies, 50)), 2),
        "scrub_p95_ms": round(float(np.percentile(latencies, 95)), 2),
        "scrub_max_ms": round(float(np.max(latencies)), 2),
        "scrub_cpu_p50_ms": round(float(np.percentile(cpu, 50)), 2),
        "scrub_cpu_p95_ms": round(float(np.percentile(cpu, 95)), 2),
        **cost,
        "load_avg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    verdict = "met" if result["scrub_p95_ms"] <= 30 else "MISSED"
    print(f"{args.config}: {frames} frames, {len(latencies)} slider moves: latency p50 "
          f"{result['scrub_p50_ms']} ms, p95 {result['scrub_p95_ms']} ms (target <= 30: {verdict}), "
          f"max {result['scrub_max_ms']} ms; CPU time p50 {result['scrub_cpu_p50_ms']} ms, "
          f"p95 {result['scrub_cpu_p95_ms']} ms", file=sys.stderr)
    print(f"recording cost, headless {args.cost_epochs} epochs ({cost['path']} path): "
          f"{cost['plain_epochs_per_s']} -> {cost['recording_epochs_per_s']} epochs/s "
          f"(+{cost['recording_slowdown_pct']} %), {cost['frames_kept']} frames kept; "
          f"load average {result['load_avg_1min']}", file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
