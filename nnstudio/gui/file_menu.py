"""The File menu: open and save experiments (TOML) and models (checkpoints), recent files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from pyqtgraph.exporters import ImageExporter

from nnstudio.core.errors import NNStudioError
from nnstudio.core.experiment import atomic_write_text, load_config, save_config
from nnstudio.core.export import write_script
from nnstudio.core.store import load_checkpoint, save_checkpoint

if TYPE_CHECKING:
    from nnstudio.gui.main_window import MainWindow

RECENT_LIMIT = 8
EXPERIMENT_FILTER = "Experiments (*.toml);;All files (*)"
MODEL_FILTER = "nnstudio models (*.pt);;All files (*)"
PLOTS = [("Loss", "loss_view"), ("Accuracy", "accuracy_view"), ("Learning rate", "lr_view"),
         ("Decision boundary", "boundary_view"), ("Regression fit", "regression_view")]


class FileMenu(QObject):
    """Adds the File menu to ``window`` and carries out its actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = window.menuBar().addMenu("&File")
        menu.setObjectName("fileMenu")
        self._add(menu, "&Open experiment…", "openExperimentAction", QKeySequence.StandardKey.Open,
                  lambda: self.open_experiment())
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.setObjectName("recentMenu")
        self._add(menu, "&Save experiment as…", "saveExperimentAction", QKeySequence.StandardKey.Save,
                  lambda: self.save_experiment())
        menu.addSeparator()
        self._add(menu, "&Load model…", "loadModelAction", "Ctrl+L", lambda: self.load_model())
        self.save_model_action = self._add(menu, "Save &model as…", "saveModelAction", "Ctrl+M",
                                           lambda: self.save_model())
        menu.addSeparator()
        self._add(menu, "Export as PyTorch &script…", "exportScriptAction", "Ctrl+E",
                  lambda: self.export_script())
        self._add(menu, "Export &metrics as CSV…", "exportMetricsAction", "", lambda: self.export_metrics())
        plots = menu.addMenu("Export &plot")
        plots.setObjectName("exportPlotMenu")
        for title, attribute in PLOTS:
            plots.addAction(title, lambda checked=False, a=attribute: self.export_plot(a))
        menu.addSeparator()
        self._add(menu, "&Quit", "quitAction", QKeySequence.StandardKey.Quit, window.close)
        self._fill_recent()

    def _add(self, menu: QMenu, text: str, name: str, shortcut, slot) -> QAction:
        action = QAction(text, self.window, objectName=name)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- experiments ---
    def open_experiment(self, path: str = "") -> bool:
        path = path or QFileDialog.getOpenFileName(self.window, "Open experiment", "", EXPERIMENT_FILTER)[0]
        if not path:
            return False
        try:
            config = load_config(path)
        except NNStudioError as error:
            self.window.message_bar.show_error(f"Could not open the experiment: {error}")
            return False
        self.window.set_config(config)
        self._remember(path)
        self.window.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def _config_and_target(self, path: str, title: str, default_name: str, file_filter: str):
        """The window's valid config and the file to write it to (asked for if not given), or
        (None, "") after telling the user why not."""
        try:
            config = self.window.config()
        except NNStudioError as error:
            self.window.message_bar.show_error(f"Fix the settings first: {error}")
            return None, ""
        path = path or QFileDialog.getSaveFileName(self.window, title, default_name, file_filter)[0]
        return (config, path) if path else (None, "")

    def save_experiment(self, path: str = "") -> bool:
        config, path = self._config_and_target(path, "Save experiment", "experiment.toml", EXPERIMENT_FILTER)
        if config is None:
            return False
        try:
            save_config(config, path)
        except OSError as error:
            self.window.message_bar.show_error(f"Could not save {path}: {error.strerror}")
            return False
        self._remember(path)
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    # --- models ---
    def save_model(self, path: str = "") -> bool:
        trainer = self.window.worker.trainer
        if trainer is None or self.window.state in ("running", "stepping"):
            self.window.message_bar.show_error(
                "Pause or stop training before saving the model." if trainer
                else "There is no model to save yet.")
            return False
        path = path or QFileDialog.getSaveFileName(self.window, "Save model", "model.pt", MODEL_FILTER)[0]
        if not path:
            return False
        try:  # the worker is idle or blocked in a pause: reading the weights here is safe
            save_checkpoint(path, trainer)
        except OSError as error:
            self.window.message_bar.show_error(f"Could not save {path}: {error.strerror}")
            return False
        self.window.statusBar().showMessage(f"Saved the model to {path}", 5000)
        return True

    def load_model(self, path: str = "") -> bool:
        if self.window.state != "idle":
            self.window.message_bar.show_error("Stop training before loading a model.")
            return False
        path = path or QFileDialog.getOpenFileName(self.window, "Load model", "", MODEL_FILTER)[0]
        if not path:
            return False
        try:
            checkpoint = load_checkpoint(path)
        except NNStudioError as error:
            self.window.message_bar.show_error(f"Could not load the model: {error}")
            return False
        self.window.set_config(checkpoint.config, prepare=False)
        state = {key: value.cpu() for key, value in checkpoint.model.state_dict().items()}
        self.window.load_weights(checkpoint.config, state)
        self.window.statusBar().showMessage(f"Loaded {path} (trained {checkpoint.epoch} epochs)", 5000)
        return True

    # --- exports ---
    def export_script(self, path: str = "") -> bool:
        """A standalone train.py that reproduces this experiment with plain PyTorch."""
        config, path = self._config_and_target(path, "Export as PyTorch script", "train.py",
                                               "Python files (*.py)")
        if config is None:
            return False
        try:
            write_script(config, path)
        except (NNStudioError, OSError) as error:
            self.window.message_bar.show_error(f"Could not export the script: {error}")
            return False
        self.window.statusBar().showMessage(f"Wrote {path}: run it with python {Path(path).name}", 8000)
        return True

    def export_metrics(self, path: str = "") -> bool:
        history = self.window.history
        if not len(history):
            self.window.message_bar.show_error("There are no metrics yet: train first.")
            return False
        path = path or QFileDialog.getSaveFileName(
            self.window, "Export metrics", "metrics.csv", "CSV files (*.csv)")[0]
        if not path:
            return False
        columns = ["epochs", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds"]
        lines = ["epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds"]
        for row in zip(*(getattr(history, name) for name in columns)):
            lines.append(",".join("" if value != value else f"{value:.8g}" for value in row))
        try:
            atomic_write_text(Path(path), "\n".join(lines) + "\n")
        except OSError as error:
            self.window.message_bar.show_error(f"Could not save {path}: {error.strerror}")
            return False
        return True

    def export_plot(self, attribute: str, path: str = "") -> bool:
        """Save one plot as PNG or SVG (by the file's suffix)."""
        view = getattr(self.window, attribute)
        path = path or QFileDialog.getSaveFileName(
            self.window, "Export plot", f"{attribute.replace('_view', '')}.png",
            "PNG images (*.png)")[0]
        if not path:
            return False
        if not path.lower().endswith(".png"):
            # pyqtgraph 0.14's SVGExporter fails on Qt 6.11's path data, and Qt's own SVG
            # writer misplaces the plot's items: PNG until one of them is fixed.
            self.window.message_bar.show_error("Plots can be exported as PNG only (name the file .png).")
            return False
        try:
            ImageExporter(view.plot.getPlotItem()).export(path)
        except OSError as error:
            self.window.message_bar.show_error(f"Could not save {path}: {error.strerror}")
            return False
        if not Path(path).is_file():
            self.window.message_bar.show_error(f"Could not save {path}")
            return False
        return True

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

