"""How long a big CSV file takes to import, how much memory it needs, and whether the window stays
responsive meanwhile.

    python bench/csv_import.py                 # 4.6 M rows x 6 columns (~216 MB), all parts
    python bench/csv_import.py --rows 500000   # a smaller file
    python bench/csv_import.py --parsers       # also compare the candidate CSV parsers

Generates the file (kept in the temp folder for the next run), then measures, each in a fresh
process so that its peak memory is its own:

- the CLI path: ``nnstudio train`` on the file (one full-batch epoch, results written);
- the window's import: the CSV import dialog opens on the file (a preview of the first rows),
  checks the whole file in the background, is changed (one feature unticked) and checks again;
  a timer asks the event loop every 5 ms, and the longest wait beyond that is reported;
- with --parsers: reading the five numeric columns and the class column by today's csv-module
  loop, pandas' C parser, pyarrow and numpy.loadtxt (those installed).

Targets on the 2-core machine: CLI <= 15 s and <= 1.5 GB; the event loop never blocked > 50 ms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

COLUMNS = ["petal_length", "petal_width", "sepal_length", "sepal_width", "stem", "species"]
CLASSES = ["setosa", "versicolor", "virginica"]


def generate(path: Path, rows: int) -> None:
    """Five normal numeric columns (4 decimals) and a class name: ~47 bytes a row."""
    import numpy as np

    rng = np.random.default_rng(0)
    temporary = path.with_suffix(".partial")
    with open(temporary, "w", newline="") as file:
        file.write(",".join(COLUMNS) + "\n")
        for start in range(0, rows, 200_000):
            n = min(200_000, rows - start)
            x = rng.normal(0, 3, (n, 5))
            y = np.array(CLASSES)[rng.integers(0, 3, n)]
            file.write("".join(f"{a:.4f},{b:.4f},{c:.4f},{d:.4f},{e:.4f},{s}\n"
                               for (a, b, c, d, e), s in zip(x.tolist(), y.tolist())))
    temporary.replace(path)


def run_measured(code: str, *args: str) -> tuple[float, float, str]:
    """Run ``code`` in a fresh Python; (seconds, peak resident MB, its output)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}):\n{output}")
    return seconds, usage.ru_maxrss / 1024, output  # ru_maxrss is in KB on Linux


CLI = """
import sys
from nnstudio.cli import main
sys.exit(main(["train", sys.argv[1], "--out", sys.argv[2], "--quiet", "--no-record"]))
"""

LOAD = """
import sys, time
import torch  # imported before the clock starts: the CLI imports it whatever the data
from nnstudio.core.experiment import load_config
from nnstudio.core.data import load_dataset
started = time.perf_counter()
data = load_dataset(load_config(sys.argv[1]).data)
print(f"{time.perf_counter() - started:.1f}")
"""

WINDOW = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication
from nnstudio.core.config import DataConfig
from nnstudio.gui.csv_dialog import CsvImportDialog

app = QApplication([])
# Warm up as the app is when a teacher imports: Qt's style and fonts in use, pandas imported.
warm = Path(sys.argv[2])
warm.write_text("a,b\\n1,x\\n2,y\\n")
CsvImportDialog(str(warm), DataConfig()).show()
app.processEvents()
gaps, last = [], [time.perf_counter()]

def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now

timer = QTimer(interval=5)
timer.timeout.connect(tick)
timer.start()

def wait(condition, limit=300):
    started = time.perf_counter()
    while not condition():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - started > limit:
            raise SystemExit("timed out")

def checked(dialog):
    return (dialog.check is None and not dialog._check_timer.isActive()
            and bool(dialog.summary.text() or dialog.problem.text()))

