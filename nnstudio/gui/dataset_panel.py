"""Dataset panel: pick a dataset, set its size, noise and splits, and preview its points."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import DataConfig
from nnstudio.core.data import DATASETS
from nnstudio.core.data.augment import NOT_FLIPPABLE, check_augmentation
from nnstudio.core.data.csv_import import read_table
from nnstudio.core.data.images import is_available
from nnstudio.core.data.painted import write_points_csv
from nnstudio.core.errors import NNStudioError
from nnstudio.gui.augment_preview import AugmentPreviewDialog
from nnstudio.gui.config_form import ConfigForm, schema_text
from nnstudio.gui.core_messages import class_name, os_reason, translate_core_message
from nnstudio.gui.csv_dialog import CsvImportDialog, choose_csv_file
from nnstudio.gui.download_dialog import DownloadDialog
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.paint_panel import PaintPanel
from nnstudio.gui.views.image_grid import ClassBalanceBar, ImageGrid, balance_caption, pick_per_class
from nnstudio.gui.views.describe import name_table_parts
from nnstudio.gui.views.palette import TRAIN_COLOUR, VAL_COLOUR, class_brushes

GROUP_TITLES = {
    "regression": QT_TRANSLATE_NOOP("DatasetPanel", "Regression (1D)"),
    "classification 2D": QT_TRANSLATE_NOOP("DatasetPanel", "Classification (2D)"),
    "images": QT_TRANSLATE_NOOP("DatasetPanel", "Images"),
    "tabular": QT_TRANSLATE_NOOP("DatasetPanel", "Tabular (CSV)"),
    "painted": QT_TRANSLATE_NOOP("DatasetPanel", "Your own"),
}
_GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # a header row's group key
ERASE_RADIUS = 0.15  # how near (in data units) a click must be to erase a point
FORM_FIELDS = ["n_samples", "noise", "n_classes", "subset", "seed", "val_fraction", "test_fraction"]
TABLE_ROWS = 50  # first rows of a CSV file shown in the preview table
CSV_FIELDS = ("csv", "target", "feature_columns", "task")  # what only the 'csv' dataset reads
IMAGES_PER_CLASS = 2  # in the preview grid
AUGMENT_PREVIEW_IMAGES = 6
MIN_WIDTH = 340  # the dock is narrow by default; below this the previews are unreadable
LIST_ROWS = 8  # datasets the list shows at least, at any text size (the panel scrolls instead)


class DatasetPanel(FollowsLanguage, QWidget):
    """Emits ``configChanged`` whenever the user picks another dataset or edits a setting."""

    configChanged = Signal()
    augmentPreviewRequested = Signal()  # the window answers with preview_augmentation(augment)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = DataConfig()
        # The CSV settings while another dataset is chosen (only the 'csv' dataset may name a
        # file), given back when CSV is chosen again.
        self._csv_settings: dict = {}
        self.list = QListWidget(objectName="datasetList")
        self._fill_list()
        self.csv_button = QPushButton(objectName="csvImportButton")
        self.csv_button.clicked.connect(lambda: self.import_csv())
        self.csv_dialog: CsvImportDialog | None = None
        self.paint_panel = PaintPanel()
        self.paint_panel.clearRequested.connect(self.clear_points)
        self.paint_panel.saveRequested.connect(lambda: self.save_points())
        self.form = ConfigForm(DataConfig, "data", fields=FORM_FIELDS)
        self.sizes_label = QLabel(objectName="datasetSizes", wordWrap=True)  # wraps at a large font
        self.preview = pg.PlotWidget(objectName="datasetPreview")
        self.preview.setMinimumHeight(150)
        self.preview.setMouseEnabled(False, False)
        self.preview.hideButtons()
        self._train_points = pg.ScatterPlotItem(size=5, pen=None)
        self._val_points = pg.ScatterPlotItem(size=5, pen=None, symbol="t")
        self.preview.addItem(self._train_points)
        self.preview.addItem(self._val_points)
        self._build_previews()
        self._retitle_list()

        layout = QVBoxLayout(self)
        layout.addWidget(self.list, stretch=2)
        layout.addWidget(self.csv_button)
        layout.addWidget(self.paint_panel)
        layout.addWidget(self.form)
        layout.addWidget(self.sizes_label)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.balance_bar)
        layout.addWidget(self.preview_stack, stretch=3)
        layout.addWidget(self.augment_button)
        self.setMinimumWidth(MIN_WIDTH)

        self.list.currentItemChanged.connect(self._on_dataset_chosen)
        self._browsing = False  # the arrow keys are moving through the list
        self.list.installEventFilter(self)
        self._size_list()
        self.form.valueChanged.connect(self._on_form_changed)
        self.set_config(self._config)

    def _build_previews(self) -> None:
        """The preview of the data: a scatter (1D / 2D), a table (CSV) or an image grid."""
        self.table = QTableWidget(objectName="datasetTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.image_grid = ImageGrid()
        self.image_grid.setObjectName("datasetImages")
        self.preview_stack = QStackedWidget(objectName="datasetPreviewStack")
        for page in (self.preview, self.table, self.image_grid):
            self.preview_stack.addWidget(page)
        self.balance_label = QLabel(objectName="classBalanceCaption", wordWrap=True)
        self.balance_bar = ClassBalanceBar()
        self.balance_bar.setObjectName("classBalanceBar")
        self.augment_button = QPushButton(objectName="augmentPreviewButton")
        self.augment_button.clicked.connect(self.augmentPreviewRequested)
        self.augment_dialog: AugmentPreviewDialog | None = None
        self.download_dialog: DownloadDialog | None = None
        self._images: tuple[np.ndarray, np.ndarray, list[str]] | None = None

    def _fill_list(self) -> None:
        bold = QFont()
        bold.setBold(True)
        for group, title in GROUP_TITLES.items():
            header = QListWidgetItem(self.tr(title))
            header.setData(_GROUP_ROLE, group)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            self.list.addItem(header)
            for info in DATASETS.values():
                if info.group == group:
                    item = QListWidgetItem("   " + schema_text(info.title))
                    item.setData(Qt.ItemDataRole.UserRole, info.name)
                    item.setToolTip(schema_text(info.description))
                    self.list.addItem(item)

    def retranslate(self) -> None:
        """The panel in the interface's language (on every language switch)."""
        self._retitle_list()
        self._update_relevance()
        if self._info is not None:
            self._show_sizes(self._info)
            self._show_balance(self._info)
            if self.preview_stack.currentWidget() is self.table:
                self._show_table()

    _info = None  # the last RunInfo shown

    def _retitle_list(self) -> None:
        """The list's group and dataset names, and the panel's own texts, in the interface's language."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            name, group = item.data(Qt.ItemDataRole.UserRole), item.data(_GROUP_ROLE)
            if group in GROUP_TITLES:
                item.setText(self.tr(GROUP_TITLES[group]))
            elif name in DATASETS and name != "csv":
                item.setText("   " + schema_text(DATASETS[name].title))
                item.setToolTip(schema_text(DATASETS[name].description))
        self.csv_button.setText(self.tr("Import CSV…"))
        self.csv_button.setAccessibleName(self.tr("Import CSV"))
        self.csv_button.setToolTip(self.tr("Train on your own table: pick a CSV file and its target column"))
        self.augment_button.setText(self.tr("Preview augmentation…"))
        self.augment_button.setAccessibleName(self.tr("Preview augmentation"))
        self.augment_button.setToolTip(self.tr(
            "Training images next to randomly shifted / rotated / flipped versions of them "
            "(choose the augmentation under Hyperparameters)"))
        self.balance_bar.setAccessibleName(self.tr("Class balance"))
        self.list.setAccessibleName(self.tr("Datasets"))
        self.list.setToolTip(self.tr("Datasets by task; synthetic sets are generated from the seed"))
        self.table.setAccessibleName(self.tr("First rows of the CSV file"))
        name_table_parts(self.table)
        self.table.setToolTip(self.tr("The first rows of the file, as read"))
        self.image_grid.setAccessibleName(self.tr("Sample images with their classes"))
        self.image_grid.setToolTip(self.tr("Training images, two of each class"))
        self.sizes_label.setAccessibleName(self.tr("Split sizes"))
        self.preview.setAccessibleName(self.tr("Dataset preview"))

    def _name_csv_item(self, path: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == "csv":
                item.setText("   " + (Path(path).name if path else self.tr("CSV file…")))

    def select_dataset(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
                return
        raise KeyError(name)

    def config(self) -> DataConfig:
        return self.form.apply_to(self._config)

    def set_config(self, config: DataConfig) -> None:
        self._config = config
        self._csv_settings = {}
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

        path = path or QFileDialog.getSaveFileName(self, self.tr("Save painted points"), "painted.csv",
                                                   self.tr("CSV files (*.csv)"))[0]
        if not path:
            return False
        try:
            write_points_csv(self._config.points, path)
        except OSError as error:
            self.sizes_label.setText(self.tr("Could not save {path}: {reason}").format(path=path, reason=os_reason(error)))
            return False
        self.sizes_label.setText(self.tr("Saved {count} points to {name}").format(
            count=len(self._config.points), name=Path(path).name))
        return True

    def _on_csv_accepted(self) -> None:
        self.set_config(self.csv_dialog.data_config())
        self.configChanged.emit()

    def _size_list(self) -> None:
        """At least LIST_ROWS rows of the list in view at any text size (the panel scrolls)."""
        rows = self.list.sizeHintForRow(0) if self.list.count() else self.list.fontMetrics().height()
        self.list.setMinimumHeight(LIST_ROWS * max(rows, self.list.fontMetrics().height()) + 2 * self.list.frameWidth())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Keys on the list: moving through it with the arrows passes over the CSV file and the
        image sets still to download (each opens a dialog); Enter or Space chooses them."""
        if watched is not self.list:
            return False
        if event.type() == QEvent.Type.FontChange:  # View ▸ Text size, or the desktop's font
            self._size_list()
            return False
        if event.type() == QEvent.Type.FocusOut:  # passed over and not chosen: show the one in use
            item = self.list.currentItem()
            if item is not None and item.data(Qt.ItemDataRole.UserRole) not in (None, self._config.dataset):
                self.list.blockSignals(True)
                self.select_dataset(self._config.dataset)
                self.list.blockSignals(False)
                if self._info is not None:
                    self._show_sizes(self._info)
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and not event.modifiers():
            self._on_dataset_chosen(self.list.currentItem())
            return True
        self._browsing = True
        try:
            self.list.event(event)
        finally:
            self._browsing = False
        return True

    def _on_dataset_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        name = item.data(Qt.ItemDataRole.UserRole) if item else None
        if not name or name == self._config.dataset:
            return
        needs_csv = name == "csv" and not self._config.csv and not self._csv_settings.get("csv")
        needs_download = DATASETS[name].group == "images" and not is_available(name, self._config.data_dir)
        if self._browsing and (needs_csv or needs_download):
            self.sizes_label.setText(self.tr("Press Enter to import a CSV file") if needs_csv else
                                     self.tr("Press Enter to download {name}").format(name=item.text().strip()))
            return
        if needs_csv:
            self.import_csv()
            return
        if needs_download:
            self.download(name)
            return
        self._choose(name)

    def _choose(self, name: str) -> None:
        config = self.config()
        update: dict = {"dataset": name}
        if config.dataset == "csv" and name != "csv":  # keep the file's settings for a way back
            self._csv_settings = {field: getattr(config, field) for field in CSV_FIELDS}
            update.update({field: DataConfig.model_fields[field].get_default(call_default_factory=True)
                           for field in CSV_FIELDS})
        elif name == "csv" and self._csv_settings:
            update.update(self._csv_settings)
        self._config = config.model_copy(update=update)
        self._update_relevance()
        self.configChanged.emit()

    def download(self, name: str) -> None:
        """Download image set ``name`` (off the GUI thread, with progress and cancel), then
        choose it; a cancel or failure goes back to the current dataset."""
        self.download_dialog = DownloadDialog(name, self._config.data_dir, self)
        self.download_dialog.accepted.connect(lambda: self._choose(name))
        self.download_dialog.rejected.connect(lambda: self.select_dataset(self._config.dataset))
        self.download_dialog.open()

    def preview_augmentation(self, augment: list[str]) -> None:
        """Open a window of training images next to augmented versions of them."""
        if self._images is None:
            return
        images, labels, names = self._images
        note = ""
        if not augment:
            flip = [] if self._config.dataset in NOT_FLIPPABLE else ["flip"]
            augment = ["shift", "rotate", *flip]
            note = self.tr("Augmentation is off (Hyperparameters → Regularisation → Augment); "
                           "this is what it would do.")
        try:
            check_augmentation(augment, self._config.dataset)
        except NNStudioError as error:
            note = translate_core_message(str(error))
            augment = [name for name in augment if name != "flip"]
        chosen = pick_per_class(labels, len(names), 1)[:AUGMENT_PREVIEW_IMAGES]
        self.augment_dialog = AugmentPreviewDialog(
            images[chosen], [names[int(labels[i])] for i in chosen], augment, note, self)
        self.augment_dialog.open()

    def _on_form_changed(self, _name: str, _value: object) -> None:
        try:
            self._config = self.config()
        except NNStudioError as error:
            self.sizes_label.setText(translate_core_message(str(error)))
            return
        self.configChanged.emit()

    def _update_relevance(self) -> None:
        """Grey out the settings this dataset does not use (its registry entry says which)."""
        name = self._config.dataset
        entry = DATASETS[name]
        group, used = entry.group, set(entry.settings)
        self.paint_panel.setVisible(group == "painted")
        self.augment_button.setVisible(group == "images")
        self.paint_panel.count_label.setText(self.tr("{count} points painted").format(count=len(self._config.points)))
        reasons = {
            "n_classes": self.tr("this dataset has a fixed number of classes"),
            "n_samples": self.tr("only for generated datasets"),
            "noise": self.tr("only for generated datasets"),
            "subset": self.tr("only for image datasets"),
            "test_fraction": self.tr("painted points are all used for training and validation")
            if group == "painted" else self.tr("image sets keep their official test images"),
        }
        for field, reason in reasons.items():
            self.form.set_field_enabled(field, field in used, "" if field in used else reason)

    def show_data(self, info) -> None:
        """Show what the worker prepared (a RunInfo): split sizes, class balance, and a preview
        that suits the data: a scatter (1D / 2D), the first rows (CSV) or an image grid."""
        self._info = info
        self._show_sizes(info)
        self._show_balance(info)
        if self.list.currentItem() is not None:  # in view, now that the panel is laid out
            self.list.scrollToItem(self.list.currentItem(),
                                   QAbstractItemView.ScrollHint.PositionAtCenter)
        train_x = info.train_x
        self._images = None
        self.preview_stack.setVisible(True)
        if train_x.ndim == 4:
            self._images = (train_x, info.train_y, list(info.class_names))
            self._show_images(*self._images)
        elif DATASETS[self._config.dataset].group == "tabular":
            self._show_table()
        else:
            self._show_points(info)

    def _show_sizes(self, info) -> None:
        sizes = info.sizes
        text = self.tr("train {train} · validation {val} · test {test}").format(
            train=sizes["train"], val=sizes["val"], test=sizes["test"])
        reason = getattr(info, "task_reason", "")  # which task a CSV's target made, and why
        self.sizes_label.setText(text + ("\n" + translate_core_message(reason) if reason else ""))

    def _show_balance(self, info) -> None:
        counts = list(getattr(info, "class_counts", None) or [])
        if not counts and info.task != "regression":
            counts = np.bincount(np.asarray(info.train_y).ravel(), minlength=info.n_classes).tolist()
        classify = info.task != "regression" and bool(counts)
        self.balance_label.setVisible(classify)
        self.balance_bar.setVisible(classify)
        if classify:
            self.balance_label.setText(balance_caption(counts))
            names = ([class_name(name) for name in info.class_names]
                     or [self.tr("class {k}").format(k=k) for k in range(len(counts))])
            self.balance_bar.set_counts(counts, names)

    def _show_images(self, images: np.ndarray, labels: np.ndarray, names: list[str]) -> None:
        chosen = pick_per_class(labels, len(names), IMAGES_PER_CLASS)
        self.image_grid.show_images(images[chosen], [names[int(labels[i])] for i in chosen])
        self.preview_stack.setCurrentWidget(self.image_grid)

    def _show_table(self) -> None:
        try:
            table = read_table(self._config.csv, max_rows=TABLE_ROWS)
        except (NNStudioError, OSError) as error:
            self.table.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.sizes_label.setText(translate_core_message(str(error)))
            return
        rows = table.rows[:TABLE_ROWS]
        # The target first, so it is in view in a narrow dock; then the columns as in the file.
        target = self._config.target or table.columns[-1]
        order = sorted(range(len(table.columns)), key=lambda c: table.columns[c] != target)
        headers = [table.columns[c] + (self.tr(" (target)") if table.columns[c] == target else "")
                   for c in order]
        self.table.clear()
        self.table.setColumnCount(len(table.columns))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels([str(n) for n in table.line_numbers[:TABLE_ROWS]])
        for row, cells in enumerate(rows):
            for column, source in enumerate(order):
                self.table.setItem(row, column, QTableWidgetItem(cells[source]))
        self.table.resizeColumnsToContents()
        self.preview_stack.setCurrentWidget(self.table)

    def _show_points(self, info) -> None:
        train_x, val_x = info.train_x, info.val_x
        self.preview_stack.setCurrentWidget(self.preview)
        if train_x.ndim != 2 or train_x.shape[1] > 2:
            self._train_points.setData([], [])
            self._val_points.setData([], [])
            self.preview_stack.setVisible(False)
            return
        self.preview_stack.setVisible(True)
        if info.task == "regression":
            self._train_points.setData(train_x[:, 0], info.train_y[:, 0], brush=TRAIN_COLOUR)
            self._val_points.setData(val_x[:, 0], info.val_y[:, 0], brush=VAL_COLOUR)
        else:
            self._train_points.setData(train_x[:, 0], train_x[:, 1], brush=class_brushes(info.train_y))
            self._val_points.setData(val_x[:, 0], val_x[:, 1], brush=class_brushes(info.val_y))
        self.preview.setAccessibleDescription(self.tr(
            "{train} training points (circles) and {validation} validation points (triangles)").format(
            train=len(train_x), validation=len(val_x)))
