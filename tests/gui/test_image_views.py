"""Image views: a student pages through samples, trains, then looks at the mistakes and at which
classes the model confuses."""

import gzip
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnstudio.gui.views.confusion_view import ConfusionView, confusion_matrix
from nnstudio.gui.views.sample_browser import PAGE_SIZE, SampleBrowser

FASHION = Path("/usr/share/datasets/fashion-mnist")
NAMES = ["cat", "dog", "bird"]

# --- confusion_matrix ----------------------------------------------------------------------


def test_confusion_matrix_counts_each_true_predicted_pair():
    labels = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
    predicted = np.array([0, 0, 1, 1, 2, 2, 2, 0, 2])
    expected = np.array([
        [2, 1, 0],
        [0, 1, 1],
        [1, 0, 3],
    ])
    matrix = confusion_matrix(labels, predicted, 3)
    np.testing.assert_array_equal(matrix, expected)
    assert matrix.sum() == len(labels)


def test_confusion_matrix_keeps_classes_nobody_predicted():
    np.testing.assert_array_equal(confusion_matrix(np.array([0, 0]), np.array([0, 0]), 3),
                                  [[2, 0, 0], [0, 0, 0], [0, 0, 0]])


def test_confusion_matrix_refuses_labels_outside_the_classes():
    with pytest.raises(ValueError, match="predicted"):
        confusion_matrix(np.array([0, 1]), np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="length"):
        confusion_matrix(np.array([0, 1]), np.array([0]), 3)


# --- confusion view ------------------------------------------------------------------------

MATRIX = np.array([
    [8, 2, 0],
    [1, 6, 3],
    [0, 0, 5],
])


@pytest.fixture
def confusion_view(qtbot):
    view = ConfusionView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    return view


def test_confusion_view_shows_counts_recall_and_accuracy(confusion_view):
    confusion_view.set_matrix(MATRIX, NAMES)
    table = confusion_view.table
    assert (table.rowCount(), table.columnCount()) == (3, 4)  # three classes and a recall column
    counts = [[int(table.item(row, column).text()) for column in range(3)] for row in range(3)]
    np.testing.assert_array_equal(counts, MATRIX)
    assert [table.item(row, 3).text() for row in range(3)] == ["80%", "60%", "100%"]
    assert [table.verticalHeaderItem(row).text() for row in range(3)] == NAMES
    assert "76.0%" in confusion_view.title_label.text()  # 19 of 25 right
    assert "19 of 25" in confusion_view.title_label.text()


def test_confusion_view_breaks_long_class_names_over_lines(confusion_view):
    confusion_view.set_matrix(np.eye(2, dtype=int), ["T-shirt/top", "Ankle boot"])
    headers = [confusion_view.table.horizontalHeaderItem(column).text() for column in range(2)]
    assert headers == ["T-shirt/\ntop", "Ankle\nboot"]
    assert confusion_view.table.verticalHeaderItem(1).text() == "Ankle boot"


FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
           "Ankle boot"]


def _fits(table, row_or_column_text, width, font):
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(font)
    return max(metrics.horizontalAdvance(line) for line in row_or_column_text.split("\n")) <= width


@pytest.mark.parametrize("width", [420, 560, 720])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_ten_class_matrix_is_readable_in_a_narrow_view_in_either_language(qtbot, width, language):
    """The view's width at 1280×720 and less: every count and recall whole, every class name
    whole or abbreviated with a "." (never cut at both ends as "-shir top"), its full name in
    the tooltip."""
    from nnstudio.gui import i18n

    try:
        i18n.install_language(language)
        view = ConfusionView()
        qtbot.addWidget(view)
        view.resize(width, 420)
        view.show()
        matrix = np.full((10, 10), 7) + np.diag(np.full(10, 993))  # 1,000-sample rows
        view.set_matrix(matrix, FASHION_CLASSES)
        qtbot.waitExposed(view)
        table = view.table
        assert table.font().pointSizeF() >= 7
        for row in range(10):
            for column in range(11):
                item = table.item(row, column)
                font = item.font() if column == 10 else table.font()
                assert _fits(table, item.text(), table.columnWidth(column) - 2, font), (item.text(), width)
        names = FASHION_CLASSES + [view.tr("recall")]
        for column, name in enumerate(names):
            text = table.horizontalHeaderItem(column).text()
            assert _fits(table, text, table.horizontalHeader().sectionSize(column), table.font()), text
            flat = text.replace("/\n", "/").replace("\n", " ")
            assert flat == name or (name.startswith(flat.rstrip(".")) and len(flat.rstrip(".")) < len(name)), (flat, name)
        for row, name in enumerate(FASHION_CLASSES):
            text = table.verticalHeaderItem(row).text()
            assert text == name or (text.endswith(".") and name.startswith(text[:-1])), (text, name)
            assert name in table.verticalHeaderItem(row).toolTip()
    finally:
        i18n.install_language(i18n.ENGLISH)


