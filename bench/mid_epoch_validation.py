#!/usr/bin/env python
"""What validating within epochs (train.val_every_steps) costs on Fashion-MNIST, and how many
validation points it gives.

Each case trains the same config twice per round, with val_every_steps = 0 (one validation per
epoch) and with the default (15), alternately in one process with the order flipped every round
so machine drift hits both alike. Reported: the median run time of each, their ratio, and the
validation points of the run (within epochs + one per epoch).

Cases:
  lesson16   lesson 16's classroom run for 8 epochs: 6000 images (4800 train / 1200 validation),
             MLP 784-128-10 relu, Adam 1e-3, batch 64 (75 steps an epoch).
  full       the whole set for 1 epoch: 48,000 train / 12,000 validation, MLP 784-128-10 relu,
             Adam 1e-3, batch 32 (1500 steps an epoch).

    nice python bench/mid_epoch_validation.py [--rounds 3] [--case lesson16]

Prints a table and one JSON line per case. Needs /usr/share/datasets/fashion-mnist (Debian's
dataset-fashion-mnist package).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the app and the CLI run (see cli.main)

from nnstudio.core.config import parse_config  # noqa: E402
from nnstudio.core.data import load_dataset  # noqa: E402
from nnstudio.core.train import Trainer  # noqa: E402

CASES = {
    "lesson16": {"data": {"dataset": "fashion_mnist", "subset": 6000},
                 "model": {"hidden": [128], "activation": "relu"},
                 "train": {"lr": 0.001, "batch_size": 64, "epochs": 8}},
    "full": {"data": {"dataset": "fashion_mnist"},
             "model": {"hidden": [128], "activation": "relu"},
             "train": {"lr": 0.001, "batch_size": 32, "epochs": 1}},
}


def run(raw: dict, every: int, dataset) -> tuple[float, int, int]:
    raw = {**raw, "train": {**raw["train"], "val_every_steps": every}}
    trainer = Trainer(parse_config(raw), dataset=dataset)
    started = time.perf_counter()
    trainer.fit()
    seconds = time.perf_counter() - started
    points = sum(len(metrics.val_points) + 1 for metrics in trainer.history.epochs)
    skipped = trainer._mid_validation.skipped if trainer._mid_validation is not None else 0  # noqa: SLF001
    return seconds, points, skipped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--case", choices=list(CASES), action="append")
    args = parser.parse_args()
    default_every = parse_config({}).train.val_every_steps
    for name in args.case or list(CASES):
        raw = CASES[name]
        dataset = load_dataset(parse_config(raw).data)
        times = {0: [], default_every: []}
        points = skipped = 0
        for round_ in range(args.rounds):
            order = (0, default_every) if round_ % 2 == 0 else (default_every, 0)
            for every in order:
                seconds, count, left_out = run(raw, every, dataset)
                times[every].append(seconds)
                if every:
                    points, skipped = count, left_out
        plain, validated = statistics.median(times[0]), statistics.median(times[default_every])
        ratios = [b / a for a, b in zip(times[0], times[default_every])]
        print(f"{name:9s} end-of-epoch only {plain:7.2f} s   every {default_every} steps {validated:7.2f} s"
              f"   ratio {validated / plain:.3f} (rounds {min(ratios):.3f}-{max(ratios):.3f})"
              f"   validation points {points} ({skipped} skipped for the budget)")
        print(json.dumps({"case": name, "plain_s": round(plain, 3), "validated_s": round(validated, 3),
                          "ratio": round(validated / plain, 4), "points": points, "skipped": skipped,
                          "rounds": args.rounds}))


if __name__ == "__main__":
    main()
