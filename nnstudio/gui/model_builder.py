"""Model builder: a preset, or a layer list to add to, remove from and reorder; live parameter count."""

from __future__ import annotations

from typing import Optional

from pydantic import TypeAdapter
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import (
    DEFAULT_FEATURES,
    INPUT_FEATURES,
    DataConfig,
    LayerSpec,
    ModelConfig,
    is_point_set,
)
from nnstudio.core.data.features import FEATURE_LABELS
from nnstudio.core.errors import NNStudioError
from nnstudio.core.models import build_model, count_parameters
from nnstudio.core.models.builder import hidden_layers, resolved_model
from nnstudio.gui.config_form import ConfigForm
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.i18n import FollowsLanguage
from nnstudio.gui.theme import error_text_colour

PRESETS = {
    "auto": QT_TRANSLATE_NOOP("ModelBuilder", "Automatic (MLP; linear for a numeric table)"),
    "linear": QT_TRANSLATE_NOOP("ModelBuilder", "Linear regression"),
    "polynomial": QT_TRANSLATE_NOOP("ModelBuilder", "Polynomial regression"),
    "logistic": QT_TRANSLATE_NOOP("ModelBuilder", "Logistic regression"),
    "softmax": QT_TRANSLATE_NOOP("ModelBuilder", "Softmax regression"),
    "mlp": QT_TRANSLATE_NOOP("ModelBuilder", "MLP (hidden layers)"),
    "cnn": QT_TRANSLATE_NOOP("ModelBuilder", "Small CNN (images)"),
    "custom": QT_TRANSLATE_NOOP("ModelBuilder", "Custom layer list"),
}
# Which preset settings matter for which preset (the rest are hidden).
PRESET_FIELDS = {
    "auto": ["hidden", "activation", "dropout"],
    "mlp": ["hidden", "activation", "dropout"],
    "polynomial": ["degree"],
    "cnn": ["hidden", "dropout"],
}
NEW_LAYERS = {  # the Add layer menu: English name (translated when shown): the new layer
    "Linear": {"type": "linear", "width": 16},
    "Activation": {"type": "activation", "name": "relu"},
    "Dropout": {"type": "dropout", "p": 0.5},
    "BatchNorm": {"type": "batchnorm"},
    "Flatten": {"type": "flatten"},
    "Conv2d": {"type": "conv2d"},
    "MaxPool2d": {"type": "maxpool2d"},
}
LAYER_NAMES = [QT_TRANSLATE_NOOP("ModelBuilder", "Linear"), QT_TRANSLATE_NOOP("ModelBuilder", "Activation"),
               QT_TRANSLATE_NOOP("ModelBuilder", "Dropout"), QT_TRANSLATE_NOOP("ModelBuilder", "BatchNorm"),
               QT_TRANSLATE_NOOP("ModelBuilder", "Flatten"), QT_TRANSLATE_NOOP("ModelBuilder", "Conv2d"),
               QT_TRANSLATE_NOOP("ModelBuilder", "MaxPool2d")]
_LAYER = TypeAdapter(LayerSpec)
LOSS_NAMES = {
    "regression": QT_TRANSLATE_NOOP("ModelBuilder", "mean squared error"),
    "binary": QT_TRANSLATE_NOOP("ModelBuilder", "sigmoid + binary cross-entropy"),
    "multiclass": QT_TRANSLATE_NOOP("ModelBuilder", "softmax + cross-entropy"),
}


# objectName suffixes of the input feature check boxes (featureCheck_x1Squared, ...)
FEATURE_OBJECT_NAMES = {
    "x1": "x1", "x2": "x2", "x1^2": "x1Squared", "x2^2": "x2Squared", "x1*x2": "x1TimesX2",
    "sin(x1)": "sinX1", "sin(x2)": "sinX2",
}


