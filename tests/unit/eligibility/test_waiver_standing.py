"""A credential waives experience while it is in good standing by its lifecycle (the one
function every view reads): active or in the issuer's grace period, never suspended or expired.

Read from a real migrated file through ``cso-planner eligibility --json`` and beside the
Certifications screen's words for the same credential (``lifecycles``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

import pytest

from cso_planner.db.models import ExperienceDomain, ExperienceEntry, HeldCertification
from cso_planner.db.opening import open_database
from cso_planner.services.facts import lifecycles

ROOT = pathlib.Path(__file__).resolve().parents[3]
ON = dt.date(2026, 6, 1)
D = dt.date


def _cism(db_path: pathlib.Path, **cissp: object) -> dict[str, object]:
    """CISM's answer on ``ON`` for 4.4 years of security management (5 needed, 2 waivable by
    a CISSP in good standing) and a CISSP with the given dates."""
    database = open_database(db_path)
    with database.session_factory.begin() as s:
        job = ExperienceEntry(
            employer="A", title="Security manager", start=D(2022, 1, 1), end=None,
            hours_per_week=40, paid=True, management=True,
        )  # fmt: skip
        job.domains = [
            ExperienceDomain(cert_code="CISM", domain=name)
            for name in (
                "Information Security Governance",
                "Information Security Risk Management",
                "Information Security Program",
            )
        ]
        s.add(job)
        s.add(HeldCertification(cert_code="CISSP", status="earned", **cissp))
    with database.read_session_factory() as s:
        state = lifecycles(s, ON)["CISSP"].state
    database.dispose()
    result = subprocess.run(
        [sys.executable, "-m", "cso_planner", "--db", str(db_path),
         "eligibility", "--on", ON.isoformat(), "--json"],
        capture_output=True, text=True, timeout=120, check=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    (cism,) = [row for row in json.loads(result.stdout) if row["code"] == "CISM"]
    cism["cissp_state"] = state
    return cism


@pytest.mark.parametrize(
    ("cissp", "state", "waived"),
    [
        # Renewed (the expiry recorded, ahead): active.
        ({"earned_on": D(2020, 1, 1), "expires_on": D(2026, 12, 31)}, "active", True),
        # Expired 30 days ago: within ISC2's 90-day grace, still in good standing.
        ({"earned_on": D(2020, 1, 1), "expires_on": ON - dt.timedelta(days=30)}, "in grace", True),
        # 120 days past the expiry: suspended, not in good standing.
        (
            {"earned_on": D(2020, 1, 1), "expires_on": ON - dt.timedelta(days=120)},
            "suspended",
            False,
        ),
        # No renewal recorded since 2020: its estimated expiry (end of 2022) and
        # the 2-year suspension after it are past.
        ({"earned_on": D(2020, 1, 1)}, "expired", False),
    ],
)
def test_only_a_credential_in_good_standing_waives(
    tmp_path: pathlib.Path, cissp: dict[str, object], state: str, waived: bool
) -> None:
    cism = _cism(tmp_path / "p.sqlite3", **cissp)
    assert cism["cissp_state"] == state  # what the Certifications screen says of the CISSP
    assert cism["eligible"] is waived
    assert (cism["waiver_years"] == 2) is waived
