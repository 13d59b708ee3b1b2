"""A settings form generated from a pydantic config class: one editor per field, from its schema.

The schema decides everything: the editor (from the field's type), its range (from the bounds),
its tooltip (from the description). Values are checked by the schema as they are edited; a value
it refuses is flagged on its editor instead of being passed on.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Callable, Literal, Union

import annotated_types as at
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnstudio.core.config import TrainConfig, format_validation_error
from nnstudio.core.device import available_devices
from nnstudio.core.errors import ConfigError
from nnstudio.core.registries import ACTIVATIONS, DATASETS, OPTIMIZERS, SCHEDULES
# Settings that only matter for some values of another one (the CLI warns about them too).
from nnstudio.core.settings_use import APPLIES_WHEN
from nnstudio.gui.core_messages import translate_core_message
from nnstudio.gui.i18n import FollowsLanguage

FIELD_LABELS = {
    "lr": "Learning rate", "val_fraction": "Validation fraction", "l1": "L1 penalty",
    "weight_decay": "Weight decay (L2)", "batch_size": "Batch size", "beta1": "Beta 1 (Adam)",
    "beta2": "Beta 2 (Adam)", "gamma": "Step factor (gamma)", "step_size": "Step every (epochs)",
    "min_delta": "Minimum improvement", "restore_best": "Restore best weights",
    "grad_clip": "Gradient clipping", "n_samples": "Samples", "n_classes": "Classes",
    "data_dir": "Data folder", "csv": "CSV file", "hidden": "Hidden layers",
    "p": "Drop probability", "val_every_steps": "Validate every (steps)",
}
# Labels of the choices: the registries' entries carry their own; the others are listed here.
CHOICE_LABELS = {
    **{entry.name: entry.label
       for registry in (OPTIMIZERS, SCHEDULES, ACTIVATIONS, DATASETS) for entry in registry.values()},
    "mlp": "MLP", "cnn": "CNN",
}
# Boxes the fields of a config class are shown in; classes not listed get one plain form.
GROUPS: dict[type[BaseModel], dict[str, str]] = {
    TrainConfig: {
        field: title
        for title, fields in {
            QT_TRANSLATE_NOOP("ConfigForm", "Optimiser"): "optimizer lr momentum beta1 beta2 batch_size epochs",
            QT_TRANSLATE_NOOP("ConfigForm", "Schedule"): "schedule step_size gamma plateau_patience plateau_factor",
            QT_TRANSLATE_NOOP("ConfigForm", "Regularisation"): "weight_decay l1 grad_clip augment",
            QT_TRANSLATE_NOOP("ConfigForm", "Early stopping"): "early_stopping patience min_delta restore_best",
            QT_TRANSLATE_NOOP("ConfigForm", "Run"): "seed device val_every_steps",
        }.items()
        for field in fields.split()
    }
}
# Labels, choices and descriptions come from the schema: they are translated in this context, and
# listed for the translation tools in schema_strings.py (python tools/update_translations.py).
SCHEMA_CONTEXT = "schema"
FLOAT_DECIMALS = 6
_EPSILON = 10.0**-FLOAT_DECIMALS
_INVALID_STYLE = "#{name} {{ border: 2px solid #d32f2f; border-radius: 3px; }}"


def english_field_label(name: str) -> str:
    """The English label of a field name: 'lr' -> 'Learning rate', 'early_stopping' -> 'Early stopping'."""
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def english_choice_label(value: object) -> str:
    """The English label of a choice: 'leaky_relu' -> 'Leaky ReLU', 'step' -> 'Step'."""
    text = str(value)
    return CHOICE_LABELS.get(text) or text.replace("_", " ").capitalize()


def schema_text(text: str) -> str:
    """A label or description from the schema in the interface's language."""
    return QCoreApplication.translate(SCHEMA_CONTEXT, text) if text else text


def field_label(name: str) -> str:
    """The label of a field name in the interface's language ('lr' -> 'Learning rate' / '学习率')."""
    return schema_text(english_field_label(name))


def choice_label(value: object) -> str:
    """The label of a choice in the interface's language ('leaky_relu' -> 'Leaky ReLU')."""
    return schema_text(english_choice_label(value))


# Fields edited by their own widgets (the layer list, the paint canvas), not by a form row.
OWN_EDITORS = {"layers", "points"}

