"""Command line: ``nnstudio`` opens the window, ``nnstudio FILE`` opens an experiment (.toml) or a
classroom session (.nnsession) in it; ``train``, ``compare``, ``predict``, ``runs``,
``export-script``, ``export-notebook``, ``data``, ``presets`` and ``devices`` run headless;
``desktop-entry`` puts nnstudio in the desktop's application menu; ``--version``.

Exit codes: 0 success, 2 a bad config or input (one readable line on stderr), 3 training diverged,
130 interrupted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional, Sequence, TextIO

EXIT_OK, EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_INTERRUPTED = 0, 2, 3, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnstudio",
        description="Train neural networks and watch them learn. With no command, opens the window; "
                    "with a file (nnstudio FILE), opens that experiment or classroom session in it.",
    )
    from nnstudio import __version__

    parser.add_argument("--version", action="version", version=f"nnstudio {__version__}")
    commands = parser.add_subparsers(dest="command")

    train = commands.add_parser("train", help="train a config headless and write its results")
    train.add_argument("config", nargs="?", help="experiment file (TOML)")
    train.add_argument("--preset", help="train a built-in preset instead (see 'nnstudio presets')")
    train.add_argument("--lesson", help="train a lesson's config instead (see 'nnstudio lessons')")
    train.add_argument(
        "--variant", type=int, help="with --lesson: its variant K, from 1 (see 'lessons show')"
    )
    train.add_argument("--out", default="nnstudio-run", help="folder for the results")
    train.add_argument("--epochs", type=int, help="override train.epochs")
    train.add_argument("--device", help="override train.device (auto, cpu, cuda, cuda:N, mps)")
    train.add_argument("--seed", type=int, help="override train.seed (weights and shuffling)")
    train.add_argument("--test", action="store_true", help="also evaluate the test set, once")
    train.add_argument("--quiet", action="store_true", help="print only the summary")
    train.add_argument(
        "--no-record", action="store_true", help="do not record the run in the run history"
    )
    train.add_argument(
        "--no-advice", action="store_true",
        help="do not warn about settings that will probably make the run fail",
    )

    predict = commands.add_parser(
        "predict", help="apply a saved model to the rows of a CSV file (answers in raw units)"
    )
    predict.add_argument("model", help="a model file (model.pt from 'train' or the window)")
    predict.add_argument("csv", help="a CSV file with the columns the model reads")
    predict.add_argument("-o", "--output", help="the CSV file to write (default: print it)")
    compare = commands.add_parser(
        "compare", help="train several models on the same data and split, beside a baseline"
    )
    compare.add_argument("config", nargs="?", help="experiment file (TOML): the data and split")
    compare.add_argument("--preset", help="take the data of a built-in preset instead")
    compare.add_argument(
        "--models", required=True,
        help="comma-separated models: experiment files, presets, model families (logistic, "
             "softmax, mlp, ...) or 'current' (the config's own model)",
    )
    compare.add_argument("--json", action="store_true", help="print one JSON object per model")
    compare.add_argument("--epochs", type=int, help="override train.epochs of every model")
    compare.add_argument("--device", help="override train.device of every model")
    compare.add_argument("--seed", type=int, help="override train.seed of every model")
    compare.add_argument("--test", action="store_true", help="also score the test set, once, at the end")
    compare.add_argument(
        "--no-record", action="store_true", help="do not record the models in the run history"
    )

    runs = commands.add_parser(
        "runs", help="the run history: list, show, export, rename, delete, import"
    )
    runs_commands = runs.add_subparsers(dest="runs_command", required=True)
    runs_list = runs_commands.add_parser(
        "list", help="every recorded run, newest first, with its settings and results"
    )
    runs_list.add_argument(
        "--filter", default="",
        help="e.g. 'moons lr<0.05 final_val_acc>=0.9 batch=16..64 optimizer=adam' (every part must hold)",
    )
    runs_list.add_argument("--sort", default="", help="a column to sort by, smallest first")
    runs_list.add_argument("--desc", action="store_true", help="with --sort: largest first")
    runs_list.add_argument(
        "--columns", default="",
        help="comma-separated columns to show (default: the main settings and results; a wrong "
             "name lists every column)",
    )
    show = runs_commands.add_parser("show", help="a run's settings, results and last epochs")
    show.add_argument("id", help="run id (see 'nnstudio runs list')")
    show.add_argument("--last", type=int, default=10, help="how many of the last epochs to show")
    export = runs_commands.add_parser("export", help="write a run's epochs as CSV")
    export.add_argument("id", help="run id")
    export.add_argument("--csv", required=True, help="the CSV file to write")
    rename = runs_commands.add_parser("rename", help="give a run a new name")
    rename.add_argument("id", help="run id")
    rename.add_argument("name", help="the new name")
    notes = runs_commands.add_parser("notes", help="set a run's notes")
    notes.add_argument("id", help="run id")
    notes.add_argument("text", help="the notes (replace what was there)")
    delete = runs_commands.add_parser("delete", help="forget a run (its files stay on disk)")
    delete.add_argument("id", help="run id")
    run_import = runs_commands.add_parser(
        "import", help="add a run folder (of 'train --out' or an exported script) to the history"
    )
    run_import.add_argument("folder", help="the run folder: config.toml, metrics.csv, ...")

    script = commands.add_parser(
        "export-script", help="write a run as a standalone PyTorch script (train.py)"
    )
    script.add_argument("config", nargs="?", help="experiment file (TOML)")
    script.add_argument("--preset", help="export a built-in preset instead")
    script.add_argument("--run", help="export a recorded run instead (see 'nnstudio runs list')")
    script.add_argument("-o", "--output", help="the script to write (default: print it)")
    script.add_argument("--epochs", type=int, help="override train.epochs")
    script.add_argument("--seed", type=int, help="override train.seed (weights and shuffling)")

    notebook = commands.add_parser(
        "export-notebook",
        help="write a run as a Jupyter notebook: the script's code in cells, explained",
    )
    notebook.add_argument("config", nargs="?", help="experiment file (TOML)")
    notebook.add_argument("--preset", help="export a built-in preset instead")
    notebook.add_argument("--run", help="export a recorded run instead (see 'nnstudio runs list')")
    notebook.add_argument("--lesson", help="export a lesson, with its text (see 'nnstudio lessons')")
    notebook.add_argument(
        "--variant", type=int, help="with --lesson: its variant K, from 1 (see 'lessons show')"
    )
    notebook.add_argument("-o", "--output", required=True, help="the notebook to write (.ipynb)")
    notebook.add_argument("--lang", default="en", help="language of the text cells: en or zh-CN")
    notebook.add_argument("--epochs", type=int, help="override train.epochs")
    notebook.add_argument("--seed", type=int, help="override train.seed (weights and shuffling)")

    data = commands.add_parser("data", help="list or download datasets (for offline classes)")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    data_commands.add_parser("list", help="every dataset, and whether image sets are here")
    fetch = data_commands.add_parser("fetch", help="download an image set into the cache")
    fetch.add_argument("name", help="mnist, fashion_mnist, kmnist or cifar10")
    fetch.add_argument("--dir", default="", help="folder to download into (default: the cache)")

    lessons = commands.add_parser("lessons", help="list the lessons, or show one")
    lessons_commands = lessons.add_subparsers(dest="lessons_command")
    lessons_commands.add_parser("list", help="one line per lesson (the default)")
    lesson_show = lessons_commands.add_parser("show", help="a lesson's explanation and variants")
    lesson_show.add_argument("lesson", help="lesson number or slug, e.g. 3 or learning-rate")
    lesson_show.add_argument("--lang", default="en", help="language of the text: en or zh")

    commands.add_parser("presets", help="list the built-in experiments")
    commands.add_parser("devices", help="list the devices this machine can train on")
    commands.add_parser("desktop-entry", help="add nnstudio (with its icon) to the desktop's application menu "
                                             "(Linux: ~/.local/share/applications)")
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    """The commands ``parser`` knows (train, runs ...)."""
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subcommands only there
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return set(action.choices)
    return set()


def main(argv: Optional[Sequence[str]] = None) -> int:
    # torch's OpenMP threads spin while waiting; on a busy 2-core laptop (the GUI drawing, a
    # browser) that turns millisecond steps into stalls of 100+ ms. Waiting passively costs
    # nothing measurable when the machine is idle. Must be set before torch is imported.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if len(words) == 1 and not words[0].startswith("-") and words[0] not in command_names(parser):
        return _open_file(words[0])  # nnstudio FILE, as desktop apps open what they are given
    args = parser.parse_args(words)
    if args.command is None:
        return _open_window()
    from nnstudio.core.errors import NNStudioError

    try:
        if args.command == "train":
            return _train(args)
        if args.command == "predict":
            return _predict(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "runs":
            return _runs(args)
        if args.command == "export-script":
            return _export_script(args)
        if args.command == "export-notebook":
            return _export_notebook(args)
        if args.command == "data":
            return _data(args)
        if args.command == "lessons":
            return _lessons(args)
        if args.command == "presets":
            return _presets()
        if args.command == "devices":
            return _devices()
        if args.command == "desktop-entry":
            return _desktop_entry()
    except NNStudioError as exc:
        _fail(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("nnstudio: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. 'nnstudio runs list | head': the reader left, nothing is wrong
        sys.stderr.close()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return EXIT_OK  # pragma: no cover - argparse only lets known commands through


def _fail(message: str) -> None:
    """One readable line on stderr (several problems are joined with '; ')."""
    print("nnstudio: " + "; ".join(message.splitlines()), file=sys.stderr)


def _open_window(path: Optional[str] = None) -> int:
    try:
        from nnstudio.gui.app import run_app
    except ImportError:  # the window is not built yet: show a headless demo instead
        print("nnstudio: the window is not available; training the mlp-spiral preset headless")
        return main(["train", "--preset", "mlp-spiral", "--out", "nnstudio-demo"])
    return run_app(sys.argv[:1], path)


def _open_file(name: str) -> int:
    """``nnstudio FILE``: the window, with the file opened in it. A file that is not there is
    said at once (exit 2); one that cannot be read is said in the window."""
    path = Path(name)
    if not path.exists():
        _fail(f"no such file: {name} (commands: nnstudio --help)")
        return EXIT_BAD_INPUT
    if not path.is_file():
        _fail(f"not a file: {name}")
        return EXIT_BAD_INPUT
    return _open_window(str(path.resolve()))


def _desktop_entry() -> int:
    """Write nnstudio's desktop entry and icon where the desktop's menu finds them (the XDG data
    folder: $XDG_DATA_HOME, else ~/.local/share); they start this installation's nnstudio."""
    import shlex
    from importlib import resources

    from nnstudio.core.atomic_save import atomic_write_bytes, atomic_write_text

    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = Path(str(resources.files("nnstudio.resources")))
    entry = (folder / "desktop" / "nnstudio.desktop").read_text(encoding="utf-8")
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "nnstudio"))
    entry = entry.replace("Exec=nnstudio %f", f"Exec={command} %f")
    target = data / "applications" / "nnstudio.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "nnstudio.svg"
    try:
        for written in (target, icon):
            written.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, entry)
        atomic_write_bytes(icon, (folder / "icons" / "nnstudio.svg").read_bytes())
    except OSError as error:
        _fail(f"could not write the desktop entry: {error}")
        return EXIT_BAD_INPUT
    print(f"wrote {target}\nwrote {icon}")
    return EXIT_OK


