"""Lesson checks: a lesson's claims as measurements, refused when they do not fit the lesson, and
evaluated on the runs they name. (The slow test_lesson_claims.py runs every shipped lesson.)"""

import pytest

from nnstudio.core.errors import ConfigError
from nnstudio.core.lesson_checks import METRICS
from nnstudio.core.lesson_evaluator import RunCache, claim_count, evaluate_lesson
from nnstudio.core.lesson_metrics import implemented
from nnstudio.core.lessons import all_lessons, load_lesson, load_lesson_file, loads_lesson

LESSON = '''number = 3
slug = "learning-rate"
views = ["loss"]
key_setting = "train.lr"
[title]
en = "A title"
zh = "标题"
[text]
en = "Some words."
zh = "一些话。"
[look_for]
en = ["one", "two"]
zh = ["一", "二"]
[config.data]
dataset = "linear"
n_samples = 100
noise = 0.2
[config.model]
preset = "linear"
[config.train]
optimizer = "sgd"
lr = 0.2
batch_size = "full"
epochs = 40
[[variants]]
label = { en = "small" }
overrides = { train = { lr = 0.01 } }
[[variants]]
label = { en = "diverging" }
overrides = { train = { lr = 4.0 } }
'''

GOOD_CHECKS = '''
[[checks]]
claim = 1
variant = 1
metric = "final"
of = "train_loss"
at_least = { overrides = {}, times = 5 }

[[checks]]
claim = 2
variant = 2
metric = "stop_kind"
equals = "diverged"
'''


def test_every_claim_of_every_shipped_lesson_has_a_check():
    lessons = all_lessons()
    backed, total = claim_count(lessons)
    assert backed == total
    assert total > 80 and sum(len(lesson.checks) for lesson in lessons) > 2 * total


def test_every_declared_metric_is_computed():
    assert implemented() == set(METRICS)


def test_checks_are_measured_on_the_runs_they_name_and_hold_to_their_limits():
    lesson = loads_lesson(LESSON + GOOD_CHECKS, "t.toml")
    cache = RunCache()
    slow, diverged = evaluate_lesson(lesson, seed=0, cache=cache)
    assert slow.passed and diverged.passed and diverged.value == "diverged"
    ((bound, limit, origin),) = slow.limits
    assert bound == "at_least" and 0 < limit < slow.value  # lr 0.01 lags 5 × behind lr 0.2
    assert origin.startswith(" (= 5 × the same on own settings, ")
    assert len(cache) == 3  # variants 1 and 2, and the lesson's own settings
    # the same check on another seed, stricter than the truth, fails and says why
    strict = lesson.model_copy(update={"checks": [lesson.checks[0].model_copy(
        update={"at_least": None, "at_most": 0.01})]})
    (outcome,) = evaluate_lesson(strict, seed=1)
    assert not outcome.passed
    assert outcome.describe().startswith("03-learning-rate check 0 (claim 1, variant 1, seed 1): "
                                         "final(of=train_loss) = ")
    assert outcome.describe().endswith("at_most 0.01: FAILS")


def test_a_claim_that_is_false_on_a_seed_is_caught():
    """Lesson 3 once said lr 1.5 makes the loss grow every epoch; at seed 0 it first fell."""
    lesson = load_lesson("learning-rate")
    grows = next(check for check in lesson.checks if check.metric == "rising_share")
    assert grows.variants() == [4]
    old = lesson.model_copy(update={"checks": [grows], "variants": [
        *lesson.variants[:3],
        lesson.variants[3].model_copy(update={"overrides": {"train": {"lr": 1.5}}}),
    ]})
    (outcome,) = evaluate_lesson(old, seed=0)
    assert not outcome.passed and outcome.value < 1
    (outcome,) = evaluate_lesson(lesson.model_copy(update={"checks": [grows]}), seed=0)
    assert outcome.passed


