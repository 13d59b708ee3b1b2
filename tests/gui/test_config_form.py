"""The settings form is built from the schema: a user edits a field and gets a validated config."""

import typing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from nnstudio.core.config import DataConfig, ModelConfig, TrainConfig
from nnstudio.core.errors import ConfigError
from nnstudio.gui.config_form import ConfigForm


@pytest.fixture
def make_form(qtbot):
    def make(model_class, section, **kwargs):
        form = ConfigForm(model_class, section, **kwargs)
        qtbot.addWidget(form)
        form.set_values(model_class())
        return form

    return make


def expected_editor_type(name, field):
    annotation = field.annotation
    if typing.get_origin(annotation) is typing.Literal or name == "device":
        return QComboBox
    if name in ("batch_size", "augment"):
        return object  # a container; its parts are checked in their own test
    if typing.get_origin(annotation) is list or annotation is str:
        return QLineEdit
    return {bool: QCheckBox, int: QSpinBox, float: QDoubleSpinBox}[annotation]


@pytest.mark.parametrize(
    ("model_class", "section"),
    [(TrainConfig, "train"), (DataConfig, "data"), (ModelConfig, "model")],
)
def test_every_schema_field_has_a_described_editor(make_form, model_class, section):
    form = make_form(model_class, section)
    for name, field in model_class.model_fields.items():
        if name in ("layers", "points"):
            continue
        editor = form.editor(name)
        assert isinstance(editor, expected_editor_type(name, field)), name
        assert editor.objectName() == f"field_{section}_{name}"
        # A field that does not apply (momentum for Adam) adds why to its description.
        assert editor.toolTip().splitlines()[0] == field.description
        if editor.isEnabled():
            assert editor.toolTip() == field.description
        assert editor.accessibleName() == form.label(name).text()
        assert form.findChild(type(editor), f"field_{section}_{name}") is editor
    with pytest.raises(KeyError):
        form.editor("layers")


def test_fields_limit_and_order_the_form(make_form):
    form = make_form(ModelConfig, "model", fields=["dropout", "hidden"])
    assert list(form.values()) == ["dropout", "hidden"]
    assert form.values() == {"dropout": 0.0, "hidden": [16, 16]}


def test_labels_and_choices_are_readable(make_form):
    form = make_form(TrainConfig, "train")
    assert form.label("lr").text() == "Learning rate"
    assert form.label("weight_decay").text() == "Weight decay (L2)"
    assert form.label("early_stopping").text() == "Early stopping"
    optimizer = form.editor("optimizer")
    assert optimizer.itemText(optimizer.findData("sgd")) == "SGD"
    device = form.editor("device")
    assert device.itemData(0) == "auto"
    assert device.findData("cpu") >= 0


def test_spin_boxes_follow_the_schema_bounds(make_form):
    form = make_form(TrainConfig, "train")
    lr = form.editor("lr")
    assert 0 < lr.minimum() <= 1e-5
    assert lr.maximum() == 100.0
    epochs = form.editor("epochs")
    assert (epochs.minimum(), epochs.maximum()) == (1, 10_000_000)
    momentum = form.editor("momentum")
    assert momentum.minimum() == 0.0 and momentum.maximum() < 1.0
    assert form.editor("seed").maximum() == 2**31 - 1


def test_typing_a_learning_rate_emits_and_applies(make_form, qtbot):
    form = make_form(TrainConfig, "train")
    lr = form.editor("lr")
    lr.selectAll()
    with qtbot.waitSignal(form.valueChanged) as signal:
        qtbot.keyClicks(lr, "0.0001")
        qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert signal.args == ["lr", pytest.approx(0.0001)]
    assert lr.text() == "0.0001"
    assert form.apply_to(TrainConfig()).lr == pytest.approx(0.0001)

    lr.setValue(3.0)
    assert form.apply_to(TrainConfig()).lr == 3.0


def test_full_batch_disables_the_batch_size(make_form, qtbot):
    form = make_form(TrainConfig, "train")
    spin = form.findChild(QSpinBox, "field_train_batch_size_spin")
    full = form.findChild(QCheckBox, "field_train_batch_size_full")
    with qtbot.waitSignal(form.valueChanged) as signal:
        full.click()
    assert signal.args == ["batch_size", "full"]
    assert not spin.isEnabled()
    assert form.apply_to(TrainConfig()).batch_size == "full"
    full.click()
    spin.setValue(1)
    assert spin.isEnabled()
    assert form.apply_to(TrainConfig()).batch_size == 1


