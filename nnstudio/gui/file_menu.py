"""The File menu: open and save experiments (TOML) and models (checkpoints), recent files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from nnstudio.core.errors import NNStudioError
from nnstudio.core.experiment import atomic_write_text, load_config, save_config
from nnstudio.core.export import write_script
from nnstudio.core.store import load_checkpoint, save_checkpoint
from nnstudio.gui.plot_export import FORMATS, PlotExportError, export_plot

if TYPE_CHECKING:
    from nnstudio.gui.main_window import MainWindow

RECENT_LIMIT = 8
EXPERIMENT_FILTER = QT_TRANSLATE_NOOP("FileMenu", "Experiments (*.toml);;All files (*)")
MODEL_FILTER = QT_TRANSLATE_NOOP("FileMenu", "nnstudio models (*.pt);;All files (*)")
# Menu title, and where the plot lives on the window (a view with a ``plot``, or the PlotWidget).
PLOTS = [
    (QT_TRANSLATE_NOOP("FileMenu", "Loss"), "loss_view"),
    (QT_TRANSLATE_NOOP("FileMenu", "Accuracy"), "accuracy_view"),
    (QT_TRANSLATE_NOOP("FileMenu", "Learning rate"), "lr_view"),
    (QT_TRANSLATE_NOOP("FileMenu", "Decision boundary"), "boundary_view"),
    (QT_TRANSLATE_NOOP("FileMenu", "Regression fit"), "regression_view"),
    (QT_TRANSLATE_NOOP("FileMenu", "Weight histograms"), "weights_view.histogram_plot"),
    (QT_TRANSLATE_NOOP("FileMenu", "Gradient sizes"), "weights_view.gradient_plot"),
    (QT_TRANSLATE_NOOP("FileMenu", "Loss landscape"), "landscape_view.plane"),
    (QT_TRANSLATE_NOOP("FileMenu", "Cost against w"), "landscape_view.cost"),
    (QT_TRANSLATE_NOOP("FileMenu", "Lesson comparison"), "lessons.comparison"),
    (QT_TRANSLATE_NOOP("FileMenu", "Compared runs"), "runs_panel.overlay"),
]
PLOT_FILTERS = [QT_TRANSLATE_NOOP("FileMenu", "PNG images (*.png)"),
                QT_TRANSLATE_NOOP("FileMenu", "SVG vector images (*.svg)")]


class FileMenu(QObject):
    """Adds the File menu to ``window`` and carries out its actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._texts: list[tuple[QAction, str]] = []  # (action or menu action, source text): see retranslate
        menu = self.menu = window.menuBar().addMenu("")
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
        menu.addSeparator()
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "Export as PyTorch &script…"), "exportScriptAction", "Ctrl+E",
                  lambda: self.export_script())
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "Export &metrics as CSV…"), "exportMetricsAction", "",
                  lambda: self.export_metrics())
        plots = self.export_plot_menu = menu.addMenu("")
        plots.setObjectName("exportPlotMenu")
        self._texts.append((plots.menuAction(), QT_TRANSLATE_NOOP("FileMenu", "Export &plot")))
        plots.aboutToShow.connect(self._enable_visible_plots)  # only plots on screen can be drawn
        plots.setToolTip(self.tr("Save a plot as a PNG picture or an SVG drawing"))
        plots.setToolTipsVisible(True)
        for title, attribute in PLOTS:
            action = plots.addAction(self.tr(title) + "…", lambda checked=False, a=attribute: self.export_plot(a))
            action.setObjectName("exportPlot_" + attribute.replace(".", "_"))
        menu.addSeparator()
        self._add(menu, QT_TRANSLATE_NOOP("FileMenu", "&Quit"), "quitAction", QKeySequence.StandardKey.Quit,
                  window.close)
        self._fill_recent()
        self.retranslate()

    def retranslate(self) -> None:
        """Show the menu in the interface's language (the window calls this on a language change)."""
        for action, text in self._texts:
            action.setText(self.tr(text))
        for action, (title, _) in zip(self.export_plot_menu.actions(), PLOTS):
            action.setText(self.tr(title) + "…")
        self.export_plot_menu.setToolTip(self.tr("Save a plot as a PNG picture or an SVG drawing"))

    def _add(self, menu: QMenu, text: str, name: str, shortcut, slot) -> QAction:
        """An action whose ``text`` is a QT_TRANSLATE_NOOP("FileMenu", ...) source text."""
        action = QAction(self.tr(text), self.window, objectName=name)
        self._texts.append((action, text))
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- experiments ---
    def open_experiment(self, path: str = "") -> bool:
        path = path or QFileDialog.getOpenFileName(self.window, self.tr("Open experiment"), "",
                                                   self.tr(EXPERIMENT_FILTER))[0]
        if not path:
            return False
        try:
            config = load_config(path)
        except NNStudioError as error:
            self.window.message_bar.show_error(self.tr("Could not open the experiment: {error}").format(error=error))
            return False
        self.window.set_config(config)
        self._remember(path)
        self.window.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 5000)
        return True

    def _config_and_target(self, path: str, title: str, default_name: str, file_filter: str):
        """The window's valid config and the file to write it to (asked for if not given), or
        (None, "") after telling the user why not."""
        try:
            config = self.window.config()
        except NNStudioError as error:
            self.window.message_bar.show_error(self.tr("Fix the settings first: {error}").format(error=error))
            return None, ""
        path = path or QFileDialog.getSaveFileName(self.window, title, default_name, self.tr(file_filter))[0]
        return (config, path) if path else (None, "")

    def save_experiment(self, path: str = "") -> bool:
        config, path = self._config_and_target(path, self.tr("Save experiment"), "experiment.toml",
                                               EXPERIMENT_FILTER)
        if config is None:
            return False
        try:
            save_config(config, path)
        except OSError as error:
            self.window.message_bar.show_error(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=error.strerror))
            return False
        self._remember(path)
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    # --- models ---
    def save_model(self, path: str = "") -> bool:
        trainer = self.window.worker.trainer
        if trainer is None or self.window.state in ("running", "stepping"):
            self.window.message_bar.show_error(
                self.tr("Pause or stop training before saving the model.") if trainer
                else self.tr("There is no model to save yet."))
            return False
        path = path or QFileDialog.getSaveFileName(self.window, self.tr("Save model"), "model.pt",
                                                   self.tr(MODEL_FILTER))[0]
        if not path:
            return False
        try:  # the worker is idle or blocked in a pause: reading the weights here is safe
            save_checkpoint(path, trainer)
        except OSError as error:
            self.window.message_bar.show_error(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=error.strerror))
            return False
        self.window.statusBar().showMessage(self.tr("Saved the model to {path}").format(path=path), 5000)
        return True

    def load_model(self, path: str = "") -> bool:
        if self.window.state != "idle":
            self.window.message_bar.show_error(self.tr("Stop training before loading a model."))
            return False
        path = path or QFileDialog.getOpenFileName(self.window, self.tr("Load model"), "", self.tr(MODEL_FILTER))[0]
        if not path:
            return False
        try:
            checkpoint = load_checkpoint(path)
        except NNStudioError as error:
            self.window.message_bar.show_error(self.tr("Could not load the model: {error}").format(error=error))
            return False
        self.window.set_config(checkpoint.config, prepare=False)
        state = {key: value.cpu() for key, value in checkpoint.model.state_dict().items()}
        self.window.load_weights(checkpoint.config, state)
        self.window.statusBar().showMessage(
            self.tr("Loaded {path} (trained {count} epochs)").format(path=path, count=checkpoint.epoch), 5000)
        return True

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
            self.window.message_bar.show_error(self.tr("Could not export the script: {error}").format(error=error))
            return False
        self.window.statusBar().showMessage(
            self.tr("Wrote {path}: run it with python {name}").format(path=path, name=Path(path).name), 8000)
        return True

    def export_metrics(self, path: str = "") -> bool:
        history = self.window.history
        if not len(history):
            self.window.message_bar.show_error(self.tr("There are no metrics yet: train first."))
            return False
        path = path or QFileDialog.getSaveFileName(
            self.window, self.tr("Export metrics"), "metrics.csv", self.tr("CSV files (*.csv)"))[0]
        if not path:
            return False
        columns = ["epochs", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds"]
        lines = ["epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds"]
        for row in zip(*(getattr(history, name) for name in columns)):
            lines.append(",".join("" if value != value else f"{value:.8g}" for value in row))
        try:
            atomic_write_text(Path(path), "\n".join(lines) + "\n")
        except OSError as error:
            self.window.message_bar.show_error(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=error.strerror))
            return False
        return True

    def export_plot(self, attribute: str, path: str = "") -> bool:
        """Save one plot (see PLOTS) as PNG or SVG, by the file's suffix or the chosen file type."""
        plot = self._plot(attribute)
        if not plot.isVisible():
            self.window.message_bar.show_error(self.tr("Show the plot first, then export it."))
            return False
        if not path:
            filters = ";;".join(self.tr(text) for text in PLOT_FILTERS)
            default = attribute.split(".")[-1].replace("_view", "") + ".png"
            path, chosen = QFileDialog.getSaveFileName(self.window, self.tr("Export plot"), default, filters)
            if not path:
                return False
            if Path(path).suffix.lower() not in FORMATS:  # no suffix typed: take the chosen type's
                path += ".svg" if chosen == filters.split(";;")[1] else ".png"
        try:
            export_plot(plot, path)
        except PlotExportError as error:
            self.window.message_bar.show_error(self.tr("Could not export the plot: {0}.").format(error))
            return False
        except OSError as error:
            self.window.message_bar.show_error(
                self.tr("Could not save {0}: {1}").format(path, error.strerror or error))
            return False
        self.window.statusBar().showMessage(self.tr("Saved the plot to {0}").format(path), 5000)
        return True

    def _plot(self, attribute: str) -> pg.PlotWidget:
        plot = self.window
        for name in attribute.split("."):
            plot = getattr(plot, name)
        return plot if isinstance(plot, pg.PlotWidget) else plot.plot

    def _enable_visible_plots(self) -> None:
        for action, (title, attribute) in zip(self.export_plot_menu.actions(), PLOTS):
            action.setEnabled(self._plot(attribute).isVisible())

    # --- recent files ---
    def _remember(self, path: str) -> None:
        settings = self.window.settings()
        recent = [str(Path(path).resolve())] + [
            item for item in (settings.value("recent/experiments") or []) if item != str(Path(path).resolve())
        ]
        settings.setValue("recent/experiments", recent[:RECENT_LIMIT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.window.settings().value("recent/experiments") or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent:
            self.recent_menu.addAction(Path(path).name, lambda checked=False, p=path: self.open_experiment(p))
        self.recent_menu.setEnabled(bool(recent))

