"""Nothing a user did is lost: experiments and models round-trip through the File menu."""

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.experiment import load_config
from tests.tables import write_scores


def train(window, qtbot):
    window.session.start()
    qtbot.waitUntil(lambda: window.session.status == "idle" and window.session.last_result is not None, timeout=30_000)


def test_save_then_open_experiment_restores_every_panel(make_window, qtbot, tmp_path):
    raw = {"data": {"dataset": "circles", "noise": 0.05, "n_samples": 300},
           "model": {"preset": "mlp", "hidden": [6, 3], "activation": "relu"},
           "train": {"optimizer": "momentum", "lr": 0.05, "batch_size": "full", "epochs": 77}}
    window = make_window(raw)
    path = tmp_path / "lesson.toml"
    assert window.file_menu.save_experiment(str(path))
    assert load_config(path) == window.session.valid_config()
    other = make_window()
    assert other.file_menu.open_experiment(str(path))
    assert other.session.valid_config() == parse_config(raw)
    assert [a.text() for a in other.file_menu.recent_menu.actions()] == ["lesson.toml"]


def test_saved_model_reloads_with_identical_predictions(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "moons"}, "train": {"epochs": 15}})
    train(window, qtbot)
    grid = torch.linspace(-2, 2, 50).reshape(-1, 2)
    before = window.session.model.predict(grid.numpy())
    assert window.file_menu.save_model(str(tmp_path / "moons.pt"))

    other = make_window({"data": {"dataset": "spiral"}})
    assert other.file_menu.load_model(str(tmp_path / "moons.pt"))
    qtbot.waitUntil(lambda: other.session.model is not None
                    and other.session.model.config.data.dataset == "moons", timeout=10_000)
    assert np.array_equal(other.session.model.predict(grid.numpy()), before)
    assert other.docks.dataset_panel.config().dataset == "moons"


def test_bad_files_give_a_message_and_keep_the_current_experiment(make_window, qtbot, tmp_path):
    window = make_window({"data": {"dataset": "xor"}})
    broken = tmp_path / "broken.toml"
    broken.write_text("[train]\nlr = -3\n")
    assert not window.file_menu.open_experiment(str(broken))
    assert "train.lr: must be > 0, got -3" in window.views.message_bar.text()
    assert window.session.valid_config().data.dataset == "xor"
    hostile = tmp_path / "hostile.pt"
    hostile.write_bytes(b"not a checkpoint")
    assert window.file_menu.load_model(str(hostile))  # read in the background
    qtbot.waitUntil(lambda: "Could not load the model" in window.views.message_bar.text(), timeout=10_000)
    assert window.session.valid_config().data.dataset == "xor"


def test_saving_into_a_missing_folder_is_reported(make_window, qtbot, tmp_path):
    window = make_window()
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    assert not window.file_menu.save_experiment(str(target / "exp.toml"))
    assert "Could not save" in window.views.message_bar.text()
    assert "Not a directory" in window.views.message_bar.text()  # the system's words, in English


def test_why_a_save_failed_reads_in_chinese(make_window, tmp_path):
    from nnstudio.gui import i18n

    window = make_window()
    window.language_menu.choose(i18n.CHINESE)
    try:
        target = tmp_path / "file-not-folder"
        target.write_text("x")
        assert not window.file_menu.save_experiment(str(target / "exp.toml"))
        assert window.views.message_bar.text().endswith("：路径中有一部分不是文件夹")
        assert not window.file_menu.save_experiment("/dev/null")  # a device, refused
        text = window.views.message_bar.text()
        assert "设备文件" in text and "device" not in text and "choose" not in text, text
    finally:
        window.language_menu.choose(i18n.ENGLISH)


def test_exports_script_metrics_and_plots(make_window, qtbot, tmp_path):
    import csv
    import subprocess
    import sys

    window = make_window({"data": {"dataset": "xor"}, "train": {"epochs": 6}})
    train(window, qtbot)
    assert window.file_menu.export_script(str(tmp_path / "train.py"))
    done = subprocess.run([sys.executable, str(tmp_path / "train.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "final" in done.stdout
    assert window.file_menu.export_metrics(str(tmp_path / "metrics.csv"))
    rows = list(csv.DictReader((tmp_path / "metrics.csv").read_text().splitlines()))
    assert len(rows) == 6 and float(rows[-1]["val_loss"]) == pytest.approx(window.session.history.val_loss[-1], rel=1e-6)
    assert window.file_menu.export_plot("loss_view", str(tmp_path / "loss.png"))
    assert window.file_menu.export_plot("boundary_view", str(tmp_path / "boundary.png"))
    from PySide6.QtGui import QImage

    assert not QImage(str(tmp_path / "loss.png")).isNull()
    assert not QImage(str(tmp_path / "boundary.png")).isNull()
    assert window.file_menu.export_plot("boundary_view", str(tmp_path / "boundary.svg"))
    assert (tmp_path / "boundary.svg").read_text().startswith("<?xml")
    assert not window.file_menu.export_plot("loss_view", str(tmp_path / "missing" / "loss.png"))


def test_predict_on_a_csv_writes_the_rows_with_the_window_models_predictions(make_window, qtbot, tmp_path):
    import csv

    table = write_scores(tmp_path / "scores.csv", 80)
    window = make_window({"data": {"csv": str(table)}, "train": {"epochs": 30}})
    prediction = window.file_menu.csv_prediction
    train(window, qtbot)
    written = []
    prediction.finished.connect(written.append)
    assert prediction.start(str(table), str(tmp_path / "predicted.csv"))
    qtbot.waitUntil(lambda: len(written) == 1, timeout=20_000)
    assert written == [str(tmp_path / "predicted.csv")]
    rows = list(csv.reader((tmp_path / "predicted.csv").read_text().splitlines()))
    assert rows[0] == ["age", "weight", "score", "prediction"]
    predicted = np.array([float(row[3]) for row in rows[1:]], dtype=np.float32)
    model = window.session.model
    inputs = model.preprocessing.network_inputs([[float(row[0]), float(row[1])] for row in rows[1:]])
    np.testing.assert_array_equal(predicted, model.predict(inputs)[:, 0])  # the window model's own
    score = np.array([float(row[2]) for row in rows[1:]])
    assert abs(predicted.mean() - score.mean()) < 10  # in the score's units
    assert "Wrote 80 predictions to" in window.statusBar().currentMessage()

    bad = tmp_path / "bad.csv"
    bad.write_text("age,weight\n30,heavy\n")
    assert prediction.start(str(bad), str(tmp_path / "none.csv"))
    qtbot.waitUntil(lambda: len(written) == 2, timeout=20_000)
    assert written[-1] == "" and "line 2, column 'weight': 'heavy' is not a number" in window.views.message_bar.text()
