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


def test_cover_and_dashboard_name_the_same_stage(db: Database) -> None:
    from cso_planner.services.dashboard import load_dashboard

    with db.session_factory.begin() as s:
        add_sample_person(s, items_per_stage=2)
    with db.session_factory() as s:
        summary = gather_report(s, today=TODAY).summary
        progress = load_dashboard(s, TODAY).progress
    assert progress.stage_role
    assert f"Stage reached: {progress.stage_role}." in summary


def test_undated_next_eligibility_follows_what_the_person_aims_for_first(db: Database) -> None:
    """CISM (target in 75 days) and CCISO (plan goal years away) both lack a date: CISM first."""
    from tests.ui.screens.test_dashboard import realistic_person

    today = dt.date.today()
    with db.session_factory.begin() as s:
        realistic_person(s)
    with db.session_factory() as s:
        summary = gather_report(s, today=today).summary
    assert "Next eligibility: CISM" in summary
