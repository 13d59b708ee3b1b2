"""Keyboard access: the whole window works without a mouse.

- Training's one-key shortcuts (Space, P, S) give way to the control that has the focus when that
  control uses the key: Space ticks a check box, presses a button or selects in a list; letters
  are typed in text fields and search a list or a drop-down. In a number field, on a slider or on
  a plot they still train, pause and step. F5 (train / pause / resume), F6 (step) and Esc or
  Shift+F5 (stop) work wherever the focus is.
- Enter presses the focused button or check box (outside dialogs, where Enter means OK).
- Tab and Shift+Tab skip the panels hidden behind another panel's tab, so the focus is always
  where the user can see it; a focused plot or canvas gets a visible ring.
- Every menu item has a mnemonic (Alt+letter) unique in its menu, in every language.
- The docks' tab bars carry an accessible name (the panels they switch between).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QGraphicsView,
    QGroupBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from nnstudio.gui.views.describe import join_list

# The training shortcuts a focused control may need for itself (see uses_key).
YIELDING_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_P, Qt.Key.Key_S)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FOCUS_RING_WIDTH = 3
_CHINESE_STYLE = re.compile(r"\s*\(&([^&])\)")  # "文件(&F)"


def uses_key(widget: QWidget, key: int) -> bool:
    """Whether ``widget`` does something itself with ``key`` pressed without modifiers: then a
    window-wide shortcut on that key must leave it to the widget."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, (QComboBox, QAbstractItemView)):
        return True  # Space opens or selects; a letter jumps to the first item starting with it
    if key == Qt.Key.Key_Space:
        return isinstance(widget, QAbstractButton) or (isinstance(widget, QGroupBox) and widget.isCheckable())
    return False


def _in_item_editor(widget: QWidget) -> bool:
    """True for a table or list cell's editor (Esc cancels the edit there)."""
    parent = widget.parentWidget()
    return parent is not None and isinstance(parent.parentWidget(), QAbstractItemView)


def hidden_behind_tab(widget: QWidget) -> bool:
    """True when ``widget`` lies in a docked panel that another panel's tab covers (Qt keeps such
    a dock "visible" and moves it outside the window)."""
    window = widget.window()
    while widget is not None and widget is not window:
        if isinstance(widget, QDockWidget) and not widget.isFloating():
            return not QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()).intersects(window.rect())
        widget = widget.parentWidget()
    return False


def can_take_tab_focus(widget: QWidget, window: QWidget) -> bool:
    """Would Tab stop at ``widget`` (as Qt decides), and can the user see it there?"""
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None
            and widget.isEnabled() and widget.window() is window and widget.isVisibleTo(window)
            and not widget.size().isEmpty() and not hidden_behind_tab(widget))


def next_focus(current: QWidget, forward: bool) -> Optional[QWidget]:
    """The widget Tab (``forward``) or Shift+Tab moves to from ``current``, skipping hidden panels."""
    window = current.window()
    widget = current
    for _ in range(5000):  # the focus chain is a ring; stop if it is broken
        widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
        if widget is None or widget is current:
            return None
        if can_take_tab_focus(widget, window):
            return widget
    return None


def _parse(text: str) -> tuple[str, str]:
    """(text without its mnemonic marker, the mnemonic character or ""); "&&" is a literal "&"."""
    plain, key, index = [], "", 0
    while index < len(text):
        char = text[index]
        if char == "&" and index + 1 < len(text):
            if text[index + 1] == "&":
                plain.append("&")
            elif not key:
                key = text[index + 1]
                plain.append(key)
            else:
                plain.append(text[index + 1])
            index += 2
            continue
        plain.append(char)
        index += 1
    return "".join(plain), key


def mnemonic(text: str) -> str:
    """The lower-case mnemonic character of a menu text ("" for none)."""
    return _parse(text)[1].lower()


def _strip_mnemonic(text: str) -> str:
    """The text as shown, without its mnemonic: the Chinese style's "(&F)" goes altogether."""
    return _parse(_CHINESE_STYLE.sub("", text))[0]


