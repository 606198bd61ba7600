"""Start-up: CSO Planner's main window vs a bare PySide6 window showing a label.

Both are measured as whole processes, alternately, in one run, from spawning the interpreter to
the process exiting. The app is timed twice: "window visible" exits right after its window has
painted (``CSO_PLANNER_QUIT_AFTER_FIRST_PAINT=1``: the start window, the planner's frame drawn
before the database is opened), and "data loaded" exits once the main window has shown and
loaded the data (``CSO_PLANNER_QUIT_AFTER_SHOW=1``). Goal: window visible <= 1.5x the bare one.

The database is new (empty), so the app runs with ``CSO_PLANNER_NO_WIZARD=1``: otherwise the
first-run wizard is offered right after the window closes and, being modal, keeps the process
waiting forever offscreen. Each process gets ``TIMEOUT_S`` seconds, so a hang fails loudly.

Bytecode: an installed app starts from compiled ``.pyc`` files, but a shell with
``PYTHONDONTWRITEBYTECODE=1`` recompiles every module of the checkout at every start (about
0.2 s here). So the children get a private ``PYTHONPYCACHEPREFIX`` in the temporary folder
(written by the untimed first start, nothing written into the checkout);
``--no-bytecode-cache`` keeps the environment as it is.

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
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
TIMEOUT_S = 60
GOAL_RATIO = 1.5

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
    # A blocking wait with a watchdog thread: ``subprocess.run(timeout=...)`` would poll the
    # child with sleeps of up to 50 ms and round every figure up to that step.
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    watchdog = threading.Timer(TIMEOUT_S, process.kill)
    watchdog.start()
    try:
        code = process.wait()
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - start
    if code != 0:
        why = (
            f"did not exit within {TIMEOUT_S} s (a dialog left open?)"
            if elapsed >= TIMEOUT_S
            else f"exited with {code}"
        )
        raise SystemExit(f"{' '.join(command[:4])} {why}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="leave PYTHONDONTWRITEBYTECODE / PYTHONPYCACHEPREFIX as they are",
    )
    args = parser.parse_args()
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        CSO_PLANNER_QUIT_AFTER_SHOW="1",
        CSO_PLANNER_NO_WIZARD="1",
    )
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        db = pathlib.Path(folder) / "bench.sqlite3"
        env["CSO_PLANNER_DATA_DIR"] = folder
        if not args.no_bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(pathlib.Path(folder) / "pycache")
        env["XDG_CONFIG_HOME"] = folder
        app_cmd = [sys.executable, "-m", "cso_planner", "--db", str(db)]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        # First start creates and migrates the database (and fills the bytecode cache); it is
        # not what a user sees weekly.
        first = _time(app_cmd, env)
        _time(bare_cmd, env)  # the bare window's first start, untimed likewise
        paint_env = dict(env, CSO_PLANNER_QUIT_AFTER_FIRST_PAINT="1")
        bare, paint, app = [], [], []
        for _ in range(args.runs):
            bare.append(_time(bare_cmd, env))
            paint.append(_time(app_cmd, paint_env))
            app.append(_time(app_cmd, env))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    paint_median = statistics.median(paint)
    print(f"{'process':<30} {'median s':>9} {'min s':>7} {'max s':>7}  runs")
    for name, times in (
        ("bare PySide6 window", bare),
        ("CSO Planner window visible", paint),
        ("CSO Planner data loaded", app),
    ):
        print(
            f"{name:<30} {statistics.median(times):9.3f} {min(times):7.3f} "
            f"{max(times):7.3f}  {len(times)}"
        )
    print(f"{'first start (migrates)':<30} {first:9.3f} {'':>7} {'':>7}  1")
    cache = "off (as the environment says)" if args.no_bytecode_cache else "on (private prefix)"
    print(f"bytecode cache: {cache}")
    ratio = paint_median / bare_median
    verdict = "ok" if ratio <= GOAL_RATIO else "OVER GOAL"
    print(
        f"summary: window visible {paint_median:.3f} s vs bare {bare_median:.3f} s -> ratio "
        f"{ratio:.2f} (goal <= {GOAL_RATIO}) {verdict}; data loaded {app_median:.3f} s "
        f"(ratio {app_median / bare_median:.2f})"
    )


if __name__ == "__main__":
    main()
