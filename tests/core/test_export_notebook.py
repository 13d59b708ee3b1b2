"""Export as a Jupyter notebook: the script's code in cells, the lesson's text beside it, and the
same numbers as nnstudio when the cells run from top to bottom."""

import ast
import json
import os
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from nnstudio.cli import main
from nnstudio.core.experiment import load_config
from nnstudio.core.export import export_script
from nnstudio.core.export.notebook import code_cells_as_script, export_notebook
from nnstudio.core.lessons import load_lesson
from tests.image_sets import tiny_digits, write_idx

# A run's name and description as a hostile user might type them: a string literal's end and a
# statement, markdown and HTML. They must show as typed and never run.
HOSTILE_NAME = 'x"""; raise SystemExit(7) #\'\'\' \\'
HOSTILE_ABOUT = "<img src=x onerror=alert(1)> **bold** [link](http://x) $x$\nimport shutil"

RUNS = {
    "moons classes": (
        '[data]\ndataset = "moons"\nn_samples = 120\n'
        '[model]\npreset = "mlp"\nhidden = [6]\n[train]\nepochs = 6\n'
    ),
    "sine regression": (
        '[data]\ndataset = "sine"\nn_samples = 80\n'
        '[model]\npreset = "polynomial"\ndegree = 3\n'
        '[train]\noptimizer = "sgd"\nlr = 0.1\nbatch_size = 16\nepochs = 6\n'
    ),
    # MNIST-format IDX files the test writes ($DATA): MNIST itself cannot be downloaded here.
    "images, small mlp": (
        '[data]\ndataset = "mnist"\ndata_dir = "$DATA"\nval_fraction = 0.25\n'
        '[model]\npreset = "mlp"\nhidden = [16]\n[train]\nepochs = 2\nbatch_size = 32\n'
    ),
}


def write_config(folder, body):
    if "$DATA" in body:
        rng = np.random.default_rng(1)
        write_idx(folder / "MNIST" / "raw", "train", *tiny_digits(160, rng))
        write_idx(folder / "MNIST" / "raw", "t10k", *tiny_digits(40, rng))
        body = body.replace("$DATA", folder.as_posix())
    path = folder / "experiment.toml"
    path.write_text(f"name = {json.dumps(HOSTILE_NAME)}\ndescription = {json.dumps(HOSTILE_ABOUT)}\n"
                    + body, encoding="utf-8")
    return path


def final_line(output):
    """{'epoch': 6.0, 'val_loss': ...} from the 'final epoch=6 train_loss=...' line."""
    line = next(line for line in output.splitlines() if line.startswith("final "))
    return {key: float(value) for key, value in (pair.split("=") for pair in line.split()[1:])}


@pytest.mark.slow
@pytest.mark.parametrize("name", RUNS)
def test_the_notebooks_cells_run_in_order_and_end_with_nnstudio_trains_numbers(
        name, tmp_path, capsys):
    config = write_config(tmp_path, RUNS[name])
    notebook_file = tmp_path / "lesson.ipynb"
    assert main(["export-notebook", str(config), "-o", str(notebook_file)]) == 0
    notebook = nbformat.read(notebook_file, as_version=4)
    nbformat.validate(notebook)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds[0] == "markdown" and kinds.count("code") == 9
    # The code cells, in order, as one script; then a look at what the plots cell drew.
    script = tmp_path / "cells.py"
    script.write_text(code_cells_as_script(notebook)
                      + "\nprint('figures', len(plt.get_fignums()) if plt else None)\n")
    environment = {**os.environ, "MPLBACKEND": "Agg"}  # headless, as on a server
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                          env=environment) as process:
        try:
            assert main(["train", str(config), "--out", str(tmp_path / "run"), "--quiet",
                         "--no-record", "--no-advice"]) == 0
        finally:
            output, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    printed = final_line(output)
    assert printed["epoch"] == summary["final"]["epoch"] == load_config(config).train.epochs
    assert printed["val_loss"] == pytest.approx(summary["final"]["val_loss"], abs=1e-4)
    assert printed["train_loss"] == pytest.approx(summary["final"]["train_loss"], abs=1e-4)
    assert "test test_loss=" in output
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "The plots need matplotlib" in output
    else:  # the curves, and the classes over the plane, the fitted curve or validation images
        assert output.splitlines()[-1] == "figures 2", errors


