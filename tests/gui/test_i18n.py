"""A Chinese-speaking student switches the window to 简体中文 and back, without losing the experiment;
and every text in the code has a finished Chinese translation."""

import errno
import importlib.util
import os
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu, QToolButton

from nnstudio.gui import i18n
from nnstudio.gui.core_messages import translate_core_message

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _load_tool():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def window(make_window):
    window = make_window({"data": {"dataset": "moons", "n_samples": 80}, "train": {"epochs": 3}})
    yield window
    window.language_menu.choose(i18n.ENGLISH)  # the translator is process-wide: leave English behind


def _menu_titles(window):
    return [action.text() for action in window.menuBar().actions()]


def _toolbar_texts(window):
    return [window.findChild(QToolButton, name).text()
            for name in ("trainButton", "pauseButton", "stepButton", "stopButton", "resetButton")]


def _plot_texts(plot_widget):
    item = plot_widget.getPlotItem()
    return item.titleLabel.text, item.getAxis("bottom").labelText, item.getAxis("left").labelText


def test_switching_to_chinese_translates_menus_buttons_forms_and_plots(window, qtbot):
    assert "&Training" in _menu_titles(window)
    window.language_menu.actions[i18n.CHINESE].trigger()

    assert i18n.current_language() == i18n.CHINESE
    assert {"文件(&F)", "视图(&V)", "训练(&T)", "课程(&E)", "语言(&G)"} <= set(_menu_titles(window))
    assert _toolbar_texts(window) == ["训练", "暂停", "单步", "停止", "重置"]
    assert window.controls.train_action.toolTip().startswith("开始或继续训练 (空格 / F5)")
    assert window.docks.train_form.label("lr").text() == "学习率"
    assert window.docks.train_form.label("batch_size").text() == "批量大小"
    optimiser = window.docks.train_form.editor("optimizer")
    assert optimiser.itemText(optimiser.findData("momentum")) == "SGD + 动量"
    assert optimiser.itemText(optimiser.findData("adagrad")) == "Adagrad（自适应梯度）"
    assert "学习率（步长）" in window.docks.train_form.label("lr").toolTip()  # the schema's description
    assert window.docks.dataset_dock.windowTitle() == "数据集"
    assert window.docks.train_dock.windowTitle() == "超参数"
    assert _plot_texts(window.views.loss_view.plot) == ("损失", "迭代周期", "损失")
    assert _plot_texts(window.views.accuracy_view.plot)[0] == "准确率"
    assert _plot_texts(window.views.boundary_view.plot)[0] == "决策边界"
    legend = [label.text for _, label in window.views.loss_view.legend.items]
    assert legend[0] == "训练"
    assert window.controls.state_label.text() == "就绪"
    file_menu = window.findChild(QMenu, "fileMenu")
    assert any(action.text() == "打开实验(&O)…" for action in file_menu.actions())


def test_switching_back_to_english_keeps_the_experiment(window, qtbot):
    window.docks.train_form.editor("lr").setValue(0.03)
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
    trained = window.session.model
    epochs = len(window.session.history)

    window.language_menu.choose(i18n.CHINESE)
    assert _toolbar_texts(window)[0] == "训练"
    assert window.controls.progress_bar.format().startswith("迭代周期 3/3")
    window.language_menu.choose(i18n.ENGLISH)

    assert _toolbar_texts(window) == ["Train", "Pause", "Step", "Stop", "Reset"]
    assert window.docks.train_form.label("lr").text() == "Learning rate"
    assert _plot_texts(window.views.loss_view.plot) == ("Loss", "epoch", "loss")
    assert window.controls.progress_bar.format().startswith("epoch 3/3")
    # The experiment is untouched: same settings, same trained model, same history.
    assert window.session.valid_config().train.lr == pytest.approx(0.03)
    assert window.session.model is trained and len(window.session.history) == epochs


def test_the_choice_is_remembered_for_the_next_window(make_window):
    first = make_window()
    first.language_menu.choose(i18n.CHINESE)
    first.close()
    second = make_window()
    try:
        assert second.language_menu.actions[i18n.CHINESE].isChecked()
        assert second.controls.train_action.iconText() == "训练"
    finally:
        second.language_menu.choose(i18n.ENGLISH)
    assert second.controls.train_action.iconText() == "Train"


def test_following_the_system_language_is_the_default(make_window, monkeypatch):
    window = make_window()
    assert window.language_menu.actions[i18n.SYSTEM].isChecked()
    monkeypatch.setattr(i18n.QLocale, "system", lambda: i18n.QLocale("zh_CN"))
    assert i18n.resolve(i18n.SYSTEM) == i18n.CHINESE
    monkeypatch.setattr(i18n.QLocale, "system", lambda: i18n.QLocale("de_DE"))
    assert i18n.resolve(i18n.SYSTEM) == i18n.ENGLISH


