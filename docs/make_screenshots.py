"""Train two runs in the real window (offscreen) and save screenshots for the README.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from nnstudio.core.presets import load_preset  # noqa: E402
from nnstudio.gui.main_window import MainWindow  # noqa: E402
from nnstudio.gui.views import configure_pyqtgraph  # noqa: E402

SHOTS = {
    "classification.png": "mlp-spiral",
    "regression.png": "polynomial-overfit",
}


def wait(app: QApplication, condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the run did not finish in time")
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(Path(__file__).parent / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NNSTUDIO_HOME", str(out / ".home"))
    app = QApplication(sys.argv[:1])
    configure_pyqtgraph()
    for filename, preset in SHOTS.items():
        window = MainWindow(load_preset(preset))
        window.resize(1500, 900)
        window.show()
        wait(app, lambda: window.run_info is not None)
        window.start_training()
        wait(app, lambda: window.state == "idle" and window.last_result is not None)
        for _ in range(20):
            app.processEvents()
        window.grab().save(str(out / filename))
        print(f"saved {out / filename}: {window.last_result.stop_reason}")
        window.shutdown()
        window.deleteLater()
    return 0


if __name__ == "__main__":
    sys.exit(main())
