"""Memory: peak RSS of the real main window, against a bare PySide6 window, at 1x and 10x.

Each measurement is a fresh cold process (``_procs.py``: compiled bytecode, peak RSS from the
kernel at exit), run alternately in one run:

* ``bare``: a PySide6 ``QMainWindow`` with a label (the baseline);
* ``app``: ``cso-planner`` until its Dashboard has painted with data;
* ``all screens``: the same main window, then every screen of the sidebar shown once (each is
  built on first show), as after a visit of each.

Databases (``_seed.py``, made in a child: a parent's peak RSS would carry into its children):
1x = 10,000 CPE, 2,000 jobs, 500 plan items, 300 courses; 10x = ten times each.
Goals (issue 13): ``app`` at 1x <= 2.2x the bare window; ``all screens`` at 10x <= 4x.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_memory.py [--runs 3]``
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _procs import (  # noqa: E402
    BARE_WINDOW,
    base_env,
    compile_bytecode,
    growth_check,
    open_on,
    seed_in_child,
    timed_run,
)

ALL_SCREENS = """
import pathlib, sys
from PySide6.QtWidgets import QApplication
from cso_planner.app import create_main_window

app = QApplication(sys.argv[:1])
window = create_main_window(pathlib.Path(sys.argv[1]), run_wizard=False)
window.show()
window.load_now()
for key in window.screen_keys:
    window.show_screen(key)
    window.screen_widget(key)
    app.processEvents()
window.close()
"""
SIZES = {
    "1x": dict(cpe=10_000, experience=2_000, plan_items=500, courses=300),
    "10x": dict(cpe=100_000, experience=20_000, plan_items=5_000, courses=3_000),
}
START_GOAL, ALL_GOAL = 2.2, 4.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cso-bench-memory-") as name:
        folder = pathlib.Path(name)
        env = base_env(folder, "offscreen")
        compile_bytecode(env)
        for size, counts in SIZES.items():
            seed_in_child(folder / f"{size}.sqlite3", counts)
        programs = {
            "app": lambda db: [sys.executable, "-m", "cso_planner", "--db", str(db)],
            "all screens": lambda db: [sys.executable, "-c", ALL_SCREENS, str(db)],
        }
        app_env = dict(env, CSO_PLANNER_QUIT_AFTER_PAINT="data")
        bare: list[float] = []
        peaks: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            bare.append(timed_run([sys.executable, "-c", BARE_WINDOW], env).rss_mb)
            for program, command in programs.items():
                for size in SIZES:
                    open_on(app_env, "dashboard")
                    sample = timed_run(command(folder / f"{size}.sqlite3"), app_env)
                    peaks.setdefault((program, size), []).append(sample.rss_mb)
    base = statistics.median(bare)
    print(f"peak RSS (MB), median of {args.runs} fresh processes; bare QMainWindow {base:.0f} MB")
    print(f"{'program':<12} {'1x':>7} {'ratio':>6} {'10x':>7} {'ratio':>6}")
    rows = {}
    for program in programs:
        one = statistics.median(peaks[(program, "1x")])
        ten = statistics.median(peaks[(program, "10x")])
        rows[program] = (one, ten)
        print(f"{program:<12} {one:7.0f} {one / base:6.2f} {ten:7.0f} {ten / base:6.2f}")
    failures = 0
    start = rows["app"][0] / base
    every = rows["all screens"][1] / base
    for label, ratio, goal in (("app at 1x", start, START_GOAL),
                               ("all screens at 10x", every, ALL_GOAL)):  # fmt: skip
        verdict = "ok" if ratio <= goal else "OVER"
        failures += verdict == "OVER"
        print(f"{label} / bare: {ratio:.2f} (goal <= {goal:g}) {verdict}")
    for program, (one, ten) in rows.items():
        line = growth_check(f"{program}, MB over the bare window", one - base, ten - base)
        failures += "FASTER" in line
        print(line)
    print(f"summary: {failures} goal(s) or growth checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
