"""Export as PyTorch script: a run's config written out as a standalone, commented ``train.py``.

The script is the bridge from clicking to code. It uses only numpy and torch (and torchvision
for image sets) and repeats the run exactly: on a CPU, with the same seed, it prints the same
numbers. Same data (nnstudio's generators copied in, or the same CSV reading, image loading or
painted points), same split, the same layers in the same order (so the seeded generator gives
the same starting weights), the same optimiser, schedule, penalties, batch order, thread count
and early stopping as the Trainer. It is written for a student to read, top to bottom; the
templates are in parts.py, the data sources in data_sources.py, and the run folder and command
line (one process, or many under torchrun) in running.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import torch
from torch import nn

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import ExportError
from nnstudio.core.atomic_save import atomic_write_text
from nnstudio.core.export import data_sources, parts, running
from nnstudio.core.data import load_dataset
from nnstudio.core.data.preprocessing import Preprocessing, target_statistics
from nnstudio.core.models import model_for
from nnstudio.core.models.builder import ACTIVATIONS, OutputScale, PolynomialFeatures
from nnstudio.core.registries import ACTIVATIONS as ACTIVATION_ENTRIES
from nnstudio.core.registries import OPTIMIZERS, SCHEDULES
from nnstudio.core.train import fast_path


@dataclass(frozen=True)
class ScriptSections:
    """The exported script's pieces, in the order it holds them: the notebook export
    (notebook.py) puts the same code into its cells."""

    data_info: parts.DataInfo
    docstring: str  # the script's docstring: how to run it, what its sections are
    imports: str
    settings: str  # 1. every number the run uses
    data: str  # 2. the data, split into training / validation / test
    model: str  # 3. the layers and the loss
    training: str  # 4. evaluation, optimiser, schedule and the training loop (train())
    run_folder: str  # 5. the files nnstudio reads
    main: str  # 6. the command line: train, print, measure the test set

    def numbered(self) -> list[tuple[str, str]]:
        """(title, code) of the script's numbered sections."""
        return [("1. Settings", self.settings), ("2. Data", self.data), ("3. Model", self.model),
                ("4. Training", self.training), ("5. Run folder", self.run_folder),
                ("6. Run it", self.main)]


def script_sections(config: RunConfig) -> ScriptSections:
    """The pieces of the standalone ``train.py`` that repeats the run ``config`` describes."""
    data_part = data_sources.data_section(config)
    data = data_part.info
    # Built on the meta device: only the layer list is needed, no memory and no random numbers.
    with torch.random.fork_rng(devices=[]), torch.device("meta"):
        model = model_for(config, data.input_shape, data.n_outputs, data.task)
    one_thread = _trains_on_one_thread(config, data, model)
    return ScriptSections(
        data_info=data,
        docstring=parts.docstring(config, data),
        imports=parts.imports(data),
        settings=_settings(config, data, data_part.settings),
        data=data_part.code,
        model=_model_code(model, data),
        training=parts.training(config, data, one_thread, _model_tags(model)),
        run_folder=running.run_folder_section(config, data, _preprocessing(config, data_part)),
        main=running.main_section(data),
    )


def export_script(config: RunConfig) -> str:
    """The text of a standalone ``train.py`` that repeats the run ``config`` describes."""
    pieces = script_sections(config)
    sections = [f"{pieces.docstring}\n\n{pieces.imports}\n"]
    sections += [parts.section(title, code) for title, code in pieces.numbered()]
    return "\n\n\n".join(section.strip("\n") for section in sections) + "\n"


def write_script(config: RunConfig, path: str | os.PathLike[str]) -> None:
    """Write :func:`export_script`'s text to ``path`` (atomically)."""
    text = export_script(config)
    try:
        atomic_write_text(Path(path), text)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def _preprocessing(config: RunConfig, data_part: data_sources.DataSection) -> dict:
    """What model.pt carries besides the weights (Preprocessing), known before training: the
    columns, the training split's standardisation, class names, the target's scaling."""
    dataset = data_part.dataset if data_part.dataset is not None else load_dataset(config.data)
    record = Preprocessing.of(dataset)
    if data_part.info.scales_target:  # the OutputScale's numbers, set from the training rows
        mean, std = target_statistics(dataset.train.y)
        record.target_mean = [float(value) for value in mean]
        record.target_std = [float(value) for value in std]
    return record.to_json()


