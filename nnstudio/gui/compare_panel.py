"""The Compare panel, as Orange's Test & Score: tick several models, train them on the current
data and split in the background, and read them side by side in one table beside a baseline,
with each model's fit or boundary drawn small. A row opens its run; the test split is scored
only on request, once.
"""

from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import NNStudioError
from nnstudio.core.presets import preset_names
from nnstudio.core.train.compare import CURRENT, FAMILIES, model_specs
from nnstudio.gui.analysis_panel import AnalysisPanel
from nnstudio.gui.compare_worker import CompareJob, CompareRow, CompareWorker, TestScoreWorker
from nnstudio.gui.final_evaluation import WARNING as TEST_WARNING
from nnstudio.gui.views.compare_view import CompareMultiples
from nnstudio.gui.views.describe import name_table_parts

# The table's columns: the row key each shows, and its header.
COLUMNS = [
    ("model", QT_TRANSLATE_NOOP("ComparePanel", "model")),
    ("train_loss", QT_TRANSLATE_NOOP("ComparePanel", "train loss")),
    ("val_loss", QT_TRANSLATE_NOOP("ComparePanel", "val loss")),
    ("val_acc", QT_TRANSLATE_NOOP("ComparePanel", "val accuracy")),
    ("val_f1", QT_TRANSLATE_NOOP("ComparePanel", "val macro F1")),
    ("val_mse", QT_TRANSLATE_NOOP("ComparePanel", "val MSE")),
    ("val_r2", QT_TRANSLATE_NOOP("ComparePanel", "val R²")),
    ("params", QT_TRANSLATE_NOOP("ComparePanel", "parameters")),
    ("seconds", QT_TRANSLATE_NOOP("ComparePanel", "seconds")),
    ("test_loss", QT_TRANSLATE_NOOP("ComparePanel", "test loss")),
    ("test_acc", QT_TRANSLATE_NOOP("ComparePanel", "test accuracy")),
    ("test_f1", QT_TRANSLATE_NOOP("ComparePanel", "test macro F1")),
    ("test_mse", QT_TRANSLATE_NOOP("ComparePanel", "test MSE")),
    ("test_r2", QT_TRANSLATE_NOOP("ComparePanel", "test R²")),
]
KEYS = [key for key, _ in COLUMNS]
CLASS_ONLY = {"val_acc", "val_f1", "test_acc", "test_f1"}
REGRESSION_ONLY = {"val_mse", "val_r2", "test_mse", "test_r2"}
BASELINE_NAMES = {
    "baseline (majority class)": QT_TRANSLATE_NOOP("ComparePanel", "baseline (majority class)"),
    "baseline (training mean)": QT_TRANSLATE_NOOP("ComparePanel", "baseline (training mean)"),
}


