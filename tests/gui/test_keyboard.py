"""A student who cannot use a mouse does everything from the keyboard: Tab to a control, Space or
Enter to press it, arrows to choose, Alt+letter for the menus, one key to train, pause and stop.
Every step below is a key event sent where the focus is, as a keyboard would."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QListWidget, QTabBar, QToolButton

from nnstudio.core.lessons import load_lesson
from nnstudio.gui.i18n import current_language, install_language
from nnstudio.gui.keyboard import hidden_behind_tab, mnemonic, uses_key, with_mnemonics

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
KEY_NAMES = {Qt.Key.Key_Tab: "Tab", Qt.Key.Key_Backtab: "Shift+Tab", Qt.Key.Key_Space: "Space",
             Qt.Key.Key_Return: "Enter", Qt.Key.Key_Escape: "Esc", Qt.Key.Key_Down: "Down",
             Qt.Key.Key_Up: "Up", Qt.Key.Key_Right: "Right", Qt.Key.Key_Left: "Left", Qt.Key.Key_F5: "F5",
             Qt.Key.Key_P: "P", Qt.Key.Key_S: "S", Qt.Key.Key_A: "A"}


class Keyboard:
    """Presses keys where a real keyboard's keys go: the open menu, else the focused widget.
    Keeps the sequence pressed (printed with ``pytest -s``), condensing repeats."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot, self.window = qtbot, window
        self.pressed: list[str] = []

    def target(self):
        target = QApplication.activePopupWidget() or QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        return target

    def press(self, key, modifiers=NO_MODIFIER, text: str = "") -> None:
        name = text or KEY_NAMES.get(key, QKeyName(key))
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            name = "Ctrl+" + name
        if modifiers & Qt.KeyboardModifier.AltModifier:
            name = "Alt+" + name
        if self.pressed and self.pressed[-1].split(" ×")[0] == name:
            count = int(self.pressed[-1].split(" ×")[1]) + 1 if " ×" in self.pressed[-1] else 2
            self.pressed[-1] = f"{name} ×{count}"
        else:
            self.pressed.append(name)
        self.qtbot.keyClick(self.target(), key, modifiers)

    def type(self, text: str) -> None:
        self.pressed.append(f'"{text}"')
        self.qtbot.keyClicks(self.target(), text)

    def tab_to(self, found, limit: int = 120) -> None:
        """Tab until ``found(focus widget)``."""
        for _ in range(limit):
            if found(QApplication.focusWidget()):
                return
            self.press(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached it; the focus is on {QApplication.focusWidget()}")

    def until(self, key, done, limit: int = 40) -> None:
        for _ in range(limit):
            if done():
                return
            self.press(key)
        assert done()

    def menu(self, title_mnemonic: str, item_text_contains: str) -> None:
        """Alt+letter opens a menu; the item's own letter chooses it."""
        self.press(letter_key(title_mnemonic), Qt.KeyboardModifier.AltModifier, title_mnemonic.upper())
        self.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5000)
        menu = QApplication.activePopupWidget()
        item = next(action for action in menu.actions() if item_text_contains in action.text().replace("&", ""))
        key = mnemonic(item.text())
        assert key, f"{item.text()!r} has no mnemonic"
        self.press(letter_key(key), text=key.upper())
        self.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=5000)
        # Offscreen Qt hands the activation to the closed menu's window a moment later (a window
        # manager gives it back to the window): do what the window manager does.
        QApplication.processEvents()
        if not self.window.isActiveWindow():
            activate(self.window, self.qtbot)


def QKeyName(key) -> str:  # noqa: N802 - like Qt's
    from PySide6.QtGui import QKeySequence

    return QKeySequence(key).toString()


def letter_key(char: str):
    char = char.upper()
    return getattr(Qt.Key, f"Key_{char}")


def menu_title(window, object_name: str) -> str:
    return next(action.text() for action in window.menuBar().actions()
                if action.menu() is not None and action.menu().objectName() == object_name)


def focused_name() -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""


def activate(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)


# --- fast: the rules, without a window ---

def test_mnemonics_are_unique_in_any_language():
    texts = ["&Lessons", "&Language", "Dataset", "Model", "Draw a sample…", "1. Linear", "10. Logistic",
             "11. Why accuracy", "文件(&F)", "数据集", "模型", "Save && load", "12. softmax 回归", "导出…", ""]
    labelled = with_mnemonics(texts)
    keys = [mnemonic(text) for text in labelled if text]
    assert all(keys) and len(keys) == len(set(keys))
    assert labelled[0] == "&Lessons" and labelled[-1] == ""
    assert labelled[1].replace("&", "") == "Language"  # the clash is resolved inside the word
    assert labelled[5] == "&1. Linear" and labelled[6] == "1&0. Logistic"
    assert labelled[8] == "文件(&F)"  # a mnemonic already given is kept
    assert labelled[9].startswith("数据集(&") and labelled[9].endswith(")")
    assert "&&" in labelled[11]  # a literal ampersand stays literal
    assert "softmax" in labelled[12]  # not split by "&" inside an English word of a Chinese text
    assert labelled[13].startswith("导出(&") and labelled[13].endswith(")…")