def _presets() -> int:
    from nnstudio.core.presets import all_presets

    for name, config in all_presets().items():
        print(f"{name:30s} {config.description}")
    return EXIT_OK


_LESSON_HEADINGS = {
    "en": (": ", "Lesson {number}", "What to look for", "Variants", "Views", "Key setting"),
    "zh": ("：", "第 {number} 课", "观察要点", "对照", "视图", "关键设置"),
}


def _lessons(args: argparse.Namespace) -> int:
    from nnstudio.core.lessons import all_lessons, load_lesson

    if args.lessons_command != "show":
        for lesson in all_lessons():
            print(f"{lesson.number:2d}  {lesson.slug:22s}  {lesson.title_in('en')}")
        return EXIT_OK
    lesson, lang = load_lesson(args.lesson), args.lang
    base_language = lang.replace("-", "_").split("_")[0]
    colon, heading, look_for, variants, views, key = _LESSON_HEADINGS.get(
        base_language, _LESSON_HEADINGS["en"]
    )
    lines = [
        f"{heading.format(number=lesson.number)}{colon}{lesson.title_in(lang)} ({lesson.slug})",
        "",
        lesson.text_in(lang),
        "",
        f"{look_for}{colon.strip()}",
    ]
    lines += [f"  - {item}" for item in lesson.look_for_in(lang)]
    if lesson.variants:
        command = f"nnstudio train --lesson {lesson.slug} --variant K"
        lines += ["", f"{variants} ({command}){colon.strip()}"]
        lines += [f"  {k}. {label}" for k, label in enumerate(lesson.variant_labels(lang), 1)]
    lines += ["", f"{views}{colon}{', '.join(lesson.views)}", f"{key}{colon}{lesson.key_setting}"]
    print("\n".join(lines))
    return EXIT_OK