def _model_tags(model: nn.Module) -> frozenset[str]:
    """The training template's tags that depend on the network: batch norm, random draws."""
    modules = list(model.modules())
    tags = set()
    if any(isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)) for module in modules):
        tags.add("bn")
    if any(isinstance(module, nn.Dropout) for module in modules):
        tags.add("draws")
    return frozenset(tags)


def _trains_on_one_thread(config: RunConfig, data: parts.DataInfo, model: nn.Module) -> bool:
    """Whether the Trainer trains this run on one CPU thread. The script must do the same: with
    another thread count, sums are added in another order and the last digits drift apart."""
    size = config.train.batch_size
    batch = data.n_train if size == "full" else min(size, data.n_train)
    # The Trainer's own rule, asked about what it reads of a trainer (the script runs on a CPU).
    trainer_like = SimpleNamespace(
        device=torch.device("cpu"), dataset=SimpleNamespace(is_image=data.is_image), model=model,
        batch_size=batch,
    )
    return fast_path.torch_threads_for(trainer_like) == 1


# --- 1. settings ---
def _settings(config: RunConfig, data: parts.DataInfo, data_settings: list[str]) -> str:
    t = config.train
    about = parts.about_settings(config, data) + [""]
    if OPTIMIZERS[t.optimizer].exact:  # solved in one step: none of the gradient settings apply
        return "\n".join(about + data_settings + ["", "# The training: least squares, solved exactly."]
                         + parts.assignments([
                             ("SEED", t.seed, "the layers' starting weights (then replaced)"),
                             ("LEARNING_RATE", t.lr, "not used by least squares; nnstudio "
                              "lists it as the epoch's lr"),
                         ]) + [""] + running.process_settings(config))
    lines = about + data_settings + [
        "", "# The training. SEED fixes the starting weights, dropout and the batch order."
    ]
    rows: list[tuple[str, object, str]] = [
        ("SEED", t.seed, ""),
        ("EPOCHS", t.epochs, "passes over the training data"),
        ("BATCH_SIZE", None if t.batch_size == "full" else t.batch_size,
         "samples per step (None: all of them, full-batch gradient descent)"),
        ("LEARNING_RATE", t.lr, "how far each step moves the weights"),
    ]
    rows += OPTIMIZERS[t.optimizer].constants(t)
    rows.append(("WEIGHT_DECAY", t.weight_decay, "L2 penalty, applied by the optimiser"))
    if t.l1:
        rows.append(("L1", t.l1, "L1 penalty on the weights, added to the loss"))
    if t.grad_clip:
        rows.append(("GRAD_CLIP", t.grad_clip, "largest allowed length (norm) of the gradient"))
    rows += SCHEDULES[t.schedule].constants(t)
    if t.early_stopping:
        rows += [("PATIENCE", t.patience, "early stopping: epochs to wait for an improvement"),
                 ("MIN_DELTA", t.min_delta, "smallest decrease that counts as an improvement"),
                 ("RESTORE_BEST", t.restore_best, "go back to the best epoch's weights")]
    lines += parts.assignments(rows)
    lines += [""] + running.process_settings(config)
    return "\n".join(lines)


# --- 3. model ---
_ACTIVATION_COMMENTS = {entry.torch_class: entry.about for entry in ACTIVATION_ENTRIES.values()}
_OUTPUT_COMMENTS = {
    "regression": "output layer: the prediction",
    "binary": "output layer: one logit (the sigmoid is in the loss)",
    "multiclass": "output layer: a score per class (the softmax is in the loss)",
}


