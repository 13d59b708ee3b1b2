"""Evaluate the test set: once, at the end, after a warning (the test set must not steer choices)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from nnstudio.gui.main_window import MainWindow

WARNING = QT_TRANSLATE_NOOP(
    "FinalEvaluation",
    "The test set is for the very end: evaluate it once, after every choice of model and "
    "settings is made. Looking at it to choose settings turns it into a second validation set, "
    "and its score stops telling you how the model does on new data.\n\nEvaluate it now?"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FinalEvaluation", text)


def evaluate_test_set(window: MainWindow, ask: bool = True) -> bool:
    """Ask the worker to evaluate the current model on the test set, after a warning. The
    result arrives as ``worker.testEvaluated`` (see :func:`show_test_result`)."""
    if window.worker.trainer is None or window.state != "idle":
        window.message_bar.show_error(
            QCoreApplication.translate("FinalEvaluation", "Stop training before evaluating the test set."))
        return False
    if ask:
        answer = QMessageBox.question(
            window, QCoreApplication.translate("FinalEvaluation", "Evaluate on the test set"), _tr(WARNING))
        if answer != QMessageBox.StandardButton.Yes:
            return False
    window.testRequested.emit()
    return True


def show_test_result(window: MainWindow, result: dict) -> None:
    """Show the test score and keep it with the run's result."""
    if window.last_result is not None:
        window.last_result.test = result
    accuracy = result.get("test_acc")
    size = window.run_info.sizes["test"] if window.run_info else "?"
    score = QCoreApplication.translate(
        "FinalEvaluation", "Test set ({size} samples) after epoch {epoch}: loss {loss}").format(
        size=size, epoch=result["epoch"], loss=f"{result['test_loss']:.4g}")
    if accuracy is not None:
        score += QCoreApplication.translate("FinalEvaluation", ", accuracy {accuracy}").format(
            accuracy=f"{accuracy:.1%}")
    window.message_bar.show_info(
        score + QCoreApplication.translate("FinalEvaluation", ". This is the final score: do not tune settings on it.")
    )
