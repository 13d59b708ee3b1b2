"""Where an exported script's data comes from: a synthetic generator, a CSV file or an image set.

Each source gives what the rest of the script needs to know (:class:`parts.DataInfo`), its lines
of the settings section and its data section, written to load exactly what nnstudio loads.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from nnstudio.core.config import RunConfig
from nnstudio.core.data import features, load_dataset, splits, synthetic
from nnstudio.core.data.augment import check_augmentation
from nnstudio.core.data.csv_import import read_table
from nnstudio.core.data.preprocessing import scales_target
from nnstudio.core.data.features import uses_features
from nnstudio.core.data.images import IMAGE_SETS, image_root
from nnstudio.core.data.painted import MIN_FOR_VALIDATION
from nnstudio.core.errors import ExportError
from nnstudio.core.export import parts
from nnstudio.core.registries import DATASETS
from nnstudio.core.registries import datasets as kinds

@dataclass(frozen=True)
class DataSection:
    info: parts.DataInfo
    settings: list[str]  # lines of the settings section
    code: str  # the data section
    dataset: Any = None  # the data, when the export had to load it (CSV files, images, painted)


def data_section(config: RunConfig) -> DataSection:
    kind = DATASETS[config.data.dataset].kind
    if kind in (kinds.REGRESSION_1D, kinds.POINTS_2D):
        return _synthetic(config)
    if kind is kinds.CSV:
        return _csv(config)
    if kind is kinds.IMAGES:
        return _images(config)
    if kind is kinds.PAINTED:
        return _painted(config)
    raise ExportError(f"export: the dataset {config.data.dataset!r} is not supported yet")


def source(function: Callable) -> str:
    """nnstudio's own code of a function or class, to copy into the script."""
    try:
        return textwrap.dedent(inspect.getsource(function)).strip("\n")
    except OSError:  # pragma: no cover - only when nnstudio runs without its source files
        raise ExportError("export: nnstudio's source files are not available") from None


def _split_code() -> str:
    return (
        "# The split. The same shuffled order always gives the same test samples, whatever the\n"
        "# validation fraction.\n" + source(splits.split_indices)
    )


def _split_settings(config: RunConfig, test: bool = True) -> list[tuple[str, object, str]]:
    d = config.data
    rows: list[tuple[str, object, str]] = [
        ("DATA_SEED", d.seed, ""),
        ("VAL_FRACTION", d.val_fraction, "held out to watch for overfitting while training"),
    ]
    if test:
        rows.append(("TEST_FRACTION", d.test_fraction, "kept aside for one check after training"))
    return rows


def _n_train(n: int, config: RunConfig) -> int:
    d = config.data
    return n - int(round(n * d.test_fraction)) - int(round(n * d.val_fraction))


# --- synthetic sets ---
def _synthetic(config: RunConfig) -> DataSection:
    d = config.data
    name = d.dataset
    entry = DATASETS[name]
    n_train = _n_train(d.n_samples, config)
    if entry.kind is kinds.REGRESSION_1D:
        info = parts.DataInfo(name, "regression", 1, 0, (1,), n_train)
        curve, formula = entry.curve
        intro = (
            f"# The points: x uniform in [-1, 1] and {formula} plus gaussian noise, made with\n"
            "# numpy from DATA_SEED exactly as nnstudio makes them."
        )
        generator = parts.regression_generator(name, curve, formula)
        call = f"{name}(N_SAMPLES, NOISE, rng)"
    else:
        n_classes = entry.classes or d.n_classes
        task = "binary" if n_classes == 2 else "multiclass"
        info = parts.DataInfo(name, task, 1 if task == "binary" else n_classes, n_classes,
                              (len(d.features),), n_train)
        intro = (
            "# The points, made with numpy from DATA_SEED. These are nnstudio's own functions,\n"
            "# copied here unchanged, so the points are the ones you saw in the app."
        )
        function = entry.generator
        helpers = [
            helper
            for helper in (synthetic.per_class_counts, synthetic.finish_points)
            if helper.__name__ + "(" in source(function)
        ]
        generator = "\n\n\n".join(source(item) for item in [*helpers, function])
        call = f"{name}(N_SAMPLES, NOISE, N_CLASSES, rng)"
    settings = ["# The data. DATA_SEED fixes the points and which of them go to training,",
                "# validation and test."]
    settings += parts.assignments([
        ("N_SAMPLES", d.n_samples, "how many points to make"),
        ("NOISE", d.noise, "how much the points are jittered"),
        *([("N_CLASSES", info.n_classes, "number of classes")] if info.n_classes else []),
        *_feature_settings(config),
        *_split_settings(config),
    ])
    loader = parts.keep_tagged(parts.LOAD_SYNTHETIC, _feature_tags(config)).replace("$CALL", call)
    code = "\n\n\n".join([intro + "\n\n" + generator, *_feature_code(config), _split_code(),
                          loader])
    return DataSection(info, settings, code)


# --- input features of 2D points ---
def _feature_settings(config: RunConfig) -> list[tuple[str, object, str]]:
    if not uses_features(config.data.features):
        return []
    return [("FEATURES", list(config.data.features),
             "the network's inputs, computed from each point (x1, x2)")]


