"""The network diagram dock and the input feature check boxes, driven through the real window."""

import numpy as np
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QCheckBox

from nnstudio.core.lessons import all_lessons
from nnstudio.gui.views.network_view import NEGATIVE_COLOUR, POSITIVE_COLOUR
from tests.image_sets import noise_mnist

CIRCLES = {
    "data": {"dataset": "circles", "n_samples": 300, "noise": 0.0,
             "features": ["x1", "x1^2", "x2^2"]},
    "model": {"preset": "mlp", "hidden": [4, 2], "activation": "tanh"},
    "train": {"optimizer": "adam", "lr": 0.03, "epochs": 30},
}


def test_the_diagram_draws_a_4_2_net_on_the_chosen_features_and_follows_training(make_window, qtbot):
    window = make_window(CIRCLES)
    view = window.docks.network_view
    drawn_in = []  # the threads the view is drawn in: only ever the GUI's
    draw = view.set_network
    view.set_network = lambda picture: (drawn_in.append(QThread.currentThread()), draw(picture))
    window.docks.network_dock.show()
    qtbot.waitUntil(lambda: view.drawn, timeout=10_000)
    assert "network" in window.session.views
    assert [len(column) for column in view.nodes] == [3, 4, 2, 1]
    assert [len(layer) for layer in view.edges] == [3 * 4, 4 * 2, 2 * 1]
    assert view.picture.input_names == ["x1", "x1^2", "x2^2"]
    labels = sorted(label.text() for label in view._input_labels)
    assert labels == sorted(["x₁", "x₁²", "x₂²"])
    # Each edge is coloured by the sign of its weight.
    trainer_weights = [module.weight.detach().numpy() for module in window.session.model.model
                       if hasattr(module, "weight")]
    for colours, weights in zip(view.edge_colours(), trainer_weights):
        expected = np.where(weights >= 0, POSITIVE_COLOUR, NEGATIVE_COLOUR)
        assert (colours == expected).all()
    hidden_before, input_before = view.node_pixmap(1, 0).toImage(), view.node_pixmap(0, 1).toImage()
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
    qtbot.waitUntil(lambda: view.node_pixmap(1, 0).toImage() != hidden_before, timeout=5_000)
    # The diagram shows the trained model (once the last update is drawn): its final weights.
    final = [module.weight.detach().numpy() for module in window.session.model.model
             if hasattr(module, "weight")]
    qtbot.waitUntil(lambda: view.picture is not None and np.array_equal(view.picture.weights[0], final[0]),
                    timeout=5_000)
    for colours, weights in zip(view.edge_colours(), final):
        assert (colours == np.where(weights >= 0, POSITIVE_COLOUR, NEGATIVE_COLOUR)).all()
    np.testing.assert_array_equal(view.picture.weights[0], final[0])
    assert view.node_pixmap(0, 1).toImage() == input_before  # an input is what it is
    assert drawn_in and all(thread == QApplication.instance().thread() for thread in drawn_in)
    window.docks.network_dock.hide()
    assert "network" not in window.session.views


def test_a_cnn_gets_an_explanation_instead_of_a_diagram(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "mnist", "data_dir": noise_mnist(tmp_path, n_train=60)},
                          "model": {"preset": "cnn", "hidden": [8]}})
    window.docks.network_dock.show()
    view = window.docks.network_view
    qtbot.waitUntil(lambda: view.picture is not None and bool(view.picture.problem), timeout=10_000)
    assert not view.drawn and view.message.isVisible()
    assert "image" in view.message.text()


def test_feature_boxes_choose_the_inputs_of_2d_sets_only(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "model": {"hidden": [4]}})
    builder = window.docks.model_builder
    square = builder.findChild(QCheckBox, "featureCheck_x1Squared")
    assert square.isEnabled() and not square.isChecked()
    square.click()
    assert window.session.valid_config().data.features == ["x1", "x2", "x1^2"]
    assert "Input: 3" in builder.param_label.text()
    qtbot.waitUntil(lambda: window.session.model is not None
                    and window.session.model.dataset.input_shape == (3,), timeout=10_000)
    assert window.session.run_info.train_x.shape[1] == 2  # the boundary view still draws the points
    # The last box cannot be unchecked: the network needs an input.
    for name in ("x1", "x2"):
        builder.findChild(QCheckBox, f"featureCheck_{name}").click()
    square.click()
    assert square.isChecked() and builder.features() == ["x1^2"]
    # Data that is not a 2D point set: the boxes are disabled and say why.
    window.docks.dataset_panel.select_dataset("sine")
    assert not square.isEnabled() and "2D points" in square.toolTip()
    assert window.session.valid_config().data.features == ["x1", "x2"]
    window.docks.dataset_panel.select_dataset("circles")
    assert square.isEnabled() and window.session.valid_config().data.features == ["x1^2"]


def test_the_features_lesson_opens_the_network_dock_with_its_features(make_window, qtbot):
    window = make_window()
    lesson = next(lesson for lesson in all_lessons() if lesson.slug == "features-vs-depth")
    window.lessons.open_lesson(lesson)
    assert window.docks.network_dock.isVisible()
    assert window.docks.model_builder.features() == ["x1^2", "x2^2"]
    # The window's previous model may be drawn first, until the lesson's is built.
    qtbot.waitUntil(lambda: window.docks.network_view.drawn
                    and [len(column) for column in window.docks.network_view.nodes] == [2, 1], timeout=10_000)