def test_a_focused_control_keeps_the_keys_it_uses(qtbot):
    from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QPushButton, QSlider

    check, button, combo, line = QCheckBox(), QPushButton(), QComboBox(), QLineEdit()
    spin, slider, items = QDoubleSpinBox(), QSlider(), QListWidget()
    for widget in (check, button, combo, line, spin, slider, items):
        qtbot.addWidget(widget)
    space, letter = Qt.Key.Key_Space, Qt.Key.Key_P
    assert uses_key(check, space) and uses_key(button, space) and uses_key(items, space)
    assert not uses_key(check, letter) and not uses_key(button, letter)  # P still pauses there
    assert uses_key(combo, letter) and uses_key(items, letter)  # a letter searches the items
    assert uses_key(line, space) and uses_key(line, letter)
    assert not uses_key(spin, space) and not uses_key(spin, letter) and not uses_key(slider, space)
    line.setReadOnly(True)
    assert not uses_key(line, letter)


# --- slow: the real window ---

def test_keyboard_only_walkthrough(make_window, qtbot, monkeypatch):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 5000}})
    session, keys = window.session, Keyboard(qtbot, window)
    activate(window, qtbot)

    # Choose a data set: Tab to the list, arrows down to the spiral.
    keys.tab_to(lambda widget: widget.objectName() == "datasetList")
    keys.until(Qt.Key.Key_Down, lambda: session.config.data.dataset == "spiral")

    # Choose a model: the Model panel is behind the Dataset tab; Tab to the tab bar, Right.
    keys.tab_to(lambda widget: isinstance(widget, QTabBar) and "Model" in tab_texts(widget))
    keys.until(Qt.Key.Key_Right, lambda: not hidden_behind_tab(window.docks.model_builder))
    keys.tab_to(lambda widget: widget.objectName() == "modelPresetCombo")
    keys.until(Qt.Key.Key_Down, lambda: session.config.model.preset == "mlp")
    assert QApplication.activePopupWidget() is None  # arrows choose without opening the list

    # A learning rate: type it into the number field and press Enter.
    keys.tab_to(lambda widget: widget.objectName() == "field_train_lr")
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("0.05")
    keys.press(Qt.Key.Key_Return)
    assert session.config.train.lr == 0.05

    # Train with Space (the number field has no use for it), pause with P, resume with F5,
    # stop with Esc: the focus stays in the number field throughout.
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: session.status == "running", timeout=10_000)
    qtbot.waitUntil(lambda: len(session.history) > 0, timeout=30_000)
    keys.press(Qt.Key.Key_P)
    assert session.status == "paused"
    keys.press(Qt.Key.Key_F5)
    assert session.status == "running"
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: session.status == "idle", timeout=15_000)
    assert focused_name() == "field_train_lr"

    # Tick a check box with Space: it ticks, and training does not start.
    keys.tab_to(lambda widget: widget.objectName() == "field_train_early_stopping")
    early = QApplication.focusWidget()
    was = early.isChecked()
    keys.press(Qt.Key.Key_Space)
    assert early.isChecked() is not was and session.status == "idle"
    keys.press(Qt.Key.Key_S)  # a check box has no use for S: one epoch, then a pause
    qtbot.waitUntil(lambda: session.status == "paused" and len(session.history) == 1, timeout=30_000)
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: session.status == "idle", timeout=15_000)

    # Press a toolbar button with Enter.
    keys.tab_to(lambda widget: widget.objectName() == "trainButton")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.status == "running", timeout=10_000)
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: session.status == "idle", timeout=15_000)

    # Open lesson 3 from the Lessons menu and run it with Enter on its button; stop it.
    lesson = load_lesson(3)
    keys.menu(mnemonic(menu_title(window, "lessonsMenu")), lesson.title_in("en"))
    qtbot.waitUntil(lambda: session.lesson is not None and session.lesson.slug == lesson.slug, timeout=5000)
    keys.tab_to(lambda widget: widget.objectName() == "runLessonButton")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.status == "running", timeout=10_000)
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: session.status == "idle", timeout=15_000)

    # Switch the interface to Chinese and back from the Language menu.
    try:
        keys.menu(mnemonic(menu_title(window, "languageMenu")), "简体中文")
        assert current_language() == "zh_CN" and window.controls.train_action.iconText() == "训练"
        keys.menu(mnemonic(menu_title(window, "languageMenu")), "English")
        assert current_language() == "en"
    finally:
        install_language("en")

    # Open the run history from the View menu.
    runs_title = window.docks.runs_dock.windowTitle()
    keys.menu(mnemonic(menu_title(window, "viewMenu")), runs_title)
    qtbot.waitUntil(lambda: window.docks.runs_dock.isVisible() and window.docks.runs_panel.table.rowCount() > 0,
                    timeout=10_000)
    assert not hidden_behind_tab(window.docks.runs_panel)  # in front of the lesson's landscape
    assert window.docks.runs_dock.isAncestorOf(QApplication.focusWidget())  # and the focus in it
    keys.tab_to(lambda widget: widget.objectName() == "runsTable")
    print("\nkeyboard walkthrough:", ", ".join(keys.pressed))


