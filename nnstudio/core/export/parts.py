"""The text of an exported ``train.py``, part by part; script.py puts the parts together.

Templates mark optional lines with tags, ``@l1@    objective = ...``: a line is kept when all of
its tags are on for the run (see :func:`keep_tagged`), so a student only reads what the run used.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from nnstudio.core.config import RunConfig, TrainConfig
from nnstudio.core.registries import OPTIMIZERS, SCHEDULES, OptimizerEntry


@dataclass(frozen=True)
class DataInfo:
    """What the script needs to know about the data before it exists."""

    name: str
    task: str  # "regression", "binary" or "multiclass"
    n_outputs: int
    n_classes: int
    input_shape: tuple[int, ...]
    n_train: int  # training samples (the Trainer's thread count depends on the batch size)
    is_image: bool = False
    imports: tuple[str, ...] = ()  # import lines beyond math, numpy and torch
    augment: tuple[str, ...] = ()  # augmentations of the training images (image sets)
    scales_target: bool = False  # the regression target is learned in standard units
    about: str = "the points, generated from a seed and split into training / validation / test"


_STANDARD_IMPORTS = ("import argparse", "import csv", "import io", "import json", "import math",
                     "import os", "import time")
_TORCH_IMPORTS = """import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler"""


def imports(data: DataInfo) -> str:
    """The script's import lines."""
    data_imports = [line for line in data.imports if line.startswith("import ")]
    standard = sorted({*_STANDARD_IMPORTS, *data_imports})
    lines = "\n".join(standard) + "\nfrom pathlib import Path\n\n" + _TORCH_IMPORTS
    return lines + "".join(f"\n{line}" for line in data.imports if line.startswith("from "))


def docstring(config: RunConfig, data: DataInfo) -> str:
    """The script's docstring. The run's name and description are not in it: a user's text
    enters the script only as a literal (:func:`literal`), in :func:`about_settings`."""
    training = ("least squares: the best weights, solved in one step"
                if OPTIMIZERS[config.train.optimizer].exact
                else "the loop: batches, loss, gradients, one optimiser step per batch")
    needs = "numpy, torch and torchvision" if data.is_image else "numpy and torch"
    return f'''"""An nnstudio run, trained again in plain PyTorch (its name and description are
EXPERIMENT and ABOUT, the first settings below).

Exported by nnstudio from the run's settings: the same data, the same split, the same
network and the same training loop, written out as code. On a CPU it prints the same numbers
as nnstudio did (on a GPU the last digits can differ). It needs only {needs}:

    python train.py                                 # train here, in one process
    python train.py --out run                       # and write the run folder nnstudio reads
    torchrun --nproc_per_node=4 train.py --out run  # on 4 processes (GPUs, or CPU cores)
    python train.py --help                          # every option

On N processes each takes 1/N of every batch and they average their gradients
(DistributedDataParallel), so they train the same batches and print the same numbers up to
rounding (where dropout or random image changes draw numbers, the draws differ).

Read it from top to bottom:
  1. Settings    every number the run uses
  2. Data        {data.about}
  3. Model       the layers, in the order nnstudio built them, and the loss
  4. Training    {training}
  5. Run folder  the files nnstudio reads: settings, a line per epoch, the summary, the model
  6. Run it      the options; train, print the final model's and the best epoch's numbers,
                 then measure the test set once
"""'''


def about_settings(config: RunConfig, data: DataInfo) -> list[str]:
    """The first lines of the settings: the run's name and description, as string literals."""
    from nnstudio.core.models.builder import resolved_model

    preset = resolved_model(config.model, config.data, data.task).preset
    preset = "mlp" if preset == "auto" else preset
    lines = ["# The run this script repeats."]
    lines += text_assignment("EXPERIMENT", config.name or f"{data.name} {preset}")
    if config.description:
        lines += text_assignment("ABOUT", config.description)
    return lines


