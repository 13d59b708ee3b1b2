"""The Runs panel: every recorded run in a table; overlay several, rename, annotate, delete, reopen."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
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
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.views.comparison_view import ComparisonView
from nnstudio.gui.views.describe import name_table_parts

# "final" is the saved model (after early stopping with restore, the restored epoch); "best" the
# epoch with the lowest validation loss.
COLUMNS = ["id", "name", "started", "epochs", "stopped", "final val loss", "final val acc",
           "best val loss", "best epoch", "notes"]
HEADERS = [QT_TRANSLATE_NOOP("RunsPanel", "id"), QT_TRANSLATE_NOOP("RunsPanel", "name"),
           QT_TRANSLATE_NOOP("RunsPanel", "started"), QT_TRANSLATE_NOOP("RunsPanel", "epochs"),
           QT_TRANSLATE_NOOP("RunsPanel", "stopped"), QT_TRANSLATE_NOOP("RunsPanel", "final val loss"),
           QT_TRANSLATE_NOOP("RunsPanel", "final val acc"), QT_TRANSLATE_NOOP("RunsPanel", "best val loss"),
           QT_TRANSLATE_NOOP("RunsPanel", "best epoch"), QT_TRANSLATE_NOOP("RunsPanel", "notes")]
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
        self.filter_edit = QLineEdit(objectName="runsFilter")
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
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or notes…"))
        self.filter_edit.setAccessibleName(self.tr("Filter runs"))
        self.table.setAccessibleName(self.tr("Recorded runs"))
        name_table_parts(self.table)
        self.table.setHorizontalHeaderLabels([self.tr(header) for header in HEADERS])
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
        for row, run in enumerate(runs):
            final, best = run.final or {}, run.best or {}
            values = [run.id, run.name, run.started_at[:19].replace("T", " "), run.epochs,
                      _stop_kind(run.stop_kind), final.get("val_loss"), final.get("val_acc"),
                      best.get("val_loss"), run.best_epoch, run.notes]
            for column, value in enumerate(values):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, _shown(value))
                editable = COLUMNS[column] in ("name", "notes")
                flags = item.flags() | Qt.ItemFlag.ItemIsEditable if editable else item.flags() & ~Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                item.setData(Qt.ItemDataRole.UserRole, run.id)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.table.blockSignals(False)
        self._apply_filter()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)) for row in rows]

    def _apply_filter(self) -> None:
        text = self.filter_edit.text().lower()
        for row in range(self.table.rowCount()):
            haystack = " ".join(self.table.item(row, COLUMNS.index(c)).text().lower()
                                for c in ("name", "notes"))
            self.table.setRowHidden(row, bool(text) and text not in haystack)

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
                                         final_epoch=(run.final or {}).get("epoch"))
        except NNStudioError as error:
            self.problem.emit(self.tr("Run history: {error}").format(error=error))

    def _on_item_edited(self, item: QTableWidgetItem) -> None:
        run_id = int(item.data(Qt.ItemDataRole.UserRole))
        try:
            with RunStore() as store:
                if COLUMNS[item.column()] == "name":
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
        return round(value, 4)
    return value
