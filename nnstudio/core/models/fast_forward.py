"""Plain MLPs (Linear layers and element-wise activations) read from an ``nn.Sequential``, and
their forward passes without autograd: predictions for evaluation, decision-boundary grids and
fitted curves, computed in numpy (small inputs) or with torch's fused kernels (many rows).

The training fast path (``core/train/fast_path.py``) reads networks the same way; ``bench/README.md``
has the measurements behind the chunk sizes.
"""

from __future__ import annotations

import os
import weakref
from typing import Optional

import numpy as np
import torch
from torch import nn

ENV_SWITCH = "NNSTUDIO_FAST_PATH"

# Multiply-adds of one layer's matrix product in a training step (batch × (in + 1) × out).
# numpy's OpenBLAS goes multi-threaded above 4 × 65536; on a busy two-core machine that turns a
# 10 µs product into a stall of milliseconds, so the fast path stays below it.
MAX_LAYER_MACS = 262_144
# Forward passes over many rows (boundary grids, fitted curves, evaluation) go in row chunks of
# about this many floats per layer output: small enough to stay in the L2 cache. When OpenBLAS
# may use several threads, chunks also stay below MAX_LAYER_MACS (see _forward_rows).
FORWARD_CHUNK_FLOATS = 32_768
# Predictions of at least this many multiply-adds (a 100 × 100 boundary grid through a 64-64
# net: 46 M) run on torch's kernels (see _predict_torch), in chunks of this many floats a layer.
TORCH_PREDICT_MACS = 4_000_000
TORCH_CHUNK_FLOATS = 131_072

_ACTIVATIONS = (nn.Tanh, nn.Sigmoid, nn.ReLU, nn.LeakyReLU)
_SKIPPED = (nn.Identity, nn.Flatten)


def enabled_by_default() -> bool:
    """False when the environment says ``NNSTUDIO_FAST_PATH=0`` (or no / off / false)."""
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "no", "off", "false")


class NotApplicable(Exception):
    """A network (or run) the fast code does not compute exactly; the message says why."""


def refuse(reason: str) -> None:
    """Give up on the fast code for ``reason`` (raises NotApplicable)."""
    raise NotApplicable(reason)


# --- the network, as the fast code sees it ---


class Block:
    """One Linear layer and the element-wise activations that follow it."""

    def __init__(self, linear: nn.Linear) -> None:
        self.linear = linear
        self.n_in = linear.in_features
        self.n_out = linear.out_features
        self.activations: list[tuple[str, float]] = []  # (kind, leaky slope)


def read_model(model: nn.Module) -> list[Block]:
    """The model's Linear layers with the activations after each; NotApplicable naming what the
    fast code does not compute (layers other than Linear with bias, Tanh, Sigmoid, ReLU, leaky
    ReLU, Identity and a plain Flatten; hooks)."""
    if type(model) is not nn.Sequential:
        refuse("the model is not a plain nn.Sequential")
    from nnstudio.core.models.builder import OutputScale

    blocks: list[Block] = []
    modules = list(model)
    if modules and type(modules[-1]) is OutputScale:  # y = z * std + mean, after the output
        if has_hooks(modules[-1]):
            refuse("OutputScale has hooks")
        modules = modules[:-1]
    for module in modules:
        if has_hooks(module):
            refuse(f"{type(module).__name__} has hooks")
        kind = type(module)
        if kind is nn.Linear:
            if module.bias is None:
                refuse("a Linear layer without bias")
            blocks.append(Block(module))
        elif kind in _SKIPPED:
            if kind is nn.Flatten and (module.start_dim, module.end_dim) != (1, -1):
                refuse("a Flatten other than the default")
        elif kind in _ACTIVATIONS:
            if not blocks:
                refuse("an activation before the first Linear layer")
            if getattr(module, "inplace", False):
                refuse("an in-place activation")
            slope = 0.0
            if kind is nn.LeakyReLU:
                slope = float(module.negative_slope)
                # The derivative is built as (out > 0) * (1 - s) + s: exact only if 1 - s + s == 1.
                if not (0 < slope < 1 and np.float32(1.0 - slope) + np.float32(slope) == 1):
                    refuse(f"leaky ReLU slope {slope}")
            blocks[-1].activations.append((kind.__name__.lower(), slope))
        else:
            refuse(f"layer {kind.__name__}")
    if has_hooks(model) or _global_module_hooks():
        refuse("the model has hooks")
    if not blocks or type(modules[-1]) is not nn.Linear:
        refuse("the network does not end with a Linear layer")
    for before, after in zip(blocks, blocks[1:]):
        if before.n_out != after.n_in:  # pragma: no cover - build_model makes them match
            refuse("layer sizes do not chain")
    return blocks