def section(title: str, body: str) -> str:
    rule = "# " + "-" * 96
    return f"{rule}\n# {title}\n{rule}\n\n{body.strip(chr(10))}"


def assignments(rows: list[tuple[str, object, str]]) -> list[str]:
    """``NAME = value  # comment`` lines with the comments aligned (past a long value, not).
    Names and comments are nnstudio's own words; every value is made by :func:`literal`."""
    codes = [f"{name} = {literal(value)}" for name, value, _ in rows]
    width = max([len(code) for code in codes if len(code) <= 40], default=0)
    return [
        f"{code:<{width}}  # {comment}" if comment else code
        for code, (_, _, comment) in zip(codes, rows)
    ]


def text_assignment(name: str, text: str, width: int = 90) -> list[str]:
    """``NAME = "text"``, or for a long text ``NAME = (`` pieces of it, one literal a line ``)``:
    Python joins adjacent literals, so the value is ``text`` exactly."""
    one_line = f"{name} = {literal(text)}"
    if len(one_line) <= width:
        return [one_line]
    pieces: list[str] = []
    for word in re.findall(r"\s*\S+\s*|\s+", text):
        if pieces and len(literal(pieces[-1] + word)) <= width - 4 and "\n" not in pieces[-1]:
            pieces[-1] += word
        else:
            pieces.append(word)
    return [f"{name} = ("] + [f"    {literal(piece)}" for piece in pieces] + [")"]


def literal(value: object) -> str:
    """Python source for a value: the one way a setting, and any text of the user's (a name, a
    file, a column, a class), enters an exported script. Strings are made by ``repr`` (double
    quotes where that needs no escape), so nothing in them can end the literal."""
    if isinstance(value, str):
        text = repr(value)
        if text.startswith("'") and '"' not in value:  # no quote inside to escape either way
            text = '"' + text[1:-1] + '"'
        return text
    if isinstance(value, (list, tuple)):
        items = [literal(item) for item in value]
        if isinstance(value, tuple):
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        return "[" + ", ".join(items) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(key)}: {literal(item)}" for key, item in value.items()) + "}"
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise TypeError(f"literal: no Python literal for {type(value).__name__}")


def keep_tagged(template: str, tags: set[str]) -> str:
    """The template's lines whose tags are all in ``tags`` (untagged lines are always kept)."""
    lines = []
    for line in template.splitlines():
        match = re.match(r"^@([\w,]+)@(.*)$", line)
        if match is None:
            lines.append(line)
        elif set(match.group(1).split(",")) <= tags:
            lines.append(match.group(2))
    return "\n".join(lines)


# --- 2. data ---
def regression_generator(name: str, curve: str, formula: str) -> str:
    return f'''def {name}(n, noise, rng):
    """n points: x uniform in [-1, 1], {formula} plus noise times a normal draw."""
    x = rng.uniform(-1.0, 1.0, size=(n, 1))
    y = {curve} + noise * rng.standard_normal((n, 1))
    return x.astype(np.float32), y.astype(np.float32)'''


LOAD_SYNTHETIC = '''def load_data():
    """The points as tensors: (inputs, targets) for training, validation and test."""
    rng = np.random.default_rng(DATA_SEED)
    x, y = $CALL
@features@    x = make_features(x, FEATURES)  # the inputs the network reads
    train, val, test = split_indices(len(x), VAL_FRACTION, TEST_FRACTION, DATA_SEED)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    indices = [torch.from_numpy(part) for part in (train, val, test)]
    return [(x[index], y[index]) for index in indices]'''

