"""Draw a sample: a student draws on the canvas and a trained image model says what it sees."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from nnstudio.core.data.images import DEBIAN_FOLDERS

HAS_FASHION = (DEBIAN_FOLDERS["fashion_mnist"] / "t10k-images-idx3-ubyte.gz").exists()


def test_the_action_is_disabled_with_a_reason_for_a_model_that_is_not_28_by_28(make_window):
    window = make_window({"data": {"dataset": "moons"}})
    action = window.findChild(type(window.draw_sample.action), "drawSampleAction")
    assert action is window.draw_sample.action
    assert not action.isEnabled()
    assert "28×28" in action.toolTip() and "2 inputs" in action.toolTip()


@pytest.mark.skipif(not HAS_FASHION, reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")
def test_a_real_fashion_mnist_image_drawn_on_the_canvas_gets_the_models_own_answer(make_window, qtbot):
    window = make_window({
        "data": {"dataset": "fashion_mnist", "subset": 6000, "val_fraction": 0.1},
        "model": {"preset": "mlp", "hidden": [64], "activation": "relu"},
        "train": {"epochs": 1, "batch_size": 64, "lr": 0.002},
    })
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=60_000)
    action = window.draw_sample.action
    assert action.isEnabled()
    action.trigger()
    panel = window.draw_sample.panel
    assert window.draw_sample.dock.isVisible() and panel.canvas.objectName() == "drawCanvas"
    assert panel.probabilities is None and not panel.bars.opts["width"].__len__()  # empty: no guess

    # The window's copy of the model answers as the trained model did in the training process
    # (whose predictions for the validation images the sample browser shows).
    images = window.session.run_info.val_x[:8]
    direct = window.session.model.predict(images).argmax(axis=1)
    np.testing.assert_array_equal(direct, window.views.sample_browser._predicted[:8])
    for image, expected in zip(images, direct):
        panel.canvas.clear()
        panel.canvas.draw_image(image[0])
        assert panel.predicted_class == expected
        assert len(panel.bars.opts["width"]) == 10
    assert panel.hint.text().startswith("The model says: ")

    # Drawn by hand: a stroke with the mouse gives a prediction, Ctrl+Z takes it back.
    panel.canvas.clear()
    assert panel.probabilities is None
    canvas = panel.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 40))
    for y in range(50, 250, 10):
        qtbot.mouseMove(canvas, QPoint(140, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 240))
    assert panel.probabilities is not None and abs(panel.probabilities.sum() - 1) < 1e-5
    seen = panel.model_input
    assert seen.shape == (28, 28) and np.flatnonzero(seen.any(axis=1)).size == 28  # fills the height
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.probabilities is None and canvas.is_empty()