def _lesson_config(args: argparse.Namespace):
    """The config of ``--lesson``, or of its ``--variant K`` (counted from 1, as 'lessons show')."""
    from nnstudio.core.errors import ConfigError
    from nnstudio.core.lessons import load_lesson

    lesson = load_lesson(args.lesson)
    if args.variant is None:
        return lesson.config_for(None)
    count = len(lesson.variants)
    if not 1 <= args.variant <= count:
        allowed = f"it has {count} (1 to {count})" if count else "it has none"
        raise ConfigError(
            f"--variant: lesson {lesson.slug} has no variant {args.variant}; {allowed}"
        )
    return lesson.config_for(args.variant - 1)


def _data(args: argparse.Namespace) -> int:
    from nnstudio.core.data import DATASETS
    from nnstudio.core.data.images import IMAGE_SETS, image_root, is_available, load_images
    from nnstudio.core.errors import DataError

    if args.data_command == "list":
        for name, info in DATASETS.items():
            where = "built in"
            if name in IMAGE_SETS:
                where = "here" if is_available(name) else "not downloaded"
            print(f"{name:15s} {info.group:18s} {where:15s} {info.description}")
        return EXIT_OK
    if args.name not in IMAGE_SETS:
        raise DataError(
            f"data fetch: unknown image set {args.name!r}; known: {', '.join(IMAGE_SETS)}"
        )
    train_x, _, test_x, _ = load_images(args.name, args.dir, download=True)
    print(f"{args.name}: {len(train_x)} training and {len(test_x)} test images in "
          f"{image_root(args.dir)}")
    return EXIT_OK


