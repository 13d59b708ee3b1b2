"""The Lessons menu: open a lesson, run it, or run its variants one after another and compare."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from nnstudio.core.errors import NNStudioError
from nnstudio.core.lessons import Lesson, all_lessons
from nnstudio.core.train.sweep import knob_for_setting
from nnstudio.gui.i18n import lesson_language
from nnstudio.gui.lesson_panel import LessonPanel
from nnstudio.gui.message_bar import MessageBar
from nnstudio.gui.views.comparison_view import ComparisonView
from nnstudio.session.state import IDLE, AppSession

if TYPE_CHECKING:
    from nnstudio.core.train import RunResult
    from nnstudio.gui.docks import Docks


class LessonsMenu(QObject):
    """Adds the Lessons menu, the lesson dock and the comparison dock to ``host``; the lesson in
    use is the session's."""

    def __init__(self, host: QMainWindow, session: AppSession, docks: Docks, message_bar: MessageBar) -> None:
        super().__init__(host)
        self.host, self.session, self.docks = host, session, docks
        self.panel = LessonPanel()
        self.panel.set_language(lesson_language())  # the interface's language, until changed in the panel
        self.dock = QDockWidget(host, objectName="lessonDock")
        self.dock.setWidget(self.panel)
        host.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()  # tabified beside the hyperparameters when a lesson opens (see open_lesson)
        self.comparison = ComparisonView()
        self.comparison_dock = QDockWidget(host, objectName="comparisonDock")
        self.comparison_dock.setWidget(self.comparison)
        host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.comparison_dock)
        host.tabifyDockWidget(docks.weights_dock, self.comparison_dock)  # full width each
        self.comparison_dock.hide()
        self._queue: list[Optional[int]] = []
        self._running_variant: Optional[int] = None

        menu = host.menuBar().addMenu("")
        menu.setObjectName("lessonsMenu")
        try:
            lessons = all_lessons()
        except NNStudioError as error:  # a broken lesson file must not take the app down
            message_bar.show_error(self.tr("Lessons could not be loaded: {error}").format(error=error))
            lessons = []
        self._actions = []
        for lesson in lessons:
            action = menu.addAction("")
            action.setObjectName(f"lessonAction_{lesson.slug}")
            action.triggered.connect(lambda checked=False, chosen=lesson: self.open_lesson(chosen))
            self._actions.append((action, lesson))
        self.menu = menu
        self.retranslate()
        self.panel.variantChosen.connect(self._on_variant_chosen)
        self.panel.runRequested.connect(self.run_lesson)
        self.panel.compareRequested.connect(self.compare_variants)
        session.run_finished.connect(self._on_run_finished)
        session.updated.connect(self._on_snapshot)

    def retranslate(self) -> None:
        """Menu, docks and lesson titles in the interface's language; the lesson panel follows it."""
        language = lesson_language()
        self.menu.setTitle(self.tr("&Lessons"))
        self.dock.setWindowTitle(self.tr("Lesson"))
        self.comparison_dock.setWindowTitle(self.tr("Comparison"))
        for action, lesson in self._actions:
            action.setText(f"{lesson.number}. {lesson.title_in(language)}")
        self.panel.set_language(language)
        self._show_title()

    @property
    def lesson(self) -> Optional[Lesson]:
        return self.session.lesson

    def _show_title(self) -> None:
        if self.lesson is not None:
            self.host.setWindowTitle(f"nnstudio — {self.lesson.number}. {self.lesson.title_in(self.panel.lang)}")

    def open_lesson(self, lesson: Lesson) -> None:
        """Configure dataset, model and hyperparameters from the lesson and show its text."""
        if self.session.status != IDLE:
            self.session.stop()
        self.session.set_lesson(lesson)
        self._queue.clear()
        self.panel.show_lesson(lesson)
        if not self.host.tabifiedDockWidgets(self.dock) and not self.dock.isFloating():
            # Not at start: a tab group whose second dock is hidden leaves an empty tab bar drawn
            # at the bottom of the right dock area.
            self.host.tabifyDockWidget(self.docks.train_dock, self.dock)
        self.dock.show()
        self.dock.raise_()
        self.comparison.clear()
        self._show_comparison(bool(lesson.variants))
        docks = self.docks
        if "landscape" in lesson.views:
            docks.show_dock(docks.landscape_dock)
        elif {"weights", "gradients"} & set(lesson.views):
            docks.weights_dock.show()
            docks.weights_dock.raise_()
        elif "network" in lesson.views:
            docks.show_dock(docks.network_dock, 320)
        elif {"sweep", "kfold"} & set(lesson.views):  # the capacity sweep, or K-fold
            if "sweep" in lesson.views:
                docks.sweep_panel.set_knob(knob_for_setting(lesson.key_setting) or "degree")
            docks.show_dock(docks.sweep_dock if "sweep" in lesson.views else docks.kfold_dock)
        self.session.set_speed(lesson.opening_speed)  # a pace the class can follow (1D and 2D data)
        self.session.replace_config(lesson.config_for(None))
        self._show_title()

    def _show_comparison(self, visible: bool) -> None:
        self.comparison_dock.setVisible(visible)
        if visible:  # a strip under the views, not half the window
            self.host.resizeDocks([self.comparison_dock], [240], Qt.Orientation.Vertical)

    def _on_variant_chosen(self, index: int) -> None:
        if self.lesson is not None and self.session.status == IDLE:
            self.session.replace_config(self.lesson.config_for(None if index < 0 else index))

    def run_lesson(self) -> None:
        self._running_variant = self.panel.variant_index()
        self.session.start()

    def compare_variants(self) -> None:
        """Train every variant in turn; their curves build up in the comparison chart."""
        if self.lesson is None or not self.lesson.variants or self.session.status != IDLE:
            return
        self.comparison.clear()
        self._show_comparison(True)
        self.docks.landscape_view.clear_kept()
        self._comparing = True
        self._queue = list(range(len(self.lesson.variants)))
        self._start_next()

    _comparing = False  # variants are running one after another

    @property
    def comparing(self) -> bool:
        """True while the variants are being trained one after another."""
        return self._comparing or bool(self._queue)

    def _start_next(self) -> None:
        self._running_variant = self._queue.pop(0)
        self.session.replace_config(self.lesson.config_for(self._running_variant))
        self.session.start()

    def _on_snapshot(self, _update) -> None:
        if self.lesson is None or not self.comparison_dock.isVisible() or self.session.status == IDLE:
            return
        history = self.session.history
        if len(history):
            self.comparison.set_run(self.panel.variant_label_text(self._running_variant),
                                    history.epochs, history.train_loss, history.val_loss)

    def _on_run_finished(self, result: RunResult) -> None:
        if self._comparing:  # each optimiser's path stays on the landscape, labelled
            self.docks.landscape_view.keep_path(self.panel.variant_label_text(self._running_variant))
        if result.stop_kind == "stopped":
            self._queue.clear()
        self._comparing = bool(self._queue)
        if self._queue:
            self._start_next()
