"""Benchmark-style run of the accepted-document property (R14/R15, issue 11): counts, not asserts.

Usage::

    QT_QPA_PLATFORM=offscreen python -m tests.reliability.accepted_documents_bench [N] [--no-gui]

Draws N generated valid documents and N mutations of the realistic export (Hypothesis), imports
each into one database and, when accepted, runs every output of the app on it (eligibility,
renewals and budget as tables and JSON on three days, calendar, CPE CSV, PDF, re-export) and
shows every screen of a real window offscreen. Prints how many were accepted and refused, and
the tracebacks (any exception other than a refusal, including one raised inside a Qt slot),
hangs (an example over the time limit) and rows lost (an accepted document whose export has
fewer records than it). Exit status 1 if any of those three is not 0.
"""

from __future__ import annotations

import collections
import json
import pathlib
import signal
import sys
import tempfile
import time
import traceback
from typing import Any

from hypothesis import HealthCheck, given, settings

from cso_planner.exchange import ImportRejected, encode_document, export_document, import_document
from cso_planner.exchange.summary import ImportSummary
from tests.helpers.exercise import run_outputs, show_every_screen
from tests.unit.exchange.strategies import documents
from tests.unit.exchange.test_fuzz import mutated_documents

LIMIT_SECONDS = 60


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv and argv[0].isdigit() else 200
    gui = "--no-gui" not in argv
    counts: collections.Counter[str] = collections.Counter()
    first_failures: list[str] = []
    slot_errors: list[str] = []

    def excepthook(kind: Any, value: Any, tb: Any) -> None:  # exceptions inside Qt slots
        slot_errors.append("".join(traceback.format_exception(kind, value, tb)))

    sys.excepthook = excepthook
    folder = pathlib.Path(tempfile.mkdtemp(prefix="accepted-bench-"))
    window: Any = None
    if gui:
        from PySide6.QtWidgets import QApplication

        from cso_planner.app import create_main_window

        app = QApplication.instance() or QApplication([])
        window = create_main_window(folder / "db.sqlite3", run_wizard=False)
        window.show()
        app.processEvents()
        database = window.store.database
    else:
        from cso_planner.db.opening import open_database

        database = open_database(folder / "db.sqlite3")
    signal.signal(signal.SIGALRM, _alarm)

    def attempt(data: bytes) -> None:
        counts["documents"] += 1
        signal.alarm(LIMIT_SECONDS)
        try:
            try:
                import_document(database.session_factory, data)
            except ImportRejected:
                counts["refused"] += 1
                return
            counts["accepted"] += 1
            with database.session_factory() as session:
                exported = export_document(session)
            if ImportSummary.of(exported) != ImportSummary.of(json.loads(data)):
                counts["rows lost"] += 1
            run_outputs(database, folder)
            if window is not None:
                before = len(slot_errors)
                show_every_screen(window)
                if len(slot_errors) > before:
                    counts["tracebacks"] += 1
                    first_failures.append(slot_errors[-1])
        except Hang:
            counts["hangs"] += 1
        except Exception:
            counts["tracebacks"] += 1
            if len(first_failures) < 5:
                first_failures.append(traceback.format_exc())
        finally:
            signal.alarm(0)

    examples = settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @examples
    @given(document=documents())
    def generated(document: dict[str, Any]) -> None:
        attempt(encode_document(document))

    @examples
    @given(document=mutated_documents())
    def mutated(document: dict[str, Any]) -> None:
        attempt(json.dumps(document).encode())

    started = time.monotonic()
    generated()
    mutated()
    elapsed = time.monotonic() - started
    for text in first_failures[:5]:
        print(text, file=sys.stderr)
    print(
        f"{counts['documents']} documents ({counts['accepted']} accepted, "
        f"{counts['refused']} refused) in {elapsed:.0f} s, screens {'on' if gui else 'off'}: "
        f"{counts['tracebacks']} tracebacks, {counts['hangs']} hangs, "
        f"{counts['rows lost']} rows lost"
    )
    bad = counts["tracebacks"] + counts["hangs"] + counts["rows lost"]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
