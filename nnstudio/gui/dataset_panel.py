"""Dataset panel: pick a dataset, set its size, noise and splits, and preview its points."""

from __future__ import annotations

import pyqtgraph as pg
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import DataConfig
from nnstudio.core.data import DATASETS
from nnstudio.core.data.synthetic import FIXED_CLASS_COUNT
from nnstudio.core.errors import NNStudioError
from nnstudio.gui.config_form import ConfigForm
from nnstudio.core.data.painted import write_points_csv
from nnstudio.gui.csv_dialog import CsvImportDialog, choose_csv_file
from nnstudio.gui.paint_panel import PaintPanel
from nnstudio.gui.views.palette import TRAIN_COLOUR, VAL_COLOUR, class_brushes

GROUP_TITLES = {
    "regression": "Regression (1D)",
    "classification 2D": "Classification (2D)",
    "images": "Images",
    "tabular": "Tabular (CSV)",
    "painted": "Your own",
}
ERASE_RADIUS = 0.15  # how near (in data units) a click must be to erase a point
FORM_FIELDS = ["n_samples", "noise", "n_classes", "subset", "seed", "val_fraction", "test_fraction"]


class DatasetPanel(QWidget):
    """Emits ``configChanged`` whenever the user picks another dataset or edits a setting."""

    configChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = DataConfig()
        self.list = QListWidget(objectName="datasetList")
        self.list.setAccessibleName("Datasets")
        self.list.setToolTip("Datasets by task; synthetic sets are generated from the seed")
        self._fill_list()
        self.csv_button = QPushButton("Import CSV…", objectName="csvImportButton")
        self.csv_button.setAccessibleName("Import CSV")
        self.csv_button.setToolTip("Train on your own table: pick a CSV file and its target column")
        self.csv_button.clicked.connect(lambda: self.import_csv())
        self.csv_dialog: CsvImportDialog | None = None
        self.paint_panel = PaintPanel()
        self.paint_panel.clearRequested.connect(self.clear_points)
        self.paint_panel.saveRequested.connect(lambda: self.save_points())
        self.form = ConfigForm(DataConfig, "data", fields=FORM_FIELDS)
        self.sizes_label = QLabel(objectName="datasetSizes")
        self.sizes_label.setAccessibleName("Split sizes")
        self.preview = pg.PlotWidget(objectName="datasetPreview")
        self.preview.setAccessibleName("Dataset preview")
        self.preview.setMinimumHeight(150)
        self.preview.setMouseEnabled(False, False)
        self.preview.hideButtons()
        self._train_points = pg.ScatterPlotItem(size=5, pen=None)
        self._val_points = pg.ScatterPlotItem(size=5, pen=None, symbol="t")
        self.preview.addItem(self._train_points)
        self.preview.addItem(self._val_points)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list, stretch=2)
        layout.addWidget(self.csv_button)
        layout.addWidget(self.paint_panel)
        layout.addWidget(self.form)
        layout.addWidget(self.sizes_label)
        layout.addWidget(self.preview, stretch=2)

        self.list.currentItemChanged.connect(self._on_dataset_chosen)
        self.form.valueChanged.connect(self._on_form_changed)
        self.set_config(self._config)

    def _fill_list(self) -> None:
        bold = QFont()
        bold.setBold(True)
        for group, title in GROUP_TITLES.items():
            header = QListWidgetItem(title)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            self.list.addItem(header)
            for info in DATASETS.values():
                if info.group == group:
                    item = QListWidgetItem("   " + info.title)
                    item.setData(Qt.ItemDataRole.UserRole, info.name)
                    item.setToolTip(info.description)
                    self.list.addItem(item)

    def _name_csv_item(self, path: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == "csv":
                item.setText("   " + (Path(path).name if path else "CSV file…"))

    def select_dataset(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentItem(item)
                return
        raise KeyError(name)

    def config(self) -> DataConfig:
        return self.form.apply_to(self._config)

    def set_config(self, config: DataConfig) -> None:
        self._config = config
        self._name_csv_item(config.csv)
        self.list.blockSignals(True)
        self.select_dataset(config.dataset)
        self.list.blockSignals(False)
        self.form.set_values(config)
        self._update_relevance()

    def import_csv(self, path: str = "") -> None:
        """Ask for a CSV file (unless given) and open the import dialog for it."""
        path = path or choose_csv_file(self)
        if not path:
            self.select_dataset(self._config.dataset)
            return
        self.csv_dialog = CsvImportDialog(path, self._config, self)
        self.csv_dialog.accepted.connect(self._on_csv_accepted)
        self.csv_dialog.rejected.connect(lambda: self.select_dataset(self._config.dataset))
        self.csv_dialog.open()

    @property
    def painting(self) -> bool:
        return self._config.dataset == "painted"

    def paint_at(self, x: float, y: float) -> None:
        """Add a point of the chosen class at (x, y), or erase the nearest one."""
        points = [list(point) for point in self._config.points]
        if self.paint_panel.erasing:
            if not points:
                return
            nearest = min(range(len(points)), key=lambda i: (points[i][0] - x) ** 2 + (points[i][1] - y) ** 2)
            if (points[nearest][0] - x) ** 2 + (points[nearest][1] - y) ** 2 > ERASE_RADIUS**2:
                return
            del points[nearest]
        else:
            points.append([x, y, float(self.paint_panel.painted_class)])
        self._set_points(points)

    def clear_points(self) -> None:
        self._set_points([])

    def _set_points(self, points: list) -> None:
        self._config = self._config.model_copy(update={"points": points})
        self._update_relevance()
        self.configChanged.emit()

    def save_points(self, path: str = "") -> bool:
        from PySide6.QtWidgets import QFileDialog

        path = path or QFileDialog.getSaveFileName(self, "Save painted points", "painted.csv",
                                                   "CSV files (*.csv)")[0]
        if not path:
            return False
        try:
            write_points_csv(self._config.points, path)
        except OSError as error:
            self.sizes_label.setText(f"Could not save {path}: {error.strerror}")
            return False
        self.sizes_label.setText(f"Saved {len(self._config.points)} points to {Path(path).name}")
        return True

    def _on_csv_accepted(self) -> None:
        self.set_config(self.csv_dialog.data_config())
        self.configChanged.emit()

    def _on_dataset_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        name = item.data(Qt.ItemDataRole.UserRole) if item else None
        if not name or name == self._config.dataset:
            return
        if name == "csv" and not self._config.csv:
            self.import_csv()
            return
        self._config = self.config().model_copy(update={"dataset": name})
        self._update_relevance()
        self.configChanged.emit()

    def _on_form_changed(self, _name: str, _value: object) -> None:
        try:
            self._config = self.config()
        except NNStudioError as error:
            self.sizes_label.setText(str(error))
            return
        self.configChanged.emit()

    def _update_relevance(self) -> None:
        name = self._config.dataset
        group = DATASETS[name].group
        fixed = name in FIXED_CLASS_COUNT or group != "classification 2D"
        self.form.set_field_enabled(
            "n_classes", not fixed, "this dataset has a fixed number of classes" if fixed else ""
        )
        self.paint_panel.setVisible(group == "painted")
        self.paint_panel.count_label.setText(f"{len(self._config.points)} points painted")
        generated = group in ("regression", "classification 2D")
        for field in ("n_samples", "noise"):
            self.form.set_field_enabled(
                field, generated, "" if generated else "only for generated datasets"
            )
        self.form.set_field_enabled(
            "subset", group == "images", "" if group == "images" else "only for image datasets"
        )
        self.form.set_field_enabled(
            "test_fraction", group != "painted", "painted points are all used for training and validation"
            if group == "painted" else ""
        )

    def show_data(self, info) -> None:
        """Show the split sizes and a scatter of the data the worker prepared (a RunInfo)."""
        sizes = info.sizes
        self.sizes_label.setText(
            f"train {sizes['train']} · validation {sizes['val']} · test {sizes['test']}"
        )
        train_x, val_x = info.train_x, info.val_x
        if train_x.ndim != 2 or train_x.shape[1] > 2:
            self._train_points.setData([], [])
            self._val_points.setData([], [])
            self.preview.setVisible(False)
            return
        self.preview.setVisible(True)
        if info.task == "regression":
            self._train_points.setData(train_x[:, 0], info.train_y[:, 0], brush=TRAIN_COLOUR)
            self._val_points.setData(val_x[:, 0], info.val_y[:, 0], brush=VAL_COLOUR)
        else:
            self._train_points.setData(train_x[:, 0], train_x[:, 1], brush=class_brushes(info.train_y))
            self._val_points.setData(val_x[:, 0], val_x[:, 1], brush=class_brushes(info.val_y))
