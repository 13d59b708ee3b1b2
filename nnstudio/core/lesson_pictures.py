"""Lesson metrics read from pictures and from runs beyond one: the decision boundary, the
network diagram, images, the test set and checkpoints, the capacity sweep, K-fold and other
data seeds. Registered in ``lesson_metrics`` (which imports this module)."""

from __future__ import annotations

import copy
import math
import tempfile
from pathlib import Path

import numpy as np
import torch

from nnstudio.core.data.augment import make_augmentation
from nnstudio.core.data.features import make_features
from nnstudio.core.errors import ConfigError
from nnstudio.core.lesson_metrics import curve_turns, fitted_curve, metric
from nnstudio.core.registries.datasets import DATASETS, POINTS_2D
from nnstudio.core.store.checkpoint import load_checkpoint, save_checkpoint
from nnstudio.core.train.trainer import TestSetAlreadyUsed, predict
from nnstudio.core.viz.grids import boundary_grid
from nnstudio.core.viz.network import network_picture

NOISE_FREE_POINTS = 2_000
LINES_ACROSS = 9  # horizontal lines across the plane on which corners are looked for
POINTS_PER_LINE = 401


# --- the decision boundary over the plane -------------------------------------------------------
def _plane(run):
    if not run.dataset.on_plane or run.dataset.task == "regression":
        raise ConfigError("this metric needs a classifier of 2D points (a decision boundary)")
    return run.grid


def boundary_cells(classes: np.ndarray) -> np.ndarray:
    """Cells with a right or lower neighbour of another class, and those neighbours."""
    edge = np.zeros(classes.shape, dtype=bool)
    across = classes[:, 1:] != classes[:, :-1]
    down = classes[1:, :] != classes[:-1, :]
    edge[:, 1:] |= across
    edge[:, :-1] |= across
    edge[1:, :] |= down
    edge[:-1, :] |= down
    return edge


def is_closed(classes: np.ndarray, row: int, column: int) -> bool:
    """True if the region of cell (row, column)'s class around it does not reach the edge."""
    region = classes == classes[row, column]
    reached = np.zeros(classes.shape, dtype=bool)
    reached[row, column] = True
    while True:
        grown = reached.copy()
        grown[1:, :] |= reached[:-1, :]
        grown[:-1, :] |= reached[1:, :]
        grown[:, 1:] |= reached[:, :-1]
        grown[:, :-1] |= reached[:, 1:]
        grown &= region
        if (grown == reached).all():
            break
        reached = grown
    edge = reached[0] | reached[-1]
    return not (edge.any() or reached[:, 0].any() or reached[:, -1].any())


def _centre(x: np.ndarray, y: np.ndarray) -> tuple[int, int]:
    return int(np.argmin(np.abs(y))), int(np.argmin(np.abs(x)))


@metric("grid_classes")
def _grid_classes(source, spec):
    classes = _plane(source.train()).predicted_class
    shares = np.bincount(classes.ravel()) / classes.size
    return float(np.sum(shares >= 0.01))


@metric("boundary_length")
def _boundary_length(source, spec):
    classes = _plane(source.train()).predicted_class
    across = np.sum(classes[:, 1:] != classes[:, :-1]) + np.sum(classes[1:, :] != classes[:-1, :])
    return float(across / classes.shape[0])


@metric("boundary_confidence")
def _boundary_confidence(source, spec):
    grid = _plane(source.train())
    edge = boundary_cells(grid.predicted_class)
    return float(grid.confidence[edge].mean()) if edge.any() else math.nan


@metric("boundary_top_two")
def _boundary_top_two(source, spec):
    grid = _plane(source.train())
    edge = boundary_cells(grid.predicted_class)
    top_two = np.sort(grid.probabilities, axis=-1)[..., -2:].sum(axis=-1)
    return float(top_two[edge].mean()) if edge.any() else math.nan


@metric("point_confidence")
def _point_confidence(source, spec):
    run = source.train()
    _plane(run)
    return float(np.median(run.trainer.predict(run.dataset.train.x.numpy()).max(axis=1)))


@metric("closed_region")
def _closed_region(source, spec):
    grid = _plane(source.train())
    return float(is_closed(grid.predicted_class, *_centre(grid.x, grid.y)))


@metric("corner_share")
def _corner_share(source, spec):
    run = source.train()
    _plane(run)
    (x_low, x_high), (y_low, y_high) = run.dataset.bounds()
    x = np.linspace(x_low, x_high, POINTS_PER_LINE)
    model = copy.deepcopy(run.trainer.model).cpu().double().eval()
    bends = []
    for y in np.linspace(y_low, y_high, LINES_ACROSS + 2)[1:-1]:
        points = np.stack([x, np.full_like(x, y)], axis=1)
        if run.dataset.input_features:
            points = make_features(points, run.dataset.input_features)
        with torch.no_grad():
            output = model(torch.from_numpy(np.asarray(points, dtype=np.float64))).numpy()
        slope = np.abs(np.diff(output, axis=0)).max()
        bend = np.abs(np.diff(output, n=2, axis=0)).max(axis=1) > 1e-7 * max(slope, 1e-12)
        bends.append(bend)
    return float(np.mean(np.concatenate(bends)))


