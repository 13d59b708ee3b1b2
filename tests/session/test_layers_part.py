"""The training session computes inside an image model only while the layers view is shown, for
the image and class the view asks for, from the latest weights."""

import queue
import threading

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.train import TrainControl
from nnstudio.session.protocol import LayerOutputs, Show, StepEnded, Update
from nnstudio.session.training import TrainingSession
from tests.image_sets import noise_mnist


@pytest.fixture
def images_config(tmp_path):
    data_dir = noise_mnist(tmp_path, n_train=200, n_test=40)
    return parse_config({"data": {"dataset": "mnist", "data_dir": data_dir, "val_fraction": 0.25},
                         "model": {"preset": "cnn", "hidden": [8]},
                         "train": {"epochs": 3, "batch_size": 50, "lr": 0.05}})


def pictures(reports):
    return [report.part(LayerOutputs).picture for report in reports
            if isinstance(report, Update) and report.part(LayerOutputs) is not None]


def test_layer_outputs_come_only_while_the_view_is_shown_for_the_image_and_class_asked(images_config):
    reports = []
    session = TrainingSession(TrainControl(), reports.append)
    session.prepare(images_config)
    assert not pictures(reports)  # the layers view is not shown
    session.show(Show(frozenset({"layers"})))
    session.refresh()
    first = pictures(reports)[-1]
    assert first.index == 0 and first.target == first.predicted
    assert [layer.kind for layer in first.layers] == ["conv", "pool", "conv", "pool", "dense", "output"]
    session.inspect(7, 3)
    session.refresh()
    picked = pictures(reports)[-1]
    assert (picked.index, picked.target) == (7, 3)
    val = session.trainer.dataset.val
    np.testing.assert_array_equal(picked.image, val.x[7].numpy())
    assert picked.label == int(val.y[7])
    before = picked.layers[0].maps.copy()
    session.run(images_config)  # trained: the maps are the new weights'
    after = pictures(reports)[-1]
    assert after.epoch == 3 and after.index == 7
    assert not np.array_equal(after.layers[0].maps, before)


def test_a_paused_run_shows_another_image_or_class_at_once_from_its_weights(images_config):
    reports: queue.SimpleQueue = queue.SimpleQueue()
    control = TrainControl()
    session = TrainingSession(control, reports.put)
    session.prepare(images_config)
    session.show(Show(frozenset({"layers"})))

    def next_report(wanted):
        while True:
            report = reports.get(timeout=60)
            if wanted(report):
                return report

    control.request_step()  # one epoch, then the run waits, paused
    run = threading.Thread(target=session.run, args=(images_config,))
    run.start()
    try:
        next_report(lambda report: isinstance(report, StepEnded))
        trained = {name: value.clone() for name, value in session.trainer.model.state_dict().items()}
        session.inspect(7, 3)
        picture = next_report(lambda report: isinstance(report, Update) and report.part(LayerOutputs)).part(
            LayerOutputs).picture
        assert (picture.index, picture.target, picture.epoch) == (7, 3, 1)
        assert run.is_alive() and control.paused and session.trainer.epoch == 1
        session.inspect(7, 5)  # another class for the saliency, still paused
        again = next_report(lambda report: isinstance(report, Update) and report.part(LayerOutputs)).part(
            LayerOutputs).picture
        assert (again.index, again.target, again.epoch) == (7, 5, 1)
        np.testing.assert_array_equal(again.layers[0].maps, picture.layers[0].maps)  # the same weights
        assert all(torch.equal(value, trained[name]) for name, value in session.trainer.model.state_dict().items())
    finally:
        control.request_stop()
        run.join(timeout=60)
    assert not run.is_alive()


def test_a_view_opened_while_a_run_is_paused_gets_its_part_at_once(images_config):
    reports: queue.SimpleQueue = queue.SimpleQueue()
    control = TrainControl()
    session = TrainingSession(control, reports.put)
    session.prepare(images_config)
    control.request_step()
    run = threading.Thread(target=session.run, args=(images_config,))
    run.start()
    try:
        while not isinstance(reports.get(timeout=60), StepEnded):
            pass
        session.show(Show(frozenset({"layers"})))  # the layers dock opened during the pause
        while not isinstance(report := reports.get(timeout=60), Update) or not report.part(LayerOutputs):
            pass
        assert report.part(LayerOutputs).picture.epoch == 1 and run.is_alive() and control.paused
    finally:
        control.request_stop()
        run.join(timeout=60)
