"""The fast path's optimisers: what torch's single-tensor implementations compute, on the flat
float32 buffers of ``fast_path.py``, and the optimiser's state moved in and out in torch's public
``state_dict`` format (``{"state": {param index: {"exp_avg": tensor, "step": tensor, ...}},
"param_groups": [...]}``).

Each update rule is named by the optimiser registry (an entry's ``fast_rule``); an optimiser,
option or hook a rule does not reproduce makes the fast path refuse, and the Trainer trains
eagerly. The few private torch details this relies on are pinned by
``tests/core/test_fast_path_torch_details.py``, so a torch upgrade that changes them fails there.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from nnstudio.core.models.fast_forward import refuse
from nnstudio.core.registries import OPTIMIZERS

Place = Callable[[np.ndarray, int], np.ndarray]  # (flat buffer, parameter index) -> its view
F32 = np.float32
# Options no rule reproduces (a group where one is set trains eagerly).
_REFUSED_OPTIONS = ("maximize", "differentiable", "capturable", "fused", "foreach", "amsgrad",
                    "centered")


@dataclass(frozen=True)
class _Rule:
    settings: Callable[[dict, torch.optim.Optimizer], dict]  # from the param group, or refuse
    state_names: Callable[[dict], list[str]]  # per-parameter state tensors torch keeps
    update: Callable  # (flat optimiser, P, G, T, T2, prepare_gradient) -> update(lr)
    counts_steps: bool  # keeps state["step"]


@functools.cache
def _rules_by_class() -> dict[type, str]:
    """The update rule of each torch optimiser class, as the registry declares them."""
    return {entry.torch_type(): entry.fast_rule for entry in OPTIMIZERS.values() if entry.fast_rule}


class FlatOptimizer:
    """One torch optimiser's settings and state on flat buffers, and its update rule."""

    def __init__(self, optimizer: torch.optim.Optimizer, size: int, n_params: int = 0,
                 place: Place | None = None) -> None:
        rule_name = _rules_by_class().get(type(optimizer))
        if rule_name is None:
            refuse(f"optimiser {type(optimizer).__name__}")
        self.rule = _RULES[rule_name]
        _check_plain(optimizer)
        group = optimizer.param_groups[0]
        self.settings = {"weight_decay": float(group["weight_decay"]),
                         **self.rule.settings(group, optimizer)}
        self.state = {name: np.zeros(size, F32) for name in self.rule.state_names(self.settings)}
        self.steps_done = 0  # torch's state["step"], for the rules that count steps
        # Each state buffer's view of each parameter, in torch's shape (``place``), made once.
        self._places = {name: [place(buffer, index) for index in range(n_params)]
                        for name, buffer in self.state.items()} if place else {}
        self._n_params = n_params

    def load(self, optimizer: torch.optim.Optimizer) -> None:
        """Read the optimiser's state (the source of truth) into the flat buffers."""
        state = optimizer.state_dict()["state"]
        copyto = np.copyto
        for name, places in self._places.items():
            for index, part in enumerate(places):
                tensor = state.get(index, {}).get(name)
                if tensor is None:  # no step taken yet: torch starts from zeros
                    part.fill(0)
                else:
                    copyto(part, tensor.detach().numpy())
        step = state.get(0, {}).get("step")
        self.steps_done = int(step.item()) if isinstance(step, torch.Tensor) else int(step or 0)

    def store(self, optimizer: torch.optim.Optimizer) -> None:
        """Write the flat state back into the optimiser, in torch's format: in place into the
        tensors its state_dict holds, or, the first time (torch makes them at the first step),
        through load_state_dict."""
        counts_steps = self.rule.counts_steps
        if not self.state and not counts_steps:
            return  # plain SGD keeps no state
        packed = optimizer.state_dict()
        state = packed["state"]
        names = list(self.state) + (["step"] if counts_steps else [])
        indices = range(self._n_params)
        if all(isinstance(state.get(i, {}).get(name), torch.Tensor) for i in indices for name in names):
            copyto = np.copyto
            for name, places in self._places.items():
                for index, part in enumerate(places):
                    copyto(state[index][name].numpy(), part)  # the optimiser's own tensor
            if counts_steps:
                for index in indices:
                    state[index]["step"].fill_(float(self.steps_done))
            return
        made = {}
        for index in indices:
            made[index] = dict(state.get(index, {}))
            for name, places in self._places.items():
                made[index][name] = torch.from_numpy(np.ascontiguousarray(places[index])).clone()
            if counts_steps:
                made[index]["step"] = torch.tensor(float(self.steps_done), dtype=_scalar_dtype())
        optimizer.load_state_dict({"state": made, "param_groups": packed["param_groups"]})

    def update_rule(self, P: np.ndarray, G: np.ndarray, T: np.ndarray, T2: np.ndarray,
                    prepare_gradient: Callable[[], None]) -> Callable[[float], None]:
        """``update(lr)``: one optimiser step of the parameters ``P`` from the gradient ``G``
        (after ``prepare_gradient``: L1, clipping), with ``T``, ``T2`` as scratch."""
        return self.rule.update(self, P, G, T, T2, prepare_gradient)


