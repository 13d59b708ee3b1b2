"""Compare models side by side, as Orange's Test & Score does: several model specs trained on the
same data and the same split, scored on the same validation set, beside a baseline that knows
nothing of the inputs (the training split's majority class, or its mean for regression).

A model spec is what changes from one row to the next: the model and its training settings. It
comes from an experiment file, a built-in preset (its ``[model]`` and ``[train]``; its data are
not used), a model family (``mlp``, ``logistic``... with the base config's other settings) or
``current`` (the base config itself). The data and the split always come from the base config.

Every model is a fresh Trainer run with its own seed; its final scores are measured in eval mode
on the whole training and validation splits. The test split is scored only when asked, once.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import torch

from nnstudio.core.config import ModelConfig, PresetName, RunConfig, TrainConfig, parse_config
from nnstudio.core.data import Dataset, Part, load_dataset
from nnstudio.core.errors import ConfigError, ModelError, NNStudioError
from nnstudio.core.experiment import load_config
from nnstudio.core.models import build_model, loss_function
from nnstudio.core.presets import load_preset, preset_names
from nnstudio.core.train.callbacks import Callback, FunctionCallback
from nnstudio.core.train.control import TrainControl
from nnstudio.core.train.scores import split_scores
from nnstudio.core.train.trainer import Trainer, predict

MAX_MODELS = 12
CURRENT = "current"
FAMILIES = tuple(name for name in PresetName.__args__ if name != "custom")  # type: ignore[attr-defined]
# The keys of one row, as ``nnstudio compare --json`` prints them (None where one does not apply).
ROW_KEYS = ("model", "train_loss", "val_loss", "val_acc", "val_f1", "val_mse", "val_r2", "params", "seconds")
TEST_KEYS = ("test_loss", "test_acc", "test_f1", "test_mse", "test_r2")


@dataclass(frozen=True)
class ModelSpec:
    """One row of a comparison: a name, and the model and training settings it stands for."""

    name: str
    model: ModelConfig
    train: TrainConfig
    source: str  # "current", "family", "preset" or "file"


def model_spec(text: str, base: RunConfig) -> ModelSpec:
    """The spec ``text`` names: an experiment file (a path to a ``.toml``), a built-in preset, a
    model family (with the base config's other settings), or ``current`` (the base config)."""
    text = text.strip()
    if not text:
        raise ConfigError("compare.models: an empty model name; separate names with commas")
    if text == CURRENT:
        return ModelSpec(CURRENT, base.model, base.train, "current")
    path = Path(text)
    if text.endswith(".toml") or path.is_file():
        config = load_config(path)
        return ModelSpec(path.stem, config.model, config.train, "file")
    if text in preset_names():
        config = load_preset(text)
        return ModelSpec(text, config.model, config.train, "preset")
    if text in FAMILIES:
        return ModelSpec(text, base.model.model_copy(update={"preset": text}), base.train, "family")
    raise ConfigError(
        f"compare.models: {text!r} is not an experiment file, a preset or a model family; "
        f"families: {', '.join(FAMILIES)}; presets: {', '.join(preset_names())} "
        f"(or {CURRENT!r} for the config's own model)"
    )


def model_specs(names, base: RunConfig) -> list[ModelSpec]:
    """The specs of ``names`` (a list, or text such as ``"logistic, mlp, a.toml"``): at least one,
    at most MAX_MODELS, each name once."""
    if isinstance(names, str):
        names = [name for name in re.split(r"\s*,\s*", names.strip())]
    names = [name.strip() for name in names]
    if not names or names == [""]:
        raise ConfigError("compare.models: name at least one model, such as logistic,mlp")
    if len(names) > MAX_MODELS:
        raise ConfigError(f"compare.models: at most {MAX_MODELS} models at a time, got {len(names)}")
    specs = [model_spec(name, base) for name in names]
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise ConfigError(f"compare.models: {spec.name!r} is named twice")
        seen.add(spec.name)
    return specs


def compared_config(base: RunConfig, spec: ModelSpec, **train_overrides) -> RunConfig:
    """The config one row trains: the base config's data, the spec's model and training."""
    return parse_config({
        "name": spec.name,
        "description": f"compared on {base.data.dataset}",
        "data": base.data.model_dump(mode="json"),
        "model": spec.model.model_dump(mode="json"),
        "train": {**spec.train.model_dump(mode="json"), **train_overrides},
    })


def check_specs(configs: list[RunConfig], dataset: Dataset) -> None:
    """Refuse, before anything trains, a model that cannot be built for these data."""
    for config in configs:
        try:
            build_model(config.model, dataset.input_shape, dataset.n_outputs, dataset.task)
        except ModelError as exc:
            raise ModelError(f"compare.models: {config.name} cannot train on {dataset.name}\n{exc}") from None


@dataclass
class ModelScore:
    """One row of the table: a model's final scores (None where one does not apply)."""

    model: str
    train_loss: Optional[float]
    val_loss: Optional[float]
    val_acc: Optional[float]
    val_f1: Optional[float]
    val_mse: Optional[float]
    val_r2: Optional[float]
    params: int
    seconds: float
    epochs_run: int = 0
    stop_kind: str = "completed"
    baseline: bool = False
    config: Optional[RunConfig] = None
    state: dict[str, torch.Tensor] = field(default_factory=dict, repr=False)  # CPU weights
    run_id: Optional[int] = None  # its record in the run history
    checkpoint: str = ""  # its saved model
    test: Optional[dict[str, Optional[float]]] = None  # test_loss, test_acc... once asked for

    def row(self) -> dict[str, object]:
        """The row as ``--json`` prints it (and the test scores, once they were asked for)."""
        row = {key: _json_number(getattr(self, key)) for key in ROW_KEYS}
        if self.test is not None:
            row.update({key: _json_number(self.test.get(key)) for key in TEST_KEYS})
        return row

    def value(self, key: str) -> Optional[float]:
        """A row value or test score by key (None where missing)."""
        if key in TEST_KEYS:
            return None if self.test is None else self.test.get(key)
        return getattr(self, key)


@dataclass
class CompareResult:
    """The baseline's row first, then each finished model's, in the order they were asked for."""

    task: str
    rows: list[ModelScore] = field(default_factory=list)
    stopped: bool = False
    test_scored: bool = False

    @property
    def models(self) -> list[ModelScore]:
        return [row for row in self.rows if not row.baseline]

    def best(self) -> Optional[ModelScore]:
        """The model with the lowest validation loss."""
        scored = [row for row in self.models if row.val_loss is not None]
        return min(scored, key=lambda row: row.val_loss) if scored else None


@dataclass
class CompareProgress:
    """Model ``index`` of ``n_models`` (called ``name``) is at ``epoch`` of ``epochs``."""

    index: int
    n_models: int
    name: str
    epoch: int
    epochs: int
    done_epochs: int
    total_epochs: int


def run_compare(
    base: RunConfig,
    specs: list[ModelSpec],
    dataset: Optional[Dataset] = None,
    control: Optional[TrainControl] = None,
    on_progress: Optional[Callable[[CompareProgress], None]] = None,
    on_row: Optional[Callable[[ModelScore, Optional[Trainer]], None]] = None,
    callbacks: Callable[[RunConfig], list[Callback]] = lambda config: [],
    **train_overrides,
) -> CompareResult:
    """Train every spec on ``dataset`` (or ``base.data``, loaded once) and score it.

    ``train_overrides`` (epochs, seed, device) apply to every model. ``callbacks(config)`` gives
    each model's Trainer extra callbacks (a run recorder). ``on_row`` is called with each row as
    it is ready: the baseline's first (with None), then each model's with its trainer (to draw it
    or save it). ``control.request_stop()`` ends the
    comparison after the current epoch; the models finished so far are returned, ``stopped`` set.
    """
    control = control or TrainControl()
    dataset = dataset if dataset is not None else load_dataset(base.data)
    if len(dataset.val) == 0:
        raise ConfigError("data.val_fraction: models are compared on the validation split; it must be > 0")
    configs = [compared_config(base, spec, **train_overrides) for spec in specs]
    check_specs(configs, dataset)
    result = CompareResult(dataset.task, [baseline_score(dataset)])
    if on_row is not None:
        on_row(result.rows[0], None)
    total = sum(config.train.epochs for config in configs)
    done = 0
    for index, config in enumerate(configs):
        if control.stop_requested:
            result.stopped = True
            break
        epochs = config.train.epochs

        def progressed(metrics, index=index, name=config.name, epochs=epochs, before=done) -> None:
            if on_progress is not None:
                on_progress(CompareProgress(index, len(configs), name, metrics.epoch, epochs,
                                            before + metrics.epoch, total))

        trainer = Trainer(config, dataset, [*callbacks(config), FunctionCallback(on_epoch_end=progressed)],
                          control)
        started = time.perf_counter()
        run = trainer.fit()
        seconds = time.perf_counter() - started
        done += epochs
        if run.stop_kind == "stopped":
            result.stopped = True
            break
        score = model_score(config.name, trainer, run.stop_kind, seconds)
        result.rows.append(score)
        if on_row is not None:
            on_row(score, trainer)
    return result


def model_score(name: str, trainer: Trainer, stop_kind: str, seconds: float) -> ModelScore:
    """A trained model's final scores on the training and validation splits, in eval mode."""
    diverged = stop_kind == "diverged"
    train_loss = math.inf if diverged else trainer.evaluate(trainer.train_part)[0]
    val = (_nothing() if diverged
           else _scores_of(trainer.model, trainer, trainer.dataset.val))
    return ModelScore(
        model=name,
        train_loss=train_loss if math.isfinite(train_loss) else None,
        val_loss=val["loss"], val_acc=val["acc"], val_f1=val["f1"], val_mse=val["mse"], val_r2=val["r2"],
        params=trainer.n_params, seconds=seconds, epochs_run=trainer.epoch, stop_kind=stop_kind,
        config=trainer.config,
        state={name: tensor.detach().cpu().clone() for name, tensor in trainer.model.state_dict().items()},
    )


def _scores_of(model, trainer: Trainer, part: Part) -> dict[str, Optional[float]]:
    loss = trainer.evaluate_on(part)[0]
    outputs = predict(model, part.x.numpy(), trainer.task, trainer.device, trainer.batch_transform())
    return split_scores(trainer.task, loss, outputs, part.y.numpy())


def _nothing() -> dict[str, Optional[float]]:
    return {"loss": None, "acc": None, "f1": None, "mse": None, "r2": None}


# --- the baseline ------------------------------------------------------------------------------
def baseline_name(task: str) -> str:
    return "baseline (training mean)" if task == "regression" else "baseline (majority class)"


def baseline_outputs(dataset: Dataset, n: int) -> tuple[np.ndarray, torch.Tensor]:
    """What the baseline answers for ``n`` samples whatever they are: the training mean
    (regression), or each class's share of the training split (add-one smoothed, so a class the
    training split lacks costs a finite loss); its argmax is the majority class. Returns the
    outputs as the views read them (values or probabilities) and as the loss reads them (logits)."""
    y = dataset.train.y
    if dataset.task == "regression":
        mean = y.double().mean(dim=0).float()
        values = mean.expand(n, -1).clone()
        return values.numpy(), values
    counts = torch.bincount(y, minlength=dataset.n_classes).double()
    shares = (counts + 1) / (counts.sum() + dataset.n_classes)
    probabilities = shares.float().expand(n, -1).clone()
    if dataset.task == "binary":
        logits = torch.log(shares[1] / shares[0]).float().expand(n, 1).clone()
    else:
        logits = torch.log(shares).float().expand(n, -1).clone()
    return probabilities.numpy(), logits


def baseline_scores(dataset: Dataset, part: Part) -> dict[str, Optional[float]]:
    """The baseline's loss and scores on one split."""
    outputs, logits = baseline_outputs(dataset, len(part))
    with torch.no_grad():
        loss = float(loss_function(dataset.task)(logits, part.y)) if len(part) else math.nan
    return split_scores(dataset.task, loss, outputs, part.y.numpy())


def baseline_score(dataset: Dataset) -> ModelScore:
    """The baseline's row."""
    started = time.perf_counter()
    train = baseline_scores(dataset, dataset.train)
    val = baseline_scores(dataset, dataset.val)
    return ModelScore(
        model=baseline_name(dataset.task), train_loss=train["loss"], val_loss=val["loss"],
        val_acc=val["acc"], val_f1=val["f1"], val_mse=val["mse"], val_r2=val["r2"], params=0,
        seconds=time.perf_counter() - started, baseline=True,
    )


# --- the test split, once ------------------------------------------------------------------------
def score_test(result: CompareResult, dataset: Dataset) -> CompareResult:
    """Score every row on the test split, once: a second call is refused (the test split must not
    steer the choice of a model; score it at the end)."""
    if result.test_scored:
        raise NNStudioError(
            "the test set was already scored for this comparison; using it again to choose a model "
            "would make it a second validation set"
        )
    if len(dataset.test) == 0:
        raise NNStudioError("there is no test set (data.test_fraction is 0)")
    for row in result.rows:
        if row.baseline:
            scores = baseline_scores(dataset, dataset.test)
        elif row.val_loss is None or row.config is None:  # diverged
            scores = _nothing()
        else:
            scores = _rebuilt_scores(row, dataset)
        row.test = {f"test_{key}": value for key, value in scores.items()}
    result.test_scored = True
    return result


def _rebuilt_scores(row: ModelScore, dataset: Dataset) -> dict[str, Optional[float]]:
    trainer = Trainer(row.config, dataset)
    trainer.model.load_state_dict(row.state)
    return _scores_of(trainer.model, trainer, dataset.test)


def _json_number(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