def with_mnemonics(texts: list[str]) -> list[str]:
    """The menu ``texts`` with a mnemonic each, all different: one already given is kept when
    free; otherwise the first free letter or digit starting a word, then any free one in the
    text, else a letter appended as "(&X)". A Chinese text gets "(&X)" (the style of Chinese
    menus) unless it starts with a free digit (a lesson's number). Case and
    "&&" (a literal ampersand) are respected. Empty texts (separators) stay empty."""
    taken: set[str] = set()
    result: list[Optional[str]] = [None] * len(texts)
    for index, text in enumerate(texts):  # explicit mnemonics first, in order
        key = mnemonic(text)
        if key and key.isascii() and key.isalnum() and key not in taken:
            taken.add(key)
            result[index] = text
    for index, text in enumerate(texts):
        if result[index] is not None:
            continue
        if not text:
            result[index] = text
            continue
        literal = _strip_mnemonic(text)
        positions = [i for i, char in enumerate(literal) if char.isascii() and char.isalnum()]
        starts = [i for i in positions if i == 0 or not literal[i - 1].isalnum()]
        if _is_chinese(literal):
            # Chinese style: a lesson's leading number, else "(&X)" after the text (a letter
            # inside an English word of a Chinese text would read as a broken word).
            leading = [i for i in positions if literal[: i + 1].isdigit()]
            inline = next((i for i in leading if literal[i] not in taken), None)
            letters = [literal[i].lower() for i in starts + positions] + list("abcdefghijklmnopqrstuvwxyz0123456789")
        else:
            inline = next((i for i in starts + positions if literal[i].lower() not in taken), None)
            letters = list("abcdefghijklmnopqrstuvwxyz0123456789")
        if inline is not None:
            chosen = inline
            taken.add(literal[chosen].lower())
            labelled = literal[:chosen] + "&" + literal[chosen:]
        else:
            free = next((c for c in letters if c not in taken), None)
            if free is None:
                result[index] = literal.replace("&", "&&")
                continue
            taken.add(free)
            ellipsis = "…" if literal.endswith("…") else ""
            base = literal[:len(literal) - len(ellipsis)]
            labelled = f"{base}(&{free.upper()}){ellipsis}"
            chosen = len(base) + 1
        result[index] = _escape(labelled, chosen)
    return [text or "" for text in result]


def _is_chinese(text: str) -> bool:
    return any("\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" for char in text)


def _escape(labelled: str, marker: int) -> str:
    """Double every "&" of ``labelled`` except the mnemonic marker at index ``marker``."""
    return "".join(char if index == marker or char != "&" else "&&" for index, char in enumerate(labelled))


def give_mnemonics(menu_actions: Iterable) -> None:
    """Set unique mnemonics on a menu's (or the menu bar's) actions, separators left alone."""
    actions = [action for action in menu_actions if not action.isSeparator() and action.isVisible()]
    for action, text in zip(actions, with_mnemonics([action.text() for action in actions])):
        if text != action.text():
            action.setText(text)


class FocusRing(QWidget):
    """A frame drawn over the focused plot or canvas (they have no focus frame of their own)."""

    def __init__(self, home: QWidget) -> None:
        super().__init__(home)
        self.home = home  # where the ring waits, hidden, while no plot has the focus
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def follow(self, widget: Optional[QWidget]) -> None:
        """Frame ``widget`` (None: hide)."""
        if widget is None:
            self.hide()
            if self.parentWidget() is not self.home:
                self.setParent(self.home)
            return
        if self.parentWidget() is not widget:
            self.setParent(widget)
        self.setGeometry(widget.rect())
        self.raise_()
        self.show()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        pen = QPen(self.palette().highlight().color(), FOCUS_RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = FOCUS_RING_WIDTH / 2
        painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))


def wants_focus_ring(widget: Optional[QWidget]) -> bool:
    return isinstance(widget, QGraphicsView) or bool(widget is not None and widget.property("focusRing"))


