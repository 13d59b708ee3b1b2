"""One registry per kind, declared once: the schema, the form, the loaders, the export, the
trainer and the fast path all read these entries (torchvision's ``list_models`` / ``get_model``
idea, as a read-only mapping).

    OPTIMIZERS.names()             -> ("sgd", "momentum", ...)
    OPTIMIZERS["adam"]             -> its entry: torch class, settings it reads, export code, ...
    OPTIMIZERS.where("momentum")   -> the optimisers that read train.momentum
    DATASETS["moons"].settings     -> the DataConfig fields that apply to it

Entries are plain data; nothing here imports torch until an entry builds something.
"""

from nnstudio.core.registries.activations import ACTIVATIONS, ActivationEntry
from nnstudio.core.registries.base import Registry
from nnstudio.core.registries.datasets import DATASETS, DatasetEntry
from nnstudio.core.registries.optimizers import OPTIMIZERS, OptimizerEntry
from nnstudio.core.registries.schedules import SCHEDULES, ScheduleEntry

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "OPTIMIZERS",
    "SCHEDULES",
    "ActivationEntry",
    "DatasetEntry",
    "OptimizerEntry",
    "Registry",
    "ScheduleEntry",
]