def _devices() -> int:
    from nnstudio.core.device import available_devices, describe_device

    for name in available_devices():
        print(describe_device(name))
    return EXIT_OK


def _resolve_config(args: argparse.Namespace):
    from nnstudio.core.config import updated
    from nnstudio.core.errors import ConfigError
    from nnstudio.core.experiment import load_config
    from nnstudio.core.presets import load_preset

    run = getattr(args, "run", None)
    lesson = getattr(args, "lesson", None)
    if getattr(args, "variant", None) is not None and not lesson:
        raise ConfigError(f"{args.command}: --variant needs --lesson")
    if [bool(args.config), bool(args.preset), bool(run), bool(lesson)].count(True) != 1:
        other = {"export-script": " or --run ID", "train": " or --lesson N",
                 "export-notebook": " or --run ID or --lesson N"}.get(args.command, "")
        raise ConfigError(f"{args.command}: give either a CONFIG.toml file or --preset NAME{other}")
    if lesson:
        config = _lesson_config(args)
    elif run:
        from nnstudio.core.store import RunStore

        with RunStore() as store:
            config = store.get_run(_run_id(run)).config
    else:
        config = load_preset(args.preset) if args.preset else load_config(args.config)
    overrides = {
        key: getattr(args, key, None)
        for key in ("epochs", "device", "seed")
        if getattr(args, key, None) is not None
    }
    return updated(config, "train", **overrides) if overrides else config


def _warn_unused(args: argparse.Namespace, config) -> None:
    """One warning line per setting a config file gives a value that the run does not use
    (presets and lessons share settings between their variants, and are not warned about)."""
    from nnstudio.core.settings_use import unused_settings

    if not args.config:
        return
    for unused in unused_settings(config):
        print(f"nnstudio: warning: {unused.message()}", file=sys.stderr)


def _warn_advice(config, dataset) -> None:
    """One warning line per setting that will probably make the run fail, with its fix
    (core/advice.py); the run goes on."""
    from nnstudio.core.advice import DataFacts, advise

    for advice in advise(config, DataFacts.of(dataset)):
        print(f"nnstudio: advice: {advice.line()}", file=sys.stderr, flush=True)


