"""Every lesson's "what to look for" holds on three training seeds: each claim's checks (the
``[[checks]]`` of its file) measured on the runs they name. Slow: it trains every lesson and
variant three times (the image lessons on Fashion-MNIST; see a lesson's ``[checked_with]`` for
the few settings it reduces)."""

from pathlib import Path

import pytest

from nnstudio.core.lesson_evaluator import RunCache, evaluate_lesson
from nnstudio.core.lessons import Lesson, all_lessons

SEEDS = (0, 1, 2)
IMAGE_SETS = ("mnist", "fashion_mnist", "kmnist", "cifar10")
FASHION_MNIST_HERE = Path("/usr/share/datasets/fashion-mnist").is_dir()
# One cache per seed for the whole module: lessons with the same settings (the polynomial fits of
# lessons 8, 9, 20 and 21; the MLP of lessons 16 and 17) train them once.
CACHES = {seed: RunCache() for seed in SEEDS}


def _cases():
    for lesson in all_lessons():
        images = lesson.config.data.dataset in IMAGE_SETS
        marks = [pytest.mark.skipif(
            images and not FASHION_MNIST_HERE,
            reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist",
        )]
        for seed in SEEDS:
            yield pytest.param(lesson, seed, id=f"{lesson.file_stem}-seed{seed}", marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize(("lesson", "seed"), list(_cases()))
def test_every_claim_of_the_lesson_holds(lesson: Lesson, seed: int):
    outcomes = evaluate_lesson(lesson, seed, CACHES[seed])
    assert outcomes, f"{lesson.file_stem} has no checks"
    failed = [outcome.describe() for outcome in outcomes if not outcome.passed]
    assert not failed, "\n".join(failed)
