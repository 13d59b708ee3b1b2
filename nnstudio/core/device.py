"""Which devices exist, and which one a config means."""

from __future__ import annotations

import torch

from nnstudio.core.errors import ConfigError


def available_devices() -> list[str]:
    """Devices this machine can train on, best first (each CUDA GPU, MPS, then CPU)."""
    devices = []
    if torch.cuda.is_available():
        devices += [f"cuda:{index}" for index in range(torch.cuda.device_count())]
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    devices.append("cpu")
    return devices


def describe_device(name: str) -> str:
    """A human label for a device name, e.g. 'cuda:0 (NVIDIA A100)'."""
    if name.startswith("cuda"):
        index = int(name.split(":")[1]) if ":" in name else 0
        return f"{name} ({torch.cuda.get_device_name(index)})"
    if name == "mps":
        return "mps (Apple GPU)"
    return "cpu"


def resolve_device(name: str) -> torch.device:
    """Turn a config's device ('auto', 'cpu', 'cuda:1', 'mps') into a torch.device that exists."""
    if name == "auto":
        return torch.device(available_devices()[0])
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ConfigError(f"train.device: no CUDA GPU on this machine, got {name!r}")
        index = int(name.split(":")[1]) if ":" in name else 0
        if index >= torch.cuda.device_count():
            raise ConfigError(
                f"train.device: this machine has {torch.cuda.device_count()} CUDA GPU(s), "
                f"got {name!r}"
            )
        return torch.device("cuda", index)
    if name == "mps" and "mps" not in available_devices():
        raise ConfigError("train.device: MPS (Apple GPU) is not available here, got 'mps'")
    return torch.device(name)
