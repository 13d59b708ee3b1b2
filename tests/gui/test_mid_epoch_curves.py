"""On an image set the loss and accuracy curves pass through validations made within each epoch
(train.val_every_steps), not only through one point an epoch."""

import numpy as np
import pytest

from nnstudio.core.data.images import DEBIAN_FOLDERS


@pytest.mark.skipif(not (DEBIAN_FOLDERS["fashion_mnist"] / "train-images-idx3-ubyte.gz").exists(),
                    reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")
def test_the_curves_show_the_validations_within_epochs(make_window, qtbot):
    window = make_window({"data": {"dataset": "fashion_mnist", "subset": 3000},
                          "model": {"hidden": [32]}, "train": {"epochs": 2, "lr": 0.002}})
    assert window.docks.train_form.editor("val_every_steps").value() == 15  # the form has the setting
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=120_000)
    window.views.draw_curves()
    steps = window.session.history.epochs  # 2400 training images in batches of 32: 75 steps
    x, loss = window.views.loss_view.val_curve.getData()
    assert list(steps) == [1, 2]
    assert len(x) > 4 and not np.allclose(x, np.round(x))  # points between the epochs
    assert set(np.round(x[x < 1] * 75)) <= {15, 30, 45, 60}
    assert x[-1] == 2 and loss[-1] == pytest.approx(window.session.history.val_loss[-1])
    acc_x, accuracy = window.views.accuracy_view.val_curve.getData()
    assert np.array_equal(acc_x, x) and np.all((0 <= accuracy) & (accuracy <= 1))
