"""Big CSV files: read fast, previewed by their first rows, with progress and Cancel; and the same
messages naming line and column as for a small file, wherever the problem is."""

import codecs

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnstudio.core.data import csv_import
from nnstudio.core.data.csv_import import LoadCancelled, load_csv_dataset, read_table
from nnstudio.core.errors import DataError, NNStudioError

ROWS = 120_000  # more than two steps of the reader (CHUNK_ROWS)


def table_lines(rows=ROWS, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 2, (rows, 2))
    kinds = np.array(["cat", "dog", "emu"])[rng.integers(0, 3, rows)]
    return ["a,b,kind"] + [f"{p:.4f},{q:.4f},{k}" for (p, q), k in zip(x.tolist(), kinds)]


def write_lines(tmp_path, lines, name="big.csv", newline="\n"):
    path = tmp_path / name
    path.write_bytes((newline.join(lines) + newline).encode())
    return path


def same_data(first, second):
    for part in ("train", "val", "test"):
        assert torch.equal(getattr(first, part).x, getattr(second, part).x), part
        assert torch.equal(getattr(first, part).y, getattr(second, part).y), part
    assert first.class_names == second.class_names and first.task == second.task


def test_a_preview_reads_the_first_rows_only(tmp_path):
    lines = table_lines(5_000)
    lines[4_000] = "1,oops,cat"
    path = write_lines(tmp_path, lines)
    preview = read_table(path, max_rows=200)
    assert len(preview.rows) == 200 and not preview.complete
    assert preview.columns == ["a", "b", "kind"] and preview.line_numbers[:2] == [2, 3]
    with pytest.raises(DataError, match="line 4001, column 'b': 'oops' is not a number"):
        load_csv_dataset(path, "kind")


@pytest.mark.parametrize("change, message", [
    (lambda lines: lines.__setitem__(100_000, "1.5,oops,cat"),
     "line 100001, column 'b': 'oops' is not a number"),
    (lambda lines: lines.__setitem__(100_000, "1.5,,cat"), "line 100001, column 'b': missing value"),
    (lambda lines: lines.__setitem__(100_000, "1.5,2"), "line 100001: 2 cells, expected 3"),
    (lambda lines: lines.__setitem__(100_000, "1.5,2,cat,4"), "line 100001: 4 cells, expected 3"),
    (lambda lines: lines.__setitem__(100_000, "1.5,2,   "), "line 100001, column 'kind': missing value"),
    (lambda lines: lines.__setitem__(100_000, "inf,2,cat"), "line 100001, column 'a': 'inf' is not a number"),
    (lambda lines: lines.__setitem__(100_000, "nan,2,cat"), "line 100001, column 'a': 'nan' is not a number"),
    (lambda lines: lines.__setitem__(100_000, "1e39,2,cat"),
     "line 100001, column 'a': '1e39' is too large; numbers are kept as float32"),
])
def test_a_problem_deep_in_a_big_file_is_named_by_line_and_column(tmp_path, change, message):
    lines = table_lines()
    change(lines)
    with pytest.raises(DataError) as raised:
        load_csv_dataset(write_lines(tmp_path, lines), "kind")
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_the_fast_and_the_careful_reader_load_the_same_data(tmp_path):
    lines = table_lines(3_000)
    fast = load_csv_dataset(write_lines(tmp_path, lines, "fast.csv"), "kind")
    # An empty cell in a column that is not used sends the file to the row-by-row reader, which
    # finds nothing wrong and loads it.
    careful = [line + ("," if i == 1000 else ",x") for i, line in enumerate(lines)]
    careful[0] = lines[0] + ",note"
    slow = load_csv_dataset(write_lines(tmp_path, careful, "careful.csv"), "kind",
                            feature_columns=["a", "b"])
    same_data(fast, slow)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_read_as_the_same_table(tmp_path, newline):
    lines = table_lines(2_000)
    unix = load_csv_dataset(write_lines(tmp_path, lines, "unix.csv"), "kind")
    other = load_csv_dataset(write_lines(tmp_path, lines, "other.csv", newline), "kind")
    same_data(unix, other)
    lines[1500] = "1,x,cat"
    with pytest.raises(DataError, match="line 1501, column 'b'"):
        load_csv_dataset(write_lines(tmp_path, lines, "bad.csv", newline), "kind")


