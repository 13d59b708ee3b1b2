"""A fast path for the small dense networks of the 1D / 2D lessons.

A network of a few Linear layers on 2D points is bound by per-call overhead, not arithmetic: in
eager PyTorch one step of Playground's circle network costs ~470 µs (module calls, autograd,
optimiser), of which maybe 1 µs is arithmetic. This module trains such networks with
hand-derived forward and backward passes in numpy (float32), on preallocated buffers, and
computes what eager PyTorch computes: the same initial weights (it reads them from the
``nn.Module``), the same shuffling (the Trainer's generator), the same losses, gradients and
optimiser updates, to float rounding. ``bench/README.md`` has the measurements behind the choice.

How it stays faithful to the eager path:

- The module is the source of truth. At the start of each epoch the parameters and the
  optimiser's state are read from ``trainer.model`` and ``trainer.optimizer`` (its public
  ``state_dict``); at the end of the epoch (and when stopping mid-epoch, or pausing) both are
  written back, in torch's own format (see ``fast_optimizers.py``). So a run can switch between
  the fast and the eager path at any epoch boundary, and callbacks, evaluation, grid
  predictions, checkpoints and early stopping always read current weights. Before each
  ``on_step_end`` hook the parameters (not the optimiser state) are written back too.
- The learning rate is read from ``optimizer.param_groups[0]["lr"]`` at every step, so
  schedulers, ``Trainer.set_lr`` and ``TrainControl.set_lr`` work as they do on the eager path;
  the other hyperparameters (momentum, betas, weight decay, ...) are read at every epoch start.
- A network ending with an ``OutputScale`` (a standardised regression target) trains in
  standard units: its targets are standardised once, the loss gradient is the standardised
  one (what the Trainer's objective, MSE / std², gives), and losses and predictions are mapped
  back to the target's units as the module does.
- Anything it does not reproduce exactly makes :func:`prepare` refuse, and the Trainer runs the
  eager path: dropout, batch norm, convolutions, polynomial features, GELU, images, GPUs, frozen
  parameters, hooks, optimisers or options without an update rule in ``fast_optimizers.py``
  (AMSGrad, dampening, ...), more than one parameter group, big data or layers big enough that
  eager is as fast.

Set ``NNSTUDIO_FAST_PATH=0`` (or ``trainer.use_fast_path = False``) to force the eager path.

Layout: each Linear layer is held as one (in + 1, out) block ``[Wᵀ; b]`` in a flat float32
buffer, and each layer input carries a column of ones, so ``z = [a, 1] @ [Wᵀ; b]`` is one matrix
product and its gradient ``[a, 1]ᵀ @ dz`` gives the weight and bias gradients at once. The
parameter, gradient and optimiser-state buffers are flat, so an optimiser step is a handful of
numpy calls whatever the number of layers. The per-step forward/backward is generated as
straight-line Python for the network at hand (see :func:`_step_source`), because with tensors
this small the interpreter's overhead per numpy call is what costs.
"""

from __future__ import annotations

import contextlib
import math
from typing import Callable, Optional

import numpy as np
import torch
from torch import nn

from nnstudio.core.models.fast_forward import (
    ENV_SWITCH,
    MAX_LAYER_MACS,
    Block,
    NotApplicable,
    enabled_by_default,
    forward,
    has_hooks,
    output_scale,
    read_model,
    refuse,
    unscaled,
)
from nnstudio.core.train.fast_optimizers import FlatOptimizer, mark_stepped

__all__ = ["ENV_SWITCH", "FastPath", "Refused", "enabled_by_default", "prepare", "torch_threads",
           "torch_threads_for"]

# Limits of what the fast path takes. Above them the arithmetic, not the per-call overhead, is
# what costs, and eager PyTorch is as fast.
MAX_SAMPLES = 20_000  # training samples held in memory as one float32 copy
MAX_FEATURES = 1_024  # width of the input and of any layer
# torch threads: one for runs whose step is this small (see torch_threads_for).
SMALL_STEP_MACS = 2_000_000