LOAD_CSV = '''def read_table(path):
    """The CSV file's column names and its rows of text cells, read the way nnstudio reads them."""
    with open(path, "rb") as file:
        text = file.read().decode("utf-8-sig")
    try:  # the separator: a comma, semicolon, tab or bar, whichever the file uses
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\\t|").delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(1 << 28)  # a quoted cell may hold long text
    # newline="": lines may end in LF, CR LF or (old Macs) CR alone
    lines = [cells for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
             if any(cell.strip() for cell in cells)]  # blank lines are skipped
    columns = [cell.strip() for cell in lines[0]]
    rows = [[cell.strip() for cell in cells] for cells in lines[1:]]
    return columns, rows


def load_data():
    """The table as tensors: (inputs, targets) for training, validation and test."""
    columns, rows = read_table(CSV_FILE)
    features = [columns.index(name) for name in FEATURES]
    x = np.array([[float(row[i]) for i in features] for row in rows], dtype=np.float32)
    target = [row[columns.index(TARGET)] for row in rows]
@classes@    y = np.array([CLASS_NAMES.index(cell) for cell in target], dtype=np.int64)
@regression@    y = np.array([float(cell) for cell in target], dtype=np.float32)[:, None]
    train, val, test = split_indices(len(x), VAL_FRACTION, TEST_FRACTION, DATA_SEED)
@standardize@    # Each feature scaled to mean 0 and std 1 with the training rows' statistics
@standardize@    # only: nothing of the validation or test rows may leak into training.
@standardize@    mean, std = x[train].mean(axis=0), x[train].std(axis=0)
@standardize@    std[std == 0] = 1.0  # a constant column is left as it is
@standardize@    x = (x - mean) / std
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    indices = [torch.from_numpy(part) for part in (train, val, test)]
    return [(x[index], y[index]) for index in indices]'''

LOAD_PAINTED = '''def load_data():
    """The points as tensors: (inputs, targets) for training, validation and test (empty)."""
    points = np.array(POINTS, dtype=np.float64)
    val_fraction = VAL_FRACTION if len(points) >= MIN_FOR_VALIDATION else 0.0
    train, val, test = split_indices(len(points), val_fraction, 0.0, DATA_SEED)
@classes@    x, y = points[:, :2].astype(np.float32), points[:, 2].astype(np.int64)
@classes,features@    x = make_features(x, FEATURES)  # the inputs the network reads
@regression@    x, y = points[:, :1].astype(np.float32), points[:, 1:2].astype(np.float32)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    indices = [torch.from_numpy(part) for part in (train, val, test)]
    return [(x[index], y[index]) for index in indices]'''

LOAD_IMAGES = '''def load_images(train):
    """The official training (or test) images as uint8 tensors (n, channels, height, width), and
    their labels. torchvision downloads them into DATA_FOLDER the first time."""
    images = datasets.$LOADER(DATA_FOLDER, train=train, download=True)
@grey@    pixels = images.data.unsqueeze(1)  # (n, height, width) -> (n, 1, height, width)
@colour@    # (n, height, width, colour) -> (n, colour, height, width), as torch's layers expect
@colour@    pixels = torch.from_numpy(images.data).permute(0, 3, 1, 2).contiguous()
    labels = torch.as_tensor(np.asarray(images.targets), dtype=torch.int64)
    return pixels.to(torch.uint8), labels


def load_data():
    """(images, labels) for training, validation and test."""
    train_x, train_y = load_images(train=True)
    test_x, test_y = load_images(train=False)
    chosen = np.arange(len(train_x))
@subset@    if SUBSET < len(train_x):  # SUBSET training images, picked at random
@subset@        shuffled = np.random.default_rng([DATA_SEED, 2]).permutation(len(train_x))
@subset@        chosen = np.sort(shuffled[:SUBSET])
    train, val, _ = split_indices(len(chosen), VAL_FRACTION, 0.0, DATA_SEED)
    train, val = torch.from_numpy(chosen[train]), torch.from_numpy(chosen[val])
    return [(train_x[train], train_y[train]), (train_x[val], train_y[val]), (test_x, test_y)]


def normalise(pixels):
    """uint8 pixels (0 to 255) to numbers around 0 with std 1, batch by batch (the images stay
    small in memory as bytes)."""
    return (pixels.float() / 255.0 - PIXEL_MEAN) / PIXEL_STD'''