def output_scale(model: nn.Module) -> Optional[tuple[np.ndarray, np.ndarray]]:
    """(mean, std) as float32 rows of a network ending with an OutputScale (a standardised
    regression target), else None."""
    from nnstudio.core.models.builder import OutputScale

    last = model[len(model) - 1] if isinstance(model, nn.Sequential) and len(model) else None
    if type(last) is not OutputScale:
        return None
    return (last.mean.detach().cpu().numpy().astype(np.float32).reshape(1, -1),
            last.std.detach().cpu().numpy().astype(np.float32).reshape(1, -1))


def unscaled(z: np.ndarray, model: nn.Module) -> np.ndarray:
    """Outputs in standard units mapped to the target's, as the model's OutputScale does."""
    mean, std = output_scale(model)
    return z * std + mean


def _global_module_hooks() -> bool:
    from torch.nn.modules import module as torch_module

    return any(
        getattr(torch_module, name, None)
        for name in (
            "_global_forward_hooks",
            "_global_forward_pre_hooks",
            "_global_backward_hooks",
            "_global_backward_pre_hooks",
        )
    )


def has_hooks(module: nn.Module) -> bool:
    """True when torch would run hooks around the module (which the fast code would skip)."""
    return bool(
        module._forward_hooks
        or module._forward_pre_hooks
        or module._backward_hooks
        or getattr(module, "_backward_pre_hooks", None)
        or module._state_dict_hooks
        or module._load_state_dict_pre_hooks
    )


# --- forward passes outside training: evaluation, boundary grids, fitted curves ---


def _blas_single_threaded() -> bool:
    """True when numpy's OpenBLAS was told to run one thread (as in the window's training
    process, see session/process.py); read once, as OpenBLAS reads it at load time."""
    for name in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name)
        if value:
            return value.strip() == "1"
    return (os.cpu_count() or 1) == 1


_BLAS_SINGLE_THREADED = _blas_single_threaded()