def test_clicking_a_cell_reports_its_true_and_predicted_class(confusion_view, qtbot):
    confusion_view.set_matrix(MATRIX, NAMES)
    table = confusion_view.table
    centre = table.visualItemRect(table.item(1, 2)).center()
    with qtbot.waitSignal(confusion_view.cellClicked) as clicked:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert clicked.args == [1, 2]


def test_clicking_the_recall_column_reports_nothing(confusion_view, qtbot):
    confusion_view.set_matrix(MATRIX, NAMES)
    table = confusion_view.table
    with qtbot.assertNotEmitted(confusion_view.cellClicked):
        table.cellClicked.emit(0, 3)


def test_clearing_the_confusion_view_empties_the_table(confusion_view):
    confusion_view.set_matrix(MATRIX, NAMES)
    confusion_view.clear()
    assert confusion_view.table.rowCount() == 0
    assert confusion_view.matrix() is None
    assert "train" in confusion_view.title_label.text()


def test_confusion_view_refuses_a_matrix_that_is_not_square(confusion_view):
    with pytest.raises(ValueError, match="square"):
        confusion_view.set_matrix(np.zeros((2, 3), dtype=int), NAMES)


# --- sample browser ------------------------------------------------------------------------


def _samples(n=120, channels=1, size=28, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (n, channels, size, size), dtype=np.uint8)
    labels = np.arange(n) % 3
    return images, labels


@pytest.fixture
def browser(qtbot):
    view = SampleBrowser()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    images, labels = _samples()
    view.set_samples(images, labels, NAMES)
    return view


def _shown_tiles(view):
    return [tile for tile in view.tiles if not tile.isHidden()]


def test_image_views_have_stable_object_and_accessible_names(browser, confusion_view):
    assert confusion_view.objectName() == "confusionView"
    assert confusion_view.accessibleName()
    assert browser.objectName() == "sampleBrowser"
    assert browser.accessibleName()
    for widget in (browser.class_filter, browser.misclassified_check, browser.prev_button, browser.next_button):
        assert widget.accessibleName()
    names = {widget.objectName() for widget in (browser.class_filter, browser.misclassified_check,
                                                browser.prev_button, browser.next_button)}
    assert names == {"sampleClassFilter", "misclassifiedOnly", "samplePrev", "sampleNext"}


def test_before_training_the_browser_lists_every_sample_with_its_true_label(browser):
    np.testing.assert_array_equal(browser.visible_indices(), np.arange(120))
    tiles = _shown_tiles(browser)
    assert len(tiles) == PAGE_SIZE
    assert [tile.true_label.text() for tile in tiles[:4]] == ["cat", "dog", "bird", "cat"]
    assert all(tile.prediction_label.text() == "" for tile in tiles)
    assert browser.count_label.text() == "120 of 120"
    check = browser.misclassified_check
    assert not check.isEnabled()
    assert check.toolTip() == "train the model first"


def test_class_filter_lists_one_class(browser, qtbot):
    browser.set_filter(class_index=1)
    np.testing.assert_array_equal(browser.visible_indices(), np.arange(1, 120, 3))
    assert {tile.true_label.text() for tile in _shown_tiles(browser)} == {"dog"}
    assert browser.class_filter.currentText() == "dog"
    assert browser.count_label.text() == "40 of 120"
    # the same through the combo box, as a user picks it
    browser.class_filter.setCurrentIndex(3)
    browser.class_filter.activated.emit(3)
    np.testing.assert_array_equal(browser.visible_indices(), np.arange(2, 120, 3))


def test_combo_lists_all_classes_then_each_name(browser):
    items = [browser.class_filter.itemText(i) for i in range(browser.class_filter.count())]
    assert items == ["All classes", *NAMES]


def _predict(browser, wrong):
    labels = np.arange(120) % 3
    predicted = labels.copy()
    predicted[wrong] = (labels[wrong] + 1) % 3
    confidence = np.full(120, 0.87)
    browser.set_predictions(predicted, confidence)
    return predicted


def test_tiles_show_the_prediction_marked_right_or_wrong_after_training(browser):
    _predict(browser, wrong=[1])
    first, second = _shown_tiles(browser)[:2]
    assert first.prediction_label.text() == "✓ pred: cat 87%"
    assert second.prediction_label.text() == "✗ pred: bird 87%"
    assert "wrong" in second.accessibleName()
    assert browser.misclassified_check.isEnabled()


def test_misclassified_only_lists_the_mistakes(browser, qtbot):
    wrong = [5, 17, 64, 100]
    _predict(browser, wrong)
    qtbot.mouseClick(browser.misclassified_check, Qt.MouseButton.LeftButton)
    assert browser.misclassified_check.isChecked()
    np.testing.assert_array_equal(browser.visible_indices(), wrong)
    assert len(_shown_tiles(browser)) == 4
    assert all(tile.prediction_label.text().startswith("✗") for tile in _shown_tiles(browser))


