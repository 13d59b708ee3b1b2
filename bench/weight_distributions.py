#!/usr/bin/env python
"""What recording weights and gradients over time (core/viz/distributions.py) costs on the 2D
presets, and how many epochs it records.

Each preset trains for its own number of epochs twice per round, without and with the
DistributionCallback the window's training process adds to every run, alternately in one process
(run by run, the order flipped every run); a short preset repeats its pair of runs for about a
second of each per round.
As in the window's training process, the objects alive before a run are kept out of the cyclic
garbage collector's passes during it (``gc.freeze``). Reported: the median CPU time of a run in the training thread (``time.thread_time``: other
programs on a shared machine do not count), the median and the spread of the per-round ratios,
the share of the recording run's time the records themselves took (as the callback measures
it: what its budget holds to 2 %), and the epochs recorded in a run.

    nice python bench/weight_distributions.py [--rounds 5] [--preset mlp-spiral]

Prints a table and one JSON line per preset.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the app and the CLI run (see cli.main)

from nnstudio.core.data import load_dataset  # noqa: E402
from nnstudio.core.presets import load_preset  # noqa: E402
from nnstudio.core.train import Trainer  # noqa: E402
from nnstudio.core.viz.distributions import DistributionCallback  # noqa: E402

PRESETS = ("logistic-moons", "mlp-xor", "mlp-spiral", "mlp-overfit-early-stopping", "softmax-blobs",
           "playground-circle", "playground-spiral68")


def run(config, dataset, recording: bool) -> tuple[float, int, str, float]:
    """One whole run (a fresh trainer): the training thread's CPU time, the epochs recorded, the
    path it trained on, and the CPU time the records took."""
    trainer = Trainer(config, dataset=dataset)
    callback = DistributionCallback() if recording else None
    if callback is not None:
        trainer.add_callback(callback)
    gc.freeze()  # as the window's training process runs (session/training.py: TrainingSession.run)
    try:
        started = time.thread_time()
        trainer.fit()
        seconds = time.thread_time() - started
    finally:
        gc.unfreeze()
    if callback is None:
        return seconds, 0, trainer.path, 0.0
    return seconds, len(callback.history().records), trainer.path, callback.seconds_spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--preset", action="append", choices=PRESETS)
    args = parser.parse_args()
    for name in args.preset or PRESETS:
        config = load_preset(name)
        dataset = load_dataset(config.data)
        plain, recorded, records, shares = [], [], 0, []
        once = run(config, dataset, False)[0]  # warm-up, and how many runs make a second
        repeats = max(1, round(1.0 / max(once, 1e-3)))
        for _ in range(args.rounds):
            # Runs without and with recording alternate one by one, so drift hits both alike.
            sums = {False: 0.0, True: 0.0}
            spent = 0.0
            for repeat in range(repeats):
                for recording in ((False, True) if repeat % 2 == 0 else (True, False)):
                    seconds, count, path, took = run(config, dataset, recording)
                    sums[recording] += seconds
                    if recording:
                        records, spent = count, spent + took
            plain.append(sums[False] / repeats)
            recorded.append(sums[True] / repeats)
            shares.append(spent / sums[True])
        ratios = [b / a for a, b in zip(plain, recorded)]
        ratio = statistics.median(ratios)
        print(f"{name:28s} {config.train.epochs:5d} epochs ({path})  without {statistics.median(plain):6.3f} s"
              f"  with {statistics.median(recorded):6.3f} s  ratio {ratio:.3f}"
              f" (rounds {min(ratios):.3f}-{max(ratios):.3f})  recording {statistics.median(shares):.1%}"
              f" of it  {records} epochs recorded")
        print(json.dumps({"preset": name, "epochs": config.train.epochs, "path": path,
                          "without_s": round(statistics.median(plain), 4),
                          "with_s": round(statistics.median(recorded), 4), "ratio": round(ratio, 4),
                          "recording_share": round(statistics.median(shares), 4),
                          "records": records, "rounds": args.rounds}))


if __name__ == "__main__":
    main()