def _forward_rows(blocks: list[Block]) -> int:
    """Rows per chunk of a long forward pass: cache-sized; with a multi-threaded OpenBLAS also
    below its threading threshold (MAX_LAYER_MACS), where a product would otherwise stall for
    milliseconds on a busy machine. About 2.5 x faster on a 100 x 100 grid through a 64-64 net
    when one thread is allowed (512 rows instead of 63)."""
    rows = FORWARD_CHUNK_FLOATS // max(b.n_out for b in blocks)
    if not _BLAS_SINGLE_THREADED:
        rows = min(rows, MAX_LAYER_MACS // max((b.n_in + 1) * b.n_out for b in blocks))
    return max(32, rows)


def forward(blocks: list[Block], weights: list[np.ndarray], x: np.ndarray) -> np.ndarray:
    """Outputs (float32) of the network for rows ``x``, from the module's (weight, bias) arrays.

    Long inputs go in row chunks (see _forward_rows); rows are independent, so the numbers do
    not change.
    """
    rows = _forward_rows(blocks)
    if len(x) > rows:
        parts = [forward(blocks, weights, x[i : i + rows]) for i in range(0, len(x), rows)]
        return np.concatenate(parts)
    z = x
    for i, block in enumerate(blocks):
        z = np.matmul(z, weights[2 * i].T)
        z += weights[2 * i + 1]
        for kind, slope in block.activations:
            if kind == "tanh":
                np.tanh(z, out=z)
            elif kind == "sigmoid":
                np.negative(z, out=z)
                np.exp(z, out=z)
                z += 1
                np.divide(1, z, out=z)
            elif kind == "relu":
                np.maximum(z, 0, out=z)
            else:
                np.maximum(z, z * np.float32(slope), out=z)
    return z


_MODELS: "weakref.WeakKeyDictionary[nn.Module, tuple]" = weakref.WeakKeyDictionary()


def _model_blocks(model: nn.Module) -> Optional[list[Block]]:
    """The blocks of a model the fast path can run (cached per model), else None."""
    if type(model) is not nn.Sequential:
        return None
    modules = tuple(model)
    cached = _MODELS.get(model)
    if cached is not None and cached[0] == modules:
        return cached[1]
    try:
        blocks = read_model(model)
    except NotApplicable:
        blocks = None
    _MODELS[model] = (modules, blocks)
    return blocks


def _predictable_blocks(model: nn.Module, device) -> Optional[list[Block]]:
    """The model's blocks when the fast path can predict with it on ``device``, else None."""
    if not enabled_by_default() or torch.device(device).type != "cpu":
        return None
    blocks = _model_blocks(model)
    if blocks is None:
        return None
    if any(p.dtype != torch.float32 or p.device.type != "cpu" for p in model.parameters()):
        return None
    if any(has_hooks(module) for module in model) or has_hooks(model):
        return None
    return blocks


# A plain MLP as data: per Linear layer its weight (out, in), bias and the activations after it.
Layers = list[tuple[np.ndarray, np.ndarray, tuple[tuple[str, float], ...]]]


def mlp_layers(model: nn.Module) -> Optional[Layers]:
    """A copy of the model's layers, for :func:`predict_layers` elsewhere (another thread or
    process) while the model goes on training; None when the fast path does not take it. An
    output scale is folded into the last layer (its weights times std, its bias b · std + mean)."""
    blocks = _predictable_blocks(model, "cpu")
    if blocks is None:
        return None
    return [
        (weight.numpy().copy(), bias.numpy().copy(), activations)
        for weight, bias, activations in _torch_layers(model, blocks)
    ]


def _torch_layers(model: nn.Module, blocks: list[Block]) -> list[tuple[torch.Tensor, torch.Tensor, tuple]]:
    """(weight, bias, activations) per layer, an output scale folded into the last one."""
    layers = [(b.linear.weight.detach(), b.linear.bias.detach(), tuple(b.activations)) for b in blocks]
    scale = output_scale(model)
    if scale is not None:
        mean, std = (torch.from_numpy(part[0]) for part in scale)
        weight, bias, activations = layers[-1]
        layers[-1] = (weight * std[:, None], bias * std + mean, activations)
    return layers


def predict_layers(layers: Layers, x: np.ndarray, task: str) -> np.ndarray:
    """What :func:`predict` returns for a model copied by :func:`mlp_layers`."""
    return _predict_torch([(torch.from_numpy(w), torch.from_numpy(b), acts) for w, b, acts in layers],
                          np.ascontiguousarray(x, dtype=np.float32), task)


def predict(model: nn.Module, x, task: str, device) -> Optional[np.ndarray]:
    """What ``trainer.predict`` returns, computed in numpy; None when the fast path does not
    take this model or input (then the caller runs torch)."""
    blocks = _predictable_blocks(model, device)
    if blocks is None:
        return None
    inputs = x.numpy() if isinstance(x, torch.Tensor) and x.device.type == "cpu" else x
    if (
        not isinstance(inputs, np.ndarray)
        or inputs.dtype != np.float32
        or inputs.ndim != 2
        or inputs.shape[1] != blocks[0].n_in
    ):
        return None
    if not len(inputs):
        return None
    if len(inputs) * sum((b.n_in + 1) * b.n_out for b in blocks) >= TORCH_PREDICT_MACS:
        return _predict_torch(_torch_layers(model, blocks), inputs, task)
    weights = [p.detach().numpy() for p in model.parameters()]
    with np.errstate(all="ignore"):
        z = forward(blocks, weights, inputs)
        if task == "regression" and output_scale(model) is not None:
            return unscaled(z, model)
        if task == "binary":
            positive = 1 / (1 + np.exp(-z[:, 0]))
            return np.stack([1 - positive, positive], axis=1)
        if task == "multiclass":  # over the classes as rows: ~5 x faster than along a row of a few
            z = np.ascontiguousarray(z.T)
            z -= z.max(axis=0)
            np.exp(z, out=z)
            z /= z.sum(axis=0)
            return np.ascontiguousarray(z.T)
    return z


@torch.no_grad()
def _predict_torch(layers: list[tuple[torch.Tensor, torch.Tensor, tuple]], x: np.ndarray, task: str) -> np.ndarray:
    """:func:`predict` for many rows (a boundary grid): the same layers run as torch's fused
    addmm and in-place activations, in cache-sized row chunks; on a 100 × 100 grid through a
    64-64 net ~1.3 x faster than numpy's matmul (one thread each)."""
    rows = max(256, TORCH_CHUNK_FLOATS // max(weight.shape[0] for weight, _, _ in layers))
    inputs = torch.from_numpy(x)
    n_out = layers[-1][0].shape[0]
    out = torch.empty(len(x), 2 if task == "binary" else n_out)
    for start in range(0, len(x), rows):
        z = inputs[start : start + rows]
        for weight, bias, activations in layers:
            z = torch.addmm(bias, z, weight.T)
            for kind, slope in activations:
                if kind == "tanh":
                    z.tanh_()
                elif kind == "sigmoid":
                    z.sigmoid_()
                elif kind == "relu":
                    z.relu_()
                else:
                    torch.nn.functional.leaky_relu_(z, slope)
        part = out[start : start + rows]
        if task == "binary":
            torch.sigmoid(z[:, 0], out=part[:, 1])
            torch.sub(1, part[:, 1], out=part[:, 0])
        else:
            part.copy_(z)
    if task == "multiclass":  # over the classes as rows: ~5 x faster than along a row of a few
        out = torch.softmax(out.T.contiguous(), dim=0).T.contiguous()
    return out.numpy()
