"""Layer specs to nn.Module, presets, losses."""

from nnstudio.core.models.builder import (
    OutputScale,
    build_model,
    count_parameters,
    loss_function,
    model_for,
)

__all__ = ["OutputScale", "build_model", "count_parameters", "loss_function", "model_for"]