def _either(words: list[str]) -> str:
    """'A', 'A or B', 'A, B or C' (in the interface's language)."""
    if len(words) == 1:
        return words[0]
    return QCoreApplication.translate("ConfigForm", "{first} or {last}").format(
        first=QCoreApplication.translate("ConfigForm", ", ").join(words[:-1]), last=words[-1])


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low is strict, high is strict) from annotated_types constraints."""
    low = high = None
    low_strict = high_strict = False
    for item in metadata:
        if isinstance(item, at.Ge):
            low = item.ge
        elif isinstance(item, at.Gt):
            low, low_strict = item.gt, True
        elif isinstance(item, at.Le):
            high = item.le
        elif isinstance(item, at.Lt):
            high, high_strict = item.lt, True
    return low, high, low_strict, high_strict


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Split ``Annotated[T, FieldInfo(...)]`` into T and its constraints."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extras = typing.get_args(annotation)
        metadata = [m for extra in extras
                    for m in (extra.metadata if isinstance(extra, FieldInfo) else [extra])]
        return base, metadata
    return annotation, []


class _SpinBox(QDoubleSpinBox):
    """A float spin box that shows 0.0001 and 3 rather than 0.000100 and 3.000000."""

    def textFromValue(self, value: float) -> str:
        text = f"{value:.{self.decimals()}f}".rstrip("0").rstrip(".")
        return text.replace(".", self.locale().decimalPoint())


@dataclass
class _Editor:
    """One field's widget, how to read and write its raw value, and the signals of user edits."""

    widget: QWidget
    read: Callable[[], Any]
    write: Callable[[Any], None]
    edited: list[SignalInstance]
    parts: dict[str, QWidget] = dataclass_field(default_factory=dict)
    retranslate: Callable[[], None] = lambda: None  # re-set its texts in the interface's language


def _choice_editor(values: list[object], label: Callable[[object], str] = choice_label) -> _Editor:
    combo = QComboBox()
    for value in values:
        combo.addItem(label(value), value)

    def write(value: Any) -> None:
        if combo.findData(value) < 0:  # e.g. a device from a config file this machine lacks
            combo.addItem(str(value), value)
        combo.setCurrentIndex(combo.findData(value))

    def retranslate() -> None:
        for index in range(combo.count()):
            combo.setItemText(index, label(combo.itemData(index)))

    return _Editor(combo, combo.currentData, write, [combo.currentIndexChanged], retranslate=retranslate)


def _int_spin(metadata: list[Any]) -> QSpinBox:
    low, high, low_strict, high_strict = _bounds(metadata)
    spin = QSpinBox(keyboardTracking=False)
    spin.setRange(int(low) + low_strict if low is not None else -(2**31),
                  int(high) - high_strict if high is not None else 2**31 - 1)
    return spin


def _float_spin(metadata: list[Any]) -> QDoubleSpinBox:
    low, high, low_strict, high_strict = _bounds(metadata)
    spin = _SpinBox(keyboardTracking=False, decimals=FLOAT_DECIMALS)
    spin.setRange(low + _EPSILON * low_strict if low is not None else -1e9,
                  high - _EPSILON * high_strict if high is not None else 1e9)
    spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    return spin


def _batch_size_editor(metadata: list[Any]) -> _Editor:
    """``int | "full"``: a spin box and a "full batch" check box that disables it."""
    container, spin, full = QWidget(), _int_spin(metadata), QCheckBox()
    full.toggled.connect(lambda checked: spin.setEnabled(not checked))
    row = QHBoxLayout(container)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(spin, 1)
    row.addWidget(full)

    def write(value: Any) -> None:
        full.setChecked(value == "full")
        if value != "full":
            spin.setValue(value)

    def retranslate() -> None:
        full.setText(QCoreApplication.translate("ConfigForm", "full batch"))
        full.setToolTip(QCoreApplication.translate(
            "ConfigForm", "Use every training sample in each step (full-batch gradient descent)"))

    retranslate()
    return _Editor(container, lambda: "full" if full.isChecked() else spin.value(), write,
                   [spin.valueChanged, full.toggled], {"spin": spin, "full": full}, retranslate)


def _list_editor(item_type: type) -> _Editor:
    """A list as comma-separated text: "16, 16". Bad items are left for the schema to refuse."""
    edit = QLineEdit()

    def read() -> list[Any]:
        items = [part.strip() for part in edit.text().split(",") if part.strip()]
        if item_type is int:
            items = [int(part) if part.lstrip("+-").isdigit() else part for part in items]
        return items

    def retranslate() -> None:
        edit.setPlaceholderText(QCoreApplication.translate("ConfigForm", "e.g. 16, 16")
                                if item_type is int else "a, b")

    retranslate()
    return _Editor(edit, read, lambda value: edit.setText(", ".join(map(str, value))),
                   [edit.editingFinished], retranslate=retranslate)


