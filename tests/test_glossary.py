"""A Chinese student meets one word per concept, the course notes' word: every Chinese text of the
interface (the .ts translations, core messages included), of the lessons and of README.zh-CN.md is
held to the glossary (resources/translations/glossary.toml), and written the way the others are
(full-width brackets around Chinese, a space between Chinese and a placeholder, one meaning per
formula letter). A Chinese lesson names the controls as the Chinese interface labels them."""

from __future__ import annotations

import ast
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = tomllib.loads((ROOT / "resources" / "translations" / "glossary.toml").read_text(encoding="utf-8"))
TERMS = GLOSSARY["term"]
TS_FILE = ROOT / "resources" / "translations" / "nnstudio_zh_CN.ts"
CJK = "\u4e00-\u9fff"


# --- the texts -----------------------------------------------------------------------------------
def ui_messages() -> list[tuple[str, str, str]]:
    """(context, English source, Chinese translation) of every message of the .ts file."""
    root = ET.parse(TS_FILE).getroot()
    return [(context.findtext("name") or "", message.findtext("source") or "",
             "".join(message.find("translation").itertext()))
            for context in root.iter("context") for message in context.iter("message")]


def _literal(path: Path, name: str):
    """The value of the module-level literal ``name`` in ``path`` (read, not imported)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{name} not in {path}")


def chinese_ui_texts() -> list[tuple[str, str]]:
    """(where, text) for every Chinese text of the interface: the translations, and the lesson
    headings the lesson panel and `nnstudio lessons show` write in the lesson's language."""
    texts = [(f"{context}: {source!r}", translation) for context, source, translation in ui_messages()]
    headings = _literal(ROOT / "nnstudio" / "gui" / "lesson_panel.py", "HEADINGS")["zh"]
    texts += [(f"lesson_panel.py HEADINGS {key}", text) for key, text in headings.items()]
    texts += [("cli.py _LESSON_HEADINGS", text)
              for text in _literal(ROOT / "nnstudio" / "cli.py", "_LESSON_HEADINGS")["zh"]]
    return texts


def chinese_lessons():
    """(lesson, [(where, text)]) for every lesson: its Chinese title, explanation, look-for items
    and variant labels, in reading order."""
    from nnstudio.core.lessons import all_lessons

    for lesson in all_lessons():
        texts = [("title", lesson.title_in("zh")), ("text", lesson.text_in("zh"))]
        texts += [(f"look_for {number}", item) for number, item in enumerate(lesson.look_for_in("zh"), 1)]
        texts += [(f"variant {number}", label) for number, label in enumerate(lesson.variant_labels("zh"), 1)]
        yield lesson, texts


def lesson_texts() -> list[tuple[str, str]]:
    return [(f"lesson {lesson.file_stem} {where}", text) for lesson, texts in chinese_lessons() for where, text in texts]