def augmentation_code(augment: list[str]) -> str:
    """The script's augmentation: the v2 transforms nnstudio builds, applied image by image."""
    from nnstudio.core.data.augment import augmentation_steps

    rows = []
    for step in augmentation_steps(augment):
        name = type(step).__name__
        if name == "RandomAffine":
            degrees = float(step.degrees[1])
            translate = f"({step.translate[0]!r}, {step.translate[1]!r})" if step.translate else None
            code = f"v2.RandomAffine(degrees={degrees!r}, translate={translate})"
            moves = ([f"shift by up to {step.translate[0]:.0%} of the side"] if translate else [])
            moves += [f"rotate by up to {degrees:g}° either way"] if degrees else []
            comment = " and ".join(moves)
        else:
            code, comment = f"v2.{name}()", "mirror left-right, half of the time"
        rows.append(f"    # {comment}\n    {code},")
    return (
        "# Data augmentation (" + ", ".join(augment) + "): every training image gets its own random\n"
        "# change each time it is used, so the network never sees quite the same image twice. The\n"
        "# labels stay; validation and test images are never augmented. A v2 transform draws one set\n"
        "# of random numbers per call, so it is called once per image, not once per batch.\n"
        "augment_one = v2.Compose([\n" + "\n".join(rows) + "\n])\n\n\n"
        "def augment(pixels):\n"
        '    """A randomly shifted / rotated / flipped copy of a batch of uint8 images."""\n'
        "    return torch.stack([augment_one(image) for image in pixels])"
    )


# --- 3. model ---
BUILD_MODEL = '''def build_model():
    """The network, layer by layer. Each layer with weights draws its starting values from
    torch's random generator: seeded with SEED and built in this order, they are the weights
    nnstudio started from."""
    return nn.Sequential(
$LAYERS
    )'''

_LOSSES = {
    "regression": '''# The loss: the mean of the squared differences between prediction and target.
loss_function = nn.MSELoss()''',
    "binary": '''def loss_function(logits, labels):
    """Binary cross-entropy. The sigmoid turns a logit into the probability of class 1; the loss
    is minus the log of the probability given to the true class, averaged over the samples."""
    return nn.functional.binary_cross_entropy_with_logits(logits.squeeze(-1), labels.float())


def predicted_class(logits):
    """Class 1 where the logit is positive (a probability above one half), else class 0."""
    return (logits.squeeze(-1) > 0).long()''',
    "multiclass": '''# The loss: cross-entropy. The softmax turns the scores into probabilities;
# the loss is minus the log of the probability given to the true class, averaged over the samples.
loss_function = nn.CrossEntropyLoss()


def predicted_class(scores):
    """The class with the highest score."""
    return scores.argmax(dim=1)''',
}


def loss_code(task: str) -> str:
    return _LOSSES[task]


# --- 4. training ---
_EVALUATE = '''EVAL_CHUNK = 8192  # samples per forward pass when evaluating (bounds the memory)


@torch.no_grad()  # measuring needs no gradients
def evaluate(model, x, y):
    """Mean loss and accuracy over a whole split, in eval mode (dropout off, batch norm uses the
    statistics it gathered in training). (None, None) for an empty split."""
    if len(x) == 0:
        return None, None
    model.eval()
@acc@    total_loss, correct = 0.0, 0
@noacc@    total_loss = 0.0
    for start in range(0, len(x), EVAL_CHUNK):
        inputs, targets = x[start : start + EVAL_CHUNK], y[start : start + EVAL_CHUNK]
@images@        inputs = normalise(inputs)
        output = model(inputs)
        total_loss += loss_function(output, targets).item() * len(inputs)
@acc@        correct += (predicted_class(output) == targets).sum().item()
    model.train()
@acc@    return total_loss / len(x), correct / len(x)
@noacc@    return total_loss / len(x), None  # accuracy means nothing for regression'''