def test_invalid_hidden_widths_are_flagged_not_emitted(make_form, qtbot):
    form = make_form(ModelConfig, "model")
    hidden = form.editor("hidden")
    hidden.clear()
    with qtbot.assertNotEmitted(form.valueChanged):
        qtbot.keyClicks(hidden, "16, -3")
        qtbot.keyClick(hidden, Qt.Key.Key_Return)
    assert hidden.property("invalid") is True
    assert "red" in hidden.styleSheet() or "#d32f2f" in hidden.styleSheet()
    assert "must be >= 1" in hidden.toolTip()
    with pytest.raises(ConfigError, match=r"model\.hidden\.1: must be >= 1, got -3"):
        form.apply_to(ModelConfig())

    hidden.clear()
    with qtbot.waitSignal(form.valueChanged) as signal:
        qtbot.keyClicks(hidden, "32, 8")
        qtbot.keyClick(hidden, Qt.Key.Key_Return)
    assert signal.args == ["hidden", [32, 8]]
    assert hidden.property("invalid") is False
    assert hidden.toolTip() == ModelConfig.model_fields["hidden"].description
    assert form.apply_to(ModelConfig()).hidden == [32, 8]


def test_errors_name_the_section_and_field(make_form):
    form = make_form(DataConfig, "data")
    form.editor("val_fraction").setValue(0.5)
    form.editor("test_fraction").setValue(0.5)
    assert form.editor("test_fraction").property("invalid") is True
    with pytest.raises(ConfigError, match=r"^data\.test_fraction: validation \+ test"):
        form.apply_to(DataConfig())


def test_set_values_round_trips_without_signals(make_form, qtbot):
    form = make_form(TrainConfig, "train")
    config = TrainConfig(
        optimizer="momentum", lr=0.0003, momentum=0.5, batch_size="full", epochs=1234,
        weight_decay=0.01, l1=0.001, schedule="plateau", plateau_patience=3, plateau_factor=0.25,
        early_stopping=True, patience=7, min_delta=0.002, restore_best=False, grad_clip=1.5,
        seed=42, device="cpu",
    )
    with qtbot.assertNotEmitted(form.valueChanged):
        form.set_values(config)
    assert form.values()["batch_size"] == "full"
    assert form.apply_to(TrainConfig()) == config

    model = ModelConfig(preset="mlp", hidden=[64, 32, 8], activation="leaky_relu", dropout=0.2)
    model_form = make_form(ModelConfig, "model")
    model_form.set_values(model)
    assert model_form.editor("hidden").text() == "64, 32, 8"
    assert model_form.apply_to(ModelConfig()) == model

    data = DataConfig(dataset="csv", csv="/tmp/x.csv", feature_columns=["a", "b"], standardize=False)
    data_form = make_form(DataConfig, "data")
    data_form.set_values(data)
    assert data_form.apply_to(DataConfig()) == data


def test_fields_that_do_not_apply_are_disabled_with_a_reason(make_form):
    form = make_form(TrainConfig, "train")
    optimizer, momentum = form.editor("optimizer"), form.editor("momentum")
    optimizer.setCurrentIndex(optimizer.findData("adam"))
    assert not momentum.isEnabled()
    assert "only used when Optimizer is" in momentum.toolTip()
    assert form.editor("beta1").isEnabled()
    optimizer.setCurrentIndex(optimizer.findData("momentum"))
    assert momentum.isEnabled()
    assert momentum.toolTip() == TrainConfig.model_fields["momentum"].description
    assert not form.editor("beta1").isEnabled()
    optimizer.setCurrentIndex(optimizer.findData("adagrad"))  # reads neither momentum nor betas
    assert optimizer.currentText() == "Adagrad"
    assert not any(form.editor(name).isEnabled() for name in ("momentum", "beta1", "beta2"))
    assert form.editor("weight_decay").isEnabled() and form.editor("lr").isEnabled()

    assert not form.editor("patience").isEnabled()
    form.editor("early_stopping").setChecked(True)
    assert form.editor("patience").isEnabled()


def test_least_squares_greys_out_every_gradient_setting(make_form):
    form = make_form(TrainConfig, "train")
    optimizer = form.editor("optimizer")
    assert optimizer.itemText(optimizer.findData("lstsq")) == "Least squares (exact)"
    optimizer.setCurrentIndex(optimizer.findData("lstsq"))
    for name in ("lr", "batch_size", "epochs", "weight_decay", "l1", "schedule", "early_stopping",
                 "momentum", "beta1"):
        assert not form.editor(name).isEnabled(), name
    assert "only used when Optimizer is" in form.editor("lr").toolTip()
    assert form.editor("seed").isEnabled()
    optimizer.setCurrentIndex(optimizer.findData("sgd"))
    assert form.editor("lr").isEnabled() and form.editor("epochs").isEnabled()


def test_set_field_enabled_explains_why(make_form):
    form = make_form(DataConfig, "data")
    form.set_field_enabled("noise", False, "only for generated datasets")
    assert not form.editor("noise").isEnabled()
    assert not form.label("noise").isEnabled()
    assert "only for generated datasets" in form.editor("noise").toolTip()
    form.set_field_enabled("noise", True)
    assert form.editor("noise").isEnabled()
    assert form.editor("noise").toolTip() == DataConfig.model_fields["noise"].description