def _train(args: argparse.Namespace) -> int:
    config = _resolve_config(args)
    _warn_unused(args, config)
    from nnstudio.core.atomic_save import atomic_file, atomic_write_text
    from nnstudio.core.experiment import save_config
    from nnstudio.core.store import save_checkpoint
    from nnstudio.core.train import Trainer

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from nnstudio.core.errors import NNStudioError

        raise NNStudioError(f"--out: cannot create {out} ({exc.strerror})") from None
    trainer = Trainer(config)
    if not args.no_advice:
        _warn_advice(config, trainer.dataset)
    if trainer.dataset.task_reason:  # the first line: which task was chosen for a CSV, and why
        choose = "; set data.task to choose" if config.data.task == "auto" else ""
        print(f"task: {trainer.dataset.task_reason}{choose}", flush=True)
    if config.model.preset == "auto" and _resolved_preset(trainer) != "mlp":
        print(f"model: auto is {_resolved_preset(trainer)} regression for a table with a numeric "
              "target (least squares' model); set model.preset = \"mlp\" for a network")
    if args.test and len(trainer.dataset.test) == 0:
        _refuse_test_without_test_set(config)
    if trainer.precision.mixed:
        print(f"precision: {trainer.precision.reason}", flush=True)
    with _writing_out(out / "config.toml"):
        save_config(config, out / "config.toml")
    recorder = None
    if not args.no_record:
        from nnstudio.core.store import RunRecorder

        recorder = RunRecorder()
        trainer.add_callback(recorder)  # before the reporter: an epoch shown is an epoch saved
    with _writing_out(out / "metrics.csv"), atomic_file(
        out / "metrics.csv", "w", newline="", encoding="utf-8"
    ) as metrics:
        reporter = _Reporter(metrics.file, config.train.epochs, sys.stderr, quiet=args.quiet)
        trainer.add_callback(reporter)
        try:
            result = trainer.fit()
        except KeyboardInterrupt:
            metrics.commit()  # the epochs that ended are kept (the run history keeps them too)
            raise
    if args.test and not result.diverged:
        result.test = trainer.evaluate_test()
    with _writing_out(out / "model.pt"):
        save_checkpoint(out / "model.pt", trainer)
    summary = result.summary()
    summary["config_name"] = config.name
    if recorder is not None:
        if result.test:
            recorder.set_test(result.test)
        recorder.set_checkpoint(out / "model.pt")
        summary["run_id"] = recorder.run_id if recorder.problem is None else None
    with _writing_out(out / "summary.json"):
        atomic_write_text(out / "summary.json", json.dumps(summary, indent=2) + "\n")
    print(_summary_line(result), file=sys.stdout)
    if result.notice:
        print(f"notice: {result.notice}")
    if recorder is not None and recorder.problem is None:
        print(f"recorded as run {recorder.run_id} (nnstudio runs show {recorder.run_id})")
    elif recorder is not None:
        _fail(f"{recorder.problem}; the run was trained but not recorded")
    if result.diverged:
        _fail(result.stop_reason)
        return EXIT_DIVERGED
    return EXIT_OK


@contextmanager
def _writing_out(path: Path) -> Iterator[None]:
    """An OSError while writing a result of ``train --out`` becomes one line (exit 2)."""
    try:
        yield
    except OSError as exc:
        from nnstudio.core.errors import NNStudioError

        raise NNStudioError(
            f"--out: {path} could not be written ({exc.strerror or exc}); an earlier file of "
            "that name was kept"
        ) from None


def _resolved_preset(trainer) -> str:
    from nnstudio.core.models.builder import resolved_model

    config = trainer.config
    return resolved_model(config.model, config.data, trainer.task).preset


def _refuse_test_without_test_set(config) -> None:
    """``--test`` asks for a test set the data does not have: say so before training, not after."""
    from nnstudio.core.errors import ConfigError

    data = config.data
    if data.dataset == "painted":
        why = "painted points are all used for training and validation"
    elif data.test_fraction == 0:
        why = "data.test_fraction is 0"
    else:
        why = f"data.test_fraction {data.test_fraction:g} of these samples rounds to none"
    raise ConfigError(f"--test: this run has no test set ({why}); set data.test_fraction above 0 "
                      "or train without --test")


