"""One registry per kind, declared once: the schema, the form, the export, the trainer and the
fast path all read these entries (torchvision's ``list_models`` / ``get_model`` idea).

    OPTIMIZERS.names()             -> ("sgd", "momentum", ...)
    OPTIMIZERS.get("adam")         -> its entry: torch class, settings it reads, export code, ...
    OPTIMIZERS.where("momentum")   -> the optimisers that read train.momentum

Entries are plain data; nothing here imports torch until an entry builds something.
"""

from nnstudio.core.registries.base import Registry
from nnstudio.core.registries.optimizers import OPTIMIZERS, OptimizerEntry

__all__ = ["OPTIMIZERS", "OptimizerEntry", "Registry"]
