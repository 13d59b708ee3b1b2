#!/usr/bin/env python
"""GUI responsiveness while training at full speed: stalls, boundary refreshes, GUI slowdown.

The real MainWindow (offscreen) trains a 2D classification preset with a huge epoch budget for a
fixed wall time while the GUI thread is watched:

  1. Event-loop stalls: a QTimer in the GUI thread fires every 10 ms (Qt.PreciseTimer); each
     firing's lateness is (actual interval - 10 ms), clipped at 0 (Qt fires a late repeating
     timer early next time to catch up; that is not a stall). p50 / p99 / max. Target p99 <= 50 ms.
     As one long freeze is a single late firing, the script also prints how often the timer
     fired (of 100/s) and the share of the time spent in intervals > 50 ms late.
  2. Boundary refreshes per second: calls of BoundaryView.set_grid (what the window hands the
     view) and paint events of the boundary plot's viewport (what Qt actually drew), per second
     the run was on screen. Target >= 20/s for set_grid.
  3. GUI slowdown: epochs/s in the window (epochs in window.session.history / training wall time) vs
     epochs/s of a headless nnstudio.core.train.Trainer on the same config (the window's own
     config()), stopped by a threading.Timer calling trainer.control.request_stop() after the same
     wall time. The headless runs bracket the window run in one process (half before, half after),
     so drift hits both alike, in 3 rounds (--rounds): this VM's speed drifts by ±15 % within
     seconds. Ratio headless / window per round, the median reported; target <= 1.10. Two headless figures: the
     bare Trainer (what the target is measured against), and the Trainer as ``nnstudio train``
     runs it, recording each epoch in the run history as the window does too.

The window trains in a process of its own (session/link.py); the headless Trainer runs in this
one. The CPU the training process used (share of one core) is printed with the GUI thread's.

The window's run is stopped like the headless one, from a threading.Timer calling
window.session.stop() (what the Stop button does): a Qt timer in the GUI thread can be
starved for seconds while the GUI is behind. After the stop the event loop runs until the window
is idle again (it has drawn every update the worker sent); that "catch-up" time is printed too.

Before the first config, the stall timer also runs for 2 s with the window idle: the floor the
machine gives an idle Qt event loop. The 1-minute load average is printed before and after: the
figures mean little when other work shares the two cores (load well above 1).

The Trainer picks its own path (a numpy fast path for small dense nets, if present, else eager
PyTorch); ``--eager`` sets NNSTUDIO_FAST_PATH=0 so both the window and the headless runs take the
eager path. The path taken is printed.

    QT_QPA_PLATFORM=offscreen python bench/gui_responsiveness.py            # ~70 s
    QT_QPA_PLATFORM=offscreen python bench/gui_responsiveness.py --quick    # ~30 s
    QT_QPA_PLATFORM=offscreen python bench/gui_responsiveness.py --eager    # eager PyTorch path
    python bench/gui_responsiveness.py --config mlp-spiral --seconds 30

Prints a table and one JSON line per config:
    {"config": ..., "stall_p50_ms": ..., "stall_p99_ms": ..., "stall_max_ms": ...,
     "boundary_updates_per_s": ..., "window_epochs_per_s": ..., "headless_epochs_per_s": ...,
     "gui_slowdown": ...}
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NNSTUDIO_HOME", tempfile.mkdtemp(prefix="nnstudio-bench-"))  # no user settings

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnstudio.core.config import RunConfig, parse_config  # noqa: E402
from nnstudio.core.presets import load_preset  # noqa: E402
from nnstudio.core.train import Trainer  # noqa: E402

CONFIGS = ["mlp-spiral", "playground-circle"]
TICK_MS = 10
TARGET_STALL_P99_MS = 50.0
TARGET_BOUNDARY_PER_S = 20.0
TARGET_SLOWDOWN = 1.10
EPOCHS = 10_000_000  # the schema's maximum: the run never completes on its own


# --- helpers ------------------------------------------------------------------------------------
def bench_config(name: str) -> RunConfig:
    """The preset with an epoch budget it never reaches, on the CPU."""
    raw = load_preset(name).model_dump(mode="json")
    raw["train"]["epochs"] = EPOCHS
    raw["train"]["device"] = "cpu"
    return parse_config(raw)


def wait_until(app: QApplication, condition, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)


def run_event_loop(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class StallProbe(QObject):
    """A 10 ms repeating timer in the GUI thread; records how late each firing is."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.intervals: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.intervals.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.intervals.append(now - self._last)
        self._last = now

    def stalled_fraction(self, over_ms: float) -> float:
        """Share of the probed wall time spent in intervals more than ``over_ms`` late: one long
        freeze is one late firing among hundreds, but it is most of what a user sees."""
        intervals = np.array(self.intervals)
        total = intervals.sum()
        return float(intervals[intervals * 1000.0 - TICK_MS > over_ms].sum() / total) if total else 0.0

    def lateness_ms(self) -> np.ndarray:
        return np.clip(np.array(self.intervals) * 1000.0 - TICK_MS, 0.0, None)


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def stall_stats(lateness: np.ndarray) -> dict[str, float]:
    if not len(lateness):
        return {"p50": float("nan"), "p99": float("nan"), "max": float("nan")}
    return {"p50": float(np.percentile(lateness, 50)), "p99": float(np.percentile(lateness, 99)),
            "max": float(lateness.max())}


