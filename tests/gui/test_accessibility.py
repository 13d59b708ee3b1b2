"""What a screen reader gets: every control of the window, its docks and dialogs has a name, and
every plot says in words what it shows, kept current as training goes on."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGraphicsView,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from nnstudio.gui.views import AccuracyView, BoundaryView, LearningRateView, LossView, RegressionView
from nnstudio.gui.views.comparison_view import ComparisonView
from nnstudio.gui.views.confusion_view import ConfusionView
from nnstudio.gui.views.describe import number
from nnstudio.gui.views.kfold_view import KFoldView
from nnstudio.gui.views.sweep_view import SweepView
from tests.image_sets import noise_mnist

INTERACTIVE = (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView,
               QTabBar, QHeaderView, QGraphicsView, QTextEdit, QProgressBar, QAbstractScrollArea)
QT_INTERNALS = ("qt_toolbar_ext_button", "qt_menubar_ext_button")  # shown only when a bar overflows


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader reads for ``widget`` (Qt's accessibility interface)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def spoken_description(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Description) if interface is not None else ""


def undescribed_plots(root: QWidget) -> list[str]:
    """Plots and diagrams shown under ``root`` that a screen reader cannot name or describe in
    full (a description with the title cut short as the plot shows it is not in full)."""
    views = [view for view in root.findChildren(QGraphicsView) if view.isVisibleTo(root.window())]
    return [f"{view.objectName()}: {spoken_name(view)!r} {spoken_description(view)!r}" for view in views
            if not spoken_name(view) or not spoken_description(view) or "…" in spoken_description(view)]


def each_dock_in_front(window, qtbot, check) -> dict[str, list[str]]:
    """``check(dock)`` for every dock of ``window``, each brought to the front of its tab group
    (the others of its group are hidden meanwhile): what it found, by dock."""
    found = {}
    for dock in window.findChildren(QDockWidget):
        dock.show()
        dock.raise_()
        qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty() or dock.isFloating(), timeout=5000)
        found[dock.objectName()] = check(dock)
    return found


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` (in its own window) that a screen reader cannot name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is not root.window() or not widget.isVisibleTo(root.window()):
            continue  # a drop-down's list, or something not shown
        if not isinstance(widget, INTERACTIVE) and not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if isinstance(widget, QScrollBar) or widget.focusProxy() is not None or widget.objectName() in QT_INTERNALS:
            continue
        if isinstance(widget, QGroupBox) and not widget.isCheckable():
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
            continue  # the scroll area is named
        if not spoken_name(widget):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                           f"{parent.objectName() if parent else ''!r}")
    return missing


# --- fast: each view describes itself ---

def test_the_loss_plot_says_the_latest_losses_and_the_best_epoch(qtbot):
    view = LossView()
    qtbot.addWidget(view)
    assert "no epochs" in view.plot.accessibleDescription()
    epochs = np.arange(1, 121, dtype=float)
    train, val = np.linspace(1.0, 0.21, 120), np.linspace(1.0, 0.25, 120)
    view.set_history(epochs, train, val)
    view.mark_best(97)
    assert view.plot.accessibleDescription() == "Loss: train 0.21, validation 0.25 at epoch 120; best epoch 97."
    assert view.plot.accessibleName() == "Loss"
    view.set_history(epochs[:10], train[:10], np.full(10, np.nan))  # no validation set
    assert view.plot.accessibleDescription().startswith(f"Loss: train {train[9]:.3g} at epoch 10")


def test_accuracy_and_learning_rate_plots_say_their_last_values(qtbot):
    accuracy, rate = AccuracyView(), LearningRateView()
    for view in (accuracy, rate):
        qtbot.addWidget(view)
    accuracy.set_history(np.array([1.0, 2.0]), np.array([0.5, 0.953]), np.array([0.5, 0.92]))
    assert accuracy.plot.accessibleDescription() == "Accuracy: train 95.3%, validation 92.0% at epoch 2."
    rate.set_history(np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.1, 0.01]))
    assert rate.plot.accessibleDescription() == "Learning rate 0.01 at epoch 3; it started at 0.1."


def test_the_boundary_says_how_much_of_the_plane_each_class_takes(qtbot):
    view = BoundaryView()
    qtbot.addWidget(view)
    train_x = np.random.default_rng(0).uniform(-1, 1, (40, 2))
    view.set_points(train_x, (train_x[:, 0] > 0).astype(int), train_x[:10], np.zeros(10, int), 2)
    assert "not drawn yet" in view.plot.accessibleDescription()
    x = y = np.linspace(-1, 1, 20)
    p1 = np.broadcast_to((x > 0.5).astype(float)[None, :], (20, 20))  # class 1 right of x1 = 0.5
    view.set_grid(x, y, np.stack([1 - p1, p1], axis=-1))
    text = view.plot.accessibleDescription()
    assert "class 0 75%, class 1 25%" in text
    assert "40 training points (filled) and 10 validation points (hollow)" in text


def test_regression_confusion_and_the_dock_charts_describe_themselves(qtbot):
    regression, confusion, comparison, kfold, sweep = (RegressionView(), ConfusionView(), ComparisonView(),
                                                       KFoldView(), SweepView())
    for view in (regression, confusion, comparison, kfold, sweep):
        qtbot.addWidget(view)
    regression.set_points(np.array([0.0, 1.0]), np.array([0.0, 1.0]), np.array([0.5]), np.array([0.5]))
    regression.set_curve(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5) ** 2)
    assert regression.plot.accessibleDescription() == (
        "Regression fit: 2 training and 1 validation points; the model's curve: "
        "f(-1) = 1, f(-0.5) = 0.25, f(0) = 0, f(0.5) = 0.25, f(1) = 1.")
    confusion.set_matrix(np.array([[50, 2, 0], [9, 40, 1], [0, 0, 48]]), ["cat", "dog", "bird"])
    assert confusion.table.accessibleDescription() == (
        "Confusion matrix of 150 samples: 92.0% right; most often confused: dog taken for cat (9 times).")
    comparison.set_run("lr 0.1", np.array([1.0, 2.0]), np.array([0.9, 0.5]), np.array([1.0, 0.6]))
    assert "lr 0.1 0.6 at epoch 2" in comparison.plot.accessibleDescription()
    kfold.set_folds(2)
    kfold.set_fold(0, np.array([1.0, 2.0]), np.array([0.8, 0.4]))
    kfold.set_fold(1, np.array([1.0, 2.0]), np.array([0.6, 0.2]))
    assert kfold.plot.accessibleName() and "mean of the folds 0.3 at epoch 2" in kfold.plot.accessibleDescription()
    sweep.set_axis("degree", "loss")
    sweep.set_points([1, 3, 15], [0.5, 0.1, 0.01], [0.6, 0.12, 0.9], best=1)
    assert sweep.plot.accessibleName() and "best validation at degree 3" in sweep.plot.accessibleDescription()


# --- slow: the real window ---

def test_every_control_of_the_window_its_docks_and_dialogs_has_a_name(make_window, qtbot, tmp_path):
    window = make_window({"train": {"epochs": 20}})
    compare = window.docks.compare_panel  # its small pictures of each model, made when compared
    compare.set_models(["current"])
    with qtbot.waitSignal(compare.analysisFinished, timeout=120_000):
        compare.run_button.click()
    window.docks.show_dock(window.docks.network_dock)  # the diagram, drawn (it is sent while shown)
    qtbot.waitUntil(lambda: window.docks.network_view.drawn, timeout=10_000)
    found = each_dock_in_front(window, qtbot, lambda dock: unnamed_controls(dock) + undescribed_plots(dock))
    assert {"networkDock", "distributionsDock", "compareDock"} <= set(found)
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert len(compare.multiples.shown) == 2 and window.docks.network_view.drawn  # (both were checked)
    panel = window.docks.dataset_panel
    table = tmp_path / "marks.csv"
    table.write_text("hours,sleep,passed\n1,5,no\n2,6,no\n3,7,yes\n4,8,yes\n5,6,yes\n6,5,no\n")
    panel.import_csv(str(table))  # the CSV preview in the panel, and the import dialog
    dialog = panel.csv_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert unnamed_controls(dialog) == []
    dialog.accept()
    qtbot.waitUntil(lambda: panel.table.isVisible(), timeout=30_000)
    tab_bars = [bar for bar in window.findChildren(QTabBar) if bar.parentWidget() is window]
    assert len(tab_bars) >= 2 and all(bar.accessibleName().startswith("Panel tabs: ") for bar in tab_bars)
    assert unnamed_controls(window) == []
    assert undescribed_plots(window) == []


def test_the_docks_for_images_name_their_controls_and_describe_what_they_draw(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "mnist", "data_dir": noise_mnist(tmp_path)},
                          "model": {"preset": "mlp", "hidden": [20]}, "train": {"epochs": 3}})
    docks = window.docks
    docks.show_dock(docks.distributions_dock)
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=60_000)
    # The weights over time, in words: the last epoch's median, as drawn.
    distributions = docks.distributions_view
    qtbot.waitUntil(lambda: distributions.drawn() is not None and distributions.drawn()[0][-1] == 3, timeout=10_000)
    median = number(distributions.median.getData()[1][-1])
    assert distributions.plot.accessibleDescription().startswith(
        f"Weights over time (the median in orange), {distributions.layer_combo.currentText()}: "
        f"at epoch 3 the median is {median}, half of the values from ")
    found = each_dock_in_front(window, qtbot, lambda dock: unnamed_controls(dock) + undescribed_plots(dock))
    assert {name: problems for name, problems in found.items() if problems} == {}
    # Inside the model: its layers, named and described (what the screen shows, in words).
    layers = docks.layers_view
    docks.show_dock(docks.layers_dock)
    qtbot.waitUntil(lambda: layers.picture is not None and layers.layer_scroll.isVisible(), timeout=20_000)
    assert unnamed_controls(docks.layers_dock) == []
    scroll = layers.layer_scroll
    assert spoken_name(scroll) == "Each layer's output"
    assert spoken_description(scroll) == (
        "; ".join([row.title.text() for row in layers.rows] + [layers.verdict.text()]))
    assert layers.verdict.text().startswith(f"Image {layers.picture.index}: true ")


def test_the_progress_bar_and_the_plots_follow_a_run(make_window, qtbot):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 30}})
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None,
                    timeout=30_000)
    history, bar = window.session.history, window.controls.progress_bar
    value = QAccessible.queryAccessibleInterface(bar).valueInterface()
    assert bar.text().startswith("epoch 30/30")
    assert (value.currentValue(), value.maximumValue()) == (30, 30)  # what a screen reader reads
    assert bar.accessibleDescription() == bar.text()
    best = window.session.last_update.progress.best_epoch
    assert window.views.loss_view.plot.accessibleDescription() == (
        f"Loss: train {history.train_loss[-1]:.3g}, validation {history.val_loss[-1]:.3g} at epoch 30; "
        f"best epoch {best}.")
    assert f"validation {history.val_acc[-1]:.1%} at epoch 30" in window.views.accuracy_view.plot.accessibleDescription()
    assert window.views.boundary_view.plot.accessibleDescription().startswith("Decision regions over x1")
