"""The application's state, with no Qt: what is being edited, what runs, what was trained, what
the window shows. Panels and views read it, edit it through its methods and listen to its events;
they never reach into the window or into each other.

``AppSession`` drives one training process (:class:`~nnstudio.session.link.TrainingLink`). Its
reports arrive in the link's reader thread; whoever owns the session hands them to
:meth:`AppSession.receive` in the thread that draws (the GUI's bridge does it with a queued Qt
signal; a test may call it directly).
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from nnstudio.core.advice import Advice
from nnstudio.core.config import RunConfig
from nnstudio.core.errors import ConfigError
from nnstudio.core.lessons import Lesson
from nnstudio.core.train import RunResult
from nnstudio.core.train.teaching import PointEdit
from nnstudio.core.errors import NNStudioError
from nnstudio.session.events import Event
from nnstudio.session.follow import FollowedRun
from nnstudio.session.history import HistoryBuffer
from nnstudio.session.link import EARLY_DEATH_S, ProcessLost, TrainingLink
from nnstudio.session.model_copy import ModelCopy, ReplayCopy
from nnstudio.session.protocol import (
    PART_KINDS,
    Advised,
    Control,
    EvaluateTest,
    Failed,
    InspectSample,
    LoadWeights,
    ModelWeights,
    PlaneInView,
    Prepare,
    Prepared,
    Refresh,
    Run,
    RunFinished,
    RunInfo,
    Show,
    StepEnded,
    TestEvaluated,
    Update,
    UpdateShown,
)

IDLE, RUNNING, PAUSED, STEPPING = "idle", "running", "paused", "stepping"
STOP_WAIT_S = 0.7  # how long closing waits for the process to finish its step


class AppSession:
    """What the app is doing. Events (each an :class:`~nnstudio.session.events.Event`):

    - ``config_replaced(config)``: a whole new config (a file, a lesson, a reopened run);
      the panels show it;
    - ``status_changed(status)``: idle, running, paused or stepping;
    - ``prepared(info)``: new data and fresh weights are ready (RunInfo);
    - ``updated(update)``: the views redraw (and ``part(kind)`` fires for each part it carries);
    - ``step_ended()``, ``run_finished(result)``, ``test_evaluated(result)``;
    - ``failed(message)``: something the user must read; ``lesson_changed(lesson)``;
    - ``canvas_requested(points)``: paint your own with fewer than two points: a plane to paint on;
    - ``speed_changed(epochs_per_s)``: the pace asked for (None: full speed).
    - ``advised(advice)``: as a run starts, what its settings will probably make fail, each with
      its fix (a list of core/advice.py's Advice; only while ``advice_on``).
    - ``following_changed(run)``: a run folder is followed (a FollowedRun), or no more (None);
      ``followed(news)``: the followed folder had news (FolderNews); its epochs are in ``history``.
    """

    def __init__(self, config: Optional[RunConfig] = None,
                 link: Callable[[Callable[[object], None]], TrainingLink] = TrainingLink) -> None:
        self.config = config or RunConfig()
        self.config_problem = ""  # why the edited settings are not a valid config ("" if they are)
        self.model_problem = ""  # why the model cannot be trained on these data ("" if it can)
        self.status = IDLE
        self.run_info: Optional[RunInfo] = None
        self.history = HistoryBuffer()
        self.last_update: Optional[Update] = None
        self.last_result: Optional[RunResult] = None
        self.run_id: Optional[int] = None  # the last run's record in the history
        self.record_problem: Optional[str] = None  # why it was not (fully) recorded
        self.model: Optional[ModelCopy] = None
        self.replay = ReplayCopy()
        self.lesson: Optional[Lesson] = None
        self.views: frozenset[str] = frozenset()
        self.dropout_on = False
        self.plane_bounds = None
        self.speed: Optional[float] = None  # epochs per second asked for (None: full speed)
        self._refresh_when_idle = False
        self.inspected = InspectSample()  # the image (and class) the layers view looks at
        self._pending_reset = False
        self._early_deaths = 0
        self.config_replaced, self.status_changed, self.prepared = Event(), Event(), Event()
        self.updated, self.step_ended, self.run_finished = Event(), Event(), Event()
        self.test_evaluated, self.failed, self.lesson_changed = Event(), Event(), Event()
        self.canvas_requested = Event()  # (points): painted data with too few points to train
        self.speed_changed = Event()  # (epochs per second, or None: full speed)
        self.advised = Event()
        self.advice_on = True  # warn before a run about settings that will probably fail
        self.advice: list[Advice] = []  # the advice given as the last run started
        self.following: Optional[FollowedRun] = None  # a run folder shown instead of our run
        self.following_changed, self.followed = Event(), Event()
        self._parts = {kind: Event() for kind in PART_KINDS}
        self.link = link(self._from_reader)
        self.deliver: Callable[[object], None] = self.receive  # set by the GUI: into its thread

    # --- what is edited ---
    def part(self, kind: type) -> Event:
        """The event fired with each update's part of ``kind`` (a view subscribes to what it draws)."""
        return self._parts[kind]

    def replace_config(self, config: RunConfig, prepare: bool = True) -> None:
        """Show ``config`` everywhere (and, by default, build its data and a fresh model)."""
        self.config = config
        self.config_problem = ""
        self.config_replaced.emit(config)
        if prepare:
            self.prepare()

    def valid_config(self) -> RunConfig:
        """The edited config; raises ConfigError when the panels' settings are not valid."""
        if self.config_problem:
            raise ConfigError(self.config_problem)
        return self.config

    def edit_config(self, config: Optional[RunConfig], problem: str = "", model_problem: str = "") -> None:
        """The panels' settings changed: the config they describe (or why there is none), and
        why its model cannot be trained on its data, if it cannot."""
        if config is not None:
            self.config = config
        self.config_problem = problem
        self.model_problem = model_problem

    def apply_advice(self, advice: Advice) -> None:
        """Apply an advice's fix to the edited settings; a run in progress is stopped and the
        model starts again from fresh weights with them (press Train to run it)."""
        self.replace_config(advice.apply(self.config), prepare=False)
        self.advice = [given for given in self.advice if given != advice]
        if self.status == IDLE:
            self.prepare()
        else:
            self.reset()

    def set_lesson(self, lesson: Optional[Lesson]) -> None:
        self.lesson = lesson
        self.lesson_changed.emit(lesson)

    # --- what is shown ---
    def show(self, views=None, dropout_on: Optional[bool] = None) -> None:
        """The views shown now (names of nnstudio.core.views) and whether the boundary is drawn
        in train mode; the training process computes what they need from its next update."""
        if views is not None:
            self.views = frozenset(views)
        if dropout_on is not None:
            self.dropout_on = dropout_on
        self.link.send(Show(self.views, self.dropout_on))

    def show_view(self, name: str, shown: bool) -> None:
        self.show(self.views | {name} if shown else self.views - {name})
        if shown and self.status == IDLE and self.run_info is not None:
            self.refresh()

    def set_plane_bounds(self, bounds) -> None:
        """The boundary view shows this part of the plane: shade all of it (now, when idle)."""
        self.plane_bounds = bounds
        self.link.send(PlaneInView(bounds))
        if self.status == IDLE and self.run_info is not None:
            self.refresh()
        else:  # a run that ends before its next update would leave the new part unshaded
            self._refresh_when_idle = True

    def inspect_sample(self, index: int, target: Optional[int] = None, drawing: Optional[np.ndarray] = None) -> None:
        """The layers view looks at validation image ``index`` (or at ``drawing``, a (c, h, w)
        uint8 image drawn by the user; ``index`` -1), the saliency of class ``target`` (None: the
        predicted one): computed from the next update on (now, when idle or paused)."""
        self.inspected = InspectSample(int(index), target, drawing)
        self.link.send(self.inspected)
        if self.status == IDLE and self.run_info is not None:
            self.refresh()

    # --- commands ---
    def prepare(self) -> bool:
        """Build the edited config's data and a fresh model in the training process."""
        self.stop_following()
        if self.config_problem:
            self.failed.emit(self.config_problem)
            return False
        data = self.config.data
        if data.dataset == "painted" and len(data.points) < 2:
            self.canvas_requested.emit(np.array(data.points, dtype=np.float32).reshape(-1, 3))
            return False
        self.link.send(Prepare(self.config))
        return True

    def load_weights(self, config: RunConfig, state_dict: dict) -> None:
        """Build ``config``'s trainer with saved weights instead of fresh ones."""
        self.stop_following()
        self.last_result = None
        state = {name: value.detach().cpu().numpy() for name, value in state_dict.items()}
        self.link.send(LoadWeights(config, state))

    def start(self, single_epoch: bool = False) -> bool:
        """Train the edited config (from the current weights when only lr or epochs changed)."""
        if self.status != IDLE:
            return False
        if self.config_problem or self.model_problem:
            self.failed.emit(self.config_problem or self.model_problem)
            return False
        if self.following is not None:  # the curves show another run: start afresh
            self.prepare()
        self._control("clear")
        if single_epoch:
            self._control("request_step")
        self._set_status(STEPPING if single_epoch else RUNNING)
        if self.model is not None:
            self.model.config = self.config
        self.link.send(Run(self.config))
        return True

    def toggle_training(self) -> None:
        if self.status == IDLE:
            self.start()
        else:
            self.toggle_pause()

    def toggle_pause(self) -> None:
        if self.status == RUNNING:
            self._control("pause")
            self._set_status(PAUSED)
        elif self.status == PAUSED:
            self._control("resume")
            self._set_status(RUNNING)

    def step(self) -> None:
        """One epoch: from idle, or from a pause."""
        if self.status == IDLE:
            self.start(single_epoch=True)
        elif self.status == PAUSED:
            self._control("request_step")
            self._set_status(STEPPING)

    def stop(self) -> None:
        if self.status != IDLE:
            self._control("request_stop")

    def reset(self) -> None:
        """Stop any run, then start again from fresh weights and an empty history."""
        self._control("request_stop")
        self._pending_reset = True
        if self.status == IDLE:
            self._do_reset()

    def set_speed(self, epochs_per_s: Optional[float]) -> None:
        """Train at most ``epochs_per_s`` epochs a second (None: full speed), from now on: a
        running model takes it before its next epoch."""
        if epochs_per_s is not None and not epochs_per_s > 0:
            raise ValueError(f"epochs per second must be positive, got {epochs_per_s!r}")
        self.speed = epochs_per_s
        self._control("set_speed", epochs_per_s)
        self.speed_changed.emit(epochs_per_s)

    def set_lr(self, lr: float) -> None:
        """A new learning rate, applied at once to a running model."""
        if self.status != IDLE:
            self._control("set_lr", float(lr))

    def teach(self, edit: PointEdit) -> None:
        """Click to teach: the point is added (or removed) before the next epoch."""
        if self.status != IDLE:
            self._control("queue_point_edit", edit)

    def evaluate_test(self) -> bool:
        """Score the current model on the test set (once); the result comes as test_evaluated."""
        if self.model is None or self.status != IDLE:
            return False
        self.link.send(EvaluateTest())
        return True

    def refresh(self) -> None:
        """A fresh update of the current model (after showing a view, dropout on or off...)."""
        self.link.send(Refresh())

    # --- a run that trains elsewhere ---
    def follow(self, folder) -> bool:
        """Show the run training into ``folder`` (its metrics.csv, as epochs end) instead of
        ours; the folder may not hold a run yet. Training, reset or another config ends it."""
        if self.status != IDLE:
            self.failed.emit("stop training before following a run folder")
            return False
        self.stop_following()
        self.following = FollowedRun(folder)
        self.history.clear()
        self.following_changed.emit(self.following)
        self.poll_following()
        return self.following is not None

    def poll_following(self) -> None:
        """Read what is new in the followed folder; ``followed`` announces it."""
        run = self.following
        if run is None:
            return
        try:
            news = run.poll()
        except NNStudioError as error:
            self.stop_following()
            self.failed.emit(str(error))  # it names the file
            return
        if news.restarted:
            self.history.clear()
        self.history.extend(news.epochs)
        if news:
            self.followed.emit(news)

    def stop_following(self) -> None:
        if self.following is not None:
            self.following = None
            self.following_changed.emit(None)

    @property
    def best_epoch(self) -> Optional[int]:
        """The best epoch of the run the curves show (ours, or the followed one)."""
        if self.following is not None:
            return self.following.best_epoch
        return self.last_update.progress.best_epoch if self.last_update is not None else None

    def shutdown(self) -> None:
        """Stop any run and end the training process (within about a second)."""
        self._control("request_stop")
        self.link.shutdown(STOP_WAIT_S)

    def _control(self, method: str, *args) -> None:
        self.link.send(Control(method, args))

    def _do_reset(self) -> None:
        self._pending_reset = False
        self.last_result = None
        self.prepare()

    def _set_status(self, status: str) -> None:
        self.status = status
        self.status_changed.emit(status)

    # --- reports ---
    def _from_reader(self, report: object) -> None:
        self.deliver(report)

    def receive(self, report: object) -> None:
        """Apply a report of the training process (in the thread that draws)."""
        if self.link.closed:
            return
        if isinstance(report, Update):
            self._on_update(report)
        elif isinstance(report, Prepared):
            self._on_prepared(report.info)
        elif isinstance(report, StepEnded):
            self.step_ended.emit()
            if self.status == STEPPING:
                self._set_status(PAUSED)
        elif isinstance(report, RunFinished):
            self._on_run_finished(report)
        elif isinstance(report, TestEvaluated):
            if self.last_result is not None:
                self.last_result.test = report.result
            self.test_evaluated.emit(report.result)
        elif isinstance(report, Failed):
            self._pending_reset = False
            self._set_status(IDLE)
            self.failed.emit(report.message)
        elif isinstance(report, Advised):
            self.advice = list(report.advice) if self.advice_on else []
            if self.advice:
                self.advised.emit(self.advice)
        elif isinstance(report, ProcessLost):
            self._on_process_lost(report)

    def _on_prepared(self, info: RunInfo) -> None:
        self.model = ModelCopy(info.model) if info.model is not None else None
        self.replay.clear()
        self.run_id = self.record_problem = None
        self.run_info = info
        self.history.clear()
        self.last_update = None
        self.prepared.emit(info)

    def _on_update(self, update: Update) -> None:
        if self.model is not None:
            self.model.epoch = update.progress.epoch
            weights = update.part(ModelWeights)
            if weights is not None:
                self.model.update(weights.state)
        self.replay.follow(update)
        self.history.extend(update.new_epochs)
        self.last_update = update
        self.updated.emit(update)
        for kind, part in update.parts.items():
            self._parts[kind].emit(part)
        self.link.send(UpdateShown())

    def _on_run_finished(self, finished: RunFinished) -> None:
        self.run_id, self.record_problem = finished.run_id, finished.problem
        self.last_result = finished.result
        self._set_status(IDLE)
        self.run_finished.emit(finished.result)
        if self._pending_reset:
            self._do_reset()
        elif self._refresh_when_idle and self.run_info is not None:
            self.refresh()
        self._refresh_when_idle = False

    def _on_process_lost(self, lost: ProcessLost) -> None:
        self.link.end_process(0.5)
        code = self.link.process.exitcode
        self.model = None
        self._pending_reset = False
        self._set_status(IDLE)
        if lost.lived_s < EARLY_DEATH_S and self._early_deaths >= 1:  # it cannot start: no loop
            self.link.closed = True
            self.failed.emit(f"the training process could not start (exit code {code}); "
                             "see the terminal for the reason, then restart nnstudio")
            return
        self._early_deaths = self._early_deaths + 1 if lost.lived_s < EARLY_DEATH_S else 0
        self.link.start()
        self.show()
        if self.speed is not None:
            self._control("set_speed", self.speed)
        if self.plane_bounds is not None:
            self.link.send(PlaneInView(self.plane_bounds))
        self.link.send(self.inspected)
        self.failed.emit(
            f"the training process stopped unexpectedly (exit code {code}), perhaps out of memory; "
            "a new one has been started: press Train to begin again"
        )


__all__ = ["AppSession", "IDLE", "RUNNING", "PAUSED", "STEPPING"]
