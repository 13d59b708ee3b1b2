"""The File menu: open and save experiments (TOML) and models (checkpoints), recent files."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar, QStatusBar, QWidget

from nnstudio.core.errors import NNStudioError
from nnstudio.core.atomic_save import atomic_write_text
from nnstudio.core.experiment import load_config, save_config
from nnstudio.core.export import write_script
from nnstudio.core.export.notebook import write_notebook
from nnstudio.core.store import save_checkpoint
from nnstudio.gui.core_messages import os_reason, translate_core_message
from nnstudio.gui.follow_folder import FolderFollower
from nnstudio.gui.i18n import current_language
from nnstudio.gui.message_bar import MessageBar
from nnstudio.gui.model_loading import ModelLoading
from nnstudio.gui.plot_export import FORMATS, PlotExportError, export_plot
from nnstudio.gui.predict_dialog import ACTION_TEXT as PREDICT_TEXT
from nnstudio.gui.predict_dialog import CsvPrediction
from nnstudio.gui.settings import app_settings
from nnstudio.session.state import AppSession

RECENT_LIMIT = 8
EXPERIMENT_FILTER = QT_TRANSLATE_NOOP("FileMenu", "Experiments (*.toml);;All files (*)")
MODEL_FILTER = QT_TRANSLATE_NOOP("FileMenu", "nnstudio models (*.pt);;All files (*)")
# The plots File ▸ Export plot offers: their keys (see FileMenu's ``plots``) and menu titles.
PLOT_TITLES = {
    "loss_view": QT_TRANSLATE_NOOP("FileMenu", "Loss"),
    "accuracy_view": QT_TRANSLATE_NOOP("FileMenu", "Accuracy"),
    "lr_view": QT_TRANSLATE_NOOP("FileMenu", "Learning rate"),
    "boundary_view": QT_TRANSLATE_NOOP("FileMenu", "Decision boundary"),
    "regression_view": QT_TRANSLATE_NOOP("FileMenu", "Regression fit"),
    "weights_histogram": QT_TRANSLATE_NOOP("FileMenu", "Weight histograms"),
    "gradient_sizes": QT_TRANSLATE_NOOP("FileMenu", "Gradient sizes"),
    "landscape_plane": QT_TRANSLATE_NOOP("FileMenu", "Loss landscape"),
    "landscape_cost": QT_TRANSLATE_NOOP("FileMenu", "Cost against w"),
    "lesson_comparison": QT_TRANSLATE_NOOP("FileMenu", "Lesson comparison"),
    "compared_runs": QT_TRANSLATE_NOOP("FileMenu", "Compared runs"),
}
PLOT_FILTERS = [QT_TRANSLATE_NOOP("FileMenu", "PNG images (*.png)"),
                QT_TRANSLATE_NOOP("FileMenu", "SVG vector images (*.svg)")]


class FileMenu(QObject):
    """Adds the File menu to ``menu_bar`` and carries out its actions on ``session``: its file
    dialogs open over ``parent`` (Quit closes ``parent``'s window), what was done shows in
    ``status_bar``. ``plots`` gives each key of PLOT_TITLES its plot widget (a pyqtgraph
    PlotWidget), for Export plot."""

    def __init__(self, parent: QWidget, menu_bar: QMenuBar, status_bar: QStatusBar, session: AppSession,
                 message_bar: MessageBar, plots: dict[str, Callable[[], pg.PlotWidget]]) -> None:
        super().__init__(parent)
        self.parent_widget, self.status_bar = parent, status_bar
        self.session, self.message_bar, self.plots = session, message_bar, plots
        self.loading: Optional[ModelLoading] = None  # a model being read in the background
        self._loading_done: Optional[Callable[[bool], None]] = None
        self._texts: list[tuple[QAction, str]] = []  # (action or menu action, source text): see retranslate
        menu = self.menu = menu_bar.addMenu("")
        menu.setObjectName("fileMenu")
        self._texts.append((menu.menuAction(), QT_TRANSLATE_NOOP("FileMenu", "&File")))
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "&Open experiment…"), "openExperimentAction",
                  QKeySequence.StandardKey.Open, lambda: self.open_experiment())
        self.recent_menu = menu.addMenu("")
        self.recent_menu.setObjectName("recentMenu")
        self._texts.append((self.recent_menu.menuAction(), QT_TRANSLATE_NOOP("FileMenu", "Open &recent")))
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "&Save experiment as…"), "saveExperimentAction",
                  QKeySequence.StandardKey.Save, lambda: self.save_experiment())
        menu.addSeparator()
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "&Load model…"), "loadModelAction", "Ctrl+L",
                  lambda: self.load_model())
        self.save_model_action = self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "Save &model as…"),
                                           "saveModelAction", "Ctrl+M", lambda: self.save_model())
        self.csv_prediction = CsvPrediction(parent, status_bar, session, message_bar)
        self._add(menu, PREDICT_TEXT, "predictCsvAction", "", lambda: self.csv_prediction.start())
        menu.addSeparator()
        self.follower = FolderFollower(session, message_bar, self)
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "&Follow a run folder…"), "followFolderAction", "",
                  lambda: self.follow_folder())
        menu.addSeparator()
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "Export as PyTorch &script…"), "exportScriptAction", "Ctrl+E",
                  lambda: self.export_script())
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "Export as Jupyter &notebook…"), "exportNotebookAction",
                  "", lambda: self.export_notebook())
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "Export &metrics as CSV…"), "exportMetricsAction", "",
                  lambda: self.export_metrics())
        plots = self.export_plot_menu = menu.addMenu("")
        plots.setObjectName("exportPlotMenu")
        self._texts.append((plots.menuAction(), QT_TRANSLATE_NOOP("FileMenu", "Export &plot")))
        plots.aboutToShow.connect(self._enable_visible_plots)  # only plots on screen can be drawn
        plots.setToolTip(self.tr("Save a plot as a PNG picture or an SVG drawing"))
        plots.setToolTipsVisible(True)
        for key, title in PLOT_TITLES.items():
            action = plots.addAction(self.tr(title) + "…", lambda checked=False, k=key: self.export_plot(k))
            action.setObjectName("exportPlot_" + key)
        menu.addSeparator()
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "&Quit"), "quitAction", QKeySequence.StandardKey.Quit,
                  lambda: parent.window().close())
        self._fill_recent()
        self.retranslate()

    def retranslate(self) -> None:
        """Show the menu in the interface's language (the window calls this on a language change)."""
        for action, text in self._texts:
            action.setText(self.tr(text))
        for action, title in zip(self.export_plot_menu.actions(), PLOT_TITLES.values()):
            action.setText(self.tr(title) + "…")
        self.export_plot_menu.setToolTip(self.tr("Save a plot as a PNG picture or an SVG drawing"))

    def _add(self, menu: QMenu, text: str, name: str, shortcut, slot) -> QAction:
        """An action whose ``text`` is a QT_TRANSLATE_NOOP("FileMenu", ...) source text."""
        action = QAction(self.tr(text), self.parent_widget, objectName=name)
        self._texts.append((action, text))
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- experiments ---
    def open_experiment(self, path: str = "") -> bool:
        path = path or QFileDialog.getOpenFileName(self.parent_widget, self.tr("Open experiment"), "",
                                                   self.tr(EXPERIMENT_FILTER))[0]
        if not path:
            return False
        try:
            config = load_config(path)
        except NNStudioError as error:
            self.message_bar.show_error(self.tr("Could not open the experiment: {error}").format(error=error))
            return False
        self.session.replace_config(config)
        self._remember(path)
        self.status_bar.showMessage(self.tr("Opened {path}").format(path=path), 5000)
        return True

    def _config_and_target(self, path: str, title: str, default_name: str, file_filter: str):
        """The window's valid config and the file to write it to (asked for if not given), or
        (None, "") after telling the user why not."""
        try:
            config = self.session.valid_config()
        except NNStudioError as error:
            self.message_bar.show_error(self.tr("Fix the settings first: {error}").format(error=error))
            return None, ""
        path = path or QFileDialog.getSaveFileName(self.parent_widget, title, default_name, self.tr(file_filter))[0]
        return (config, path) if path else (None, "")

    def save_experiment(self, path: str = "") -> bool:
        config, path = self._config_and_target(path, self.tr("Save experiment"), "experiment.toml",
                                               EXPERIMENT_FILTER)
        if config is None:
            return False
        try:
            save_config(config, path)
        except OSError as error:
            self.message_bar.show_error(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=os_reason(error)))
            return False
        self._remember(path)
        self.status_bar.showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    # --- models ---
    def save_model(self, path: str = "") -> bool:
        trainer = self.session.model
        if trainer is None or self.session.status in ("running", "stepping"):
            self.message_bar.show_error(
                self.tr("Pause or stop training before saving the model.") if trainer
                else self.tr("There is no model to save yet."))
            return False
        path = path or QFileDialog.getSaveFileName(self.parent_widget, self.tr("Save model"), "model.pt",
                                                   self.tr(MODEL_FILTER))[0]
        if not path:
            return False
        try:  # the worker is idle or blocked in a pause: reading the weights here is safe
            save_checkpoint(path, trainer)
        except OSError as error:
            self.message_bar.show_error(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=os_reason(error)))
            return False
        self.status_bar.showMessage(self.tr("Saved the model to {path}").format(path=path), 5000)
        return True

    def load_model(self, path: str = "", done: Optional[Callable[[bool], None]] = None) -> bool:
        """Start loading a saved model in the background (model_loading.py); the window keeps
        answering meanwhile. ``done(ok)`` is called once it is applied or refused. False if no
        loading started (training, another model loading, no file chosen)."""
        if self.session.status != "idle":
            self.message_bar.show_error(self.tr("Stop training before loading a model."))
            return False
        if self.loading is not None:
            self.message_bar.show_error(self.tr("A model is already being loaded."))
            return False
        path = path or QFileDialog.getOpenFileName(self.parent_widget, self.tr("Load model"), "", self.tr(MODEL_FILTER))[0]
        if not path:
            return False
        self.loading, self._loading_done = ModelLoading(path), done
        self.loading.loaded.connect(self._on_model_loaded)
        self.loading.failed.connect(self._on_model_failed)
        self.status_bar.showMessage(self.tr("Loading {path}…").format(path=path))
        self.loading.start()
        return True

    def _on_model_loaded(self, checkpoint) -> None:
        path, done = self._end_loading()
        if self.session.status != "idle":  # training was started while the file was read
            self._on_model_failed(self.tr("Stop training before loading a model."), path, done)
            return
        self.session.replace_config(checkpoint.config, prepare=False)
        state = {key: value.cpu() for key, value in checkpoint.model.state_dict().items()}
        self.session.load_weights(checkpoint.config, state)
        self.status_bar.showMessage(
            self.tr("Loaded {path} (trained {count} epochs)").format(path=path, count=checkpoint.epoch), 5000)
        if done is not None:
            done(True)

    def _on_model_failed(self, error: str, path: str = "", done=None) -> None:
        if self.loading is not None:
            path, done = self._end_loading()
        self.status_bar.clearMessage()
        self.message_bar.show_error(self.tr("Could not load the model: {error}").format(
            error=translate_core_message(error)))
        if done is not None:
            done(False)

    def _end_loading(self) -> tuple[str, Optional[Callable[[bool], None]]]:
        loading, done = self.loading, self._loading_done
        loading.wait()  # it has emitted its result: it ends at once
        self.loading, self._loading_done = None, None
        return loading.path, done

    def shutdown(self) -> None:
        """A model being read when the window closes: wait for it (its result is dropped)."""
        if self.loading is not None:
            self.loading.loaded.disconnect()
            self.loading.failed.disconnect()
            self.loading.wait()
            self.loading = None

    # --- a run that trains elsewhere ---
    def follow_folder(self, path: str = "") -> bool:
        """Show the curves of the run another process writes into a run folder (--out DIR)."""
        path = path or QFileDialog.getExistingDirectory(self.parent_widget, self.tr("Follow a run folder"))
        return bool(path) and self.follower.follow(path)

    # --- exports ---
    def export_script(self, path: str = "") -> bool:
        """A standalone train.py that reproduces this experiment with plain PyTorch."""
        config, path = self._config_and_target(path, self.tr("Export as PyTorch script"), "train.py",
                                               QT_TRANSLATE_NOOP("FileMenu", "Python files (*.py)"))
        if config is None:
            return False
        try:
            write_script(config, path)
        except (NNStudioError, OSError) as error:
            self.message_bar.show_error(self.tr("Could not export the script: {error}").format(error=error))
            return False
        self.status_bar.showMessage(
            self.tr("Wrote {path}: run it with python {name}").format(path=path, name=Path(path).name), 8000)
        return True

    def export_notebook(self, path: str = "") -> bool:
        """A Jupyter notebook: the script's code in cells, explained in the interface's language,
        with the open lesson's text."""
        config, path = self._config_and_target(path, self.tr("Export as Jupyter notebook"), "lesson.ipynb",
                                               QT_TRANSLATE_NOOP("FileMenu", "Jupyter notebooks (*.ipynb)"))
        if config is None:
            return False
        try:
            write_notebook(config, path, self.session.lesson, current_language())
        except (NNStudioError, OSError) as error:
            self.message_bar.show_error(self.tr("Could not export the notebook: {error}").format(
                error=translate_core_message(str(error))))
            return False
        self.status_bar.showMessage(
            self.tr("Wrote {path}: open it in Jupyter").format(path=path), 8000)
        return True

    def export_metrics(self, path: str = "") -> bool:
        history = self.session.history
        if not len(history):
            self.message_bar.show_error(self.tr("There are no metrics yet: train first."))
            return False
        path = path or QFileDialog.getSaveFileName(
            self.parent_widget, self.tr("Export metrics"), "metrics.csv", self.tr("CSV files (*.csv)"))[0]
        if not path:
            return False
        columns = ["epochs", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds"]
        lines = ["epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds"]
        for row in zip(*(getattr(history, name) for name in columns)):
            lines.append(",".join("" if value != value else f"{value:.8g}" for value in row))
        try:
            atomic_write_text(Path(path), "\n".join(lines) + "\n")
        except OSError as error:
            self.message_bar.show_error(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=os_reason(error)))
            return False
        return True

    def export_plot(self, key: str, path: str = "") -> bool:
        """Save one plot (a key of PLOT_TITLES) as PNG or SVG, by the file's suffix or the chosen
        file type."""
        plot = self._plot(key)
        if not plot.isVisible():
            self.message_bar.show_error(self.tr("Show the plot first, then export it."))
            return False
        if not path:
            filters = ";;".join(self.tr(text) for text in PLOT_FILTERS)
            default = key.replace("_view", "") + ".png"
            path, chosen = QFileDialog.getSaveFileName(self.parent_widget, self.tr("Export plot"), default, filters)
            if not path:
                return False
            if Path(path).suffix.lower() not in FORMATS:  # no suffix typed: take the chosen type's
                path += ".svg" if chosen == filters.split(";;")[1] else ".png"
        try:
            export_plot(plot, path)
        except PlotExportError as error:
            self.message_bar.show_error(self.tr("Could not export the plot: {0}.").format(error))
            return False
        except OSError as error:
            self.message_bar.show_error(
                self.tr("Could not save {0}: {1}").format(path, os_reason(error)))
            return False
        self.status_bar.showMessage(self.tr("Saved the plot to {0}").format(path), 5000)
        return True

    def _plot(self, key: str) -> pg.PlotWidget:
        return self.plots[key]()

    def _enable_visible_plots(self) -> None:
        for action, key in zip(self.export_plot_menu.actions(), PLOT_TITLES):
            action.setEnabled(self._plot(key).isVisible())

    # --- recent files ---
    def _remember(self, path: str) -> None:
        settings = app_settings()
        recent = [str(Path(path).resolve())] + [
            item for item in (settings.value("recent/experiments") or []) if item != str(Path(path).resolve())
        ]
        settings.setValue("recent/experiments", recent[:RECENT_LIMIT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = app_settings().value("recent/experiments") or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent:
            self.recent_menu.addAction(Path(path).name, lambda checked=False, p=path: self.open_experiment(p))
        self.recent_menu.setEnabled(bool(recent))

