"""Lessons: one ready-made experiment per concept of the course (``shared/LESSONS.md``).

A lesson is a TOML file ``resources/lessons/NN-slug.toml`` holding a full RunConfig, the
views it uses, the one setting a teacher turns in class, a short explanation and what to look
for in English and Simplified Chinese, and optionally variants to compare (each a label and
overrides of config sections)::

    number = 3
    slug = "learning-rate"
    views = ["regression", "loss", "lr"]
    key_setting = "train.lr"
    speed = 30          # optional: epochs per second (default 60 for 1D and 2D data)
    [title]
    en = "Gradient descent and the learning rate"
    zh = "梯度下降与学习率"
    [text]
    en = "..."
    zh = "..."
    [look_for]
    en = ["...", "..."]
    zh = ["...", "..."]
    [config.data]
    dataset = "linear"
    [[variants]]
    label = { en = "too small: lr 0.001", zh = "太小：lr 0.001" }
    overrides = { train = { lr = 0.001 } }

Beside the texts, ``[[checks]]`` tables hold each look_for claim as a measurement that the tests
run on three training seeds (``lesson_checks.py`` describes them; ``lesson_evaluator.py`` runs
them), and ``[checked_with]`` says what the checks change in an expensive lesson and why.

Everything goes through the config schema: a bad setting, an unknown key, a key setting that
names no field, a variant override the schema refuses or a check that does not fit the lesson
raises :class:`ConfigError` naming the file and the field.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from nnstudio.core.config import RunConfig, format_validation_error
from nnstudio.core.experiment import read_toml_text
from nnstudio.core.errors import ConfigError
from nnstudio.core.lesson_checks import (
    METRICS,
    Check,
    CheckedWith,
    Reference,
    parameter_problem,
)
from nnstudio.core.registries import DATASETS
from nnstudio.core.registries.datasets import PAINTED, POINTS_2D, REGRESSION_1D
from nnstudio.core.views import LESSON_VIEWS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FALLBACK_LANGUAGE = "en"
ViewName = Literal[LESSON_VIEWS]  # type: ignore[valid-type] - the registry's names
VIEWS: tuple[str, ...] = get_args(ViewName)  # the views a lesson may ask for
SECTIONS = ("data", "model", "train")
# Epochs per second a class can follow as the picture changes (TensorFlow Playground's pace): what
# a lesson on 1D or 2D data trains at unless it says otherwise; image lessons train at full speed.
CLASS_SPEED = 60.0
WATCHED_SETS = tuple(name for name in DATASETS.names()
                     if DATASETS[name].kind in (REGRESSION_1D, POINTS_2D, PAINTED))

_LANGUAGE = re.compile(r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})?$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FILE_NAME = re.compile(r"^(\d{2})-([a-z0-9-]+)\.toml$")


def _check_languages(texts: dict[str, Any]) -> dict[str, Any]:
    if FALLBACK_LANGUAGE not in texts:
        raise ValueError(
            f"needs an English ({FALLBACK_LANGUAGE!r}) entry, got languages {sorted(texts)}"
        )
    for language, value in texts.items():
        if not _LANGUAGE.match(language):
            raise ValueError(f"languages are codes such as 'en' or 'zh', got {language!r}")
        items = value if isinstance(value, list) else [value]
        if not items or not all(item.strip() for item in items):
            raise ValueError(f"the {language!r} entry must not be empty, got {value!r}")
    return texts


def _in_language(texts: dict[str, Any], language: str) -> Any:
    """``language`` itself, else its base ('zh_CN' -> 'zh'), else English."""
    if language in texts:
        return texts[language]
    base = re.split(r"[_-]", language, maxsplit=1)[0]
    return texts.get(base, texts[FALLBACK_LANGUAGE])


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def _reflow(text: str) -> str:
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        joined = ""
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            if joined and not (_is_wide(joined[-1]) or _is_wide(line[0])):
                joined += " "
            joined += line
        paragraphs.append(joined)
    return "\n\n".join(paragraphs)


class Variant(BaseModel):
    """One arm of a comparison: a label and changes to some config sections."""

    model_config = ConfigDict(extra="forbid")

    label: dict[str, str] = Field(description="What this variant is, per language.")
    overrides: dict[Literal["data", "model", "train"], dict[str, Any]] = Field(
        default_factory=dict, description="Settings changed from the lesson's config, per section."
    )

    @field_validator("label")
    @classmethod
    def _label_languages(cls, label: dict[str, str]) -> dict[str, str]:
        return _check_languages(label)

    def label_in(self, language: str) -> str:
        return _in_language(self.label, language)


class Lesson(BaseModel):
    """A ready-made experiment that makes one concept of the course visible."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1, le=99, description="Row of LESSONS.md; the order in the menu.")
    slug: str = Field(min_length=1, max_length=60, description="Short name, e.g. 'learning-rate'.")
    views: list[ViewName] = Field(description="The views the lesson uses (at least one).")
    key_setting: str = Field(description="The setting a teacher turns in class (section.field).")
    title: dict[str, str]
    text: dict[str, str]
    look_for: dict[str, list[str]]
    config: RunConfig
    variants: list[Variant] = Field(default_factory=list)
    speed: Optional[float] = Field(
        None, ge=1, le=1000,
        description="Epochs per second the lesson trains at (default: 60 for 1D and 2D data, "
                    "full speed for images).",
    )
    checks: list[Check] = Field(
        default_factory=list, description="The look_for claims as measurements (lesson_checks)."
    )
    checked_with: Optional[CheckedWith] = Field(
        None, description="What the checks change in expensive settings, and why."
    )

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, slug: str) -> str:
        if not _SLUG.match(slug):
            raise ValueError(f"must be lowercase words joined by '-', got {slug!r}")
        return slug

    @field_validator("views")
    @classmethod
    def _unique_views(cls, views: list[str]) -> list[str]:
        if not views:
            raise ValueError("must list at least one view, got []")
        if len(set(views)) != len(views):
            raise ValueError(f"must not list a view twice, got {views}")
        return views

    @field_validator("key_setting")
    @classmethod
    def _existing_field(cls, key: str) -> str:
        section, _, name = key.partition(".")
        if section not in SECTIONS or not name:
            raise ValueError(
                f"must be section.field with section data, model or train, got {key!r}"
            )
        fields = type(getattr(RunConfig(), section)).model_fields
        if name not in fields:
            raise ValueError(f"{section} has no setting {name!r}")
        return key

    @field_validator("title", "text", "look_for")
    @classmethod
    def _texts_languages(cls, texts: dict[str, Any]) -> dict[str, Any]:
        return _check_languages(texts)

    @model_validator(mode="after")
    def _variants_are_valid_configs(self) -> "Lesson":
        for index in range(len(self.variants)):
            self.config_for(index)
        return self

    @property
    def opening_speed(self) -> Optional[float]:
        """The epochs per second the lesson opens at (None: full speed)."""
        if self.speed is not None:
            return self.speed
        return CLASS_SPEED if self.config.data.dataset in WATCHED_SETS else None

    @model_validator(mode="after")
    def _checks_fit_the_lesson(self) -> "Lesson":
        counts = {language: len(items) for language, items in self.look_for.items()}
        if len(set(counts.values())) > 1:
            raise ConfigError(
                "look_for: every language needs the same items, in the same order; got "
                + ", ".join(f"{language} {count}" for language, count in counts.items())
            )
        if self.checked_with is not None:
            self._check_overrides("checked_with.overrides", None, self.checked_with.overrides)
        claims = counts[FALLBACK_LANGUAGE]
        for index, check in enumerate(self.checks):
            where = f"checks.{index}"
            if check.claim > claims:
                raise ConfigError(
                    f"{where}.claim: look_for has {claims} items (1 to {claims}), got {check.claim}"
                )
            for variant in check.variants():
                self._check_variant(f"{where}.variant", variant)
                self._check_overrides(f"{where}.overrides", variant, check.overrides)
                for name, limit in check.limits().items():
                    if isinstance(limit, Reference):
                        self._check_reference(f"{where}.{name}", check, variant, limit)
        return self

    def _check_variant(self, where: str, variant: Optional[int]) -> None:
        if variant is not None and variant > len(self.variants):
            count = len(self.variants)
            raise ConfigError(
                f"{where}: the lesson has "
                + (f"{count} variants (1 to {count})" if count else "no variants")
                + f", got {variant}"
            )

    def _check_overrides(self, where: str, variant: Optional[int], overrides) -> None:
        try:
            self.check_config(variant, overrides, reduced=True)
        except ConfigError as exc:
            raise ConfigError("\n".join(
                f"{where}: {line}" for line in str(exc).splitlines()
            )) from None

    def _check_reference(self, where: str, check: Check, variant, reference: Reference) -> None:
        measure = check.measure_for(reference)
        problem = parameter_problem(measure.metric, measure.parameters())
        if problem:
            raise ConfigError(f"{where}.{problem}")
        if METRICS[measure.metric].text:
            raise ConfigError(f"{where}.metric: {measure.metric} gives a word, not a limit")
        own, overrides = check.reference_run(reference, variant)
        self._check_variant(f"{where}.variant", own)
        self._check_overrides(f"{where}.overrides", own, overrides)

    # --- the config to run ---
    def config_for(self, variant_index: Optional[int] = None) -> RunConfig:
        """The lesson's config, or variant ``variant_index`` (0-based) applied to it.

        Overrides go through the schema, so a bad override raises ConfigError naming the field.
        A variant's config is named after the lesson and the variant's English label.
        """
        if variant_index is None:
            return self.config.model_copy(deep=True)
        if not 0 <= variant_index < len(self.variants):
            raise ConfigError(
                f"lesson {self.slug}: no variant {variant_index}"
                + (f"; it has {len(self.variants)} (0 to {len(self.variants) - 1})"
                   if self.variants else "; it has none")
            )
        variant = self.variants[variant_index]
        raw = self.config.model_dump(mode="json")
        for section, changes in variant.overrides.items():
            raw[section].update(changes)
        raw["name"] = f"{self.config.name} ({variant.label_in(FALLBACK_LANGUAGE)})"[:200]
        try:
            return RunConfig.model_validate(raw)
        except ValidationError as exc:
            problems = format_validation_error(exc).splitlines()
            raise ConfigError(
                "\n".join(f"variants.{variant_index}.overrides.{line}" for line in problems)
            ) from None

    def check_config(
        self, variant: Optional[int], overrides=None, seed: Optional[int] = None,
        reduced: bool = False,
    ) -> RunConfig:
        """The config a check measures: variant ``variant`` (counted from 1, None: the lesson's
        own settings), with ``[checked_with]``'s changes when ``reduced``, then ``overrides``
        (section -> changes) and the training seed. A bad setting raises ConfigError."""
        config = self.config_for(None if variant is None else variant - 1)
        raw = config.model_dump(mode="json")
        changes = [self.checked_with.overrides] if reduced and self.checked_with else []
        changes += [overrides or {}]
        if seed is not None:
            changes.append({"train": {"seed": seed}})
        for change in changes:
            for section, values in change.items():
                raw[section].update(values)
        try:
            return RunConfig.model_validate(raw)
        except ValidationError as exc:
            raise ConfigError(format_validation_error(exc)) from None

    # --- texts in a language (falling back to English) ---
    def title_in(self, language: str) -> str:
        return _in_language(self.title, language)

    def text_in(self, language: str) -> str:
        """The explanation as flowing text: line breaks inside a paragraph are joined (with a
        space between Latin words, without one next to Chinese), blank lines kept as paragraphs."""
        return _reflow(_in_language(self.text, language))

    def look_for_in(self, language: str) -> list[str]:
        return list(_in_language(self.look_for, language))

    def variant_labels(self, language: str) -> list[str]:
        return [variant.label_in(language) for variant in self.variants]

    @property
    def file_stem(self) -> str:
        return f"{self.number:02d}-{self.slug}"


