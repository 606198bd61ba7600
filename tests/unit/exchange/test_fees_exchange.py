"""The fees the person confirmed on the Budget screen travel in the exchange file (``fees``).

The section is optional within v1: a file without it (every file written before it existed)
imports as before, and the export writes it only when there is a confirmed fee.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

from cso_planner.db.opening import Database
from cso_planner.exchange import export_bytes, import_document
from cso_planner.money import Money, Total
from cso_planner.services.budget import compute_budget, fee_record, set_fee
from tests.unit.exchange.conftest import open_copy

TODAY = dt.date(2026, 12, 2)


def _export(database: Database) -> bytes:
    with database.session_factory() as session:
        return export_bytes(session)


def test_confirmed_fees_round_trip_and_keep_the_budget(
    loaded_db: Database, template_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    assert "fees" not in json.loads(_export(loaded_db))  # none confirmed: the v1 file as ever
    with loaded_db.session_factory.begin() as session:
        set_fee(session, "exam:CISSP", Money(699.5, "EUR"), TODAY)
        set_fee(session, "fee:ISC2:2025", Money(135, "USD"), TODAY)
    data = _export(loaded_db)
    assert json.loads(data)["fees"] == [
        {"key": "exam:CISSP", "amount": 699.5, "currency": "EUR", "confirmed_on": "2026-12-02"},
        {"key": "fee:ISC2:2025", "amount": 135, "currency": "USD", "confirmed_on": "2026-12-02"},
    ]
    other = open_copy(template_db, tmp_path / "other.sqlite3")
    try:
        summary = import_document(other.session_factory, data)
        assert "2 confirmed fees" in summary.describe()
        assert _export(other) == data
        with loaded_db.session_factory() as a, other.session_factory() as b:
            assert compute_budget(a, TODAY) == compute_budget(b, TODAY)
            assert fee_record(b, "exam:CISSP") == Money(699.5, "EUR")
    finally:
        other.dispose()


def test_a_file_without_fees_replaces_them_and_one_with_fees_appends(
    loaded_db: Database, realistic_bytes: bytes
) -> None:
    with loaded_db.session_factory.begin() as session:
        set_fee(session, "exam:CISSP", Money(700, "USD"), TODAY)
    import_document(loaded_db.session_factory, realistic_bytes)  # an older v1 file
    with loaded_db.session_factory() as session:
        assert fee_record(session, "exam:CISSP") is None
        key = next(li.key for li in compute_budget(session, TODAY).lines if li.estimated)
    assert key is not None
    appended = json.dumps(
        {
            "format": "cso-planner",
            "version": 1,
            "fees": [{"key": key, "amount": 1, "currency": "GBP", "confirmed_on": "2026-01-01"}],
        }
    ).encode()
    import_document(loaded_db.session_factory, appended, replace=False)
    with loaded_db.session_factory() as session:
        assert fee_record(session, key) == Money(1, "GBP")
        line = next(li for li in compute_budget(session, TODAY).lines if li.key == key)
        assert line.amount == Money(1, "GBP") and not line.estimated
        assert Total.of([line.amount]).currencies == ("GBP",)
