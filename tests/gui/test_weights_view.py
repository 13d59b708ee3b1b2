"""The weights dock shows histograms and per-layer gradient sizes while training."""


def test_weights_dock_follows_training(make_window, qtbot):
    # Updates are throttled by time (about 30 a second), so a run of a few epochs can end
    # before a second one is sent: train long enough to see the gradients move, then stop.
    window = make_window({"data": {"dataset": "moons"},
                          "model": {"hidden": [8, 8, 8], "activation": "sigmoid"}, "train": {"epochs": 100_000}})
    window.docks.weights_dock.show()
    window.session.start()
    view = window.docks.weights_view
    qtbot.waitUntil(lambda: len(view.gradient_table()) >= 3, timeout=60_000)
    window.session.stop()
    qtbot.waitUntil(lambda: window.session.status == "idle", timeout=60_000)
    table = view.gradient_table()
    assert table.shape[1] == 4
    assert (table > 0).all()
    labels = [label.text for _, label in view.histogram_legend.items]
    assert len(labels) == 4 and all("≈ 0" in text for text in labels)
    window.docks.weights_dock.hide()
    assert "weights" not in window.session.views
