"""Command line: ``nnstudio`` opens the window; ``nnstudio train``, ``presets``, ``devices`` run headless.

Exit codes: 0 success, 2 a bad config or input (one readable line on stderr), 3 training diverged,
130 interrupted.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Optional, Sequence, TextIO

EXIT_OK, EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_INTERRUPTED = 0, 2, 3, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnstudio",
        description="Train neural networks and watch them learn. With no command, opens the window.",
    )
    commands = parser.add_subparsers(dest="command")

    train = commands.add_parser("train", help="train a config headless and write its results")
    train.add_argument("config", nargs="?", help="experiment file (TOML)")
    train.add_argument("--preset", help="train a built-in preset instead (see 'nnstudio presets')")
    train.add_argument("--out", default="nnstudio-run", help="folder for the results")
    train.add_argument("--epochs", type=int, help="override train.epochs")
    train.add_argument("--device", help="override train.device (auto, cpu, cuda, cuda:N, mps)")
    train.add_argument("--seed", type=int, help="override train.seed (weights and shuffling)")
    train.add_argument("--test", action="store_true", help="also evaluate the test set, once")
    train.add_argument("--quiet", action="store_true", help="print only the summary")

    data = commands.add_parser("data", help="list or download datasets (for offline classes)")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    data_commands.add_parser("list", help="every dataset, and whether image sets are here")
    fetch = data_commands.add_parser("fetch", help="download an image set into the cache")
    fetch.add_argument("name", help="mnist, fashion_mnist, kmnist or cifar10")
    fetch.add_argument("--dir", default="", help="folder to download into (default: the cache)")

    commands.add_parser("presets", help="list the built-in experiments")
    commands.add_parser("devices", help="list the devices this machine can train on")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        return _open_window()
    from nnstudio.core.errors import NNStudioError

    try:
        if args.command == "train":
            return _train(args)
        if args.command == "data":
            return _data(args)
        if args.command == "presets":
            return _presets()
        if args.command == "devices":
            return _devices()
    except NNStudioError as exc:
        _fail(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("nnstudio: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK  # pragma: no cover - argparse only lets known commands through


def _fail(message: str) -> None:
    """One readable line on stderr (several problems are joined with '; ')."""
    print("nnstudio: " + "; ".join(message.splitlines()), file=sys.stderr)


def _open_window() -> int:
    try:
        from nnstudio.gui.app import run_app
    except ImportError:  # the window is not built yet: show a headless demo instead
        print("nnstudio: the window is not available; training the mlp-spiral preset headless")
        return main(["train", "--preset", "mlp-spiral", "--out", "nnstudio-demo"])
    return run_app(sys.argv[:1])


def _presets() -> int:
    from nnstudio.core.presets import all_presets

    for name, config in all_presets().items():
        print(f"{name:30s} {config.description}")
    return EXIT_OK


def _data(args: argparse.Namespace) -> int:
    from nnstudio.core.data import DATASETS
    from nnstudio.core.data.images import IMAGE_SETS, image_root, is_available, load_images
    from nnstudio.core.errors import DataError

    if args.data_command == "list":
        for name, info in DATASETS.items():
            where = "built in"
            if name in IMAGE_SETS:
                where = "here" if is_available(name) else "not downloaded"
            print(f"{name:15s} {info.group:18s} {where:15s} {info.description}")
        return EXIT_OK
    if args.name not in IMAGE_SETS:
        raise DataError(
            f"data fetch: unknown image set {args.name!r}; known: {', '.join(IMAGE_SETS)}"
        )
    train_x, _, test_x, _ = load_images(args.name, args.dir, download=True)
    print(f"{args.name}: {len(train_x)} training and {len(test_x)} test images in "
          f"{image_root(args.dir)}")
    return EXIT_OK


def _devices() -> int:
    from nnstudio.core.device import available_devices, describe_device

    for name in available_devices():
        print(describe_device(name))
    return EXIT_OK


def _resolve_config(args: argparse.Namespace):
    from nnstudio.core.config import updated
    from nnstudio.core.errors import ConfigError
    from nnstudio.core.experiment import load_config
    from nnstudio.core.presets import load_preset

    if bool(args.config) == bool(args.preset):
        raise ConfigError("train: give either a CONFIG.toml file or --preset NAME")
    config = load_preset(args.preset) if args.preset else load_config(args.config)
    overrides = {
        key: value
        for key, value in (("epochs", args.epochs), ("device", args.device), ("seed", args.seed))
        if value is not None
    }
    return updated(config, "train", **overrides) if overrides else config


def _train(args: argparse.Namespace) -> int:
    config = _resolve_config(args)
    from nnstudio.core.experiment import save_config
    from nnstudio.core.store import save_checkpoint
    from nnstudio.core.train import Callback, Trainer

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from nnstudio.core.errors import NNStudioError

        raise NNStudioError(f"--out: cannot create {out} ({exc.strerror})") from None
    trainer = Trainer(config)
    save_config(config, out / "config.toml")
    with open(out / "metrics.csv", "w", newline="", encoding="utf-8") as metrics_file:
        reporter = _Reporter(metrics_file, config.train.epochs, sys.stderr, quiet=args.quiet)
        trainer.add_callback(reporter)
        result = trainer.fit()
    if args.test and not result.diverged:
        result.test = trainer.evaluate_test()
    save_checkpoint(out / "model.pt", trainer)
    summary = result.summary()
    summary["config_name"] = config.name
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(_summary_line(result), file=sys.stdout)
    if result.diverged:
        _fail(result.stop_reason)
        return EXIT_DIVERGED
    return EXIT_OK


def _summary_line(result) -> str:
    parts = [f"{result.stop_reason}"]
    if result.final:
        parts.append(f"final val_loss {_number(result.final.val_loss)}")
        if result.final.val_acc is not None:
            parts.append(f"val_acc {_number(result.final.val_acc)}")
    if result.best_epoch:
        parts.append(f"best epoch {result.best_epoch}")
    if result.test:
        parts.append(f"test_loss {_number(result.test['test_loss'])}")
        if result.test.get("test_acc") is not None:
            parts.append(f"test_acc {_number(result.test['test_acc'])}")
    return "; ".join(parts)


def _number(value) -> str:
    return "-" if value is None else f"{value:.4g}"


class _Reporter:
    """Writes metrics.csv as epochs end (nothing lost if killed) and shows progress."""

    def __init__(self, file: TextIO, total_epochs: int, stream: TextIO, quiet: bool) -> None:
        from nnstudio.core.train import METRIC_COLUMNS

        self.file = file
        self.writer = csv.DictWriter(file, fieldnames=METRIC_COLUMNS)
        self.writer.writeheader()
        self.total = total_epochs
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty()
        self.last_draw = 0.0

    # Callback protocol (duck-typed so the CLI module stays light to import)
    def on_run_start(self, trainer) -> None:
        pass

    def on_epoch_end(self, trainer, metrics) -> None:
        self.writer.writerow(metrics.row())
        self.file.flush()
        if self.quiet:
            return
        line = (
            f"epoch {metrics.epoch}/{self.total}  train_loss {_number(metrics.train_loss)}"
            f"  val_loss {_number(metrics.val_loss)}"
        )
        if metrics.val_acc is not None:
            line += f"  val_acc {_number(metrics.val_acc)}"
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw < 0.1 and metrics.epoch < self.total:
                return
            self.last_draw = now
            width = 30
            filled = int(width * metrics.epoch / self.total)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {line}\x1b[K")
            self.stream.flush()
        else:
            print(line, file=self.stream)

    def on_run_end(self, trainer, result) -> None:
        if self.tty and not self.quiet:
            self.stream.write("\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
