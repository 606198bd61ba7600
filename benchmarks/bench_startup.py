"""Start-up: CSO Planner's main window vs a bare PySide6 window showing a label.

Both are measured as whole processes, alternately, in one run: from spawning the interpreter to
the process exiting right after its first window was shown and painted
(``CSO_PLANNER_QUIT_AFTER_SHOW=1`` for the app). Goal: ratio <= 1.5.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--runs 15]``
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("Hello")
label.resize(1100, 720)
label.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT), CSO_PLANNER_QUIT_AFTER_SHOW="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        db = pathlib.Path(folder) / "bench.sqlite3"
        env["CSO_PLANNER_DATA_DIR"] = folder
        env["XDG_CONFIG_HOME"] = folder
        app_cmd = [sys.executable, "-m", "cso_planner", "--db", str(db)]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        # First start creates and migrates the database; it is not what a user sees weekly.
        first = _time(app_cmd, env)
        bare, app = [], []
        for _ in range(args.runs):
            bare.append(_time(bare_cmd, env))
            app.append(_time(app_cmd, env))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    print(f"first start (creates + migrates the database): {first:.3f} s")
    print(f"bare PySide6 window: median {bare_median:.3f} s over {args.runs} runs")
    print(f"CSO Planner window:  median {app_median:.3f} s over {args.runs} runs")
    print(f"ratio app / bare: {app_median / bare_median:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
