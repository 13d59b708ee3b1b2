"""Evaluate the test set: once, at the end, after a warning (the test set must not steer choices)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from nnstudio.core.errors import NNStudioError

if TYPE_CHECKING:
    from nnstudio.gui.main_window import MainWindow

WARNING = (
    "The test set is for the very end: evaluate it once, after every choice of model and "
    "settings is made. Looking at it to choose settings turns it into a second validation set, "
    "and its score stops telling you how the model does on new data.\n\nEvaluate it now?"
)


def evaluate_test_set(window: MainWindow, ask: bool = True) -> bool:
    """Evaluate the current model on the test set, after a warning; show and keep the result."""
    trainer = window.worker.trainer
    if trainer is None or window.state in ("running", "stepping"):
        window.message_bar.show_error("Stop or pause training before evaluating the test set.")
        return False
    if ask:
        answer = QMessageBox.question(window, "Evaluate on the test set", WARNING)
        if answer != QMessageBox.StandardButton.Yes:
            return False
    try:  # the worker is idle or blocked in a pause: the model is not changing
        result = trainer.evaluate_test()
    except NNStudioError as error:
        window.message_bar.show_error(f"Test set not evaluated: {error}.")
        return False
    if window.last_result is not None:
        window.last_result.test = result
    accuracy = result.get("test_acc")
    window.message_bar.show_info(
        f"Test set ({len(trainer.dataset.test)} samples) after epoch {result['epoch']}: "
        f"loss {result['test_loss']:.4g}"
        + (f", accuracy {accuracy:.1%}" if accuracy is not None else "")
        + ". This is the final score: do not tune settings on it."
    )
    return True
