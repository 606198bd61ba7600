"""CPE claims (per-certification credits, category, domain and submission) travel in the
exchange file (a CPE record's optional ``claims``); files without them import as before."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from cso_planner.db.opening import Database
from cso_planner.exchange import ImportRejected, export_bytes, import_document
from cso_planner.services import cpe as svc
from cso_planner.services.cpe import Claim, CpeDraft
from tests.unit.exchange.conftest import open_copy


def _export(database: Database) -> bytes:
    with database.session_factory() as session:
        return export_bytes(session)


def test_claims_round_trip(
    loaded_db: Database, template_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    before = json.loads(_export(loaded_db))
    assert all("claims" not in record for record in before["cpe"])  # v1 as ever
    draft = CpeDraft(
        dt.date(2025, 3, 1),
        "GSX",
        8.5,
        category="Group A",
        certifications=("CISSP", "CPP"),
        claims=(
            Claim("CISSP", None, None, "Security Operations", "submitted", dt.date(2025, 3, 2)),
            Claim("CPP", 6, "Education", None, "accepted", dt.date(2025, 3, 9)),
        ),
    )
    with loaded_db.session_factory.begin() as session:
        svc.add_activity(session, draft)
    data = _export(loaded_db)
    record = json.loads(data)["cpe"][-1]
    assert record["applies_to"] == ["CISSP", "CPP"]
    assert record["claims"][1] == {
        "code": "CPP",
        "credits": 6,
        "category": "Education",
        "domain": None,
        "status": "accepted",
        "submitted_on": "2025-03-09",
    }
    other = open_copy(template_db, tmp_path / "other.sqlite3")
    try:
        import_document(other.session_factory, data)
        assert _export(other) == data
        with other.session_factory() as session:
            assert draft in [r.draft for r in svc.list_activities(session)]
    finally:
        other.dispose()


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ({"code": "CISM"}, "CISM has claim details but the activity does not count for it"),
        ({"code": "CISSP", "status": "submitted"}, "CISSP: enter the date it was submitted"),
        ({"code": "CISSP", "status": "sent"}, "is not one of"),
        ({"code": "CISSP", "credits": 0}, "must be more than 0"),
        ({"code": "CISSP", "submitted_on": "2025-02-30", "status": "accepted"}, "not a date"),
    ],
)
def test_bad_claims_are_refused_and_nothing_changes(
    loaded_db: Database, claim: dict[str, object], message: str
) -> None:
    before = _export(loaded_db)
    document = {
        "format": "cso-planner",
        "version": 1,
        "cpe": [
            {
                "date": "2025-03-01",
                "activity": "x",
                "credits": 1,
                "applies_to": ["CISSP"],
                "claims": [claim],
            }
        ],
    }
    with pytest.raises(ImportRejected, match=message):
        import_document(loaded_db.session_factory, json.dumps(document).encode())
    assert _export(loaded_db) == before