# --- the measurements ---------------------------------------------------------------------------
def headless_run(config: RunConfig, seconds: float, record: bool = False) -> tuple[int, float, str]:
    """(epochs, wall seconds, path) of a headless Trainer stopped after ``seconds``; ``record``:
    with the run history recorder, as ``nnstudio train`` runs it."""
    trainer = Trainer(config)
    if record:
        from nnstudio.core.store import RunRecorder

        trainer.add_callback(RunRecorder())
    timer = threading.Timer(seconds, trainer.control.request_stop)
    start = time.perf_counter()
    timer.start()
    result = trainer.fit()
    elapsed = time.perf_counter() - start
    timer.cancel()
    assert result.stop_kind == "stopped", result.stop_reason
    return trainer.epoch, elapsed, getattr(trainer, "path", "eager")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_floor(app: QApplication, window, seconds: float) -> dict[str, float]:
    probe = StallProbe()
    probe.start()
    run_event_loop(seconds)
    probe.stop()
    return stall_stats(probe.lateness_ms())


def window_run(app: QApplication, window, seconds: float, catch_up_limit: float) -> dict[str, object]:
    """Train in the window for ``seconds`` while the stall probe runs; counts what was drawn.

    The stop is requested from a plain Python thread (``threading.Timer`` calling
    ``window.session.stop()``, which is what the Stop button does), not from a Qt timer:
    when the GUI thread falls behind the worker's updates, a Qt timer in it fires late, and the
    run would go on for as long as the GUI is behind. The event loop then runs until the window
    is idle again, i.e. until the GUI has drawn every update the worker sent ("catch-up"), or
    ``catch_up_limit`` seconds after the stop at most.
    """
    set_grid_calls = [0]
    original_set_grid = window.views.boundary_view.set_grid

    first_drawn = [0.0]  # when the first update with a trained epoch was drawn (issue 11: < 1 s)

    def counting_set_grid(*args, **kwargs):
        set_grid_calls[0] += 1
        return original_set_grid(*args, **kwargs)

    def on_shown(_update=None) -> None:
        if not first_drawn[0] and len(window.session.history):
            first_drawn[0] = time.perf_counter()

    window.session.updated.connect(on_shown)

    window.views.boundary_view.set_grid = counting_set_grid  # the window calls it through the instance
    paints = PaintCounter(window.views.boundary_view.plot.viewport())
    probe = StallProbe()
    stopped_at = [0.0]

    def stop() -> None:
        stopped_at[0] = time.perf_counter()
        window.session.stop()

    loop = QEventLoop()
    on_state = lambda state: loop.quit() if state == "idle" else None  # noqa: E731
    window.session.status_changed.connect(on_state)
    QTimer.singleShot(int((seconds + catch_up_limit) * 1000), loop.quit)
    stopper = threading.Timer(seconds, stop)

    probe.start()
    start = time.perf_counter()
    cpu_start = time.thread_time()  # this (the GUI) thread only
    training_pid = window.session.link.process.pid
    training_cpu_start = process_cpu_seconds(training_pid)
    shown_before = len(window.session.history)  # a later round goes on with the same run
    trained_before = window.session.model.epoch if window.session.model is not None else 0
    window.session.start()
    stopper.start()
    loop.exec()
    end = time.perf_counter()
    gui_cpu = time.thread_time() - cpu_start
    training_cpu = process_cpu_seconds(training_pid) - training_cpu_start
    probe.stop()
    stopper.cancel()
    window.session.status_changed.disconnect(on_state)
    window.session.updated.disconnect(on_shown)
    grids, painted = set_grid_calls[0], paints.count
    caught_up = window.session.status == "idle" and window.session.last_result is not None
    if not caught_up:  # the GUI is still behind: drop the updates it has not drawn yet
        window.session.stop()
        QCoreApplication.removePostedEvents(window.bridge, QEvent.Type.MetaCall)
    window.views.boundary_view.set_grid = original_set_grid
    window.views.boundary_view.plot.viewport().removeEventFilter(paints)

    trained = (stopped_at[0] or end) - start
    shown = end - start
    if caught_up:
        assert window.session.last_result.stop_kind == "stopped", window.session.last_result.stop_reason
    trainer = window.session.model
    path = getattr(trainer, "path", "eager")
    # At most one epoch ends after the stop request (the one in flight); it is counted. The
    # trainer's own count is read only after the run has stopped.
    if caught_up:
        epochs = len(window.session.history) - shown_before if len(window.session.history) >= shown_before else len(window.session.history)
    else:
        epochs = trainer.epoch - trained_before if trainer.epoch >= trained_before else trainer.epoch
    lateness = probe.lateness_ms()
    stats = stall_stats(lateness)
    return {
        "epochs": epochs,
        "seconds": trained,
        "epochs_per_s": epochs / trained,
        "catch_up_s": end - stopped_at[0] if caught_up else None,  # None: did not catch up
        # Train pressed -> the first trained epoch drawn (no compile pause: target < 1 s).
        "first_update_s": first_drawn[0] - start if first_drawn[0] else None,
        "set_grid_per_s": grids / shown,
        "paints_per_s": painted / shown,
        "ticks": len(lateness),
        "stall_p50_ms": stats["p50"],
        "stall_p99_ms": stats["p99"],
        "stall_max_ms": stats["max"],
        "stalls_over_50ms": int((lateness > 50).sum()),
        "stalled_fraction": probe.stalled_fraction(50.0),
        "gui_thread_cpu": gui_cpu / shown,
        "training_process_cpu": training_cpu / shown,
        "path": path,
        "lateness": lateness,
        "shown_s": shown,
        "grids": grids,
        "painted": painted,
    }


