"""The PDF cover's one-paragraph summary, from a known database."""

from __future__ import annotations

import datetime as dt

from cso_planner.db.models import HeldCertification, PlanItem
from cso_planner.db.opening import Database
from cso_planner.services.report_data import gather_report
from tests.helpers.sample_data import add_sample_person

TODAY = dt.date(2026, 12, 2)


def test_summary_names_stage_items_experience_and_next_eligibility(db: Database) -> None:
    with db.session_factory.begin() as s:
        add_sample_person(s, items_per_stage=2)
    with db.session_factory() as s:
        data = gather_report(s, today=TODAY)
        earned = {h.cert_code for h in s.query(HeldCertification) if h.status == "earned"}
        wanted = {h.cert_code for h in s.query(HeldCertification)} | {
            i.ref_code for i in s.query(PlanItem) if i.ref_code
        }
    summary = data.summary
    assert "roadmap items done" in summary
    assert "years of logged security experience" in summary
    # A certification the person is going for, with its date or what is still missing.
    assert "Next eligibility: " in summary
    named = summary.split("Next eligibility: ", 1)[1]
    code = named.split(maxsplit=1)[0].rstrip(",")
    assert code in wanted - earned, summary


def test_summary_without_goals_has_no_eligibility_sentence(db: Database) -> None:
    with db.session_factory() as s:
        data = gather_report(s, today=TODAY)
    assert "Next eligibility" not in data.summary