# --- loading ---
def _folder():
    return resources.files("nnstudio.resources") / "lessons"


def loads_lesson(text: str, source: str = "lesson") -> Lesson:
    """Parse a lesson from TOML text; ConfigError lines read ``source: field: problem``."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    config, number, slug, title = (raw.get(key) for key in ("config", "number", "slug", "title"))
    if isinstance(config, dict):  # name the run after the lesson unless the file does
        if isinstance(number, int) and isinstance(slug, str):
            config.setdefault("name", f"lesson-{number:02d}-{slug}")
        if isinstance(title, dict) and isinstance(title.get(FALLBACK_LANGUAGE), str):
            config.setdefault("description", title[FALLBACK_LANGUAGE])
    try:
        return Lesson.model_validate(raw)
    except ValidationError as exc:
        message = format_validation_error(exc)
        raise ConfigError("\n".join(f"{source}: {line}" for line in message.splitlines())) from None
    except ConfigError as exc:  # a variant's overrides, refused by the schema
        lines = str(exc).splitlines()
        raise ConfigError("\n".join(f"{source}: {line}" for line in lines)) from None


def load_lesson_file(path: Union[str, Path]) -> Lesson:
    """Read one lesson file. A name of the form ``NN-slug.toml`` must match its number and slug."""
    path = Path(path)
    lesson = loads_lesson(read_toml_text(path), source=str(path))
    _check_file_name(path.name, lesson, str(path))
    return lesson


def _check_file_name(name: str, lesson: Lesson, source: str) -> None:
    match = _FILE_NAME.match(name)
    if match and (int(match.group(1)) != lesson.number or match.group(2) != lesson.slug):
        raise ConfigError(
            f"{source}: number and slug must match the file name "
            f"({lesson.file_stem}.toml), got {name}"
        )


def _entries() -> dict[str, Any]:
    """Shipped lesson files by stem ('03-learning-rate'), in file-name order."""
    return {
        entry.name[: -len(".toml")]: entry
        for entry in sorted(_folder().iterdir(), key=lambda entry: entry.name)
        if _FILE_NAME.match(entry.name)
    }


def _read_entry(stem: str, entry) -> Lesson:
    source = f"lessons/{stem}.toml"
    lesson = loads_lesson(entry.read_text(encoding="utf-8"), source=source)
    _check_file_name(entry.name, lesson, source)
    return lesson


def lesson_ids() -> list[str]:
    """The slugs of the shipped lessons, in lesson order (what :func:`load_lesson` takes)."""
    return [stem.split("-", 1)[1] for stem in _entries()]


def load_lesson(slug_or_number: Union[str, int]) -> Lesson:
    """A shipped lesson by slug ('learning-rate'), number (3, '3', '03') or file stem
    ('03-learning-rate')."""
    key = str(slug_or_number).strip().lower()
    for stem, entry in _entries().items():
        number, slug = stem.split("-", 1)
        if key in (stem, slug) or (key.isdigit() and int(key) == int(number)):
            return _read_entry(stem, entry)
    raise ConfigError(
        f"lesson: unknown lesson {slug_or_number!r}; known: 1 to {len(_entries())} or "
        + ", ".join(lesson_ids())
    )


def all_lessons() -> list[Lesson]:
    """Every shipped lesson, sorted by number."""
    return sorted(
        (_read_entry(stem, entry) for stem, entry in _entries().items()),
        key=lambda lesson: lesson.number,
    )


__all__ = [
    "VIEWS",
    "Lesson",
    "Variant",
    "all_lessons",
    "lesson_ids",
    "load_lesson",
    "load_lesson_file",
    "loads_lesson",
]