def tab_texts(bar: QTabBar) -> list[str]:
    return [bar.tabText(index) for index in range(bar.count())]


def test_tab_visits_only_what_is_on_screen_and_the_toolbar(make_window, qtbot):
    window = make_window()
    activate(window, qtbot)
    keys = Keyboard(qtbot, window)
    stops = []
    for _ in range(150):
        keys.press(Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget.isVisible() and not hidden_behind_tab(widget), f"focus in a hidden panel: {widget}"
        stops.append(widget)
    names = {widget.objectName() for widget in stops}
    assert {"trainButton", "stepButton", "resetButton", "datasetList", "field_train_lr"} <= names
    assert "modelPresetCombo" not in names  # the Model panel is behind the Dataset tab
    for _ in range(40):  # Shift+Tab too
        keys.press(Qt.Key.Key_Backtab)
        assert not hidden_behind_tab(QApplication.focusWidget())


def test_a_focused_plot_shows_a_ring(make_window, qtbot):
    window = make_window()
    activate(window, qtbot)
    keys = Keyboard(qtbot, window)
    keys.tab_to(lambda widget: widget is window.views.loss_view.plot)
    ring = window.keyboard.ring
    assert ring.isVisible() and ring.parentWidget() is window.views.loss_view.plot
    assert ring.geometry() == window.views.loss_view.plot.rect()
    keys.press(Qt.Key.Key_Tab)
    assert not ring.isVisible() or ring.parentWidget() is QApplication.focusWidget()


def test_menus_have_unique_mnemonics_in_both_languages(make_window, qtbot):
    window = make_window()
    try:
        for language in ("en", "zh_CN"):
            install_language(language)
            bar = [action for action in window.menuBar().actions() if action.isVisible()]
            assert_unique([action.text() for action in bar], "menu bar")
            for action in bar:
                menu = action.menu()
                menu.aboutToShow.emit()  # as when it opens
                items = [item.text() for item in menu.actions() if not item.isSeparator() and item.isVisible()]
                assert_unique(items, menu.objectName())
    finally:
        install_language("en")


def assert_unique(texts: list[str], where: str) -> None:
    keys = [mnemonic(text) for text in texts]
    missing = [text for text, key in zip(texts, keys) if not key]
    assert not missing, f"{where}: no mnemonic on {missing}"
    assert len(set(keys)) == len(keys), f"{where}: repeated mnemonics in {texts}"


def test_arrows_pass_over_the_csv_item_and_enter_opens_it(make_window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr("nnstudio.gui.dataset_panel.choose_csv_file", lambda parent: asked.append(1) or "")
    window = make_window({"data": {"dataset": "moons"}})
    panel = window.docks.dataset_panel
    activate(window, qtbot)
    keys = Keyboard(qtbot, window)
    keys.tab_to(lambda widget: widget is panel.list)
    keys.until(Qt.Key.Key_Down, lambda: panel.list.currentItem().data(Qt.ItemDataRole.UserRole) == "csv", limit=60)
    before = window.session.config.data.dataset
    assert not asked and before != "csv"  # passed over: no file dialog
    assert "Enter" in panel.sizes_label.text()
    keys.press(Qt.Key.Key_Return)
    assert asked == [1]
    assert window.session.config.data.dataset == before  # the file dialog was cancelled


def test_space_on_a_focused_button_presses_it_not_train(make_window, qtbot):
    window = make_window()
    activate(window, qtbot)
    keys = Keyboard(qtbot, window)
    keys.tab_to(lambda widget: isinstance(widget, QCheckBox) and widget.objectName() == "lossLogCheck")
    keys.press(Qt.Key.Key_Space)
    assert window.views.loss_view.log_check.isChecked() and window.session.status == "idle"
    keys.tab_to(lambda widget: isinstance(widget, QToolButton) and widget.objectName() == "resetButton")
    keys.press(Qt.Key.Key_Space)  # Reset, not Train
    assert window.session.status == "idle"