def _feature_tags(config: RunConfig) -> set[str]:
    return {"features"} if uses_features(config.data.features) else set()


def _feature_code(config: RunConfig) -> list[str]:
    if not uses_features(config.data.features):
        return []
    return ["# The network does not read the points themselves but FEATURES computed from them\n"
            "# (as TensorFlow Playground offers): with x1² and x2², a circle is a straight line.\n"
            + source(features.make_features)]


# --- CSV files ---
def _csv(config: RunConfig) -> DataSection:
    d = config.data
    dataset = load_dataset(d)  # reads and checks the file: the script needs what it found
    regression = dataset.task == "regression"
    info = parts.DataInfo(
        dataset.name, dataset.task, dataset.n_outputs, dataset.n_classes, dataset.input_shape,
        len(dataset.train), imports=("import csv", "import io"),
        about="the rows of your CSV file, split into training / validation / test",
        scales_target=scales_target(d, dataset.task),
    )
    settings = ["# The data: your table. DATA_SEED fixes which rows go to training, validation",
                "# and test. Change CSV_FILE if you move the file."]
    settings += parts.assignments([
        ("CSV_FILE", str(Path(d.csv).expanduser().resolve()), ""),
        ("TARGET", d.target or read_table(d.csv).columns[-1], "the column to predict"),
        ("FEATURES", list(dataset.feature_names), "the columns the network reads"),
        *([] if regression else [("CLASS_NAMES", list(dataset.class_names),
                                  "class k is CLASS_NAMES[k]")]),
        *_split_settings(config),
    ])
    tags = {"regression" if regression else "classes"}
    if d.standardize:
        tags.add("standardize")
    code = "\n\n\n".join([_split_code(), parts.keep_tagged(parts.LOAD_CSV, tags)])
    return DataSection(info, settings, code, dataset)


# --- image sets ---
def _images(config: RunConfig) -> DataSection:
    d = config.data
    image_set = IMAGE_SETS[d.dataset]
    augment = config.train.augment
    check_augmentation(augment, d.dataset)  # what the app refuses, the export refuses
    dataset = load_dataset(d)
    imports = ("from torchvision import datasets",)
    if augment:
        imports += ("from torchvision.transforms import v2",)
    info = parts.DataInfo(
        d.dataset, "multiclass", dataset.n_outputs, dataset.n_classes, dataset.input_shape,
        len(dataset.train), is_image=True, imports=imports,
        about="the images, loaded by torchvision; validation images taken from the training ones",
        augment=tuple(augment),
    )
    settings = [f"# The data: {image_set.title}, loaded by torchvision. The official test images",
                "# are the test set; DATA_SEED picks the validation images among the training ones."]
    settings += parts.assignments([
        ("DATA_FOLDER", str(image_root(d.data_dir).resolve()), "torchvision keeps the images here"),
        *([("SUBSET", d.subset, "use only this many training images")] if d.subset else []),
        *_split_settings(config, test=False),
        ("PIXEL_MEAN", dataset.mean, "mean and std of the training pixels (scaled to 0-1),"),
        ("PIXEL_STD", dataset.std, "as nnstudio measured them"),
    ])
    colour = d.dataset == "cifar10"
    tags = {"colour" if colour else "grey"} | ({"subset"} if d.subset else set())
    loader = parts.keep_tagged(parts.LOAD_IMAGES, tags).replace(
        "$LOADER", image_set.loader.__name__
    )
    blocks = [_split_code(), loader]
    if augment:
        blocks.append(parts.augmentation_code(augment))
    code = "\n\n\n".join(blocks)
    return DataSection(info, settings, code, dataset)


# --- painted points ---
def _painted(config: RunConfig) -> DataSection:
    d = config.data
    dataset = load_dataset(d)  # checks the points; the script needs the task it found
    regression = dataset.task == "regression"
    info = parts.DataInfo(
        "painted", dataset.task, dataset.n_outputs, dataset.n_classes, dataset.input_shape,
        len(dataset.train), about="the points you painted, split into training / validation",
    )
    what = "[x, y]" if regression else "[x1, x2, class]"
    settings = [f"# The data: the points you painted, {what} for each. DATA_SEED fixes which of",
                "# them are held out for validation."]
    settings += parts.assignments([
        ("DATA_SEED", d.seed, ""),
        ("VAL_FRACTION", d.val_fraction, "held out to watch for overfitting while training"),
        ("MIN_FOR_VALIDATION", MIN_FOR_VALIDATION, "fewer points all go to training"),
    ])
    settings += parts.assignments(_feature_settings(config))
    rows = [f"    {parts.literal(point)}," for point in d.points]
    settings += ["POINTS = ["] + rows + ["]"]
    tags = {"regression" if regression else "classes"} | _feature_tags(config)
    code = "\n\n\n".join([*_feature_code(config), _split_code(),
                          parts.keep_tagged(parts.LOAD_PAINTED, tags)])
    return DataSection(info, settings, code, dataset)
