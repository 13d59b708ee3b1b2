"""The Trainer: the epoch loop. It knows nothing of threads or widgets.

It takes a RunConfig (and optionally a ready Dataset), trains on in-memory tensors placed on the
device once, reports through callbacks with plain data, and honours a TrainControl between steps.

Small dense networks on the CPU train on the fast path (``fast_path.py``: the same numbers,
computed in numpy without per-call overhead); everything else, or everything when
``use_fast_path`` is False (``NNSTUDIO_FAST_PATH=0``), on the eager PyTorch loop here.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np
import torch

from nnstudio.core.config import RunConfig
from nnstudio.core.data import Dataset, Part, load_dataset
from nnstudio.core.data.augment import check_augmentation, make_augmentation
from nnstudio.core.data.features import make_features
from nnstudio.core.device import resolve_device
from nnstudio.core.errors import NNStudioError
from nnstudio.core.data.preprocessing import Preprocessing, scales_target, target_statistics
from nnstudio.core.models import count_parameters, loss_function, model_for
from nnstudio.core.models.predict import EVAL_CHUNK, predict
from nnstudio.core.records import Callback, RunResult
from nnstudio.core.registries import OPTIMIZERS
from nnstudio.core.train.control import TrainControl
from nnstudio.core.train import fast_path
from nnstudio.core.train.convergence import assess
from nnstudio.core.train.early_stopping import EarlyStopping
from nnstudio.core.train.least_squares import check_solvable, solve_least_squares
from nnstudio.core.train.mid_epoch import MidEpochValidation, validates_within_epochs
from nnstudio.core.train.precision import choose_precision, grad_scaler
from nnstudio.core.train.history import EpochMetrics, History
from nnstudio.core.train.schedulers import LRSchedule, make_optimizer
from nnstudio.core.train.teaching import PointEdit, apply_point_edits

class TestSetAlreadyUsed(NNStudioError):
    """The test set was already evaluated for this model: it must not steer choices."""

    __test__ = False  # not a pytest test class, despite the name


@dataclass
class _DevicePart:
    x: torch.Tensor
    y: torch.Tensor

    def __len__(self) -> int:
        return int(self.x.shape[0])


class Trainer:
    def __init__(
        self,
        config: RunConfig,
        dataset: Optional[Dataset] = None,
        callbacks: Iterable[Callback] = (),
        control: Optional[TrainControl] = None,
    ) -> None:
        self.config = config
        self.dataset = dataset if dataset is not None else load_dataset(config.data)
        if self.dataset.is_image:
            check_augmentation(config.train.augment, self.dataset.name)
        self.task = self.dataset.task
        self.device = resolve_device(config.train.device)
        self.control = control or TrainControl()
        self.user_callbacks = list(callbacks)
        self.train_part = self._to_device(self.dataset.train)
        self.val_part = self._to_device(self.dataset.val)
        self.data_version = 0  # counts changes of the training points (click to teach)
        # False forces the eager path (tests, benchmarks); the fast path computes the same.
        self.use_fast_path = fast_path.enabled_by_default()
        self.reset()

    # --- set-up ---
    def _to_device(self, part: Part) -> _DevicePart:
        return _DevicePart(part.x.to(self.device), part.y.to(self.device))

    def reset(self) -> None:
        """Fresh weights (from the seed), optimiser, schedule and history."""
        train = self.config.train
        torch.manual_seed(train.seed)
        self.model = model_for(
            self.config, self.dataset.input_shape, self.dataset.n_outputs, self.task
        ).to(self.device)
        # A standardised target: the network learns it in standard units (its last layer maps
        # back) and minimises the loss in them, MSE / std², while every loss shown is raw MSE.
        self.objective_scale: Optional[float] = None
        if scales_target(self.config.data, self.task):
            mean, std = target_statistics(self.dataset.train.y)
            self.model[-1].set_statistics(mean, std)
            self.objective_scale = 1.0 / float(std[0]) ** 2
        self.loss_fn = loss_function(self.task)
        self.exact = OPTIMIZERS[train.optimizer].exact  # least squares: solved in one epoch
        if self.exact:
            check_solvable(self.model, self.task)
        self.optimizer = make_optimizer(train, self.model.parameters())
        # float16 products where that is safe and pays: image models on CUDA (precision.py)
        self.precision = choose_precision(self.device, self.dataset, self.model)
        self._scaler = grad_scaler() if self.precision.mixed else None
        self.early_stopping = (
            EarlyStopping(train.patience, train.min_delta, train.restore_best)
            if train.early_stopping
            else None
        )
        builtin: list[Callback] = [LRSchedule(train)]
        if self.early_stopping:
            builtin.append(self.early_stopping)
        self._mid_validation = (
            MidEpochValidation(train.val_every_steps, self.config.data.seed)
            if validates_within_epochs(train.val_every_steps, len(self.train_part), len(self.val_part))
            else None)
        if self._mid_validation is not None:
            builtin.append(self._mid_validation)
        self.callbacks = builtin + self.user_callbacks
        self.shuffle_generator = torch.Generator().manual_seed(train.seed)
        self._l1_weights = [p for p in self.model.parameters() if p.dim() > 1]
        self.epoch = 0
        self.model_epoch = 0  # the epoch whose weights the model holds (see EarlyStopping)
        self.history = History()
        self.test_result: Optional[dict[str, Optional[float]]] = None
        self._stop: Optional[tuple[str, str]] = None
        self.n_params = count_parameters(self.model)
        self._fast: fast_path.FastPath | fast_path.Refused | None = None
        self._last_epoch_path: Optional[fast_path.FastPath] = None  # the fast path, if it ran the last epoch

    def add_callback(self, callback: Callback) -> None:
        self.user_callbacks.append(callback)
        self.callbacks.append(callback)

    @property
    def preprocessing(self) -> Preprocessing:
        """What the model needs to be applied to new rows (saved with it)."""
        return Preprocessing.of(self.dataset, self.model)

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    def set_lr(self, lr: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr

    @property
    def batch_size(self) -> int:
        size = self.config.train.batch_size
        n = len(self.train_part)
        return n if size == "full" or self.exact else min(int(size), n)

    @property
    def total_epochs(self) -> int:
        """The epochs a whole run trains: the config's, or one for an exact solution."""
        return 1 if self.exact else self.config.train.epochs

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(len(self.train_part) / self.batch_size)

    @property
    def finished(self) -> bool:
        """True when the configured number of epochs is done or the run cannot go on."""
        return self.epoch >= self.total_epochs or (
            self._stop is not None and self._stop[0] in ("diverged", "early_stopped")
        )

    @property
    def path(self) -> str:
        """``"fast"`` when the next epoch runs on the fast path, else ``"eager"``."""
        return "fast" if self._fast_path() is not None else "eager"

    @property
    def path_reason(self) -> str:
        """Why the run takes the path it takes (for logs and the curious)."""
        if self.exact:
            return "least squares, solved exactly"
        if not self.use_fast_path:
            return "fast path switched off"
        self._fast_path()
        return self._fast.reason

    def _fast_path(self) -> Optional[fast_path.FastPath]:
        if not self.use_fast_path or self.exact:
            return None
        fast = self._fast
        if fast is None or not fast.applies(self):
            fast = self._fast = fast_path.prepare(self)
        return fast if fast.active else None

    def request_stop(self, kind: str = "stopped", reason: str = "stopped by the user") -> None:
        """Ask the loop to stop after the current epoch (callbacks use this)."""
        if self._stop is None:
            self._stop = (kind, reason)

    # --- the loop ---
    def fit(self, epochs: Optional[int] = None) -> RunResult:
        """Train up to ``epochs`` epochs in total (default: the config's), continuing if resumed."""
        with fast_path.torch_threads(self):
            return self._fit(epochs)

    def _fit(self, epochs: Optional[int]) -> RunResult:
        target = self.total_epochs if epochs is None else min(epochs, self.total_epochs)
        if self._stop is None or self._stop[0] == "stopped":
            self._stop = None
        for callback in self.callbacks:
            callback.on_run_start(self)
        while self._stop is None and self.epoch < target:
            if not self.control.wait_for_epoch():
                self.request_stop()
                break
            self.train_epoch()
        done = "solved exactly by least squares" if self.exact else f"completed {self.epoch} epochs"
        kind, reason = self._stop or ("completed", done)
        if self._stop is None and self.control.stop_requested:
            kind, reason = "stopped", "stopped by the user"
        result = RunResult(
            stop_kind=kind,
            stop_reason=reason,
            epochs_run=self.epoch,
            best_epoch=self.history.best_epoch,
            best=self.history.best,
            final=self.history.last,
            device=str(self.device),
            n_params=self.n_params,
            test=self.test_result,
        )
        if kind == "completed" and self.epoch >= self.total_epochs:
            result.convergence = assess(self.history)
        for callback in self.callbacks:
            callback.on_run_end(self, result)
        return result

    def train_epoch(self) -> Optional[EpochMetrics]:
        """One pass over the training data. Returns None if stopped mid-epoch or diverged."""
        edits = self.control.take_point_edits()
        if edits:
            self.apply_point_edits(edits)
        n, batch, steps = len(self.train_part), self.batch_size, self.steps_per_epoch
        classify = self.task != "regression"
        step_hooks = [  # (every, hook): called after every every-th step
            (getattr(callback, "step_every", 1), callback.on_step_end)
            for callback in self.callbacks
            if getattr(type(callback), "on_step_end", Callback.on_step_end)
            is not Callback.on_step_end and getattr(callback, "step_every", 1) in range(1, max(steps, 2))
        ]
        fast = self._fast_path()
        self.model.train()
        start = time.perf_counter()
        self._last_epoch_path = None if self.exact else fast
        if self.exact:
            outcome = self._exact_epoch()
        elif fast is not None:
            outcome = fast.train_epoch(self, step_hooks)
        else:
            outcome = self._eager_epoch(step_hooks)
        if outcome is None:
            return None
        step_losses, correct = outcome
        val_points, validating_seconds = (self._mid_validation.take() if self._mid_validation
                                          else (np.zeros((0, 3)), 0.0))
        train_seconds = time.perf_counter() - start - validating_seconds
        self.epoch += 1
        if not np.isfinite(step_losses).all():
            return self._diverged(int(np.argmin(np.isfinite(step_losses))) + 1)
        sizes = np.full(steps, batch, dtype=np.float64)
        sizes[-1] = n - batch * (steps - 1)
        train_loss = float((step_losses.astype(np.float64) * sizes).sum() / n)
        val_loss, val_acc = self.evaluate(self.val_part) if len(self.val_part) else (None, None)
        if val_loss is not None and not math.isfinite(val_loss):
            return self._diverged(steps)
        metrics = EpochMetrics(
            epoch=self.epoch,
            train_loss=train_loss,
            val_loss=val_loss,
            train_acc=correct / n if classify else None,
            val_acc=val_acc,
            lr=self.lr,
            seconds=time.perf_counter() - start,
            samples_per_s=n / max(train_seconds, 1e-9),
            steps=steps,
            step_losses=step_losses,
            ended_at=time.monotonic(),
            val_points=val_points,
        )
        self.history.append(metrics)
        self.model_epoch = self.epoch
        # Before the callbacks: a step asked for while they run (they may take a while: a view's
        # pictures) runs the next epoch instead of being taken as ended without a word.
        self.control.epoch_ended()
        for callback in self.callbacks:
            callback.on_epoch_end(self, metrics)
        return metrics

    def _eager_epoch(self, step_hooks) -> Optional[tuple[np.ndarray, int]]:
        """The steps of one epoch in eager PyTorch: (per-step losses, number of correct
        predictions), or None when stopped between steps."""
        model, optimizer, loss_fn, control = self.model, self.optimizer, self.loss_fn, self.control
        data = self.train_part
        n, batch, steps = len(data), self.batch_size, self.steps_per_epoch
        classify = self.task != "regression"
        l1 = self.config.train.l1
        clip = self.config.train.grad_clip
        transform = self.batch_transform(train=True)
        scaler = self._scaler
        order = None
        if steps > 1:
            order = torch.randperm(n, generator=self.shuffle_generator).to(self.device)
        losses = torch.zeros(steps, device=self.device)
        correct = torch.zeros((), dtype=torch.int64, device=self.device)
        for step in range(steps):
            if step and not control.wait():
                self.request_stop()
                return None
            new_lr = control.take_lr()
            if new_lr is not None:
                self.set_lr(new_lr)
            if order is None:
                x, y = data.x, data.y
            else:
                index = order[step * batch : (step + 1) * batch]
                x, y = data.x[index], data.y[index]
            if transform is not None:
                x = transform(x)
            if scaler is None:
                output = model(x)
                loss = loss_fn(output, y)
            else:
                with torch.autocast("cuda", dtype=torch.float16):
                    output = model(x)
                    loss = loss_fn(output, y)
            objective = loss if self.objective_scale is None else loss * self.objective_scale
            if l1:
                objective = objective + l1 * sum(weight.abs().sum() for weight in self._l1_weights)
            optimizer.zero_grad(set_to_none=True)
            if scaler is None:
                objective.backward()
                if clip:
                    torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
                optimizer.step()
            else:
                self._scaled_step(objective, clip)
            losses[step] = loss.detach()
            if classify:
                correct += (_predicted_class(output) == y).sum()
            for every, hook in step_hooks:
                if (step + 1) % every == 0:
                    hook(self, step, steps)
        return losses.cpu().numpy(), int(correct.item())

    def _scaled_step(self, objective: torch.Tensor, clip: float) -> None:
        """Backward pass and step in mixed precision: the loss is scaled up so small gradients
        survive float16, and the gradients scaled back before clipping and the step (a step
        whose gradients overflowed is skipped and the scale lowered)."""
        scaler = self._scaler
        scaler.scale(objective).backward()
        if clip:
            scaler.unscale_(self.optimizer)
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), clip)
        scaler.step(self.optimizer)
        scaler.update()

    def _exact_epoch(self) -> tuple[np.ndarray, int]:
        """Least squares: the best weights in one step; the epoch's loss is theirs."""
        solve_least_squares(self.model, self.train_part.x, self.train_part.y)
        loss, _ = self.evaluate(self.train_part)
        return np.array([loss], dtype=np.float32), 0

    def last_step_gradients(self) -> list[Optional[np.ndarray]]:
        """The gradient of each weight matrix or kernel (input side first, as
        ``viz.weights.weight_layers`` lists them) at the last training step, as the optimiser
        applied it; None for a layer without one (before the first step). Copies, on the CPU."""
        fast = self._last_epoch_path
        if fast is not None and fast is self._fast:
            return [np.array(gradient) for gradient in fast.last_weight_gradients()]
        return [None if weight.grad is None else weight.grad.detach().float().cpu().numpy()
                for weight in self._l1_weights]

    def apply_point_edits(self, edits: list[PointEdit]) -> None:
        """Add or remove training points of a 2D classifier (click to teach); the validation
        and test splits stay as they are. New tensors, so the fast path rebuilds its copy."""
        dataset = self.dataset
        points = dataset.points("train")
        if self.task == "regression" or tuple(points.shape[1:]) != (2,):
            raise NNStudioError("points can only be added to 2D classification data")
        new_points, labels = apply_point_edits(
            points.numpy(), dataset.train.y.numpy(), edits, dataset.n_classes
        )
        if len(labels) == len(dataset.train) and np.array_equal(new_points, points.numpy()):
            return
        plane = torch.from_numpy(new_points)
        inputs = (torch.from_numpy(make_features(new_points, dataset.input_features))
                  if dataset.input_features else plane)
        dataset.train = Part(inputs, torch.from_numpy(labels))
        if dataset.plane_points is not None:
            dataset.plane_points = (plane, *dataset.plane_points[1:])
        self.train_part = self._to_device(dataset.train)
        self.data_version += 1

    def _diverged(self, step: int) -> None:
        self.request_stop(
            "diverged",
            f"loss diverged at epoch {self.epoch} step {step}; try a smaller learning rate",
        )
        return None

    def batch_transform(self, train: bool = False):
        """For uint8 image sets: scale to [0, 1] and normalise, per batch, on the device. With
        ``train``, the training batches are first augmented as ``train.augment`` asks (never
        the batches that are evaluated or predicted)."""
        if self.train_part.x.dtype != torch.uint8:
            return None
        mean = self.dataset.mean if self.dataset.mean is not None else 0.0
        std = self.dataset.std if self.dataset.std is not None else 1.0
        augment = make_augmentation(self.config.train.augment) if train else None

        def normalise(x: torch.Tensor) -> torch.Tensor:
            if augment is not None:
                x = augment(x)
            return (x.float() / 255.0 - mean) / std

        return normalise

    # --- evaluation ---
    @torch.no_grad()
    def evaluate(self, part: _DevicePart) -> tuple[float, Optional[float]]:
        """Mean loss and accuracy (None for regression) in eval mode."""
        fast = self._fast_path()
        if fast is not None and fast.accepts_part(part):
            return fast.evaluate(part, EVAL_CHUNK)
        was_training = self.model.training
        self.model.eval()
        transform = self.batch_transform()
        total_loss = torch.zeros((), dtype=torch.float64, device=self.device)
        correct = torch.zeros((), dtype=torch.int64, device=self.device)
        n = len(part)
        for start in range(0, n, EVAL_CHUNK):
            x, y = part.x[start : start + EVAL_CHUNK], part.y[start : start + EVAL_CHUNK]
            if transform is not None:
                x = transform(x)
            output = self.model(x)
            total_loss += self.loss_fn(output, y).double() * len(x)
            if self.task != "regression":
                correct += (_predicted_class(output) == y).sum()
        self.model.train(was_training)
        accuracy = float(correct.item()) / n if self.task != "regression" else None
        return float(total_loss.item()) / n, accuracy

    def evaluate_on(self, part: Part) -> tuple[float, Optional[float]]:
        """Mean loss and accuracy of a split of the data (e.g. ``dataset.val``), in eval mode."""
        return self.evaluate(self._to_device(part))

    def evaluate_test(self, force: bool = False) -> dict[str, Optional[float]]:
        """Evaluate the test set, once. It must not steer choices, so a second call is refused."""
        if self.test_result is not None and not force:
            raise TestSetAlreadyUsed(
                "the test set was already evaluated for this model; using it again to choose "
                "settings would make it a second validation set"
            )
        if len(self.dataset.test) == 0:
            raise NNStudioError("there is no test set (data.test_fraction is 0)")
        loss, accuracy = self.evaluate(self._to_device(self.dataset.test))
        self.test_result = {"test_loss": loss, "test_acc": accuracy, "epoch": self.model_epoch}
        return self.test_result

    @torch.no_grad()
    def predict(self, x: np.ndarray) -> np.ndarray:
        """Model outputs for raw inputs, in eval mode: values for regression, class
        probabilities (n, k) for classification (two columns for two classes)."""
        return predict(self.model, x, self.task, self.device, self.batch_transform())


def _predicted_class(output: torch.Tensor) -> torch.Tensor:
    if output.shape[-1] == 1:
        return (output.squeeze(-1) > 0).long()
    return output.argmax(dim=1)