def test_core_messages_are_shown_in_chinese(window):
    window.language_menu.choose(i18n.CHINESE)
    assert translate_core_message("train.lr: must be > 0, got -1.0") == "train.lr: 必须 > 0，实际为 -1.0"
    assert translate_core_message(
        "loss diverged at epoch 3 step 2; try a smaller learning rate") == "损失在第 3 个迭代周期第 2 步发散；请尝试更小的学习率"
    assert translate_core_message("data.csv: /tmp/a.csv: line 4, column 'y': 'abc' is not a number") == (
        "data.csv: /tmp/a.csv: 第 4 行，列 'y'：'abc' 不是数字")
    assert translate_core_message("something the table does not know") == "something the table does not know"
    # why a file could not be written: the operating system's words too, and atomic_save's
    full = translate_core_message(f"/tmp/a.toml: cannot be written ({os.strerror(errno.ENOSPC)})")
    assert full.startswith("/tmp/a.toml: ") and "磁盘空间已满" in full and "space" not in full
    device = translate_core_message(
        "/dev/full: cannot be written (it is a device, not a regular file; choose a file name)")
    assert "设备文件" in device and "choose" not in device and "device" not in device.split(": ", 1)[1]
    assert translate_core_message(
        "not converged: the training loss still fell 3.2 % over the last 20 epochs; train more epochs or "
        "use a larger learning rate") == "尚未收敛：最后 20 个迭代周期里训练损失仍下降了 3.2 %；请训练更多迭代周期，或使用更大的学习率"
    assert translate_core_message("regression: the target 'price' holds numbers that are not whole") == (
        "回归：目标列 'price' 中有非整数的数值")
    window.views.message_bar.show_error("data.points: click on the plane to paint at least two points")
    assert window.views.message_bar.text() == "data.points: 请在平面上点击，至少画两个点"


