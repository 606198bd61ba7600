"""The CPE log service: validation, allocations, filters, cycles and the CSV import."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.db.models import CpeActivity, CpeAllocation, HeldCertification
from cso_planner.db.opening import Database
from cso_planner.exports.cpe_csv import CsvRejected
from cso_planner.services import cpe as svc
from cso_planner.services.cpe import CpeDraft, CpeLogRow
from cso_planner.services.errors import InvalidDraftError

D = dt.date
DEFAULT_EARNED = D(2023, 1, 15)


def hold(db: Database, *codes: str, earned: dt.date = DEFAULT_EARNED) -> None:
    with db.session_factory.begin() as s:
        for code in codes:
            s.add(HeldCertification(cert_code=code, status="earned", earned_on=earned))


def test_validation() -> None:
    bad = CpeDraft(date=D(2024, 1, 1), activity=" ", credits=0, certifications=("CISM",))
    errors = svc.validate_cpe(bad, ["CISSP"])
    assert set(errors) == {"activity", "credits", "certifications"}
    assert svc.validate_cpe(CpeDraft(D(2024, 1, 1), "x", 1e9), [])["credits"]
    assert svc.validate_cpe(CpeDraft(D(2024, 1, 1), "x", float("inf")), [])["credits"]
    ok = CpeDraft(D(2024, 1, 1), "Webinar", 1.5, certifications=("CISSP",))
    assert svc.validate_cpe(ok, ["CISSP"]) == {}


def test_crud_with_allocations(db: Database) -> None:
    hold(db, "CISSP", "CISM")
    draft = CpeDraft(D(2024, 3, 1), "Congress", 8, "ISC2", "Group A", "badge", ("CISSP", "CISM"))
    with db.session_factory.begin() as s:
        new_id = svc.add_activity(s, draft)
    with db.session_factory() as s:
        assert svc.list_activities(s) == [CpeLogRow(new_id, draft)]
    changed = CpeDraft(D(2024, 3, 2), "Congress day 2", 4, certifications=("CISM",))
    with db.session_factory.begin() as s:
        svc.update_activity(s, new_id, changed)
    with db.session_factory() as s:
        assert svc.draft_of(s, new_id) == changed
        assert s.query(CpeAllocation).count() == 1
    with db.session_factory.begin() as s:
        old = svc.delete_activity(s, new_id)
        assert s.query(CpeAllocation).count() == 0
        svc.add_activity(s, old, new_id)
    with db.session_factory() as s:
        assert svc.draft_of(s, new_id) == changed
    with db.session_factory.begin() as s, pytest.raises(InvalidDraftError):
        svc.add_activity(s, CpeDraft(D(2024, 1, 1), "", 1))


def test_filter_rows() -> None:
    rows = [
        CpeLogRow(1, CpeDraft(D(2024, 1, 1), "a", 1, certifications=("CISSP",))),
        CpeLogRow(2, CpeDraft(D(2025, 1, 1), "b", 2, certifications=("CISM",))),
        CpeLogRow(3, CpeDraft(D(2025, 6, 1), "c", 3)),
    ]
    assert [r.id for r in svc.filter_rows(rows, "CISSP")] == [1]
    assert [r.id for r in svc.filter_rows(rows, start=D(2025, 1, 1))] == [2, 3]
    assert [r.id for r in svc.filter_rows(rows, None, D(2024, 1, 1), D(2025, 1, 1))] == [1, 2]


def test_cycles_come_from_the_renewal_engine(db: Database) -> None:
    hold(db, "CISSP", earned=D(2023, 1, 15))
    with db.session_factory() as s:
        (cycle,) = svc.current_cycles(s, D(2025, 1, 1))
    assert cycle.code == "CISSP" and cycle.required == 120
    assert cycle.start <= D(2025, 1, 1) <= cycle.end
    assert cycle.shortfall  # two years in, nothing logged


CSV = (
    b"date,activity,provider,credits,category,certifications,notes\r\n"
    b"2024-02-01,Webinar,ISACA,1,,CISM,\r\n"
    b"2024-02-02,Course,SANS,12.5,Group A,CISSP;CISM,cert.pdf\r\n"
)


def test_import_and_undo_removes_exactly_those_rows(db: Database) -> None:
    hold(db, "CISSP", "CISM")
    with db.session_factory.begin() as s:
        svc.add_activity(s, CpeDraft(D(2023, 1, 1), "Kept", 1))
    with db.session_factory.begin() as s:
        rows = svc.parse_import(s, CSV)
        ids = svc.import_rows(s, rows)
    with db.session_factory() as s:
        assert s.query(CpeActivity).count() == 3
        assert s.query(CpeAllocation).count() == 3
    with db.session_factory.begin() as s:
        svc.delete_activities(s, ids)
    with db.session_factory.begin() as s:
        assert [r.draft.activity for r in svc.list_activities(s)] == ["Kept"]
        assert svc.import_rows(s, rows, ids) == ids  # redo: same ids


def test_bad_csv_is_rejected_whole(db: Database) -> None:
    bad = CSV + b"2024-13-01,Broken,,1,,,\r\n"
    with db.session_factory() as s, pytest.raises(CsvRejected, match="row 4, date"):
        svc.parse_import(s, bad)


def test_cycles_from_the_log_read_once_equal_the_cycles_read_from_the_database(
    db: Database,
) -> None:
    from cso_planner.services.facts import load_facts

    hold(db, "CISSP", "CISM", earned=dt.date.today() - dt.timedelta(days=500))
    today = dt.date.today()
    with db.session_factory.begin() as s:
        for n in range(30):
            codes = [("CISSP",), ("CISM",), ("CISSP", "CISM"), ()][n % 4]
            category = [None, "Group A", "Group B"][n % 3]
            day = today - dt.timedelta(days=7 * n)
            svc.add_activity(
                s, CpeDraft(day, f"Activity {n}", 1 + n % 5, "ISC2", category, "", codes)
            )
    with db.session_factory() as s:
        log = svc.list_activities(s)
        assert svc.cpe_entries(log) == load_facts(s).cpe
        cycles = svc.current_cycles(s, today)
        assert cycles and any(c.earned for c in cycles)
        assert svc.current_cycles(s, today, log) == cycles


def test_a_reread_log_keeps_the_rows_whose_stored_values_did_not_change(db: Database) -> None:
    from cso_planner.services.cpe import Claim

    hold(db, "CISSP", "CISM")
    talk = CpeDraft(D(2024, 3, 1), "Talk", 2, certifications=("CISSP", "CISM"))
    course = CpeDraft(D(2024, 4, 1), "Course", 6, certifications=("CISSP",))
    with db.session_factory.begin() as s:
        talk_id, course_id = svc.add_activity(s, talk), svc.add_activity(s, course)
    known: svc.KnownRows = {}
    with db.session_factory() as s:
        first = {r.id: r for r in svc.list_activities(s, known)}
    # Only a claim of the talk changes (its submission state): the talk's row is made anew.
    claim = Claim("CISM", status="submitted", submitted_on=D(2024, 3, 5))
    submitted = CpeDraft(**{**talk.__dict__, "claims": (claim,)})
    with db.session_factory.begin() as s:
        svc.update_activity(s, talk_id, submitted)
    with db.session_factory() as s:
        second = {r.id: r for r in svc.list_activities(s, known)}
        assert second[course_id] is first[course_id]
        assert second[talk_id] is not first[talk_id] and second[talk_id].draft == submitted
        assert [r.draft for r in svc.list_activities(s)] == [course, submitted]  # newest first
