"""A user's text enters an exported script only as a string literal: a name, a description, a CSV
file, its columns and classes, an image folder can hold any character and the script still
compiles, keeps the text exactly, and runs nothing of it."""

import ast
import csv
import io
import subprocess
import sys
import tempfile
import tokenize
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnstudio.core.config import parse_config
from nnstudio.core.export import export_script, write_script
from tests.image_sets import random_digits, write_idx

MARK = "\u2016"  # '‖': in every generated text, and nowhere in nnstudio's templates

INJECTION = '"" + str(__import__("os").system("touch INJECTED")) + ""'
# Hand-picked texts that broke or could break a script: quotes of every kind, backslashes,
# line ends, NUL, non-ASCII, a form feed, a Unicode line separator, a comment sign.
NASTY = [
    INJECTION,
    "\\\"\"\"'''\\",
    "line one\nline two\r\nthree\rfour",
    "nul\x00byte and\x0cform feed",
    "花朵 ünïcödé \u2028 sep # not a comment",
    "{}$LAYERS$CALL@l1@ %s {0}",
]


def safe_file_name(text):
    """``text`` as one path component (a file name holds anything but '/' and NUL)."""
    name = text.replace("/", "_").replace("\x00", "_")
    return name if name not in (".", "..") else name + "_"


def clean_cell(text):
    """A cell as nnstudio reads it back (stripped, not a number, not empty), with no separator
    but the comma (the file's separator is guessed among , ; tab and |)."""
    for separator in ";\t|":
        text = text.replace(separator, " ")
    return MARK + text.strip() + MARK


def csv_config(folder, texts):
    """A CSV run whose file name, columns and classes are ``texts``."""
    name, description, file_text, first, second, target, class_a, class_b = texts
    columns = [clean_cell(first), clean_cell(second + "2"), clean_cell(target + "3")]
    classes = [clean_cell(class_a), clean_cell(class_b + "b")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # quotes cells with \r or \n
    writer.writerow(columns)
    rng = np.random.default_rng(0)
    for row in range(24):
        writer.writerow([f"{rng.normal():.3f}", f"{rng.normal():.3f}", classes[row % 2]])
    path = folder / (safe_file_name(MARK + file_text) + ".csv")
    path.write_text(buffer.getvalue(), encoding="utf-8")
    config = parse_config({
        "name": MARK + name, "description": MARK + description,
        "data": {"dataset": "csv", "csv": str(path), "target": columns[2],
                 "feature_columns": columns[:2]},
        "model": {"hidden": [4]},
        "train": {"epochs": 1, "batch_size": 8},
    })
    return config, [MARK + name, MARK + description, str(path), *columns, *classes]


def image_config(folder, text):
    """An image run read from a folder named ``text``."""
    data_dir = folder / safe_file_name(MARK + text)
    rng = np.random.default_rng(1)
    write_idx(data_dir / "MNIST" / "raw", "train", *random_digits(40, rng))
    write_idx(data_dir / "MNIST" / "raw", "t10k", *random_digits(10, rng))
    config = parse_config({
        "name": MARK + text,
        "data": {"dataset": "mnist", "data_dir": str(data_dir)},
        "model": {"hidden": [4]},
        "train": {"epochs": 1, "batch_size": 16},
    })
    return config, [MARK + text, str(data_dir.resolve())]


def assert_only_literals(script, texts):
    """Each text is one of the script's string constants, and the mark is found nowhere else:
    not in code, not in a comment, not in a docstring."""
    tree = ast.parse(script)
    docstrings = {ast.get_docstring(node, clean=False) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))}
    assert not any(MARK in doc for doc in docstrings if doc)
    constants = {node.value for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    for text in texts:
        assert text in constants, text
    outside_strings = [token.string for token in tokenize.generate_tokens(io.StringIO(script).readline)
                       if token.type != tokenize.STRING]
    assert not any(MARK in piece for piece in outside_strings)


def run_one_epoch(script_path, cwd, watched):
    """Run the script; it must end well and leave every watched folder as it was."""
    before = {folder: sorted(folder.rglob("*")) for folder in watched}
    completed = subprocess.run([sys.executable, str(script_path)], cwd=cwd, capture_output=True,
                               text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "final epoch=1 " in completed.stdout
    for folder in watched:
        assert sorted(folder.rglob("*")) == before[folder], "the script created a file"


texts = st.text(
    alphabet=st.one_of(
        st.sampled_from("\"'\\\n\r\t\x00\x0c #{}$@%é中\u2028\u00a0"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(values=st.lists(texts, min_size=9, max_size=9))
def test_any_text_in_any_string_field_is_a_literal_of_a_script_that_compiles(values, tmp_path):
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example
    config, expected = csv_config(folder, values[:8])
    script = export_script(config)
    compile(script, "train.py", "exec")
    assert_only_literals(script, expected)
    config, expected = image_config(folder, values[8])
    script = export_script(config)
    compile(script, "train.py", "exec")
    assert_only_literals(script, expected)


@pytest.mark.slow  # runs the exported scripts
@pytest.mark.parametrize("index", [0, 2, 3])
def test_a_script_from_nasty_texts_trains_one_epoch_and_creates_no_file(index, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    run_in = tmp_path / "run"
    run_in.mkdir()
    chosen = [NASTY[(index + shift) % len(NASTY)] for shift in range(9)]
    config, expected = csv_config(data, chosen[:8])
    script_path = tmp_path / "train.py"
    write_script(config, script_path)
    assert_only_literals(script_path.read_text(encoding="utf-8"), expected)
    run_one_epoch(script_path, run_in, [data, run_in])
    assert not (run_in / "INJECTED").exists()


@pytest.mark.slow
def test_an_image_script_from_a_nasty_folder_name_trains_one_epoch(tmp_path):
    data, run_in = tmp_path / "data", tmp_path / "run"
    data.mkdir(), run_in.mkdir()
    config, expected = image_config(data, NASTY[2] + NASTY[4])
    script_path = tmp_path / "train.py"
    write_script(config, script_path)
    assert_only_literals(script_path.read_text(encoding="utf-8"), expected)
    run_one_epoch(script_path, run_in, [data, run_in])


@pytest.mark.slow
def test_the_name_that_ran_a_command_is_only_the_experiments_name(tmp_path):
    config = parse_config({"name": INJECTION, "data": {"dataset": "xor", "n_samples": 40},
                           "train": {"epochs": 1}})
    script_path = tmp_path / "train.py"
    write_script(config, script_path)
    namespace = {}
    text = script_path.read_text(encoding="utf-8")
    exec(compile(text.split("def ")[0], "train.py", "exec"), namespace)  # the settings only
    assert namespace["EXPERIMENT"] == INJECTION
    run_one_epoch(script_path, tmp_path, [tmp_path])
    assert not (tmp_path / "INJECTED").exists()
