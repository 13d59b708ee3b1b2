"""Errors a user can cause. Their messages are shown as they are, in a dialog or on one CLI line."""


class NNStudioError(Exception):
    """Base of every error whose message is meant for the user."""


class ConfigError(NNStudioError):
    """A setting was refused by the schema; the message names the field, value and what is allowed."""


class DataError(NNStudioError):
    """The data cannot be used as asked (bad file, wrong shape, unknown dataset)."""


class ModelError(NNStudioError):
    """The layer stack cannot be built for the data."""


class CheckpointError(NNStudioError):
    """A saved model cannot be loaded (corrupt, foreign, or not matching its config)."""


class StoreError(NNStudioError):
    """The run history cannot be used (busy, read-only, corrupt) or has no such run."""


class ExportError(NNStudioError):
    """A run cannot be exported as a script (yet), or the script cannot be written."""


def unreadable(path: object, error: OSError, kind: str = "") -> str:
    """What a user is told when the file ``path`` cannot be read: ``{path}: no such file``,
    ``{path}: is a folder, not {kind}`` (given a ``kind`` such as "a CSV file"), or
    ``{path}: cannot be read ({reason})``. The GUI translates each (gui/core_messages.py)."""
    if isinstance(error, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(error, IsADirectoryError) and kind:
        return f"{path}: is a folder, not {kind}"
    return f"{path}: cannot be read ({error.strerror or error})"
