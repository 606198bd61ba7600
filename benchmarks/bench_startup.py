"""Start-up as a person gets it: the real main window, and the Dashboard painted with data.

Whole cold processes (compiled bytecode as an install has it, see ``_procs.py``), run
alternately in one run with their baseline, a bare PySide6 ``QMainWindow`` showing a label:

* ``window``: ``cso-planner`` until the real main window (not a placeholder) has painted;
* ``dashboard``: until the Dashboard, the screen it opens on, has painted with its data;

on three databases made before the runs: empty, 1x (10,000 CPE, 2,000 jobs, 500 plan items,
300 courses) and 10x (100,000 / 20,000 / 5,000 / 3,000). Each process's peak RSS is read from
the kernel as well. Every platform given runs the lot: ``offscreen`` and, with ``--xvfb :N``,
the real ``xcb`` plugin on a virtual X server started here.

Goals (issue 13): window visible at 1x <= 2.5x the bare window; Dashboard painted with data
<= 3x at 1x and <= 6x at 10x; peak RSS at start <= 2.2x the bare window's. A figure that grows
faster than the data from 1x to 10x fails its own check.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs 7] [--xvfb :16] [--no-offscreen]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _procs import (  # noqa: E402
    BARE_WINDOW,
    Sample,
    base_env,
    compile_bytecode,
    growth_check,
    median,
    open_on,
    seed_in_child,
    timed_run,
    xvfb,
)

GOALS = {("window", "1x"): 2.5, ("dashboard", "1x"): 3.0, ("dashboard", "10x"): 6.0}
RSS_GOAL = 2.2
SIZES = {
    "empty": dict(cpe=0, experience=0, plan_items=0, courses=0),
    "1x": dict(cpe=10_000, experience=2_000, plan_items=500, courses=300),
    "10x": dict(cpe=100_000, experience=20_000, plan_items=5_000, courses=3_000),
}


def measure(
    folder: pathlib.Path, platform: str, display: str | None, runs: int
) -> tuple[list[Sample], dict[tuple[str, str], list[Sample]]]:
    env = base_env(folder, platform, display)
    compile_bytecode(env)
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    app = {
        (mode, size): (
            [sys.executable, "-m", "cso_planner", "--db", str(folder / f"{size}.sqlite3")],
            dict(env, CSO_PLANNER_QUIT_AFTER_PAINT="window" if mode == "window" else "data"),
        )
        for mode in ("window", "dashboard")
        for size in SIZES
    }
    # Untimed first starts: the OS file cache, Qt's font cache.
    timed_run(bare_cmd, env)
    for command, child_env in app.values():
        open_on(child_env, "dashboard")
        timed_run(command, child_env)
    bare: list[Sample] = []
    samples: dict[tuple[str, str], list[Sample]] = {key: [] for key in app}
    for _ in range(runs):
        bare.append(timed_run(bare_cmd, env))
        for key, (command, child_env) in app.items():
            open_on(child_env, "dashboard")
            samples[key].append(timed_run(command, child_env))
    return bare, samples


def report(platform: str, bare: list[Sample], samples: dict[tuple[str, str], list[Sample]]) -> int:
    base = median(bare)
    print(f"\n[{platform}] medians of {len(bare)} runs; bare QMainWindow "
          f"{base.seconds:.3f} s, {base.rss_mb:.0f} MB")  # fmt: skip
    print(f"{'process':<28} {'s':>7} {'ratio':>6} {'goal':>6} {'MB':>6} {'ratio':>6} "
          f"{'cpu s':>6} {'ratio':>6}  min..max s")  # fmt: skip
    failures = 0
    for (mode, size), runs in samples.items():
        m = median(runs)
        ratio = m.seconds / base.seconds
        goal = GOALS.get((mode, size))
        verdict = "" if goal is None else ("ok" if ratio <= goal else "OVER")
        failures += verdict == "OVER"
        spread = f"{min(r.seconds for r in runs):.3f}..{max(r.seconds for r in runs):.3f}"
        print(
            f"{mode + ' ' + size:<28} {m.seconds:7.3f} {ratio:6.2f} "
            f"{'' if goal is None else f'<={goal:g}':>6} {m.rss_mb:6.0f} "
            f"{m.rss_mb / base.rss_mb:6.2f} {m.cpu:6.2f} {m.cpu / base.cpu:6.2f}  "
            f"{spread} {verdict}"
        )
    start_rss = median(samples[("dashboard", "1x")]).rss_mb / base.rss_mb
    verdict = "ok" if start_rss <= RSS_GOAL else "OVER"
    failures += verdict == "OVER"
    print(
        f"peak RSS at start (Dashboard, 1x) / bare: {start_rss:.2f} (goal <= {RSS_GOAL}) {verdict}"
    )
    for mode in ("window", "dashboard"):
        small = median(samples[(mode, "1x")]).seconds - base.seconds
        large = median(samples[(mode, "10x")]).seconds - base.seconds
        line = growth_check(f"{mode}, time over the bare window, 1x -> 10x", small, large)
        failures += "FASTER" in line
        print(line)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--xvfb", metavar=":N", help="also run on xcb with Xvfb on display :N")
    parser.add_argument("--no-offscreen", action="store_true")
    args = parser.parse_args(argv)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="cso-bench-startup-") as name:
        folder = pathlib.Path(name)
        for size, counts in SIZES.items():
            seed_in_child(folder / f"{size}.sqlite3", counts)
        if not args.no_offscreen:
            failures += report("offscreen", *measure(folder, "offscreen", None, args.runs))
        if args.xvfb:
            with xvfb(args.xvfb) as display:
                failures += report(f"xcb on Xvfb {display}",
                                   *measure(folder, "xcb", display, args.runs))  # fmt: skip
    print(f"summary: {failures} goal(s) or growth checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
