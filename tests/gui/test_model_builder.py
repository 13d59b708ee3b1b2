"""The model builder: presets become layer lists a student can edit; the count follows."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QToolButton

from nnstudio.core.config import ModelConfig
from nnstudio.gui.model_builder import ModelBuilder


def make_builder(qtbot, config=None):
    builder = ModelBuilder()
    qtbot.addWidget(builder)
    builder.set_config(config or ModelConfig(preset="mlp", hidden=[4, 2], activation="tanh"))
    builder.set_data_shape((2,), 1, "binary")
    return builder


def test_preset_layers_are_listed_with_the_parameter_count(qtbot):
    builder = make_builder(qtbot)
    layers = builder.findChild(QListWidget, "layerList")
    assert [layers.item(i).text() for i in range(layers.count())] == [
        "Linear · 4 neurons", "Activation · tanh", "Linear · 2 neurons", "Activation · tanh"]
    assert "Parameters: 25" in builder.param_label.text()  # (2·4+4) + (4·2+2) + (2·1+1)
    assert "sigmoid + binary cross-entropy" in builder.param_label.text()


def test_adding_removing_and_moving_layers_makes_a_custom_stack(qtbot):
    builder = make_builder(qtbot)
    changes = []
    builder.configChanged.connect(lambda: changes.append(builder.config()))
    builder.add_layer("Dropout")
    assert builder.config().preset == "custom"
    assert builder.findChild(QComboBox, "modelPresetCombo").currentData() == "custom"
    assert [spec.type for spec in builder.config().layers][-1] == "dropout"
    builder.layer_list.setCurrentRow(4)
    qtbot.mouseClick(builder.findChild(QToolButton, "layerUpButton"), Qt.MouseButton.LeftButton)
    assert [spec.type for spec in builder.config().layers] == [
        "linear", "activation", "linear", "dropout", "activation"]
    builder.layer_list.setCurrentRow(0)
    qtbot.mouseClick(builder.findChild(QToolButton, "removeLayerButton"), Qt.MouseButton.LeftButton)
    assert len(builder.config().layers) == 4 and changes


def test_editing_a_layer_width_updates_the_count(qtbot):
    builder = make_builder(qtbot)
    builder.layer_list.setCurrentRow(0)
    width = builder.layer_form.editor("width")
    width.setValue(10)
    width.editingFinished.emit()
    assert builder.config().layers[0].width == 10
    assert "Parameters: 55" in builder.param_label.text()  # (2·10+10) + (10·2+2) + 3


def test_an_impossible_stack_is_explained(qtbot):
    builder = make_builder(qtbot, ModelConfig(preset="custom", layers=[{"type": "maxpool2d"}]))
    assert not builder.is_valid
    assert "layer 1 (maxpool2d): needs image input" in builder.message.text()


def test_automatic_on_a_table_with_a_numeric_target_is_linear_regression_and_says_so(qtbot):
    from nnstudio.core.config import DataConfig

    builder = make_builder(qtbot, ModelConfig(preset="auto", hidden=[16, 16]))
    builder.set_data_kind(DataConfig(dataset="csv", csv="scores.csv"))
    builder.set_data_shape((10,), 1, "regression")
    layers = builder.findChild(QListWidget, "layerList")
    assert layers.count() == 0  # no hidden layers: one linear layer, 10 weights and a bias
    assert "Automatic: linear regression" in builder.param_label.text()
    assert "Parameters: 11" in builder.param_label.text()
    assert not builder.form.editor("hidden").isVisibleTo(builder)
    builder.set_data_shape((10,), 3, "multiclass")  # classes: automatic stays an MLP
    assert layers.count() == 4 and "Automatic:" not in builder.param_label.text()
