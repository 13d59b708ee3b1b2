"""Import a CSV file: preview the table, choose the target and feature columns, see problems.

The preview shows the first rows only; the whole file is checked in the background (with
progress and Cancel, see csv_loading.py), so a file of millions of rows never freezes the window."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

# The CSV reader's pandas, imported with the window rather than when a file is first read: while
# pandas builds its classes Python holds its lock for ~0.35 s, which the window would show as a
# freeze of the dialog (bench/csv_import.py measures the dialog's event loop).
import pandas  # noqa: F401

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import DataConfig
from nnstudio.core.data.csv_import import Table, read_table
from nnstudio.core.errors import DataError
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.csv_loading import CsvCheck, CsvSummary
from nnstudio.gui.theme import error_text_colour
from nnstudio.gui.views.describe import join_list, name_table_parts

PREVIEW_ROWS = 200
CHECK_DELAY_MS = 250  # settings changed in quick succession are checked once


class CsvImportDialog(QDialog):
    """Shows a CSV file and returns the DataConfig that trains on it (``data_config()``)."""

    def __init__(self, path: str, base: DataConfig, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("csvImportDialog")
        self.setWindowTitle(self.tr("Import {name}").format(name=Path(path).name))
        self.resize(720, 560)
        self.path = path
        self.base = base
        self.table: Optional[Table] = None

        self.preview = QTableWidget(objectName="csvPreview")
        self.preview.setAccessibleName(self.tr("File preview"))
        name_table_parts(self.preview)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.target_combo = QComboBox(objectName="csvTargetCombo")
        self.target_combo.setAccessibleName(self.tr("Target column"))
        self.target_combo.setToolTip(self.tr("The column the model learns to predict"))
        self.task_combo = QComboBox(objectName="csvTaskCombo")
        self.task_combo.setAccessibleName(self.tr("Task"))
        for text, value in [(self.tr("automatic (text or up to 20 whole numbers → classes, other numbers → regression)"), "auto"),
                            (self.tr("regression"), "regression"), (self.tr("classification"), "classification")]:
            self.task_combo.addItem(text, value)
        self.feature_list = QListWidget(objectName="csvFeatureList")
        self.feature_list.setAccessibleName(self.tr("Feature columns"))
        self.feature_list.setToolTip(self.tr("Inputs of the model; pick two to see a decision boundary"))
        self.feature_list.setMaximumHeight(140)
        self.standardize = QCheckBox(self.tr("Standardise features (mean 0, std 1 from the training split)"),
                                     objectName="csvStandardize", checked=base.standardize)
        self.problem = QLabel(objectName="csvProblem", wordWrap=True)
        self.problem.setStyleSheet(f"color: {error_text_colour()}")
        self.summary = QLabel(objectName="csvSummary", wordWrap=True)
        self.check: Optional[CsvCheck] = None  # the background read of the whole file
        self.progress = QProgressBar(objectName="csvProgress", visible=False)
        self.progress.setAccessibleName(self.tr("Reading the file"))
        self.cancel_check = QPushButton(self.tr("Stop reading"), objectName="csvCancelCheck",
                                        visible=False)
        self.cancel_check.setToolTip(self.tr("Stop checking the whole file (it is read again when training starts)"))
        self.cancel_check.clicked.connect(self._cancel_check)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._start_check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Target column"), self.target_combo)
        form.addRow(self.tr("Task"), self.task_combo)
        form.addRow(self.tr("Feature columns"), self.feature_list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, stretch=1)
        layout.addLayout(form)
        layout.addWidget(self.standardize)
        layout.addWidget(self.summary)
        reading = QHBoxLayout()
        reading.addWidget(self.progress, stretch=1)
        reading.addWidget(self.cancel_check)
        layout.addLayout(reading)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self._load()
        self.target_combo.currentIndexChanged.connect(self._on_target_changed)
        self.task_combo.currentIndexChanged.connect(self._check)
        self.feature_list.itemChanged.connect(self._check)
        self.standardize.toggled.connect(self._check)

    def _load(self) -> None:
        try:
            self.table = read_table(self.path, max_rows=PREVIEW_ROWS)
        except DataError as error:
            self._show_problem(translate_core_message(str(error)))
            self.target_combo.setEnabled(False)
            return
        table = self.table
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.setColumnCount(len(table.columns))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(table.columns)
        self.preview.setVerticalHeaderLabels([str(line) for line in table.line_numbers[:PREVIEW_ROWS]])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(cell))
        self.target_combo.addItems(table.columns)
        target = self.base.target if self.base.target in table.columns else table.columns[-1]
        self.target_combo.setCurrentText(target)
        index = self.task_combo.findData(self.base.task)
        self.task_combo.setCurrentIndex(max(index, 0))
        self._fill_features(target, set(self.base.feature_columns))
        self._check()

    def _fill_features(self, target: str, chosen: set[str]) -> None:
        self.feature_list.blockSignals(True)
        self.feature_list.clear()
        for name in self.table.columns:
            if name == target:
                continue
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if not chosen or name in chosen else Qt.CheckState.Unchecked
            )
            self.feature_list.addItem(item)
        self.feature_list.blockSignals(False)

    def _on_target_changed(self) -> None:
        self._fill_features(self.target_combo.currentText(), set(self.features()))
        self._check()

    def features(self) -> list[str]:
        return [
            self.feature_list.item(i).text()
            for i in range(self.feature_list.count())
            if self.feature_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def data_config(self) -> DataConfig:
        """The data settings the dialog describes."""
        all_features = self.features() == [
            name for name in (self.table.columns if self.table else []) if name != self.target_combo.currentText()
        ]
        return self.base.model_copy(update={
            "dataset": "csv",
            "csv": str(self.path),
            "target": self.target_combo.currentText(),
            "feature_columns": [] if all_features else self.features(),
            "task": self.task_combo.currentData(),
            "standardize": self.standardize.isChecked(),
        })

    def _check(self) -> None:
        """Check the file as configured, in the background, once the settings rest a moment."""
        if self.table is None:
            return
        if not self.features():
            self._check_timer.stop()
            self._stop_check()
            self._show_problem(self.tr("choose at least one feature column"))
            return
        self.summary.setText("")
        self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self._check_timer.start()

    def _start_check(self) -> None:
        if self.check is not None:  # a read of older settings: stop it, then start again
            self.check.cancel()
            self._check_timer.start()
            return
        self.check = CsvCheck(self.data_config())
        self.check.progressed.connect(self.progress.setValue)
        self.check.checked.connect(self._on_checked)
        self.check.failed.connect(self._on_check_failed)
        self.check.cancelled.connect(self._on_check_cancelled)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_check.setVisible(True)
        self.check.start()

    def _cancel_check(self) -> None:
        self._check_timer.stop()
        if self.check is not None:
            self.check.cancel()

    def _end_check(self) -> None:
        if self.check is not None:
            self.check.wait()  # it has sent its result: it ends at once
            self.check.deleteLater()
            self.check = None
        self.progress.setVisible(False)
        self.cancel_check.setVisible(False)

    def _stop_check(self) -> None:
        """Stop a read for good (the dialog closes, or nothing is left to check)."""
        self._check_timer.stop()
        if self.check is not None:
            for signal in (self.check.checked, self.check.failed, self.check.cancelled):
                signal.disconnect()
            self.check.cancel()
            self._end_check()

    def _on_check_failed(self, message: str) -> None:
        self._end_check()
        if not self._check_timer.isActive():
            self._show_problem(translate_core_message(message))

    def _on_check_cancelled(self) -> None:
        self._end_check()
        if not self._check_timer.isActive():  # cancelled by the user, not by new settings
            self._show_problem("")
            self.summary.setText(self.tr("Not checked to the end: problems in the file show when training starts."))

    def _on_checked(self, data: CsvSummary) -> None:
        self._end_check()
        if self._check_timer.isActive():
            return  # the settings changed meanwhile: their check comes next
        self._show_problem("")
        sizes = data.sizes
        kind = (self.tr("regression") if data.task == "regression"
                else self.tr("{count} classes: {names}").format(count=data.n_classes,
                                                                names=join_list(data.class_names[:8])))
        n_features = data.n_features
        if n_features == 2:
            views = self.tr("shows the decision boundary")
        elif n_features == 1 and data.task == "regression":
            views = self.tr("shows the fit curve")
        else:
            views = self.tr("curves only (pick one or two features to see the data drawn)")
        self.summary.setText(
            self.tr("{rows} rows · {features} features · {kind} · train {train}, validation {val}, test {test}").format(
                rows=data.rows, features=n_features, kind=kind, train=sizes["train"], val=sizes["val"],
                test=sizes["test"]) + " · " + views
        )

    def done(self, result: int) -> None:
        """Accepted or cancelled: a read still going on is stopped first."""
        self._stop_check()
        super().done(result)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not text)


def choose_csv_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("CsvImportDialog", "Import a CSV file"), "",
        QCoreApplication.translate("CsvImportDialog", "CSV files (*.csv *.tsv *.txt);;All files (*)")
    )
    return path
