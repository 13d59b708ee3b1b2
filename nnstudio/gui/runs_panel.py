"""The Runs panel: every recorded run in a table of its settings and results (sortable, filtered
by ranges as ``nnstudio runs list`` is: core/store/run_table.py); overlay several runs' loss and
accuracy, rename, annotate, delete, reopen."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import NNStudioError
from nnstudio.core.store import RunStore
from nnstudio.core.store.run_table import KEYS, RUN_COLUMNS, RunFilter, run_row
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.comparison_view import ComparisonView
from nnstudio.gui.views.describe import name_table_parts

# The table's columns (core/store/run_table.py): "final" is the saved model, "best" the epoch
# with the lowest validation loss.
COLUMNS = [column.header for column in RUN_COLUMNS]
HEADERS = [QT_TRANSLATE_NOOP("RunsPanel", "id"), QT_TRANSLATE_NOOP("RunsPanel", "name"),
           QT_TRANSLATE_NOOP("RunsPanel", "started"), QT_TRANSLATE_NOOP("RunsPanel", "data"),
           QT_TRANSLATE_NOOP("RunsPanel", "model"), QT_TRANSLATE_NOOP("RunsPanel", "layers"),
           QT_TRANSLATE_NOOP("RunsPanel", "widths"), QT_TRANSLATE_NOOP("RunsPanel", "optimizer"),
           QT_TRANSLATE_NOOP("RunsPanel", "lr"), QT_TRANSLATE_NOOP("RunsPanel", "batch"),
           QT_TRANSLATE_NOOP("RunsPanel", "L2"), QT_TRANSLATE_NOOP("RunsPanel", "dropout"),
           QT_TRANSLATE_NOOP("RunsPanel", "max epochs"), QT_TRANSLATE_NOOP("RunsPanel", "epochs"),
           QT_TRANSLATE_NOOP("RunsPanel", "stopped"), QT_TRANSLATE_NOOP("RunsPanel", "final train loss"),
           QT_TRANSLATE_NOOP("RunsPanel", "final val loss"), QT_TRANSLATE_NOOP("RunsPanel", "final val acc"),
           QT_TRANSLATE_NOOP("RunsPanel", "best val loss"), QT_TRANSLATE_NOOP("RunsPanel", "best val acc"),
           QT_TRANSLATE_NOOP("RunsPanel", "best epoch"), QT_TRANSLATE_NOOP("RunsPanel", "notes")]
GROUP_TIPS = {
    "setting": QT_TRANSLATE_NOOP("RunsPanel", "A setting of the run (filter: {key}<0.1, {key}=0.01..0.1, {key}=adam)"),
    "final": QT_TRANSLATE_NOOP("RunsPanel", "Of the saved model (after early stopping with restore: the restored epoch)"),
    "best": QT_TRANSLATE_NOOP("RunsPanel", "Of the epoch with the lowest validation loss"),
    "run": QT_TRANSLATE_NOOP("RunsPanel", "Filter with {key}"),
}
STOP_KINDS = {"completed": QT_TRANSLATE_NOOP("RunsPanel", "completed"),
              "stopped": QT_TRANSLATE_NOOP("RunsPanel", "stopped"),
              "early_stopped": QT_TRANSLATE_NOOP("RunsPanel", "early_stopped"),
              "diverged": QT_TRANSLATE_NOOP("RunsPanel", "diverged")}


class RunsPanel(FollowsLanguage, QWidget):
    """Emits ``openRequested(config, checkpoint)`` when the user reopens a run."""

    openRequested = Signal(object, str)  # the run's config, and its checkpoint file ("" if none)
    problem = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self._rows: list[dict] = []  # each run's values by column key (core/store/run_table.py)
        self.filter_edit = QLineEdit(objectName="runsFilter")
        self.filter_problem = QLabel(objectName="runsFilterProblem", wordWrap=True)
        self.filter_problem.hide()
        self.table = QTableWidget(objectName="runsTable")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.overlay = ComparisonView()
        self.overlay.setObjectName("runsOverlay")
        buttons = QHBoxLayout()
        self.refresh_button = self._button("runsRefreshButton", self.refresh)
        self.open_button = self._button("runsOpenButton", self._open_selected)
        self.delete_button = self._button("runsDeleteButton", self._delete_selected)
        for button in (self.refresh_button, self.open_button, self.delete_button):
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.filter_problem)
        left_layout.addWidget(self.table)
        left_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.overlay)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.table.itemSelectionChanged.connect(self._overlay_selected)
        self.table.itemChanged.connect(self._on_item_edited)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(self.tr("Filter: words of the name or notes, lr<0.05, batch=16..64, "
                                                    "optimizer=adam, final_val_acc>=0.9…"))
        self.filter_edit.setToolTip(self.tr("Words the name, notes or data must contain, and conditions on columns "
                                            "(their names as in nnstudio runs list: lr, batch, l2, dropout, "
                                            "max_epochs, final_val_loss, best_val_acc…); every part must hold"))
        self.filter_edit.setAccessibleName(self.tr("Filter runs"))
        self.table.setAccessibleName(self.tr("Recorded runs"))
        name_table_parts(self.table)
        self.table.setHorizontalHeaderLabels([self.tr(header) for header in HEADERS])
        for index, column in enumerate(RUN_COLUMNS):
            self.table.horizontalHeaderItem(index).setToolTip(
                f"{column.key}: " + self.tr(GROUP_TIPS[column.group]).format(key=column.key))
        for button, text in ((self.refresh_button, self.tr("Refresh")), (self.open_button, self.tr("Open")),
                             (self.delete_button, self.tr("Delete"))):
            button.setText(text)
            button.setAccessibleName(text)
        self.refresh_button.setToolTip(self.tr("Read the run history again"))
        self.open_button.setToolTip(self.tr("Restore the run's settings, and its trained model when it was kept"))
        self.delete_button.setToolTip(self.tr("Delete the selected runs from the history"))
        if self.table.rowCount():
            self.refresh()  # the "stopped" column is written in the language

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton(objectName=name)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        try:
            with RunStore() as store:
                runs = store.list_runs()
        except NNStudioError as error:
            self.problem.emit(self.tr("Run history: {error}").format(error=error))
            return
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(runs))
        self._rows = [run_row(run) for run in runs]
        for row, values in enumerate(self._rows):
            for column, key in enumerate(KEYS):
                value = values[key]
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, _stop_kind(value) if key == "stopped" else _shown(value))
                editable = key in ("name", "notes")
                flags = item.flags() | Qt.ItemFlag.ItemIsEditable if editable else item.flags() & ~Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                item.setData(Qt.ItemDataRole.UserRole, values["id"])
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.table.blockSignals(False)
        self._apply_filter()

    def shown_ids(self) -> list[int]:
        """The runs the table lists now (those the filter lets through), top to bottom; the
        whole history when the table was never filled."""
        if not self._rows:
            self.refresh()
        return [int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))
                for row in range(self.table.rowCount()) if not self.table.isRowHidden(row)]

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)) for row in rows]

    def _apply_filter(self) -> None:
        """Show the runs the filter lets through (core/store/run_table.py); a filter that cannot
        be read says why under it and hides nothing."""
        try:
            run_filter = RunFilter(self.filter_edit.text())
        except NNStudioError as error:
            self.filter_problem.setText(translate_core_message(str(error)))
            self.filter_problem.show()
            run_filter = RunFilter("")
        else:
            self.filter_problem.hide()
        rows = {values["id"]: values for values in self._rows}
        for row in range(self.table.rowCount()):
            values = rows.get(int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)))
            self.table.setRowHidden(row, values is not None and not run_filter.matches(values))

    def _overlay_selected(self) -> None:
        self.overlay.clear()
        try:
            with RunStore() as store:
                for run_id in self.selected_ids():
                    run = store.get_run(run_id)
                    columns = store.epoch_columns(run_id)
                    self.overlay.set_run(f"{run.id}: {run.name}", columns["epoch"],
                                         columns["train_loss"], columns["val_loss"],
                                         best_epoch=run.best_epoch,
                                         final_epoch=(run.final or {}).get("epoch"),
                                         train_acc=columns["train_acc"], val_acc=columns["val_acc"])
        except NNStudioError as error:
            self.problem.emit(self.tr("Run history: {error}").format(error=error))

    def _on_item_edited(self, item: QTableWidgetItem) -> None:
        run_id = int(item.data(Qt.ItemDataRole.UserRole))
        try:
            for values in self._rows:
                if values["id"] == run_id and KEYS[item.column()] in ("name", "notes"):
                    values[KEYS[item.column()]] = item.text()
            with RunStore() as store:
                if KEYS[item.column()] == "name":
                    store.rename(run_id, item.text())
                else:
                    store.set_notes(run_id, item.text())
        except NNStudioError as error:
            self.problem.emit(self.tr("Run history: {error}").format(error=error))

    def _open_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            with RunStore() as store:
                run = store.get_run(ids[0])
                config: RunConfig = run.config
        except NNStudioError as error:
            self.problem.emit(self.tr("Run history: {error}").format(error=error))
            return
        checkpoint = run.checkpoint if run.checkpoint and Path(run.checkpoint).is_file() else ""
        self.openRequested.emit(config, checkpoint)

    def _delete_selected(self) -> None:
        try:
            with RunStore() as store:
                for run_id in self.selected_ids():
                    store.delete(run_id)
        except NNStudioError as error:
            self.problem.emit(self.tr("Run history: {error}").format(error=error))
        self.refresh()


def _stop_kind(kind: Optional[str]) -> str:
    if not kind:
        return QCoreApplication.translate("RunsPanel", "running / killed")
    return QCoreApplication.translate("RunsPanel", STOP_KINDS[kind]) if kind in STOP_KINDS else kind


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return float(f"{value:.4g}")
    return value
