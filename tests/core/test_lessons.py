"""Lessons: one file per row of LESSONS.md, each loads, trains headless and says what it claims."""

import math
from pathlib import Path

import pytest
import torch

from nnstudio.core.config import RunConfig, updated
from nnstudio.core.errors import ConfigError
from nnstudio.core.lessons import (
    VIEWS,
    Lesson,
    all_lessons,
    lesson_ids,
    load_lesson,
    load_lesson_file,
    loads_lesson,
)
from nnstudio.core.train import Trainer

LESSONS = all_lessons()
FASHION_MNIST_HERE = Path("/usr/share/datasets/fashion-mnist").is_dir()
IMAGE_SETS = ("mnist", "fashion_mnist", "kmnist", "cifar10")


def quick(config: RunConfig, epochs: int = 1) -> RunConfig:
    """The config trained for ``epochs`` on the CPU; image sets cut to a few hundred images."""
    config = updated(config, "train", epochs=epochs, device="cpu")
    if config.data.dataset in IMAGE_SETS:
        config = updated(config, "data", subset=300)
    return config


def run(config: RunConfig):
    trainer = Trainer(updated(config, "train", device="cpu"))
    return trainer, trainer.fit()


# --- the set of lessons ---
def test_lesson_numbers_are_exactly_the_rows_of_lessons_md():
    assert [lesson.number for lesson in LESSONS] == list(range(1, 28))
    slugs = [lesson.slug for lesson in LESSONS]
    assert len(set(slugs)) == 27
    assert lesson_ids() == slugs


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.file_stem)
def test_every_lesson_speaks_english_and_chinese(lesson: Lesson):
    for language in ("en", "zh"):
        assert lesson.title_in(language).strip()
        assert len(lesson.text_in(language)) > 150
        assert 2 <= len(lesson.look_for_in(language)) <= 4
        assert all(item.strip() for item in lesson.look_for_in(language))
        for variant in lesson.variants:
            assert variant.label[language].strip()
    # the Chinese text really is Chinese, not a copy of the English one
    assert any("\u4e00" <= character <= "\u9fff" for character in lesson.text_in("zh"))
    assert lesson.look_for["en"] != lesson.look_for["zh"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.file_stem)
def test_key_setting_and_views_exist(lesson: Lesson):
    section, name = lesson.key_setting.split(".")
    assert hasattr(getattr(lesson.config, section), name)
    assert lesson.views and set(lesson.views) <= set(VIEWS)


def _lesson_runs():
    for lesson in LESSONS:
        image = lesson.config.data.dataset in IMAGE_SETS
        marks = [pytest.mark.skipif(image and not FASHION_MNIST_HERE,
                                    reason="Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist")]
        for index in [None] + list(range(len(lesson.variants))):
            name = lesson.file_stem + ("" if index is None else f"-variant{index + 1}")
            yield pytest.param(lesson, index, id=name, marks=marks)


@pytest.mark.parametrize(("lesson", "index"), list(_lesson_runs()))
def test_every_lesson_and_variant_trains_one_epoch_headless(lesson: Lesson, index):
    trainer = Trainer(quick(lesson.config_for(index)))
    result = trainer.fit()
    assert result.epochs_run == 1 and not result.diverged
    assert math.isfinite(result.final.train_loss)


# --- the API ---
def test_load_lesson_takes_a_number_a_slug_or_a_file_stem():
    by_number = load_lesson(3)
    assert by_number.slug == "learning-rate"
    for key in ("3", "03", "learning-rate", "03-learning-rate", " Learning-Rate "):
        assert load_lesson(key) == by_number
    with pytest.raises(ConfigError, match="unknown lesson 'nope'"):
        load_lesson("nope")
    with pytest.raises(ConfigError, match="unknown lesson 99"):
        load_lesson(99)