def _predict(args: argparse.Namespace) -> int:
    from nnstudio.core.errors import NNStudioError
    from nnstudio.core.predict_csv import write_predictions
    from nnstudio.core.store import load_checkpoint

    checkpoint = load_checkpoint(args.model)
    preprocessing = checkpoint.preprocessing_or_rebuilt()
    try:
        text, rows = write_predictions(checkpoint.model, preprocessing, args.csv, args.output)
    except OSError as exc:
        raise NNStudioError(f"{args.output}: cannot be written ({exc.strerror or exc})") from None
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {rows} predictions to {args.output}")
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from nnstudio.core.config import parse_config
    from nnstudio.core.data import load_dataset
    from nnstudio.core.errors import NNStudioError
    from nnstudio.core.experiment import load_config
    from nnstudio.core.presets import load_preset
    from nnstudio.core.store.compared import CompareRecorder
    from nnstudio.core.train.compare import model_specs, run_compare, score_test

    if bool(args.config) == bool(args.preset):
        raise NNStudioError("compare: give either a CONFIG.toml file or --preset NAME (the data to compare on)")
    base = load_preset(args.preset) if args.preset else load_config(args.config)
    overrides = {key: getattr(args, key) for key in ("epochs", "device", "seed")
                 if getattr(args, key) is not None}
    if overrides:  # checked now, not after the first model trained
        parse_config({"train": overrides})
    specs = model_specs(args.models, base)
    dataset = load_dataset(base.data)
    if args.test and len(dataset.test) == 0:
        raise NNStudioError("--test: there is no test set (data.test_fraction is 0)")
    recorder = None if args.no_record else CompareRecorder()
    progress = _CompareProgress(sys.stderr)
    result = run_compare(
        base, specs, dataset, on_progress=progress.show,
        on_row=recorder.keep if recorder else None,
        callbacks=recorder.callbacks if recorder else (lambda config: []), **overrides,
    )
    progress.end()
    if args.test:
        score_test(result, dataset)
    if args.json:
        for row in result.rows:
            print(json.dumps(row.row()))
    else:
        print(_compare_table(result))
    for row in result.models:
        if row.stop_kind == "diverged":
            _fail(f"{row.model} diverged; try a smaller learning rate")
    if recorder is not None and recorder.problem:
        _fail(f"{recorder.problem}; the models were compared but not all recorded")
    return EXIT_OK


def _compare_table(result) -> str:
    """The comparison as a table: one line per model, the baseline first."""
    scores = ["mse", "r2"] if result.task == "regression" else ["acc", "f1"]
    keys = ["train_loss", "val_loss", *(f"val_{score}" for score in scores), "params", "seconds"]
    if result.test_scored:
        keys += ["test_loss", *(f"test_{score}" for score in scores)]
    width = max(len(row.model) for row in result.rows) + 2
    lines = [f"{'model':{width}}" + "".join(f"{key:>12}" for key in keys)]
    for row in result.rows:
        cells = []
        for key in keys:
            value = row.value(key)
            cells.append(f"{value:>12.2f}" if key == "seconds" else f"{_number(value):>12}")
        run = f"  run {row.run_id}" if row.run_id is not None else ""
        lines.append(f"{row.model:{width}}" + "".join(cells) + run)
    if result.stopped:
        lines.append("(stopped: the models not listed were not trained)")
    return "\n".join(lines)


