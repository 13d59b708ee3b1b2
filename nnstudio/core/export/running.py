"""The exported script's last parts: where it runs (one process, or many under torchrun), the run
folder it writes for nnstudio to read, and its command line. script.py puts the parts together.

The run folder holds what ``nnstudio train --out`` writes, in the same formats (cli.py and
core/store): config.toml, metrics.csv (a line per epoch as it ends), summary.json and model.pt
(an nnstudio checkpoint), so ``nnstudio runs import`` and File ▸ Follow a run folder read it.
"""

from __future__ import annotations

from typing import Any

from nnstudio.core.config import RunConfig
from nnstudio.core.experiment import dumps_config
from nnstudio.core.export import parts
from nnstudio.core.records import METRIC_COLUMNS
from nnstudio.core.store.checkpoint import FORMAT as CHECKPOINT_FORMAT


def process_settings(config: RunConfig) -> list[str]:
    """The settings section's lines on processes and device."""
    return [
        "# Where it trains. torchrun starts WORLD_SIZE copies of this script and gives each its",
        "# RANK (0, 1, ...) and LOCAL_RANK (its number on its machine: which GPU it takes); run",
        "# with python, it is process 0 of 1. Only process 0 prints and writes files.",
        'WORLD_SIZE = int(os.environ.get("WORLD_SIZE", "1"))',
        'RANK = int(os.environ.get("RANK", "0"))',
        'LOCAL_RANK = int(os.environ.get("LOCAL_RANK", "0"))',
        *parts.assignments([("DEVICE", config.train.device,
                             "auto (a GPU if there is one), cpu, cuda, cuda:N, mps")]),
    ]


def run_folder_section(config: RunConfig, data: parts.DataInfo,
                       preprocessing: dict[str, Any]) -> str:
    """Section 5: the settings as nnstudio wrote them, what model.pt carries besides the
    weights (``preprocessing``, Preprocessing.to_json()), and the writer of the run folder."""
    toml_lines = dumps_config(config).split("\n")
    if toml_lines[-1] == "":
        toml_lines.pop()
    pieces = "\n".join(f"    {parts.literal(line + chr(10))}" for line in toml_lines)
    record = "\n".join(f"    {parts.literal(key)}: {parts.literal(value)},"
                       for key, value in preprocessing.items())
    constants = "\n".join(parts.assignments([
        ("CONFIG_NAME", config.name, ""),
        ("TASK", data.task, "what the network's outputs mean"),
        ("INPUT_SHAPE", list(data.input_shape), "the shape of one sample"),
        ("N_OUTPUTS", data.n_outputs, ""),
        ("CHECKPOINT_FORMAT", CHECKPOINT_FORMAT, "model.pt is a checkpoint nnstudio can open"),
        ("METRIC_COLUMNS", list(METRIC_COLUMNS), ""),  # the columns of metrics.csv
    ]))
    return (
        "# With --out DIR the script writes the run folder nnstudio reads, the files of\n"
        "# `nnstudio train --out DIR`: `nnstudio runs import DIR` adds the run to nnstudio's run\n"
        "# history, and File > Follow a run folder... in nnstudio shows its curves while it trains.\n"
        "# CONFIG_TOML is the run's settings as nnstudio wrote them (config.toml); if you change a\n"
        "# setting above, it no longer describes the run.\n"
        f"CONFIG_TOML = (\n{pieces}\n)\n" + constants + "\n"
        "# What the model needs besides its weights to be used on new data in nnstudio (inputs,\n"
        "# their standardisation, class names), as nnstudio measured it on the training split.\n"
        f"PREPROCESSING = {{\n{record}\n}}\n\n\n" + _RUN_FOLDER
    )


_RUN_FOLDER = '''def write_atomically(path, data):
    """Write the bytes ``data`` to a temporary file beside ``path``, then rename it to ``path``:
    whoever reads it sees the old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        if temporary.exists():  # only when the writing failed
            temporary.unlink()


def finite(value):
    """JSON has no NaN or infinity: None instead."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def summary_entry(epoch):
    """An epoch's numbers as summary.json holds them."""
    if epoch is None:
        return None
    keys = METRIC_COLUMNS + ["samples_per_s", "steps"]
    return {key: finite(epoch.get(key)) for key in keys}


class RunFolder:
    """config.toml at the start, a line of metrics.csv as each epoch ends, model.pt and then
    summary.json at the end (the run is over when summary.json names its final epoch's line)."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / "config.toml", CONFIG_TOML.encode("utf-8"))
        self.metrics = open(self.folder / "metrics.csv", "w", newline="", encoding="utf-8")
        self.rows = csv.DictWriter(self.metrics, METRIC_COLUMNS, extrasaction="ignore")
        self.rows.writeheader()
        self.metrics.flush()

    def epoch_ended(self, epoch):
        self.rows.writerow(epoch)  # one whole line
        self.metrics.flush()  # on disk now, for whoever follows the run

    def finish(self, network, history, final, best, outcome, test, device):
        self.metrics.close()
        state = {key: value.cpu() for key, value in network.state_dict().items()}
        checkpoint = {"format": CHECKPOINT_FORMAT, "config": CONFIG_TOML, "task": TASK,
                      "input_shape": INPUT_SHAPE, "n_outputs": N_OUTPUTS,
                      # the epoch of the weights saved: the last, or the restored one
                      "epoch": final["epoch"] if final else outcome["epochs_run"],
                      "preprocessing": PREPROCESSING, "state_dict": state}
        buffer = io.BytesIO()
        torch.save(checkpoint, buffer)  # loads with torch.load(weights_only=True)
        write_atomically(self.folder / "model.pt", buffer.getvalue())
        summary = {
            "stop_kind": outcome["stop_kind"],
            "stop_reason": outcome["stop_reason"],
            "epochs_run": outcome["epochs_run"],
            "best_epoch": best["epoch"] if best else None,
            "restored_epoch": outcome["restored_epoch"],
            "best": summary_entry(best),
            "final": summary_entry(final),  # the model saved: the last or the restored epoch
            "test": {key: finite(value) for key, value in test.items()} if test else None,
            "convergence": None,  # nnstudio's "still improving?" check is not made here
            "notice": None,
            "device": str(device),
            "n_params": sum(p.numel() for p in network.parameters()),
            "config_name": CONFIG_NAME,
        }
        text = json.dumps(summary, indent=2) + "\\n"
        write_atomically(self.folder / "summary.json", text.encode("utf-8"))


class TensorBoardLog:
    """The curves for TensorBoard (--tensorboard DIR; watch them with: tensorboard --logdir DIR)."""

    CURVES = {"train_loss": "loss/training", "val_loss": "loss/validation",
              "train_acc": "accuracy/training", "val_acc": "accuracy/validation",
              "lr": "learning_rate"}

    def __init__(self, writer_class, folder):
        self.writer = writer_class(folder, flush_secs=2)

    def epoch_ended(self, epoch):
        for key, tag in self.CURVES.items():
            if epoch.get(key) is not None:
                self.writer.add_scalar(tag, epoch[key], epoch["epoch"])

    def finish(self, *results):
        self.writer.close()'''