def mark_stepped(optimizer: torch.optim.Optimizer) -> None:
    """Tell torch's LR schedulers the optimiser has stepped (they warn otherwise). Private:
    the flag their wrapper of ``optimizer.step`` sets; pinned by a test."""
    optimizer._opt_called = True


def _check_plain(optimizer: torch.optim.Optimizer) -> None:
    """Refuse what the rules do not reproduce: hooks, a replaced step, several parameter groups,
    a tensor learning rate and options such as AMSGrad or a fused implementation."""
    if len(optimizer.param_groups) != 1:
        refuse("more than one parameter group")
    from torch.optim import optimizer as torch_optimizer

    if (
        optimizer._optimizer_step_pre_hooks
        or optimizer._optimizer_step_post_hooks
        or torch_optimizer._global_optimizer_pre_hooks
        or torch_optimizer._global_optimizer_post_hooks
    ):
        refuse("optimiser hooks")
    step = optimizer.__dict__.get("step")  # an LR scheduler wraps it, and marks its wrapper
    if step is not None and not getattr(step, "_wrapped_by_lr_sched", False):
        refuse("a replaced optimizer.step")
    group = optimizer.param_groups[0]
    if not isinstance(group["lr"], (float, int)):
        refuse("a tensor learning rate")
    for flag in _REFUSED_OPTIONS:
        if group.get(flag):
            refuse(f"optimiser option {flag}")


def _scalar_dtype() -> torch.dtype:
    return torch.float64 if torch.get_default_dtype() == torch.float64 else torch.float32


def _with_decay(P, G, T, decay32) -> None:
    """g += weight_decay * p (L2 through the gradient, as torch's rules do)."""
    np.multiply(P, decay32, T)
    np.add(G, T, G)


# --- SGD, with momentum and Nesterov ---
def _sgd_settings(group: dict, optimizer) -> dict:
    if group["dampening"] != 0:
        refuse("SGD dampening")
    return {"momentum": float(group["momentum"]), "nesterov": bool(group["nesterov"])}


def _sgd_update(flat: FlatOptimizer, P, G, T, T2, prepare_gradient):
    multiply, add, subtract = np.multiply, np.add, np.subtract
    settings = flat.settings
    decay, decay32 = settings["weight_decay"], np.array(settings["weight_decay"], F32)
    momentum, nesterov = settings["momentum"], settings["nesterov"]
    momentum32 = np.array(momentum, F32)
    buffer = flat.state.get("momentum_buffer")
    lr32 = np.array(0.0, F32)
    current = [None]  # the lr lr32 holds

    def update(lr: float) -> None:
        if lr != current[0]:
            current[0] = lr
            lr32[...] = lr
        prepare_gradient()
        if decay:
            _with_decay(P, G, T, decay32)
        if momentum:
            # torch starts the buffer as a copy of the gradient: from zeros, momentum * 0 + g
            # is exactly g.
            multiply(buffer, momentum32, buffer)
            add(buffer, G, buffer)
            if nesterov:
                multiply(buffer, momentum32, T)
                add(G, T, G)
                direction = G
            else:
                direction = buffer
        else:
            direction = G
        multiply(direction, lr32, T)
        subtract(P, T, P)

    return update


# --- Adam and AdamW ---
def _adam_settings(group: dict, optimizer) -> dict:
    beta1, beta2 = group["betas"]
    if isinstance(beta1, torch.Tensor) or isinstance(beta2, torch.Tensor):
        refuse("tensor betas")
    return {
        "beta1": float(beta1), "beta2": float(beta2), "eps": float(group["eps"]),
        "decoupled": bool(group.get("decoupled_weight_decay",
                                    type(optimizer) is torch.optim.AdamW)),
    }


def _adam_update(flat: FlatOptimizer, P, G, T, T2, prepare_gradient):
    multiply, add, subtract, divide, sqrt = np.multiply, np.add, np.subtract, np.divide, np.sqrt
    settings = flat.settings
    decay, decay32 = settings["weight_decay"], np.array(settings["weight_decay"], F32)
    beta1, beta2, eps = settings["beta1"], settings["beta2"], settings["eps"]
    decoupled = settings["decoupled"]
    exp_avg, exp_avg_sq = flat.state["exp_avg"], flat.state["exp_avg_sq"]
    one_minus_beta1 = np.array(1 - beta1, F32)
    beta2_32, one_minus_beta2 = np.array(beta2, F32), np.array(1 - beta2, F32)
    eps32 = np.array(eps, F32)
    scalar = np.array(0.0, F32)

    def update(lr: float) -> None:
        prepare_gradient()
        flat.steps_done += 1
        step = flat.steps_done
        if decay:
            if decoupled:  # AdamW: p *= 1 - lr * wd, before the moments
                multiply(P, F32(1 - lr * decay), P)
            else:
                _with_decay(P, G, T, decay32)
        # exp_avg.lerp_(g, 1 - beta1) = m + (1 - beta1) (g - m)
        subtract(G, exp_avg, T)
        multiply(T, one_minus_beta1, T)
        add(exp_avg, T, exp_avg)
        # exp_avg_sq.mul_(beta2).addcmul_(g, g, value=1 - beta2)
        multiply(exp_avg_sq, beta2_32, exp_avg_sq)
        multiply(G, one_minus_beta2, T)
        multiply(T, G, T)
        add(exp_avg_sq, T, exp_avg_sq)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        # denom = sqrt(v) / sqrt(bias_correction2) + eps; p -= step_size * m / denom
        sqrt(exp_avg_sq, T2)
        scalar[...] = bias_correction2**0.5
        divide(T2, scalar, T2)
        add(T2, eps32, T2)
        divide(exp_avg, T2, T)
        scalar[...] = step_size
        multiply(T, scalar, T)
        subtract(P, T, P)

    return update


