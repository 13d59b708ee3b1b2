"""A drawing becomes the 28×28 image a model sees, framed as its training images were."""

import numpy as np

from nnstudio.core.data.drawing import SIZE, area_resize, framing_for, to_model_input


def centre_of_mass(image):
    image = image.astype(float)
    rows, columns = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (columns * image).sum() / image.sum()


def test_an_empty_drawing_gives_no_image():
    assert to_model_input(np.zeros((280, 280))) is None


def test_a_digit_is_scaled_into_20_by_20_and_centred_by_mass_as_mnist():
    drawing = np.zeros((280, 280))
    drawing[10:130, 200:260] = 1.0  # a tall block in the top right corner, 120×60
    image = to_model_input(drawing, framing_for("mnist"))
    assert image.shape == (SIZE, SIZE) and image.dtype == np.uint8
    rows = np.flatnonzero(image.any(axis=1))
    columns = np.flatnonzero(image.any(axis=0))
    assert len(rows) == 20 and len(columns) == 10  # the longer side fills 20, aspect kept
    row, column = centre_of_mass(image)
    assert abs(row - 13.5) <= 0.5 and abs(column - 13.5) <= 0.5
    assert image.max() == 255


def test_the_centre_of_mass_not_the_box_is_centred():
    drawing = np.zeros((100, 100))
    drawing[20:80, 20:30] = 1.0  # a heavy bar on the left...
    drawing[20:23, 30:60] = 1.0  # ...and a thin line to the right
    image = to_model_input(drawing, framing_for("kmnist"))
    row, column = centre_of_mass(image)
    assert abs(column - 13.5) <= 0.5
    columns = np.flatnonzero(image.any(axis=0))
    assert (columns[0] + columns[-1]) / 2 > 14  # the box sits right of centre


def test_fashion_items_fill_the_28_pixels_and_come_back_unchanged():
    rng = np.random.default_rng(0)
    item = np.zeros((SIZE, SIZE), np.uint8)
    item[:, 6:22] = rng.integers(40, 255, size=(SIZE, 16))  # 28 tall, 16 wide, centred
    drawn = np.kron(item, np.ones((10, 10), np.uint8))  # as big as on the canvas
    assert np.array_equal(to_model_input(drawn, framing_for("fashion_mnist")), item)


def test_area_resize_keeps_the_mean_ink():
    rng = np.random.default_rng(1)
    image = rng.random((97, 53))
    small = area_resize(image, 20, 11)
    assert small.shape == (20, 11)
    assert abs(small.mean() - image.mean()) < 1e-9
    assert np.allclose(area_resize(np.kron(small, np.ones((3, 3))), 20, 11), small)