class KeyboardAccess(QObject):
    """Keyboard access for ``host`` (the main window) and the dialogs it opens; see the module's
    docstring. ``retranslate()`` after the window's own texts change (menu mnemonics)."""

    def __init__(self, host: QMainWindow) -> None:
        super().__init__(host)
        self.host = host
        self._watched: Optional[QWidget] = None
        self.ring = FocusRing(host)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        host.installEventFilter(self)  # new dock tab bars (ChildAdded)
        self._name_timer = QTimer(self, singleShot=True, interval=0)
        self._name_timer.timeout.connect(self.name_tab_bars)
        for dock in host.findChildren(QDockWidget):
            self.watch_dock(dock)

    def watch_dock(self, dock: QDockWidget) -> None:
        """Keep the focus out of ``dock`` while another panel's tab covers it; opened from the
        View menu, it comes to the front of its tab group with the focus in it."""
        dock.visibilityChanged.connect(lambda shown, dock=dock: self._on_dock_visibility(dock, shown))
        dock.toggleViewAction().triggered.connect(lambda checked, dock=dock: checked and self._bring_forward(dock))

    def _bring_forward(self, dock: QDockWidget) -> None:
        dock.raise_()
        first = dock.widget()
        if first is not None and not can_take_tab_focus(first, first.window()):
            first = next_focus(first, True)
        if first is not None and dock.isAncestorOf(first):
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- focus ---
    def _on_focus_changed(self, old: Optional[QWidget], new: Optional[QWidget]) -> None:
        if self._watched is not None:
            try:
                self._watched.removeEventFilter(self)
            except RuntimeError:  # deleted meanwhile
                pass
        self._watched = new
        if new is not None:
            new.installEventFilter(self)
        try:
            self.ring.follow(new if wants_focus_ring(new) else None)
        except RuntimeError:
            pass

    def _on_dock_visibility(self, dock: QDockWidget, shown: bool) -> None:
        self._name_timer.start()
        focus = QApplication.focusWidget()
        if not shown and focus is not None and dock.isAncestorOf(focus):
            QTimer.singleShot(0, lambda: self._leave_hidden_panel(focus))

    def _leave_hidden_panel(self, widget: QWidget) -> None:
        """The panel holding the focus went behind a tab: move the focus on to a visible control."""
        try:
            if QApplication.focusWidget() is widget and hidden_behind_tab(widget):
                target = next_focus(widget, True)
                if target is not None:
                    target.setFocus(Qt.FocusReason.TabFocusReason)
        except RuntimeError:
            pass

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if watched is self.host:
            if kind == QEvent.Type.ChildAdded and isinstance(event.child(), QTabBar):
                self._name_timer.start()
            return False
        if kind == QEvent.Type.ShortcutOverride:
            return self._on_shortcut_override(watched, event)
        if kind == QEvent.Type.KeyPress:
            return self._on_key_press(watched, event)
        if kind == QEvent.Type.Resize and watched is self.ring.parentWidget():
            self.ring.setGeometry(watched.rect())
        return False

    def _on_shortcut_override(self, widget: QWidget, event: QKeyEvent) -> bool:
        """Accepting a ShortcutOverride gives the key to the widget instead of the shortcut."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if key == Qt.Key.Key_Escape and _in_item_editor(widget):
            event.accept()  # Esc cancels the edit of a table cell, it does not stop training
            return True
        if modifiers != Qt.KeyboardModifier.NoModifier or key not in YIELDING_KEYS:
            return False
        if uses_key(widget, key):
            event.accept()
            return True
        if isinstance(widget, QAbstractSpinBox):
            event.ignore()  # a number field would swallow the key and do nothing with it
            return True
        return False

    def _on_key_press(self, widget: QWidget, event: QKeyEvent) -> bool:
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in ENTER_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
            if isinstance(widget, QAbstractButton) and not isinstance(widget.window(), QDialog):
                if widget.isEnabled():
                    widget.animateClick()
                return True
            return False
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not modifiers & Qt.KeyboardModifier.ControlModifier:
            backward = key == Qt.Key.Key_Backtab or bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            return self._move_focus(widget, not backward)
        return False

    def _move_focus(self, widget: QWidget, forward: bool) -> bool:
        """Tab and Shift+Tab within the main window, past hidden panels (dialogs keep Qt's own)."""
        if widget.window() is not self.host:
            return False
        if isinstance(widget, QAbstractItemView) and widget.tabKeyNavigation():
            return False  # a table moves between its cells; Ctrl+Tab leaves it
        if isinstance(widget, (QTextEdit, QPlainTextEdit)) and not (widget.tabChangesFocus() or widget.isReadOnly()):
            return False  # Tab is typed in an editable text
        target = next_focus(widget, forward)
        if target is None:
            return False
        target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        return True

    # --- names and mnemonics ---
    def name_tab_bars(self) -> None:
        """Name each dock tab bar after the panels it switches between."""
        label = QCoreApplication.translate("KeyboardAccess", "Panel tabs: {panels}")
        for bar in self.host.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            titles = [bar.tabText(index).replace("&", "") for index in range(bar.count())]
            bar.setAccessibleName(label.format(panels=join_list(titles)))

    def retranslate(self) -> None:
        """Unique mnemonics in the menu bar and every menu (again whenever a menu opens)."""
        menu_bar = self.host.menuBar()
        give_mnemonics(menu_bar.actions())
        for action in menu_bar.actions():
            if action.menu() is not None:
                self._watch_menu(action.menu())
        self.name_tab_bars()

    def _watch_menu(self, menu: QMenu) -> None:
        if menu.property("mnemonicsWatched"):
            give_mnemonics(menu.actions())
            return
        menu.setProperty("mnemonicsWatched", True)
        menu.aboutToShow.connect(lambda menu=menu: self._on_menu_shown(menu))
        give_mnemonics(menu.actions())

    def _on_menu_shown(self, menu: QMenu) -> None:
        give_mnemonics(menu.actions())
        for action in menu.actions():
            if action.menu() is not None:
                self._watch_menu(action.menu())


def shortcut_text(action) -> str:
    """An action's shortcuts as the user reads them: "Space / F5"."""
    return " / ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts())