def test_texts_fall_back_to_english_and_to_the_base_language():
    lesson = load_lesson("dropout")
    assert lesson.title_in("fr") == lesson.title["en"]
    assert lesson.title_in("zh_CN") == lesson.title["zh"] == lesson.title_in("zh-Hans")
    assert lesson.look_for_in("de") == lesson.look_for["en"]
    assert lesson.variant_labels("zh") == ["不使用暂退法", "暂退法 p = 0.5"]


def test_text_is_reflowed_with_spaces_only_between_latin_words():
    lesson = loads_lesson(_lesson_text(text_en="One line\nand the next.",
                                       text_zh="第一行，\n第二行 ReLU\n好。"), "t.toml")
    assert lesson.text_in("en") == "One line and the next."
    assert lesson.text_in("zh") == "第一行，第二行 ReLU好。"


def test_config_for_applies_a_variant_through_the_schema():
    lesson = load_lesson("learning-rate")
    assert lesson.config_for(None) == lesson.config
    assert lesson.config_for(None) is not lesson.config  # a copy: changing it leaves the lesson
    too_small = lesson.config_for(0)
    assert too_small.train.lr == 0.01 and lesson.config.train.lr == 0.2
    assert too_small.data == lesson.config.data and too_small.model == lesson.config.model
    assert too_small.name == "lesson-03-learning-rate (too small: lr 0.01)"
    assert lesson.config.description == "Gradient descent and the learning rate"
    with pytest.raises(ConfigError, match="no variant 4; it has 4 \\(0 to 3\\)"):
        lesson.config_for(4)
    with pytest.raises(ConfigError, match="it has none"):
        load_lesson(1).config_for(0)


# --- bad lesson files are refused with the file and the field named ---
def _lesson_text(**changes) -> str:
    values = {
        "number": "3", "slug": '"learning-rate"', "views": '["loss"]', "key_setting": '"train.lr"',
        "text_en": "Some words.", "text_zh": "一些话。", "lr": "0.1",
        "extra": "", "variants": "",
    }
    values.update(changes)
    return f'''number = {values["number"]}
slug = {values["slug"]}
views = {values["views"]}
key_setting = {values["key_setting"]}
{values["extra"]}
[title]
en = "A title"
zh = "标题"
[text]
en = """{values["text_en"]}"""
zh = """{values["text_zh"]}"""
[look_for]
en = ["one", "two"]
zh = ["一", "二"]
[config.data]
dataset = "linear"
[config.train]
lr = {values["lr"]}
{values["variants"]}
'''


BAD_LESSONS = {
    "unknown key": ({"extra": 'colour = "red"'}, "colour: unknown setting"),
    "bad config value": ({"lr": "-1"}, "config.train.lr: must be > 0, got -1"),
    "unknown config key": ({"lr": "0.1\nspeed = 3"}, "config.train.speed: unknown setting"),
    "key setting of no field": ({"key_setting": '"train.speed"'},
                                "key_setting: train has no setting 'speed'"),
    "key setting without section": ({"key_setting": '"lr"'}, "key_setting: must be section.field"),
    "unknown view": ({"views": '["loss", "hologram"]'}, "views.1: must be one of"),
    "no view": ({"views": "[]"}, "views: must list at least one view"),
    "bad slug": ({"slug": '"Learning Rate"'}, "slug: must be lowercase words"),
    "number out of range": ({"number": "0"}, "number: must be >= 1"),
    "bad override": (
        {"variants": '[[variants]]\nlabel = { en = "x", zh = "x" }\n'
                     'overrides = { train = { lr = -1 } }'},
        "variants.0.overrides.train.lr: must be > 0, got -1",
    ),
    "unknown override": (
        {"variants": '[[variants]]\nlabel = { en = "x" }\noverrides = { train = { speed = 1 } }'},
        "variants.0.overrides.train.speed: unknown setting",
    ),
    "override of no section": (
        {"variants": '[[variants]]\nlabel = { en = "x" }\noverrides = { optimizer = { lr = 1 } }'},
        "variants.0.overrides.optimizer",
    ),
    "label without English": (
        {"variants": '[[variants]]\nlabel = { zh = "x" }'},
        "variants.0.label: needs an English ('en') entry",
    ),
    "empty text": ({"text_zh": "  "}, "text: the 'zh' entry must not be empty"),
    "not TOML": ({"extra": "= ="}, "not valid TOML"),
}


