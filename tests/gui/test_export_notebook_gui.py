"""File ▸ Export as Jupyter notebook: the window's settings and open lesson, in its language."""

import nbformat

from nnstudio.core.lessons import load_lesson
from nnstudio.gui import i18n


def test_the_notebook_tells_the_open_lesson_in_the_windows_language(make_window, tmp_path):
    window = make_window()
    lesson = load_lesson("learning-rate")
    window.lessons.open_lesson(lesson)
    window.language_menu.actions[i18n.CHINESE].trigger()
    try:
        action = window.findChild(type(window.controls.train_action), "exportNotebookAction")
        assert action.text() == "导出为 Jupyter 笔记本(&N)…"
        assert window.file_menu.export_notebook(str(tmp_path / "lesson.ipynb"))
        notebook = nbformat.read(tmp_path / "lesson.ipynb", as_version=4)
        nbformat.validate(notebook)
        text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        assert "# 第 3 课：梯度下降与学习率" in text and "步长 α 就是学习率" in text
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        assert f"LEARNING_RATE = {window.session.valid_config().train.lr!r}" in code

        blocked = tmp_path / "a-file"
        blocked.write_text("not a folder")
        assert not window.file_menu.export_notebook(str(blocked / "lesson.ipynb"))
        assert "无法导出笔记本" in window.views.message_bar.text()
    finally:
        window.language_menu.choose(i18n.ENGLISH)  # the translator is process-wide