_TRAIN = '''def my_part(order):
    """This process's samples of an epoch, in ``order``. Under torchrun a DistributedSampler deals
    them out to the processes in turn (sample 0 to process 0, sample 1 to process 1, ...), so the
    k-th batches of all processes together hold the k-th batch of a single process. Alone: all."""
    if WORLD_SIZE == 1:
        return order
    sampler = DistributedSampler(order, num_replicas=WORLD_SIZE, rank=RANK, shuffle=False)
    mine = len(range(RANK, len(order), WORLD_SIZE))  # the sampler pads with repeats: not those
    return order[list(sampler)[:mine]]


def add_up(device, *numbers):
    """The sums of ``numbers`` over all processes (alone: the numbers themselves)."""
    if WORLD_SIZE == 1:
        return numbers
    totals = torch.tensor(numbers, dtype=torch.float64, device=device)
    dist.all_reduce(totals)  # every process gets the sum of everyone's numbers
    return totals.tolist()


def train(device, watchers=()):
    """Train a fresh network the way nnstudio did, on ``device`` (under torchrun, together with
    the other processes). Each watcher's ``epoch_ended`` is given every epoch's numbers. Returns
    the network, the history of its epochs, the final epoch (whose weights the network ends
    with), the best epoch, how the run ended and the test split (measured once, at the end)."""
@onethread@    # nnstudio trains a network this small on one CPU thread: sums are then added in
@onethread@    # one fixed order and the numbers come out as in the app (more threads: they drift).
@onethread@    torch.set_num_threads(1)
    splits = [(x.to(device), y.to(device)) for x, y in load_data()]
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = splits
    say(f"data: {len(x_train)} training, {len(x_val)} validation, {len(x_test)} test samples")

    torch.manual_seed(SEED)  # the starting weights (and the dropout masks) come from this seed
    network = build_model().to(device)
@scale@    # The network learns the target in standard units (mean 0 and std 1 over the training
@scale@    # rows), so the learning rate suits it whatever the target's units; its last layer maps
@scale@    # back, so every loss and prediction below is in the target's own units.
@scale@    target_mean, target_std = target_statistics(y_train)
@scale@    network[-1].set_statistics(target_mean, target_std)
@scale@    objective_scale = 1.0 / float(target_std[0]) ** 2  # MSE in standard units = MSE / std²
    say(f"model: {sum(p.numel() for p in network.parameters())} parameters")
    model = network
    if WORLD_SIZE > 1:
@bn@        if device.type == "cuda":  # batch norm over each whole batch, not over each share
@bn@            network = model = nn.SyncBatchNorm.convert_sync_batchnorm(network)
        # DistributedDataParallel averages the processes' gradients after each backward pass,
        # so every copy of the network takes the same step.
        gpu = [device.index] if device.type == "cuda" else None  # the GPU of this process
        model = DistributedDataParallel(network, device_ids=gpu)
@draws@        torch.manual_seed(SEED + RANK)  # each process its own random draws (dropout...)
    optimizer = make_optimizer(network)
@sched@    scheduler = make_schedule(optimizer)
    shuffler = torch.Generator().manual_seed(SEED)  # a generator of its own draws the batch order
@l1@    l1_weights = [p for p in network.parameters() if p.dim() > 1]  # weights only, not biases

    n = len(x_train)
    batch_size = n if BATCH_SIZE is None else min(BATCH_SIZE, n)
    steps = math.ceil(n / batch_size)  # steps (batches) per epoch
    if steps > 1 and batch_size % WORLD_SIZE:
        raise SystemExit(f"a batch of {batch_size} cannot be shared by {WORLD_SIZE} processes: "
                         "choose a batch size they divide, or another number of processes")
    share = math.ceil(batch_size / WORLD_SIZE)  # samples each process takes of each batch
    history = []  # one dict of numbers per epoch
    best, best_loss = None, math.inf  # the epoch with the lowest validation loss so far
    outcome = {"stop_kind": "completed", "stop_reason": f"completed {EPOCHS} epochs",
               "epochs_run": 0, "restored_epoch": None}
@es@    stop_best_loss, stop_best_epoch = math.inf, None
@restore@    best_weights = None
    print_every = max(1, EPOCHS // 10)

    for epoch in range(1, EPOCHS + 1):
        # One epoch: every training point is used once, batch by batch.
        started = time.perf_counter()
        outcome["epochs_run"] = epoch
        model.train()  # training mode: dropout on, batch norm uses each batch's statistics
        if steps > 1:
            order = torch.randperm(n, generator=shuffler)  # a new random order every epoch
        else:
            order = torch.arange(n)  # one batch holds every point: no need to shuffle
        mine = my_part(order)
        total_loss, correct = 0.0, 0
        for step in range(steps):
            batch = mine[step * share : (step + 1) * share]
            in_step = min(batch_size, n - step * batch_size)  # samples of all processes together
@noimages@            x, y = x_train[batch], y_train[batch]
@images,noaugment@            x, y = normalise(x_train[batch]), y_train[batch]
@augment@            # a new random version of each training image (see augment above)
@augment@            x, y = normalise(augment(x_train[batch])), y_train[batch]
            output = model(x)  # forward pass: the network's answers for the batch
            # How wrong they are, on average (a process left without a sample adds nothing).
            loss = loss_function(output, y) if len(x) else output.sum()
            # Weighted by this process's part of the batch, the average of the processes'
            # gradients is the gradient of the whole batch's loss (alone, the weight is 1).
            weighted = loss * (len(x) * WORLD_SIZE / in_step)
@scale@            weighted = weighted * objective_scale  # what is minimised: the loss in standard units
@l1@            # L1 adds the weights' absolute values to what is minimised: it pushes weights to 0.
@l1@            objective = weighted + L1 * sum(weight.abs().sum() for weight in l1_weights)
            optimizer.zero_grad(set_to_none=True)  # forget the previous batch's gradients
@l1@            objective.backward()  # backward pass: its gradient for every parameter
@nol1@            weighted.backward()  # backward pass: the gradient of the loss for every parameter
@clip@            torch.nn.utils.clip_grad_norm_(network.parameters(), GRAD_CLIP)  # cap its length
            optimizer.step()  # move every parameter a little downhill
            total_loss += loss.item() * len(x)
@acc@            correct += (predicted_class(output) == y).sum().item()
        total_loss, correct = add_up(device, total_loss, correct)
        train_seconds = time.perf_counter() - started
        train_loss = total_loss / n
        val_loss, val_acc = evaluate(network, x_val, y_val)
        if not math.isfinite(train_loss) or (val_loss is not None and not math.isfinite(val_loss)):
            outcome["stop_kind"] = "diverged"
            outcome["stop_reason"] = (f"loss diverged at epoch {epoch}; "  # no longer a number
                                      "try a smaller learning rate")
            say(outcome["stop_reason"])
            break
        lr = optimizer.param_groups[0]["lr"]
@acc@        history.append({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss,
@acc@                        "train_acc": correct / n, "val_acc": val_acc, "lr": lr,
@noacc@        history.append({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss, "lr": lr,
                        "seconds": time.perf_counter() - started,
                        "samples_per_s": n / train_seconds, "steps": steps})
        for watcher in watchers:
            watcher.epoch_ended(history[-1])
        # The loss that decides what is best: the validation loss (training loss without one).
        monitored = val_loss if val_loss is not None else train_loss
        if monitored < best_loss:
            best, best_loss = history[-1], monitored
        if epoch % print_every == 0 or epoch == 1:
            say(describe("", history[-1]))
@sched,noplateau@        scheduler.step()  # the learning rate of the next epoch
@plateau@        scheduler.step(monitored)  # cuts the learning rate if the loss stopped falling
@es@        # Early stopping: remember the best epoch; stop when PATIENCE epochs bring nothing better.
@es@        if monitored < stop_best_loss - MIN_DELTA:
@es@            stop_best_loss, stop_best_epoch = monitored, epoch
@restore@            best_weights = {key: value.clone() for key, value in network.state_dict().items()}
@es@        elif stop_best_epoch is not None and epoch - stop_best_epoch >= PATIENCE:
@es@            what = "validation loss" if val_loss is not None else "training loss"
@es@            outcome["stop_kind"] = "early_stopped"
@es@            outcome["stop_reason"] = (f"early stopping: {what} did not improve for {PATIENCE} "
@es@                                      f"epochs (best at epoch {stop_best_epoch})")
@es@            say(outcome["stop_reason"])
@es@            break
    final = history[-1] if history else None  # the epoch whose weights the network has
@restore@    if outcome["stop_kind"] == "early_stopped" and best_weights is not None:
@restore@        network.load_state_dict(best_weights)  # back to the weights of the best epoch
@restore@        final = history[stop_best_epoch - 1]  # so the network is that epoch's
@restore@        outcome["restored_epoch"] = stop_best_epoch
@restore@        say(f"restored the weights of epoch {stop_best_epoch}")
    return network, history, final, best, outcome, (x_test, y_test)'''


