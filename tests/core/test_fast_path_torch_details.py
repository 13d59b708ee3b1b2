"""The private details of torch the fast path relies on, each pinned here: a torch release that
changes one fails a test instead of the fast path silently computing something else.

The fast path reads and writes the optimiser's state through its public ``state_dict``; what it
cannot see through public API are hooks (module, global module, optimiser and global optimiser
hooks, read from torch's private registries), a replaced ``optimizer.step`` (an LR scheduler's
wrapper is marked ``_wrapped_by_lr_sched``), the flag LR schedulers check to see that the
optimiser stepped (``_opt_called``), and that the tensors ``state_dict()`` returns are the
optimiser's own (the fast path writes into them).
"""

import copy
import warnings

import numpy as np
import pytest
import torch
from torch import nn
from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

from nnstudio.core.config import parse_config
from nnstudio.core.models.fast_forward import has_hooks
from nnstudio.core.registries import OPTIMIZERS
from nnstudio.core.train import Trainer, fast_path
from nnstudio.core.train.fast_optimizers import RULE_NAMES, FlatOptimizer, mark_stepped

FAST = [name for name, entry in OPTIMIZERS.items() if entry.fast_rule]


def trainer_for(optimizer="adam", **train):
    return Trainer(parse_config({
        "data": {"dataset": "moons", "n_samples": 60},
        "model": {"preset": "mlp", "hidden": [4]},
        "train": {"optimizer": optimizer, "lr": 0.01, "batch_size": 16, "epochs": 3, **train},
    }))


def nothing(*args, **kwargs):
    return None


def test_every_fast_rule_the_registry_names_exists_and_trains_on_the_fast_path():
    for name in FAST:
        assert OPTIMIZERS[name].fast_rule in RULE_NAMES
        assert trainer_for(name).path == "fast", name


def test_an_optimizer_without_an_update_rule_trains_eagerly_and_says_why():
    trainer = trainer_for()
    trainer.optimizer = torch.optim.Adamax(trainer.model.parameters(), lr=0.01)
    assert trainer.path == "eager" and trainer.path_reason == "optimiser Adamax"


MODULE_HOOKS = {
    "forward": lambda module: module.register_forward_hook(nothing),
    "forward pre": lambda module: module.register_forward_pre_hook(nothing),
    "full backward": lambda module: module.register_full_backward_hook(nothing),
    "full backward pre": lambda module: module.register_full_backward_pre_hook(nothing),
    "state dict": lambda module: module._register_state_dict_hook(nothing),
    "load state dict pre": lambda module: module._register_load_state_dict_pre_hook(nothing),
}


@pytest.mark.parametrize("kind", MODULE_HOOKS)
def test_each_kind_of_module_hook_is_seen(kind):
    layer = nn.Linear(2, 3)
    assert not has_hooks(layer)
    handle = MODULE_HOOKS[kind](layer)
    assert has_hooks(layer)
    handle.remove()
    assert not has_hooks(layer)


def test_a_model_with_a_hook_trains_eagerly_and_the_hook_runs():
    trainer = trainer_for()
    calls = []
    trainer.model[0].register_forward_hook(lambda *args: calls.append(1))
    assert trainer.path == "eager" and "hooks" in trainer.path_reason
    trainer.fit(epochs=1)
    assert calls


GLOBAL_MODULE_HOOKS = ["register_module_forward_hook", "register_module_forward_pre_hook",
                       "register_module_full_backward_hook",
                       "register_module_full_backward_pre_hook"]


@pytest.mark.parametrize("register", GLOBAL_MODULE_HOOKS)
def test_each_kind_of_global_module_hook_sends_training_to_the_eager_path(register):
    handle = getattr(torch.nn.modules.module, register)(nothing)
    try:
        trainer = trainer_for()
        assert trainer.path == "eager" and trainer.path_reason == "the model has hooks"
    finally:
        handle.remove()
    assert trainer_for().path == "fast"


OPTIMIZER_HOOKS = {
    "step pre": lambda optimizer: optimizer.register_step_pre_hook(nothing),
    "step post": lambda optimizer: optimizer.register_step_post_hook(nothing),
    "global step pre": lambda optimizer: register_optimizer_step_pre_hook(nothing),
    "global step post": lambda optimizer: register_optimizer_step_post_hook(nothing),
}


@pytest.mark.parametrize("kind", OPTIMIZER_HOOKS)
def test_each_kind_of_optimizer_hook_sends_training_to_the_eager_path(kind):
    trainer = trainer_for()
    handle = OPTIMIZER_HOOKS[kind](trainer.optimizer)
    try:
        assert trainer.path == "eager" and trainer.path_reason == "optimiser hooks"
    finally:
        handle.remove()
    assert trainer_for().path == "fast"


def test_a_replaced_step_is_refused_and_an_lr_schedulers_wrapper_is_not():
    trainer = trainer_for()
    trainer.optimizer.step = nothing
    assert trainer.path == "eager" and trainer.path_reason == "a replaced optimizer.step"
    scheduled = trainer_for(schedule="step", step_size=1)
    scheduled.fit(epochs=1)  # the scheduler wraps optimizer.step
    assert "step" in vars(scheduled.optimizer)
    assert isinstance(fast_path.prepare(scheduled), fast_path.FastPath)


def test_marking_the_optimizer_stepped_is_what_lr_schedulers_check():
    def scheduler_warnings(mark):
        optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(2))], lr=0.1)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
        if mark:
            mark_stepped(optimizer)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scheduler.step()
        return [w for w in caught if "optimizer.step()" in str(w.message)]

    assert scheduler_warnings(mark=False)  # what the fast path would cause without the flag
    assert not scheduler_warnings(mark=True)


def test_a_scheduled_run_on_the_fast_path_raises_no_scheduler_warning():
    trainer = trainer_for(schedule="step", step_size=1)
    assert trainer.path == "fast"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trainer.fit()
    assert not [w for w in caught if "lr_scheduler" in str(w.message)]
    assert trainer.history.column("lr").tolist() == pytest.approx([0.01, 0.005, 0.0025])


@pytest.mark.parametrize("name", FAST)
def test_the_state_dict_holds_the_optimizers_own_tensors_under_the_names_the_rules_use(name):
    trainer = trainer_for(name, momentum=0.5)
    trainer.use_fast_path = False
    trainer.fit(epochs=1)  # torch makes its state at the first eager step
    optimizer = trainer.optimizer
    state = optimizer.state_dict()["state"]
    flat = FlatOptimizer(optimizer, 1)
    names = set(flat.state) | ({"step"} if flat.rule.counts_steps else set())
    n_params = len(list(trainer.model.parameters()))
    assert sorted(state) == (list(range(n_params)) if names else [])
    assert all(set(tensors) == names for tensors in state.values())
    before = copy.deepcopy(state)
    for tensors in state.values():
        for tensor in tensors.values():
            tensor.add_(1.0)  # in place, as the fast path writes back
    after = optimizer.state_dict()["state"]
    for index, tensors in before.items():
        for key, tensor in tensors.items():
            np.testing.assert_allclose(after[index][key].numpy(), tensor.numpy() + 1.0)
