"""Scale: the screens on 10,000 CPE activities, 2,000 jobs and 500 plan items.

Goal (issue 5): each screen opens in under a second, and sorts and filters in under 50 ms.
Everything is real: a temporary database built by the migrations
(``open_database``) and filled with rows the services' validators accept (``_seed.py``), the
real ``PlannerStore`` and the real screen widgets, shown offscreen.

Measured, in one process and one run:

* open: construct the screen (its first ``reload``) and show + paint it; the first open in the
  process ("cold") and the median of the following ones;
* reload: one screen's ``reload`` (it runs after every committed edit), and all the screens
  reloading together on one ``store.data_changed`` (what one edit costs once the person has
  visited every screen: the main window builds each on first show and keeps it);
* sort: every column of the CPE table (the biggest), ascending and descending, until the view
  has repainted; the slowest column of each other table (medians of ``--repeats`` sweeps);
* filter: typing a search text into each screen's search box, key by key, until the proxy has
  filtered and the view repainted (the slowest keystroke counts), then clearing it; the CPE
  certification/period filter (medians of ``--repeats`` runs);
* compute: the eligibility service over the 2,000 jobs (loading facts from the database and the
  engine alone), renewals and the Experience totals.

Anything over its goal is run again under cProfile and its hot spots are printed.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_scale.py``
     ``[--cpe 10000] [--experience 2000] [--items 500] [--repeats 3]``
     ``[--no-profile | --profile-above 0.7]``
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import faulthandler
import gc
import os
import pathlib
import pstats
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _seed import seed_database  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, Qt  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget  # noqa: E402

from cso_planner.db.opening import open_database  # noqa: E402
from cso_planner.eligibility.experience import evaluate_all  # noqa: E402
from cso_planner.services import experience as experience_service  # noqa: E402
from cso_planner.services.facts import (  # noqa: E402
    eligibility_answers,
    load_facts,
    load_rules,
    renewal_answers,
)
from cso_planner.ui.roadmap.screen import RoadmapScreen  # noqa: E402
from cso_planner.ui.screens.budget import BudgetScreen  # noqa: E402
from cso_planner.ui.screens.certifications import CertificationsScreen  # noqa: E402
from cso_planner.ui.screens.courses import CoursesScreen  # noqa: E402
from cso_planner.ui.screens.cpe import CpeScreen  # noqa: E402
from cso_planner.ui.screens.dashboard import DashboardScreen  # noqa: E402
from cso_planner.ui.screens.experience import ExperienceScreen  # noqa: E402
from cso_planner.ui.store import PlannerStore  # noqa: E402

OPEN_GOAL_MS = 1000.0
INTERACTIVE_GOAL_MS = 50.0  # issue 5: sort/filter in under 50 ms
ENGINE_GOAL_MS = 50.0  # issue 3, as in bench_eligibility.py

SCREENS: tuple[tuple[str, type[QWidget]], ...] = (
    ("Experience", ExperienceScreen),
    ("CPE", CpeScreen),
    ("Courses", CoursesScreen),
    ("Certifications", CertificationsScreen),
    ("Dashboard", DashboardScreen),
    ("Budget", BudgetScreen),
    ("Roadmap", RoadmapScreen),
)
try:  # a newer screen; measured when present
    from cso_planner.ui.screens.catalog import CatalogScreen
except ImportError:  # pragma: no cover - older checkouts
    pass
else:
    SCREENS += (("Catalog", CatalogScreen),)
# What a person would type into each screen's search box.
QUERIES = {
    "Experience": "security arch",
    "CPE": "webinar cloud",
    "Courses": "cloud",
    "Certifications": "cis",
    "Budget": "fee",
    "Roadmap": "cissp",
    "Catalog": "isc2",
}


@dataclasses.dataclass
class Result:
    group: str
    what: str
    ms: float
    goal_ms: float | None
    detail: str = ""
    rerun: Callable[[], object] | None = dataclasses.field(default=None, repr=False)

    @property
    def slow(self) -> bool:
        return self.goal_ms is not None and self.ms > self.goal_ms

    @property
    def ratio(self) -> str:
        return f"{self.ms / self.goal_ms:.2f}" if self.goal_ms else "-"


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def settle(app: QApplication) -> None:
    """Deliver pending events (layout, paint of the offscreen backing store)."""
    app.processEvents()
    app.processEvents()


def destroy(app: QApplication, widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def build(cls: type[QWidget], store: PlannerStore, undo: QUndoStack) -> QWidget:
    """Construct a screen and give it its data, as the main window would."""
    screen = cls(store, undo)  # type: ignore[call-arg]
    if isinstance(screen, RoadmapScreen):
        screen.reload()  # the main window calls it once shown
    return screen


def reload_of(screen: QWidget) -> Callable[[], None]:
    return screen.refresh if isinstance(screen, DashboardScreen) else screen.reload  # type: ignore[attr-defined,no-any-return]


def search_box(screen: QWidget) -> QLineEdit | None:
    for name in ("search_edit", "search"):
        box = getattr(screen, name, None)
        if isinstance(box, QLineEdit):
            return box
    return None


def tables(screen: QWidget) -> list[tuple[str, Any]]:
    """The sortable views of a screen: ``(label, view)``."""
    if isinstance(screen, RoadmapScreen):
        return [("tree", screen.tree)]
    if isinstance(screen, BudgetScreen):
        return [("years", screen.years_table), ("costs", screen.lines_table)]
    table = getattr(screen, "table", None)
    return [("table", table)] if isinstance(table, QTableView) else []


def sort_view(app: QApplication, view: Any, column: int, order: Qt.SortOrder) -> None:
    if isinstance(view, QTableView):
        view.sortByColumn(column, order)
    else:  # the roadmap tree sorts through its proxy (header clicks cycle asc/desc/plan order)
        view.model().sort(column, order)
        view.header().setSortIndicator(column, order)
    view.viewport().repaint()
    settle(app)


def type_text(app: QApplication, box: QLineEdit, text: str) -> list[float]:
    """Type ``text`` key by key; the time of each keystroke until filtered and repainted."""
    times = []
    box.setFocus()
    for char in text:
        start = time.perf_counter()
        QTest.keyClicks(box, char)
        settle(app)
        times.append(_ms(start))
    return times


def visible_rows(screen: QWidget) -> int:
    proxy = getattr(screen, "proxy", None) or getattr(screen, "lines_proxy", None)
    return int(proxy.rowCount()) if proxy is not None else -1


# --- measurements --------------------------------------------------------------------------


def measure_open(
    app: QApplication, store: PlannerStore, undo: QUndoStack, repeats: int
) -> tuple[list[Result], dict[str, QWidget]]:
    results, live = [], {}
    for name, cls in SCREENS:
        opened, painted, reloaded = [], [], []
        for run in range(repeats + 1):
            start = time.perf_counter()
            screen = build(cls, store, undo)
            opened.append(_ms(start))
            start = time.perf_counter()
            screen.resize(1200, 760)
            screen.show()
            settle(app)
            painted.append(_ms(start))
            start = time.perf_counter()
            reload_of(screen)()
            settle(app)
            reloaded.append(_ms(start))
            if run == repeats:
                live[name] = screen
            else:
                destroy(app, screen)
        cold = opened[0] + painted[0]
        warm = statistics.median(o + p for o, p in zip(opened[1:], painted[1:], strict=True))

        def rerun(cls: type[QWidget] = cls) -> None:
            screen = build(cls, store, undo)
            screen.show()
            settle(app)
            destroy(app, screen)

        detail = (
            f"load {opened[0]:.0f} + paint {painted[0]:.0f}; warm median {warm:.0f}; "
            f"reload {statistics.median(reloaded):.0f}"
        )
        results.append(Result("open", name, max(cold, warm), OPEN_GOAL_MS, detail, rerun))
    return results, live


def measure_edit(app: QApplication, store: PlannerStore, screens: int, repeats: int) -> Result:
    """One committed edit: every screen reloads on ``store.data_changed``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        store.data_changed.emit()
        settle(app)
        times.append(_ms(start))

    def rerun() -> None:
        store.data_changed.emit()
        settle(app)

    return Result(
        "reload", f"all {screens} screens on one edit", statistics.median(times), OPEN_GOAL_MS,
        f"median of {repeats}", rerun,
    )  # fmt: skip