class ComparePanel(AnalysisPanel):
    """Model list and buttons on the left, the table in the middle, small multiples on the right.
    ``openRequested(config, checkpoint)`` asks the window to open a row's run."""

    NAME = "compare"
    openRequested = Signal(object, str)

    def __init__(self, config_provider: Callable[[], RunConfig], parent: Optional[QWidget] = None) -> None:
        super().__init__(config_provider, parent)
        self.rows: list[CompareRow] = []
        self.job: Optional[CompareJob] = None  # the last comparison (its test split is scored from it)
        self._task = ""
        self._test_scored = False

        self.models_label = QLabel(wordWrap=True)
        self.model_list = _ModelList(objectName="compareModelList")
        for spec in (CURRENT, *FAMILIES, *preset_names()):
            if spec == "auto":
                continue
            item = QListWidgetItem(spec)
            item.setData(Qt.ItemDataRole.UserRole, spec)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if spec == CURRENT else Qt.CheckState.Unchecked)
            self.model_list.addItem(item)
        self.add_file_button = QPushButton(objectName="compareAddFileButton")
        self.add_file_button.clicked.connect(lambda: self.add_experiment_file())
        self.test_button = QPushButton(objectName="compareTestButton", enabled=False)
        self.test_button.clicked.connect(lambda: self.score_test())
        self.open_button = QPushButton(objectName="compareOpenButton", enabled=False)
        self.open_button.clicked.connect(self.open_selected)
        self.status_label = QLabel(objectName="compareStatusLabel", wordWrap=True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.stop_button)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.add_file_button)
        side.addLayout(buttons)
        side.addWidget(self.progress_bar)
        side.addWidget(self.status_label)
        side.addStretch(1)
        # The list beside its buttons under the picture (a short dock: at 16 pt the list kept
        # 1.5 rows and the label was cut), above them in a side column.
        self.controls_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.controls_row.addWidget(self.model_list, stretch=1)
        self.controls_row.addLayout(side)
        controls = _Controls(self.controls_row, objectName="compareControls")
        controls_layout = QVBoxLayout(controls)
        controls_layout.setContentsMargins(0, 0, 0, 0)
        controls_layout.addWidget(self.models_label)
        controls_layout.addLayout(self.controls_row, stretch=1)

        self.table = QTableWidget(0, len(COLUMNS), objectName="compareTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        # Rows in the order they were trained (the baseline first) until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.itemDoubleClicked.connect(lambda item: self.open_row(item.row()))
        self.table.itemSelectionChanged.connect(self._on_selection)
        table_side = QWidget()
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, stretch=1)
        table_buttons = QHBoxLayout()
        table_buttons.addWidget(self.open_button)
        table_buttons.addWidget(self.test_button)
        table_buttons.addStretch(1)
        table_layout.addLayout(table_buttons)

        self.multiples = CompareMultiples()
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="compareSplitter")
        splitter.addWidget(controls)
        splitter.addWidget(table_side)
        splitter.addWidget(self.multiples)
        splitter.setSizes([360, 640, 560])
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._show_columns()
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the interface's language; the results stay as they are."""
        self.models_label.setText(self.tr("Models to compare (the data and split are the current ones):"))
        self.model_list.setAccessibleName(self.tr("Models to compare"))
        self.model_list.setToolTip(self.tr(
            "current: the model and settings being edited; linear … cnn: that model family with the "
            "current settings; the others: a built-in experiment's model and training settings"))
        self.model_list.item(0).setText(self.tr("current settings"))
        self.add_file_button.setText(self.tr("Add experiment file…"))
        self.add_file_button.setToolTip(self.tr("Compare the model and training settings of a saved experiment"))
        self.run_button.setText(self.tr("Compare"))
        self.run_button.setAccessibleName(self.tr("Compare the models"))
        self.run_button.setToolTip(self.tr("Train every ticked model on the same data and split, beside a baseline"))
        self.stop_button.setText(self.tr("Cancel"))
        self.stop_button.setAccessibleName(self.tr("Cancel the comparison"))
        self.stop_button.setToolTip(self.tr("Stop after the current epoch; finished models stay in the table"))
        self.progress_bar.setAccessibleName(self.tr("Comparison progress"))
        self.open_button.setText(self.tr("Open run"))
        self.open_button.setToolTip(self.tr("Open the selected model's run: its settings and trained model"))
        self.test_button.setText(self.tr("Score on test set…"))
        self.test_button.setToolTip(self.tr("Score every model on the test split, once, after choosing"))
        self.table.setAccessibleName(self.tr("Compared models"))
        name_table_parts(self.table)
        self.table.setHorizontalHeaderLabels([self.tr(header) for _, header in COLUMNS])
        self._retranslate_progress()
        if self.rows:
            self._fill_table()
            self._show_status()

    # --- choosing ---
    def set_models(self, names: list[str]) -> None:
        """Tick exactly the models called ``names`` (list entries, or experiment files added)."""
        for index in range(self.model_list.count()):
            item = self.model_list.item(index)
            ticked = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def checked_models(self) -> list[str]:
        return [self.model_list.item(index).data(Qt.ItemDataRole.UserRole)
                for index in range(self.model_list.count())
                if self.model_list.item(index).checkState() == Qt.CheckState.Checked]

    def add_experiment_file(self, path: str = "") -> bool:
        """Add a saved experiment to the list, ticked (asked for when not given)."""
        path = path or QFileDialog.getOpenFileName(self, self.tr("Add experiment file"), "",
                                                   self.tr("Experiments (*.toml);;All files (*)"))[0]
        if not path:
            return False
        try:
            model_specs([path], self.config_provider())
        except NNStudioError as error:
            self._report(str(error))
            return False
        item = QListWidgetItem(path)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.model_list.addItem(item)
        return True

    # --- running ---
    def run(self) -> None:
        """Check the choice and start the comparison; a problem is reported, not raised."""
        if self.running:
            return
        try:
            config = self.config_provider()
            specs = model_specs(self.checked_models(), config)
        except NNStudioError as error:
            self._report(str(error))
            return
        self.rows.clear()
        self._task, self._test_scored = "", False
        self.status_label.setText("")
        self.test_button.setEnabled(False)
        self._fill_table()
        self.multiples.show_pictures([])
        self.job = CompareJob(config, specs)
        worker = CompareWorker(self.control, self.job)
        worker.rowFinished.connect(self._on_row)
        self._start(worker)

    def score_test(self, ask: bool = True) -> bool:
        """Score every model on the test split, once, after a warning; False if not done."""
        job = self.job
        if self.running or job is None or job.result is None or self._test_scored:
            return False
        if not job.has_test_split:
            self._report("there is no test set (data.test_fraction is 0)")
            return False
        if ask:
            answer = QMessageBox.question(self, self.tr("Score on the test set"),
                                          QCoreApplication.translate("FinalEvaluation", TEST_WARNING))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.test_button.setEnabled(False)
        worker = TestScoreWorker(self.control, job)
        worker.scored.connect(self._on_test_scored)
        self._start(worker)
        return True

    def _set_running(self, running: bool) -> None:
        super()._set_running(running)
        self.model_list.setEnabled(not running)
        self.add_file_button.setEnabled(not running)

    def _show_problem(self, message: str) -> None:
        self.status_label.setText(self.tr("Not compared: {message}").format(message=message))
        self.problem.emit(self.tr("Compare: {message}").format(message=message))

    # --- worker signals ---
    def _on_row(self, row: CompareRow) -> None:
        self.rows.append(row)
        if row.values.get("val_acc") is not None:
            self._task = "classification"
        elif row.values.get("val_mse") is not None:
            self._task = "regression"
        self._fill_table()
        self.multiples.show_pictures([(self._title(row), row.picture) for row in self.rows])

    def _on_test_scored(self, rows: list[CompareRow]) -> None:
        for row, scored in zip(self.rows, rows):
            row.values = scored.values
        self._test_scored = True
        self._fill_table()
        self._show_status()

    def _on_finished(self, stopped: bool) -> None:
        super()._on_finished(stopped)
        self._show_status()

    def _on_thread_finished(self) -> None:
        super()._on_thread_finished()
        job = self.job
        self.test_button.setEnabled(job is not None and job.result is not None and not self._test_scored
                                    and job.has_test_split)

    def _show_status(self) -> None:
        models = [row for row in self.rows if not row.baseline]
        if not models:
            return
        best = min((row for row in models if row.values.get("val_loss") is not None),
                   key=lambda row: row.values["val_loss"], default=None)
        text = ""
        if best is not None:
            text = self.tr("Lowest validation loss: {model}.").format(model=best.model)
        if self._stopped:
            text = self.tr("Cancelled. ") + text
        if self._test_scored:
            text += " " + self.tr("Test split scored: it must not steer the choice of a model.")
        if self.job is not None and self.job.record_problem:
            text += " " + self.tr("Not all models were recorded: {problem}").format(problem=self.job.record_problem)
        self.status_label.setText(text)

    # --- the table ---
    def _show_columns(self) -> None:
        for column, key in enumerate(KEYS):
            hidden = ((key in CLASS_ONLY and self._task == "regression")
                      or (key in REGRESSION_ONLY and self._task != "regression")
                      or (key.startswith("test_") and not self._test_scored))
            self.table.setColumnHidden(column, hidden)

    def _fill_table(self) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        italic = QFont()
        italic.setItalic(True)
        for index, row in enumerate(self.rows):
            for column, key in enumerate(KEYS):
                value = self._model_name(row) if key == "model" else row.values.get(key)
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, _shown(key, value))
                item.setData(Qt.ItemDataRole.UserRole, index)
                if row.baseline:
                    item.setFont(italic)
                if key == "model" and row.stop_kind == "diverged":
                    item.setToolTip(self.tr("diverged: try a smaller learning rate"))
                self.table.setItem(index, column, item)
        self.table.setSortingEnabled(True)
        self._show_columns()
        self.table.resizeColumnsToContents()

    def _model_name(self, row: CompareRow) -> str:
        if row.baseline:
            return self.tr(BASELINE_NAMES.get(row.model, row.model))
        return self.tr("{model} (diverged)").format(model=row.model) if row.stop_kind == "diverged" else row.model

    def _title(self, row: CompareRow) -> str:
        score = row.values.get("val_acc") if self._task != "regression" else row.values.get("val_r2")
        if score is None:
            return self._model_name(row)
        label = self.tr("accuracy {value:.0%}") if self._task != "regression" else self.tr("R² {value:.2f}")
        return f"{self._model_name(row)}: {label.format(value=score)}"

    def row_at(self, table_row: int) -> Optional[CompareRow]:
        """The CompareRow shown in line ``table_row`` of the table (as sorted now)."""
        item = self.table.item(table_row, 0)
        return None if item is None else self.rows[int(item.data(Qt.ItemDataRole.UserRole))]

    def table_values(self, key: str) -> list:
        """The column ``key`` as the table shows it, top to bottom (for tests and exports)."""
        column = KEYS.index(key)
        return [self.table.item(line, column).data(Qt.ItemDataRole.DisplayRole)
                for line in range(self.table.rowCount())]

    def _on_selection(self) -> None:
        lines = {index.row() for index in self.table.selectedIndexes()}
        row = self.row_at(next(iter(lines))) if len(lines) == 1 else None
        self.open_button.setEnabled(row is not None and not row.baseline and row.config is not None)

    def open_selected(self) -> None:
        lines = sorted({index.row() for index in self.table.selectedIndexes()})
        if lines:
            self.open_row(lines[0])

    def open_row(self, table_row: int) -> bool:
        """Open the run of the model in line ``table_row``: its settings and trained model."""
        row = self.row_at(table_row)
        if row is None or row.baseline or row.config is None:
            return False
        self.openRequested.emit(row.config, row.checkpoint)
        return True