def _model_code(model: nn.Sequential, data: parts.DataInfo) -> str:
    modules = list(model)
    rows = []
    hidden = 0
    last_linear = max(index for index, module in enumerate(modules) if isinstance(module, nn.Linear))
    for index, module in enumerate(modules):
        if isinstance(module, nn.Linear) and index == last_linear:
            comment = _OUTPUT_COMMENTS[data.task] + (", in standard units" if data.scales_target else "")
        elif isinstance(module, nn.Linear):
            hidden += 1
            comment = (f"hidden layer {hidden}: {module.in_features} inputs -> "
                       f"{module.out_features} neurons")
        else:
            comment = _layer_comment(module)
        rows.append((_layer_code(module) + ",", comment))
    width = max(len(code) for code, _ in rows)
    if 8 + width + 4 + max(len(comment) for _, comment in rows) <= 100:
        layers = "\n".join(f"        {code:<{width}}  # {comment}" for code, comment in rows)
    else:  # too wide for comments at the end of the lines: each above its layer
        layers = "\n".join(f"        # {comment}\n        {code}" for code, comment in rows)
    polynomial = ""
    if any(isinstance(module, PolynomialFeatures) for module in modules):
        polynomial = (
            "# Polynomial regression is a linear layer on the powers of x: this layer makes them.\n"
            + data_sources.source(PolynomialFeatures) + "\n\n\n"
        )
    if any(isinstance(module, OutputScale) for module in modules):
        polynomial += (
            "# The target is learned in standard units; this last layer maps the network's output\n"
            "# back to the target's units (its mean and std are set from the training rows).\n"
            + data_sources.source(OutputScale) + "\n\n\n"
            + data_sources.source(target_statistics) + "\n\n\n"
        )
    build = parts.BUILD_MODEL.replace("$LAYERS", layers)
    return polynomial + build + "\n\n\n" + parts.loss_code(data.task)


def _layer_code(module: nn.Module) -> str:
    if isinstance(module, PolynomialFeatures):
        return f"PolynomialFeatures(degree={module.degree})"
    if isinstance(module, OutputScale):
        return f"OutputScale({len(module.mean)})"
    if isinstance(module, nn.Linear):
        return f"nn.Linear({module.in_features}, {module.out_features})"
    if isinstance(module, nn.Dropout):
        return f"nn.Dropout(p={module.p!r})"
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        return f"nn.{type(module).__name__}({module.num_features})"
    if isinstance(module, nn.Flatten):
        return "nn.Flatten()"
    if isinstance(module, nn.Conv2d):
        (kernel, _), (stride, _), (padding, _) = module.kernel_size, module.stride, module.padding
        return (f"nn.Conv2d({module.in_channels}, {module.out_channels}, kernel_size={kernel}, "
                f"stride={stride}, padding={padding})")
    if isinstance(module, nn.MaxPool2d):
        return f"nn.MaxPool2d({module.kernel_size})"
    if type(module) in ACTIVATIONS.values():
        return f"nn.{type(module).__name__}()"
    raise ExportError(f"export: the layer {type(module).__name__} is not supported yet")


def _layer_comment(module: nn.Module) -> str:
    if isinstance(module, PolynomialFeatures):
        return f"x -> (x, x², ..., x^{module.degree})"
    if isinstance(module, OutputScale):
        return "back to the target's units: z * std + mean"
    if isinstance(module, nn.Dropout):
        return "dropout: in training, zeroes values with probability p"
    if isinstance(module, nn.BatchNorm1d):
        return "batch norm: each feature to mean 0, std 1 over the batch"
    if isinstance(module, nn.BatchNorm2d):
        return "batch norm: each channel to mean 0, std 1 over the batch"
    if isinstance(module, nn.Flatten):
        return "flatten: one row of numbers per sample"
    if isinstance(module, nn.Conv2d):
        return f"convolution: {module.out_channels} filters slide over the image"
    if isinstance(module, nn.MaxPool2d):
        size = module.kernel_size
        return f"max pooling: the largest value of each {size}×{size} patch"
    return _ACTIVATION_COMMENTS.get(type(module).__name__, "")