def measure_sort(app: QApplication, live: dict[str, QWidget], repeats: int) -> list[Result]:
    """Each column ascending then descending, the whole sweep ``repeats`` times (medians).

    The first sort of a column starts from the previous column's order, as a header click does.
    """
    results = []
    for name, screen in live.items():
        for label, view in tables(screen):
            model = view.model()
            columns = range(model.columnCount())
            times: dict[tuple[int, int], list[float]] = {}
            for _ in range(repeats):
                for column in columns:
                    for n, order in enumerate((Qt.SortOrder.AscendingOrder,
                                               Qt.SortOrder.DescendingOrder)):  # fmt: skip
                        start = time.perf_counter()
                        sort_view(app, view, column, order)
                        times.setdefault((column, n), []).append(_ms(start))
            per_column = []
            for column in columns:
                title = str(model.headerData(column, Qt.Orientation.Horizontal))
                pair = [statistics.median(times[(column, n)]) for n in (0, 1)]

                def rerun(view: Any = view, column: int = column) -> None:
                    sort_view(app, view, column, Qt.SortOrder.AscendingOrder)
                    sort_view(app, view, column, Qt.SortOrder.DescendingOrder)

                per_column.append((title, pair, rerun))
            rows = f"{model.rowCount():,} rows"
            if not isinstance(view, QTableView):
                children = sum(model.rowCount(model.index(r, 0)) for r in range(model.rowCount()))
                rows = f"{model.rowCount()} stages, {children:,} items"
            if name == "CPE":  # the biggest table: every column
                for title, pair, rerun in per_column:
                    results.append(
                        Result("sort", f"CPE by {title}", max(pair), INTERACTIVE_GOAL_MS,
                               f"asc {pair[0]:.0f} / desc {pair[1]:.0f}, {rows}", rerun)
                    )  # fmt: skip
            elif per_column:
                title, pair, rerun = max(per_column, key=lambda c: max(c[1]))
                where = name if label == "table" else f"{name} {label}"
                results.append(
                    Result("sort", f"{where} (slowest: {title})", max(pair), INTERACTIVE_GOAL_MS,
                           f"{len(per_column)} columns, {rows}", rerun)
                )  # fmt: skip
            if isinstance(view, QTableView):  # leave each table in its usual order
                view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            else:
                view.model().sort(-1, Qt.SortOrder.AscendingOrder)
    return results