def test_a_confusion_cell_lists_exactly_its_true_predicted_pair(browser):
    predicted = _predict(browser, wrong=[3, 6, 9, 4])  # three cats taken for dogs, one dog for a bird
    browser.set_filter(true_class=0, predicted_class=1)
    np.testing.assert_array_equal(browser.visible_indices(), [3, 6, 9])
    labels = np.arange(120) % 3
    expected = np.flatnonzero((labels == 2) & (predicted == 2))
    browser.set_filter(true_class=2, predicted_class=2)
    np.testing.assert_array_equal(browser.visible_indices(), expected)
    assert browser.pair_label.isVisibleTo(browser)
    browser.pair_clear_button.click()
    assert len(browser.visible_indices()) == 120
    assert not browser.pair_label.isVisibleTo(browser)


def test_a_confusion_cell_and_the_confusion_matrix_agree(browser, qtbot):
    predicted = _predict(browser, wrong=list(range(0, 120, 7)))
    matrix = confusion_matrix(np.arange(120) % 3, predicted, 3)
    for true in range(3):
        for guess in range(3):
            browser.set_filter(true_class=true, predicted_class=guess)
            assert len(browser.visible_indices()) == matrix[true, guess]


def test_paging_moves_through_the_list(browser, qtbot):
    assert not browser.prev_button.isEnabled()
    qtbot.mouseClick(browser.next_button, Qt.MouseButton.LeftButton)
    assert browser.page == 1
    assert browser.page_label.text() == "page 2 of 3"
    assert _shown_tiles(browser)[0].true_label.text() == NAMES[PAGE_SIZE % 3]
    qtbot.mouseClick(browser.next_button, Qt.MouseButton.LeftButton)
    assert len(_shown_tiles(browser)) == 120 - 2 * PAGE_SIZE
    assert not browser.next_button.isEnabled()
    qtbot.mouseClick(browser.prev_button, Qt.MouseButton.LeftButton)
    assert browser.page == 1
    browser.set_filter(class_index=0)  # a new filter starts at its first page
    assert browser.page == 0


def test_new_predictions_keep_the_page_a_student_is_on(browser):
    browser.set_page(2)
    _predict(browser, wrong=[0])
    assert browser.page == 2


def test_an_empty_filter_says_so(browser):
    _predict(browser, wrong=[])
    browser.set_filter(misclassified_only=True)
    assert len(browser.visible_indices()) == 0
    assert _shown_tiles(browser) == []
    assert browser.empty_label.isVisibleTo(browser)
    assert browser.page_label.text() == "page 1 of 1"


def test_colour_images_get_thumbnails_too(qtbot):
    view = SampleBrowser()
    qtbot.addWidget(view)
    images, labels = _samples(n=5, channels=3, size=32)
    view.set_samples(images, labels, NAMES)
    pixmap = view.tiles[0].image_label.pixmap()
    assert (pixmap.width(), pixmap.height()) == (64, 64)  # 32 px, twice, nearest neighbour
    colour = pixmap.toImage().pixelColor(0, 0)
    assert (colour.red(), colour.green(), colour.blue()) == tuple(images[0, :, 0, 0])


def test_predictions_of_the_wrong_length_are_refused(browser):
    with pytest.raises(ValueError, match="predictions"):
        browser.set_predictions(np.zeros(3, dtype=int), None)


def _read_idx(path, header):
    with gzip.open(path) as packed:
        return np.frombuffer(packed.read(), dtype=np.uint8, offset=header)


@pytest.mark.skipif(not (FASHION / "t10k-images-idx3-ubyte.gz").is_file(),
                    reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")
def test_real_fashion_mnist_images_show_with_their_class_names(qtbot):
    from nnstudio.core.data.images import IMAGE_SETS

    images = _read_idx(FASHION / "t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)[:100]
    labels = _read_idx(FASHION / "t10k-labels-idx1-ubyte.gz", 8)[:100].astype(int)
    names = list(IMAGE_SETS["fashion_mnist"].classes)
    view = SampleBrowser()
    qtbot.addWidget(view)
    view.set_samples(images, labels, names)
    assert view.tiles[0].true_label.text() == "Ankle boot"  # the test set's first image
    pixmap = view.tiles[0].image_label.pixmap()
    grey = pixmap.toImage().pixelColor(2 * 14, 2 * 20).red()
    assert grey == images[0, 0, 20, 14]  # upscaled, not smoothed: pixel (row 20, column 14) as it was
    view.set_predictions(labels, np.ones(100))
    view.set_filter(class_index=names.index("Coat"))
    assert {tile.prediction_label.text() for tile in _shown_tiles(view)} == {"✓ pred: Coat 100%"}
