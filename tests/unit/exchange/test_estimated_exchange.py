"""Dates the app estimated and the wizard's drafted ledger entry travel in the exchange file.

Optional within v1: written only when set (every older file, and every file without them, is
byte for byte as before), read back with their marks, so an estimated expiry never comes back
as one "you entered".
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

from sqlalchemy import select

from cso_planner.db.models import ExperienceEntry, HeldCertification
from cso_planner.db.opening import Database
from cso_planner.exchange import export_bytes, import_document
from tests.unit.exchange.conftest import open_copy


def _export(database: Database) -> bytes:
    with database.session_factory() as session:
        return export_bytes(session)


def test_estimated_dates_and_drafted_entries_round_trip(
    loaded_db: Database, template_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    before = json.loads(_export(loaded_db))
    assert not any("expires_estimated" in c for c in before["certifications"])
    assert not any("drafted_by" in e for e in before["experience"])
    with loaded_db.session_factory.begin() as session:
        session.add(ExperienceEntry(employer="My security career", title="Engineer",
                                    start=dt.date(2016, 1, 1), drafted_by="wizard"))  # fmt: skip
        held = session.scalars(select(HeldCertification)).first()
        assert held is not None
        held.expires_on = held.expires_on or dt.date(2030, 1, 31)
        held.expires_estimated = True
        code = held.cert_code
    data = _export(loaded_db)
    document = json.loads(data)
    (cert,) = [c for c in document["certifications"] if c["code"] == code]
    assert cert["expires_estimated"] is True and "earned_estimated" not in cert
    assert [e["drafted_by"] for e in document["experience"] if "drafted_by" in e] == ["wizard"]
    other = open_copy(template_db, tmp_path / "other.sqlite3")
    try:
        import_document(other.session_factory, data)
        assert _export(other) == data
        with other.session_factory() as session:
            row = session.scalar(
                select(HeldCertification).where(HeldCertification.cert_code == code)
            )
            assert row is not None and row.expires_estimated and not row.earned_estimated
    finally:
        other.dispose()