started = time.perf_counter()
last[0] = started
dialog = CsvImportDialog(sys.argv[1], DataConfig())
dialog.show()
opened = time.perf_counter() - started
wait(lambda: checked(dialog))
first_check = time.perf_counter() - started
print("summary:", dialog.summary.text(), dialog.problem.text())
started = time.perf_counter()
dialog.feature_list.item(0).setCheckState(Qt.CheckState.Unchecked)
wait(lambda: dialog.check is not None)
wait(lambda: checked(dialog))
second_check = time.perf_counter() - started
started = time.perf_counter()
dialog.feature_list.item(0).setCheckState(Qt.CheckState.Checked)
wait(lambda: dialog.check is not None)
reading = time.perf_counter()
wait(lambda: time.perf_counter() - reading > 0.3)
dialog.cancel_check.click()
wait(lambda: checked(dialog))
cancelled = time.perf_counter() - started
print(f"opened {opened:.2f} checked {first_check:.2f} rechecked {second_check:.2f} "
      f"cancelled {cancelled:.2f} block_ms {max(0.0, (max(gaps) - 0.005) * 1000):.0f}")
dialog.reject()
"""

PARSERS = {
    "csv module loop (before)": """
import csv, numpy as np
with open(path, newline="", encoding="utf-8-sig") as file:
    rows = list(csv.reader(file))[1:]
x = np.array([[float(cell) for cell in row[:5]] for row in rows], dtype=np.float32)
y = [row[5].strip() for row in rows]
""",
    "pandas C parser (chosen)": """
import numpy as np, pandas as pd
frame = pd.read_csv(path, engine="c", dtype={**{c: "float64" for c in columns[:5]},
                                             columns[5]: "category"})
x = frame[columns[:5]].to_numpy(np.float32)
y = frame[columns[5]].cat.codes.to_numpy()
""",
    "pyarrow": """
import numpy as np, pyarrow.csv as pc
table = pc.read_csv(path)
x = np.column_stack([table.column(i).to_numpy() for i in range(5)]).astype(np.float32)
y = table.column(5).dictionary_encode()
""",
    "numpy.loadtxt": """
import numpy as np
x = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(5), dtype=np.float32)
y = np.loadtxt(path, delimiter=",", skiprows=1, usecols=[5], dtype=str)
""",
}
_MODULES = {"pandas C parser (chosen)": "pandas", "pyarrow": "pyarrow"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4_600_000)
    parser.add_argument("--parsers", action="store_true", help="also compare candidate parsers")
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / "nnstudio-bench-csv"
    folder.mkdir(exist_ok=True)
    path = folder / f"table-{args.rows}.csv"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(path, args.rows)
    print(f"{path}: {args.rows:,} rows x {len(COLUMNS)} columns, "
          f"{path.stat().st_size / 1e6:.0f} MB", flush=True)

    if args.parsers:
        import importlib.util

        for name, code in PARSERS.items():
            module = _MODULES.get(name)
            if module and importlib.util.find_spec(module) is None:
                print(f"  {name:28s} not installed")
                continue
            setup = f"path = {str(path)!r}; columns = {COLUMNS!r}\n"
            seconds, peak, _ = run_measured(setup + textwrap.dedent(code))
            print(f"  {name:28s} {seconds:6.1f} s  peak {peak:6.0f} MB", flush=True)

    config = folder / "train.toml"
    config.write_text(textwrap.dedent(f"""\
        [data]
        dataset = "csv"
        csv = {str(path)!r}
        target = "species"
        [model]
        hidden = [16]
        [train]
        epochs = 1
        batch_size = "full"
        device = "cpu"
        """))
    seconds, peak, _ = run_measured(CLI, str(config), str(folder / "run"))
    print(f"CLI  nnstudio train (one full-batch epoch): {seconds:5.1f} s, peak {peak:5.0f} MB "
          f"(targets: 15 s, 1500 MB)", flush=True)
    _, peak, output = run_measured(LOAD, str(config))
    print(f"     of which reading the file (load_dataset, as the CLI does): "
          f"{output.strip().splitlines()[-1]} s, peak {peak:5.0f} MB with torch", flush=True)

    seconds, peak, output = run_measured(WINDOW, str(path), str(folder / "warm-up.csv"))
    figures = output.strip().splitlines()[-1]
    print(f"window import dialog: {figures} (all in s but the block), peak {peak:5.0f} MB "
          f"(target: no block > 50 ms)")


if __name__ == "__main__":
    main()
