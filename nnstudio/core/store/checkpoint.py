"""Save and load a trained model with its config.

A checkpoint holds only tensors and plain data, so it loads with ``torch.load(weights_only=True)``:
a file from an untrusted source cannot run code. Besides the weights and the config it holds the
model's preprocessing (input columns, computed features, the training split's standardisation,
the target's scaling, class names), so it can be applied to new rows without the training data.
Files from before that still load: their preprocessing is rebuilt from the config's data.
"""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass
from typing import Optional
from pathlib import Path

import torch
from torch import nn

from nnstudio.core.atomic_save import atomic_write_bytes
from nnstudio.core.config import MAX_PARAMETERS, RunConfig, parse_config
from nnstudio.core.data.preprocessing import Preprocessing
from nnstudio.core.errors import CheckpointError, ConfigError, DataError, ModelError
from nnstudio.core.experiment import loads_config
from nnstudio.core.models import OutputScale, model_for
from nnstudio.core.models.size import parameter_count

FORMAT = "nnstudio-checkpoint/1"


@dataclass
class Checkpoint:
    config: RunConfig
    model: nn.Module
    task: str
    input_shape: tuple[int, ...]
    n_outputs: int
    epoch: int
    preprocessing: Optional[Preprocessing] = None  # None: a file from before it was saved
    path: str = ""

    def preprocessing_or_rebuilt(self) -> Preprocessing:
        """The file's preprocessing; for an older file, rebuilt from the data its config names
        (CheckpointError when that data is not there)."""
        if self.preprocessing is not None:
            return self.preprocessing
        from nnstudio.core.data import load_dataset

        try:
            dataset = load_dataset(self.config.data)
        except DataError as error:
            raise CheckpointError(
                f"{self.path}: saved by an older nnstudio without its preprocessing (input "
                f"scaling, class names), which the data it was trained on is needed to rebuild: "
                f"{error}; save the model again with this version"
            ) from None
        return Preprocessing.of(dataset, self.model)


def save_checkpoint(path: str | os.PathLike[str], trainer) -> None:
    """Write the trainer's model and config atomically."""
    atomic_write_bytes(Path(path), checkpoint_bytes(trainer))


def checkpoint_bytes(trainer) -> bytes:
    """The trainer's model and config as the bytes of a checkpoint file."""
    payload = {
        "format": FORMAT,
        "config": trainer.config.model_dump(mode="json"),
        "task": trainer.task,
        "input_shape": list(trainer.dataset.input_shape),
        "n_outputs": trainer.dataset.n_outputs,
        # The epoch of the weights saved: the last, or the restored one after early stopping.
        "epoch": getattr(trainer, "model_epoch", trainer.epoch),
        "preprocessing": trainer.preprocessing.to_json(),
        "state_dict": {key: value.cpu() for key, value in trainer.model.state_dict().items()},
    }
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def load_checkpoint(path: str | os.PathLike[str] | bytes, device="cpu", name: str = "") -> Checkpoint:
    """Load a checkpoint from a file, or from its bytes (``name`` says where they come from in
    messages); raises CheckpointError with a readable reason on any problem."""
    if isinstance(path, bytes):
        source, path = io.BytesIO(path), Path(name or "checkpoint")
    else:
        source = path = Path(path)
    try:
        payload = torch.load(source, map_location=device, weights_only=True)
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no such file") from None
    except pickle.UnpicklingError as exc:
        if "global" not in str(exc).lower():  # torch names the code it refused to import
            raise CheckpointError(f"{path}: not a readable checkpoint (corrupt file)") from None
        raise CheckpointError(
            f"{path}: refused; it contains code or objects other than weights "
            "(only nnstudio checkpoints can be opened)"
        ) from None
    except Exception as exc:  # torch raises many kinds for a corrupt file
        raise CheckpointError(f"{path}: not a readable checkpoint ({type(exc).__name__})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path}: not an nnstudio checkpoint")
    try:
        config = _config(payload["config"], path)
        preprocessing = None
        if "preprocessing" in payload:
            preprocessing = _preprocessing(path, payload["preprocessing"])
        else:  # an older file: "auto" then always meant an MLP
            config = _as_built_before_preprocessing(config, payload["task"])
        input_shape = tuple(int(size) for size in payload["input_shape"])
        n_outputs, task = int(payload["n_outputs"]), str(payload["task"])
        epoch = int(payload.get("epoch", 0))
        _check_size(config, input_shape, n_outputs, task)
        model = model_for(config, input_shape, n_outputs, task)
        _load_weights(model, payload["state_dict"])
    except CheckpointError:
        raise
    except (ConfigError, ModelError) as exc:
        raise CheckpointError(f"{path}: {exc}") from None
    except (KeyError, TypeError, ValueError, RuntimeError, OverflowError, AttributeError):
        raise CheckpointError(f"{path}: the weights do not match the model it describes") from None
    return Checkpoint(
        config=config,
        model=model.to(device).eval(),
        task=task,
        input_shape=input_shape,
        n_outputs=n_outputs,
        epoch=epoch,
        preprocessing=preprocessing,
        path=str(path),
    )


def _check_size(config: RunConfig, input_shape: tuple[int, ...], n_outputs: int, task: str) -> None:
    """The schema checks the network for its config's data; a checkpoint also names its input
    and output sizes, which could ask for a network of any size: checked before it is built."""
    if not 1 <= len(input_shape) <= 3 or min(input_shape) < 1 or not 1 <= n_outputs <= 100_000:
        raise ModelError(f"input shape {list(input_shape)} and {n_outputs} outputs make no model")
    count = parameter_count(config.model, input_shape, n_outputs, task)
    if count > MAX_PARAMETERS:
        raise ModelError(
            f"the network it describes has {count:,} parameters, more than MAX_PARAMETERS "
            f"({MAX_PARAMETERS:,})"
        )


def _config(saved: object, path: Path) -> RunConfig:
    """The checkpoint's config: a dict (nnstudio's own checkpoints) or the TOML text of
    config.toml (an exported script's model.pt: the script has no TOML writer or reader)."""
    if isinstance(saved, str):
        return loads_config(saved, source=f"{path} (its config)")
    return parse_config(saved)


def _preprocessing(path: Path, raw: object) -> Preprocessing:
    try:
        return Preprocessing.from_json(raw)
    except ValueError:
        raise CheckpointError(f"{path}: its preprocessing record is damaged") from None


def _as_built_before_preprocessing(config: RunConfig, task: str) -> RunConfig:
    """An older file's config, as its model was built then: 'auto' was an MLP for every data."""
    from nnstudio.core.models.builder import resolved_model

    if resolved_model(config.model, config.data, task).preset != config.model.preset:
        return config.model_copy(update={"model": config.model.model_copy(update={"preset": "mlp"})})
    return config


def _load_weights(model: nn.Module, state_dict: dict) -> None:
    """Load the weights; a file from before targets were standardised has no output scale and
    keeps the identity one (its network learned the target in the target's own units)."""
    scales = {f"{name}.{buffer}" for name, module in model.named_modules()
              if isinstance(module, OutputScale) for buffer in ("mean", "std")}
    missing, unexpected = model.load_state_dict(state_dict, strict=False)
    if unexpected or set(missing) - scales:
        raise KeyError("the weights do not match the model")
