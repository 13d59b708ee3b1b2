"""A teacher's CSV trains like any dataset; every bad file gets a message naming line and column."""

import pytest

from nnstudio.core.config import parse_config
from nnstudio.core.data import load_dataset
from nnstudio.core.data.csv_import import load_csv_dataset
from nnstudio.core.errors import DataError
from nnstudio.core.train import Trainer


def write(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def iris_like(rows=120):
    import numpy as np

    rng = np.random.default_rng(0)
    lines = ["length;width;kind"]
    for i in range(rows):
        kind = ["setosa", "virginica", "versicolor"][i % 3]
        centre = {"setosa": (1, 1), "virginica": (4, 2), "versicolor": (2, 4)}[kind]
        x, y = rng.normal(centre, 0.4)
        lines.append(f"{x:.3f};{y:.3f};{kind}")
    return "\n".join(lines) + "\n"


def test_text_target_becomes_classes_and_trains_from_the_config(tmp_path):
    path = write(tmp_path, iris_like())
    config = parse_config({"data": {"dataset": "csv", "csv": str(path), "target": "kind"},
                           "train": {"epochs": 60, "lr": 0.03}})
    data = load_dataset(config.data)
    assert data.task == "multiclass" and data.class_names == ["setosa", "versicolor", "virginica"]
    assert data.feature_names == ["length", "width"]
    # standardised with the training split's statistics
    assert abs(float(data.train.x.mean())) < 1e-5
    trainer = Trainer(config)
    assert trainer.fit().final.val_acc > 0.9


def test_auto_task_makes_classes_of_text_and_of_few_whole_numbers_and_says_why(tmp_path):
    rows = range(60)
    path = write(tmp_path, "a,b,passed,grade,score,price,label\n" + "".join(
        f"{i},{i * 2},{i % 2},{1 + i % 5},{i % 21},{i / 7:.3f},{'yes' if i % 3 else 'no'}\n"
        for i in rows))
    passed = load_csv_dataset(path, "passed", ["a", "b"])  # a 0/1 target: two classes
    assert passed.task == "binary" and passed.class_names == ["0", "1"]
    assert passed.task_reason == ("classification: the target 'passed' holds 2 different whole "
                                  "numbers (at most 20 make classes)")
    grade = load_csv_dataset(path, "grade", ["a", "b"])
    assert grade.task == "multiclass" and grade.class_names == ["1", "2", "3", "4", "5"]
    score = load_csv_dataset(path, "score", ["a", "b"])  # 21 different whole numbers
    assert score.task == "regression"
    assert score.task_reason == ("regression: the target 'score' holds 21 different whole numbers "
                                 "(more than 20)")
    price = load_csv_dataset(path, "price", ["a", "b"])
    assert price.task == "regression"
    assert price.task_reason == "regression: the target 'price' holds numbers that are not whole"
    label = load_csv_dataset(path, "label", ["a", "b"])
    assert label.task == "binary"
    assert label.task_reason == "classification: the target 'label' holds text (2 classes)"
    # data.task overrides the rule, and the reason says so.
    overridden = load_csv_dataset(path, "passed", ["a", "b"], task="regression")
    assert overridden.task == "regression"
    assert overridden.task_reason == "regression: data.task says so"
    assert load_csv_dataset(path, "price", ["a"], task="classification").task == "multiclass"


def test_the_cli_says_first_which_task_a_csv_target_made(tmp_path, capsys):
    from nnstudio.cli import main

    path = write(tmp_path, "a,b,passed\n" + "".join(f"{i},{i * 2 % 7},{i % 2}\n" for i in range(40)))
    config = tmp_path / "exp.toml"
    config.write_text(f'[data]\ndataset = "csv"\ncsv = "{path}"\n[train]\nepochs = 2\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == ("task: classification: the target 'passed' holds 2 different whole numbers "
                     "(at most 20 make classes); set data.task to choose")


@pytest.mark.parametrize("text, message", [
    ("", "the file is empty"),
    ("1,2,3\n4,5,6\n", "line 1: no header row"),
    ("a,b,y\n1,2,3\n4,5\n", "line 3: 2 cells, expected 3"),
    ("a,b,y\n1,2,3\n4,,6\n", "line 3, column 'b': missing value"),
    ("a,b,y\n1,2,3\n4,five,6\n", "line 3, column 'b': 'five' is not a number"),
    ("a,b,y\n1,2,cat\n4,5,cat\n", "column 'y' has only one class ('cat')"),
    ("a b y\n1 2 3\n", "only one column found"),
    ("a,b,y\n", "no data rows"),
])
def test_bad_files_name_the_line_and_column(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DataError) as error:
        load_csv_dataset(path, "y")
    assert message in str(error.value)


def test_wrong_encoding_names_the_line(tmp_path):
    path = write(tmp_path, "a,b,y\n1,2,3\n4,5,é\n", encoding="latin-1")
    with pytest.raises(DataError, match="line 3: not UTF-8"):
        load_csv_dataset(path, "y")


def test_unknown_target_lists_the_columns(tmp_path):
    path = write(tmp_path, "a,b,label\n1,2,x\n3,4,y\n")
    with pytest.raises(DataError, match="no column 'kind'.*columns: a, b, label"):
        load_csv_dataset(path, "kind")
