"""Claims per certification: own credits, category and domain, submission state, and the one
function that totals earned vs submitted (CPE screen, renewal forecast and dashboard read it)."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil
import sqlite3

import pytest

from cso_planner.db import migrate
from cso_planner.db.models import CpeAllocation, HeldCertification
from cso_planner.db.opening import Database, open_database
from cso_planner.services import cpe as svc
from cso_planner.services.claims import claim_summary, summarize
from cso_planner.services.cpe import Claim, CpeDraft
from cso_planner.services.dashboard import load_dashboard
from cso_planner.services.errors import InvalidDraftError
from cso_planner.services.facts import renewal_answers

D = dt.date
ON = D(2025, 6, 1)
FIXTURES = pathlib.Path(__file__).parents[2] / "fixtures"


def hold(db: Database) -> None:
    with db.session_factory.begin() as s:
        for code in ("CISSP", "CCSP", "CPP"):
            s.add(HeldCertification(cert_code=code, status="earned", earned_on=D(2024, 1, 15)))


def add(db: Database, draft: CpeDraft) -> int:
    with db.session_factory.begin() as s:
        return svc.add_activity(s, draft)


def test_claim_validation() -> None:
    base = CpeDraft(D(2025, 3, 1), "Congress", 8, certifications=("CISSP",))

    def problem(*claims: Claim) -> str | None:
        draft = CpeDraft(**{**base.__dict__, "claims": claims})
        return svc.validate_cpe(draft, ["CISSP", "CPP"]).get("claims")

    assert problem(Claim("CISSP", 6, "Group A", "Security", "submitted", D(2025, 3, 2))) is None
    assert "does not count for it" in (problem(Claim("CPP")) or "")
    assert "credits must be above 0" in (problem(Claim("CISSP", credits=0)) or "")
    assert "enter the date it was submitted" in (problem(Claim("CISSP", status="submitted")) or "")
    assert "before the activity" in (
        problem(Claim("CISSP", status="accepted", submitted_on=D(2025, 1, 1))) or ""
    )
    assert "not a submission state" in (problem(Claim("CISSP", status="sent")) or "")


def test_claims_are_stored_read_back_and_counted_with_their_own_credits(db: Database) -> None:
    hold(db)
    conference = CpeDraft(
        D(2025, 3, 1),
        "GSX conference",
        8,
        category="Group A",
        certifications=("CISSP", "CPP"),
        claims=(Claim("CPP", 6, "Education", None, "accepted", D(2025, 3, 10)),),
    )
    activity_id = add(db, conference)
    with db.session_factory() as s:
        assert svc.draft_of(s, activity_id) == conference
        (row,) = svc.list_activities(s)
        assert row.draft == conference
        stored = {a.cert_code: (a.credits, a.status) for a in s.query(CpeAllocation)}
        assert stored == {"CISSP": (None, "not_submitted"), "CPP": (6.0, "accepted")}
        earned = {r.code: r.cpe_earned for r in renewal_answers(s, ON)}
    # The renewal engine counts 8 for CISSP and the claim's own 6 for CPP.
    assert earned["CISSP"] == 8 and earned["CPP"] == 6
    with db.session_factory.begin() as s:
        svc.update_activity(s, activity_id, CpeDraft(**{**conference.__dict__, "claims": ()}))
    with db.session_factory() as s:
        assert svc.draft_of(s, activity_id).claims == ()
        assert {r.code: r.cpe_earned for r in renewal_answers(s, ON)}["CPP"] == 8
    with db.session_factory.begin() as s, pytest.raises(InvalidDraftError):
        svc.update_activity(
            s, activity_id, CpeDraft(**{**conference.__dict__, "claims": (Claim("CCSP"),)})
        )


def test_totals_per_certification_and_per_issuer(db: Database) -> None:
    hold(db)
    # Claimed for two ISC2 certifications: one submission to ISC2, counted once.
    add(
        db,
        CpeDraft(D(2025, 2, 1), "Webinar", 2, certifications=("CISSP", "CCSP")),
    )
    add(
        db,
        CpeDraft(
            D(2025, 3, 1),
            "Course",
            10,
            certifications=("CISSP", "CPP"),
            claims=(Claim("CISSP", status="submitted", submitted_on=D(2025, 3, 5)),),
        ),
    )
    add(db, CpeDraft(D(2025, 4, 1), "Talk", 4, certifications=("CISSP", "CCSP")))
    add(db, CpeDraft(D(2026, 1, 1), "Future", 50, certifications=("CISSP",)))  # after ON
    with db.session_factory() as s:
        summary = claim_summary(s, ON)
        dashboard = load_dashboard(s, ON)
    cissp = summary.by_code["CISSP"]
    assert (cissp.issuer, cissp.earned, cissp.submitted, cissp.unsubmitted) == ("ISC2", 16, 10, 6)
    assert cissp.start == D(2024, 1, 15) and cissp.end == ON
    assert summary.by_code["CCSP"].unsubmitted == 6
    assert summary.unsubmitted_by_issuer == {"ISC2": 6, "ASIS International": 10}
    assert summary.reminders() == [
        "10 credits not yet submitted to ASIS International",
        "6 credits not yet submitted to ISC2",
    ]
    assert dashboard.unsubmitted == tuple(summary.reminders())


def test_summarize_keeps_to_the_cycle_and_takes_the_larger_claim_per_activity(
    db: Database,
) -> None:
    hold(db)
    # Activity 1 is claimed as 3 for CISSP and 5 for CCSP: one submission to ISC2.
    add(db, CpeDraft(D(2025, 1, 10), "Talk", 3, certifications=("CISSP", "CCSP"),
                     claims=(Claim("CCSP", 5),)))  # fmt: skip
    add(db, CpeDraft(D(2020, 1, 10), "Old", 40, certifications=("CISSP",)))  # before the cycle
    accepted = Claim("CISSP", status="accepted", submitted_on=D(2025, 2, 11))
    add(db, CpeDraft(D(2025, 2, 10), "Read", 1, certifications=("CISSP",), claims=(accepted,)))
    add(db, CpeDraft(D(2025, 7, 1), "Later", 9, certifications=("CCSP",)))  # after ON
    with db.session_factory() as s:
        summary = summarize(s, {"CISSP": (D(2024, 1, 1), D(2026, 12, 31))}, ON)
    assert summary.by_code["CISSP"].earned == 4 and summary.by_code["CISSP"].accepted == 1
    assert summary.by_code["CISSP"].submitted == 1 and summary.by_code["CISSP"].end == ON
    assert summary.by_code["CCSP"].start is None  # no cycle: everything up to ON
    assert summary.by_code["CCSP"].earned == 5 and summary.by_code["CCSP"].issuer == "ISC2"
    assert set(summary.by_code) == {"CISSP", "CCSP"}
    # Activity 1 is one submission to ISC2 (the larger claim, 5); activity 2 is out of the cycle.
    assert summary.unsubmitted_by_issuer == {"ISC2": 5}


def test_a_released_database_gets_unsubmitted_claims_as_the_activity(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_0001_initial.sqlite3", path)
    with sqlite3.connect(path) as connection:
        before = connection.execute(
            "SELECT activity_id, cert_code FROM cpe_allocation ORDER BY id"
        ).fetchall()
    assert before
    database = open_database(path)
    try:
        with database.session_factory() as s:
            after = [
                (a.activity_id, a.cert_code, a.credits, a.category, a.status, a.submitted_on)
                for a in s.query(CpeAllocation).order_by(CpeAllocation.id)
            ]
    finally:
        database.dispose()
    assert after == [(a, c, None, None, "not_submitted", None) for a, c in before]
    migrate.downgrade(path, "0004_money")  # and back: the claim columns go, the rows stay
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT activity_id, cert_code FROM cpe_allocation").fetchall()


def test_the_renewals_command_shows_earned_vs_submitted(db: Database) -> None:
    import io

    from cso_planner.eligibility.cli import run_renewals

    hold(db)
    add(
        db,
        CpeDraft(
            D(2025, 3, 1),
            "Course",
            10,
            certifications=("CISSP",),
            claims=(Claim("CISSP", status="submitted", submitted_on=D(2025, 3, 5)),),
        ),
    )
    add(db, CpeDraft(D(2025, 4, 1), "Talk", 4, certifications=("CISSP",)))
    out = io.StringIO()
    run_renewals(db.session_factory, ON, False, out)
    text = out.getvalue()
    assert "  CISSP: 14 earned, 10 submitted (0 accepted)" in text
    assert "  4 credits not yet submitted to ISC2" in text