class Refused:
    """Why the fast path does not apply to a trainer's current model / optimiser / data."""

    active = False

    def __init__(self, trainer, reason: str) -> None:
        self.reason = reason
        self._key = _identity_key(trainer)

    def applies(self, trainer) -> bool:
        # A refusal stands while the trainer keeps the same objects (rebuilt after reset()).
        return _identity_key(trainer) == self._key


def _identity_key(trainer) -> tuple:
    return (id(trainer.model), id(trainer.optimizer), id(trainer.train_part.x), trainer.batch_size)


def prepare(trainer) -> "FastPath | Refused":
    """A FastPath for the trainer, or a Refused naming the reason it runs eagerly."""
    try:
        return FastPath(trainer)
    except NotApplicable as exc:
        return Refused(trainer, str(exc))


def torch_threads_for(trainer) -> Optional[int]:
    """The torch thread count that suits a run: 1 for small dense networks on the CPU.

    Two threads are slower than one for tiny tensors (the split costs more than the work) and,
    on a busy two-core machine, much slower. Returns None to leave the setting alone.
    """
    if trainer.device.type != "cpu" or trainer.dataset.is_image:
        return None
    n_params = sum(p.numel() for p in trainer.model.parameters())
    if n_params * trainer.batch_size > SMALL_STEP_MACS:
        return None
    return 1


# --- losses ---


def _loss_kind(trainer) -> str:
    from nnstudio.core.models.builder import BinaryCrossEntropy

    loss_fn, task = trainer.loss_fn, trainer.task
    if has_hooks(loss_fn):
        refuse("the loss has hooks")
    if type(loss_fn) is nn.MSELoss and task == "regression":
        kind = "mse"
    elif type(loss_fn) is BinaryCrossEntropy and task == "binary":
        if loss_fn.weight is not None or loss_fn.pos_weight is not None:
            refuse("a weighted loss")
        kind = "bce"
    elif type(loss_fn) is nn.CrossEntropyLoss and task == "multiclass":
        if loss_fn.weight is not None or loss_fn.label_smoothing != 0:
            refuse("a weighted or smoothed loss")
        kind = "ce"
    else:
        refuse(f"loss {type(loss_fn).__name__}")
    if loss_fn.reduction != "mean":
        refuse("a loss reduction other than mean")
    return kind


