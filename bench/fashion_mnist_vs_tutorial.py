#!/usr/bin/env python
"""Fashion-MNIST epoch time: nnstudio's Trainer vs. the typical PyTorch tutorial loop.

Both train the same 784-256-10 ReLU MLP (same initial weights: the tutorial model is a deep copy
of the Trainer's freshly built one) with Adam lr 1e-3 and CrossEntropyLoss, batch 64, on the same
50,000 training images, and evaluate the same 10,000 held-out training images once per epoch.
Target (issue): nnstudio >= 3x faster per epoch.

  nnstudio   Trainer(config): load_dataset() keeps the images as one uint8 tensor in memory,
             the Trainer indexes each batch from it and normalises it on the fly
             ((x.float()/255 - mean)/std); validation in chunks of 8192.
  tutorial   torchvision.datasets.FashionMNIST(root, train=True, transform=Compose([ToTensor(),
             Normalize((0.2860,), (0.3530,))])) split with Subset (what random_split returns),
             DataLoader(batch_size=64, shuffle=True, num_workers=0); model with nn.Flatten; the
             quickstart's train loop (running loss with loss.item(), running accuracy) and test
             loop (DataLoader(batch_size=64) over the validation set, eval(), no_grad).
  tutorial, 2 workers   the same with num_workers=2 (this machine's core count) for both loaders.

The split is nnstudio's (data.val_fraction = 1/6 of the 60,000 official training images, seed
0); the tutorial's Subsets use exactly those indices. nnstudio unpacks the Debian package's IDX
files into its cache (NNSTUDIO_HOME is pointed at a temporary folder) and torchvision's dataset
reads them from there, so both read the same files.

An epoch is timed from its first batch to the end of its validation pass, for nnstudio through
the public API (trainer.fit(epochs=trainer.epoch + 1)), for the tutorial including the creation
of the DataLoader iterators (and so, with workers, their start-up, as a tutorial pays it). The
variants run alternately in one process, the order reversed every round, and the script reports
the median epoch time of each.

Threads: torch.set_num_threads(--threads), default 1, the same for every variant (DataLoader
workers run with 1 thread each; torch sets that in workers). One thread because (a) it is the
conservative case for the speed-up: more threads shrink only the matrix products, which both
loops do, not the tutorial's per-image Python; and (b) with 2 threads on this 2-core machine any
other busy process makes OpenMP's thread team wait on a descheduled thread, and epochs become
5-20x slower, erratically, for both loops (see bench/README.md). Use --threads 2 on an idle
machine for the app's setting.

    python bench/fashion_mnist_vs_tutorial.py            # 2 epochs each, ~25 s when idle
    python bench/fashion_mnist_vs_tutorial.py --quick    # 1 epoch each, ~12 s
    python bench/fashion_mnist_vs_tutorial.py --threads 2 --no-workers

Prints a table and one JSON line:
    {"nnstudio_epoch_s": ..., "tutorial_epoch_s": ..., "speedup": ..., ...}
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from nnstudio.core.config import parse_config  # noqa: E402
from nnstudio.core.data import load_dataset  # noqa: E402
from nnstudio.core.data.images import image_root, is_available  # noqa: E402
from nnstudio.core.data.splits import split_indices  # noqa: E402
from nnstudio.core.train.trainer import Trainer  # noqa: E402

TARGET_SPEEDUP = 3.0
VAL_FRACTION = 1 / 6  # 60,000 -> 50,000 train / 10,000 validation
SEED = 0
BATCH = 64
LR = 1e-3
MEAN, STD = 0.2860, 0.3530  # the values tutorials hard-code for Fashion-MNIST


# --- the tutorial loop --------------------------------------------------------------------------
class TutorialLoop:
    """The PyTorch quickstart's train and test loops over torchvision's dataset."""

    def __init__(self, root: Path, train_index, val_index, model: nn.Module, workers: int):
        transform = transforms.Compose(
            [transforms.ToTensor(), transforms.Normalize((MEAN,), (STD,))]
        )
        full = datasets.FashionMNIST(str(root), train=True, transform=transform, download=False)
        self.train_loader = DataLoader(Subset(full, train_index), batch_size=BATCH, shuffle=True,
                                       num_workers=workers)
        self.val_loader = DataLoader(Subset(full, val_index), batch_size=BATCH,
                                     num_workers=workers)
        self.model = model
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.Adam(model.parameters(), lr=LR)
        self.history: list[tuple[float, float, float, float]] = []

    def epoch(self) -> None:
        model, loss_fn, optimizer = self.model, self.loss_fn, self.optimizer
        model.train()
        running_loss, correct, n = 0.0, 0, 0
        for x, y in self.train_loader:
            pred = model(x)
            loss = loss_fn(pred, y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            running_loss += loss.item() * len(y)
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
            n += len(y)

        model.eval()
        val_loss, val_correct, n_val = 0.0, 0, 0
        with torch.no_grad():
            for x, y in self.val_loader:
                pred = model(x)
                val_loss += loss_fn(pred, y).item() * len(y)
                val_correct += (pred.argmax(1) == y).type(torch.float).sum().item()
                n_val += len(y)
        self.history.append((running_loss / n, correct / n, val_loss / n_val, val_correct / n_val))


def warm_up(model: nn.Module) -> None:
    """A few untimed steps on a throw-away copy, so whoever runs first pays no kernel start-up."""
    model = copy.deepcopy(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    x, y = torch.randn(BATCH, 1, 28, 28), torch.randint(0, 10, (BATCH,))
    for _ in range(30):
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        model(torch.randn(8192, 1, 28, 28))


# --- the run ------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict[str, object]:
    config = parse_config({
        "data": {"dataset": "fashion_mnist", "val_fraction": VAL_FRACTION, "seed": SEED},
        "model": {"preset": "mlp", "hidden": [256], "activation": "relu"},
        "train": {"optimizer": "adam", "lr": LR, "batch_size": BATCH, "epochs": 1_000_000,
                  "seed": SEED, "device": "cpu"},
    })
    start = time.perf_counter()
    dataset = load_dataset(config.data)  # unpacks the IDX files into the cache on first use
    trainer = Trainer(config, dataset=dataset)
    nnstudio_setup = time.perf_counter() - start
    # Newer Trainers choose between an eager PyTorch loop and a numpy fast path; say which ran.
    trainer_path = getattr(trainer, "path", "eager")
    print(f"nnstudio Trainer: {trainer_path} path"
          + (f" ({trainer.path_reason})" if hasattr(trainer, "path_reason") else ""), flush=True)

    # The same split as nnstudio's (for image sets it cuts no test part from the training images).
    n_official = len(dataset.train) + len(dataset.val)  # the 60,000 official training images
    train_index, val_index, _ = split_indices(n_official, VAL_FRACTION, 0.0, SEED)
    assert len(train_index) == len(dataset.train) and len(val_index) == len(dataset.val)
    root = image_root(config.data.data_dir)

    variants: dict[str, object] = {"nnstudio": trainer}
    labels = {"nnstudio": "nnstudio Trainer", "tutorial": "tutorial, num_workers=0",
              "tutorial_w2": "tutorial, num_workers=2"}
    setup = {"nnstudio": nnstudio_setup}
    for name, workers in (("tutorial", 0), ("tutorial_w2", 2)):
        if name == "tutorial_w2" and args.no_workers:
            continue
        start = time.perf_counter()
        variants[name] = TutorialLoop(root, train_index, val_index,
                                      copy.deepcopy(trainer.model), workers)
        setup[name] = time.perf_counter() - start

    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu_times: dict[str, list[float]] = {name: [] for name in variants}

    def one_epoch(name: str) -> None:
        loop = variants[name]
        cpu_start = time.process_time()
        start = time.perf_counter()
        if name == "nnstudio":
            result = loop.fit(epochs=loop.epoch + 1)
            assert result.stop_kind == "completed", result.stop_reason
        else:
            loop.epoch()
        times[name].append(time.perf_counter() - start)
        cpu_times[name].append(time.process_time() - cpu_start)
        print(f"  {labels[name]:<24} epoch {len(times[name])}: {times[name][-1]:6.2f} s "
              f"(this process's CPU time {cpu_times[name][-1]:6.2f} s)", flush=True)

    warm_up(trainer.model)
    order = list(variants)
    for round_number in range(args.epochs):
        for name in order if round_number % 2 == 0 else reversed(order):
            one_epoch(name)

    last = trainer.history.last
    final = {"nnstudio": (last.train_loss, last.train_acc, last.val_loss, last.val_acc)}
    for name in variants:
        if name != "nnstudio":
            final[name] = variants[name].history[-1]
    median = {name: statistics.median(values) for name, values in times.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpu_times.items()}
    return {"trainer_path": trainer_path, "median": median, "median_cpu": median_cpu,
            "times": times, "final": final, "setup": setup, "labels": labels,
            "n_train": len(train_index), "n_val": len(val_index)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 epoch of each (~12 s)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs of each variant (default 2)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch.set_num_threads for all variants (default 1)")
    parser.add_argument("--no-workers", action="store_true",
                        help="skip the num_workers=2 tutorial variant")
    args = parser.parse_args(argv)
    if args.quick:
        args.epochs = 1
    torch.set_num_threads(args.threads)

    # Exit through the with-block on SIGTERM (e.g. from `timeout`) so the temporary folder,
    # with ~50 MB of unpacked images, is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="nnstudio-bench-") as home:
        os.environ["NNSTUDIO_HOME"] = home  # nnstudio's cache, where it unpacks the IDX files
        if not is_available("fashion_mnist"):
            print("Fashion-MNIST is not installed (apt install dataset-fashion-mnist, or "
                  "/usr/share/datasets/fashion-mnist); nothing to measure.", file=sys.stderr)
            return 2
        print(f"Fashion-MNIST, 784-256-10 relu MLP, Adam {LR}, batch {BATCH}; {args.epochs} "
              f"epoch(s) each, alternating; torch {torch.__version__}, "
              f"{torch.get_num_threads()} thread(s); load average {os.getloadavg()[0]:.2f} on "
              f"{os.cpu_count()} cores", flush=True)
        r = run(args)

    median, cpu, final, setup, labels = (r["median"], r["median_cpu"], r["final"], r["setup"],
                                         r["labels"])
    base, base_cpu = median["nnstudio"], cpu["nnstudio"]
    print()
    print(f"{r['n_train']} train / {r['n_val']} validation images; epoch = train pass + "
          f"validation pass; medians over {len(r['times']['nnstudio'])} epoch(s)")
    print(f"{'variant':<25} {'s/epoch':>8} {'x nnstudio':>11} {'CPU s/epoch':>12} "
          f"{'x nnstudio':>11} {'all epochs (s)':>15} {'setup s':>8} {'train loss':>11} "
          f"{'val acc':>8}")
    for name in median:
        all_epochs = " ".join(f"{t:.2f}" for t in r["times"][name])
        if name == "tutorial_w2":  # the workers' CPU time is not this process's
            cpu_columns = f"{'-':>12} {'-':>11}"
        else:
            cpu_columns = f"{cpu[name]:>12.3f} {cpu[name] / base_cpu:>11.2f}"
        print(f"{labels[name]:<25} {median[name]:>8.3f} {median[name] / base:>11.2f} "
              f"{cpu_columns} {all_epochs:>15} {setup[name]:>8.2f} {final[name][0]:>11.4f} "
              f"{final[name][3]:>8.4f}")
    speedup = median["tutorial"] / base
    verdict = "ok" if speedup >= TARGET_SPEEDUP else "BELOW target"
    print(f"\nspeedup over the tutorial loop (num_workers=0): {speedup:.2f}x wall clock, "
          f"{cpu['tutorial'] / base_cpu:.2f}x CPU time "
          f"(target >= {TARGET_SPEEDUP:.0f}x: {verdict})")
    print("CPU time is this process's (time.process_time): less sensitive than wall-clock time "
          "to other processes sharing the cores when --threads is 1.")

    summary: dict[str, object] = {
        "nnstudio_epoch_s": round(base, 4),
        "tutorial_epoch_s": round(median["tutorial"], 4),
        "speedup": round(speedup, 2),
    }
    if "tutorial_w2" in median:
        summary["tutorial_w2_epoch_s"] = round(median["tutorial_w2"], 4)
        summary["speedup_w2"] = round(median["tutorial_w2"] / base, 2)
    summary.update({
        "nnstudio_epoch_cpu_s": round(base_cpu, 4),
        "tutorial_epoch_cpu_s": round(cpu["tutorial"], 4),
        "speedup_cpu": round(cpu["tutorial"] / base_cpu, 2),
        "nnstudio_path": r["trainer_path"],
        "epochs_each": len(r["times"]["nnstudio"]),
        "threads": torch.get_num_threads(),
        "load_avg_1min": round(os.getloadavg()[0], 2),
        "torch": torch.__version__,
        "final_val_acc": {name: round(final[name][3], 4) for name in final},
    })
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