def training(config: RunConfig, data: DataInfo, one_thread: bool,
             model_tags: frozenset[str] = frozenset()) -> str:
    """Section 4: evaluation, optimiser, schedule and the training loop. ``model_tags``: "bn"
    when the network has batch norm, "draws" when training draws random numbers (dropout)."""
    tags = run_tags(config.train, data) | model_tags | ({"onethread"} if one_thread else set())
    if OPTIMIZERS[config.train.optimizer].exact:
        return "\n\n\n".join([keep_tagged(_EVALUATE, tags), keep_tagged(_SOLVE, tags), _DESCRIBE,
                                 keep_tagged(_TRAIN_EXACT, tags)])
    blocks = [
        keep_tagged(_EVALUATE, tags),
        _optimizer_function(OPTIMIZERS[config.train.optimizer]),
    ]
    schedule = SCHEDULES[config.train.schedule]
    if schedule.torch_class is not None:
        call = call_code(f"torch.optim.lr_scheduler.{schedule.torch_class}",
                         ["optimizer", *schedule.script_arguments()])
        blocks.append(_function("make_schedule(optimizer)", schedule.about, call))
    blocks += [_DESCRIBE, keep_tagged(_TRAIN, tags)]
    return "\n\n\n".join(blocks)


def _function(signature: str, doc: str, body: str) -> str:
    return f'def {signature}:\n    """{doc}"""\n    return {body}'


