"""The command line as a person runs it: whole cold processes at 1x and 10x, with baselines.

Databases (``_seed.py``, made in a child process before the runs): 1x = 10,000 CPE, 2,000
jobs, 500 plan items, 300 courses; 10x = ten times each. Compiled bytecode as an install has
it (``_procs.py``). Run alternately, ``--runs`` times each, medians:

* ``eligibility --json``, ``renewals --json``, ``check`` against ``python -c "import sqlite3"``
  (goal at 1x: <= 6x);
* ``export`` and ``import`` against a plain-Python baseline doing the same work with the
  standard library alone: read every user table with ``sqlite3`` and ``json.dump`` the
  exported document (for export); ``json.load`` it and ``executemany`` every record into a
  fresh SQLite table (for import). Goal at 1x: <= 1 s each;
* ``pdf`` of the plan against a script writing a 1-page PDF with ``QPdfWriter`` (goal at 1x:
  <= 5x);
* the 10x round trip: the 10x database exported, that file imported into a copy, exported again
  and compared byte for byte (goal: works, <= 10 s each way, peak RSS <= 400 MB).

Every command must grow no faster than the data from 1x to 10x (time over the ``import sqlite3``
baseline, which is start-up alone).

Run: ``.venv/bin/python benchmarks/bench_cli.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _procs import (  # noqa: E402
    SQLITE_ONLY,
    Sample,
    base_env,
    compile_bytecode,
    growth_check,
    median,
    seed_in_child,
    timed_run,
)

SIZES = {
    "1x": dict(cpe=10_000, experience=2_000, plan_items=500, courses=300),
    "10x": dict(cpe=100_000, experience=20_000, plan_items=5_000, courses=3_000),
}
RATIO_GOAL = 6.0
EXCHANGE_GOAL_S = 1.0
ROUND_TRIP_GOAL_S = 10.0
ROUND_TRIP_RSS_MB = 400.0

STDLIB_EXPORT = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
rows = {t: con.execute(f'select * from "{t}"').fetchall() for t in tables}
with open(sys.argv[2], encoding="utf-8") as f:
    document = json.load(f)
with open(sys.argv[3], "w", encoding="utf-8") as out:
    json.dump(document, out, ensure_ascii=False, allow_nan=False, indent=2)
"""
ONE_PAGE_PDF = """
import sys
from PySide6.QtGui import QGuiApplication, QPainter, QPdfWriter
app = QGuiApplication(sys.argv[:1])
writer = QPdfWriter(sys.argv[1])
painter = QPainter(writer)
painter.drawText(200, 200, "Hello")
painter.end()
"""
PDF_GOAL = 5.0
STDLIB_IMPORT = """
import json, sqlite3, sys
with open(sys.argv[1], encoding="utf-8") as f:
    document = json.load(f)
con = sqlite3.connect(sys.argv[2])
for name, value in document.items():
    if isinstance(value, list) and value and isinstance(value[0], dict):
        keys = sorted({k for record in value for k in record})
        con.execute(f'create table "{name}" ({", ".join(keys)})')
        con.executemany(
            f'insert into "{name}" values ({", ".join("?" * len(keys))})',
            [[json.dumps(r.get(k)) for k in keys] for r in value],
        )
con.commit()
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="cso-bench-cli-") as name:
        folder = pathlib.Path(name)
        env = base_env(folder, "offscreen")
        compile_bytecode(env)
        app = [sys.executable, "-m", "cso_planner"]
        for size, counts in SIZES.items():
            seed_in_child(folder / f"{size}.sqlite3", counts)
            # The export every exchange measurement works on (and warms the caches).
            timed_run([*app, "--db", str(folder / f"{size}.sqlite3"), "export",
                       str(folder / f"{size}.json")], env)  # fmt: skip

        def commands(size: str) -> dict[str, list[str]]:
            db, doc = str(folder / f"{size}.sqlite3"), str(folder / f"{size}.json")
            scratch = str(folder / f"scratch-{size}.sqlite3")
            return {
                "python -c 'import sqlite3'": [sys.executable, "-c", SQLITE_ONLY],
                "eligibility --json": [*app, "--db", db, "eligibility", "--json"],
                "renewals --json": [*app, "--db", db, "renewals", "--json"],
                "check": [*app, "--db", db, "check"],
                "export": [*app, "--db", db, "export", str(folder / f"out-{size}.json")],
                "import": [*app, "--db", scratch, "import", doc],
                "stdlib export (baseline)": [sys.executable, "-c", STDLIB_EXPORT, db, doc,
                                             str(folder / f"std-{size}.json")],
                "stdlib import (baseline)": [sys.executable, "-c", STDLIB_IMPORT, doc,
                                             str(folder / f"std-{size}.sqlite3")],
                "pdf": [*app, "--db", db, "pdf", str(folder / f"plan-{size}.pdf")],
                "1-page QPdfWriter (baseline)": [sys.executable, "-c", ONE_PAGE_PDF,
                                                 str(folder / f"one-{size}.pdf")],
            }  # fmt: skip

        results: dict[tuple[str, str], list[Sample]] = {}
        for _ in range(args.runs):
            for size in SIZES:
                for label, command in commands(size).items():
                    if label == "import":  # into a fresh copy of the same database
                        shutil.copy(folder / f"{size}.sqlite3", folder / f"scratch-{size}.sqlite3")
                    (folder / f"std-{size}.sqlite3").unlink(missing_ok=True)
                    results.setdefault((label, size), []).append(timed_run(command, env))

        base = {size: median(results[("python -c 'import sqlite3'", size)]) for size in SIZES}
        print(f"medians of {args.runs} cold processes each")
        print(f"{'command':<28} {'1x s':>7} {'ratio':>6} {'cpu s':>6} {'10x s':>7} {'ratio':>6} "
              f"{'cpu s':>6} {'10x MB':>7}")  # fmt: skip
        for label in commands("1x"):
            one, ten = median(results[(label, "1x")]), median(results[(label, "10x")])
            print(
                f"{label:<28} {one.seconds:7.3f} {one.seconds / base['1x'].seconds:6.2f} "
                f"{one.cpu:6.2f} {ten.seconds:7.3f} {ten.seconds / base['10x'].seconds:6.2f} "
                f"{ten.cpu:6.2f} {ten.rss_mb:7.0f}"
            )
        for label in ("eligibility --json", "renewals --json", "check"):
            ratio = median(results[(label, "1x")]).seconds / base["1x"].seconds
            verdict = "ok" if ratio <= RATIO_GOAL else "OVER"
            failures += verdict == "OVER"
            print(f"{label} at 1x / import sqlite3: {ratio:.2f} (goal <= {RATIO_GOAL:g}) {verdict}")
        for label in ("export", "import"):
            got = median(results[(label, "1x")])
            std = median(results[(f"stdlib {label} (baseline)", "1x")])
            verdict = "ok" if got.seconds <= EXCHANGE_GOAL_S else "OVER"
            failures += verdict == "OVER"
            print(f"{label} at 1x: {got.seconds:.3f} s ({got.cpu:.2f} s CPU), "
                  f"{got.seconds / std.seconds:.2f}x the stdlib baseline (CPU "
                  f"{got.cpu / std.cpu:.2f}x) (goal <= {EXCHANGE_GOAL_S:g} s) "
                  f"{verdict}")  # fmt: skip
        pdf = median(results[("pdf", "1x")]).seconds
        one_page = median(results[("1-page QPdfWriter (baseline)", "1x")]).seconds
        verdict = "ok" if pdf / one_page <= PDF_GOAL else "OVER"
        failures += verdict == "OVER"
        print(f"pdf of the 1x plan / a 1-page QPdfWriter script: {pdf / one_page:.2f} "
              f"(goal <= {PDF_GOAL:g}) {verdict}")  # fmt: skip
        for label in ("eligibility --json", "renewals --json", "check", "export", "import", "pdf"):
            small = median(results[(label, "1x")]).seconds - base["1x"].seconds
            large = median(results[(label, "10x")]).seconds - base["10x"].seconds
            line = growth_check(f"{label} (over start-up)", small, large)
            failures += "FASTER" in line
            print(line)

        # The 10x round trip, once more on its own: export -> import -> export, same bytes.
        db = folder / "10x.sqlite3"
        out = timed_run([*app, "--db", str(db), "export", str(folder / "rt.json")], env)
        copy = folder / "rt.sqlite3"
        shutil.copy(db, copy)
        back = timed_run([*app, "--db", str(copy), "import", str(folder / "rt.json")], env)
        timed_run([*app, "--db", str(copy), "export", str(folder / "rt2.json")], env)
        same = (folder / "rt.json").read_bytes() == (folder / "rt2.json").read_bytes()
        size_mb = (folder / "rt.json").stat().st_size / 2**20
        ok = (same and out.seconds <= ROUND_TRIP_GOAL_S and back.seconds <= ROUND_TRIP_GOAL_S
              and max(out.rss_mb, back.rss_mb) <= ROUND_TRIP_RSS_MB)  # fmt: skip
        failures += not ok
        print(
            f"10x round trip ({size_mb:.1f} MiB file): export {out.seconds:.2f} s "
            f"({out.cpu:.2f} s CPU) / {out.rss_mb:.0f} MB, import {back.seconds:.2f} s "
            f"({back.cpu:.2f} s CPU) / {back.rss_mb:.0f} MB, "
            f"re-export {'identical' if same else 'DIFFERENT'} (goal <= {ROUND_TRIP_GOAL_S:g} s, "
            f"<= {ROUND_TRIP_RSS_MB:g} MB each way) {'ok' if ok else 'MISSED'}"
        )
    print(f"summary: {failures} goal(s) or growth checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