def main_section(data: parts.DataInfo) -> str:
    """Section 6: the command line, the processes, and what is printed and written at the end."""
    return parts.keep_tagged(_MAIN, {"acc" if data.task != "regression" else "noacc"})


_MAIN = '''def tensorboard_writer():
    """torch's TensorBoard writer, imported only when asked for: it needs the tensorboard
    package. None when that is not installed."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        return None
    return SummaryWriter


def arguments():
    """The command line. --help prints it (and trains nothing)."""
    parser = argparse.ArgumentParser(
        description="Train this nnstudio experiment in plain PyTorch: alone with "
        "'python train.py', or on N processes with 'torchrun --nproc_per_node=N train.py' "
        "(DistributedDataParallel; the same batches, shared out, give the same numbers).")
    parser.add_argument("--out", metavar="DIR",
                        help="write the run folder nnstudio reads into DIR: config.toml, "
                        "metrics.csv (a line per epoch), summary.json and model.pt")
    parser.add_argument("--device", default=DEVICE,
                        help="where to train: auto (a GPU if there is one), cpu, cuda, cuda:N or "
                        "mps (default: %(default)s); under torchrun, cuda means each process's "
                        "own GPU")
    parser.add_argument("--tensorboard", metavar="DIR",
                        help="also log the curves for TensorBoard into DIR "
                        "(needs the tensorboard package: pip install tensorboard)")
    options = parser.parse_args()
    options.device = choose_device(options.device, parser)
    options.writer_class = None
    if options.tensorboard:
        options.writer_class = tensorboard_writer()
        if options.writer_class is None:
            parser.error("--tensorboard needs the tensorboard package: pip install tensorboard")
    return options


def choose_device(name, parser):
    """The torch device ``name`` means for this process (under torchrun, cuda is its own GPU)."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        parser.error(f"--device {name}: there is no CUDA GPU here")
    if name == "cuda":
        name = f"cuda:{LOCAL_RANK}"
    try:
        return torch.device(name)
    except RuntimeError:
        parser.error(f"--device {name}: must be auto, cpu, cuda, cuda:N or mps")


def join_the_others(device):
    """Under torchrun: meet the other processes (gloo carries their numbers between CPUs,
    nccl between GPUs). Alone: nothing to do."""
    if WORLD_SIZE > 1:
        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")


if __name__ == "__main__":
    options = arguments()
    join_the_others(options.device)
    watchers = []  # what hears of every epoch: only the first process writes files
    if RANK == 0 and options.out:
        watchers.append(RunFolder(options.out))
    if RANK == 0 and options.tensorboard:
        watchers.append(TensorBoardLog(options.writer_class, options.tensorboard))
    network, history, final, best, outcome, (x_test, y_test) = train(options.device, watchers)
    if history:
        say(describe("final ", final))  # the model's epoch: the last, or the restored one
        say(describe("best ", best))  # the epoch with the lowest validation loss
    # The test set, used once at the very end: a fair estimate of how the model does on new data.
    test = None
    if RANK == 0 and outcome["stop_kind"] != "diverged":
        test_loss, test_acc = evaluate(network, x_test, y_test)
        if test_loss is not None:
            test = {"test_loss": test_loss, "test_acc": test_acc, "epoch": final["epoch"]}
@acc@            say(f"test test_loss={test_loss:.6f} test_acc={test_acc:.6f}")
@noacc@            say(f"test test_loss={test_loss:.6f}")
    for watcher in watchers:
        watcher.finish(network, history, final, best, outcome, test, options.device)
    if WORLD_SIZE > 1:
        dist.barrier()  # the others wait for the first to finish writing, then all leave together
        dist.destroy_process_group()
    if outcome["stop_kind"] == "diverged":
        raise SystemExit(3)  # as nnstudio train: 3 means the training diverged'''