@metric("noise_free_accuracy")
def _noise_free_accuracy(source, spec):
    run = source.train()
    data = source.config.data
    entry = DATASETS[data.dataset]
    if entry.kind is not POINTS_2D or entry.generator is None:
        raise ConfigError("noise_free_accuracy needs a synthetic 2D classification set")
    n_classes = entry.classes or data.n_classes
    points, labels = entry.generator(NOISE_FREE_POINTS, 0.0, n_classes,
                                     np.random.default_rng(12345))
    features = run.dataset.input_features
    inputs = make_features(points, features) if features else points
    predicted = run.trainer.predict(np.asarray(inputs, dtype=np.float32)).argmax(axis=1)
    return float(np.mean(predicted == labels))


# --- the network diagram ------------------------------------------------------------------------
def _diagram(run):
    if "diagram" not in run.cache:
        run.cache["diagram"] = network_picture(run.trainer.model, run.dataset, run.dataset.task)
    picture = run.cache["diagram"]
    if picture.problem or picture.outputs is None:
        raise ConfigError(f"no network diagram for this run: {picture.problem or 'no plane'}")
    return picture


def _is_trough(picture: np.ndarray, x: np.ndarray, y: np.ndarray) -> bool:
    """Lowest along the middle of one axis, higher towards both ends, flat along the other."""
    scale = max(float(np.ptp(picture)), 1e-12)
    for along, centre in ((1, int(np.argmin(np.abs(x)))), (0, int(np.argmin(np.abs(y))))):
        profile = picture.mean(axis=1 - along)
        flat = float(np.max(np.ptp(picture, axis=1 - along))) <= 0.01 * scale
        if flat and profile[centre] < min(profile[0], profile[-1]) - 0.5 * scale:
            return True
    return False


@metric("trough_inputs")
def _trough_inputs(source, spec):
    picture = _diagram(source.train())
    return float(sum(_is_trough(node, picture.x, picture.y) for node in picture.outputs[0]))


@metric("varying_hidden")
def _varying_hidden(source, spec):
    picture = _diagram(source.train())
    hidden = [node for layer in picture.outputs[1:-1] for node in layer]
    return float(sum(float(np.std(node)) > 0.05 for node in hidden))


@metric("diagram_output_closed")
def _diagram_output_closed(source, spec):
    picture = _diagram(source.train())
    output = picture.outputs[-1]
    classes = (output[0] > 0.5).astype(int) if len(output) == 1 else output.argmax(axis=0)
    return float(is_closed(classes, *_centre(picture.x, picture.y)))


