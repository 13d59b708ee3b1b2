"""Export as a Jupyter notebook: the exported script's code in cells, with the lesson beside it.

The code cells hold the code of the exported ``train.py`` (script.py's sections, unchanged): the
settings, the data, the model, the training loop and the run folder. The script's last section,
its command line (argparse, torchrun), has no place in a notebook: short cells of their own train
with the same ``train()``, print the same lines, measure the test set and draw the curves. So run
from top to bottom on a CPU, the notebook prints the numbers nnstudio and the script print.

Markdown cells explain each step, in English or Simplified Chinese, and carry the lesson's text
when the notebook comes from a lesson. A user's text (the run's name and description, a lesson
file's text) enters a code cell only as a literal, inside the script's own settings, and a
markdown cell only escaped (:func:`markdown_text`): it shows as typed and cannot become code,
markup or HTML.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from nnstudio.core.atomic_save import atomic_write_text
from nnstudio.core.config import RunConfig
from nnstudio.core.errors import ExportError
from nnstudio.core.export.script import ScriptSections, script_sections
from nnstudio.core.export.parts import keep_tagged, literal
from nnstudio.core.lessons import Lesson
from nnstudio.core.data.images import IMAGE_SETS
from nnstudio.core.registries import OPTIMIZERS

LANGUAGES = ("en", "zh-CN")  # what --lang and the window offer; "zh" and "zh_CN" mean zh-CN

# The notebook's own words, per language ("en", "zh"). Headings first, then explanations.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "untitled": "An nnstudio experiment",
        "lesson": "Lesson {number}",
        "variant": "This notebook trains the variant: {label}.",
        "look_for": "What to look for",
        "intro": (
            "This notebook trains the run again in plain PyTorch: the same data, the same split, "
            "the same network and the same training loop as nnstudio, written out as code. Run "
            "the cells from top to bottom; on a CPU it prints the same numbers as nnstudio (on a "
            "GPU the last digits can differ). It needs {needs}; the plots at the end need "
            "matplotlib (`pip install matplotlib`). The same code, as one file, is what "
            "`nnstudio export-script` writes."
        ),
        "settings": (
            "## 1. Settings\n\nEvery number the run uses, in one place. `SEED` fixes the starting "
            "weights and the order of the batches: change a setting here and run the cells "
            "below again to see what it does."
        ),
        "data": (
            "## 2. Data\n\n{about}. The training split teaches the network, the validation split "
            "tells how well it does on samples it does not learn from, and the test split is "
            "measured once, at the very end."
        ),
        "model": (
            "## 3. Model\n\nThe layers, in the order nnstudio built them (so the seeded "
            "generator gives the same starting weights), and the loss that says how wrong the "
            "network's answers are."
        ),
        "training": (
            "## 4. Training\n\n{training}. `evaluate` measures the loss (and accuracy) without "
            "changing anything; `train` repeats the epochs and returns the network and a "
            "history of every epoch's numbers."
        ),
        "run_folder": (
            "## 5. Run folder\n\nWhat `nnstudio train --out DIR` writes: the settings, a line "
            "per epoch, the summary and the model. Set `OUT` in the next cell to a folder name "
            "to write it; `nnstudio runs import DIR` then adds the run to nnstudio's history."
        ),
        "train": (
            "## 6. Train\n\nA fresh network, trained epoch by epoch. The printed lines are those "
            "of nnstudio: `final` is the model the run ends with (the last epoch, or the best "
            "one restored by early stopping), `best` the epoch with the lowest validation loss."
        ),
        "test": (
            "## 7. The test set\n\nUsed once, at the very end: a fair estimate of how the model "
            "does on data it has never seen."
        ),
        "plots": (
            "## 8. Plots\n\nThe loss of every epoch on the training and validation splits{extra}. "
            "A validation loss that rises while the training loss falls means the network "
            "learns the training samples by heart (overfitting)."
        ),
        "plots_loss": "",
        "plots_accuracy": ", and the accuracy",
        "plots_boundary": ", the accuracy, and what the network answers at every point of the plane",
        "plots_fit": ", and the network's curve through the training points",
        "plots_images": ", the accuracy, and validation images with the network's answers (red: wrong)",
        "loop": "the loop: batches, loss, gradients, one optimiser step per batch",
        "exact": "least squares: the best weights, solved in one step",
    },
    "zh": {
        "untitled": "一个 nnstudio 实验",
        "lesson": "第 {number} 课",
        "variant": "本笔记本训练的对照：{label}。",
        "look_for": "观察要点",
        "intro": (
            "本笔记本用纯 PyTorch 把这次训练重新跑一遍：与 nnstudio 相同的数据、相同的划分、"
            "相同的网络和相同的训练循环，全部写成代码。请从上到下依次运行各单元格；"
            "在 CPU 上它输出的数字与 nnstudio 相同（在 GPU 上最后几位可能不同）。"
            "它只需要 {needs}；最后的图需要 matplotlib（`pip install matplotlib`）。"
            "同样的代码写成一个文件，就是 `nnstudio export-script` 导出的脚本。"
        ),
        "settings": (
            "## 1. 设置\n\n这次训练用到的所有数字都在这里。`SEED`（随机种子）决定初始权重和"
            "批次的顺序：在这里改一个设置，再运行下面的单元格，就能看到它的作用。"
        ),
        "data": (
            "## 2. 数据\n\n{about}。训练集用来训练网络，验证集（validation set）检验网络在"
            "没学过的样本上表现如何，测试集只在最后测一次。"
        ),
        "model": (
            "## 3. 模型\n\n各层按 nnstudio 构建它们的顺序排列（因此同一个种子给出相同的初始权重），"
            "以及衡量网络的回答错得多远的损失函数。"
        ),
        "training": (
            "## 4. 训练\n\n{training}。`evaluate` 只计算损失（和准确率），不改变任何东西；"
            "`train` 一个迭代周期（epoch）接一个地训练，返回网络和每个迭代周期的数字。"
        ),
        "run_folder": (
            "## 5. 运行文件夹\n\n即 `nnstudio train --out DIR` 写出的文件：设置、每个迭代周期"
            "一行的指标、总结和模型。在下一个单元格里把 `OUT` 设为一个文件夹名就会写出它；"
            "之后 `nnstudio runs import DIR` 可把这次训练加入 nnstudio 的运行记录。"
        ),
        "train": (
            "## 6. 训练\n\n一个新网络，一个迭代周期接一个地训练。输出的各行与 nnstudio 相同："
            "`final` 是训练结束时的模型（最后一个迭代周期，或早停恢复的最佳迭代周期），"
            "`best` 是验证损失最低的迭代周期。"
        ),
        "test": "## 7. 测试集\n\n只在最后用一次：公平地估计模型在从未见过的数据上表现如何。",
        "plots": (
            "## 8. 图\n\n每个迭代周期在训练集和验证集上的损失{extra}。"
            "如果训练损失在下降而验证损失在上升，说明网络在死记训练样本（过拟合）。"
        ),
        "plots_loss": "",
        "plots_accuracy": "，以及准确率",
        "plots_boundary": "、准确率，以及网络在平面上每一点给出的回答",
        "plots_fit": "，以及网络穿过训练数据点的曲线",
        "plots_images": "、准确率，以及一些验证集图像和网络给出的回答（红色：答错）",
        "loop": "训练循环：分批、计算损失、求梯度，每一批由优化器更新一步",
        "exact": "最小二乘法：一步解出最优权重",
    },
}
# The data sections' ``about`` (data_sources.py) in Chinese.
_ABOUT_ZH = {
    "the points, generated from a seed and split into training / validation / test":
        "由种子生成的数据点，划分为训练集 / 验证集 / 测试集",
    "the rows of your CSV file, split into training / validation / test":
        "你的 CSV 文件中的各行，划分为训练集 / 验证集 / 测试集",
    "the images, loaded by torchvision; validation images taken from the training ones":
        "由 torchvision 读取的图像；验证集图像取自训练图像",
    "the points you painted, split into training / validation": "你画的数据点，划分为训练集 / 验证集",
}
_NEEDS = {"en": ("numpy and torch", "numpy, torch and torchvision"),
          "zh": ("numpy 和 torch", "numpy、torch 和 torchvision")}


def export_notebook(config: RunConfig, lesson: Optional[Lesson] = None, language: str = "en",
                    variant: Optional[int] = None) -> nbformat.NotebookNode:
    """The notebook that trains the run ``config`` describes, explained in ``language`` (en or
    zh-CN), with ``lesson``'s text (and its ``variant``'s label, counted from 0) when given."""
    words = _WORDS[_base_language(language)]
    lang = _base_language(language)
    sections = script_sections(config)
    data = sections.data_info
    exact = OPTIMIZERS[config.train.optimizer].exact
    cells = [
        new_markdown_cell(_introduction(config, lesson, variant, lang, sections)),
        new_code_cell(sections.imports),
        new_markdown_cell(words["settings"]),
        new_code_cell(sections.settings),
        new_markdown_cell(words["data"].format(about=_about(data.about, lang))),
        new_code_cell(sections.data),
        new_markdown_cell(words["model"]),
        new_code_cell(sections.model),
        new_markdown_cell(words["training"].format(
            training=_capitalised(words["exact" if exact else "loop"], lang))),
        new_code_cell(sections.training),
        new_markdown_cell(words["run_folder"]),
        new_code_cell(sections.run_folder),
        new_markdown_cell(words["train"]),
        new_code_cell(_TRAIN_CELL),
        new_markdown_cell(words["test"]),
        new_code_cell(_TEST_CELL),
        new_markdown_cell(words["plots"].format(extra=words[_plot_kind(sections)])),
        new_code_cell(_plots_cell(sections)),
    ]
    for number, cell in enumerate(cells, 1):
        cell["id"] = f"cell-{number}"  # fixed ids: the same run exports the same file
    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(notebook)
    return notebook


def notebook_text(config: RunConfig, lesson: Optional[Lesson] = None, language: str = "en",
                  variant: Optional[int] = None) -> str:
    """The .ipynb file's text of :func:`export_notebook`."""
    return nbformat.writes(export_notebook(config, lesson, language, variant))


