"""The three panels that edit the experiment (dataset, model, hyperparameters), kept in step with
the session: what a panel edits becomes the session's config (or the reason there is none), and a
config the session is given (a file, a lesson, a reopened run) is shown in every panel."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from nnstudio.core.config import RunConfig
from nnstudio.core.errors import NNStudioError
from nnstudio.gui.config_form import ConfigForm
from nnstudio.gui.dataset_panel import DatasetPanel
from nnstudio.gui.model_builder import ModelBuilder
from nnstudio.session.protocol import RunInfo
from nnstudio.session.state import IDLE, AppSession

PREPARE_DELAY_MS = 150  # new data and weights this long after the last edit (typing a number)


class ConfigEditor(QObject):
    """See the module docstring. A data or model edit prepares new data and weights (shortly
    after, while idle); a learning rate edited mid-run applies to the running model at once."""

    statusMessage = Signal(str, int)  # a passing note for the status bar (text, milliseconds)

    def __init__(self, session: AppSession, dataset_panel: DatasetPanel, model_builder: ModelBuilder,
                 train_form: ConfigForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dataset_panel, self.model_builder, self.train_form = dataset_panel, model_builder, train_form
        self._base = session.config  # name, description and the training fields the form leaves out
        self._showing = False
        self._prepare_timer = QTimer(self, singleShot=True, interval=PREPARE_DELAY_MS)
        self._prepare_timer.timeout.connect(self._prepare)
        dataset_panel.configChanged.connect(self._on_data_changed)
        dataset_panel.augmentPreviewRequested.connect(
            lambda: dataset_panel.preview_augmentation(train_form.values()["augment"]))
        model_builder.configChanged.connect(self._on_model_changed)
        train_form.valueChanged.connect(self._on_train_field_changed)
        session.config_replaced.connect(self.show_config)
        session.prepared.connect(self._on_prepared)
        session.status_changed.connect(self._on_status)
        self.show_config(session.config)

    def compose(self) -> RunConfig:
        """The config the panels describe; raises ConfigError if a field is invalid."""
        return RunConfig(
            name=self._base.name,
            description=self._base.description,
            data=self.model_builder.with_features(self.dataset_panel.config()),
            model=self.model_builder.config(),
            train=self.train_form.apply_to(self._base.train),
        )

    def show_config(self, config: RunConfig) -> None:
        """Show ``config`` in every panel."""
        self._base = config
        self._showing = True
        try:
            self.dataset_panel.set_config(config.data)
            self.model_builder.set_data_kind(config.data)
            self.model_builder.set_features(config.data.features)
            self.model_builder.set_config(config.model)
            self.train_form.set_values(config.train)
        finally:
            self._showing = False
        self._push()
        self._prepare_timer.stop()  # whoever replaced the config prepares (or not) itself

    def _push(self) -> None:
        """Tell the session what the panels describe now."""
        try:
            config = self.compose()
        except NNStudioError as error:
            self.session.edit_config(None, str(error))
            return
        model_problem = "" if self.model_builder.is_valid else self.model_builder.message.text()
        self.session.edit_config(config, model_problem=model_problem)

    def _on_data_changed(self) -> None:
        self.model_builder.set_data_kind(self.dataset_panel.config())
        self._on_model_changed()

    def _on_model_changed(self) -> None:
        if self._showing:
            return
        self._push()
        if self.session.status == IDLE:
            self._prepare_timer.start()

    def _on_train_field_changed(self, name: str, value: object) -> None:
        if self._showing:
            return
        self._push()
        if name == "lr" and self.session.status != IDLE:
            self.session.set_lr(float(value))
            self.statusMessage.emit(self.tr("Learning rate set to {value}").format(value=f"{value:g}"), 3000)

    def _prepare(self) -> None:
        if self.session.status == IDLE:
            self.session.prepare()

    def _on_prepared(self, info: RunInfo) -> None:
        self.dataset_panel.show_data(info)
        self._enable_augment(info)
        n_outputs = info.n_classes if info.task == "multiclass" else 1
        self.model_builder.set_data_shape(tuple(info.train_x.shape[1:]), n_outputs, info.task)
        self._push()  # the model builder now knows whether its stack fits these data

    def _on_status(self, status: str) -> None:
        idle = status == IDLE
        self.dataset_panel.setEnabled(idle)
        self.model_builder.setEnabled(idle)
        if not idle:
            self._prepare_timer.stop()

    def _enable_augment(self, info: RunInfo) -> None:
        images = info.train_x.ndim == 4
        self.train_form.set_field_enabled("augment", images, "" if images else self.tr(
            "augmentation changes images; this dataset has none"))

    def retranslate(self) -> None:
        if self.session.run_info is not None:
            self._enable_augment(self.session.run_info)
