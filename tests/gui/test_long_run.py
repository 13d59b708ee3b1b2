"""A 20,000-epoch run: the history keeps every value, the curves draw a bounded number of points
that still show its highs and lows, its best epoch and its last epoch."""

import numpy as np

from nnstudio.core.train import EpochMetrics
from nnstudio.gui.live_views import STEP_POINTS_DRAWN
from nnstudio.session.history import EPOCH_POINTS_DRAWN, peak_rows, step_rows
from nnstudio.session.protocol import Progress, Update

EPOCHS, STEPS = 20_000, 25


def long_history(seed=0):
    """Noisy falling losses with one spike (epoch 12,345) and the best validation loss at epoch
    17,000; the learning rate drops tenfold at epochs 5,000 and 15,000."""
    rng = np.random.default_rng(seed)
    epochs = np.arange(1, EPOCHS + 1)
    train_loss = 0.05 + np.exp(-epochs / 3000) + 0.02 * rng.random(EPOCHS)
    val_loss = train_loss + 0.03 + 0.02 * rng.random(EPOCHS)
    train_loss[12_344] = 3.0
    val_loss[16_999] = 0.01
    accuracy = np.clip(1 - train_loss / 2, 0, 1)
    lr = np.where(epochs <= 5000, 0.1, np.where(epochs <= 15_000, 0.01, 0.001))
    return epochs, train_loss, val_loss, accuracy, lr


def test_a_20000_epoch_run_keeps_every_value_and_draws_few_points(make_window, qtbot):
    window = make_window({"data": {"dataset": "circles"}, "train": {"epochs": EPOCHS, "batch_size": 10}})
    epochs, train_loss, val_loss, accuracy, lr = long_history()
    step_losses = np.linspace(1.0, 0.5, STEPS, dtype=np.float32)
    metrics = [EpochMetrics(int(e), float(t), float(v), float(a), float(a) - 0.01, float(r), 0.004, 60_000.0,
                            STEPS, step_losses)
               for e, t, v, a, r in zip(epochs, train_loss, val_loss, accuracy, lr)]
    # The same path a run's updates take, a few hundred epochs per update.
    for start in range(0, EPOCHS, 400):
        progress = Progress(epoch=start + 400, total_epochs=EPOCHS,
                            best_epoch=int(np.argmin(val_loss[: start + 400])) + 1)
        window.session.receive(Update(progress, new_epochs=metrics[start:start + 400]))
    window.views.draw_curves()  # as at the end of a run

    history = window.session.history
    assert len(history) == EPOCHS
    assert np.array_equal(history.train_loss, train_loss) and np.array_equal(history.lr, lr)
    assert len(history.step_loss) == EPOCHS * STEPS

    loss = window.views.loss_view
    for curve, values in ((loss.train_curve, train_loss), (loss.val_curve, val_loss)):
        x, y = curve.getData()
        assert len(x) <= EPOCH_POINTS_DRAWN + 50
        assert x[-1] == EPOCHS and y[-1] == values[-1]
        assert y.max() == values.max() and y.min() == values.min()  # the spike and the best stay
    assert loss.best_epoch == 17_000
    assert loss.best_marker.getData()[0].tolist() == [17_000]
    step_x, _ = loss.step_curve.getData()
    assert len(step_x) <= STEP_POINTS_DRAWN + STEPS and step_x[-1] == EPOCHS

    x, y = window.views.accuracy_view.train_curve.getData()
    assert len(x) <= EPOCH_POINTS_DRAWN + 50 and x[-1] == EPOCHS and y.min() == accuracy.min()
    # Two drops of the learning rate need a handful of points, each drop at its epoch.
    assert len(window.views.lr_view.epochs) < 10
    assert {5000, 5001, 15_000, 15_001} <= set(window.views.lr_view.epochs.tolist())


def test_thinning_keeps_each_stretchs_extremes_and_short_curves_whole():
    rng = np.random.default_rng(1)
    values = rng.normal(size=10_000)
    rows = peak_rows([values], 1000)
    assert len(rows) <= 1000 + 20 and rows[0] == 0 and rows[-1] == len(values) - 1
    assert values[rows].max() == values.max() and values[rows].min() == values.min()
    with_gaps = values.copy()
    with_gaps[::3] = np.nan  # e.g. no validation loss on some epochs: the finite extremes still stay
    kept = with_gaps[peak_rows([with_gaps], 1000)]
    assert np.nanmax(kept) == np.nanmax(with_gaps) and np.nanmin(kept) == np.nanmin(with_gaps)
    assert peak_rows([values[:500]], 1000).tolist() == list(range(500))
    assert peak_rows([values], 1000, keep=[4321]).tolist().count(4321) == 1
    steps = np.repeat([0.1, 0.05, 0.01], 4000)
    assert step_rows(steps, 1000).tolist() == [0, 3999, 4000, 7999, 8000, 11_999]
    assert len(step_rows(np.geomspace(1, 1e-3, 10_000), 1000)) <= 1000 + 20  # changes every epoch: peaks