def measure_filter(app: QApplication, live: dict[str, QWidget], repeats: int) -> list[Result]:
    """Type each query key by key and clear it, ``repeats`` times (medians of the slowest)."""
    results = []
    for name, screen in live.items():
        box, query = search_box(screen), QUERIES.get(name)
        if box is None or not query or not box.isEnabled():
            continue
        box.clear()
        settle(app)
        before = visible_rows(screen)
        slowest, total, clears = [], [], []
        for _ in range(repeats):
            keys = type_text(app, box, query)
            after = visible_rows(screen)
            start = time.perf_counter()
            box.clear()
            settle(app)
            clears.append(_ms(start))
            slowest.append(max(keys))
            total.append(sum(keys))
        key, cleared = statistics.median(slowest), statistics.median(clears)

        def rerun(box: QLineEdit = box, query: str = query) -> None:
            type_text(app, box, query)
            box.clear()
            settle(app)

        results.append(
            Result("filter", f"{name}: type “{query}”", max(key, cleared), INTERACTIVE_GOAL_MS,
                   f"slowest key {key:.0f}, all keys {statistics.median(total):.0f}, "
                   f"clear {cleared:.0f}; {before:,} → {after:,} rows", rerun)
        )  # fmt: skip
    cpe = live.get("CPE")
    if isinstance(cpe, CpeScreen):
        choices = (("CISSP", "cycle:CISSP"), ("CISM", "this-year"), (None, None))
        times: list[list[float]] = [[] for _ in choices]
        for _ in range(repeats):
            for n, (code, period) in enumerate(choices):
                start = time.perf_counter()
                cpe.set_filters(code, period)
                settle(app)
                times[n].append(_ms(start))
        medians = [statistics.median(t) for t in times]

        def rerun_filters() -> None:
            cpe.set_filters("CISSP", "cycle:CISSP")
            cpe.set_filters(None, None)
            settle(app)

        results.append(
            Result("filter", "CPE: certification + period", max(medians), INTERACTIVE_GOAL_MS,
                   "CISSP cycle {:.0f} / CISM this year {:.0f} / all {:.0f}".format(*medians),
                   rerun_filters)
        )  # fmt: skip
    return results


