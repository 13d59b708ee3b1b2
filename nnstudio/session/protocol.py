"""What crosses the pipe between the window's process and the training process: one dataclass per
kind of message, plain data and numpy arrays only (never tensors, never Qt objects).

Commands go down (window -> training process); reports come up. An :class:`Update` carries the
progress, the epochs trained since the last one and one *part* per view that wants something
(:data:`PART_KINDS`): the training process computes only the parts of the views the window says it
shows (:class:`Show`), and each view subscribes to the part it draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, TypeVar, Union

import numpy as np

from nnstudio.core.advice import Advice
from nnstudio.core.config import RunConfig
from nnstudio.core.records import EpochMetrics, RunResult
from nnstudio.core.viz.distributions import DistributionHistory
from nnstudio.core.viz.grids import PendingGrid
from nnstudio.core.viz.landscape import Landscape, PlaneLandscape
from nnstudio.core.viz.layers import InsidePicture
from nnstudio.core.viz.network import NetworkPicture
from nnstudio.core.viz.replay import ReplayFrame


# --- commands: the window asks --------------------------------------------------------------
@dataclass(frozen=True)
class Prepare:
    """Build a fresh trainer (new data, new weights) and report :class:`Prepared`."""

    config: RunConfig


@dataclass(frozen=True)
class LoadWeights:
    """Build a trainer for ``config`` with saved weights (a loaded model)."""

    config: RunConfig
    state: dict  # name -> numpy array


@dataclass(frozen=True)
class Run:
    """Train; the current trainer goes on if only the learning rate or the epochs changed."""

    config: RunConfig


@dataclass(frozen=True)
class EvaluateTest:
    """Score the current model on the test set, once."""


@dataclass(frozen=True)
class Refresh:
    """Send the views a fresh update of the current model (no training)."""


@dataclass(frozen=True)
class Control:
    """A TrainControl request carried out at once, also mid-run (pause, resume, step, stop,
    set_speed, set_lr, queue_point_edit, clear)."""

    method: str
    args: tuple = ()


@dataclass(frozen=True)
class Show:
    """What the window shows now: the views (names of :mod:`nnstudio.core.views`) whose parts
    the training process computes, and whether the boundary is drawn in train mode (dropout on)."""

    views: frozenset[str] = frozenset()
    dropout_on: bool = False


@dataclass(frozen=True)
class PlaneInView:
    """The part of the plane the boundary view shows ((x_low, x_high), (y_low, y_high))."""

    bounds: tuple


@dataclass(frozen=True)
class InspectSample:
    """The layers view looks inside the model at validation image ``index`` (of the images the
    window was sent), its saliency for class ``target`` (None: the predicted class); or, with
    ``drawing``, at that image instead (the Draw a sample canvas as the model sees it, (c, h, w)
    uint8; ``index`` is then -1)."""

    index: int = 0
    target: Optional[int] = None
    drawing: Optional[np.ndarray] = field(default=None, compare=False)


@dataclass(frozen=True)
class UpdateShown:
    """The window has drawn the last update: the next one may come (back-pressure)."""


@dataclass(frozen=True)
class Quit:
    """Stop whatever runs and end the process."""


Command = Union[Prepare, LoadWeights, Run, EvaluateTest, Refresh, Control, Show, PlaneInView,
                InspectSample, UpdateShown, Quit]
# Carried out at once by the process's listening thread (the others wait their turn).
AT_ONCE = (Control, Show, PlaneInView, InspectSample, UpdateShown)


# --- the model and the data, as the window keeps them ----------------------------------------
@dataclass
class ModelState:
    """The model as the window keeps a copy of it: what a checkpoint holds, the weights as numpy."""

    config: RunConfig
    task: str
    input_shape: tuple[int, ...]
    n_outputs: int
    epoch: int
    state: dict[str, np.ndarray]
    dataset_name: str = ""
    normalise: Optional[tuple[float, float]] = None  # (mean, std) of uint8 image sets
    path: str = "eager"  # the Trainer's path: "fast" or "eager"
    device: str = "cpu"
    n_params: int = 0
    preprocessing: Optional[dict] = None  # Preprocessing.to_json(): saved with the model


@dataclass
class RunInfo:
    """What the window shows of a prepared run before its first epoch."""

    task: str
    n_params: int
    device: str
    sizes: dict[str, int]
    n_classes: int
    class_names: list[str]
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray
    bounds: tuple[tuple[float, float], ...]
    landscape: Optional[Landscape] = None  # for one-neuron regression models
    landscape_possible: bool = False  # (w, b) models, and small non-image models (random plane)
    class_counts: list[int] = field(default_factory=list)  # training samples per class
    model: Optional[ModelState] = None  # None when the model could not be built for these data
    task_reason: str = ""  # why the task is what it is, when inferred from the data (CSV)

    @property
    def kind(self) -> str:
        """The data's kind for the views: "points" (2D classes), "curve" (1D regression),
        "images", or "table" (anything else)."""
        if self.train_x.ndim == 4:
            return "images"
        width = self.train_x.shape[1] if self.train_x.ndim == 2 else 0
        if width == 2 and self.task != "regression":
            return "points"
        if width == 1 and self.task == "regression":
            return "curve"
        return "table"


# --- parts of an update: one per thing a view draws -------------------------------------------
@dataclass
class BoundaryGrid:
    """Class probabilities over the data's part of the plane (the decision boundary)."""

    x: np.ndarray
    y: np.ndarray
    probabilities: np.ndarray

    def as_tuple(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.x, self.y, self.probabilities


@dataclass
class PendingBoundary:
    """Instead of a BoundaryGrid: the weights to compute it from (a plain MLP on the CPU); the
    window's process computes it (see :class:`nnstudio.session.link.TrainingLink`)."""

    pending: PendingGrid


@dataclass
class OuterGrid(BoundaryGrid):
    """The same, coarser, over the rest of the plane in view."""


@dataclass
class PendingOuter:
    """Instead of an OuterGrid: the same weights as the PendingBoundary's, on the coarser grid
    over the plane in view (both grids then show one model: no seam where they meet)."""

    pending: PendingGrid


@dataclass
class FitCurve:
    """A 1D regression's fitted curve."""

    x: np.ndarray
    y: np.ndarray


@dataclass
class ImagePredictions:
    """Predicted class and confidence for the validation images the window was sent."""

    predicted: np.ndarray
    confidence: np.ndarray


@dataclass
class WeightStats:
    """Per-layer weight histograms and gradient sizes (the weights view)."""

    layers: list
    gradients: Optional[np.ndarray] = None
    epoch: int = 0  # the epoch the gradient sizes belong to


@dataclass
class WeightDistributions:
    """Every weight layer's histograms of weights and gradients at recorded epochs (the weights
    over time view)."""

    history: DistributionHistory


@dataclass
class LandscapePath:
    """The optimiser's path on the loss landscape, one row per epoch from the start."""

    points: np.ndarray


@dataclass
class LandscapePlane:
    """The loss over a plane of random directions (models other than ŷ = w·x + b)."""

    landscape: PlaneLandscape


@dataclass
class NetworkState:
    """Weights and each neuron's output over the plane (the network view)."""

    picture: NetworkPicture


@dataclass
class LayerOutputs:
    """Inside the model, for the validation image the layers view looks at: every layer's
    output, the first filters and the saliency (core/viz/layers.py)."""

    picture: InsidePicture


@dataclass
class ModelWeights:
    """The model itself (save, predict, draw a sample)."""

    state: ModelState


@dataclass
class TrainPoints:
    """The training points after click-to-teach changed them."""

    x: np.ndarray
    y: np.ndarray


@dataclass
class ReplayNews:
    """Replay frames recorded since the last update; whether this update's grid or curve is one
    more frame (the window makes it itself); the epochs the replay keeps now."""

    frames: list[ReplayFrame] = field(default_factory=list)
    this_update: bool = False
    kept: tuple[int, ...] = ()


Part = Union[BoundaryGrid, PendingBoundary, OuterGrid, PendingOuter, FitCurve, ImagePredictions, WeightStats,
             WeightDistributions, LandscapePath, LandscapePlane, NetworkState, ModelWeights, TrainPoints,
             ReplayNews, LayerOutputs]
PART_KINDS = (BoundaryGrid, PendingBoundary, OuterGrid, PendingOuter, FitCurve, ImagePredictions, WeightStats,
              WeightDistributions, LandscapePath, LandscapePlane, NetworkState, ModelWeights, TrainPoints,
              ReplayNews, LayerOutputs)
P = TypeVar("P")


@dataclass
class Progress:
    """Where the run is."""

    epoch: int
    total_epochs: int
    step: int = 0
    steps_per_epoch: int = 1
    samples_per_s: float = 0.0
    lr: float = 0.0
    best_epoch: Optional[int] = None


@dataclass
class Update:
    """What the views redraw: throttled to at most ~30 a second whatever the epoch rate."""

    progress: Progress
    new_epochs: list[EpochMetrics] = field(default_factory=list)
    parts: dict[type, object] = field(default_factory=dict)

    def part(self, kind: type[P]) -> Optional[P]:
        """The part of ``kind`` this update carries, or None."""
        return self.parts.get(kind)  # type: ignore[return-value]

    def add(self, part: object) -> None:
        self.parts[type(part)] = part

    def drop(self, kind: type) -> None:
        self.parts.pop(kind, None)


# --- reports: the training process tells ------------------------------------------------------
@dataclass
class Prepared:
    """A trainer was (re)built: new data, new weights."""

    info: RunInfo


@dataclass
class StepEnded:
    """A single-epoch step ended; the run is now paused."""


@dataclass
class TestEvaluated:
    """The test set's score: test_loss, test_acc (classes) and the epoch."""

    result: dict


@dataclass
class RunFinished:
    """How a run ended, and what became of its record in the history."""

    result: RunResult
    run_id: Optional[int] = None
    problem: Optional[str] = None  # why the run was not (fully) recorded


@dataclass
class Failed:
    """Something the user should read (a bad setting, a model that cannot be built...)."""

    message: str


@dataclass
class Advised:
    """Before a run's first step: what its settings will probably make fail (core/advice.py),
    each with its fix; empty when nothing will."""

    advice: list[Advice]


@dataclass
class CoreTaken:
    """A one-thread run keeps to ``cpu`` (None: the run ended); the window keeps off it."""

    cpu: Optional[int]


Report = Union[Prepared, Update, StepEnded, TestEvaluated, RunFinished, Failed, Advised, CoreTaken]
