"""Save and load a trained model with its config.

A checkpoint holds only tensors and plain data, so it loads with ``torch.load(weights_only=True)``:
a file from an untrusted source cannot run code.
"""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from nnstudio.core.config import MAX_PARAMETERS, RunConfig, parse_config
from nnstudio.core.errors import CheckpointError, ConfigError, ModelError
from nnstudio.core.atomic_save import atomic_write_bytes
from nnstudio.core.models import build_model
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


def save_checkpoint(path: str | os.PathLike[str], trainer) -> None:
    """Write the trainer's model and config atomically."""
    payload = {
        "format": FORMAT,
        "config": trainer.config.model_dump(mode="json"),
        "task": trainer.task,
        "input_shape": list(trainer.dataset.input_shape),
        "n_outputs": trainer.dataset.n_outputs,
        "epoch": trainer.epoch,
        "state_dict": {key: value.cpu() for key, value in trainer.model.state_dict().items()},
    }
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())


def load_checkpoint(path: str | os.PathLike[str], device="cpu") -> Checkpoint:
    """Load a checkpoint; raises CheckpointError with a readable reason on any problem."""
    path = Path(path)
    try:
        payload = torch.load(path, map_location=device, weights_only=True)
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
        config = parse_config(payload["config"])
        input_shape = tuple(int(size) for size in payload["input_shape"])
        n_outputs, task = int(payload["n_outputs"]), str(payload["task"])
        epoch = int(payload.get("epoch", 0))
        _check_size(config, input_shape, n_outputs, task)
        model = build_model(config.model, input_shape, n_outputs, task)
        model.load_state_dict(payload["state_dict"])
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
