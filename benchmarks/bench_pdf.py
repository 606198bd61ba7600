"""Benchmark: the roadmap PDF of a 500-item plan against a 20-item plan, in-process.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_pdf.py [--repeats R]``.
Goal (issue: roadmap PDF): the 500-item plan's PDF takes at most 3 times the 20-item plan's,
and under 1 s. Both plans live in one real database created by the real migrations and filled
through the plan services; each PDF (layout, timeline pages, tables, file) is written
``--repeats`` times after a warm-up and the median is compared. Gathering the report data
from the database is timed separately and printed too, and so (for reference, not a goal) is
the whole ``cso-planner pdf`` command as a user runs it: a fresh process each time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

# Runnable from a checkout without installing the package.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication

from cso_planner.db.opening import open_database
from cso_planner.report.pdf import write_roadmap_pdf
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.report_data import ReportData, gather_report

GOAL_RATIO = 3.0
GOAL_SECONDS = 1.0
TODAY = dt.date(2026, 11, 22)
ROLES = (
    ("Security Engineer", dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
    ("Security Manager", dt.date(2027, 1, 1), dt.date(2028, 12, 31)),
    ("Director of Security", dt.date(2029, 1, 1), dt.date(2030, 12, 31)),
    ("CISO", dt.date(2031, 1, 1), dt.date(2032, 12, 31)),
    ("Chief Security Officer", dt.date(2033, 1, 1), dt.date(2033, 12, 31)),
)
KINDS = ("certification", "course", "skill", "experience", "education")
STATUSES = ("done", "in_progress", "planned", "skipped")


def fill_plan(session_factory: object, name: str, items: int) -> None:
    """A five-stage plan over nine years with ``items`` dated items spread over the stages."""
    with session_factory.begin() as session:  # type: ignore[attr-defined]
        plan_id = plans.create_plan(session, name, "Chief Security Officer")
        stage_ids = [
            plans.add_stage(session, plan_id, StageDraft(role, start, end))
            for role, start, end in ROLES
        ]
        for n in range(items):
            stage = n * len(ROLES) // items
            role, start, end = ROLES[stage]
            step = n - stage * items // len(ROLES)
            due = start + dt.timedelta(days=(end - start).days * (step % 23 + 1) // 24)
            plans.add_item(
                session,
                stage_ids[stage],
                ItemDraft(
                    title=f"{role}: step {step + 1}",
                    kind=KINDS[n % len(KINDS)],
                    due=due,
                    status=STATUSES[n % len(STATUSES)] if due < TODAY else "planned",
                    cost=float(50 * (n % 9)),
                    hours=float(5 * (n % 8)),
                    notes="Book the exam once the practice tests pass 80%." if n % 5 == 0 else "",
                ),
            )


def time_pdf(data: ReportData, path: pathlib.Path, repeats: int) -> tuple[float, int, list[float]]:
    write_roadmap_pdf(data, path)  # warm-up: fonts, glyph caches
    times = []
    pages = 0
    for _ in range(repeats):
        begin = time.perf_counter()
        pages = write_roadmap_pdf(data, path)
        times.append(time.perf_counter() - begin)
    return statistics.median(times), pages, times


def _command_seconds(db: pathlib.Path, folder: str, count: int, runs: int) -> float:
    env = dict(os.environ, CSO_PLANNER_DATA_DIR=folder, XDG_CONFIG_HOME=folder)
    env["PYTHONPATH"] = str(pathlib.Path(__file__).resolve().parent.parent)
    out = pathlib.Path(folder) / f"cli-{count}.pdf"
    command = [sys.executable, "-m", "cso_planner", "--db", str(db), "pdf", str(out)]
    command += ["--plan", f"Plan {count}"]
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--cli-runs", type=int, default=3, help="0 skips the command timing")
    parser.add_argument("--keep", type=pathlib.Path, help="copy the two PDFs into this folder")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(["bench-pdf"])
    results: dict[int, tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(pathlib.Path(folder) / "bench.sqlite3")
        try:
            for count in (20, 500):
                fill_plan(db.session_factory, f"Plan {count}", count)
            for count in (20, 500):
                begin = time.perf_counter()
                with db.session_factory() as session:
                    data = gather_report(session, today=TODAY, plan_name=f"Plan {count}")
                gather = time.perf_counter() - begin
                assert data.item_count == count
                out = pathlib.Path(folder) / f"plan-{count}.pdf"
                median, pages, times = time_pdf(data, out, args.repeats)
                assert len(PdfReader(out).pages) == pages
                results[count] = (median, pages)
                print(
                    f"{count:>3} items: {pages:>3} pages, PDF median {median * 1000:6.1f} ms "
                    f"over {args.repeats} runs (min {min(times) * 1000:.1f}, "
                    f"max {max(times) * 1000:.1f}); gathering the data {gather * 1000:.1f} ms"
                )
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / out.name).write_bytes(out.read_bytes())
        finally:
            db.dispose()
        if args.cli_runs:
            commands = {
                count: _command_seconds(db.path, folder, count, args.cli_runs)
                for count in (20, 500)
            }
            print(
                f"whole `cso-planner pdf` command (median of {args.cli_runs}): "
                f"20 items {commands[20]:.2f} s, 500 items {commands[500]:.2f} s, "
                f"ratio {commands[500] / commands[20]:.2f}"
            )
    del app
    ratio = results[500][0] / results[20][0]
    ratio_ok = ratio <= GOAL_RATIO
    time_ok = results[500][0] < GOAL_SECONDS
    print(
        f"ratio 500/20: {ratio:.2f} (goal <= {GOAL_RATIO:g}: {'met' if ratio_ok else 'MISSED'}); "
        f"500 items {results[500][0]:.3f} s (goal < {GOAL_SECONDS:g} s: "
        f"{'met' if time_ok else 'MISSED'})"
    )
    return 0 if ratio_ok and time_ok else 1


if __name__ == "__main__":
    sys.exit(main())