def test_user_text_is_a_literal_in_code_and_plain_text_in_markdown(tmp_path):
    config = load_config(write_config(tmp_path, RUNS["moons classes"]))
    notebook = export_notebook(config)
    code = code_cells_as_script(notebook)
    tree = ast.parse(code)
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
    assert HOSTILE_NAME in strings
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names}
    assert "shutil" not in imported
    assert not any(isinstance(node, ast.Raise) and "SystemExit(7)" in ast.unparse(node)
                   for node in ast.walk(tree))
    # The code cells are the script's code: every cell but the notebook's own three is in it.
    script = export_script(config)
    own = notebook.cells[-5::2]  # train, test set and plots take the place of the command line
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell not in own:
            assert cell.source.strip("\n") in script
    introduction = notebook.cells[0].source
    assert "<img" not in introduction and "**bold**" not in introduction
    assert "&lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\* \\[link\\](http://x) \\$x\\$" \
        in introduction
    assert introduction.startswith("# x\"\"\"; raise SystemExit(7) \\#'''")


def test_a_lessons_notebook_tells_the_lesson_in_the_chosen_language(tmp_path, capsys):
    lesson = load_lesson("learning-rate")
    files = {}
    for language in ("en", "zh-CN"):
        files[language] = tmp_path / f"lesson-{language}.ipynb"
        assert main(["export-notebook", "--lesson", "learning-rate", "--variant", "2",
                     "--lang", language, "-o", str(files[language])]) == 0
    english, chinese = (nbformat.read(files[key], as_version=4) for key in ("en", "zh-CN"))
    for notebook in (english, chinese):
        nbformat.validate(notebook)
    text = {key: "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
            for key, notebook in (("en", english), ("zh", chinese))}
    assert "# Lesson 3: Gradient descent and the learning rate" in text["en"]
    assert "The step size α is the learning rate" in text["en"]
    assert lesson.variant_labels("en")[1] in text["en"] and "## 4. Training" in text["en"]
    assert "# 第 3 课：梯度下降与学习率" in text["zh"]
    assert "步长 α 就是学习率" in text["zh"] and lesson.look_for_in("zh")[0] in text["zh"]
    assert lesson.variant_labels("zh")[1] in text["zh"] and "## 4. 训练" in text["zh"]
    assert "The step size" not in text["zh"] and "Training" not in text["zh"]
    # The same code in both: only the words around it change.
    code = [[cell.source for cell in notebook.cells if cell.cell_type == "code"]
            for notebook in (english, chinese)]
    assert code[0] == code[1]
    assert "LEARNING_RATE = 0.2" in "\n".join(code[0])  # variant 2 of lesson 3


@pytest.mark.parametrize("arguments, message", [
    (["--lesson", "learning-rate", "--variant", "9"], "lesson learning-rate has no variant 9"),
    (["--variant", "2"], "--variant needs --lesson"),
    (["--lesson", "learning-rate", "--lang", "fr"], "--lang fr: the notebook is written in en"),
    (["BAD"], "not valid TOML"),
    (["--lesson", "learning-rate", "-o", "FILE/inside.ipynb"], "cannot be written"),
])
def test_what_cannot_be_exported_is_one_line_and_exit_2(arguments, message, tmp_path, capsys):
    (tmp_path / "bad.toml").write_text("[data\n")
    (tmp_path / "file.txt").write_text("a file, not a folder")
    arguments = [str(tmp_path / "bad.toml") if item == "BAD" else
                 item.replace("FILE", str(tmp_path / "file.txt")) for item in arguments]
    if "-o" not in arguments:
        arguments += ["-o", str(tmp_path / "out.ipynb")]
    assert main(["export-notebook", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("nnstudio: ") and message in error
    assert "Traceback" not in error and not (tmp_path / "out.ipynb").exists()