def measure_compute(store: PlannerStore, repeats: int) -> list[Result]:
    today = dt.date.today()

    def median_ms(fn: Callable[[], object]) -> float:
        fn()  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append(_ms(start))
        return statistics.median(times)

    facts = store.read(load_facts)
    rules = store.read(load_rules)
    rows = store.read(experience_service.list_entries)
    jobs = len(facts.experience)
    answers = evaluate_all(facts, rules, today)
    cases: list[tuple[str, Callable[[], object], float | None, str]] = [
        ("eligibility engine (evaluate_all)", lambda: evaluate_all(facts, rules, today),
         ENGINE_GOAL_MS, f"{len(answers)} certifications x {jobs:,} jobs"),
        ("eligibility service (load + evaluate)",
         lambda: store.read(lambda s: eligibility_answers(s, today)), None,
         "what Certifications reads"),
        ("load_facts (jobs + CPE from the database)", lambda: store.read(load_facts), None,
         f"{jobs:,} jobs, {len(facts.cpe):,} CPE"),
        ("renewal service (load + forecast)",
         lambda: store.read(lambda s: renewal_answers(s, today)), None, "what CPE reads"),
        ("experience totals (Experience panel)",
         lambda: experience_service.totals(rows, today), None, f"{len(rows):,} jobs"),
    ]  # fmt: skip
    return [
        Result("compute", label, median_ms(fn), goal, detail, fn)
        for label, fn, goal, detail in cases
    ]


# --- report --------------------------------------------------------------------------------


def profile(result: Result, top: int = 8) -> None:
    """Run a slow measurement again under cProfile; print where the time goes."""
    assert result.rerun is not None
    profiler = cProfile.Profile()
    profiler.enable()
    result.rerun()
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    mine = []
    for (path, line, func), (_cc, calls, tottime, cumtime, _callers) in entries.items():
        if "cso_planner" in path:
            short = path[path.index("cso_planner") :]
            mine.append((cumtime, tottime, calls, f"{short}:{line} {func}"))
    total = max((c for c, *_ in mine), default=0.0)
    print(f"\n  cProfile of {result.group} {result.what!r} (profiled run {total * 1000:.0f} ms):")
    print("    cum ms   own ms     calls  function")
    for cumtime, tottime, calls, where in sorted(mine, reverse=True)[:top]:
        print(f"  {cumtime * 1000:8.0f} {tottime * 1000:8.0f} {calls:9,}  {where}")
    heavy = sorted(mine, key=lambda m: m[1], reverse=True)[:3]
    print("    most own time here: " + "; ".join(f"{w} {t * 1000:.0f} ms" for _, t, _, w in heavy))
    outside = []
    for (path, line, func), (_cc, calls, tottime, _cum, _callers) in entries.items():
        if "cso_planner" not in path:
            short = path.split("site-packages/")[-1] if "site-packages/" in path else path
            outside.append((tottime, calls, f"{short}:{line} {func}"))
    outside.sort(reverse=True)
    print(
        "    most own time elsewhere: "
        + "; ".join(f"{w} {t * 1000:.0f} ms ({n:,} calls)" for t, n, w in outside[:3])
    )


