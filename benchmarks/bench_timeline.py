"""Timeline scrolling: one scroll step plus a full repaint of the Gantt with 500 plan items.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_timeline.py``
Goal (issue 4): "scrolls smoothly with 500 items" — read here as each scroll step repainted
within one 60 Hz frame (16.7 ms). The plan comes from the scale benchmark's seeded database
(real migrations, rows the services accept); the widget is the real ``TimelineWidget``.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _seed import seed_database
from PySide6.QtWidgets import QApplication

from cso_planner.db.opening import open_database
from cso_planner.services.plans import active_plan_id
from cso_planner.timeline_data import Zoom, build_timeline_data
from cso_planner.ui.timeline.widget import TimelineWidget

FRAME_MS = 1000 / 60
STEPS = 60


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "timeline.sqlite3"
        seed_database(path, cpe=0, experience=0, plan_items=500, courses=0)
        database = open_database(path)
        with database.session_factory() as session:
            plan_id = active_plan_id(session)
            assert plan_id is not None
            data = build_timeline_data(session, plan_id, dt.date.today())
        database.dispose()
    items = sum(len(stage.items) for stage in data.stages)
    widget = TimelineWidget()
    widget.resize(1000, 600)
    widget.show()
    widget.set_data(data)
    app.processEvents()
    canvas = widget.canvas
    worst = 0.0
    print(f"{items} items, {len(data.stages)} stages, viewport 1000x600")
    print(f"{'zoom':<10} {'median ms':>9} {'max ms':>7}  per scroll step + repaint, {STEPS} steps")
    for zoom in Zoom:
        widget.set_zoom(zoom)
        app.processEvents()
        vertical, horizontal = canvas.verticalScrollBar(), canvas.horizontalScrollBar()
        times = []
        for step in range(STEPS):
            start = time.perf_counter()
            vertical.setValue((step * 7) % (vertical.maximum() + 1))
            horizontal.setValue((step * 53) % (horizontal.maximum() + 1))
            canvas.viewport().repaint()
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{zoom.label:<10} {median:9.1f} {max(times):7.1f}")
    verdict = "ok" if worst <= FRAME_MS else "OVER ONE FRAME"
    print(f"summary: slowest median {worst:.1f} ms per step vs {FRAME_MS:.1f} ms frame {verdict}")


if __name__ == "__main__":
    main()
