"""The speed control: a paced run trains at the epochs per second asked for, sleeping (not
spinning) between epochs, and a pause, a stop or a new speed takes effect during the wait."""

import threading
import time

import numpy as np
import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.train import TrainControl, Trainer


def small_run(epochs, control):
    config = parse_config({"data": {"dataset": "xor", "n_samples": 200},
                           "model": {"preset": "mlp", "hidden": [8]},
                           "train": {"epochs": epochs}})
    return Trainer(config, control=control)


class ObservedControl(TrainControl):
    """The real control, announcing each epoch's end once it has taken it in (a step pauses
    there), so a test waits for a state of the run instead of sleeping."""

    def __init__(self):
        super().__init__()
        self._epoch_ends = threading.Condition()

    def epoch_ended(self):
        stepped = super().epoch_ended()
        with self._epoch_ends:
            self._epoch_ends.notify_all()
        return stepped

    def wait_until(self, condition, timeout):
        """Whether ``condition()`` holds, checked at once and after each epoch, within ``timeout`` s."""
        with self._epoch_ends:
            return self._epoch_ends.wait_for(condition, timeout)


def epoch_rate(trainer, skip=1):
    """Epochs per second measured on the epochs' own timestamps (the first ``skip`` left out:
    the first epoch starts at once)."""
    ended = np.array([metrics.ended_at for metrics in trainer.history.epochs])[skip:]
    return (len(ended) - 1) / (ended[-1] - ended[0]), np.median(np.diff(ended))


@pytest.mark.parametrize("speed", [10.0, 25.0])
def test_a_paced_run_trains_at_the_speed_asked_for_and_sleeps_between_epochs(speed):
    control = TrainControl()
    control.set_speed(speed)
    trainer = small_run(21, control)
    cpu_before, wall_before = time.process_time(), time.monotonic()
    trainer.fit()
    cpu, wall = time.process_time() - cpu_before, time.monotonic() - wall_before
    rate, median_gap = epoch_rate(trainer)
    assert len(trainer.history) == 21
    # Never faster than asked; slower only by the sleeps' wake-up latency on a busy machine.
    assert speed * 0.8 <= rate <= speed * 1.03
    assert median_gap == pytest.approx(1 / speed, rel=0.15)
    # The waits sleep: the process used a small part of a core over the run's wall time.
    assert cpu < 0.35 * wall


def test_full_speed_does_not_wait():
    control = TrainControl()
    control.set_speed(1.0)
    control.set_speed(None)
    assert control.speed is None
    trainer = small_run(30, control)
    trainer.fit()
    rate, _ = epoch_rate(trainer)
    assert rate > 50  # a tiny xor MLP runs hundreds of epochs a second unpaced


def test_a_stop_or_a_pause_takes_effect_during_a_slow_wait_and_a_new_speed_at_once():
    control = ObservedControl()
    control.set_speed(1.0)  # slow motion: a second between epochs
    trainer = small_run(1000, control)
    thread = threading.Thread(target=trainer.fit)
    thread.start()
    assert control.wait_until(lambda: trainer.epoch == 1, timeout=10)
    control.pause()
    # No epoch ends past the moment the next one was due (a second after the first began).
    assert not control.wait_until(lambda: trainer.epoch > 1, timeout=1.5)
    assert trainer.epoch == 1 and control.paused
    control.set_speed(50.0)
    control.resume()
    control.wait_until(lambda: trainer.epoch >= 6, timeout=10)  # 50/s, not 1/s
    assert trainer.epoch >= 6
    control.set_speed(1.0)
    control.request_stop()
    thread.join(timeout=5)  # a 1000-epoch run at 1/s would take minutes
    assert not thread.is_alive()
    assert trainer.epoch < 100


def test_a_step_is_not_held_back_by_the_pace():
    control = ObservedControl()
    control.set_speed(1.0)
    trainer = small_run(1000, control)
    control.pause()
    thread = threading.Thread(target=trainer.fit)
    thread.start()
    for expected in (1, 2, 3):
        control.request_step()
        control.wait_until(lambda: trainer.epoch == expected and control.paused, timeout=10)
        assert trainer.epoch == expected and control.paused
    ended = [metrics.ended_at for metrics in trainer.history.epochs]
    control.request_stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert len(ended) == 3
    assert max(np.diff(ended)) < 0.5  # each step ran when asked, not a second after the last


@pytest.mark.parametrize("bad", [0, -1.0, float("nan")])
def test_a_speed_must_be_positive(bad):
    with pytest.raises(ValueError):
        TrainControl().set_speed(bad)


def test_pause_then_step_while_an_epoch_ends_runs_one_more_epoch_and_says_so():
    """Pause and Step pressed at once, while the epoch's callbacks still run (a view's pictures
    take a while): the step runs the next epoch and ends as a step. Before, the ending epoch took
    the step as done without running one, and the window waited for its end for ever."""
    from nnstudio.core.train import FunctionCallback

    control = ObservedControl()
    steps_ended = []

    def pictures_then_clicks(metrics):  # the user clicks while the epoch's pictures are made
        if metrics.epoch == 2:
            control.pause()
            control.request_step()

    watchers = [FunctionCallback(on_epoch_end=pictures_then_clicks),
                FunctionCallback(on_epoch_end=lambda metrics: steps_ended.append(
                    (metrics.epoch, control.step_ended)))]
    config = parse_config({"data": {"dataset": "xor", "n_samples": 200},
                           "model": {"preset": "mlp", "hidden": [8]}, "train": {"epochs": 1000}})
    trainer = Trainer(config, callbacks=watchers, control=control)
    thread = threading.Thread(target=trainer.fit)
    thread.start()
    try:
        assert control.wait_until(lambda: trainer.epoch >= 3 and control.paused, timeout=30)
        assert not control.wait_until(lambda: trainer.epoch > 3, timeout=0.5)  # paused after it
        assert trainer.epoch == 3 and steps_ended == [(1, False), (2, False), (3, True)]
    finally:
        control.request_stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