def test_reading_reports_progress_and_can_be_cancelled(tmp_path):
    path = write_lines(tmp_path, table_lines())
    shares = []
    data = load_csv_dataset(path, "kind", progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0 and len(shares) > 2
    assert sum(data.sizes().values()) == ROWS
    asked = []

    def cancel_after_two_steps():
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(LoadCancelled):
        load_csv_dataset(path, "kind", cancelled=cancel_after_two_steps)
    assert len(asked) == 3


def test_a_quoted_cell_over_128_kb_is_read(tmp_path):
    note = "word " * 40_000  # 200 KB of text in one quoted cell
    lines = ["a,b,note,kind", f'1,2,"{note}",cat', "3,4,short,dog", '5,6,"a ""quote""",cat']
    path = write_lines(tmp_path, lines)
    data = load_csv_dataset(path, "kind", feature_columns=["a", "b"], val_fraction=0.0)
    assert sum(data.sizes().values()) == 3
    assert read_table(path).rows[0][2] == note.strip()


# --- fuzzing: whatever the bytes, a dataset or one message ---
cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**40, 10**40).map(str),
    st.sampled_from(["", " ", "cat", "dog", '"', '""', "a,b", "1;2", "\t", "\x00", "é", "1e39",
                     "NaN", "NA", "null", "-0", "1_000", "0x10", " 3.5 "]),
    st.text(max_size=8),
)
rows = st.lists(st.lists(cells, min_size=1, max_size=5), min_size=0, max_size=8)


def quote(cell, rule):
    if rule == "all" or (rule == "needed" and any(c in cell for c in ',;"\r\n\t|')):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(["a", "b", "y", " c ", "", "1", "a"]), min_size=1, max_size=5),
    body=rows,
    separator=st.sampled_from([",", ";", "\t", "|"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    quoting=st.sampled_from(["none", "needed", "all"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
    target=st.sampled_from(["", "y", "b"]),
    task=st.sampled_from(["auto", "regression", "classification"]),
)
def test_any_csv_text_gives_a_dataset_or_one_message(tmp_path, header, body, separator, newline,
                                                     quoting, encoding, target, task):
    lines = [separator.join(quote(cell, quoting) for cell in row) for row in [header, *body]]
    try:
        data = (newline.join(lines) + newline).encode(encoding)
    except UnicodeEncodeError:
        data = (newline.join(lines) + newline).encode("utf-8", "surrogatepass")
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        dataset = load_csv_dataset(path, target, task=task, val_fraction=0.2)
    except NNStudioError as error:
        assert str(error) and "\n" not in str(error) and "Traceback" not in str(error)
        return
    assert torch.isfinite(dataset.train.x).all()
    if dataset.task == "regression":
        assert torch.isfinite(dataset.train.y).all()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_give_a_dataset_or_one_message(tmp_path, data):
    path = tmp_path / "bytes.csv"
    path.write_bytes(codecs.BOM_UTF8 + data if data[:1] == b"\xff" else data)
    for reader in (lambda: read_table(path, max_rows=10), lambda: load_csv_dataset(path)):
        try:
            reader()
        except NNStudioError as error:
            assert str(error) and "\n" not in str(error)


def test_the_fast_reader_reads_in_steps(tmp_path, monkeypatch):
    """The steps are what lets progress, Cancel and the window's event loop in between."""
    monkeypatch.setattr(csv_import, "CHUNK_ROWS", 1000)
    shares = []
    load_csv_dataset(write_lines(tmp_path, table_lines(10_000)), "kind", progress=shares.append)
    assert len(set(shares)) >= 10


def test_classes_keep_their_text_even_when_it_looks_like_numbers(tmp_path):
    lines = ["a,b,grade"] + [f"{i % 7},{i % 3},{['01', '1.0', '2'][i % 3]}" for i in range(300)]
    data = load_csv_dataset(write_lines(tmp_path, lines), "grade", task="classification")
    assert data.class_names == ["01", "1.0", "2"]
