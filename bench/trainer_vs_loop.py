#!/usr/bin/env python
"""Trainer vs. a bare hand-written PyTorch loop: how much does the Trainer cost per epoch?

Both train the same model (same initial weights) on the same in-memory data with the same
optimiser, batch size and shuffling seed, so they compute the same thing step for step. They run
alternately in one process (trainer, bare, bare, trainer, ...) so that machine noise hits both
alike; the script reports the median epoch time of each and their ratio. Target: ratio <= 1.10.

Cases:
  2d-mlp     spiral (3 classes) from nnstudio's generator, 1000 train / 250 validation samples,
             MLP 2-16-16-3 tanh, Adam lr 0.01, batch 32.
  mnist-mlp  60,000 Fashion-MNIST training images as uint8 vectors of 784 (the 10,000 test images
             as validation), normalised per batch on the fly (as the Trainer does for image sets),
             MLP 784-256-10 relu, Adam lr 1e-3, batch 64. Random data of the same shape if the
             Debian package's files are not installed.

An "epoch" is what the Trainer does per epoch: one shuffled pass over the training data plus one
evaluation pass over the validation set in eval mode under no_grad. The bare loop does exactly
that work, the way tutorials write it (running loss with loss.item(), running accuracy).

The Trainer runs twice: as the app runs it (train.val_every_steps = 15: epochs of at least 1000
training samples also score 256 validation samples every 15 steps, for the curves; at most 10 %
of the run's time), and with val_every_steps = 0, the same work as the bare loop. The three
alternate. Besides wall-clock time, the CPU time of the process is reported: on a shared machine
other processes stretch the wall clock, far less the CPU seconds this process spends.

Threads: torch.set_num_threads(--threads), default 2 (all cores here, torch's own default on
this machine, and what the app uses), the same for both loops; OMP_WAIT_POLICY=PASSIVE as the app
and the CLI set it (see cli.main): idle threads sleep instead of spinning.

    python bench/trainer_vs_loop.py            # full run, ~1 minute idle, 3-5 loaded
    python bench/trainer_vs_loop.py --quick    # < 40 s, noisier
    python bench/trainer_vs_loop.py --case 2d-mlp

Prints a table and one JSON line per case:
    {"case": ..., "trainer_epoch_s": ..., "bare_epoch_s": ..., "ratio": ..., "cpu_ratio": ...,
     "equal_work_epoch_s": ..., "ratio_equal_work": ..., "cpu_ratio_equal_work": ..., ...}
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the app and the CLI run (see cli.main)

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from nnstudio.core.config import parse_config  # noqa: E402
from nnstudio.core.data import Dataset, Part  # noqa: E402
from nnstudio.core.train.trainer import Trainer  # noqa: E402

FASHION = Path("/usr/share/datasets/fashion-mnist")
TARGET_RATIO = 1.10
EVAL_CHUNK = 8192  # the bare loop evaluates in the same chunks as the Trainer


# --- data ---------------------------------------------------------------------------------------
def read_idx_images(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        raw = f.read()
    n, rows, cols = (int.from_bytes(raw[i : i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, rows * cols)


def read_idx_labels(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        raw = f.read()
    return np.frombuffer(raw, dtype=np.uint8, offset=8).astype(np.int64)


def fashion_mnist_dataset() -> tuple[Dataset, str]:
    """60k training vectors of 784 uint8 + 10k for validation, as an nnstudio Dataset."""
    files = [FASHION / f"{s}-{k}-idx{d}-ubyte.gz" for s in ("train", "t10k")
             for k, d in (("images", 3), ("labels", 1))]
    if all(f.exists() for f in files):
        x_train, y_train = read_idx_images(files[0]), read_idx_labels(files[1])
        x_val, y_val = read_idx_images(files[2]), read_idx_labels(files[3])
        source = "Fashion-MNIST"
    else:
        rng = np.random.default_rng(0)
        x_train = rng.integers(0, 256, (60_000, 784), dtype=np.uint8)
        y_train = rng.integers(0, 10, 60_000).astype(np.int64)
        x_val = rng.integers(0, 256, (10_000, 784), dtype=np.uint8)
        y_val = rng.integers(0, 10, 10_000).astype(np.int64)
        source = "random uint8 (Fashion-MNIST not installed)"
    scaled = x_train.astype(np.float32) / 255.0
    empty = Part(torch.zeros(0, 784, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64))
    dataset = Dataset(
        name="fashion-mnist-flat",
        task="multiclass",
        train=Part(torch.from_numpy(x_train.copy()), torch.from_numpy(y_train)),
        val=Part(torch.from_numpy(x_val.copy()), torch.from_numpy(y_val)),
        test=empty,
        n_classes=10,
        class_names=[str(k) for k in range(10)],
        mean=float(scaled.mean()),
        std=float(scaled.std()),
    )
    return dataset, source


# --- the bare loop ------------------------------------------------------------------------------
class BareLoop:
    """What a competent person writes by hand for tensors already in memory."""

    def __init__(self, model, x, y, x_val, y_val, lr, batch_size, seed, mean=None, std=None):
        self.model, self.x, self.y, self.x_val, self.y_val = model, x, y, x_val, y_val
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.batch_size = batch_size
        self.generator = torch.Generator().manual_seed(seed)
        self.mean, self.std = mean, std  # set for uint8 inputs, normalised per batch
        self.history: list[tuple[float, float, float, float]] = []

    def prepare(self, x):
        if self.mean is None:
            return x
        return (x.float() / 255.0 - self.mean) / self.std

    def epoch(self) -> None:
        model, optimizer, loss_fn, x, y = self.model, self.optimizer, self.loss_fn, self.x, self.y
        n, batch_size = len(x), self.batch_size
        model.train()
        permutation = torch.randperm(n, generator=self.generator)
        running_loss = 0.0
        correct = torch.zeros((), dtype=torch.int64)
        for start in range(0, n, batch_size):
            index = permutation[start : start + batch_size]
            xb, yb = self.prepare(x[index]), y[index]
            out = model(xb)
            loss = loss_fn(out, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            running_loss += loss.item() * len(index)
            correct += (out.argmax(1) == yb).sum()
        train_loss, train_acc = running_loss / n, correct.item() / n

        model.eval()
        val_loss, val_correct = 0.0, 0
        with torch.no_grad():
            for start in range(0, len(self.x_val), EVAL_CHUNK):
                xb = self.prepare(self.x_val[start : start + EVAL_CHUNK])
                yb = self.y_val[start : start + EVAL_CHUNK]
                out = model(xb)
                val_loss += loss_fn(out, yb).item() * len(yb)
                val_correct += (out.argmax(1) == yb).sum().item()
        n_val = len(self.x_val)
        self.history.append((train_loss, train_acc, val_loss / n_val, val_correct / n_val))


# --- the cases ----------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    description: str
    trainer: Trainer  # as the app runs it
    equal: Trainer  # val_every_steps = 0: the bare loop's work
    bare: BareLoop
    rounds: int
    epochs_per_round: int


def without_mid_epoch_validation(config):
    """The config with one validation per epoch, as the bare loop does."""
    return config.model_copy(update={"train": config.train.model_copy(update={"val_every_steps": 0})})


def make_2d_case(quick: bool) -> Case:
    config = parse_config({
        "data": {"dataset": "spiral", "n_samples": 1250, "noise": 0.2, "n_classes": 3,
                 "val_fraction": 0.2, "test_fraction": 0.0, "seed": 0},
        "model": {"preset": "mlp", "hidden": [16, 16], "activation": "tanh"},
        "train": {"optimizer": "adam", "lr": 0.01, "batch_size": 32, "epochs": 1_000_000,
                  "seed": 0, "device": "cpu"},
    })
    trainer = Trainer(config)
    data = trainer.dataset
    equal = Trainer(without_mid_epoch_validation(config), dataset=data)
    bare = BareLoop(copy.deepcopy(trainer.model), data.train.x, data.train.y, data.val.x,
                    data.val.y, lr=0.01, batch_size=32, seed=config.train.seed)
    description = (f"spiral {len(data.train)} train / {len(data.val)} val, "
                   f"MLP 2-16-16-3 tanh, Adam, batch 32")
    return Case("2d-mlp", description, trainer, equal, bare,
                rounds=6 if quick else 12, epochs_per_round=20 if quick else 50)


def make_mnist_case(quick: bool) -> Case:
    dataset, source = fashion_mnist_dataset()
    config = parse_config({
        "model": {"preset": "mlp", "hidden": [256], "activation": "relu"},
        "train": {"optimizer": "adam", "lr": 1e-3, "batch_size": 64, "epochs": 1_000_000,
                  "seed": 0, "device": "cpu"},
    })
    trainer = Trainer(config, dataset=dataset)
    equal = Trainer(without_mid_epoch_validation(config), dataset=dataset)
    bare = BareLoop(copy.deepcopy(trainer.model), dataset.train.x, dataset.train.y,
                    dataset.val.x, dataset.val.y, lr=1e-3, batch_size=64,
                    seed=config.train.seed, mean=dataset.mean, std=dataset.std)
    description = (f"{source} 60000 train / 10000 val uint8 x 784 (normalised per batch), "
                   f"MLP 784-256-10 relu, Adam, batch 64")
    return Case("mnist-mlp", description, trainer, equal, bare,
                rounds=4 if quick else 10, epochs_per_round=1)


def run_case(case: Case) -> dict[str, object]:
    bare = case.bare
    wall: dict[str, list[float]] = {"trainer": [], "equal": [], "bare": []}
    cpu: dict[str, list[float]] = {"trainer": [], "equal": [], "bare": []}

    def trainer_epoch(trainer: Trainer):
        def epoch() -> None:
            result = trainer.fit(epochs=trainer.epoch + 1)
            assert result.stop_kind == "completed", result.stop_reason
        return epoch

    epochs = {"trainer": trainer_epoch(case.trainer), "equal": trainer_epoch(case.equal),
              "bare": bare.epoch}

    def time_it(name: str) -> None:
        for _ in range(case.epochs_per_round):
            start, start_cpu = time.perf_counter(), time.process_time()
            epochs[name]()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)

    # Alternate, and change who goes first every round (each order, then its reverse), so that
    # warm-up and slow drifts of the machine do not favour any of them.
    names = list(epochs)
    for round_number in range(case.rounds):
        turn = round_number // 2 % len(names)
        order = names[turn:] + names[:turn]
        for name in order[::-1] if round_number % 2 else order:
            time_it(name)

    # Same initial weights, same shuffles, same optimiser: they must end where the others do
    # (validating within epochs changes no weight).
    b_loss, b_acc, b_val, b_val_acc = bare.history[-1]
    for trainer in (case.trainer, case.equal):
        last = trainer.history.last
        assert len(bare.history) == trainer.epoch
        for what, a, b in (("train loss", last.train_loss, b_loss), ("val loss", last.val_loss, b_val)):
            assert abs(a - b) <= 1e-3 * max(abs(a), abs(b)) + 1e-6, (
                f"{case.name}: {what} differs: trainer {a:.6f} vs bare {b:.6f}")
    last = case.trainer.history.last

    def ratio(times: dict[str, list[float]], name: str) -> float:
        return statistics.median(times[name]) / statistics.median(times["bare"])

    # Each round's own ratio shows how noisy the machine was during the run.
    k = case.epochs_per_round
    round_ratios = [
        statistics.median(wall["trainer"][i : i + k]) / statistics.median(wall["bare"][i : i + k])
        for i in range(0, len(wall["bare"]), k)
    ]
    mid = case.trainer._mid_validation
    return {
        "case": case.name,
        "trainer_epoch_s": round(statistics.median(wall["trainer"]), 5),
        "bare_epoch_s": round(statistics.median(wall["bare"]), 5),
        "ratio": round(ratio(wall, "trainer"), 3),
        "equal_work_epoch_s": round(statistics.median(wall["equal"]), 5),
        "ratio_equal_work": round(ratio(wall, "equal"), 3),
        "cpu_ratio": round(ratio(cpu, "trainer"), 3),
        "cpu_ratio_equal_work": round(ratio(cpu, "equal"), 3),
        "validations_per_epoch": len(last.val_points) + 1,
        "mid_epoch_validation_s_last_epoch": round(mid._spent, 4) if mid is not None else 0.0,
        "epochs_each": case.trainer.epoch,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "final_train_loss": {"trainer": round(last.train_loss, 5), "bare": round(b_loss, 5)},
        "final_val_acc": {"trainer": round(last.val_acc, 4), "bare": round(b_val_acc, 4)},
        "_description": case.description,
        "_round_ratios": (min(round_ratios), max(round_ratios)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (< 40 s, noisier)")
    parser.add_argument("--case", choices=["2d-mlp", "mnist-mlp", "all"], default="all")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads for both")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    makers = {"2d-mlp": make_2d_case, "mnist-mlp": make_mnist_case}
    names = list(makers) if args.case == "all" else [args.case]
    results = []
    for name in names:
        case = makers[name](args.quick)
        print(f"[{name}] {case.description}; {case.rounds} rounds x {case.epochs_per_round} "
              f"epoch(s) each, alternating, {args.threads} thread(s)", flush=True)
        results.append(run_case(case))

    print()
    print(f"{'case':<11} {'trainer s/epoch':>16} {'bare s/epoch':>13} {'ratio':>7} "
          f"{'per-round ratios':>17} {'cpu ratio':>10} {'equal work':>11} {'cpu':>6}"
          f"  target <= {TARGET_RATIO:.2f}")
    for r in results:
        low, high = r["_round_ratios"]
        verdict = "ok" if r["ratio"] <= TARGET_RATIO else "SLOWER than target"
        print(f"{r['case']:<11} {r['trainer_epoch_s']:>16.4f} {r['bare_epoch_s']:>13.4f} "
              f"{r['ratio']:>7.3f} {f'{low:.2f} .. {high:.2f}':>17} {r['cpu_ratio']:>10.3f} "
              f"{r['ratio_equal_work']:>11.3f} {r['cpu_ratio_equal_work']:>6.3f}  {verdict}")
    print("(ratio: the Trainer as the app runs it, over the bare loop, wall clock; cpu ratio: the "
          "same in CPU seconds;\n equal work: the Trainer with val_every_steps = 0, wall and cpu)")
    print()
    for r in results:
        print(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
