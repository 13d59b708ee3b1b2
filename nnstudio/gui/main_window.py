"""The main window: where the session's panels, views, docks and menus are put together.

It only assembles. What the app does lives in the session (nnstudio/session: the config being
edited, the run, its history, the lesson in use, what the views want); each part of the window is
handed the session and the widgets it works with, never the window itself.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow

from nnstudio.core.config import RunConfig
from nnstudio.gui.bridge import SessionBridge
from nnstudio.gui.config_editor import ConfigEditor
from nnstudio.gui.docks import Docks
from nnstudio.gui.draw_sample import DrawSample
from nnstudio.gui.exit_cleanup import delete_at_exit
from nnstudio.gui.file_menu import FileMenu
from nnstudio.gui.i18n import FollowsLanguage, LanguageMenu, install_language, saved_choice
from nnstudio.gui.indicators import use_readable_indicators
from nnstudio.gui.keyboard import KeyboardAccess
from nnstudio.gui.lessons_menu import LessonsMenu
from nnstudio.gui.live_views import LiveViews
from nnstudio.gui.presentation import Presentation
from nnstudio.gui.replay_bar import ReplayController
from nnstudio.gui.screen_layout import ScreenLayout
from nnstudio.gui.session_menu import SessionFiles
from nnstudio.gui.settings import app_settings
from nnstudio.gui.text_size import TextSizeMenu, apply_text_size, saved_text_size
from nnstudio.gui.theme import HighContrastOption, apply_theme, saved_high_contrast
from nnstudio.gui.training_advice import TrainingAdvice
from nnstudio.gui.training_controls import TrainingControls
from nnstudio.session.state import IDLE, AppSession


class MainWindow(FollowsLanguage, QMainWindow):
    """The whole app. ``MainWindow()`` builds everything; tests and embedding use it directly.
    ``window.session`` is the application's state (see nnstudio/session/state.py)."""

    def __init__(self, config: Optional[RunConfig] = None) -> None:
        super().__init__()
        delete_at_exit(self)  # a script may end with the window open (see exit_cleanup.py)
        install_language(saved_choice(app_settings()))  # before any text is made
        use_readable_indicators()  # (before the palette: a style brings its own)
        apply_theme(saved_high_contrast(app_settings()))  # and any plot
        apply_text_size(saved_text_size(app_settings()))  # and any widget
        self.setObjectName("mainWindow")
        self.setWindowTitle("nnstudio")
        self.session = session = AppSession(config)
        self.bridge = SessionBridge(session, self)
        self.views = LiveViews(session, self)
        self.setCentralWidget(self.views.widget)
        self.controls = TrainingControls(self, session, self.views.message_bar)
        self.file_menu = FileMenu(self, self.menuBar(), self.statusBar(), session, self.views.message_bar,
                                  self._plots())
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.setObjectName("viewMenu")
        self.docks = Docks(self, session, self.view_menu)
        self.menuBar().addMenu(self.controls.menu)
        self.advice = TrainingAdvice(self, session, self.views.message_bar, self.controls.menu)
        self.editor = ConfigEditor(session, self.docks.dataset_panel, self.docks.model_builder,
                                   self.docks.train_form, self)
        self.replay = ReplayController(self, session, self.views, self.docks.weights_view,
                                       self.docks.weights_dock.isVisible)
        self.views.layout.addWidget(self.replay.bar)
        self.lessons = LessonsMenu(self, session, self.docks, self.views.message_bar)
        self.draw_sample = DrawSample(session, self.docks, self.view_menu)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.draw_sample.dock)
        self.tabifyDockWidget(self.docks.weights_dock, self.draw_sample.dock)
        self.views.sample_browser.sampleActivated.connect(self.docks.look_inside)
        self.session_files = SessionFiles(
            self, session, self.views.message_bar, self.file_menu.menu,
            self.findChild(QAction, "loadModelAction"), shown_run_ids=self.docks.runs_panel.shown_ids,
            open_lesson=self.lessons.open_lesson, load_model=self.file_menu.load_model,
            open_replay=self.replay.open_run)
        self.view_menu.addAction(self.controls.toolbar.toggleViewAction())
        self.view_menu.addSeparator()
        self.restore_action = self.view_menu.addAction("", self.restore_default_layout)
        self.restore_action.setObjectName("restoreLayoutAction")
        self.presentation = Presentation(self, session, self.views, self.controls, self.view_menu,
                                         self.replay.bar)
        self.high_contrast = HighContrastOption(self, self.view_menu)
        self.text_size = TextSizeMenu(self, self.presentation, self.view_menu)
        self.language_menu = LanguageMenu(self.menuBar())
        self.keyboard = KeyboardAccess(self)
        self._connect()
        docks = self.docks
        self.screen_layout = ScreenLayout(
            self, [docks.dataset_dock, docks.model_dock], [docks.train_dock, self.lessons.dock],
            [docks.weights_dock, docks.distributions_dock, docks.landscape_dock, self.lessons.comparison_dock,
             docks.network_dock, docks.runs_dock, docks.sweep_dock, docks.kfold_dock, docks.compare_dock,
             self.draw_sample.dock])
        self.screen_layout.fit_to_screen()
        for dock in (self.lessons.dock, self.lessons.comparison_dock):
            dock.hide()  # (a remembered layout may have them open) they open with a lesson
        toolbar = self.controls.toolbar
        toolbar.insertAction(toolbar.actions()[0], self.screen_layout.panels_action)
        toolbar.insertSeparator(toolbar.actions()[1])
        self.view_menu.insertAction(self.restore_action, self.screen_layout.panels_action)
        self.retranslate()
        session.replace_config(config or RunConfig())

    def _plots(self) -> dict:
        """File ▸ Export plot's plots (keys of file_menu.PLOT_TITLES), looked up when asked for."""
        views = self.views
        return {
            "loss_view": lambda: views.loss_view.plot,
            "accuracy_view": lambda: views.accuracy_view.plot,
            "lr_view": lambda: views.lr_view.plot,
            "boundary_view": lambda: views.boundary_view.plot,
            "regression_view": lambda: views.regression_view.plot,
            "weights_histogram": lambda: self.docks.weights_view.histogram_plot,
            "gradient_sizes": lambda: self.docks.weights_view.gradient_plot,
            "landscape_plane": lambda: self.docks.landscape_view.plane,
            "landscape_cost": lambda: self.docks.landscape_view.cost,
            "lesson_comparison": lambda: self.lessons.comparison.plot,
            "compared_runs": lambda: self.docks.runs_panel.overlay.plot,
        }

    def _connect(self) -> None:
        docks, message_bar = self.docks, self.views.message_bar
        for source in (self.views, self.editor):
            source.statusMessage.connect(self.statusBar().showMessage)
        for panel in (docks.runs_panel, docks.sweep_panel, docks.kfold_panel, docks.compare_panel):
            panel.problem.connect(message_bar.show_error)
        docks.runs_panel.openRequested.connect(self._open_run)
        docks.compare_panel.openRequested.connect(self._open_run)
        self.views.boundary_view.planeClicked.connect(self._on_plane_clicked)

    def _open_run(self, config: RunConfig, checkpoint: str) -> None:
        """A run reopened from the history: its model and replay, or else its settings."""
        def opened(ok: bool) -> None:  # the model is read in the background
            if ok:
                self.replay.open_run(checkpoint)
            else:
                self.session.replace_config(config)

        if not (checkpoint and self.file_menu.load_model(checkpoint, done=opened)):
            self.session.replace_config(config)

    def _on_plane_clicked(self, x: float, y: float, button: int) -> None:
        """Paint your own: a click on the plane adds (or erases) a point while idle."""
        panel = self.docks.dataset_panel
        if panel.painting and self.session.status == IDLE and button == Qt.MouseButton.LeftButton.value:
            panel.paint_at(x, y)

    # --- language ---
    def retranslate(self) -> None:
        """Show the window's own texts in the interface's language (panels and views inside it
        retranslate themselves on the same LanguageChange event). The experiment is untouched."""
        if not hasattr(self, "language_menu"):
            return  # still being built: __init__ calls this at its end
        self.docks.retranslate()
        self.controls.retranslate()
        self.views.retranslate()
        self.editor.retranslate()
        self.view_menu.setTitle(self.tr("&View"))
        self.restore_action.setText(self.tr("Restore default layout"))
        self.file_menu.retranslate()
        self.session_files.retranslate()
        self.lessons.retranslate()
        self.language_menu.retranslate()
        self.presentation.retranslate()
        self.high_contrast.retranslate()
        self.keyboard.retranslate()  # mnemonics for the texts just set

    # --- layout ---
    def restore_default_layout(self) -> None:
        self.screen_layout.restore_default()

    # --- closing ---
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.presentation.leave()  # the window's own layout is remembered, not presentation's
        self.shutdown()
        self.screen_layout.save()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the training process and the analysis docks' threads cleanly (within about a second)."""
        self.docks.shutdown()
        self.file_menu.shutdown()
        self.session.shutdown()