class FeaturePicker(FollowsLanguage, QGroupBox):
    """Check boxes choosing the inputs of 2D point sets (x1, x2, x1², ...), as in TensorFlow
    Playground. Emits ``featuresChanged``; at least one stays checked."""

    featuresChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="featureBox")
        self._available = True
        self.checks: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        for index, name in enumerate(INPUT_FEATURES):
            label = FEATURE_LABELS[name]
            check = QCheckBox(label, objectName=f"featureCheck_{FEATURE_OBJECT_NAMES[name]}")
            check.toggled.connect(lambda on, chosen=name: self._on_toggled(chosen, on))
            grid.addWidget(check, index // 4, index % 4)
            self.checks[name] = check
        self.set_features(DEFAULT_FEATURES)
        self.retranslate()

    def features(self) -> list[str]:
        return [name for name, check in self.checks.items() if check.isChecked()]

    def set_features(self, features) -> None:
        for name, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(name in features)
            check.blockSignals(False)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Input features"))
        self.setAccessibleName(self.tr("Input features"))
        for name, check in self.checks.items():
            check.setAccessibleName(self.tr("Input feature {name}").format(name=FEATURE_LABELS[name]))
        self.set_available(self._available)

    def set_available(self, available: bool) -> None:
        """Enabled for 2D point sets; otherwise disabled, with a tooltip saying why."""
        self._available = available
        self.setEnabled(available)
        tip = (self.tr("What the network reads: computed from each point (x1, x2). With x1² and "
                       "x2², even a model without hidden layers can draw a circle.")
               if available else
               self.tr("Input features are computed from 2D points (x1, x2); this dataset has "
                       "other inputs."))
        self.setToolTip(tip)
        for check in self.checks.values():
            check.setToolTip(tip)

    def _on_toggled(self, name: str, on: bool) -> None:
        if not on and not self.features():  # the network needs at least one input
            self.set_features([name])
            return
        self.featuresChanged.emit()


def describe_layer(spec) -> str:
    """The line of a layer in the list ('Linear · 16 neurons'), in the interface's language."""
    if spec.type == "linear":
        return QCoreApplication.translate("ModelBuilder", "Linear · {width} neurons").format(width=spec.width)
    if spec.type == "activation":
        return QCoreApplication.translate("ModelBuilder", "Activation · {name}").format(name=spec.name.replace("_", " "))
    if spec.type == "dropout":
        return QCoreApplication.translate("ModelBuilder", "Dropout · p = {p}").format(p=f"{spec.p:g}")
    if spec.type == "conv2d":
        return QCoreApplication.translate("ModelBuilder", "Conv2d · {channels} channels, {k}×{k}").format(
            channels=spec.channels, k=spec.kernel_size)
    if spec.type == "maxpool2d":
        return QCoreApplication.translate("ModelBuilder", "MaxPool2d · {k}×{k}").format(k=spec.kernel_size)
    return QCoreApplication.translate("ModelBuilder", {"batchnorm": "BatchNorm", "flatten": "Flatten"}[spec.type])


class ModelBuilder(FollowsLanguage, QWidget):
    """Emits ``configChanged`` when the model changes. Call ``set_data_shape`` when data changes."""

    configChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = ModelConfig()
        self._shape: Optional[tuple[tuple[int, ...], int, str]] = None
        self._point_data = True  # the data is a 2D point set: the input features apply
        self._data = DataConfig()  # what 'auto' is resolved for (a numeric table: linear)
        self.feature_picker = FeaturePicker()
        self.feature_picker.featuresChanged.connect(self._on_features_changed)
        # Texts are set by retranslate() (at the end, and on every language switch).
        self.preset_combo = QComboBox(objectName="modelPresetCombo")
        # As wide as the panel allows, not as its longest preset's name: at a large font that
        # alone would widen the panel past the screen.
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(14)
        for value in PRESETS:
            self.preset_combo.addItem("", value)
        self.form = ConfigForm(ModelConfig, "model", fields=["degree", "hidden", "activation", "dropout"])
        self.layer_list = QListWidget(objectName="layerList")
        self.layer_form: Optional[ConfigForm] = None
        self._layer_form_holder = QVBoxLayout()
        self.param_label = QLabel(objectName="paramCountLabel", wordWrap=True)
        self.message = QLabel(objectName="modelMessage", wordWrap=True)
        self.message.setStyleSheet(f"color: {error_text_colour()}")

        buttons = QHBoxLayout()
        self.add_button = QToolButton(objectName="addLayerButton")
        menu = QMenu(self.add_button)
        self._layer_actions = {label: menu.addAction("", lambda checked=False, kind=label: self.add_layer(kind))
                               for label in NEW_LAYERS}
        self.add_button.setMenu(menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.remove_button = QToolButton(objectName="removeLayerButton")
        self.up_button = QToolButton(objectName="layerUpButton")
        self.down_button = QToolButton(objectName="layerDownButton")
        self.remove_button.clicked.connect(self.remove_layer)
        self.up_button.clicked.connect(lambda: self.move_layer(-1))
        self.down_button.clicked.connect(lambda: self.move_layer(+1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.feature_picker)
        layout.addWidget(self.preset_combo)
        layout.addWidget(self.form)
        self.layers_caption = QLabel(objectName="hiddenLayersCaption", wordWrap=True)  # wraps at a large font
        layout.addWidget(self.layers_caption)
        layout.addWidget(self.layer_list, stretch=1)
        layout.addLayout(buttons)
        layout.addLayout(self._layer_form_holder)
        layout.addWidget(self.param_label)
        layout.addWidget(self.message)

        self.preset_combo.currentIndexChanged.connect(self._on_preset_chosen)
        self.form.valueChanged.connect(self._on_form_changed)
        self.layer_list.currentRowChanged.connect(self._show_layer_editor)
        self.set_config(self._config)
        self.retranslate()

    def retranslate(self) -> None:
        """Presets, buttons, the layer list and the parameter count in the interface's language."""
        self.preset_combo.setAccessibleName(self.tr("Model preset"))
        self.preset_combo.setToolTip(self.tr("The model family; 'Custom' lets you edit the layer list"))
        for index in range(self.preset_combo.count()):
            self.preset_combo.setItemText(index, self.tr(PRESETS[self.preset_combo.itemData(index)]))
        self.layer_list.setAccessibleName(self.tr("Hidden layers"))
        self.layer_list.setToolTip(self.tr("Hidden layers; the output layer is added for the task"))
        self.param_label.setAccessibleName(self.tr("Parameter count"))
        self.message.setAccessibleName(self.tr("Model problem"))
        self.layers_caption.setText(self.tr("Hidden layers (editing one switches to a custom list):"))
        for button, text, tip in [
            (self.add_button, self.tr("Add layer"), self.tr("Add a layer at the end")),
            (self.remove_button, self.tr("Remove"), self.tr("Remove the selected layer")),
            (self.up_button, self.tr("Up"), self.tr("Move the selected layer up")),
            (self.down_button, self.tr("Down"), self.tr("Move the selected layer down")),
        ]:
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(text)
        for label, action in self._layer_actions.items():
            action.setText(self.tr(label))
        for row, spec in enumerate(self.layers()):
            if row < self.layer_list.count():
                self.layer_list.item(row).setText(describe_layer(spec))
        self._check_model()

    # --- public ---
    def config(self) -> ModelConfig:
        return self._config

    def set_config(self, config: ModelConfig) -> None:
        self._config = config
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(config.preset))
        self.preset_combo.blockSignals(False)
        self.form.set_values(config)
        self._refresh()

    def features(self) -> list[str]:
        """The checked input features."""
        return self.feature_picker.features()

    def set_features(self, features) -> None:
        self.feature_picker.set_features(features)
        self._refresh()

    def set_data_kind(self, data: DataConfig) -> None:
        """Enable the input features for 2D point sets only."""
        self._point_data = is_point_set(data.dataset, data.task)
        self._data = data
        self.feature_picker.set_available(self._point_data)
        self._refresh()

    def with_features(self, data: DataConfig) -> DataConfig:
        """``data`` with the checked input features (the default ones for other datasets)."""
        chosen = self.features() if is_point_set(data.dataset, data.task) else DEFAULT_FEATURES
        return data.model_copy(update={"features": list(chosen)})

    def set_data_shape(self, input_shape: tuple[int, ...], n_outputs: int, task: str) -> None:
        self._shape = (tuple(input_shape), n_outputs, task)
        self._refresh()

    def layers(self) -> list:
        """The hidden layers the current config stands for."""
        task = self._shape[2] if self._shape else "binary"
        shape = self._shape[0] if self._shape else (2,)
        try:
            return hidden_layers(self._built(), shape, task)
        except NNStudioError:
            return list(self._config.layers)

    def add_layer(self, kind: str) -> None:
        layers = self.layers() + [_LAYER.validate_python(NEW_LAYERS[kind])]
        self._set_custom(layers, select=len(layers) - 1)

    def remove_layer(self) -> None:
        row = self.layer_list.currentRow()
        layers = self.layers()
        if 0 <= row < len(layers):
            del layers[row]
            self._set_custom(layers, select=min(row, len(layers) - 1))

    def move_layer(self, offset: int) -> None:
        row = self.layer_list.currentRow()
        layers = self.layers()
        target = row + offset
        if 0 <= row < len(layers) and 0 <= target < len(layers):
            layers[row], layers[target] = layers[target], layers[row]
            self._set_custom(layers, select=target)

    # --- internals ---
    def _set_custom(self, layers: list, select: int = -1) -> None:
        self._config = self._config.model_copy(update={"preset": "custom", "layers": layers})
        self.set_config(self._config)
        self.layer_list.setCurrentRow(select)
        self.configChanged.emit()

    def _on_preset_chosen(self) -> None:
        self._config = self._config.model_copy(update={"preset": self.preset_combo.currentData()})
        self._refresh()
        self.configChanged.emit()

    def _on_features_changed(self) -> None:
        self._refresh()
        self.configChanged.emit()

    def _on_form_changed(self, _name: str, _value: object) -> None:
        try:
            self._config = self.form.apply_to(self._config)
        except NNStudioError as error:
            self.message.setText(translate_core_message(str(error)))
            return
        self._refresh()
        self.configChanged.emit()

    def _show_layer_editor(self, row: int) -> None:
        if self.layer_form is not None:
            self.layer_form.setParent(None)
            self.layer_form.deleteLater()
            self.layer_form = None
        layers = self.layers()
        if not 0 <= row < len(layers):
            return
        spec = layers[row]
        fields = [name for name in type(spec).model_fields if name != "type"]
        if not fields:
            return
        self.layer_form = ConfigForm(type(spec), "layer", fields=fields)
        self.layer_form.set_values(spec)
        self.layer_form.valueChanged.connect(lambda *_: self._on_layer_edited(row))
        self._layer_form_holder.addWidget(self.layer_form)

    def _on_layer_edited(self, row: int) -> None:
        layers = self.layers()
        try:
            layers[row] = self.layer_form.apply_to(layers[row])
        except NNStudioError as error:
            self.message.setText(translate_core_message(str(error)))
            return
        self._config = self._config.model_copy(update={"preset": "custom", "layers": layers})
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData("custom"))
        self.preset_combo.blockSignals(False)
        self._refresh(keep_editor=True)
        self.configChanged.emit()

    def _refresh(self, keep_editor: bool = False) -> None:
        preset = self._built().preset  # what 'auto' stands for with these data
        shown = PRESET_FIELDS.get(preset, [])
        for name in ("degree", "hidden", "activation", "dropout"):
            self.form.editor(name).setVisible(name in shown)
            self.form.label(name).setVisible(name in shown)
        row = self.layer_list.currentRow()
        self.layer_list.blockSignals(True)
        self.layer_list.clear()
        for spec in self.layers():
            self.layer_list.addItem(describe_layer(spec))
        self.layer_list.setCurrentRow(row if keep_editor else -1)
        self.layer_list.blockSignals(False)
        if not keep_editor:
            self._show_layer_editor(-1)
        self._check_model()

    def _check_model(self) -> None:
        if self._shape is None:
            return
        input_shape, n_outputs, task = self._shape
        if self._point_data and input_shape == (2,):  # the points (x1, x2) -> the features
            input_shape = (len(self.features()),)
        built = self._built()
        try:
            model = build_model(built, input_shape, n_outputs, task)
        except NNStudioError as error:
            self.param_label.setText(self.tr("Parameters: –"))
            self.message.setText(translate_core_message(str(error)))
            return
        self.message.setText("")
        loss = self.tr(LOSS_NAMES[task])
        inputs = " × ".join(str(size) for size in input_shape)
        output = (self.tr("output layer: {n} neurons").format(n=n_outputs) if n_outputs > 1
                  else self.tr("output layer: 1 neuron"))
        automatic = ""
        if built.preset != self._config.preset:  # 'auto' on a table with a numeric target
            automatic = self.tr("Automatic: linear regression, least squares' model, for a table "
                                "with a numeric target (choose MLP for a network)") + "\n"
        self.param_label.setText(
            automatic + self.tr("Input: {inputs} · {output} ({loss}, added for the task)").format(
                inputs=inputs, output=output, loss=loss)
            + "\n" + self.tr("Parameters: {count}").format(count=f"{count_parameters(model):,}")
        )

    def _built(self):
        """The model config the run builds: the one shown, with 'auto' resolved for the data."""
        task = self._shape[2] if self._shape else "binary"
        return resolved_model(self._config, self._data, task)

    @property
    def is_valid(self) -> bool:
        return not self.message.text()