def run_config(app: QApplication, name: str, seconds: float, floor_seconds: float,
               rounds: int = 3) -> dict[str, object]:
    """``rounds`` rounds of: headless, window, headless (the window trains seconds / rounds each
    time, the headless runs half that before and after). This VM's speed drifts by ±15 % within
    seconds; each round's slowdown compares runs a few seconds apart, and the median of the
    rounds is the figure (the min and max are printed too)."""
    from nnstudio.gui.main_window import MainWindow

    window = MainWindow(bench_config(name))
    window.show()
    slice_s = seconds / rounds
    try:
        wait_until(app, lambda: window.session.run_info is not None, 30, "the first trainer")
        config = window.session.valid_config()  # exactly what the window will train
        floor = idle_floor(app, window, floor_seconds) if floor_seconds else None

        load_before = os.getloadavg()[0]
        guis, headless, halves = [], [], []
        for _ in range(rounds):
            epochs_a, seconds_a, headless_path = headless_run(config, slice_s / 2)
            window.session.last_result = None
            guis.append(window_run(app, window, slice_s, catch_up_limit=max(20.0, slice_s)))
            epochs_b, seconds_b, _ = headless_run(config, slice_s / 2)
            headless.append((epochs_a + epochs_b, seconds_a + seconds_b))
            halves.append((epochs_a / seconds_a, epochs_b / seconds_b))
        recorded = headless_run(config, slice_s, record=True)
        load_after = os.getloadavg()[0]
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()

    ratios = [(e / t) / gui["epochs_per_s"] for (e, t), gui in zip(headless, guis)]
    headless_per_s = sum(e for e, _ in headless) / sum(t for _, t in headless)
    window_per_s = sum(gui["epochs"] for gui in guis) / sum(gui["seconds"] for gui in guis)
    lateness = np.concatenate([gui["lateness"] for gui in guis])
    stats = stall_stats(lateness)
    shown = sum(gui["shown_s"] for gui in guis)
    catch_ups = [gui["catch_up_s"] for gui in guis]
    probed = sum(gui["seconds"] + (gui["catch_up_s"] or 0.0) for gui in guis)
    info = window.session.run_info
    return {
        "config": name,
        "stall_p50_ms": round(stats["p50"], 2),
        "stall_p99_ms": round(stats["p99"], 2),
        "stall_max_ms": round(stats["max"], 2),
        "boundary_updates_per_s": round(sum(gui["grids"] for gui in guis) / shown, 1),
        "boundary_paints_per_s": round(sum(gui["painted"] for gui in guis) / shown, 1),
        "window_epochs_per_s": round(window_per_s, 1),
        "headless_epochs_per_s": round(headless_per_s, 1),
        "gui_slowdown": round(float(np.median(ratios)), 3),
        "gui_slowdown_rounds": [round(r, 3) for r in ratios],
        "headless_recorded_epochs_per_s": round(recorded[0] / recorded[1], 1),
        "gui_slowdown_vs_recorded": round(recorded[0] / recorded[1] / window_per_s, 3),
        "window_epochs": sum(gui["epochs"] for gui in guis),
        "headless_epochs": sum(e for e, _ in headless),
        "seconds": round(sum(gui["seconds"] for gui in guis), 2),
        "catch_up_s": None if None in catch_ups else round(max(catch_ups), 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "stalls_over_50ms": int((lateness > 50).sum()),
        "ticks": len(lateness),
        "ticks_per_s": round(len(lateness) / probed, 1),
        "time_stalled_over_50ms": round(float(np.median([gui["stalled_fraction"] for gui in guis])), 3),
        "gui_thread_cpu": round(float(np.mean([gui["gui_thread_cpu"] for gui in guis])), 2),
        "training_process_cpu": round(float(np.mean([gui["training_process_cpu"] for gui in guis])), 2),
        "path": {"window": guis[0]["path"], "headless": headless_path},
        "threads": torch.get_num_threads(),
        "load_avg_1min": [round(load_before, 2), round(load_after, 2)],
        "_headless_halves": (min(min(h) for h in halves), max(max(h) for h in halves)),
        "_idle_floor": floor,
        "_description": (f"{config.data.dataset}, {info.sizes.get('train')} train / "
                         f"{info.sizes.get('val')} val, MLP {config.model.hidden} "
                         f"{config.model.activation}, {config.train.optimizer} batch "
                         f"{config.train.batch_size}"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 s of training per config (noisier)")
    parser.add_argument("--seconds", type=float, help="window training time per config (default 15)")
    parser.add_argument("--config", choices=CONFIGS + ["all"], default="all")
    parser.add_argument("--rounds", type=int, default=3,
                        help="headless/window/headless rounds per config (the median slowdown is reported)")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (both runs)")
    parser.add_argument("--eager", action="store_true",
                        help="NNSTUDIO_FAST_PATH=0: the eager PyTorch path in both runs")
    args = parser.parse_args(argv)
    if args.eager:
        os.environ["NNSTUDIO_FAST_PATH"] = "0"
    seconds = args.seconds or (5.0 if args.quick else 15.0)
    torch.set_num_threads(args.threads)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from nnstudio.gui.views import configure_pyqtgraph

    configure_pyqtgraph()
    names = CONFIGS if args.config == "all" else [args.config]
    results = []
    for index, name in enumerate(names):
        print(f"[{name}] {args.rounds} rounds of: headless {seconds / args.rounds / 2:g} s, window "
              f"{seconds / args.rounds:g} s, headless {seconds / args.rounds / 2:g} s; "
              f"{args.threads} thread(s), platform {app.platformName()}", flush=True)
        result = run_config(app, name, seconds, floor_seconds=2.0 if index == 0 else 0.0, rounds=args.rounds)
        print(f"    {result['_description']}", flush=True)
        results.append(result)

    floor = results[0]["_idle_floor"]
    print()
    print(f"idle event loop (no training): lateness p50 {floor['p50']:.2f} / p99 {floor['p99']:.2f} "
          f"/ max {floor['max']:.2f} ms")
    print()
    print(f"{'config':<18} {'stall p50/p99/max ms':>22} {'grids/s':>8} {'paints/s':>9} "
          f"{'window ep/s':>12} {'headless ep/s':>14} {'slowdown':>9} {'catch-up s':>11}")
    for r in results:
        stalls = f"{r['stall_p50_ms']:.1f} / {r['stall_p99_ms']:.1f} / {r['stall_max_ms']:.0f}"
        catch_up = "never" if r["catch_up_s"] is None else f"{r['catch_up_s']:.2f}"
        print(f"{r['config']:<18} {stalls:>22} {r['boundary_updates_per_s']:>8.1f} "
              f"{r['boundary_paints_per_s']:>9.1f} {r['window_epochs_per_s']:>12.1f} "
              f"{r['headless_epochs_per_s']:>14.1f} {r['gui_slowdown']:>8.2f}x {catch_up:>11}")
    print(f"{'target':<18} {f'p99 <= {TARGET_STALL_P99_MS:g}':>22} {f'>= {TARGET_BOUNDARY_PER_S:g}':>8} "
          f"{'':>9} {'':>12} {'':>14} {f'<= {TARGET_SLOWDOWN:.2f}x':>9}")
    print("(catch-up: seconds from the stop request until the window has drawn every update and is "
          "idle again)")
    for r in results:
        missed = []
        if not r["stall_p99_ms"] <= TARGET_STALL_P99_MS:
            missed.append("stall p99")
        if not r["boundary_updates_per_s"] >= TARGET_BOUNDARY_PER_S:
            missed.append("boundary refreshes")
        if not r["gui_slowdown"] <= TARGET_SLOWDOWN:
            missed.append("GUI slowdown")
        if r["catch_up_s"] is None:
            missed.append("the GUI never caught up with the worker")
        low, high = r["_headless_halves"]
        load = r["load_avg_1min"]
        print(f"  {r['config']}: {'all targets met' if not missed else 'MISSED: ' + ', '.join(missed)}"
              f" (path {r['path']['window']}; slowdown per round (median shown): "
              f"{', '.join(f'{x:.2f}' for x in r['gui_slowdown_rounds'])}; headless {low:.0f} - {high:.0f} ep/s; "
              f"the 10 ms timer fired {r['ticks_per_s']:.0f}/s of 100, {r['stalls_over_50ms']} firings "
              f"> 50 ms late, {r['time_stalled_over_50ms']:.0%} of the time in such stalls; GUI thread CPU "
              f"{r['gui_thread_cpu']:.0%} of wall, training process {r['training_process_cpu']:.0%}; "
              f"vs headless with the run recorder ({r['headless_recorded_epochs_per_s']:.0f} ep/s): "
              f"{r['gui_slowdown_vs_recorded']:.2f}x; peak RSS {r['max_rss_mb']} MB (this process); "
              f"load {load[0]:.1f} -> {load[1]:.1f}"
              f"{'  BUSY MACHINE: figures unreliable' if max(load) > 1.5 else ''})")
    print()
    for r in results:
        print(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
