"""Export a run as a standalone PyTorch script."""

from nnstudio.core.errors import ExportError
from nnstudio.core.export.script import export_script, write_script

__all__ = ["ExportError", "export_script", "write_script"]
