"""Persistence: checkpoints (and, later, run history)."""

from nnstudio.core.store.checkpoint import load_checkpoint, save_checkpoint

__all__ = ["load_checkpoint", "save_checkpoint"]
