"""Every document the import accepts also goes through the rest of the app (R14/R15, issue 11).

An adversarial pass found documents the importer accepted that then crashed renewals, the
calendar, the PDF or a screen (an expiry of 9999-12-31, 1e308 hours...). Here generated valid
documents and mutations of the realistic one are imported; those accepted must then go through
eligibility, renewals and the budget (tables and strict JSON, on today and on the first and last
day of the date span), the calendar, the CPE CSV, the PDF, a re-export and every screen of the
real window, without an exception. The counts here keep the suite fast; the larger run is
``python -m tests.reliability.accepted_documents_bench``.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

from hypothesis import HealthCheck, assume, given, settings

from cso_planner.exchange import ImportRejected, encode_document, import_document
from cso_planner.ui.main_window import MainWindow
from tests.helpers.exercise import run_outputs, show_every_screen
from tests.unit.exchange.strategies import documents
from tests.unit.exchange.test_fuzz import mutated_documents

EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _import_and_run(window: MainWindow, folder: pathlib.Path, data: bytes) -> None:
    try:
        import_document(window.store.database.session_factory, data)
    except ImportRejected:
        assume(False)
    run_outputs(window.store.database, folder)
    show_every_screen(window)


@EXAMPLES
@given(document=documents())
def test_every_valid_document_runs_everywhere(
    window: MainWindow, tmp_path: pathlib.Path, document: dict[str, Any]
) -> None:
    _import_and_run(window, tmp_path, encode_document(document))


@EXAMPLES
@given(document=mutated_documents())
def test_every_accepted_mutation_runs_everywhere(
    window: MainWindow, tmp_path: pathlib.Path, document: dict[str, Any]
) -> None:
    _import_and_run(window, tmp_path, json.dumps(document).encode())
