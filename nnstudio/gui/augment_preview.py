"""A window of training images next to randomly augmented versions of them, as training sees them."""

from __future__ import annotations

import itertools

import numpy as np
import torch
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from nnstudio.core.data.augment import make_augmentation
from nnstudio.gui.views.describe import join_list
from nnstudio.gui.views.image_grid import ImageGrid

VERSIONS = 5  # augmented versions shown next to each original
_seeds = itertools.count(1)


class AugmentPreviewDialog(QDialog):
    """Each row: one training image, then ``VERSIONS`` random augmentations of it."""

    def __init__(self, images: np.ndarray, names: list[str], augment: list[str],
                 note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("augmentPreviewDialog")
        self.setWindowTitle(self.tr("Preview augmentation"))
        self.setAccessibleName(self.tr("Preview augmentation"))
        self.images, self.names, self.augment = images, names, list(augment)
        kinds = join_list(self.augment)
        explanation = self.tr(
            "Left: a training image. Right: {n} random versions of it ({kinds}), as training "
            "sees them; every epoch draws new ones. Validation and test images are never changed."
        ).format(n=VERSIONS, kinds=kinds)
        self.explanation = QLabel((note + "\n" if note else "") + explanation, wordWrap=True,
                                  objectName="augmentPreviewText")
        self.grid = ImageGrid(columns=1 + VERSIONS)
        self.grid.setObjectName("augmentPreviewGrid")
        self.grid.setAccessibleName(self.tr("Original and augmented images"))
        self.again_button = QPushButton(self.tr("New random versions"),
                                        objectName="augmentAgainButton")
        self.again_button.setAccessibleName(self.tr("New random versions"))
        self.again_button.setToolTip(self.tr("Draw new random shifts, rotations and flips"))
        self.again_button.clicked.connect(self.draw)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.grid)
        layout.addWidget(self.again_button)
        layout.addWidget(buttons)
        self.draw()

    def draw(self) -> None:
        """New random versions of every image."""
        augment_batch = make_augmentation(self.augment)
        original = torch.from_numpy(np.ascontiguousarray(self.images))
        # Its own random numbers: the training run's (dropout, augmentation) stay as seeded.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(next(_seeds))
            versions = [augment_batch(original).numpy() for _ in range(VERSIONS)]
        tiles, captions = [], []
        for index, name in enumerate(self.names):
            tiles += [self.images[index]] + [version[index] for version in versions]
            captions += [name] + [self.tr("random")] * VERSIONS
        self.grid.show_images(np.stack(tiles), captions)
