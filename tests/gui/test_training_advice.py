"""A student presses Train with a learning rate far too large: the message strip says so with a
button that applies the fix; the advice can be turned off, and stays off."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from nnstudio.gui.settings import app_settings

WILD = {"data": {"dataset": "moons"},
        "train": {"optimizer": "adam", "lr": 5.0, "epochs": 100_000}}


def _press(qtbot, window, name):
    button = window.findChild(QToolButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _fix_buttons(window):
    return [button for button in window.views.message_bar.action_buttons if button.isVisible()]


def test_train_shows_the_advice_and_its_button_applies_the_fix(make_window, qtbot):
    window = make_window(WILD)
    bar = window.views.message_bar
    _press(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: bool(_fix_buttons(window)), timeout=30_000)
    assert window.session.status == "running"  # advice never blocks a run
    # the setting's label as the form shows it, not its config key
    assert "Learning rate: the learning rate 5 is far too large for adam" in bar.text()
    assert "train.lr" not in bar.text()
    [fix] = _fix_buttons(window)
    assert fix.objectName() == "messageActionButton" and fix.text() == "Fix: Learning rate = 0.2"

    qtbot.mouseClick(fix, Qt.MouseButton.LeftButton)
    assert window.session.config.train.lr == 0.2
    assert window.docks.train_form.editor("lr").value() == 0.2  # the form shows the fix
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.model is not None
                    and window.session.model.epoch == 0, timeout=30_000)  # fresh weights
    assert "Learning rate = 0.2" in bar.text() and not _fix_buttons(window)

    _press(qtbot, window, "trainButton")  # the fixed settings get no advice
    qtbot.waitUntil(lambda: len(window.session.history) >= 3, timeout=30_000)
    assert window.session.advice == [] and not bar.isVisible()
    _press(qtbot, window, "stopButton")


def test_advice_turned_off_is_not_shown_and_stays_off(make_window, qtbot):
    window = make_window({**WILD, "train": {**WILD["train"], "epochs": 30}})
    action = window.findChild(type(window.advice.action), "adviceAction")
    assert action.isChecked()
    action.trigger()
    assert not window.session.advice_on
    _press(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.session.status == "idle"
                    and window.session.last_result is not None, timeout=30_000)
    assert not _fix_buttons(window) and "far too large" not in window.views.message_bar.text()
    assert app_settings().value("training/advice", type=bool) is False

    again = make_window(WILD)
    assert not again.advice.action.isChecked() and not again.session.advice_on


def test_the_advice_and_its_fix_button_read_in_chinese(make_window, qtbot):
    import re

    from nnstudio.core.advice import RULES, DataFacts, advise
    from nnstudio.core.config import parse_config
    from nnstudio.gui import i18n
    from nnstudio.gui.core_messages import translate_core_message

    window = make_window(WILD)  # long enough for the advice to stay up until it is read
    window.language_menu.choose(i18n.CHINESE)
    try:
        everything = parse_config({
            "model": {"hidden": [8] * 4, "activation": "sigmoid"},
            "train": {"optimizer": "adam", "lr": 5.0, "batch_size": 1024, "epochs": 3,
                      "early_stopping": True}})
        advice = advise(everything, DataFacts(n_train=240, n_val=0, task="binary",
                                              input_mean_square=1.0))
        assert [given.rule for given in advice] == list(RULES)
        for given in advice:
            shown = translate_core_message(given.message)
            prose = re.sub(r"^\w+\.\w+: |sigmoid|adam", "", shown)
            assert re.search(r"[\u4e00-\u9fff]", shown) and not re.search(r"[a-z]{3,}", prose), shown
        _press(qtbot, window, "trainButton")
        qtbot.waitUntil(lambda: bool(_fix_buttons(window)), timeout=30_000)
        assert _fix_buttons(window)[0].text() == "修正：学习率 = 0.2"
        assert "学习率：对这种尺度的输入，学习率 5 对 adam 来说太大了" in window.views.message_bar.text()
        _press(qtbot, window, "stopButton")
    finally:
        window.language_menu.choose(i18n.ENGLISH)


def test_every_fix_reads_as_the_forms_label_it(make_window):
    """No config key (``train.lr``, ``data.val_fraction``) on a button a student presses."""
    import re

    from nnstudio.core.advice import RULES, DataFacts, advise
    from nnstudio.core.config import parse_config

    window = make_window()
    for layers in (False, True):
        model = ({"preset": "custom", "layers": [
            {"type": "linear", "width": 8}, {"type": "activation", "name": "sigmoid"}] * 4}
            if layers else {"hidden": [8] * 4, "activation": "sigmoid"})
        everything = parse_config({
            "model": model,
            "train": {"optimizer": "adam", "lr": 5.0, "batch_size": 1024, "epochs": 3,
                      "early_stopping": True}})
        advice = advise(everything, DataFacts(n_train=240, n_val=0, task="binary",
                                              input_mean_square=1.0))
        assert [given.rule for given in advice] == list(RULES)
        texts = {given.rule: window.advice.fix_text(given) for given in advice}
        for given in advice:
            assert not re.search(r"\b[a-z]+\.[a-z_]+\b", texts[given.rule]), texts
            assert not re.match(r"\w+\.\w+:", window.advice.message(given)), given.message
        fixes = {given.rule: given.fix for given in advice}
        assert texts["lr_too_large"] == f"Learning rate = {fixes['lr_too_large']['train']['lr']:g}"
        assert texts["batch_too_large"] == (
            f"Batch size = {fixes['batch_too_large']['train']['batch_size']}")
        assert texts["early_stopping_without_validation"].startswith("Validation fraction = 0.")
        assert texts["deep_sigmoid"] == ("every sigmoid activation -> ReLU" if layers
                                         else "Activation = ReLU")