def _choices_editor(values: tuple[object, ...]) -> _Editor:
    """A list of choices as one check box per choice (train.augment: shift, rotate, flip)."""
    container = QWidget()
    layout = QHBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    boxes = {str(value): QCheckBox() for value in values}
    for box in boxes.values():
        layout.addWidget(box)
    layout.addStretch(1)

    def write(chosen: Any) -> None:
        for value, box in boxes.items():
            box.setChecked(value in chosen)

    def retranslate() -> None:
        for value, box in boxes.items():
            box.setText(choice_label(value))

    retranslate()
    return _Editor(container, lambda: [value for value, box in boxes.items() if box.isChecked()],
                   write, [box.toggled for box in boxes.values()], dict(boxes), retranslate)


def _text_editor(metadata: list[Any]) -> _Editor:
    edit = QLineEdit()
    for item in metadata:
        if isinstance(item, at.MaxLen):
            edit.setMaxLength(item.max_length)
    return _Editor(edit, edit.text, lambda value: edit.setText(str(value)), [edit.editingFinished])


def _make_editor(name: str, field: FieldInfo) -> _Editor:
    """The editor for a field, chosen from its annotation."""
    annotation, metadata = field.annotation, list(field.metadata)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        return _choice_editor(list(args))
    if annotation is bool:
        box = QCheckBox()
        return _Editor(box, box.isChecked, box.setChecked, [box.toggled])
    if annotation in (int, float):
        spin = (_int_spin if annotation is int else _float_spin)(metadata)
        return _Editor(spin, spin.value, spin.setValue, [spin.valueChanged])
    if origin in (Union, types.UnionType):
        branches = [_unwrap(arg) for arg in args]
        numbers = [meta for base, meta in branches if base is int]
        if numbers and any(typing.get_origin(base) is Literal for base, _ in branches):
            return _batch_size_editor(numbers[0])
    if origin is list:
        item_type, _ = _unwrap(args[0])
        if item_type in (int, str):
            return _list_editor(item_type)
        if typing.get_origin(item_type) is Literal:
            return _choices_editor(typing.get_args(item_type))
    if annotation is str and name == "device":
        return _choice_editor(["auto", *available_devices()], label=str)
    if annotation is str:
        return _text_editor(metadata)
    raise TypeError(f"ConfigForm has no editor for {name}: {annotation!r}")