def test_every_text_in_the_code_has_a_finished_translation():
    """Fails when someone adds a tr() text (or a schema field) and does not translate it, or when
    the .ts keeps texts the code no longer has: run `python tools/update_translations.py`."""
    problems = _load_tool().check()
    assert not problems, "\n".join(problems)


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    """The app loads the .qm: it must hold what the .ts says (run the tool after editing the .ts)."""
    tool = _load_tool()
    fresh = tmp_path / "fresh.qm"
    subprocess.run([tool._tool("lrelease"), str(tool.TS_FILE), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == tool.QM_FILE.read_bytes()


def test_a_cjk_font_is_installed():
    """Without one the offscreen platform draws boxes for Chinese (Debian/Ubuntu: fonts-noto-cjk)."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    fonts = [family for family in QFontDatabase.families()
             if QFontMetrics(QFont(family)).inFontUcs4(ord("学"))]
    if not fonts:
        pytest.skip("no CJK font for the Chinese UI: sudo apt-get install fonts-noto-cjk")


def test_english_is_untouched_by_the_translation_machinery(window):
    texts = _menu_titles(window) + _toolbar_texts(window) + [window.docks.train_form.label("lr").text()]
    assert not any(CJK.search(text) for text in texts)


# Words that stay as they are in the Chinese interface: names of methods, layers, file formats,
# datasets, keys and devices (a student meets them in PyTorch and in the course notes as they are).
KEPT_WORDS = {
    "mlp", "cnn", "sgd", "adam", "adamw", "rmsprop", "adagrad", "nesterov", "relu", "leaky", "gelu",
    "tanh", "sigmoid", "softmax", "beta", "gamma", "csv", "png", "svg", "gif", "mp4", "pytorch", "mnist",
    "fashion", "kmnist", "cifar", "steplr", "reducelronplateau", "eval", "no_grad", "dropout",
    "english", "auto", "cpu", "cuda", "mps", "sin", "cos", "ctrl", "space", "esc", "shift", "nnstudio",
    "full", "mse", "train", "model", "toml", "sqlite", "gpu", "nan", "inf", "epochs", "lr", "std",
    "max", "min", "log", "exp", "batchnorm", "linear", "xavier", "kaiming", "utf", "tab", "sgdr",
    "del", "pip", "install", "video", "imageio", "ffmpeg", "nnstudio", "lbfgs", "pca", "svd", "onnx",
    "cost",  # ∂cost/∂w, as the course notes and lesson 3 write it
    "jupyter",  # File ▸ Export as Jupyter notebook: the product's name
}
ENGLISH_WORD = re.compile(r"[A-Za-z_]{3,}")


def _visible_texts(window):
    """(where, text) for every text a user can read in the window: labels, buttons, group titles,
    dock titles, combo items, tooltips, actions, plot titles, axes and legends."""
    import pyqtgraph as pg
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (QAbstractButton, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit,
                                   QTableWidget, QTabWidget, QWidget)

    texts = []
    for widget in window.findChildren(QWidget):
        where = f"{type(widget).__name__} {widget.objectName()}"
        texts.append((where + " tooltip", widget.toolTip()))
        if isinstance(widget, QLabel):
            texts.append((where, widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append((where, widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append((where, widget.title()))
        elif isinstance(widget, QDockWidget):
            texts.append((where, widget.windowTitle()))
        elif isinstance(widget, QComboBox) and widget.objectName() != "lessonLanguage":
            texts.extend((where, widget.itemText(i)) for i in range(widget.count()))
        elif isinstance(widget, QLineEdit):
            texts.append((where, widget.placeholderText()))
        elif isinstance(widget, QTabWidget):
            texts.extend((where, widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QTableWidget):
            texts.extend((where, widget.horizontalHeaderItem(i).text()) for i in range(widget.columnCount())
                         if widget.horizontalHeaderItem(i) is not None and widget.objectName() != "datasetTable")
        if isinstance(widget, pg.PlotWidget):
            item = widget.getPlotItem()
            texts += [(where, item.titleLabel.text), (where, item.getAxis("bottom").labelText),
                      (where, item.getAxis("left").labelText)]
            if item.legend is not None:
                texts += [(where, label.text) for _, label in item.legend.items]
    for action in window.findChildren(QAction):
        if action.text() in ("Export...", "Plot Options", "View All"):  # pyqtgraph's own context menu
            continue
        if action.objectName().startswith("language_"):
            continue  # each language is named in its own language
        texts += [(f"QAction {action.objectName()}", action.text()),
                  (f"QAction {action.objectName()} tooltip", action.toolTip())]
    return texts


def _english_left(texts):
    """The texts that still hold English words other than KEPT_WORDS (markup removed)."""
    left = []
    for where, text in texts:
        plain = re.sub(r"<[^>]+>|&\w+;", " ", text or "")
        words = {word.lower() for word in ENGLISH_WORD.findall(plain)} - KEPT_WORDS
        if words:
            left.append(f"{where}: {plain!r} ({', '.join(sorted(words))})")
    return left


def test_no_english_is_left_anywhere_in_the_chinese_window(make_window, qtbot, tmp_path):
    """Every dock open, a run trained (so the replay bar, the progress and the run labels show), the
    boundary's click-to-teach controls on, the CSV import dialog open: after switching to Chinese,
    nothing English is left."""
    from PySide6.QtWidgets import QDockWidget

    window = make_window({"data": {"dataset": "moons", "n_samples": 80}, "train": {"epochs": 3}})
    try:
        for dock in window.findChildren(QDockWidget):
            dock.show()
        window.session.start()
        qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
        window.views.boundary_view.set_teaching(True)
        window.language_menu.choose(i18n.CHINESE)
        window.replay.bar.export_menu.aboutToShow.emit()  # its actions are retitled when it opens
        table = tmp_path / "marks.csv"  # a Chinese teacher's table: its own words are Chinese
        table.write_text("学时,睡眠,通过\n1,5,否\n2,6,否\n3,7,是\n4,8,是\n5,6,是\n6,5,否\n", encoding="utf-8")
        window.docks.dataset_panel.import_csv(str(table))
        assert window.docks.dataset_panel.csv_dialog.isVisible()
        left = _english_left(_visible_texts(window))
        assert not left, "\n".join(left)
        window.language_menu.choose(i18n.ENGLISH)
        assert window.findChild(QToolButton, "presentationLeaveButton").text() == "Leave (Esc)"
        assert window.presentation.action.iconText() == "Presentation"  # the text has a mnemonic
    finally:
        window.language_menu.choose(i18n.ENGLISH)


def test_qts_own_file_dialog_follows_the_language(qtbot):
    """Open and Save are Qt's dialogs: "Look in", "Files of type" in Chinese too (Qt's catalogue
    from PySide6's translations folder, completed by nnstudio's where it lacks a text)."""
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    try:
        i18n.install_language(i18n.CHINESE)
        dialog = QFileDialog(None, "", "", "TOML (*.toml)")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own widgets, as on Linux
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        texts += [button.text() for button in dialog.findChildren(QAbstractButton) if button.text()]
        assert texts and all(CJK.search(text) for text in texts), texts
    finally:
        i18n.install_language(i18n.ENGLISH)
    assert "&Look in:" in [label.text() for label in dialog.findChildren(QLabel)]


def test_the_network_diagrams_description_reads_in_chinese_punctuation(make_window, qtbot):
    """A screen reader reads the diagram's description: in Chinese its parts are joined with "；"
    and "、", not the English "; " and ", "."""
    window = make_window({"data": {"dataset": "circles", "n_samples": 80, "features": ["x1", "x2", "x1^2"]},
                          "model": {"hidden": [4, 2]}})
    view = window.docks.network_view
    window.docks.network_dock.show()
    window.docks.network_dock.raise_()
    qtbot.waitUntil(lambda: view.drawn, timeout=10_000)
    english = view.canvas.accessibleDescription()
    assert "Hidden 1: 4 neurons; Hidden 2: 2 neurons" in english and "x₁, x₂, x₁²" in english
    try:
        window.language_menu.choose(i18n.CHINESE)
        qtbot.waitUntil(lambda: CJK.search(view.canvas.accessibleDescription()) is not None, timeout=5_000)
        chinese = view.canvas.accessibleDescription()
        assert "; " not in chinese and ", " not in chinese, chinese
        assert "；" in chinese and "x₁、x₂、x₁²" in chinese, chinese
    finally:
        window.language_menu.choose(i18n.ENGLISH)