def _sample_losses(kind: str, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-element losses (float32) of outputs ``z`` for targets ``y``, as torch computes them.

    mse: (n, k) squared errors; bce: (n,) from (n, 1) logits and 0/1 labels; ce: (n,) from
    (n, k) logits and integer labels.
    """
    if kind == "mse":
        diff = z - y
        return diff * diff
    if kind == "bce":
        logits = z[:, 0]
        # torch: (1 - y) * z - log_sigmoid(z), log_sigmoid(z) = min(z, 0) - log1p(exp(-|z|))
        return (1 - y) * logits - np.minimum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))
    top = z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(z - top).sum(axis=1)) + top[:, 0]
    return log_sum - np.take_along_axis(z, y[:, None], axis=1)[:, 0]


def _correct(kind: str, z: np.ndarray, y: np.ndarray) -> int:
    if kind == "bce":
        return int(np.count_nonzero((z[:, 0] > 0).astype(np.int64) == y))
    return int(np.count_nonzero(z.argmax(axis=1) == y))


# --- the per-step program ---


def _step_source(blocks: list[Block], loss: str) -> str:
    """Python source of ``step(x, t, z)``: forward, loss gradient and backward for one batch.

    ``x`` is the batch with its column of ones, ``t`` the batch's target term (see
    :meth:`FastPath._target_terms`), ``z`` where the outputs go. Names refer to the buffers made
    by :meth:`_Buffers.namespace`: ``Wi`` is layer i's [Wᵀ; b] block, ``WTi`` its weight (out, in),
    ``GWi`` its gradient block, ``Ai`` its input with ones (A0 is ``x``), ``Xi`` = ``Ai[:, :-1]``,
    ``Zi`` its output, ``Hi_j`` the output of its j-th activation, ``Di`` the gradient at ``Zi``.
    """
    last = len(blocks) - 1
    lines = ["def step(x, t, z):"]
    emit = lines.append

    def activation_outputs(i: int) -> list[str]:
        count = len(blocks[i].activations)
        return [f"H{i}_{j}" for j in range(count - 1)] + ([f"X{i + 1}"] if count else [])

    # forward
    for i, block in enumerate(blocks):
        source, target = ("x" if i == 0 else f"A{i}"), ("z" if i == last else f"Z{i}")
        emit(f"    dot({source}, W{i}, {target})")
        if i == last:
            break
        previous = target
        outputs = activation_outputs(i)
        for j, ((kind, _), output) in enumerate(zip(block.activations, outputs)):
            if kind == "tanh":
                emit(f"    tanh({previous}, {output})")
            elif kind == "sigmoid":
                emit(f"    negative({previous}, {output}); exp({output}, {output})")
                emit(f"    add({output}, ONE, {output}); divide(ONE, {output}, {output})")
            elif kind == "relu":
                emit(f"    maximum({previous}, ZERO, out={output})")
            else:  # leaky relu: x if x > 0 else slope * x
                emit(f"    multiply({previous}, SLOPE{i}_{j}, TMP{i})")
                emit(f"    maximum({previous}, TMP{i}, out={output})")
            previous = output
        if not block.activations:
            emit(f"    copyto(X{i + 1}, Z{i})")
    # d loss / d z, with the 1 / batch of the mean folded into t (and into C for mse / ce)
    d = f"D{last}"
    if loss == "mse":  # 2 (z - y) / numel  ->  z * C - t, t = y * C
        emit(f"    multiply(z, C, {d}); subtract({d}, t, {d})")
    elif loss == "bce":  # (sigmoid(z) - y) / b  ->  (1 / b) / (1 + exp(-z)) - t, t = y / b
        emit(f"    negative(z, {d}); exp({d}, {d}); add({d}, ONE, {d})")
        emit(f"    divide(INV_B, {d}, {d}); subtract({d}, t, {d})")
    else:  # (softmax(z) - onehot(y)) / b  ->  exp(z - max) / (sum * b) - t, t = onehot / b
        emit(f"    row_max(z, 1, None, ROWMAX, True); subtract(z, ROWMAX, {d}); exp({d}, {d})")
        emit(f"    row_sum({d}, 1, None, ROWSUM, True); multiply(ROWSUM, B, ROWSUM)")
        emit(f"    divide({d}, ROWSUM, {d}); subtract({d}, t, {d})")
    # backward
    for i in range(last, -1, -1):
        emit(f"    dot({'x' if i == 0 else f'A{i}'}.T, D{i}, GW{i})")
        if i == 0:
            break
        below = i - 1
        emit(f"    dot(D{i}, WT{i}, D{below})")
        outputs = activation_outputs(below)
        for j in range(len(outputs) - 1, -1, -1):
            kind, _ = blocks[below].activations[j]
            out, tmp, grad = outputs[j], f"T{below}", f"D{below}"
            if kind == "tanh":  # 1 - out²
                emit(f"    multiply({out}, {out}, {tmp}); subtract(ONE, {tmp}, {tmp})")
            elif kind == "sigmoid":  # out (1 - out)
                emit(f"    subtract(ONE, {out}, {tmp}); multiply({tmp}, {out}, {tmp})")
            elif kind == "relu":  # out > 0 (torch's threshold_backward on the result)
                emit(f"    greater({out}, ZERO, {tmp})")
            else:  # 1 where out > 0, else the slope
                emit(f"    greater({out}, ZERO, {tmp}); multiply({tmp}, ONE_MINUS_SLOPE{below}_{j}, {tmp})")
                emit(f"    add({tmp}, SLOPE{below}_{j}, {tmp})")
            emit(f"    multiply({grad}, {tmp}, {grad})")
    return "\n".join(lines) + "\n"


class _Buffers:
    """Preallocated activations and gradients for one batch size."""

    def __init__(self, blocks: list[Block], batch: int, weights, weight_t, grads) -> None:
        f32 = np.float32
        ns: dict[str, object] = {
            "dot": np.dot, "tanh": np.tanh, "exp": np.exp, "add": np.add,
            "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
            "negative": np.negative, "maximum": np.maximum, "greater": np.greater,
            "copyto": np.copyto, "row_max": np.maximum.reduce, "row_sum": np.add.reduce,
            "ONE": np.array(1, f32), "ZERO": np.array(0, f32),
            "INV_B": np.array(1.0 / batch, f32), "B": np.array(batch, f32),
            "ROWMAX": np.zeros((batch, 1), f32), "ROWSUM": np.zeros((batch, 1), f32),
        }
        n_outputs = blocks[-1].n_out
        ns["C"] = np.array(2.0 / (batch * n_outputs), f32)
        for i, block in enumerate(blocks):
            ns[f"W{i}"], ns[f"WT{i}"], ns[f"GW{i}"] = weights[i], weight_t[i], grads[i]
            ns[f"D{i}"] = np.zeros((batch, block.n_out), f32)
            ns[f"T{i}"] = np.zeros((batch, block.n_out), f32)
            ns[f"TMP{i}"] = np.zeros((batch, block.n_out), f32)
            if i:
                with_ones = np.ones((batch, block.n_in + 1), f32)
                ns[f"A{i}"], ns[f"X{i}"] = with_ones, with_ones[:, :-1]
            if i < len(blocks) - 1:
                ns[f"Z{i}"] = np.zeros((batch, block.n_out), f32)
            for j, (kind, slope) in enumerate(block.activations):
                ns[f"H{i}_{j}"] = np.zeros((batch, block.n_out), f32)
                if kind == "leakyrelu":
                    ns[f"SLOPE{i}_{j}"] = np.array(slope, f32)
                    ns[f"ONE_MINUS_SLOPE{i}_{j}"] = np.array(1.0 - slope, f32)
        self.namespace = ns


def _compile_step(blocks: list[Block], loss: str, buffers: _Buffers) -> Callable:
    namespace = buffers.namespace
    exec(compile(_step_source(blocks, loss), "<nnstudio fast path step>", "exec"), namespace)
    return namespace["step"]


class FastPath:
    """Trains one trainer's small dense network in numpy. Made by :func:`prepare`."""

    active = True
    reason = "fast path"

    def __init__(self, trainer) -> None:
        model, optimizer, data = trainer.model, trainer.optimizer, trainer.train_part
        if trainer.device.type != "cpu":
            refuse(f"device {trainer.device}")
        x = data.x
        if x.dtype != torch.float32 or x.dim() != 2 or trainer.batch_transform() is not None:
            refuse("inputs that are not float32 feature rows")
        n = len(data)
        if not 1 <= n <= MAX_SAMPLES:
            refuse(f"{n} training samples")
        self.blocks = blocks = read_model(model)
        self.loss = _loss_kind(trainer)
        widths = [blocks[0].n_in] + [block.n_out for block in blocks]
        if max(widths) > MAX_FEATURES:
            refuse(f"a layer of {max(widths)} units")
        batch = trainer.batch_size
        if batch * max((b.n_in + 1) * b.n_out for b in blocks) > MAX_LAYER_MACS:
            refuse("a batch and layers big enough for eager PyTorch to be as fast")
        params = list(model.parameters())
        expected = [p for block in blocks for p in (block.linear.weight, block.linear.bias)]
        if not _same_objects(params, expected):
            refuse("parameters other than the Linear layers'")  # pragma: no cover
        for p in params:
            if p.dtype != torch.float32 or not p.requires_grad or p.device.type != "cpu":
                refuse("a frozen or non-float32 parameter")
        group_params = optimizer.param_groups[0]["params"] if optimizer.param_groups else []
        if not _same_objects(group_params, params):
            refuse("the optimiser does not hold exactly the model's parameters")
        sizes = [(b.n_in + 1) * b.n_out for b in blocks]
        total = sum(sizes)
        self._views: list[tuple[int, int, tuple[int, int]]] = []  # offset, size, shape
        offset = 0
        for block, size in zip(blocks, sizes):
            self._views.append((offset, size, (block.n_in + 1, block.n_out)))
            offset += size
        self.flat_optimizer = FlatOptimizer(optimizer, total, len(params), self._place)
        self._check_targets(trainer, data.y, n)
        self.scale = output_scale(model)
        if self.scale is not None and self.loss != "mse":
            refuse("an output scale on a classifier")  # pragma: no cover - build_model never

        self.model, self.optimizer, self.data_x = model, optimizer, x
        self.modules = tuple(model)
        self.batch = batch
        self.params = params
        self.hyper_key = self._hyper_key(optimizer)

        # Flat buffers: parameters, gradients and scratch (the optimiser's state is in
        # flat_optimizer).
        f32 = np.float32
        self.P = np.zeros(total, f32)
        self.G = np.zeros(total, f32)
        self.T = np.zeros(total, f32)
        self.T2 = np.zeros(total, f32)
        self.weights, self.weight_t, self.grads = [], [], []
        for offset, size, shape in self._views:
            w = self.P[offset : offset + size].reshape(shape)
            self.weights.append(w)
            self.weight_t.append(w[:-1].T)
            self.grads.append(self.G[offset : offset + size].reshape(shape))
        # Weight positions (not biases) for L1, as the Trainer penalises parameters of dim > 1.
        self.weight_mask = np.zeros(total, f32)
        for offset, size, shape in self._views:
            self.weight_mask[offset : offset + size].reshape(shape)[:-1] = 1

        # Inputs with a column of ones, and targets: a copy, made once (the Trainer never
        # changes its data tensors in place; a new tensor makes applies() fail and rebuilds).
        self.x1 = np.ones((n, blocks[0].n_in + 1), f32)
        self.x1[:, :-1] = x.numpy()
        y = data.y.numpy()
        self.y = y.astype(f32) if self.loss != "ce" else y
        self.y_raw = self.y
        if self.scale is not None:  # the network learns the target in standard units
            mean, std = self.scale
            self.y = ((self.y_raw - mean) / std).astype(f32)
        self.n = n
        self.steps = math.ceil(n / batch)
        last = n - batch * (self.steps - 1)
        self._step_full = _compile_step(
            blocks, self.loss, _Buffers(blocks, batch, self.weights, self.weight_t, self.grads)
        )
        self._step_last = (
            self._step_full
            if last == batch
            else _compile_step(
                blocks, self.loss, _Buffers(blocks, last, self.weights, self.weight_t, self.grads)
            )
        )
        # The 1 / batch size of each row's step, by position in the epoch.
        scale = np.full((n, 1), 1.0 / batch, f32)
        scale[batch * (self.steps - 1) :] = 1.0 / last
        if self.loss == "mse":
            scale = scale * f32(2.0 / blocks[-1].n_out)
        self.row_scale = scale
        self.outputs = np.zeros((n, blocks[-1].n_out), f32)
        self._param_ptrs = [p.data_ptr() for p in params]
        # (module array, its place in P) for each parameter: numpy views of both, kept because
        # neither moves (applies() checks the parameters' storage).
        self._param_places = [
            (p.detach().numpy(), self._place(self.P, index)) for index, p in enumerate(params)
        ]
        self._parts: dict[int, tuple] = {}  # evaluate(): parts checked, by id (x, y, accepted)

    # --- checks ---
    def _check_targets(self, trainer, y: torch.Tensor, n: int) -> None:
        n_out = self.blocks[-1].n_out
        if self.loss == "mse":
            if y.dtype != torch.float32 or tuple(y.shape) != (n, n_out):
                refuse("regression targets that do not match the outputs")
        else:
            if y.dtype != torch.int64 or tuple(y.shape) != (n,):
                refuse("labels that are not one integer per sample")
            classes = 2 if self.loss == "bce" else n_out
            if (self.loss == "bce") != (n_out == 1):
                refuse("an output layer that does not fit the task")
            if n and (int(y.min()) < 0 or int(y.max()) >= classes):
                refuse("labels out of range")  # eager raises the proper error

    @staticmethod
    def _hyper_key(optimizer) -> tuple:
        group = optimizer.param_groups[0]
        return tuple(
            (key, value if not isinstance(value, (list, tuple)) else tuple(value))
            for key, value in group.items()
            if key not in ("params", "lr", "initial_lr")
        )

    def applies(self, trainer) -> bool:
        """Cheap check, each epoch, that nothing changed under the fast path's feet."""
        optimizer = self.optimizer
        return (
            trainer.model is self.model
            and trainer.optimizer is optimizer
            and trainer.train_part.x is self.data_x
            and trainer.batch_size == self.batch
            and len(optimizer.param_groups) == 1
            and _same_objects(optimizer.param_groups[0]["params"], self.params)
            and self._hyper_key(optimizer) == self.hyper_key
            and isinstance(optimizer.param_groups[0]["lr"], (float, int))
            and all(p.data_ptr() == ptr for p, ptr in zip(self.params, self._param_ptrs))
            and tuple(self.model) == self.modules
        )

    # --- moving weights and state between the module and the flat buffers ---
    def _place(self, buffer: np.ndarray, index: int) -> np.ndarray:
        """The view of flat ``buffer`` that holds parameter ``index`` in torch's shape: a
        weight (out, in) is the transposed top of its block, a bias the block's last row."""
        offset, size, shape = self._views[index // 2]
        block = buffer[offset : offset + size].reshape(shape)
        return block[:-1].T if index % 2 == 0 else block[-1]

    def _load(self) -> None:
        """Read the module's parameters and the optimiser's state (the source of truth)."""
        copyto = np.copyto
        for array, place in self._param_places:
            copyto(place, array)
        self.flat_optimizer.load(self.optimizer)

    def _store_params(self) -> None:
        copyto = np.copyto
        for array, place in self._param_places:
            copyto(array, place)

    def _store(self, stepped: bool) -> None:
        """Write parameters and (if a step was taken) the optimiser's state back."""
        self._store_params()
        if stepped:
            self.flat_optimizer.store(self.optimizer)

    # --- training ---
    def _target_terms(self, rows: np.ndarray) -> np.ndarray:
        """Per-row constant of the loss gradient, for rows in epoch order (see _step_source)."""
        scale = self.row_scale
        if self.loss == "ce":
            n_out = self.blocks[-1].n_out
            onehot = np.zeros((len(rows), n_out), np.float32)
            onehot[np.arange(len(rows)), rows] = 1
            return onehot * scale
        return rows.reshape(len(rows), -1) * scale

    def train_epoch(self, trainer, step_hooks) -> Optional[tuple[np.ndarray, int]]:
        """One epoch, as Trainer.train_epoch's loop does it. Returns (step losses, number
        correct), or None when stopped between steps (weights and state are written back)."""
        control, optimizer = trainer.control, self.optimizer
        n, batch, steps = self.n, self.batch, self.steps
        if steps > 1:
            order = torch.randperm(n, generator=trainer.shuffle_generator).numpy()
            x, labels, raw_labels = self.x1[order], self.y[order], self.y_raw[order]
        else:
            x, labels, raw_labels = self.x1, self.y, self.y_raw
        terms = self._target_terms(labels)
        outputs = self.outputs
        self._load()
        update = self._update_rule(trainer.config.train)
        step_full, step_last = self._step_full, self._step_last
        stepped = False
        try:
            with np.errstate(all="ignore"):
                for step in range(steps):
                    if step:
                        if control.paused:
                            self._store(stepped)  # the model is current while the run waits
                        if not control.wait():
                            trainer.request_stop()
                            return None
                    new_lr = control.take_lr()
                    if new_lr is not None:
                        trainer.set_lr(new_lr)
                    start = step * batch
                    end = start + batch
                    (step_full if end <= n else step_last)(
                        x[start:end], terms[start:end], outputs[start:end]
                    )
                    # read at each step: set_lr and schedulers change it; the first write of
                    # the optimiser's state (load_state_dict) replaces the group itself
                    update(optimizer.param_groups[0]["lr"])
                    stepped = True
                    if step_hooks:
                        due = [hook for every, hook in step_hooks if (step + 1) % every == 0]
                        if due:
                            self._store_params()
                            for hook in due:
                                hook(trainer, step, steps)
        finally:
            self._store(stepped)
            if stepped:
                mark_stepped(optimizer)
        with np.errstate(all="ignore"):
            if self.scale is not None:  # the loss shown is in the target's units, as eager's
                mean, std = self.scale
                losses = _sample_losses(self.loss, outputs * std + mean, raw_labels)
            else:
                losses = _sample_losses(self.loss, outputs, labels)
            full = n // batch
            per_step = np.empty(steps, np.float32)
            if full:
                per_step[:full] = losses[: full * batch].reshape(full, -1).mean(axis=1)
            if full < steps:
                per_step[full] = losses[full * batch :].mean()
            return per_step, _correct(self.loss, outputs, labels)

    def _update_rule(self, train_config) -> Callable[[float], None]:
        """The gradient post-processing (L1, clipping) and optimiser step, on the flat buffers."""
        P, G, T = self.P, self.G, self.T
        f32 = np.float32
        l1 = float(train_config.l1)
        clip = float(train_config.grad_clip)
        l1_mask = self.weight_mask * f32(l1)

        def prepare_gradient() -> None:
            if l1:  # d/dw l1 * |w| = l1 * sign(w), sign(0) = 0 as torch's abs backward
                np.sign(P, T)
                np.multiply(T, l1_mask, T)
                np.add(G, T, G)
            if clip:  # clip_grad_norm_: scale by min(1, clip / (norm + 1e-6))
                norm = math.sqrt(float(np.dot(G, G)))
                coefficient = clip / (norm + 1e-6)
                if not coefficient >= 1.0:  # also scales by NaN when the norm is NaN, as torch
                    np.multiply(G, f32(coefficient), G)

        return self.flat_optimizer.update_rule(P, G, T, self.T2, prepare_gradient)

    def last_weight_gradients(self) -> list[np.ndarray]:
        """The gradient of each Linear weight (torch's (out, in) shape) at the last step taken,
        as the optimiser applied it (after L1 and clipping): views of the flat buffer."""
        return [self._place(self.G, index) for index in range(0, len(self.params), 2)]

    # --- evaluation ---
    def evaluate(self, part, chunk: int) -> tuple[float, Optional[float]]:
        """Mean loss and accuracy of the module's current weights on a part (see
        accepts_part), as Trainer.evaluate computes them: the loss of each chunk in float32."""
        weights = [array for array, _ in self._param_places]  # the module's, as they are now
        n = len(part)
        x_all, y_all = part.x.numpy(), part.y.numpy()
        total = 0.0
        correct = 0
        with np.errstate(all="ignore"):
            for start in range(0, n, chunk):
                z = forward(self.blocks, weights, x_all[start : start + chunk])
                if self.scale is not None:
                    z = unscaled(z, self.model)
                labels = y_all[start : start + chunk]
                if self.loss != "mse":
                    correct += _correct(self.loss, z, labels)
                if self.loss == "bce":
                    labels = labels.astype(np.float32)
                total += float(_sample_losses(self.loss, z, labels).mean(dtype=np.float32)) * len(z)
        return total / n, (correct / n if self.loss != "mse" else None)

    def accepts_part(self, part) -> bool:
        """True when evaluate() can take this data part (float rows on the CPU, right targets)."""
        x, y = part.x, part.y
        known = self._parts.get(id(part))
        if known is not None and known[0] is x and known[1] is y:
            return known[2]
        n_out = self.blocks[-1].n_out
        if self.loss == "mse":
            targets_fit = y.dtype == torch.float32 and tuple(y.shape) == (len(x), n_out)
        else:
            targets_fit = y.dtype == torch.int64 and tuple(y.shape) == (len(x),)
            if targets_fit and self.loss == "ce" and len(y):  # eager raises the proper error
                targets_fit = 0 <= int(y.min()) and int(y.max()) < n_out
        accepted = (
            x.dtype == torch.float32
            and x.dim() == 2
            and x.device.type == "cpu"
            and len(x) > 0
            and x.shape[1] == self.blocks[0].n_in
            and targets_fit
        )
        self._parts[id(part)] = (x, y, accepted)
        return accepted


def _same_objects(a: list, b: list) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


@contextlib.contextmanager
def torch_threads(trainer):
    """Run a block with the torch thread count that suits the trainer's work, then restore it."""
    wanted = torch_threads_for(trainer)
    previous = torch.get_num_threads()
    if wanted is None or wanted == previous:
        yield
        return
    torch.set_num_threads(wanted)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