def print_table(results: list[Result]) -> None:
    width = max(len(r.what) for r in results)
    print(f"{'':8} {'measurement':<{width}} {'ms':>8} {'goal':>6} {'ratio':>6}  detail")
    group = None
    for r in results:
        if r.group != group:
            group = r.group
            print(f"{group:<8}", end=" ")
        else:
            print(f"{'':8}", end=" ")
        goal = f"{r.goal_ms:.0f}" if r.goal_ms else "-"
        flag = "  SLOW" if r.slow else ""
        print(f"{r.what:<{width}} {r.ms:8.1f} {goal:>6} {r.ratio:>6}  {r.detail}{flag}")


class SlotErrors:
    """Exceptions raised inside Qt slots during the run (PySide prints and swallows them)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self._previous = sys.excepthook

    def __call__(self, kind: type[BaseException], error: BaseException, tb: Any) -> None:
        frames = traceback.extract_tb(tb)
        where = frames[-1] if frames else None
        here = f"{pathlib.Path(where.filename).name}:{where.lineno} {where.name}" if where else "?"
        key = f"{kind.__name__}: {error} (at {here})"
        if key not in self.seen:
            self._previous(kind, error, tb)
        self.seen[key] = self.seen.get(key, 0) + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpe", type=int, default=10_000)
    parser.add_argument("--experience", type=int, default=2_000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--courses", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-profile", action="store_true", help="do not profile slow spots")
    parser.add_argument(
        "--profile-above", type=float, default=1.0, metavar="FRACTION",
        help="profile what takes more than FRACTION of its goal (default 1.0: over the goal)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    # A crash here is a crash a person can meet: print the Python stack of every thread if one
    # happens (issue 13 saw SIGSEGV in 1 of 4 runs, after the cProfile section).
    faulthandler.enable()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    errors = SlotErrors()
    sys.excepthook = errors
    with tempfile.TemporaryDirectory(prefix="cso-bench-") as folder:
        path = pathlib.Path(folder) / "scale.sqlite3"
        start = time.perf_counter()
        counts = seed_database(
            path, cpe=args.cpe, experience=args.experience, plan_items=args.items,
            courses=args.courses,
        )  # fmt: skip
        seeded = _ms(start)
        start = time.perf_counter()
        database = open_database(path)
        opened = _ms(start)
        store = PlannerStore(database)
        undo = QUndoStack()
        size = path.stat().st_size / 1e6
        print(
            f"database: {counts['cpe']:,} CPE, {counts['experience']:,} jobs, "
            f"{counts['plan_items']:,} plan items, {counts['courses']:,} courses, "
            f"{counts['held']} certifications; {size:.1f} MB, seeded in {seeded:.0f} ms, "
            f"open_database {opened:.0f} ms"
        )
        results, live = measure_open(app, store, undo, args.repeats)
        results.append(measure_edit(app, store, len(live), args.repeats))
        results += measure_sort(app, live, args.repeats)
        results += measure_filter(app, live, args.repeats)
        results += measure_compute(store, max(args.repeats, 5))
        print_table(results)
        slow = [r for r in results if r.slow]
        near = [r for r in results if r.goal_ms and r.ms > r.goal_ms * args.profile_above]
        if not args.no_profile:
            for r in near:
                profile(r)
        for screen in live.values():
            destroy(app, screen)
        # Teardown in a fixed order, the Qt objects made here before the database and the
        # application: left to the end of main(), parentless QObjects (the store, the undo
        # stack, screen wrappers) were freed in whatever order the frame and the collector
        # chose, some after the QApplication.
        live.clear()
        del store, undo
        gc.collect()
        app.processEvents()
        database.dispose()

    def worst(group: str) -> Result:
        return max((r for r in results if r.group == group), key=lambda r: r.ms)

    for error, times in errors.seen.items():
        print(f"error in a slot ({times}x; that screen's refresh stopped there): {error}")
    o, s, f = worst("open"), worst("sort"), worst("filter")
    print(
        f"summary: slowest open {o.what} {o.ms:.0f} ms (ratio {o.ratio} of {OPEN_GOAL_MS:.0f} ms), "
        f"slowest sort {s.what} {s.ms:.0f} ms ({s.ratio}), slowest filter {f.what} "
        f"{f.ms:.0f} ms ({f.ratio}); {len(slow)} of {len(results)} measurements over goal"
        + (f"; {sum(errors.seen.values())} slot errors" if errors.seen else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
