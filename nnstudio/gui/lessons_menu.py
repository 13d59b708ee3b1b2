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
from nnstudio.session.state import IDLE, RUNNING, STEPPING, AppSession

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
        self.dock.hide()  # shown beside the hyperparameters when a lesson opens (see open_lesson)
        self.comparison = ComparisonView()
        self.comparison_dock = QDockWidget(host, objectName="comparisonDock")
        self.comparison_dock.setWidget(self.comparison)
        host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.comparison_dock)
        host.tabifyDockWidget(docks.weights_dock, self.comparison_dock)  # full width each
        self.comparison_dock.hide()
        self._queue: list[Optional[int]] = []
        self._running_variant: Optional[int] = None
        # The comparison's label of the run going on when it is one of the lesson's (its own
        # settings or a variant's); None for any other run, which never draws there.
        self._run_label: Optional[str] = None

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
        session.status_changed.connect(self._on_status)
        session.prepared.connect(self._on_prepared)
        session.lesson_changed.connect(lambda _lesson: message_bar.clear())  # a new lesson starts clean

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
        else:
            self.host.setWindowTitle("nnstudio")

    def open_lesson(self, lesson: Lesson) -> None:
        """Configure dataset, model and hyperparameters from the lesson and show its text."""
        if self.session.status != IDLE:
            self.session.stop()
        self.session.set_lesson(lesson)
        self._queue.clear()
        self._comparing, self._run_label = False, None  # a run still stopping is not this lesson's
        self.panel.show_lesson(lesson)
        self.dock.show()  # beside the hyperparameters (see screen_layout.py)
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
            docks.show_dock(docks.network_dock)
        elif {"sweep", "kfold"} & set(lesson.views):  # the capacity sweep, or K-fold
            if "sweep" in lesson.views:
                docks.sweep_panel.set_knob(knob_for_setting(lesson.key_setting) or "degree")
            docks.show_dock(docks.sweep_dock if "sweep" in lesson.views else docks.kfold_dock)
        self.session.set_speed(lesson.opening_speed)  # a pace the class can follow (1D and 2D data)
        self.session.replace_config(lesson.config_for(None))
        self._show_title()

    def _show_comparison(self, visible: bool) -> None:
        self.comparison_dock.setVisible(visible)
        if visible and self.host.dockWidgetArea(self.comparison_dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            # a strip under the views, not half the window
            self.host.resizeDocks([self.comparison_dock], [int(self.host.height() * 0.25)], Qt.Orientation.Vertical)

    def _on_variant_chosen(self, index: int) -> None:
        if self.lesson is not None and self.session.status == IDLE:
            self.session.replace_config(self.lesson.config_for(None if index < 0 else index))

    def run_lesson(self) -> None:
        self._running_variant = self.panel.variant_index()
        if self.session.start():
            self._run_label = self.panel.variant_label_text(self._running_variant)

    def _label_for(self, config) -> Optional[str]:
        """The comparison's label of a run of ``config``: the lesson's own settings or one of its
        variants' (any name), else None."""
        lesson = self.lesson
        if lesson is None:
            return None
        for index in [None, *range(len(lesson.variants))]:
            wanted = lesson.config_for(index)
            if (config.data, config.model, config.train) == (wanted.data, wanted.model, wanted.train):
                return self.panel.variant_label_text(index)
        return None

    def _on_status(self, status: str) -> None:
        """A run started from the toolbar is the lesson's only with the settings of the lesson
        or of one of its variants (a CSV file opened meanwhile is not)."""
        if status in (RUNNING, STEPPING) and self._run_label is None:
            self._run_label = self._label_for(self.session.config)

    def _on_prepared(self, _info) -> None:
        """New data that none of the lesson's experiments use: the lesson is left."""
        lesson = self.lesson
        if lesson is not None and self.session.config.data.dataset not in {
                lesson.config_for(index).data.dataset for index in [None, *range(len(lesson.variants))]}:
            self.session.set_lesson(None)
            self._show_title()

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
        if self.session.start():
            self._run_label = self.panel.variant_label_text(self._running_variant)

    def _on_snapshot(self, _update) -> None:
        if self._run_label is None or not self.comparison_dock.isVisible() or self.session.status == IDLE:
            return
        history = self.session.history
        if len(history):
            self.comparison.set_run(self._run_label, history.epochs, history.train_loss, history.val_loss)

    def _on_run_finished(self, result: RunResult) -> None:
        label, self._run_label = self._run_label, None
        if self._comparing and label is not None:  # each optimiser's path stays on the landscape, labelled
            self.docks.landscape_view.keep_path(label)
        if result.stop_kind == "stopped":
            self._queue.clear()
        self._comparing = bool(self._queue)
        if self._queue:
            self._start_next()
