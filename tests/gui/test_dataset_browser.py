"""The dataset browser: previews that suit the data, class balance, augmentation preview, and
downloading a missing image set with progress and cancel."""

import threading

import numpy as np
import pytest
import torchvision
from PySide6.QtCore import Qt

from nnstudio.core.data.images import DownloadCancelled, is_available
from tests.image_sets import write_idx

IMAGES = {
    "data": {"dataset": "fashion_mnist", "val_fraction": 0.25},
    "model": {"preset": "mlp", "hidden": [8]},
    "train": {"epochs": 1, "augment": ["shift", "rotate"]},
}


def write_fashion(folder, n_train=200, n_test=40):
    """A small 'Fashion-MNIST' in the IDX files torchvision reads: a bright square per image."""
    rng = np.random.default_rng(0)
    raw = folder / "FashionMNIST" / "raw"
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        labels = np.arange(n) % 10
        images = rng.integers(0, 30, (n, 28, 28))
        images[:, 8:20, 8:20] = 255
        write_idx(raw, prefix, images, labels)


@pytest.fixture
def image_window(make_window, tmp_path):
    write_fashion(tmp_path)
    raw = {**IMAGES, "data": {**IMAGES["data"], "data_dir": str(tmp_path)}}
    return make_window(raw)


def test_an_image_set_shows_labelled_images_sizes_and_class_balance(image_window):
    panel = image_window.docks.dataset_panel
    assert panel.preview_stack.currentWidget() is panel.image_grid
    captions = panel.image_grid.captions()
    assert captions[:4] == ["T-shirt/top", "T-shirt/top", "Trouser", "Trouser"]
    assert len(captions) == 20
    assert panel.sizes_label.text() == "train 150 · validation 50 · test 40"
    assert sum(panel.balance_bar.counts) == 150 and len(panel.balance_bar.counts) == 10
    assert "Ankle boot: " in panel.balance_bar.toolTip()
    assert panel.balance_label.text().startswith("Class balance (training): 10 classes")
    assert panel.augment_button.isVisible()
    assert image_window.docks.train_form.editor("augment").isEnabled()


def test_preview_augmentation_shows_each_image_next_to_changed_versions(image_window, qtbot):
    panel = image_window.docks.dataset_panel
    qtbot.mouseClick(panel.augment_button, Qt.MouseButton.LeftButton)
    dialog = panel.augment_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.augment == ["shift", "rotate"]
    pictures = [picture.pixmap().toImage() for picture, _ in dialog.grid.tiles]
    assert len(pictures) == 6 * 6
    original, versions = pictures[0], pictures[1:6]
    assert all(version != original for version in versions)
    assert dialog.grid.captions()[:2] == ["T-shirt/top", "random"]
    before = [picture.pixmap().toImage() for picture, _ in dialog.grid.tiles]
    qtbot.mouseClick(dialog.again_button, Qt.MouseButton.LeftButton)
    after = [picture.pixmap().toImage() for picture, _ in dialog.grid.tiles]
    assert after[0] == before[0] and after[1:6] != before[1:6]
    dialog.close()


def test_a_csv_file_shows_its_first_rows_in_a_table(make_window, tmp_path):
    path = tmp_path / "flowers.csv"
    rows = [f"{i * 0.1:.1f},{i % 7},{['setosa', 'virginica'][i % 2]}" for i in range(80)]
    path.write_text("petal,sepal,species\n" + "\n".join(rows) + "\n")
    window = make_window({"data": {"dataset": "csv", "csv": str(path), "target": "species"}})
    panel = window.docks.dataset_panel
    assert panel.preview_stack.currentWidget() is panel.table
    assert [panel.table.horizontalHeaderItem(c).text() for c in range(3)] == [
        "species (target)", "petal", "sepal"]  # the target first: in view in a narrow dock
    assert panel.table.rowCount() == 50
    assert panel.table.item(1, 0).text() == "virginica" and panel.table.item(1, 1).text() == "0.1"
    assert panel.table.verticalHeaderItem(0).text() == "2"  # the file's line number
    assert len(panel.balance_bar.counts) == 2
    assert not panel.augment_button.isVisible()
    assert not window.docks.train_form.editor("augment").isEnabled()


