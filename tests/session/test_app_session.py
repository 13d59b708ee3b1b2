"""The application's state with no window: a session prepares data, trains in its own process,
announces what happened as plain events, and computes only what the shown views draw."""

import threading
import time

import pytest

from nnstudio.core.config import parse_config
from nnstudio.session.protocol import BoundaryGrid, FitCurve, WeightStats
from nnstudio.session.state import IDLE, AppSession

pytestmark = pytest.mark.slow  # each session starts a training process


class Recorder:
    """A session whose reports are applied in the test's thread, in order (as the GUI's bridge
    does in the GUI thread), with what its events announced."""

    def __init__(self, raw):
        self.reports = []
        self.arrived = threading.Condition()  # notified by the link's thread with each report
        self.session = AppSession(parse_config(raw))
        self.session.deliver = self._queue
        self.events = []
        for name in ("prepared", "status_changed", "step_ended", "run_finished", "failed"):
            getattr(self.session, name).connect(lambda *args, name=name: self.events.append(name))

    def _queue(self, report):
        with self.arrived:
            self.reports.append(report)
            self.arrived.notify()

    def pump_until(self, condition, timeout=60.0):
        """Apply each report as it arrives until ``condition()`` holds (at most ``timeout`` s)."""
        end = time.monotonic() + timeout
        while not condition():
            with self.arrived:
                if not self.arrived.wait_for(lambda: self.reports, timeout=end - time.monotonic()):
                    raise AssertionError("timed out; events so far: " + ", ".join(self.events))
                reports, self.reports = self.reports, []
            for report in reports:
                self.session.receive(report)


@pytest.fixture
def recorder():
    made = []

    def make(raw):
        made.append(Recorder(raw))
        return made[-1]

    yield make
    for each in made:
        each.session.shutdown()


def test_a_session_prepares_trains_and_keeps_the_history(recorder):
    run = recorder({"data": {"dataset": "xor"}, "train": {"epochs": 40}})
    session = run.session
    assert session.prepare()
    run.pump_until(lambda: session.run_info is not None)
    assert session.run_info.kind == "points" and session.model is not None
    grids = []
    session.part(BoundaryGrid).connect(grids.append)
    assert session.start()
    assert session.status == "running"
    run.pump_until(lambda: session.status == IDLE and session.last_result is not None)
    assert len(session.history) == 40 and session.history.epochs[-1] == 40
    assert session.last_result.stop_kind == "completed"
    assert session.model.epoch == 40
    assert grids and grids[-1].probabilities.shape == (100, 100, 2)
    assert run.events.index("prepared") < run.events.index("status_changed") < run.events.index("run_finished")


def test_only_the_views_shown_get_their_parts_computed(recorder):
    run = recorder({"data": {"dataset": "linear"}, "train": {"epochs": 5}})
    session = run.session
    weights, curves = [], []
    session.part(WeightStats).connect(weights.append)
    session.part(FitCurve).connect(curves.append)
    session.prepare()
    run.pump_until(lambda: session.run_info is not None)
    session.start()
    run.pump_until(lambda: session.status == IDLE and session.last_result is not None)
    assert curves and not weights  # the fit is the main picture; the weights view is not shown
    session.show_view("weights", True)
    session.start()
    run.pump_until(lambda: session.status == IDLE and len(session.history) >= 1 and weights)
    assert weights[-1].layers


def test_a_setting_the_panels_cannot_make_valid_is_reported_not_sent(recorder):
    run = recorder({"data": {"dataset": "moons"}})
    session = run.session
    messages = []
    session.failed.connect(messages.append)
    session.edit_config(None, "train.lr: must be > 0, got -1")
    assert not session.start() and not session.prepare()
    assert messages == ["train.lr: must be > 0, got -1"] * 2
    assert session.status == IDLE


def test_the_speed_asked_for_paces_the_training_process(recorder):
    run = recorder({"data": {"dataset": "xor"}, "train": {"epochs": 16}})
    session = run.session
    assert session.prepare()
    run.pump_until(lambda: session.run_info is not None)
    session.set_speed(20.0)
    assert session.start()
    run.pump_until(lambda: session.status == IDLE and session.last_result is not None)
    ended = session.history.ended_at[1:]  # the first epoch starts at once
    rate = (len(ended) - 1) / (ended[-1] - ended[0])
    assert 20.0 * 0.8 <= rate <= 20.0 * 1.03
    assert session.history.seconds_per_epoch == pytest.approx(1 / 20.0, rel=0.15)  # the time left counts the waits
    session.set_speed(None)  # full speed again: the next run is not paced
    assert session.start()
    first = session.last_result
    run.pump_until(lambda: session.status == IDLE and session.last_result is not first)
    ended = session.history.ended_at
    assert len(ended) == 16 and (len(ended) - 1) / (ended[-1] - ended[0]) > 50


def test_the_coarse_grid_around_the_data_comes_with_every_fine_one_while_training(recorder):
    """Both grids of the boundary come from the same model in each update: a coarse grid
    refreshed less often than the fine one meets it in a visible seam while training."""
    from nnstudio.session.protocol import OuterGrid

    run = recorder({"data": {"dataset": "moons"}, "train": {"epochs": 400}})
    session = run.session
    assert session.prepare()
    run.pump_until(lambda: session.run_info is not None)
    session.set_plane_bounds(((-4.0, 4.0), (-3.0, 3.0)))  # the view: more than the data's part
    updates = []
    session.updated.connect(updates.append)
    session.set_speed(120.0)  # long enough for many updates
    assert session.start()
    run.pump_until(lambda: session.status == IDLE and session.last_result is not None)
    with_fine = [update for update in updates if update.part(BoundaryGrid) is not None and update.new_epochs]
    assert len(with_fine) > 20
    assert all(update.part(OuterGrid) is not None for update in with_fine)
    outer = with_fine[-1].part(OuterGrid)
    assert outer.x[0] <= -3.9 and outer.x[-1] >= 3.9  # it covers the view
