"""A saved model applied to new rows: `nnstudio predict MODEL CSV -o OUT.csv`, in raw units."""

import csv
import io

import numpy as np
import pytest
import torch

from nnstudio.cli import main
from nnstudio.core.config import parse_config
from nnstudio.core.data.splits import split_indices
from nnstudio.core.store import load_checkpoint, save_checkpoint
from nnstudio.core.train import Trainer
from tests.tables import write_scores


def read_csv(path):
    rows = list(csv.reader(io.StringIO(path.read_text())))
    return rows[0], rows[1:]


@pytest.fixture
def scores_csv(tmp_path):
    """A table in its own units: ages, weights and a score around 150 (std about 40)."""
    return write_scores(tmp_path / "scores.csv", 120)


def train_and_save(raw, path):
    trainer = Trainer(parse_config(raw))
    trainer.fit()
    save_checkpoint(path, trainer)
    return trainer


def test_predict_writes_each_row_with_its_prediction_in_raw_units(scores_csv, tmp_path, capsys):
    trainer = train_and_save({"data": {"csv": str(scores_csv)}, "model": {"preset": "mlp"},
                              "train": {"epochs": 60}}, tmp_path / "model.pt")
    out = tmp_path / "predicted.csv"
    assert main(["predict", str(tmp_path / "model.pt"), str(scores_csv), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote 120 predictions to {out}\n"
    header, rows = read_csv(out)
    _, original = read_csv(scores_csv)
    assert header == ["age", "weight", "score", "prediction"]
    assert [row[:3] for row in rows] == original  # the input rows, as they were
    predicted = np.array([float(row[3]) for row in rows], dtype=np.float32)
    # The model's own output: the training rows are the network's training inputs exactly.
    train_rows, _, _ = split_indices(120, 0.2, 0.2, 0)
    expected = trainer.predict(trainer.dataset.train.x.numpy())[:, 0]
    np.testing.assert_array_equal(predicted[train_rows], expected)
    scores = np.array([float(row[2]) for row in original])
    assert abs(predicted.mean() - scores.mean()) < 10  # raw units: a score around 150
    assert np.mean((predicted - scores) ** 2) < 0.25 * scores.var()


def test_predict_names_the_class_and_gives_each_class_its_probability(tmp_path, capsys):
    rng = np.random.default_rng(0)
    lines = ["length,width,kind"]
    for i in range(150):
        kind = ["setosa", "versicolor", "virginica"][i % 3]
        centre = {"setosa": (1, 1), "versicolor": (4, 2), "virginica": (2, 4)}[kind]
        x, y = rng.normal(centre, 0.4)
        lines.append(f"{x:.3f},{y:.3f},{kind}")
    table = tmp_path / "flowers.csv"
    table.write_text("\n".join(lines) + "\n")
    trainer = train_and_save({"data": {"csv": str(table)}, "train": {"epochs": 40, "lr": 0.03}},
                             tmp_path / "model.pt")
    out = tmp_path / "predicted.csv"
    assert main(["predict", str(tmp_path / "model.pt"), str(table), "-o", str(out)]) == 0
    header, rows = read_csv(out)
    assert header == ["length", "width", "kind", "prediction", "probability_setosa",
                      "probability_versicolor", "probability_virginica"]
    probabilities = np.array([[float(p) for p in row[4:]] for row in rows], dtype=np.float32)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    train_rows, _, _ = split_indices(150, 0.2, 0.2, 0)
    expected = trainer.predict(trainer.dataset.train.x.numpy())
    np.testing.assert_array_equal(probabilities[train_rows], expected)
    assert np.mean([row[3] == row[2] for row in rows]) > 0.9  # the class names, mostly right


def test_a_model_of_2d_points_with_computed_features_predicts_from_x1_and_x2(tmp_path):
    trainer = train_and_save({"data": {"dataset": "circles", "features": ["x1^2", "x2^2"]},
                              "model": {"preset": "logistic"}, "train": {"epochs": 30, "lr": 0.05}},
                             tmp_path / "model.pt")
    points = trainer.dataset.points("train").numpy()
    table = tmp_path / "points.csv"
    table.write_text("x1,x2\n" + "".join(f"{a!r},{b!r}\n" for a, b in points.tolist()))
    out = tmp_path / "predicted.csv"
    assert main(["predict", str(tmp_path / "model.pt"), str(table), "-o", str(out)]) == 0
    header, rows = read_csv(out)
    assert header == ["x1", "x2", "prediction", "probability_class 0", "probability_class 1"]
    probabilities = np.array([[float(p) for p in row[3:]] for row in rows], dtype=np.float32)
    np.testing.assert_array_equal(probabilities, trainer.predict(trainer.dataset.train.x.numpy()))


def test_a_model_file_from_before_preprocessing_was_saved_still_predicts(scores_csv, tmp_path, capsys):
    trainer = train_and_save({"data": {"csv": str(scores_csv)}, "model": {"preset": "linear"},
                              "train": {"epochs": 5}}, tmp_path / "model.pt")
    payload = torch.load(tmp_path / "model.pt", weights_only=True)
    del payload["preprocessing"]
    torch.save(payload, tmp_path / "old.pt")
    old = load_checkpoint(tmp_path / "old.pt")
    assert old.preprocessing is None
    assert old.preprocessing_or_rebuilt() == trainer.preprocessing  # rebuilt from its data
    assert main(["predict", str(tmp_path / "old.pt"), str(scores_csv), "-o",
                 str(tmp_path / "p.csv")]) == 0
    capsys.readouterr()
    moved = tmp_path / "moved.csv"
    scores_csv.rename(moved)  # the training file is gone: its scaling cannot be rebuilt
    assert main(["predict", str(tmp_path / "old.pt"), str(moved)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "saved by an older nnstudio without its preprocessing" in error
    assert main(["predict", str(tmp_path / "model.pt"), str(moved), "-o", str(tmp_path / "q.csv")]) == 0


def test_rows_the_model_cannot_read_are_named_by_line_and_column(scores_csv, tmp_path, capsys):
    train_and_save({"data": {"csv": str(scores_csv)}, "train": {"epochs": 2}}, tmp_path / "model.pt")
    missing = tmp_path / "missing.csv"
    missing.write_text("age,height\n30,170\n")
    assert main(["predict", str(tmp_path / "model.pt"), str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"nnstudio: {missing}: no column 'weight'; the model reads age, weight\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("age,weight\n30,70\n40,heavy\n")
    assert main(["predict", str(tmp_path / "model.pt"), str(bad), "-o", str(tmp_path / "x.csv")]) == 2
    assert "line 3, column 'weight': 'heavy' is not a number" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
