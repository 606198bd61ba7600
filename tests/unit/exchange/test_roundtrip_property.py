"""R15: export -> import -> export is lossless, over arbitrary text, dates and numbers.

Each example gets a fresh database: a copy of one migrated template file, opened the way the app
opens any file (copying a closed file is complete; no engine has it open).
"""

from __future__ import annotations

import json
import pathlib
import tempfile
from typing import Any

from hypothesis import HealthCheck, given, settings

from cso_planner.db.opening import Database
from cso_planner.exchange import encode_document, export_bytes, export_document, import_document
from tests.unit.exchange.conftest import open_copy
from tests.unit.exchange.strategies import documents


def _export(database: Database) -> tuple[dict[str, Any], bytes]:
    with database.session_factory() as session:
        return export_document(session), export_bytes(session)


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document=documents())
def test_document_survives_import_export_import_export(
    template_db: pathlib.Path, document: dict[str, Any]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_copy(template_db, pathlib.Path(folder) / "db.sqlite3")
        try:
            import_document(database.session_factory, encode_document(document))
            first, first_bytes = _export(database)
            assert first == document  # nothing lost or changed on the way in

            import_document(database.session_factory, first_bytes)  # replace with the export
            second, second_bytes = _export(database)
            assert second_bytes == first_bytes
            assert json.loads(second_bytes) == second
        finally:
            database.dispose()
