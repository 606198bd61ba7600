"""Memory: peak RSS of a process showing the main window, empty database vs a large one.

Each measurement is a fresh process, run alternately in one run, and its peak resident set is
read from the kernel when it exits (``os.wait4``'s ``ru_maxrss``). Two programs:

* ``app``: the real app, ``python -m cso_planner --db FILE`` with ``CSO_PLANNER_QUIT_AFTER_SHOW=1``
  (it quits once the window is shown and has loaded its data) and ``CSO_PLANNER_NO_WIZARD=1``;
* ``all screens``: the same main window (``create_main_window``), shown and loaded, then every
  screen of the sidebar shown once (each is built on first show), as after a visit of each.

Every process starts with a fresh settings folder (``XDG_CONFIG_HOME``), so none reopens on the
screen another one closed on.

The databases: a new one (migrated, nothing in it) and one with 10,000 CPE activities, 2,000
jobs and 500 plan items (``_seed.py``; both created before the runs, so neither measures the
migration).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_memory.py [--runs 3]``
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

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _seed import seed_database  # noqa: E402

TIMEOUT_S = 120

ALL_SCREENS = """
import pathlib, sys
from PySide6.QtWidgets import QApplication
from cso_planner.app import create_main_window

app = QApplication(sys.argv[:1])
window = create_main_window(pathlib.Path(sys.argv[1]), run_wizard=False)
window.show()
window.load_now()
if hasattr(window, "screen_widget"):  # screens built on first show, as a click would
    for key in window.screen_keys:
        window.show_screen(key)
        window.screen_widget(key)
        app.processEvents()
else:  # an older main window with placeholders: build the screens beside it
    from cso_planner.ui.screens import (
        budget, certifications, courses, cpe, dashboard, experience,
    )
    for cls in (experience.ExperienceScreen, cpe.CpeScreen, courses.CoursesScreen,
                certifications.CertificationsScreen, dashboard.DashboardScreen,
                budget.BudgetScreen):
        screen = cls(window.store, window.undo_stack, window.stack)
        window.stack.addWidget(screen)
        window.stack.setCurrentWidget(screen)
        app.processEvents()
    window.stack.setCurrentIndex(0)  # closeEvent saves the current sidebar key
window.close()
"""


def peak_rss_mb(command: list[str], env: dict[str, str]) -> float:
    """Run ``command`` to completion; its peak resident set size in MB (from the kernel)."""
    with tempfile.TemporaryDirectory(prefix="cso-bench-config-") as config:
        return _peak_rss_mb(command, dict(env, XDG_CONFIG_HOME=config))


def _peak_rss_mb(command: list[str], env: dict[str, str]) -> float:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    watchdog = threading.Timer(TIMEOUT_S, process.kill)  # a hang fails instead of waiting
    watchdog.start()
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    except BaseException:
        process.kill()
        raise
    finally:
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        program = "the main window + all screens" if command[1] == "-c" else " ".join(command)
        raise SystemExit(f"{program} on {command[-1]} exited with {process.returncode}")
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss * scale / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpe", type=int, default=10_000)
    parser.add_argument("--experience", type=int, default=2_000)
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cso-bench-") as folder:
        base = pathlib.Path(folder)
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            CSO_PLANNER_QUIT_AFTER_SHOW="1",
            CSO_PLANNER_NO_WIZARD="1",
            CSO_PLANNER_DATA_DIR=folder,
        )
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        empty, large = base / "empty.sqlite3", base / "large.sqlite3"
        seed_database(empty, cpe=0, experience=0, plan_items=0, courses=0)
        counts = seed_database(
            large, cpe=args.cpe, experience=args.experience, plan_items=args.items
        )
        programs = {
            "app": lambda db: [sys.executable, "-m", "cso_planner", "--db", str(db)],
            "all screens": lambda db: [sys.executable, "-c", ALL_SCREENS, str(db)],
        }
        peaks: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            for name, command in programs.items():
                for label, db in (("empty", empty), ("large", large)):
                    peaks.setdefault((name, label), []).append(peak_rss_mb(command(db), env))

    size = f"{counts['cpe']:,} CPE / {counts['experience']:,} jobs / {counts['plan_items']:,} items"
    print(f"peak RSS (MB), median of {args.runs} fresh processes each; large = {size}")
    print(f"{'program':<12} {'empty db':>9} {'large db':>9} {'difference':>11} {'ratio':>6}")
    rows = {}
    for name in programs:
        e = statistics.median(peaks[(name, "empty")])
        big = statistics.median(peaks[(name, "large")])
        rows[name] = (e, big)
        print(f"{name:<12} {e:9.1f} {big:9.1f} {big - e:+11.1f} {big / e:6.2f}")
    e, big = rows["app"]
    ea, biga = rows["all screens"]
    print(
        f"summary: the main window peaks at {e:.0f} MB on an empty database and {big:.0f} MB "
        f"on the large one ({big - e:+.0f} MB, x{big / e:.2f}); with every screen built "
        f"{ea:.0f} -> {biga:.0f} MB ({biga - ea:+.0f} MB, x{biga / ea:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
