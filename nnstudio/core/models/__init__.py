"""Layer specs to nn.Module, presets, losses."""

from nnstudio.core.models.builder import build_model, count_parameters, loss_function

__all__ = ["build_model", "count_parameters", "loss_function"]