class _CompareProgress:
    """One line of progress on stderr, redrawn on a terminal, one line per model otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last_draw = 0.0

    def show(self, progress) -> None:
        line = (f"model {progress.index + 1}/{progress.n_models} {progress.name}: "
                f"epoch {progress.epoch}/{progress.epochs}")
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw >= 0.1 or progress.epoch == progress.epochs:
                self.last_draw = now
                self.stream.write(f"\r{line}\x1b[K")
                self.stream.flush()
        elif progress.epoch == progress.epochs:
            print(f"{line} done", file=self.stream)

    def end(self) -> None:
        if self.tty:
            self.stream.write("\n")


def _run_id(text: str) -> int:
    from nnstudio.core.errors import StoreError

    try:
        return int(text)
    except ValueError:
        raise StoreError(
            f"run {text!r}: a run id is a whole number (see 'nnstudio runs list')"
        ) from None


def _runs(args: argparse.Namespace) -> int:
    from nnstudio.core.store import RunStore

    with RunStore() as store:
        if args.runs_command == "list":
            sort = ("-" if args.desc else "") + args.sort if args.sort else ""
            _print_run_list(store, args.filter, sort, args.columns)
            return EXIT_OK
        if args.runs_command == "import":
            return _import_run(store, args.folder)
        run_id = _run_id(args.id)
        if args.runs_command == "show":
            _print_run(store, run_id, max(args.last, 0))
        elif args.runs_command == "export":
            store.export_csv(run_id, args.csv)
            print(f"wrote the {store.get_run(run_id).epochs} epochs of run {run_id} to {args.csv}")
        elif args.runs_command == "rename":
            store.rename(run_id, args.name)
        elif args.runs_command == "notes":
            store.set_notes(run_id, args.text)
        elif args.runs_command == "delete":
            store.delete(run_id)
            print(f"deleted run {run_id}")
    return EXIT_OK


def _import_run(store, folder: str) -> int:
    from nnstudio.core.store.run_folder import import_run_folder

    run_id, note = import_run_folder(folder, store)
    run = store.get_run(run_id)
    state = run.stop_kind or "unfinished"
    print(f"imported {folder} as run {run_id}: {run.name}, {run.epochs} epochs, {state} "
          f"(nnstudio runs show {run_id})")
    if note:
        _fail(note)
    return EXIT_OK


LIST_COLUMNS = ("id", "name", "data", "model", "widths", "optimizer", "lr", "batch", "l2", "dropout",
                "max_epochs", "epochs", "stopped", "final_val_loss", "final_val_acc", "best_val_loss",
                "best_epoch")


def _print_run_list(store, filter_text: str = "", sort: str = "", columns: str = "") -> None:
    """The runs as a table: settings, then results ("final" is the saved model, "best" the epoch
    with the lowest validation loss), filtered and sorted as asked."""
    from nnstudio.core.errors import ConfigError
    from nnstudio.core.store.run_table import KEYS, table_rows

    keys = [key.strip().lower() for key in columns.split(",") if key.strip()] or list(LIST_COLUMNS)
    unknown = [key for key in keys if key not in KEYS]
    if unknown:
        raise ConfigError(f"--columns: no column {unknown[0]!r}; columns: {', '.join(KEYS)}")
    runs = store.list_runs()
    if not runs:
        print(f"no runs recorded yet (the history is {store.path})")
        return
    # "final" is the saved model (after early stopping with restore, the restored epoch); "best"
    # is the epoch with the lowest validation loss, labelled as such (core/store/run_table.py).
    rows = table_rows(runs, filter_text, sort)
    if not rows:
        print(f"none of the {len(runs)} runs matches {filter_text!r}")
        return
    cells = [[_cell(key, row.get(key)) for key in keys] for row in rows]
    widths = [min(max(len(key), *(len(line[index]) for line in cells)), 28) for index, key in enumerate(keys)]
    numeric = {"id", "layers", "lr", "batch", "l2", "dropout", "max_epochs", "epochs", "best_epoch"}

    def line(values):
        return "  ".join(
            (_clip(value, width).rjust(width) if key in numeric or key.startswith(("final_", "best_"))
             else _clip(value, width).ljust(width))
            for key, value, width in zip(keys, values, widths)).rstrip()

    print(line(keys))
    for values in cells:
        print(line(values))


def _cell(key: str, value) -> str:
    if key == "stopped" and value == "":
        return "unfinished"
    if isinstance(value, float):
        return f"{value:.4g}"
    return "-" if value is None or value == "" else str(value)


def _print_run(store, run_id: int, last: int) -> None:
    run = store.get_run(run_id)
    if run.finished:
        stop = f"{run.stop_kind}: {run.stop_reason}"
    else:
        stop = "unfinished (still running, or its process ended before the run did)"
    lines = [
        f"run {run.id}: {run.name}",
        f"started     {run.started_at}",
        f"ended       {run.ended_at or '-'}",
        f"result      {stop}",
        f"device      {run.device or '-'}, {run.n_params or '?'} parameters",
        f"epochs      {run.epochs}" + (f", best {run.best_epoch}" if run.best_epoch else "")
        + (f", weights restored from epoch {run.restored_epoch}" if run.restored_epoch else ""),
    ]
    labels = (("best", "epoch {epoch}"), ("final", "epoch {epoch}, the saved model"),
              ("test", "epoch {epoch}"))
    for (label, where), metrics in zip(labels, (run.best, run.final, run.test)):
        if metrics:
            epoch = metrics.get("epoch")
            place = f"{where.format(epoch=epoch)}: " if epoch is not None else ""
            lines.append(f"{label:11} {place}" + _metrics_text(metrics))
    if run.checkpoint:
        lines.append(f"checkpoint  {run.checkpoint}")
    if run.notes:
        lines.append(f"notes       {run.notes}")
    config_lines = run.config_text.strip().splitlines()
    lines += ["", "config:"] + [("  " + line).rstrip() for line in config_lines]
    epochs = store.epochs(run_id)[-last:] if last else []
    if epochs:
        from nnstudio.core.train import METRIC_COLUMNS

        lines += ["", f"last {len(epochs)} epochs:", "  ".join(f"{c:>10}" for c in METRIC_COLUMNS)]
        lines += ["  ".join(f"{_number(row[c]):>10}" for c in METRIC_COLUMNS) for row in epochs]
    print("\n".join(lines))


def _metrics_text(metrics: dict) -> str:
    keys = ("train_loss", "val_loss", "train_acc", "val_acc", "test_loss", "test_acc")
    return "  ".join(f"{key} {_number(metrics[key])}" for key in keys
                     if metrics.get(key) is not None)


def _when(timestamp: str) -> str:
    """'2026-11-25T09:14:18+00:00' -> '2026-11-25 09:14'."""
    return timestamp[:16].replace("T", " ")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _export_script(args: argparse.Namespace) -> int:
    config = _resolve_config(args)
    _warn_unused(args, config)
    from nnstudio.core.export import export_script, write_script

    if not args.output:
        sys.stdout.write(export_script(config))
        return EXIT_OK
    write_script(config, args.output)
    print(f"wrote {args.output}; run it with: python {args.output}")
    return EXIT_OK


def _export_notebook(args: argparse.Namespace) -> int:
    config = _resolve_config(args)
    _warn_unused(args, config)
    from nnstudio.core.export.notebook import write_notebook
    from nnstudio.core.lessons import load_lesson

    lesson = load_lesson(args.lesson) if args.lesson else None
    variant = None if args.variant is None else args.variant - 1  # checked by _resolve_config
    write_notebook(config, args.output, lesson, args.lang, variant)
    print(f"wrote {args.output}; open it with: jupyter lab {args.output}")
    return EXIT_OK


def _summary_line(result) -> str:
    """How the run ended, the saved model's numbers ("final") and the best epoch's ("best")."""
    parts = [f"{result.stop_reason}"]
    if result.final:
        final = f"final (epoch {result.final.epoch}, the saved model) val_loss " \
                f"{_number(result.final.val_loss)}"
        if result.final.val_acc is not None:
            final += f" val_acc {_number(result.final.val_acc)}"
        parts.append(final)
    if result.best:
        best = f"best epoch {result.best.epoch} val_loss {_number(result.best.val_loss)}"
        if result.best.val_acc is not None:
            best += f" val_acc {_number(result.best.val_acc)}"
        parts.append(best)
    if result.test:
        test = f"test_loss {_number(result.test['test_loss'])}"
        if result.test.get("test_acc") is not None:
            test += f" test_acc {_number(result.test['test_acc'])}"
        parts.append(test)
    return "; ".join(parts)


def _number(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return "-" if value is None else f"{value:.4g}"


class _Reporter:
    """Writes metrics.csv as epochs end (into the file that replaces metrics.csv when the run
    ends) and shows progress."""

    def __init__(self, file: TextIO, total_epochs: int, stream: TextIO, quiet: bool) -> None:
        from nnstudio.core.train import METRIC_COLUMNS

        self.file = file
        self.writer = csv.DictWriter(file, fieldnames=METRIC_COLUMNS)
        self.writer.writeheader()
        self.total = total_epochs
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty()
        self.last_draw = 0.0

    # Callback protocol (duck-typed so the CLI module stays light to import)
    def on_run_start(self, trainer) -> None:
        pass

    def on_epoch_end(self, trainer, metrics) -> None:
        self.writer.writerow(metrics.row())
        self.file.flush()
        if self.quiet:
            return
        line = (
            f"epoch {metrics.epoch}/{self.total}  train_loss {_number(metrics.train_loss)}"
            f"  val_loss {_number(metrics.val_loss)}"
        )
        if metrics.val_acc is not None:
            line += f"  val_acc {_number(metrics.val_acc)}"
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw < 0.1 and metrics.epoch < self.total:
                return
            self.last_draw = now
            width = 30
            filled = int(width * metrics.epoch / self.total)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {line}\x1b[K")
            self.stream.flush()
        else:
            print(line, file=self.stream)

    def on_run_end(self, trainer, result) -> None:
        if self.tty and not self.quiet:
            self.stream.write("\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
