"""Every output reads the one lifecycle: the CLI (eligibility, renewals), the calendar export
and the budget, for a person whose credentials are active, lapsed past their grace, and held.

Cases from the issuers' wording (see tests/unit/eligibility/test_lifecycle.py): ISC2's 90 days
after the expiration date, then suspension; one ISC2 AMF per member ("single AMF regardless of
number of ISC2 certs", reference); CompTIA's 30-day grace, then re-test.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

from icalendar import Calendar

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import Database
from cso_planner.services.budget import compute_budget
from tests.unit.test_cli import run_cli

D = dt.date
ON = D(2026, 12, 4)


def _person(db: Database) -> None:
    with db.session_factory.begin() as s:
        s.add_all(
            [
                # Expired 31 May 2026: past ISC2's 90 days (29 Aug 2026) on 4 Dec 2026.
                HeldCertification(cert_code="CISSP", status="earned", earned_on=D(2023, 6, 1),
                                  expires_on=D(2026, 5, 31)),
                HeldCertification(cert_code="CCSP", status="earned", earned_on=D(2025, 9, 1),
                                  expires_on=D(2028, 8, 31)),
                HeldCertification(cert_code="SSCP", status="earned", earned_on=D(2025, 2, 1),
                                  expires_on=D(2028, 1, 31)),
                # Expired 2018 (no renewal recorded).
                HeldCertification(cert_code="Security+", status="earned",
                                  earned_on=D(2015, 6, 1), expires_on=D(2018, 5, 31)),
                HeldCertification(cert_code="CISM", status="studying"),
            ]
        )  # fmt: skip


def test_cli_renewals_read_the_lifecycle(db: Database) -> None:
    _person(db)
    result = run_cli("--db", str(db.path), "renewals", "--on", ON.isoformat(), "--json")
    assert result.returncode == 0, result.stderr
    by_code = {a["code"]: a for a in json.loads(result.stdout)}
    cissp = by_code["CISSP"]
    # No fresh 2026-2029 cycle: the cycle that ended, its shortfall, what to do.
    assert (cissp["cycle_start"], cissp["cycle_end"]) == ("2023-06-01", "2026-05-31")
    assert cissp["state"] == "suspended" and cissp["shortfall"]
    assert cissp["cpe_remaining"] == 120
    assert "reinstate or re-certify" in cissp["warnings"][0]
    assert cissp["next_fee_date"] is None
    plus = by_code["Security+"]
    assert plus["cycle_end"] == "2018-05-31" and plus["state"] == "expired"
    assert plus["next_fee_date"] is None
    # One ISC2 fee for the two active ISC2 credentials, shown once.
    fees = [(a["code"], a["next_fee_usd"]) for a in by_code.values() if a["next_fee_usd"]]
    assert fees == [("SSCP", 135)]
    assert by_code["CCSP"]["fee_covered_by"] == "SSCP"

    table = run_cli("--db", str(db.path), "renewals", "--on", ON.isoformat())
    assert table.returncode == 0, table.stderr
    rows = {line.split()[0]: line for line in table.stdout.splitlines() if line.strip()}
    assert "suspended" in rows["CISSP"] and "with SSCP" in rows["CCSP"]


def test_cli_eligibility_reads_held_since_for_held_certifications(db: Database) -> None:
    _person(db)  # an empty ledger: no experience at all
    table = run_cli("--db", str(db.path), "eligibility", "--on", ON.isoformat())
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    ccsp = next(line for line in lines if line.startswith("CCSP "))
    assert ccsp.split()[1] == "held" and "Held since" in ccsp
    assert "more years" not in ccsp
    cism = next(line for line in lines if line.startswith("CISM "))
    assert " no " in cism  # not held: its eligibility
    as_json = run_cli("--db", str(db.path), "eligibility", "--on", ON.isoformat(), "--json")
    by_code = {a["code"]: a for a in json.loads(as_json.stdout)}
    assert by_code["CCSP"]["held"] and by_code["CCSP"]["held_since"] == "2025-09-01"
    assert by_code["CISSP"]["held_state"] == "suspended"
    assert not by_code["CISM"]["held"]


def test_calendar_has_one_isc2_fee_and_no_fee_for_lapsed(
    db: Database, tmp_path: pathlib.Path
) -> None:
    _person(db)
    out = tmp_path / "deadlines.ics"
    result = run_cli("--db", str(db.path), "ics", str(out))
    assert result.returncode == 0, result.stderr
    events = [c for c in Calendar.from_ical(out.read_bytes()).walk() if c.name == "VEVENT"]
    summaries = [str(e.get("summary")) for e in events]
    fee_events = [s for s in summaries if s.endswith("fee due")]
    # CISSP and Security+ lapsed: no fee; CCSP and SSCP share one ISC2 AMF.
    assert len([s for s in fee_events if s.split()[0] in ("CISSP", "CCSP", "SSCP")]) == 1
    assert not any(s.startswith(("CISSP", "Security+")) for s in fee_events)


def test_budget_books_no_fee_after_a_lapsed_expiry(db: Database) -> None:
    _person(db)
    with db.session_factory() as s:
        budget = compute_budget(s, ON)
    fees = [li for li in budget.lines if li.category == "annual_fee"]
    plus = [li for li in fees if "Security+" in li.label]
    assert plus and max(li.year for li in plus) <= 2018
    # ISC2: one line a year; the lapsed CISSP adds nothing after 31 May 2026.
    isc2 = [li for li in fees if li.label.startswith("ISC2")]
    assert len({li.year for li in isc2}) == len(isc2)
    assert all("CISSP" not in li.label for li in isc2 if li.date and li.date > D(2026, 5, 31))
