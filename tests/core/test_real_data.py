"""Numbers a teacher can trust on real data: a regression table nobody here wrote.

The diabetes set (442 patients, 10 measurements, a disease score around 150) ships inside
scikit-learn, so no download is needed. Least squares, the textbook answer for a linear model,
is the yardstick: the defaults must reach its quality, in the target's own units.
"""

import numpy as np
import pytest
import torch

from nnstudio.core.config import parse_config
from nnstudio.core.models import OutputScale
from nnstudio.core.train import Trainer

datasets = pytest.importorskip("sklearn.datasets", reason="pip install scikit-learn (the test extra)")


@pytest.fixture(scope="module")
def diabetes_csv(tmp_path_factory):
    """The diabetes table as a teacher would bring it: raw measurements, a header, the target last."""
    data = datasets.load_diabetes(scaled=False)
    path = tmp_path_factory.mktemp("data") / "diabetes.csv"
    header = ",".join([*data.feature_names, "progression"])
    rows = [",".join(f"{value:g}" for value in [*row, target])
            for row, target in zip(data.data, data.target)]
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def raw_rows(trainer, part):
    """A split's features as the file has them (undoing the standardisation) and its target."""
    dataset = trainer.dataset
    x = getattr(dataset, part).x.numpy().astype(np.float64)
    return x * dataset.feature_std + dataset.feature_mean, getattr(dataset, part).y.numpy()[:, 0]


def with_intercept(x):
    return np.hstack([x, np.ones((len(x), 1))])


def test_the_default_run_reaches_least_squares_cross_validated_quality(diabetes_csv):
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold, cross_val_score

    trainer = Trainer(parse_config({"data": {"dataset": "csv", "csv": str(diabetes_csv)}}))
    result = trainer.fit()
    assert trainer.dataset.task == "regression"  # 214 different whole numbers: not classes
    x_train, y_train = raw_rows(trainer, "train")
    x_val, y_val = raw_rows(trainer, "val")
    x, y = np.vstack([x_train, x_val]), np.concatenate([y_train, y_val])
    folds = KFold(5, shuffle=True, random_state=0)
    least_squares_cv = -cross_val_score(LinearRegression(), x, y, cv=folds,
                                        scoring="neg_mean_squared_error").mean()
    assert 2500 < least_squares_cv < 3500  # the target's units: a score around 150
    assert result.final.val_loss <= 1.10 * least_squares_cv
    # The validation loss shown is the saved model's MSE in the target's own units.
    predicted = trainer.predict(trainer.dataset.val.x.numpy())[:, 0]
    assert np.mean((predicted - y_val) ** 2) == pytest.approx(result.final.val_loss, rel=1e-4)
    assert abs(predicted.mean() - y_val.mean()) < 25


def test_the_linear_presets_defaults_reach_least_squares_training_error(diabetes_csv):
    trainer = Trainer(parse_config({"data": {"dataset": "csv", "csv": str(diabetes_csv)},
                                    "model": {"preset": "linear"}}))
    result = trainer.fit()
    assert result.stop_kind == "completed" and result.notice is None  # converged
    x_train, y_train = raw_rows(trainer, "train")
    coefficients, *_ = np.linalg.lstsq(with_intercept(x_train), y_train, rcond=None)
    least_squares = np.mean((with_intercept(x_train) @ coefficients - y_train) ** 2)
    model_mse, _ = trainer.evaluate(trainer.train_part)  # the saved model on the training rows
    assert least_squares <= model_mse <= 1.01 * least_squares
    assert result.final.train_loss <= 1.02 * least_squares  # the curve's last value, raw units


def test_the_target_is_learned_in_standard_units_and_shown_in_its_own(diabetes_csv):
    trainer = Trainer(parse_config({"data": {"dataset": "csv", "csv": str(diabetes_csv)},
                                    "model": {"preset": "mlp"}, "train": {"epochs": 5}}))
    scale = trainer.model[-1]
    assert isinstance(scale, OutputScale)
    y_train = trainer.dataset.train.y
    assert float(scale.mean) == pytest.approx(float(y_train.mean()), rel=1e-5)
    assert float(scale.std) == pytest.approx(float(y_train.std(unbiased=False)), rel=1e-5)
    with torch.no_grad():  # a fresh network starts near the mean, not near 0
        start = trainer.model(trainer.dataset.val.x)
    assert abs(float(start.mean()) - float(y_train.mean())) < 0.5 * float(scale.std)
    result = trainer.fit()
    assert result.final.train_loss > 100  # losses are in the score's units (std about 77)


def test_the_cli_says_first_which_task_and_model_were_chosen(diabetes_csv, tmp_path, capsys):
    from nnstudio.cli import main

    config = tmp_path / "diabetes.toml"
    config.write_text(f'[data]\ncsv = "{diabetes_csv}"\n')
    assert main(["train", str(config), "--out", str(tmp_path / "out"), "--epochs", "3",
                 "--quiet"]) == 0
    task, model = capsys.readouterr().out.splitlines()[:2]
    assert task == ("task: regression: the target 'progression' holds 214 different whole numbers "
                    "(more than 20); set data.task to choose")
    assert model.startswith("model: auto is linear regression for a table with a numeric target")


def test_least_squares_solved_exactly_is_numpys_in_the_targets_units(diabetes_csv):
    trainer = Trainer(parse_config({"data": {"dataset": "csv", "csv": str(diabetes_csv)},
                                    "model": {"preset": "linear"}, "train": {"optimizer": "lstsq"}}))
    result = trainer.fit()
    x_train, y_train = raw_rows(trainer, "train")
    x_val, y_val = raw_rows(trainer, "val")
    coefficients, *_ = np.linalg.lstsq(with_intercept(x_train), y_train, rcond=None)
    least_squares = np.mean((with_intercept(x_train) @ coefficients - y_train) ** 2)
    assert result.final.train_loss == pytest.approx(least_squares, rel=1e-5)
    predicted = trainer.predict(trainer.dataset.val.x.numpy())[:, 0]
    np.testing.assert_allclose(predicted, with_intercept(x_val) @ coefficients, rtol=1e-5)
    assert result.final.val_loss == pytest.approx(
        np.mean((with_intercept(x_val) @ coefficients - y_val) ** 2), rel=1e-5)
