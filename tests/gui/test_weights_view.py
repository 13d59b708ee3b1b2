"""The weights dock shows histograms and per-layer gradient sizes while training."""


def test_weights_dock_follows_training(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"},
                          "model": {"hidden": [8, 8, 8], "activation": "sigmoid"}, "train": {"epochs": 40}})
    window.docks.weights_dock.show()
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
    table = window.docks.weights_view.gradient_table()
    assert table.shape[1] == 4 and len(table) >= 2
    labels = [label.text for _, label in window.docks.weights_view.histogram_legend.items]
    assert len(labels) == 4 and all("≈ 0" in text for text in labels)
    window.docks.weights_dock.hide()
    assert "weights" not in window.session.views