class _ModelList(QListWidget):
    """The list of models: never squeezed below three rows at the current font."""

    ROWS = 3

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height()
        scroll_bar = self.horizontalScrollBar().sizeHint().height()
        hint.setHeight(max(hint.height(), self.ROWS * row + 2 * self.frameWidth() + scroll_bar))
        hint.setWidth(max(hint.width(), 20 * self.fontMetrics().averageCharWidth()))
        return hint


class _Controls(QWidget):
    """The model list and its buttons: side by side when the panel lies under the picture (its
    splitter across), one above the other in a side column (its splitter upright)."""

    def __init__(self, row: QBoxLayout, **kwargs) -> None:
        super().__init__(**kwargs)
        self._row = row

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        splitter = self.parentWidget()
        across = not isinstance(splitter, QSplitter) or splitter.orientation() == Qt.Orientation.Horizontal
        direction = QBoxLayout.Direction.LeftToRight if across else QBoxLayout.Direction.TopToBottom
        if self._row.direction() != direction:
            self._row.setDirection(direction)
        self.setMaximumWidth(560 if across else 16_777_215)


def _shown(key: str, value):
    if value is None:
        return ""
    if key == "seconds":
        return round(float(value), 2)
    if isinstance(value, float):
        return float(f"{value:.4g}")
    return value