@pytest.mark.parametrize(("changes", "message"), BAD_LESSONS.values(), ids=BAD_LESSONS.keys())
def test_a_bad_lesson_file_names_the_file_and_the_field(tmp_path, changes, message):
    path = tmp_path / "03-learning-rate.toml"
    path.write_text(_lesson_text(**changes), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_lesson_file(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_a_good_lesson_file_loads_and_its_name_must_match(tmp_path):
    path = tmp_path / "03-learning-rate.toml"
    path.write_text(_lesson_text(), encoding="utf-8")
    assert load_lesson_file(path).config.train.lr == 0.1
    renamed = tmp_path / "04-learning-rate.toml"
    path.rename(renamed)
    with pytest.raises(ConfigError, match="must match the file name"):
        load_lesson_file(renamed)
    with pytest.raises(ConfigError, match="no such file"):
        load_lesson_file(tmp_path / "nothing.toml")


# --- the lessons show what they say they show ---
def test_lesson_3_a_too_large_learning_rate_diverges_and_a_too_small_one_lags():
    lesson = load_lesson("learning-rate")
    labels = lesson.variant_labels("en")
    results = {label: run(lesson.config_for(k))[1] for k, label in enumerate(labels)}
    good = results["good: lr 0.2"]
    too_large = results["too large, diverges: lr 4"]
    assert good.stop_kind == "completed" and good.final.train_loss < 0.05
    assert too_large.diverged or too_large.final.train_loss > 10 * good.final.train_loss
    assert results["too small: lr 0.01"].final.train_loss > 5 * good.final.train_loss
    assert results["large, oscillating: lr 0.9"].stop_kind == "completed"


@pytest.mark.slow
def test_lesson_8_degree_15_overfits_and_degree_1_underfits():
    lesson = load_lesson("polynomial-fit")
    finals = {}
    for k in range(len(lesson.variants)):
        config = lesson.config_for(k)
        finals[config.model.degree] = run(config)[1].final
    assert finals[15].train_loss < min(finals[1].train_loss, finals[3].train_loss)
    assert finals[15].val_loss > 2 * finals[15].train_loss
    assert finals[3].val_loss < finals[15].val_loss < finals[1].val_loss
    assert finals[1].train_loss > 5 * finals[3].train_loss


def test_lesson_19_stops_early_and_restores_the_best_epoch():
    result = run(load_lesson("early-stopping").config)[1]
    assert result.stop_kind == "early_stopped"
    assert result.epochs_run < 500
    assert result.restored_epoch == result.best_epoch < result.epochs_run


@pytest.mark.slow
def test_lesson_21_l1_makes_the_weights_sparse():
    lesson = load_lesson("l1-regularization")

    def near_zero_share(index: int) -> float:
        trainer = run(lesson.config_for(index))[0]
        weights = torch.cat(
            [p.detach().flatten() for p in trainer.model.parameters() if p.dim() > 1]
        )
        return float((weights.abs() < 0.02).float().mean())

    assert near_zero_share(1) > 0.5 > near_zero_share(0) + 0.3


def test_lesson_22_dropout_ends_with_a_better_validation_loss():
    lesson = load_lesson("dropout")
    without, with_dropout = (run(lesson.config_for(k))[1] for k in range(2))
    assert lesson.config_for(1).model.dropout == 0.5 and lesson.config_for(0).model.dropout == 0
    assert with_dropout.final.val_loss < 0.5 * without.final.val_loss
    assert without.final.train_loss < with_dropout.final.train_loss