# --- RMSprop (not centred), with momentum ---
def _rmsprop_settings(group: dict, optimizer) -> dict:
    return {"alpha": float(group["alpha"]), "eps": float(group["eps"]),
            "momentum": float(group["momentum"])}


def _rmsprop_update(flat: FlatOptimizer, P, G, T, T2, prepare_gradient):
    multiply, add, subtract, divide, sqrt = np.multiply, np.add, np.subtract, np.divide, np.sqrt
    settings = flat.settings
    decay, decay32 = settings["weight_decay"], np.array(settings["weight_decay"], F32)
    alpha, eps, momentum = settings["alpha"], settings["eps"], settings["momentum"]
    square_avg, buffer = flat.state["square_avg"], flat.state.get("momentum_buffer")
    alpha32, one_minus_alpha = np.array(alpha, F32), np.array(1 - alpha, F32)
    eps32, momentum32 = np.array(eps, F32), np.array(momentum, F32)
    lr32 = np.array(0.0, F32)
    current = [None]  # the lr lr32 holds

    def update(lr: float) -> None:
        if lr != current[0]:
            current[0] = lr
            lr32[...] = lr
        prepare_gradient()
        flat.steps_done += 1
        if decay:
            _with_decay(P, G, T, decay32)
        # square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha)
        multiply(square_avg, alpha32, square_avg)
        multiply(G, one_minus_alpha, T)
        multiply(T, G, T)
        add(square_avg, T, square_avg)
        sqrt(square_avg, T2)
        add(T2, eps32, T2)
        divide(G, T2, T)
        if momentum > 0:
            multiply(buffer, momentum32, buffer)
            add(buffer, T, buffer)
            multiply(buffer, lr32, T)
        else:
            multiply(T, lr32, T)
        subtract(P, T, P)

    return update


# --- Adagrad ---
def _adagrad_settings(group: dict, optimizer) -> dict:
    return {"eps": float(group["eps"]), "lr_decay": float(group["lr_decay"])}


def _adagrad_update(flat: FlatOptimizer, P, G, T, T2, prepare_gradient):
    multiply, add, divide, sqrt = np.multiply, np.add, np.divide, np.sqrt
    settings = flat.settings
    decay, decay32 = settings["weight_decay"], np.array(settings["weight_decay"], F32)
    eps32, lr_decay = np.array(settings["eps"], F32), settings["lr_decay"]
    sum_of_squares = flat.state["sum"]
    step_size = np.array(0.0, F32)

    def update(lr: float) -> None:
        prepare_gradient()
        flat.steps_done += 1
        if decay:
            _with_decay(P, G, T, decay32)
        # state_sum.addcmul_(g, g, value=1); std = sqrt(sum) + eps
        multiply(G, G, T)
        add(sum_of_squares, T, sum_of_squares)
        sqrt(sum_of_squares, T2)
        add(T2, eps32, T2)
        # param.addcdiv_(g, std, value=-clr): p + (-clr * g) / std
        step_size[...] = -lr / (1 + (flat.steps_done - 1) * lr_decay)
        multiply(G, step_size, T)
        divide(T, T2, T)
        add(P, T, P)

    return update


_RULES = {
    "sgd": _Rule(_sgd_settings,
                 lambda s: ["momentum_buffer"] if s["momentum"] != 0 else [],
                 _sgd_update, counts_steps=False),
    "adam": _Rule(_adam_settings, lambda s: ["exp_avg", "exp_avg_sq"], _adam_update,
                  counts_steps=True),
    "rmsprop": _Rule(_rmsprop_settings,
                     lambda s: ["square_avg"] + (["momentum_buffer"] if s["momentum"] > 0 else []),
                     _rmsprop_update, counts_steps=True),
    "adagrad": _Rule(_adagrad_settings, lambda s: ["sum"], _adagrad_update, counts_steps=True),
}
RULE_NAMES = tuple(_RULES)  # what a registry entry's fast_rule may name