BAD_CHECKS = {
    "unknown metric": ('metric = "speed"\nat_most = 1', "checks.0.metric: must be one of"),
    "no metric": ("at_most = 1", "checks.0: metric: choose one of final, at_epoch"),
    "missing parameter": ('metric = "final"\nat_most = 1', "of: final needs it"),
    "parameter not taken": ('metric = "epochs_run"\nof = "val_loss"\nat_most = 1',
                            "of: epochs_run takes no parameters"),
    "bad column": ('metric = "final"\nof = "speed"\nat_most = 1',
                   "of: final measures one of train_loss, val_loss"),
    "no limit": ('metric = "epochs_run"', "give at least one limit"),
    "word with a number limit": ('metric = "stop_kind"\nat_most = 1',
                                 "compare it with equals only"),
    "number compared with a word": ('metric = "epochs_run"\nequals = "many"', "gives a number"),
    "two windows": ('metric = "min"\nof = "val_loss"\nepochs = [1, 5]\nlast = 3\nat_most = 1',
                    "last: give a window as epochs or as last, not both"),
    "claim out of range": ('claim = 3\nmetric = "epochs_run"\nat_most = 1',
                           "checks.0.claim: look_for has 2 items (1 to 2), got 3"),
    "variant out of range": ('variant = 3\nmetric = "epochs_run"\nat_most = 1',
                             "checks.0.variant: the lesson has 2 variants (1 to 2), got 3"),
    "variant from zero": ('variant = 0\nmetric = "epochs_run"\nat_most = 1',
                          "checks.0.variant: variants are counted from 1, got 0"),
    "bad override": ('overrides = { train = { lr = -1 } }\nmetric = "epochs_run"\nat_most = 1',
                     "checks.0.overrides: train.lr: must be > 0, got -1"),
    "reference to no variant": ('metric = "epochs_run"\nat_most = { variant = 5 }',
                                "checks.0.at_most.variant: the lesson has 2 variants"),
    "reference parameter not taken": ('metric = "epochs_run"\nat_most = { of = "lr" }',
                                      "checks.0.at_most.of: epochs_run takes no parameters"),
    "reference to a word": ('metric = "epochs_run"\nat_most = { metric = "stop_kind" }',
                            "checks.0.at_most.metric: stop_kind gives a word"),
    "unknown key": ('metric = "epochs_run"\nat_most = 1\nspeed = 3',
                    "checks.0.speed: unknown setting"),
}


@pytest.mark.parametrize(("body", "message"), BAD_CHECKS.values(), ids=BAD_CHECKS.keys())
def test_a_bad_check_is_refused_naming_the_lesson_and_the_field(tmp_path, body, message):
    path = tmp_path / "03-learning-rate.toml"
    claim = "" if body.startswith("claim") else "claim = 1\n"
    path.write_text(LESSON + f"[[checks]]\n{claim}{body}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_lesson_file(path)
    assert str(error.value).startswith(f"{path}: checks.0")
    assert message in str(error.value)


def test_every_language_lists_the_same_claims_and_a_reduction_says_why(tmp_path):
    path = tmp_path / "03-learning-rate.toml"
    path.write_text(LESSON.replace('zh = ["一", "二"]', 'zh = ["一"]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="look_for: every language needs the same items, in the "
                                          "same order; got en 2, zh 1"):
        load_lesson_file(path)
    reduced = '[checked_with]\nwhy = "{why}"\noverrides = {{ train = {{ epochs = {epochs} }} }}\n'
    path.write_text(LESSON + reduced.format(why="fewer epochs", epochs=10), encoding="utf-8")
    with pytest.raises(ConfigError, match="checked_with.why: .*at least 20 characters"):
        load_lesson_file(path)
    path.write_text(LESSON + reduced.format(why="the line settles within ten epochs", epochs=0),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="checked_with.overrides: train.epochs: must be >= 1"):
        load_lesson_file(path)
    path.write_text(LESSON + reduced.format(why="the line settles within ten epochs", epochs=10),
                    encoding="utf-8")
    lesson = load_lesson_file(path)
    assert lesson.check_config(1, reduced=True).train.epochs == 10
    assert lesson.check_config(1).train.epochs == 40
    assert lesson.check_config(2, {"data": {"noise": 0.5}}, seed=7).train.seed == 7