class ConfigForm(FollowsLanguage, QWidget):
    """A form for the fields of one pydantic config class. Emits ``valueChanged(name, value)``."""

    valueChanged = Signal(str, object)

    def __init__(
        self,
        model_class: type[BaseModel],
        section: str,
        parent: QWidget | None = None,
        fields: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.model_class = model_class
        self.section = section
        self.setObjectName(f"configForm_{section}")
        schema = model_class.model_fields
        names = fields if fields is not None else [name for name in schema if name not in OWN_EDITORS]
        self._instance: BaseModel | None = None
        self._loading = False
        self._editors: dict[str, _Editor] = {}
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, str] = {}
        self._boxes: dict[str, QGroupBox] = {}
        self._disabled_reasons: dict[str, str] = {}
        self._rule_reasons: dict[str, str] = {}
        for name in names:
            editor = _make_editor(name, schema[name])
            editor.widget.setObjectName(f"field_{section}_{name}")
            for part, widget in editor.parts.items():
                widget.setObjectName(f"field_{section}_{name}_{part}")
            for signal in editor.edited:
                signal.connect(lambda *_, name=name: self._on_edited(name))
            label = QLabel()
            label.setBuddy(editor.widget)
            self._editors[name], self._labels[name] = editor, label
        self._lay_out(GROUPS.get(model_class, {}))
        self.retranslate()

    def retranslate(self) -> None:
        """Show labels, choices, group titles and tooltips in the interface's language."""
        for name, editor in self._editors.items():
            label = field_label(name)
            self._labels[name].setText(label)
            editor.widget.setAccessibleName(label)
            for part, widget in editor.parts.items():
                widget.setAccessibleName(f"{label} ({part})")
            editor.retranslate()
        for title, box in self._boxes.items():
            box.setTitle(QCoreApplication.translate("ConfigForm", title))
        self._align_labels()
        self._apply_rules()
        for name in self._editors:
            self._update_tooltip(name)

    def _align_labels(self) -> None:
        """One label column across the group boxes, so their editors line up."""
        for label in self._labels.values():
            label.setMinimumWidth(0)
        width = max((label.sizeHint().width() for label in self._labels.values()), default=0)
        for label in self._labels.values():
            label.setMinimumWidth(width)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:  # View ▸ Text size, or the desktop's font
            self._align_labels()
        super().changeEvent(event)

    def _lay_out(self, groups: dict[str, str]) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        forms: dict[str, QFormLayout] = {}
        for name, editor in self._editors.items():
            title = groups.get(name, "")
            if title not in forms:
                forms[title] = QFormLayout()
                forms[title].setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                if title:
                    box = QGroupBox(objectName=f"group_{self.section}_{title.replace(' ', '_')}")
                    box.setLayout(forms[title])
                    self._boxes[title] = box
                    outer.addWidget(box)
                else:
                    outer.addLayout(forms[title])
            forms[title].addRow(self._labels[name], editor.widget)
        outer.addStretch(1)

    # -- public API ---------------------------------------------------------------------------

    def editor(self, name: str) -> QWidget:
        """The editor widget of a field (a container for batch_size)."""
        return self._editors[name].widget

    def label(self, name: str) -> QLabel:
        """The label shown next to a field's editor."""
        return self._labels[name]

    def set_values(self, instance: BaseModel) -> None:
        """Show the values of ``instance`` without emitting ``valueChanged``."""
        self._instance = instance
        self._loading = True
        try:
            for name, editor in self._editors.items():
                editor.write(getattr(instance, name))
        finally:
            self._loading = False
        self._show_errors({})
        self._apply_rules()

    def values(self) -> dict[str, object]:
        """The raw values of the shown fields, as the editors hold them (not yet validated)."""
        return {name: editor.read() for name, editor in self._editors.items()}

    def apply_to(self, instance: BaseModel) -> BaseModel:
        """A copy of ``instance`` with the form's values, validated; ConfigError if refused."""
        try:
            return type(instance).model_validate({**instance.model_dump(), **self.values()})
        except ValidationError as exc:
            raise ConfigError("\n".join(line for _, line in self._messages(exc))) from None

    def set_field_enabled(self, name: str, enabled: bool, reason: str = "") -> None:
        """Enable or disable a field; a disabled field's tooltip says why."""
        if enabled:
            self._disabled_reasons.pop(name, None)
        else:
            self._disabled_reasons[name] = reason
        self._refresh_enabled(name)

    # -- internals ----------------------------------------------------------------------------

    def _messages(self, exc: ValidationError) -> list[tuple[str, str]]:
        """(field, "section.field: message") per problem the schema found."""
        result = []
        for line in format_validation_error(exc).splitlines():
            location = line.split(":", 1)[0]
            field = location.split(".", 1)[0]
            prefix = self.section if location == "config" else f"{self.section}.{location}"
            result.append((field, prefix + line[len(location):]))
        return result

    def _on_edited(self, name: str) -> None:
        if self._loading:
            return
        base = self._instance or self._default_instance()
        errors: dict[str, str] = {}
        try:
            self.model_class.model_validate({**(base.model_dump() if base else {}), **self.values()})
        except ValidationError as exc:
            for field, message in self._messages(exc):
                errors[field] = f"{errors[field]}\n{message}" if field in errors else message
        self._show_errors(errors)
        self._apply_rules()
        if name not in errors:
            self.valueChanged.emit(name, self._editors[name].read())

    def _default_instance(self) -> BaseModel | None:
        try:
            return self.model_class()
        except ValidationError:
            return None

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._errors = {name: text for name, text in errors.items() if name in self._editors}
        for name, editor in self._editors.items():
            invalid = name in self._errors
            editor.widget.setProperty("invalid", invalid)
            editor.widget.setStyleSheet(
                _INVALID_STYLE.format(name=editor.widget.objectName()) if invalid else ""
            )
            self._update_tooltip(name)

    def _apply_rules(self) -> None:
        """Disable the fields that do not apply to the current choices (APPLIES_WHEN)."""
        current = self.values()
        for name, (controller, needed) in APPLIES_WHEN.items():
            if name not in self._editors or controller not in self._editors:
                continue
            if current[controller] in needed:
                self._rule_reasons.pop(name, None)
            else:
                on = QCoreApplication.translate("ConfigForm", "on")
                wanted = _either([on if v is True else choice_label(v) for v in needed])
                self._rule_reasons[name] = QCoreApplication.translate(
                    "ConfigForm", "only used when {setting} is {values}").format(
                    setting=field_label(controller), values=wanted)
            self._refresh_enabled(name)

    def _refresh_enabled(self, name: str) -> None:
        enabled = name not in self._disabled_reasons and name not in self._rule_reasons
        self._editors[name].widget.setEnabled(enabled)
        self._labels[name].setEnabled(enabled)
        self._update_tooltip(name)

    def _update_tooltip(self, name: str) -> None:
        parts = [schema_text(self.model_class.model_fields[name].description or "")]
        if name in self._errors:
            parts.append(translate_core_message(self._errors[name]))
        reason = self._disabled_reasons.get(name) or self._rule_reasons.get(name)
        if reason:
            parts.append(QCoreApplication.translate("ConfigForm", "Disabled: {reason}.").format(reason=reason))
        tooltip = "\n".join(part for part in parts if part)
        self._editors[name].widget.setToolTip(tooltip)
        self._labels[name].setToolTip(tooltip)
