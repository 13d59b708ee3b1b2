"""Messages written by the core (which cannot use Qt), translated when the GUI shows them.

The core raises errors and reports stop reasons in English, e.g. ``train.lr: must be > 0, got -1``.
Each template below is one such sentence with ``{placeholders}``; a message line that matches a
template (whole, or after a ``location: `` prefix) is shown with the template's translation, the
placeholders filled with what they matched. Lines that match nothing are shown as they are.
"""

from __future__ import annotations

import errno
import os
import re
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "CoreMessages"
TEMPLATES = [
    # the config schema (core/config.py format_validation_error)
    QT_TRANSLATE_NOOP("CoreMessages", "must be > {limit}"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be >= {limit}"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be < {limit}"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be <= {limit}"),
    QT_TRANSLATE_NOOP("CoreMessages", "unknown setting"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be a whole number"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be a number"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be true or false"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be text"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be a list"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be a table"),
    QT_TRANSLATE_NOOP("CoreMessages", "must have at most {count} items"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be at most {count} characters"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be a finite number"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be one of {choices}"),
    QT_TRANSLATE_NOOP("CoreMessages", "must be a whole number >= 1 or 'full'"),
    QT_TRANSLATE_NOOP("CoreMessages", "Field required"),
    QT_TRANSLATE_NOOP("CoreMessages", "... and {count} more problems"),
    # data
    QT_TRANSLATE_NOOP("CoreMessages", "click on the plane to paint at least two points"),
    QT_TRANSLATE_NOOP("CoreMessages", "point {number} must be {shape}"),
    QT_TRANSLATE_NOOP("CoreMessages", "its class must be a whole number from 0 to {last}"),
    QT_TRANSLATE_NOOP("CoreMessages", "choose a CSV file for the 'csv' dataset"),
    QT_TRANSLATE_NOOP("CoreMessages", "unknown dataset {name}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{count} samples leave only {left} for training"),
    QT_TRANSLATE_NOOP("CoreMessages", "no such file"),
    QT_TRANSLATE_NOOP("CoreMessages", "cannot be read ({reason})"),
    QT_TRANSLATE_NOOP("CoreMessages", "not valid TOML ({reason})"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a text file (expected UTF-8 TOML)"),
    QT_TRANSLATE_NOOP("CoreMessages", "the file is empty"),
    QT_TRANSLATE_NOOP("CoreMessages", "the file has a header but no data rows"),
    QT_TRANSLATE_NOOP("CoreMessages", "{count} rows leave too few for training"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: not UTF-8 text; save the file as UTF-8 CSV"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: no header row; the first line must name the columns"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "line {line}: only one column found; separate columns with commas, semicolons or tabs"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: column {index} has no name"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: column {name} appears twice"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: {cells} cells, expected {expected} (the header has {columns} columns)"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}, column {column}: missing value"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}, column {column}: {cell} is not a number"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "line {line}, column {column}: {cell} is too large; numbers are kept as float32, "
                      "whose largest is {largest}"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: a cell longer than 256 MB; is a quote (\") left open?"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "line {line}: the file ends inside a quoted cell; is a quote (\") left open?"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: not readable as CSV ({reason})"),
    QT_TRANSLATE_NOOP("CoreMessages", "is a folder, not a CSV file"),
    QT_TRANSLATE_NOOP("CoreMessages", "reading was cancelled"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "row {row} of the training set, column {name}: {value} is not a finite number "
                      "(float32 holds numbers up to {largest}); check the data before training"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "row {row} of the validation set, column {name}: {value} is not a finite number "
                      "(float32 holds numbers up to {largest}); check the data before training"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "row {row} of the test set, column {name}: {value} is not a finite number "
                      "(float32 holds numbers up to {largest}); check the data before training"),
    QT_TRANSLATE_NOOP("CoreMessages", "point {number} must hold finite numbers of at most {largest} (float32)"),
    QT_TRANSLATE_NOOP("CoreMessages", "not valid TOML (nested too deeply)"),
    QT_TRANSLATE_NOOP("CoreMessages", "nested too deeply to be an experiment"),
    QT_TRANSLATE_NOOP("CoreMessages", "a damaged replay ({reason})"),
    QT_TRANSLATE_NOOP("CoreMessages", "no column {name} in {file}; columns: {columns}"),
    QT_TRANSLATE_NOOP("CoreMessages", "no column {name} in {file}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is the target; it cannot be a feature"),
    QT_TRANSLATE_NOOP("CoreMessages", "column {name} has only one class ({value}); a classifier needs at least two"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} could not be downloaded; check the network connection ({reason})"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "{name} is not on this machine (looked in {folder}); run 'nnstudio data fetch {key}' "
                      "while online, or set data.data_dir"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} could not be downloaded or read ({reason})"),
    # the model
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the network would have at least {count} parameters, more than MAX_PARAMETERS "
                      "({limit}); use fewer or narrower layers"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the network it describes has {count} parameters, more than MAX_PARAMETERS ({limit})"),
    QT_TRANSLATE_NOOP("CoreMessages", "input shape {shape} and {count} outputs make no model"),
    QT_TRANSLATE_NOOP("CoreMessages", "polynomial regression needs tabular input, not images"),
    QT_TRANSLATE_NOOP("CoreMessages", "logistic regression separates two classes; use softmax regression for more"),
    QT_TRANSLATE_NOOP("CoreMessages", "logistic regression separates two classes; this data is regression"),
    QT_TRANSLATE_NOOP("CoreMessages", "softmax regression is for classes; this data is regression"),
    QT_TRANSLATE_NOOP("CoreMessages", "a CNN needs image data (channels × height × width)"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "needs image input (channels × height × width) but gets {shape}; put convolution "
                      "and pooling before any Flatten or Linear"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "a kernel of {size} does not fit the {shape} it gets; use a smaller kernel or fewer "
                      "pooling layers"),
    # the network diagram (core/viz/network.py)
    QT_TRANSLATE_NOOP("CoreMessages",
                      "The diagram draws small dense networks on a few inputs; an image has hundreds of pixels. "
                      "See the weights view instead."),
    QT_TRANSLATE_NOOP("CoreMessages", "Convolutional networks are not drawn as a diagram; see the weights view."),
    QT_TRANSLATE_NOOP("CoreMessages", "The diagram cannot draw a {name} layer."),
    QT_TRANSLATE_NOOP("CoreMessages", "This network has {count} weight layers; the diagram draws at most {limit}."),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "A layer of {count} neurons is too many to draw one by one; the diagram draws networks of "
                      "at most {limit} neurons per layer."),
    # the capacity sweep and K-fold (core/train/sweep.py, kfold.py)
    QT_TRANSLATE_NOOP("CoreMessages", "give at least two values to compare"),
    QT_TRANSLATE_NOOP("CoreMessages", "give at least two values, such as 1, 2, 3, 5; got {text}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{item} is not a whole number"),
    QT_TRANSLATE_NOOP("CoreMessages", "{knob} must be between {low} and {high}"),
    QT_TRANSLATE_NOOP("CoreMessages", "each value only once, got {values} repeated"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the degree knob needs polynomial regression (model.preset 'polynomial'), this model is {preset}"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the {knob} knob changes an MLP's hidden layers (model.preset 'mlp'), this model is {preset}"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "a training set of {size} samples is more than the {n} there are (raise data.n_samples)"),
    # which task a CSV's target makes (core/data/csv_import.py auto_task)
    QT_TRANSLATE_NOOP("CoreMessages", "classification: the target {name} holds text ({count} classes)"),
    QT_TRANSLATE_NOOP("CoreMessages", "regression: the target {name} holds numbers that are not whole"),
    QT_TRANSLATE_NOOP("CoreMessages", "classification: the target {name} holds {count} different whole "
                      "numbers (at most {most} make classes)"),
    QT_TRANSLATE_NOOP("CoreMessages", "regression: the target {name} holds {count} different whole "
                      "numbers (more than {most})"),
    QT_TRANSLATE_NOOP("CoreMessages", "regression: data.task says so"),
    QT_TRANSLATE_NOOP("CoreMessages", "classification: data.task says so"),
    QT_TRANSLATE_NOOP("CoreMessages", "a sweep compares validation errors; it must be > 0"),
    QT_TRANSLATE_NOOP("CoreMessages", "{k} folds need at least {need} samples, there are {n}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{k} folds of {n} samples leave too few for training"),
    # comparing models (core/train/compare.py)
    QT_TRANSLATE_NOOP("CoreMessages", "{name} cannot train on {data}"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "{name} is not an experiment file, a preset or a model family; families: {families}; "
                      "presets: {presets} (or 'current' for the config's own model)"),
    QT_TRANSLATE_NOOP("CoreMessages", "name at least one model, such as logistic,mlp"),
    QT_TRANSLATE_NOOP("CoreMessages", "at most {count} models at a time"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is named twice"),
    QT_TRANSLATE_NOOP("CoreMessages", "models are compared on the validation split; it must be > 0"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the test set was already scored for this comparison; using it again to choose a model "
                      "would make it a second validation set"),
    # the runs table's filter (core/store/run_table.py)
    QT_TRANSLATE_NOOP("CoreMessages", "no column {name}; columns: {columns}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} holds numbers; {text} is not one"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} holds text: compare it with = or !="),
    QT_TRANSLATE_NOOP("CoreMessages", "{condition} needs a value, such as {example}"),
    # session files and checkpoints (core/store/session_file.py, checkpoint.py)
    QT_TRANSLATE_NOOP("CoreMessages", "not an nnstudio session file, or a damaged one (it cannot be unpacked)"),
    QT_TRANSLATE_NOOP("CoreMessages", "not an nnstudio session file (it has no session.toml)"),
    QT_TRANSLATE_NOOP("CoreMessages", "not an nnstudio session file"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} was written by a newer nnstudio ({format}); update nnstudio to open it"),
    QT_TRANSLATE_NOOP("CoreMessages", "is a folder, not a session file"),
    QT_TRANSLATE_NOOP("CoreMessages", "damaged ({what})"),
    QT_TRANSLATE_NOOP("CoreMessages", "its settings are not valid here: {error}"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "refused; it contains code or objects other than weights (only nnstudio checkpoints can "
                      "be opened)"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a readable checkpoint (corrupt file)"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a readable checkpoint ({kind})"),
    QT_TRANSLATE_NOOP("CoreMessages", "not an nnstudio checkpoint"),
    # devices
    QT_TRANSLATE_NOOP("CoreMessages", "no CUDA GPU on this machine"),
    QT_TRANSLATE_NOOP("CoreMessages", "MPS (Apple GPU) is not available here"),
    # why a run stopped (core/train)
    QT_TRANSLATE_NOOP("CoreMessages", "completed {count} epochs"),
    QT_TRANSLATE_NOOP("CoreMessages", "stopped by the user"),
    QT_TRANSLATE_NOOP("CoreMessages", "solved exactly by least squares"),
    QT_TRANSLATE_NOOP("CoreMessages", "least squares solves regression; this data is classification; "
                      "choose a gradient optimiser such as adam"),
    QT_TRANSLATE_NOOP("CoreMessages", "least squares solves linear and polynomial regression (one linear "
                      "layer); choose a gradient optimiser such as adam"),
    QT_TRANSLATE_NOOP("CoreMessages", "loss diverged at epoch {epoch} step {step}; try a smaller learning rate"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "early stopping: validation loss did not improve for {count} epochs (best at epoch {epoch})"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "early stopping: training loss did not improve for {count} epochs (best at epoch {epoch})"),
    # the convergence notice (core/train/convergence.py)
    QT_TRANSLATE_NOOP("CoreMessages",
                      "not converged: the training loss still fell {percent} % over the last {count} epochs; "
                      "train more epochs or use a larger learning rate"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "not converged: the training loss still fell {percent} % over the last epoch; "
                      "train more epochs or use a larger learning rate"),
    # advice before training (core/advice.py)
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the learning rate {lr} is far too large for {optimizer} on inputs of this scale (about "
                      "{limit} is the most that stays stable); the loss will probably blow up or stay high"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "a batch of {batch} is more than twice the {count} training samples; every step uses all "
                      "of them, so each epoch is a single step and training will be slow"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "there is no validation set; early stopping will watch the training loss, which keeps "
                      "falling while the model overfits"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "with {count} sigmoid layers the gradient shrinks at every layer on its way back (the "
                      "sigmoid's slope is at most 0.25); the layers near the input will barely learn"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the run is only {total} gradient steps ({epochs} epochs of {count} training samples); "
                      "it will probably end far from where its loss would settle"),
    # predictions on a CSV file (core/predict_csv.py)
    QT_TRANSLATE_NOOP("CoreMessages", "no column {name}; the model reads {columns}"),
    QT_TRANSLATE_NOOP("CoreMessages", "this model classifies images; it cannot read rows of a CSV file"),
    # an exported script's stop reason (after the Trainer's, which names the step too)
    QT_TRANSLATE_NOOP("CoreMessages", "loss diverged at epoch {epoch}; try a smaller learning rate"),
    # run folders (core/store/run_folder.py) and following one (session/follow.py)
    QT_TRANSLATE_NOOP("CoreMessages", "stop training before following a run folder"),
    QT_TRANSLATE_NOOP("CoreMessages", "no such folder"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a folder"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a run folder (it has no {file})"),
    QT_TRANSLATE_NOOP("CoreMessages", "not valid JSON"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a run summary"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: not UTF-8 text"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: not a metrics.csv header (no epoch column)"),
    QT_TRANSLATE_NOOP("CoreMessages", "line {line}: the epoch must be a whole number from 1"),
    # the test set and the run history
    QT_TRANSLATE_NOOP("CoreMessages", "there is no test set (data.test_fraction is 0)"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the test set was already evaluated for this model; using it again to choose settings "
                      "would make it a second validation set"),
    QT_TRANSLATE_NOOP("CoreMessages", "no such run in the history (see 'nnstudio runs list')"),
    QT_TRANSLATE_NOOP("CoreMessages", "cannot be written ({reason})"),
    # the worker (session/state.py reports these in English too)
    QT_TRANSLATE_NOOP("CoreMessages", "the device ran out of memory; try a smaller batch size or model"),
    QT_TRANSLATE_NOOP("CoreMessages", "training failed: {error}"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "the training process stopped unexpectedly (exit code {code}), perhaps out of memory; "
                      "a new one has been started: press Train to begin again"),
    QT_TRANSLATE_NOOP("CoreMessages", "the training process could not start (exit code {code}); "
                      "see the terminal for the reason, then restart nnstudio"),
]
# The operating system's reasons a file could not be read or written (an OSError's strerror, in
# English whatever the language; found by their text on this platform), and atomic_save's own.
OS_REASONS = {
    errno.ENOSPC: QT_TRANSLATE_NOOP("CoreMessages", "no space left on the disk"),
    errno.EACCES: QT_TRANSLATE_NOOP("CoreMessages", "permission denied"),
    errno.EPERM: QT_TRANSLATE_NOOP("CoreMessages", "operation not permitted"),
    errno.EROFS: QT_TRANSLATE_NOOP("CoreMessages", "the disk is read-only"),
    errno.ENOENT: QT_TRANSLATE_NOOP("CoreMessages", "no such file or folder"),
    errno.EISDIR: QT_TRANSLATE_NOOP("CoreMessages", "it is a folder"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("CoreMessages", "a part of the path is not a folder"),
    errno.ENAMETOOLONG: QT_TRANSLATE_NOOP("CoreMessages", "the file name is too long"),
    errno.EDQUOT: QT_TRANSLATE_NOOP("CoreMessages", "the disk quota is used up"),
    errno.EIO: QT_TRANSLATE_NOOP("CoreMessages", "the disk could not be read or written (input/output error)"),
    errno.EMFILE: QT_TRANSLATE_NOOP("CoreMessages", "too many open files"),
}
_OS_TEXTS = {os.strerror(code): text for code, text in OS_REASONS.items()}
SAVE_REASONS = [  # core/atomic_save.py
    QT_TRANSLATE_NOOP("CoreMessages", "it is a folder; choose a file name"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is {kind}, not a regular file; choose a file name"),
    QT_TRANSLATE_NOOP("CoreMessages", "{folder} is a file, not a folder"),
    QT_TRANSLATE_NOOP("CoreMessages", "a device"),
    QT_TRANSLATE_NOOP("CoreMessages", "a pipe"),
    QT_TRANSLATE_NOOP("CoreMessages", "a socket"),
]
GOT = QT_TRANSLATE_NOOP("CoreMessages", "{message}, got {value}")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_GOT = re.compile(r"(?P<message>.+), got (?P<value>.+)")


@lru_cache(maxsize=None)
def _pattern(template: str) -> re.Pattern:
    parts = _PLACEHOLDER.split(template)  # literal, name, literal, name, ...
    regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
                    for index, part in enumerate(parts))
    return re.compile(regex, re.DOTALL)


def _translate_sentence(text: str) -> str | None:
    """The translation of one whole sentence, or None if no template matches it."""
    got = _GOT.fullmatch(text)  # first: "must be > {limit}" would swallow ", got -1" as the limit
    if got:
        message = _translate_sentence(got["message"])
        if message is not None:
            return QCoreApplication.translate(CONTEXT, GOT).format(message=message, value=got["value"])
    for template in TEMPLATES:
        match = _pattern(template).fullmatch(text)
        if match:
            values = match.groupdict()
            if "reason" in values:
                values["reason"] = reason_text(values["reason"])
            return QCoreApplication.translate(CONTEXT, template).format(**values)
    return None


def reason_text(reason: str) -> str:
    """Why a file could not be read or written, in the interface's language: the operating
    system's reasons (``No space left on device``) and atomic_save's; others as they are."""
    if reason in _OS_TEXTS:
        translated = QCoreApplication.translate(CONTEXT, _OS_TEXTS[reason])
        return reason if translated == _OS_TEXTS[reason] else translated  # English: the OS's words
    for template in SAVE_REASONS:
        match = _pattern(template).fullmatch(reason)
        if match:
            values = {name: QCoreApplication.translate(CONTEXT, value)
                      for name, value in match.groupdict().items()}
            return QCoreApplication.translate(CONTEXT, template).format(**values)
    return reason


def os_reason(error: OSError) -> str:
    """An OSError's reason for a message in the interface's language."""
    return reason_text(error.strerror) if error.strerror else str(error)


def translate_line(line: str) -> str:
    """One line of a core message, translated: the whole line, or what follows a ``where: ``
    prefix (a field like ``train.lr`` or a file name), which is kept as it is."""
    start = 0
    while True:
        translated = _translate_sentence(line[start:])
        if translated is not None:
            return line[:start] + translated
        found = line.find(": ", start)
        if found < 0:
            return line
        start = found + 2


CLASS_NAME = QT_TRANSLATE_NOOP("CoreMessages", "class {k}")
_CLASS = re.compile(r"class (\d+)")


def class_name(name: str) -> str:
    """A class name from the core in the interface's language: "class 3" (synthetic or painted
    data) is translated; real names (a CSV's values, an image set's classes) are kept."""
    match = _CLASS.fullmatch(name)
    return QCoreApplication.translate(CONTEXT, CLASS_NAME).format(k=match[1]) if match else name


def translate_core_message(text: str) -> str:
    """A core error message or stop reason in the interface's language (English is unchanged)."""
    return "\n".join(translate_line(line) for line in str(text).split("\n"))