# --- images -------------------------------------------------------------------------------------
def _validation_predictions(run) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(true classes, predicted classes, probabilities) of the validation images."""
    if "validation" not in run.cache:
        probabilities = run.trainer.predict(run.dataset.val.x)
        run.cache["validation"] = (run.dataset.val.y.numpy(), probabilities.argmax(axis=1),
                                   probabilities)
    return run.cache["validation"]


def _class_indices(run, names: list[str]) -> list[int]:
    known = list(run.dataset.class_names)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ConfigError(f"classes: {run.dataset.name} has no class {unknown[0]!r}; it has "
                          + ", ".join(known))
    return [known.index(name) for name in names]


def _class_accuracies(source, spec) -> list[float]:
    run = source.train()
    truth, predicted, _ = _validation_predictions(run)
    return [float(np.mean(predicted[truth == k] == k)) for k in _class_indices(run, spec.classes)]


@metric("class_accuracy_min")
def _class_accuracy_min(source, spec):
    return min(_class_accuracies(source, spec))


@metric("class_accuracy_max")
def _class_accuracy_max(source, spec):
    return max(_class_accuracies(source, spec))


@metric("confusion_share")
def _confusion_share(source, spec):
    run = source.train()
    truth, predicted, _ = _validation_predictions(run)
    group = _class_indices(run, spec.classes)
    wrong = predicted != truth
    inside = np.isin(truth, group) & np.isin(predicted, group)
    return float(np.sum(wrong & inside) / max(np.sum(wrong), 1))


@metric("misclassified_confidence")
def _misclassified_confidence(source, spec):
    truth, predicted, probabilities = _validation_predictions(source.train())
    wrong = predicted != truth
    return float(np.median(probabilities.max(axis=1)[wrong])) if wrong.any() else math.nan


@metric("augmented_share")
def _augmented_share(source, spec):
    run = source.train()
    augment = make_augmentation(run.trainer.config.train.augment)
    if augment is None or not run.dataset.is_image:
        return 0.0
    images = run.dataset.train.x[:256]
    with torch.random.fork_rng():  # the draws leave the global generator as it was
        torch.manual_seed(0)
        changed = (augment(images) != images).flatten(1).any(dim=1)
    return float(changed.float().mean())


@metric("validation_images_fixed")
def _validation_images_fixed(source, spec):
    run = source.train()
    dataset, trainer = run.dataset, run.trainer
    if not dataset.is_image:
        raise ConfigError("validation_images_fixed needs an image set")
    images = dataset.val.x[:256]
    as_they_are = (images.float() / 255.0 - dataset.mean) / dataset.std
    with torch.no_grad():
        expected = torch.softmax(trainer.model.eval()(as_they_are), dim=1).numpy()
    shown = [trainer.predict(images) for _ in range(2)]
    return float(np.allclose(shown[0], expected, atol=1e-6) and np.array_equal(*shown))


# --- splits, the test set, checkpoints ----------------------------------------------------------
@metric("split_size")
def _split_size(source, spec):
    return float(source.train().dataset.sizes()[spec.of])


@metric("test_used_in_training")
def _test_used_in_training(source, spec):
    return float(source.train().result.test is not None)


@metric("second_test_refused")
def _second_test_refused(source, spec):
    trainer = source.train().trainer
    trainer.evaluate_test(force=True)
    try:
        trainer.evaluate_test()
    except TestSetAlreadyUsed:
        return 1.0
    return 0.0


def _outputs(model, run) -> np.ndarray:
    """What the views draw of ``model``: the grid or fitted curve, and validation outputs."""
    dataset, trainer = run.dataset, run.trainer
    transform = trainer.batch_transform()
    parts = [predict(model, dataset.val.x, dataset.task, trainer.device, transform)]
    if dataset.on_plane and dataset.task != "regression":
        parts.append(boundary_grid(model, dataset.task, dataset.bounds(), run.grid.x.size,
                                   trainer.device, dataset.input_features).probabilities)
    elif dataset.task == "regression" and dataset.input_shape == (1,):
        parts.append(fitted_curve(model, dataset, trainer.device))
    return np.concatenate([np.asarray(part, dtype=np.float64).ravel() for part in parts])


def _saved_and_loaded(run):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.pt"
        save_checkpoint(path, run.trainer)
        try:
            torch.load(path, map_location="cpu", weights_only=True)
            holds_code = False
        except Exception:  # noqa: BLE001 - any refusal means the file needs more than data
            holds_code = True
        return load_checkpoint(path), holds_code


@metric("reload_difference")
def _reload_difference(source, spec):
    run = source.train()
    loaded, _ = _saved_and_loaded(run)
    before, after = _outputs(run.trainer.model, run), _outputs(loaded.model, run)
    return float(np.max(np.abs(before - after)))


@metric("checkpoint_holds_code")
def _checkpoint_holds_code(source, spec):
    return float(_saved_and_loaded(source.train())[1])


# --- the capacity sweep -------------------------------------------------------------------------
def _sweep_index(sweep, point) -> int:
    if point == "best":
        return sweep.best_index
    if point == "last":
        return len(sweep.points) - 1
    if point not in sweep.values:
        raise ConfigError(f"point: the sweep has no value {point}; it has {sweep.values}")
    return sweep.values.index(point)


@metric("sweep_argmin")
def _sweep_argmin(source, spec):
    sweep = source.sweep()
    return float(sweep.values[int(np.nanargmin(sweep.column(spec.of)))])


@metric("sweep_value")
def _sweep_value(source, spec):
    sweep = source.sweep()
    return float(sweep.column(spec.of)[_sweep_index(sweep, spec.point)])


@metric("sweep_worst_rise")
def _sweep_worst_rise(source, spec):
    return float(np.max(np.diff(source.sweep().column(spec.of))))


@metric("sweep_fit_turns")
def _sweep_fit_turns(source, spec):
    sweep = source.sweep()
    run = source.train()  # the same data, for its x range
    model = sweep.points[_sweep_index(sweep, spec.point)].build_model(run.dataset)
    return curve_turns(fitted_curve(model, run.dataset))


# --- K-fold and other data seeds ----------------------------------------------------------------
@metric("fold_count")
def _fold_count(source, spec):
    return float(len(source.kfold().folds))


@metric("fold_spread")
def _fold_spread(source, spec):
    return float(np.ptp(source.kfold().scores(spec.of)))


@metric("fold_seed_shift")
def _fold_seed_shift(source, spec):
    scores = source.kfold().scores(spec.of)
    other = source.changed("train", seed=source.config.train.seed + 1).kfold().scores(spec.of)
    return float(np.max(np.abs(scores - other)))


def _over_data_seeds(source, spec, score) -> np.ndarray:
    return np.array([score(source.changed("data", seed=seed), spec.of)
                     for seed in range(int(spec.level))])


def _final_score(source, of):
    return float(source.train().trainer.history.column(of)[-1])


def _kfold_mean(source, of):
    return source.kfold().mean_score(of)[0]


@metric("data_seed_range")
def _data_seed_range(source, spec):
    return float(np.ptp(_over_data_seeds(source, spec, _final_score)))


@metric("data_seed_min")
def _data_seed_min(source, spec):
    return float(np.min(_over_data_seeds(source, spec, _final_score)))


@metric("data_seed_max")
def _data_seed_max(source, spec):
    return float(np.max(_over_data_seeds(source, spec, _final_score)))


@metric("kfold_mean_range")
def _kfold_mean_range(source, spec):
    return float(np.ptp(_over_data_seeds(source, spec, _kfold_mean)))
