"""Every dataset nnstudio offers, declared once: its kind (1D regression, 2D points, images, a CSV
file, painted points), title and description, how it is made, which DataConfig settings apply to
it and whether input features (x1², sin(x1), ...) can be computed from it.

Adding a 2D point set is one entry here and its generator in ``core/data/synthetic.py``; the
schema, the dataset browser, the form, the loader and the export read the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from nnstudio.core.data import synthetic
from nnstudio.core.registries.base import Registry


@dataclass(frozen=True)
class DataKind:
    """What kind of data a dataset is: how it is loaded and which settings apply to it."""

    name: str
    group: str  # what the dataset browser groups by
    task: Optional[str]  # "regression" or "classification"; None: data.task decides
    settings: tuple[str, ...]  # DataConfig fields that apply (besides seed and val_fraction)


REGRESSION_1D = DataKind("regression 1D", "regression", "regression",
                         ("n_samples", "noise", "test_fraction"))
POINTS_2D = DataKind("points 2D", "classification 2D", "classification",
                     ("n_samples", "noise", "test_fraction", "features"))
IMAGES = DataKind("images", "images", "classification", ("subset", "data_dir"))
CSV = DataKind("csv", "tabular", None,
               ("csv", "target", "feature_columns", "task", "standardize", "test_fraction"))
PAINTED = DataKind("painted", "painted", None, ("points", "task", "features"))


@dataclass(frozen=True)
class ImageSet:
    """An image set torchvision loads: its class in torchvision.datasets and the folder it uses."""

    name: str
    title: str
    loader_name: str  # the torchvision.datasets class
    folder: str  # the subfolder torchvision uses under its root
    classes: tuple[str, ...]
    description: str

    @property
    def loader(self) -> Callable:
        # torchvision is imported when images are loaded: importing it takes seconds (it brings
        # torch's compiler along), which the synthetic sets should not pay.
        import torchvision

        return getattr(torchvision.datasets, self.loader_name)


@dataclass(frozen=True)
class DatasetEntry:
    name: str  # the config's value (data.dataset)
    title: str  # what the dataset browser and the form show
    description: str  # the browser's tooltip
    kind: DataKind
    generator: Optional[synthetic.Generator] = None  # synthetic sets: (n, noise, k, rng) -> x, y
    classes: Optional[int] = None  # a point set with a fixed number of classes
    curve: tuple[str, str] = ("", "")  # 1D sets, for the exported script: (numpy code, formula)
    images: Optional[ImageSet] = None

    @property
    def label(self) -> str:
        return self.title

    @property
    def group(self) -> str:
        return self.kind.group

    @property
    def settings(self) -> tuple[str, ...]:
        """The DataConfig fields that apply to this dataset (the form greys out the others)."""
        classes = ("n_classes",) if self.kind is POINTS_2D and self.classes is None else ()
        return self.kind.settings + classes

    def features_apply(self, task: Optional[str] = None) -> bool:
        """True when its inputs are points (x1, x2), from which input features are computed.
        Painted points are (x, y) pairs, not 2D inputs, when ``task`` is regression."""
        return "features" in self.settings and not (self.kind is PAINTED and task == "regression")


def _image_set(image_set: ImageSet) -> DatasetEntry:
    return DatasetEntry(image_set.name, image_set.title, image_set.description, IMAGES,
                        images=image_set)


DIGITS = tuple(str(digit) for digit in range(10))

DATASETS: Registry[DatasetEntry] = Registry("dataset", [
    DatasetEntry("linear", "Linear", "y = 2x + 0.5 with noise: fit a line.", REGRESSION_1D,
                 synthetic.linear, curve=("2.0 * x + 0.5", "y = 2x + 0.5")),
    DatasetEntry("cubic", "Cubic", "y = 2x³ − x + 0.2 with noise.", REGRESSION_1D,
                 synthetic.cubic, curve=("2.0 * x**3 - x + 0.2", "y = 2x³ - x + 0.2")),
    DatasetEntry("sine", "Sine", "y = sin(πx) with noise: under- and over-fitting.", REGRESSION_1D,
                 synthetic.sine, curve=("np.sin(np.pi * x)", "y = sin(πx)")),
    DatasetEntry("moons", "Two moons", "Two interleaving half circles.", POINTS_2D,
                 synthetic.moons, classes=2),
    DatasetEntry("circles", "Circles", "A disc inside a ring.", POINTS_2D,
                 synthetic.circles, classes=2),
    DatasetEntry("xor", "XOR", "Opposite quadrants share a class.", POINTS_2D,
                 synthetic.xor, classes=2),
    DatasetEntry("gaussians", "Two gaussians", "Two round clouds.", POINTS_2D,
                 synthetic.gaussians, classes=2),
    DatasetEntry("spiral", "Spiral", "Interleaved spiral arms.", POINTS_2D, synthetic.spiral),
    DatasetEntry("blobs", "Blobs", "k gaussian blobs (k classes).", POINTS_2D, synthetic.blobs),
    _image_set(ImageSet("mnist", "MNIST digits", "MNIST", "MNIST", DIGITS,
                        "70,000 handwritten digits, 28×28 grey.")),
    _image_set(ImageSet("fashion_mnist", "Fashion-MNIST", "FashionMNIST", "FashionMNIST",
                        ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                         "Sneaker", "Bag", "Ankle boot"),
                        "70,000 clothing images in 10 classes, 28×28 grey.")),
    _image_set(ImageSet("kmnist", "Kuzushiji-MNIST", "KMNIST", "KMNIST",
                        ("お", "き", "す", "つ", "な", "は", "ま", "や", "れ", "を"),
                        "70,000 cursive Japanese characters, 28×28 grey.")),
    _image_set(ImageSet("cifar10", "CIFAR-10", "CIFAR10", "cifar-10-batches-py",
                        ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                         "ship", "truck"),
                        "60,000 small colour photos in 10 classes, 32×32.")),
    DatasetEntry("csv", "CSV file", "Your own table: numeric features, one target.", CSV),
    DatasetEntry("painted", "Paint your own", "Click on the plane to add points.", PAINTED),
])