def readme_prose() -> list[tuple[str, str]]:
    """The lines of README.zh-CN.md outside code blocks."""
    lines, in_code = [], False
    for number, line in enumerate((ROOT / "README.zh-CN.md").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code:
            lines.append((f"README.zh-CN.md:{number}", line))
    return lines


# --- what a text says, without what is not words ----------------------------------------------
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_CODE = re.compile(r"`[^`]*`|[A-Za-z_]\w*(?:\.\w+)+(?:\(\))?|\w+\(\)")
_MARKUP = re.compile(r"<[^>]+>|&\w+;")
_ASCII_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_IN_BRACKETS = re.compile(r"（[^（）]*）")


def words(text: str) -> str:
    """``text`` without placeholders, markup, code and config values in ASCII quotes."""
    for pattern in (_PLACEHOLDER, _MARKUP, _CODE, _ASCII_QUOTED):
        text = pattern.sub(" ", text)
    return text


def _english(word: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", re.IGNORECASE)


def other_names(text: str) -> list[str]:
    """What ``text`` calls by a name the glossary forbids: "早停 (early stopping: 提前终止)"."""
    plain = words(text)
    outside_brackets = _IN_BRACKETS.sub(" ", plain)
    found = []
    for term in TERMS:
        for pattern in term["forbidden"]:
            found += [f"{match.group()} ({term['en']}: {term['zh']})" for match in re.finditer(pattern, plain)]
        if "bracket" in term and term["bracket"] != term["zh"]:
            found += [f"{match.group()} outside （） ({term['en']}: {term['zh']}（{term['bracket']}）)"
                      for match in _english(term["bracket"]).finditer(outside_brackets)]
    return found


_HALF_WIDTH_AFTER_CJK = re.compile(rf"[{CJK}] ?\([A-Za-z][A-Za-z -]*\)")
_HALF_WIDTH_AROUND_CJK = re.compile(rf"(?<![A-Za-z])\([^()*]*[{CJK}][^()]*\)")
_PLACEHOLDER_TOUCHING_CJK = re.compile(rf"[{CJK}]\{{[^{{}}]*\}}|\{{[^{{}}]*\}}[{CJK}]")


def writing_problems(text: str) -> list[str]:
    """Half-width brackets around Chinese (全角括号 everywhere else) and placeholders glued to
    Chinese characters (elsewhere: 第 {epoch} 个迭代周期)."""
    found = [f"half-width brackets: {match.group()}"
             for pattern in (_HALF_WIDTH_AFTER_CJK, _HALF_WIDTH_AROUND_CJK) for match in pattern.finditer(text)]
    found += [f"no space: {match.group()}" for match in _PLACEHOLDER_TOUCHING_CJK.finditer(text)]
    return found


def symbol_clashes(text: str) -> list[str]:
    """A formula letter used without the one thing the glossary says it stands for."""
    found = []
    for symbol in GLOSSARY["symbol"]:
        if re.search(rf"{symbol['symbol']}(?![₀-₉0-9])", text) and not any(
                name.lower() in text.lower() for name in symbol["names"]):
            found.append(f"{symbol['symbol']} is {symbol['means']}, and this text is about something else")
    return found


# --- the glossary itself ---------------------------------------------------------------------------
def test_the_glossary_has_one_chinese_term_per_concept():
    for term in TERMS:
        assert {"concept", "en", "zh", "source", "gloss", "forbidden"} <= set(term), term
        assert term["source"] in ("notes", "D2L", "interface"), term
        for pattern in term["forbidden"]:
            assert not re.search(pattern, term["zh"]), f"{term['zh']} forbids itself with {pattern!r}"
    concepts = [term["concept"] for term in TERMS]
    chinese = [term["zh"] for term in TERMS]
    assert len(set(concepts)) == len(concepts)
    assert len(set(chinese)) == len(chinese), "two concepts share a Chinese term"
    for term in TERMS:  # no concept's term is another concept's forbidden variant
        others = [(other["zh"], pattern) for other in TERMS if other is not term for pattern in other["forbidden"]]
        assert not [pair for pair in others if re.fullmatch(pair[1], term["zh"])], term["zh"]


def test_the_checks_see_what_they_look_for():
    """Each check flags the mistakes it is for, and leaves good text alone."""
    assert set(other_names("早停：验证损失连续 {count} 个周期没有改善")) == {
        "早停 (early stopping: 提前终止)", "周期 (epoch: 迭代周期)"}
    assert other_names("不使用 dropout 时") == ["dropout outside （） (dropout: 暂退法（dropout）)"]
    assert other_names("暂退法（dropout）：model.eval() 关闭暂退法；第 {epoch} 个迭代周期") == []
    assert other_names("批量梯度下降") and not other_names("全批量梯度下降与小批量随机梯度下降")
    assert writing_problems("多层感知机 (MLP)") and writing_problems("折数 (K)")
    assert writing_problems("仅当{setting}为 {values} 时使用") == ["no space: 当{setting}"]
    assert writing_problems("CSV 文件 (*.csv);;P(类别 1)；(w, b) 平面；压缩到 (0, 1)") == []
    assert symbol_clashes("α（方向 1）") and not symbol_clashes("步长 α 就是学习率")
    assert not symbol_clashes("Beta 1（Adam）：β₁")


# --- the interface ------------------------------------------------------------------------------
def test_the_interface_uses_the_glossary_terms_and_no_others():
    found = [f"{where}: {text!r}: {problem}"
             for where, text in chinese_ui_texts() for problem in other_names(text)]
    assert not found, "\n".join(found)


def test_the_interface_writes_brackets_and_placeholders_one_way():
    found = [f"{where}: {text!r}: {problem}"
             for where, text in chinese_ui_texts() for problem in writing_problems(text)]
    assert not found, "\n".join(found)


def test_formula_letters_mean_one_thing_in_the_interface():
    """α is the learning rate (lesson 3, the notes) and β the smoothing factor (lesson 4): the loss
    landscape's random directions are named otherwise."""
    found = [f"{context}: {text!r}: {problem}"
             for context, source, translation in ui_messages() for text in (source, translation)
             for problem in symbol_clashes(text)]
    assert not found, "\n".join(found)


def test_the_form_names_choices_by_their_chinese_labels():
    """A tooltip of the form says “全批量”, not 'full': the student sees the label, not the value."""
    found = [f"{source!r}: {translation!r}" for context, source, translation in ui_messages()
             if context == "schema" and re.search(r"'[a-z_]+'", translation)]
    assert not found, "\n".join(found)


# --- the lessons -------------------------------------------------------------------------------
def test_the_lessons_and_the_readme_use_the_glossary_terms_and_no_others():
    found = [f"{where}: {problem}" for where, text in lesson_texts() + readme_prose() for problem in other_names(text)]
    found += [f"{where}: {problem}" for where, text in lesson_texts() for problem in writing_problems(text)]
    assert not found, "\n".join(found)


def test_a_lesson_gives_the_english_original_at_the_first_use_of_a_term():
    """迭代周期（epoch）, 暂退法（dropout）: at its first use in a lesson's explanation and look-for
    items (the title is a heading, and a control named in quotes, “批量大小”, is a label), then
    the Chinese term alone."""
    found = []
    for lesson, texts in chinese_lessons():
        reading = "\n".join(text for where, text in texts if where == "text" or where.startswith("look_for"))
        reading = re.sub(r"“[^”]*”", "“”", reading)
        for term in (term for term in TERMS if "bracket" in term):
            first = reading.find(term["zh"])
            if first < 0:
                continue
            after = reading[first + len(term["zh"]):]
            bracket = re.match(r"（([^（）]*)）", after)
            if not (bracket and term["bracket"].lower() in bracket.group(1).lower()):
                found.append(f"lesson {lesson.file_stem}: {term['zh']}{after[:12]!r}…, "
                             f"expected {term['zh']}（{term['bracket']}）")
    assert not found, "\n".join(found)


def _without_english_originals(text: str) -> str:
    """``text`` without the glossary's （English original） brackets: 卷积神经网络（CNN）."""
    for term in TERMS:
        if "bracket" in term:
            text = re.sub(rf"（[^（）]*{re.escape(term['bracket'])}[^（）]*）", " ", text, flags=re.IGNORECASE)
    return text


def _config_fields() -> set[str]:
    from nnstudio.core.config import RunConfig

    config = RunConfig()
    return {name for section in ("data", "model", "train") for name in type(getattr(config, section)).model_fields}


def _english_labels() -> dict[str, str]:
    """English interface labels the Chinese interface shows otherwise: {English: Chinese}."""
    labels = {}
    for _, source, translation in ui_messages():
        label = re.sub(r"&(?=\w)|…$|\.\.\.$", "", source).strip()
        if label != translation and re.search(r"[A-Za-z]{4}", label) and len(label) <= 40:
            labels[label] = translation
    return labels


def test_a_chinese_lesson_names_controls_by_their_chinese_labels():
    """Not by config keys (train.batch_size), values ('full') or English labels ("Augment")."""
    fields = _config_fields()
    labels = _english_labels()
    found = []
    for where, text in lesson_texts():
        found += [f"{where}: config key {key}" for key in re.findall(r"\b(?:data|model|train)\.\w+\b(?!\()", text)]
        found += [f"{where}: config value {value}" for value in _ASCII_QUOTED.findall(text)]
        plain = _without_english_originals(_CODE.sub(" ", text))
        found += [f"{where}: setting {word}" for word in re.findall(r"(?<![\w.])[a-z_][a-z_0-9]*(?![\w(])", plain)
                  if word in fields]
        found += [f"{where}: English label {label!r}, the interface says {chinese!r}"
                  for label, chinese in labels.items()
                  if re.search(rf"(?<![A-Za-z]){re.escape(label)}(?![A-Za-z])", plain)]
    assert not found, "\n".join(found)


_UI_WORDS = "按钮|面板|菜单|滑块|复选框|标签页|选项卡|视图|下拉框|字段|设置"


def test_the_controls_a_chinese_lesson_points_at_exist_in_the_chinese_interface():
    """“预览数据增强…”按钮, 超参数 → 正则化 → 数据增强: each name is one the Chinese window shows."""
    shown = {re.sub(r"\(&\w\)|&(?=\w)|…$|：$", "", translation).strip() for _, _, translation in ui_messages()}
    found = []
    for where, text in lesson_texts():
        names = re.findall(rf"“([^”]+)”(?:{_UI_WORDS})", text)
        for path in re.findall(r"[^\s（“”：，。；]+(?:\s*→\s*[^\s（）“”：，。；→]+)+", text):
            names += [part.strip() for part in path.split("→")]
        found += [f"{where}: {name!r} is no label of the Chinese interface" for name in names
                  if re.sub(r"…$", "", name) not in shown]
    assert not found, "\n".join(found)


# --- formulas -----------------------------------------------------------------------------------
def _all_texts_stating_formulas() -> list[tuple[str, str]]:
    from nnstudio.core.lessons import all_lessons

    texts = []
    for lesson in all_lessons():
        for language in ("en", "zh"):
            texts += [(f"lesson {lesson.file_stem} {language}", text) for text in
                      [lesson.text_in(language), *lesson.look_for_in(language)]]
    texts += [(f"{context}: {source!r}", text) for context, source, translation in ui_messages()
              for text in (source, translation)]
    texts += [(name, (ROOT / name).read_text(encoding="utf-8")) for name in ("README.md", "README.zh-CN.md")]
    return texts


@pytest.mark.parametrize("formula", GLOSSARY["formula"], ids=lambda formula: formula["name"])
def test_a_formula_is_written_one_way_wherever_it_is_stated(formula):
    """C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁ as in the course notes, in lesson 4, the slider's tooltip and the
    READMEs alike: never the other way round (β on the old value) that made the slider contradict
    the lesson."""
    found = [f"{where}: {text[match.start():match.start() + len(formula['canonical']) + 8]!r}"
             for where, text in _all_texts_stating_formulas()
             for match in re.finditer(formula["marker"], text)
             if not text.startswith(formula["canonical"], match.start())]
    assert not found, f"expected {formula['canonical']}:\n" + "\n".join(found)


@pytest.mark.parametrize("formula", GLOSSARY["formula"], ids=lambda formula: formula["name"])
def test_the_lesson_and_the_control_of_a_formula_both_state_it(formula):
    from nnstudio.core.lessons import load_lesson

    for number in formula.get("lessons", []):
        lesson = load_lesson(number)
        for language in ("en", "zh"):
            assert formula["canonical"] in lesson.text_in(language), (number, language)
    if "ui" in formula:
        messages = [(source, translation) for context, source, translation in ui_messages() if context == formula["ui"]]
        assert any(formula["canonical"] in source and formula["canonical"] in translation
                   for source, translation in messages), formula["ui"]
