"""A teacher imports a CSV in the window, picks the target, and it trains with a boundary."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox


def two_class_csv(tmp_path):
    rng = np.random.default_rng(0)
    lines = ["height,weight,age,label"]
    for i in range(200):
        kind = i % 2
        h, w = rng.normal((kind * 3, kind * 3), 0.6)
        lines.append(f"{h:.3f},{w:.3f},{rng.integers(10, 60)},{'cat' if kind else 'dog'}")
    path = tmp_path / "animals.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def checked(qtbot, dialog):
    """Wait for the background check of the whole file to end (a summary or a problem)."""
    qtbot.waitUntil(lambda: dialog.check is None and not dialog._check_timer.isActive()
                    and bool(dialog.summary.text() or dialog.problem.text()), timeout=15_000)


def test_import_two_features_and_train_with_a_boundary(make_window, qtbot, tmp_path):
    window = make_window({"train": {"epochs": 30}})
    panel = window.docks.dataset_panel
    panel.import_csv(str(two_class_csv(tmp_path)))
    dialog = panel.csv_dialog
    assert dialog.preview.columnCount() == 4 and dialog.target_combo.currentText() == "label"
    age = dialog.feature_list.findItems("age", Qt.MatchFlag.MatchExactly)[0]
    age.setCheckState(Qt.CheckState.Unchecked)
    checked(qtbot, dialog)
    assert "2 classes: cat, dog" in dialog.summary.text()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.run_info.train_x.shape[1] == 2, timeout=10_000)
    assert window.views.main_view.currentWidget() is window.views.boundary_view
    assert "animals.csv" in panel.list.currentItem().text()
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)
    assert window.session.last_result.final.val_acc > 0.9


def test_a_bad_cell_blocks_import_with_line_and_column(make_window, qtbot, tmp_path):
    window = make_window()
    path = tmp_path / "bad.csv"
    path.write_text("a,b,y\n1,2,3\n4,oops,6\n7,8,9\n")
    window.docks.dataset_panel.import_csv(str(path))
    dialog = window.docks.dataset_panel.csv_dialog
    checked(qtbot, dialog)
    assert "line 3, column 'b': 'oops' is not a number" in dialog.problem.text()
    assert not ok_button(dialog).isEnabled()
    dialog.reject()
    assert window.docks.dataset_panel.config().dataset != "csv"


def test_many_features_train_but_say_why_there_is_no_plane(make_window, qtbot, tmp_path):
    window = make_window()
    window.docks.dataset_panel.import_csv(str(two_class_csv(tmp_path)))
    checked(qtbot, window.docks.dataset_panel.csv_dialog)
    qtbot.mouseClick(ok_button(window.docks.dataset_panel.csv_dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.run_info is not None and window.session.run_info.train_x.shape[1] == 3, timeout=10_000)
    assert window.views.main_view.currentWidget() is window.views.no_plane_label
    assert "3 features" in window.views.no_plane_label.text()


def big_csv(tmp_path, rows):
    rng = np.random.default_rng(1)
    x = rng.normal(0, 1, (rows, 3))
    lines = ["p,q,r,kind"] + [f"{a:.3f},{b:.3f},{c:.3f},{'ab'[i % 2]}"
                               for i, (a, b, c) in enumerate(x.tolist())]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_big_file_is_previewed_by_its_first_rows_and_read_in_the_background(make_window, qtbot,
                                                                              tmp_path, monkeypatch):
    from nnstudio.core.data import csv_import
    from nnstudio.gui.csv_dialog import PREVIEW_ROWS

    monkeypatch.setattr(csv_import, "CHUNK_ROWS", 500)  # many steps, so the reading can be seen
    window = make_window()
    window.docks.dataset_panel.import_csv(str(big_csv(tmp_path, 40_000)))
    dialog = window.docks.dataset_panel.csv_dialog
    assert dialog.preview.rowCount() == PREVIEW_ROWS
    # The progress it showed while reading (recorded: on a fast machine the reading can end
    # between two looks at the bar).
    shown = []
    dialog.progress.valueChanged.connect(
        lambda value: shown.append((value, dialog.progress.isVisible(), ok_button(dialog).isEnabled())))
    checked(qtbot, dialog)
    # some progress shown while reading, and OK not before the whole file was checked
    assert any(value > 0 and visible and not ok for value, visible, ok in shown), shown
    assert dialog.summary.text().startswith("40000 rows · 3 features · 2 classes: a, b")
    assert ok_button(dialog).isEnabled() and not dialog.progress.isVisible()


def test_reading_can_be_stopped_and_the_file_still_imported(make_window, qtbot, tmp_path,
                                                            monkeypatch):
    from nnstudio.core.data import csv_import

    monkeypatch.setattr(csv_import, "CHUNK_ROWS", 200)
    window = make_window()
    window.docks.dataset_panel.import_csv(str(big_csv(tmp_path, 60_000)))
    dialog = window.docks.dataset_panel.csv_dialog
    qtbot.waitUntil(lambda: dialog.cancel_check.isVisible(), timeout=10_000)
    qtbot.mouseClick(dialog.cancel_check, Qt.MouseButton.LeftButton)
    checked(qtbot, dialog)
    assert "Not checked to the end" in dialog.summary.text() and ok_button(dialog).isEnabled()
    age = dialog.feature_list.item(0)
    age.setCheckState(Qt.CheckState.Unchecked)  # a change starts a new check
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5_000)
    dialog.reject()  # closing stops it
    assert dialog.check is None
    assert window.docks.dataset_panel.config().dataset != "csv"


def test_the_dataset_panel_says_which_task_the_target_made_and_why(make_window, qtbot, tmp_path):
    path = tmp_path / "exam.csv"
    path.write_text("hours,sleep,passed\n" + "".join(
        f"{i % 9},{(i * 5) % 8},{int(i % 9 > 4)}\n" for i in range(60)))
    window = make_window({"data": {"dataset": "csv", "csv": str(path)}, "train": {"epochs": 2}})
    assert window.session.run_info.task == "binary"
    text = window.docks.dataset_panel.sizes_label.text()
    assert "classification: the target 'passed' holds 2 different whole numbers" in text


def test_leaving_the_csv_dataset_sets_its_file_aside_and_choosing_it_again_brings_it_back(
        make_window, qtbot, tmp_path):
    from nnstudio.core.config import parse_config

    path = two_class_csv(tmp_path)
    window = make_window({"data": {"dataset": "csv", "csv": str(path), "target": "label"},
                          "train": {"epochs": 2}})
    panel = window.docks.dataset_panel
    panel.select_dataset("moons")
    moons = panel.config()  # valid: a CSV file is only named with the 'csv' dataset
    assert moons.dataset == "moons" and moons.csv == "" and moons.target == ""
    assert parse_config({"data": moons.model_dump(mode="json")}).data.dataset == "moons"
    panel.select_dataset("csv")
    again = panel.config()
    assert again.dataset == "csv" and again.csv == str(path) and again.target == "label"
    assert panel.csv_dialog is None  # no file dialog: the file was kept
