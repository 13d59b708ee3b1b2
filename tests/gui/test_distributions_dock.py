"""View ▸ Weights over time: each layer's weights and gradients as a heatmap of value × epoch,
recorded all through the run, also when the dock was opened only after training."""

import numpy as np
from PySide6.QtWidgets import QDockWidget

SPIRAL = {"data": {"dataset": "spiral", "n_samples": 300},
          "model": {"hidden": [16, 16], "activation": "relu"}, "train": {"epochs": 80, "lr": 0.02}}


def test_weights_over_time_are_drawn_from_the_first_epoch_even_when_opened_late(make_window, qtbot):
    window = make_window(SPIRAL)
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=60_000)
    dock = window.findChild(QDockWidget, "distributionsDock")
    assert dock is window.docks.distributions_dock and not dock.isVisible()
    dock.toggleViewAction().trigger()  # View ▸ Weights over time, after the run
    view = window.docks.distributions_view
    qtbot.waitUntil(lambda: view.drawn() is not None, timeout=10_000)
    assert [view.layer_combo.itemText(i) for i in range(view.layer_combo.count())] == [
        "Linear 1", "Linear 2", "Linear 3"]
    epochs, edges, shares = view.drawn()
    assert epochs[0] == 0 and epochs[-1] == 80  # from the initial weights to the last epoch
    assert np.allclose(shares.sum(axis=0), 1.0)
    assert np.allclose(view.image.image, shares * 100)  # shown in %
    assert view.image.image is not None and view.image.image.shape == shares.shape
    median_x, median_y = view.median.getData()
    assert len(median_x) == len(epochs) and np.all((edges[0] <= median_y) & (median_y <= edges[-1]))
    view.layer_combo.setCurrentIndex(1)
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("gradients"))
    epochs, edges, shares = view.drawn()
    assert epochs[0] >= 1 and edges[0] < 0 < edges[-1]  # gradients of both signs, from epoch 1
    assert "Gradients" in view.plot.getPlotItem().titleLabel.text


def test_opened_from_the_view_menu_the_dock_is_tall_enough_to_read(make_window, qtbot):
    """View ▸ Weights over time gives the heatmap its share of the window's height, as a lesson's
    dock gets, not the few pixels left under the plots."""
    window = make_window(SPIRAL)
    window.resize(1600, 1000)
    dock = window.docks.distributions_dock
    dock.toggleViewAction().trigger()
    plot = window.docks.distributions_view.plot
    qtbot.waitUntil(lambda: dock.isVisible() and plot.height() >= 150, timeout=10_000)
    assert dock.height() >= 0.25 * window.height()