def write_notebook(config: RunConfig, path: str | os.PathLike[str], lesson: Optional[Lesson] = None,
                   language: str = "en", variant: Optional[int] = None) -> None:
    """Write :func:`notebook_text` to ``path`` (atomically)."""
    text = notebook_text(config, lesson, language, variant)
    try:
        atomic_write_text(Path(path), text)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def code_cells_as_script(notebook: nbformat.NotebookNode) -> str:
    """The notebook's code cells, in order, as one script (what running it top to bottom does)."""
    return "\n\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code") + "\n"


def markdown_text(text: str) -> str:
    """``text`` as markdown that shows it as typed: ``<``, ``>``, ``&`` as HTML entities (no
    tag), markdown's marks (emphasis, code, links, headings, tables, math) escaped with a
    backslash, and so are list and heading marks at a line's start."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]#|~$])", r"\\\1", text)
    text = re.sub(r"(?m)^(\s*)([-+=])", r"\1\\\2", text)
    return re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", text)


def _base_language(language: str) -> str:
    base = re.split(r"[_-]", language, maxsplit=1)[0].lower()
    if base not in _WORDS:
        raise ExportError(f"--lang {language}: the notebook is written in {' or '.join(LANGUAGES)}")
    return base


def _about(about: str, language: str) -> str:
    if language == "zh":
        return _ABOUT_ZH.get(about, "数据的来源与划分")
    return _capitalised(about, language)


def _capitalised(text: str, language: str) -> str:
    return text[:1].upper() + text[1:] if language == "en" else text


def _introduction(config: RunConfig, lesson: Optional[Lesson], variant: Optional[int],
                  language: str, sections: ScriptSections) -> str:
    words = _WORDS[language]
    colon = "：" if language == "zh" else ": "
    if lesson is not None:
        title = f"{words['lesson'].format(number=lesson.number)}{colon}{lesson.title_in(language)}"
    else:
        title = config.name or words["untitled"]
    blocks = [f"# {markdown_text(' '.join(title.split()))}"]
    if lesson is not None:
        blocks += [markdown_text(paragraph) for paragraph in lesson.text_in(language).split("\n\n")]
        if variant is not None:
            label = lesson.variant_labels(language)[variant]
            blocks.append(words["variant"].format(label=markdown_text(label)))
        items = lesson.look_for_in(language)
        if items:
            blocks.append(f"**{words['look_for']}**\n\n"
                          + "\n".join(f"- {markdown_text(item)}" for item in items))
    elif config.description:
        blocks.append(markdown_text(config.description))
    needs = _NEEDS[language][sections.data_info.is_image]
    blocks.append(words["intro"].format(needs=needs))
    return "\n\n".join(blocks)


# --- the cells that take the place of the script's command line ---
_TRAIN_CELL = '''OUT = None  # a folder name such as "run": also write the run folder nnstudio reads there
if DEVICE == "auto":  # a GPU if there is one
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
else:
    device = torch.device(DEVICE)
watchers = [RunFolder(OUT)] if OUT else []
network, history, final, best, outcome, (x_test, y_test) = train(device, watchers)
if history:
    say(describe("final ", final))  # the model's epoch: the last, or the restored one
    say(describe("best ", best))  # the epoch with the lowest validation loss'''

_TEST_CELL = '''test = None
if outcome["stop_kind"] != "diverged":
    test_loss, test_acc = evaluate(network, x_test, y_test)
    if test_loss is not None:
        test = {"test_loss": test_loss, "test_acc": test_acc, "epoch": final["epoch"]}
        accuracy = "" if test_acc is None else f" test_acc={test_acc:.6f}"
        say(f"test test_loss={test_loss:.6f}{accuracy}")
for watcher in watchers:
    watcher.finish(network, history, final, best, outcome, test, device)'''


def _plot_kind(sections: ScriptSections) -> str:
    data = sections.data_info
    if data.is_image:
        return "plots_images"
    if data.task != "regression" and data.input_shape == (2,):
        return "plots_boundary"
    if data.task == "regression" and data.input_shape == (1,) and data.n_outputs == 1:
        return "plots_fit"
    return "plots_accuracy" if data.task != "regression" else "plots_loss"

_PLOTS = '''try:
    import matplotlib.pyplot as plt
except ImportError:  # the training above needs no matplotlib; only these plots do
    plt = None
    print("The plots need matplotlib: pip install matplotlib")

if plt is not None and history:
    epochs = [epoch["epoch"] for epoch in history]
@acc@    figure, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(11, 4))
@noacc@    figure, loss_axes = plt.subplots(figsize=(6, 4))
    for key, label in (("train_loss", "training"), ("val_loss", "validation")):
        if history[0][key] is not None:
            loss_axes.plot(epochs, [epoch[key] for epoch in history], label=label)
    loss_axes.set(xlabel="epoch", ylabel="loss", title="Loss")
    loss_axes.legend()
@acc@    for key, label in (("train_acc", "training"), ("val_acc", "validation")):
@acc@        if history[0][key] is not None:
@acc@            accuracy_axes.plot(epochs, [epoch[key] for epoch in history], label=label)
@acc@    accuracy_axes.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
@acc@    accuracy_axes.legend()
    plt.show()
@boundary@
@boundary@if plt is not None:
@boundary@    # What the network answers at every point of the plane, under the training points.
@boundary@    (x_train, y_train), _, _ = load_data()
@boundary@    low, high = (x_train.min(0).values - 0.5).tolist(), (x_train.max(0).values + 0.5).tolist()
@boundary@    grid_x, grid_y = torch.meshgrid(torch.linspace(low[0], high[0], 200),
@boundary@                                    torch.linspace(low[1], high[1], 200), indexing="xy")
@boundary@    grid = torch.stack([grid_x.reshape(-1), grid_y.reshape(-1)], dim=1)
@boundary@    network.eval()
@boundary@    with torch.no_grad():
@boundary@        answers = predicted_class(network(grid.to(device))).cpu().reshape(grid_x.shape)
@boundary@    figure, axes = plt.subplots(figsize=(5, 5))
@boundary@    axes.contourf(grid_x.numpy(), grid_y.numpy(), answers.numpy(), alpha=0.3, cmap="viridis")
@boundary@    axes.scatter(x_train[:, 0].numpy(), x_train[:, 1].numpy(), c=y_train.reshape(-1).numpy(),
@boundary@                 s=12, cmap="viridis")
@boundary@    axes.set(title="What the network answers", xlabel="x1", ylabel="x2")
@boundary@    plt.show()
@fit@
@fit@if plt is not None:
@fit@    # The network's curve through the training points.
@fit@    (x_train, y_train), _, _ = load_data()
@fit@    line = torch.linspace(float(x_train.min()), float(x_train.max()), 200).reshape(-1, 1)
@fit@    network.eval()
@fit@    with torch.no_grad():
@fit@        curve = network(line.to(device)).cpu()
@fit@    figure, axes = plt.subplots(figsize=(6, 4))
@fit@    axes.scatter(x_train[:, 0].numpy(), y_train[:, 0].numpy(), s=10, label="training points")
@fit@    axes.plot(line[:, 0].numpy(), curve[:, 0].numpy(), color="red", label="the network")
@fit@    axes.set(title="The fit", xlabel="x", ylabel="y")
@fit@    axes.legend()
@fit@    plt.show()
@images@
@images@if plt is not None:
@images@    # Validation images with the network's answers, as nnstudio's sample browser shows them.
@images@    CLASSES = $CLASSES
@images@    _, (x_val, y_val), _ = load_data()
@images@    shown = x_val[:16]
@images@    network.eval()
@images@    with torch.no_grad():
@images@        answers = predicted_class(network(normalise(shown).to(device))).cpu()
@images@    figure, grid = plt.subplots(2, 8, figsize=(12, 3.4))
@images@    for k, axes in enumerate(grid.flat):
@images@        axes.axis("off")
@images@        if k < len(shown):
@images@            pixels = shown[k].permute(1, 2, 0).numpy()  # (height, width, channels)
@images@            axes.imshow(pixels[:, :, 0] if pixels.shape[2] == 1 else pixels, cmap="gray", vmin=0, vmax=255)
@images@            right = int(answers[k]) == int(y_val[k])
@images@            axes.set_title(CLASSES[int(answers[k])], color="black" if right else "red", fontsize=8)
@images@    figure.suptitle("Validation images: the network's answer (red: wrong)")
@images@    plt.show()'''


def _plots_cell(sections: ScriptSections) -> str:
    kind = _plot_kind(sections)
    tags = {"acc" if sections.data_info.task != "regression" else "noacc"}
    tags |= {"plots_boundary": {"boundary"}, "plots_fit": {"fit"}, "plots_images": {"images"}}.get(kind, set())
    cell = keep_tagged(_PLOTS, tags)
    if kind == "plots_images":
        cell = cell.replace("$CLASSES", literal(list(IMAGE_SETS[sections.data_info.name].classes)))
    return cell