def _optimizer_function(optimizer: OptimizerEntry) -> str:
    call = call_code(f"torch.optim.{optimizer.torch_class}",
                     ["model.parameters()", *optimizer.script_arguments()])
    return _function("make_optimizer(model)", optimizer.about, call)


def call_code(function: str, arguments: list[str], width: int = 100) -> str:
    """``function(a, b)`` as what a function body returns: on one line if it fits in ``width``
    characters, else with the arguments packed on indented lines."""
    one_line = f"{function}({', '.join(arguments)})"
    if len("    return ") + len(one_line) <= width:
        return one_line
    lines, line = [], ""
    for argument in arguments:
        candidate = f"{line} {argument}," if line else f"{argument},"
        if line and 8 + len(candidate) > width:
            lines.append(line)
            candidate = f"{argument},"
        line = candidate
    lines.append(line)
    if len(lines) == 1:  # one line of arguments: no trailing comma (as black writes it)
        lines[0] = lines[0][:-1]
    body = "\n".join(f"        {text}" for text in lines)
    return f"{function}(\n{body}\n    )"


def run_tags(train: TrainConfig, data: DataInfo) -> set[str]:
    """Which optional parts of the templates this run uses."""
    tags = {"acc" if data.task != "regression" else "noacc", "l1" if train.l1 else "nol1",
            "images" if data.is_image else "noimages",
            "augment" if data.augment else "noaugment",
            "scale" if data.scales_target else "noscale"}
    if data.augment:
        tags.add("draws")
    if train.grad_clip:
        tags.add("clip")
    if SCHEDULES[train.schedule].torch_class is not None:
        tags.add("sched")
        tags.add("plateau" if SCHEDULES[train.schedule].steps_on_loss else "noplateau")
    if train.early_stopping:
        tags.add("es")
        if train.restore_best:
            tags.add("restore")
    return tags


