"""Evaluate the test set: once, at the end, after a warning (the test set must not steer choices)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from nnstudio.gui.message_bar import MessageBar
from nnstudio.session.state import AppSession

WARNING = QT_TRANSLATE_NOOP(
    "FinalEvaluation",
    "The test set is for the very end: evaluate it once, after every choice of model and "
    "settings is made. Looking at it to choose settings turns it into a second validation set, "
    "and its score stops telling you how the model does on new data.\n\nEvaluate it now?"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FinalEvaluation", text)


class TestSetEvaluation(QObject):
    """Training ▸ Evaluate on test set: after a warning, the session scores its model on the test
    set once; the score is shown in the message strip."""

    def __init__(self, parent: QWidget, session: AppSession, message_bar: MessageBar) -> None:
        super().__init__(parent)
        self.parent_widget, self.session, self.message_bar = parent, session, message_bar
        session.test_evaluated.connect(self.show_result)

    def ask(self, ask: bool = True) -> bool:
        """Evaluate the current model on the test set, after a warning; False if not done."""
        if self.session.model is None or self.session.status != "idle":
            self.message_bar.show_error(
                QCoreApplication.translate("FinalEvaluation", "Stop training before evaluating the test set."))
            return False
        if ask:
            answer = QMessageBox.question(
                self.parent_widget, QCoreApplication.translate("FinalEvaluation", "Evaluate on the test set"),
                _tr(WARNING))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self.session.evaluate_test()

    def show_result(self, result: dict) -> None:
        """Show the test score (the session keeps it with the run's result)."""
        accuracy = result.get("test_acc")
        info = self.session.run_info
        size = info.sizes["test"] if info else "?"
        score = QCoreApplication.translate(
            "FinalEvaluation", "Test set ({size} samples) after epoch {epoch}: loss {loss}").format(
            size=size, epoch=result["epoch"], loss=f"{result['test_loss']:.4g}")
        if accuracy is not None:
            score += QCoreApplication.translate("FinalEvaluation", ", accuracy {accuracy}").format(
                accuracy=f"{accuracy:.1%}")
        self.message_bar.show_info(
            score + QCoreApplication.translate("FinalEvaluation", ". This is the final score: do not tune settings on it.")
        )
