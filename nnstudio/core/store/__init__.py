"""Persistence: checkpoints and the run history."""

from nnstudio.core.store.checkpoint import load_checkpoint, save_checkpoint
from nnstudio.core.store.history import RunRecord, RunStore
from nnstudio.core.store.recorder import RunRecorder

__all__ = ["RunRecord", "RunRecorder", "RunStore", "load_checkpoint", "save_checkpoint"]