_SOLVE = '''@torch.no_grad()  # solving needs no gradients
def solve_least_squares(model, x, y):
    """Set the last linear layer to the weights with the least squared error on (x, y), in one
    step: its inputs (x, or x, x², ... for polynomial regression) and a column of ones for the
    bias are the columns of a matrix A, and least squares solves A·w ≈ y (in float64)."""
    layers = list(model)
@scale@    scale = layers.pop()  # the OutputScale: the weights are solved for standard units
    linear = layers.pop()
    inputs = x
    for layer in layers:  # the polynomial features, if any
        inputs = layer(inputs)
    inputs = inputs.double().cpu()
    design = torch.cat([inputs, torch.ones(len(inputs), 1, dtype=torch.float64)], dim=1)
    target = y.double().cpu()
@scale@    target = (target - scale.mean.double().cpu()) / scale.std.double().cpu()
    solution = torch.linalg.lstsq(design, target, driver="gelsd").solution
    linear.weight.copy_(solution[:-1].T.to(linear.weight))
    linear.bias.copy_(solution[-1].to(linear.bias))'''

_TRAIN_EXACT = '''def train(device, watchers=()):
    """Find the weights the way nnstudio did: least squares, solved exactly in one step (no
    epochs, no learning rate; under torchrun every process solves the same). Returns the
    network, its history (one epoch), the final and the best epoch (the same one), how the run
    ended and the test split (measured once, at the very end)."""
@onethread@    torch.set_num_threads(1)  # as nnstudio: the numbers come out as in the app
    splits = [(x.to(device), y.to(device)) for x, y in load_data()]
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = splits
    say(f"data: {len(x_train)} training, {len(x_val)} validation, {len(x_test)} test samples")

    torch.manual_seed(SEED)
    network = build_model().to(device)
@scale@    # The target in standard units (mean 0 and std 1 over the training rows); the model's last
@scale@    # layer maps back, so the losses and predictions below are in the target's own units.
@scale@    target_mean, target_std = target_statistics(y_train)
@scale@    network[-1].set_statistics(target_mean, target_std)
    say(f"model: {sum(p.numel() for p in network.parameters())} parameters")
    started = time.perf_counter()
    solve_least_squares(network, x_train, y_train)
    train_loss, _ = evaluate(network, x_train, y_train)
    val_loss, _ = evaluate(network, x_val, y_val)
    seconds = time.perf_counter() - started
    history = [{"epoch": 1, "train_loss": train_loss, "val_loss": val_loss, "lr": LEARNING_RATE,
                "seconds": seconds, "samples_per_s": len(x_train) / seconds, "steps": 1}]
    for watcher in watchers:
        watcher.epoch_ended(history[-1])
    say(describe("", history[-1]))
    outcome = {"stop_kind": "completed", "stop_reason": "solved exactly by least squares",
               "epochs_run": 1, "restored_epoch": None}
    return network, history, history[-1], history[-1], outcome, (x_test, y_test)'''


# --- the lines the training prints ---
_DESCRIBE = '''def say(text):
    """Print ``text``, from the first process only (under torchrun every process runs this)."""
    if RANK == 0:
        print(text, flush=True)


def describe(label, epoch):
    """One line of an epoch's numbers: 'final epoch=200 train_loss=0.031200 val_loss=... lr=...'."""
    numbers = " ".join(
        f"{key}={'-' if value is None else format(value, '.6f')}"
        for key, value in epoch.items()
        if key in ("train_loss", "val_loss", "train_acc", "val_acc")
    )
    return f"{label}epoch={epoch['epoch']} {numbers} lr={epoch['lr']:.6g}"'''