def test_a_2d_set_shows_its_points_and_class_balance(make_window):
    window = make_window({"data": {"dataset": "blobs", "n_classes": 4, "n_samples": 200}})
    panel = window.docks.dataset_panel
    assert panel.preview_stack.currentWidget() is panel.preview
    assert panel.preview_stack.isVisible()
    assert len(panel._train_points.data) == 120
    assert len(panel.balance_bar.counts) == 4 and sum(panel.balance_bar.counts) == 120


def choose(panel, name):
    for row in range(panel.list.count()):
        if panel.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
            panel.list.setCurrentRow(row)
            return
    raise KeyError(name)


def test_choosing_a_missing_image_set_can_be_cancelled_mid_download(make_window, qtbot,
                                                                    monkeypatch):
    pressed = threading.Event()  # Cancel was clicked

    def slow_download(name, data_dir, progress, cancelled):
        """A download that has begun and sends chunks until Cancel is pressed, then one more."""
        from nnstudio.core.data.images import DownloadProgress

        for chunk in range(1, 6001):  # a chunk every 10 ms until Cancel is pressed, 60 s at most
            progress(DownloadProgress("train-images-idx3-ubyte.gz", min(chunk, 999) * 1000, 10**6, 1, 4))
            if pressed.wait(timeout=0.01):
                break
        assert pressed.is_set(), "Cancel was never pressed"
        progress(DownloadProgress("train-images-idx3-ubyte.gz", 10**6 - 1, 10**6, 1, 4))
        if cancelled():
            raise DownloadCancelled("cancelled")
        raise AssertionError("the download went on after Cancel")

    monkeypatch.setattr("nnstudio.gui.download_dialog.download_images", slow_download)
    window = make_window({"data": {"dataset": "moons"}})
    panel = window.docks.dataset_panel
    choose(panel, "kmnist")
    dialog = panel.download_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=5000)
    assert "File 1 of 4: train-images-idx3-ubyte.gz" in dialog.status_label.text()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    pressed.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert not dialog.running
    assert panel.config().dataset == "moons"
    assert panel.list.currentItem().data(Qt.ItemDataRole.UserRole) == "moons"


def test_without_a_network_the_download_says_so_and_nothing_changes(make_window, qtbot,
                                                                    monkeypatch):
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", ["http://127.0.0.1:1/"])
    window = make_window({"data": {"dataset": "moons"}})
    panel = window.docks.dataset_panel
    choose(panel, "mnist")
    dialog = panel.download_dialog
    qtbot.waitUntil(lambda: bool(dialog.error), timeout=10_000)
    assert "could not be downloaded; check the network connection" in dialog.status_label.text()
    assert dialog.cancel_button.text() == "Close"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert panel.config().dataset == "moons" and not is_available("mnist")


def test_the_form_greys_out_exactly_the_settings_a_dataset_does_not_use(qtbot, monkeypatch):
    """What applies to a dataset is declared once, in its registry entry; the form follows it."""
    from nnstudio.core.registries import DATASETS
    from nnstudio.gui.dataset_panel import DatasetPanel

    panel = DatasetPanel()
    qtbot.addWidget(panel)
    # Image sets: no download here; chosen as if it had finished.
    monkeypatch.setattr(panel, "download",
                        lambda name: panel.set_config(panel.config().model_copy(update={"dataset": name})))
    for name, entry in DATASETS.items():
        if name == "csv":
            continue  # chosen through the import dialog
        panel.select_dataset(name)
        for field in ("n_classes", "n_samples", "noise", "subset", "test_fraction"):
            assert panel.form.editor(field).isEnabled() == (field in entry.settings), (name, field)
