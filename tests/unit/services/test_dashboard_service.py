"""Dashboard numbers on a known database, each expected value worked out from the inserted rows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from cso_planner.db.models import (
    CpeActivity,
    CpeAllocation,
    ExperienceDomain,
    ExperienceEntry,
    HeldCertification,
    ItemDependency,
    Plan,
    PlanItem,
    Stage,
)
from cso_planner.db.opening import Database
from cso_planner.money import Money, Total
from cso_planner.services.dashboard import Dashboard, load_dashboard, salary_band
from cso_planner.services.facts import eligibility_answers

D = dt.date
TODAY = D(2026, 6, 15)


def _item(position: int, title: str, status: str, due: dt.date | None, cost: float | None = None):  # type: ignore[no-untyped-def]
    return PlanItem(position=position, kind="skill", title=title, status=status, due=due, cost=cost)


def _known(session: Session) -> None:
    a = ExperienceEntry(employer="A", title="Analyst", start=D(2014, 1, 1), end=D(2019, 12, 31))
    a.domains = [
        ExperienceDomain(cert_code="CISSP", domain="Security Operations"),
        ExperienceDomain(cert_code="CISSP", domain="Security and Risk Management"),
    ]
    part_time = ExperienceEntry(
        employer="C", title="Night shift", start=D(2018, 1, 1), end=D(2018, 12, 31),
        hours_per_week=20,
    )  # fmt: skip
    manager = ExperienceEntry(
        employer="B", title="Security Manager", start=D(2020, 1, 1), end=None, management=True
    )
    session.add_all([a, part_time, manager])
    plan = Plan(name="Road", active=True, target_role="Chief Security Officer")
    s1 = Stage(position=0, role="Engineer")
    s2 = Stage(position=1, role="Manager")
    s3 = Stage(position=2, role="Director")
    s1.items = [_item(0, "done 1", "done", D(2025, 1, 1), 50), _item(1, "done 2", "done", None)]
    s2.items = [
        _item(0, "a: lead the IR exercise", "in_progress", D(2026, 7, 1), 200),
        _item(1, "b: waits for a", "planned", D(2026, 5, 1)),
        _item(2, "c: skipped", "skipped", D(2026, 6, 20)),
    ]
    s3.items = [
        _item(0, "d: no date", "planned", None),
        _item(1, "e: later", "planned", D(2028, 1, 1)),
    ]
    plan.stages = [s1, s2, s3]
    session.add(plan)
    session.flush()
    session.add(ItemDependency(item_id=s2.items[1].id, depends_on_id=s2.items[0].id))
    session.add_all(
        [
            HeldCertification(cert_code="CISSP", status="earned", exam_date=D(2023, 6, 1),
                              earned_on=D(2023, 7, 1)),
            HeldCertification(cert_code="CISM", status="scheduled", exam_date=D(2026, 8, 20)),
        ]
    )  # fmt: skip
    for day, credits, category in ((D(2024, 3, 1), 100, "A"), (D(2025, 3, 1), 10, "B")):
        activity = CpeActivity(date=day, activity="x", credits=credits, category=category)
        activity.allocations = [CpeAllocation(cert_code="CISSP")]
        session.add(activity)


@pytest.fixture
def dash(db: Database) -> Dashboard:
    with db.session_factory.begin() as s:
        _known(s)
    with db.session_factory() as s:
        return load_dashboard(s, TODAY)


def test_progress(dash: Dashboard) -> None:
    p = dash.progress
    assert (p.plan_name, p.target_role, p.stage_count) == ("Road", "Chief Security Officer", 3)
    # Stage 1 is all done; stage 2 still has open items: that is the stage reached.
    assert (p.stage_index, p.stage_role) == (1, "Manager")
    # 7 items, one skipped -> 6 counted, 2 done.
    assert (p.items_done, p.items_total) == (2, 6)
    assert p.share_done == pytest.approx(2 / 6)


def test_experience_years_count_overlaps_once(dash: Dashboard) -> None:
    # 2014-01-01 .. today without a gap (the part-time job overlaps job A; 2020 on is B).
    security = ((TODAY - D(2014, 1, 1)).days + 1) / 365.25
    management = ((TODAY - D(2020, 1, 1)).days + 1) / 365.25
    assert dash.progress.security_years == pytest.approx(security, abs=1e-6)
    assert dash.progress.management_years == pytest.approx(management, abs=1e-6)
    assert dash.progress.required_years == 10


def test_next_actions_respect_dependencies_and_due_dates(dash: Dashboard) -> None:
    titles = [a.title for a in dash.next_actions]
    # b waits for a (not done), c is skipped; dated items first, undated last.
    assert titles == ["a: lead the IR exercise", "e: later", "d: no date"]
    assert not any(a.overdue for a in dash.next_actions)


def test_deadlines_in_the_next_90_days(dash: Dashboard) -> None:
    found = {(d.key, d.date) for d in dash.deadlines}
    assert found == {
        ("item-3", D(2026, 7, 1)),  # a's due date (b's is in the past, c is skipped)
        ("cert-CISM-exam", D(2026, 8, 20)),
        ("cert-CISSP-fee", D(2026, 7, 1)),  # the ISC2 AMF on the anniversary of 1 Jul 2023
        ("cert-CISSP-cycle-end", D(2026, 6, 30)),  # three years from 1 Jul 2023
    }
    # No expiry recorded: the lifecycle estimates it at the cycle's end (a renewal is recorded
    # by the person, never assumed), and the cycle's deadline says so.
    (end,) = [d for d in dash.deadlines if d.key == "cert-CISSP-cycle-end"]
    assert "the expiry is estimated" in end.description
    assert [d.date for d in dash.deadlines] == sorted(d.date for d in dash.deadlines)


def test_cpe_status_per_held_certification(dash: Dashboard) -> None:
    (cissp,) = dash.cpe
    assert (cissp.code, cissp.earned, cissp.required) == ("CISSP", 110, 120)
    assert cissp.cycle_end == D(2026, 6, 30)
    # 10 CPE missing with 16 days left, at ~3 a month so far: short.
    assert cissp.status == "short"


def test_eligibility_lines_match_the_engine(db: Database, dash: Dashboard) -> None:
    with db.session_factory() as s:
        engine = {a.code: a for a in eligibility_answers(s, TODAY)}
    codes = [line.code for line in dash.eligibility]
    assert codes == ["CISM", "CISSP"]  # held or planned ones only, by code
    for line in dash.eligibility:
        assert line.eligible == engine[line.code].eligible
        assert line.eligible_on == engine[line.code].eligible_on
    cissp = next(line for line in dash.eligibility if line.code == "CISSP")
    # Five full-time years from 1 Jan 2014 (no waiver: no degree recorded) -> around New Year 2019.
    assert cissp.eligible and cissp.eligible_on is not None
    assert abs((cissp.eligible_on - D(2019, 1, 1)).days) <= 3
    # The CISSP is held: it reads "Held since …" (its lifecycle), never an eligibility.
    assert cissp.text() == "CISSP — Held since 1 Jul 2023"
    assert cissp.status == "done"
    cism = next(line for line in dash.eligibility if line.code == "CISM")
    assert cism.held is None and "Held" not in cism.text()


def test_eligibility_line_texts() -> None:
    from cso_planner.services.dashboard import EligibilityLine

    base = dict(error=None, source="", as_of=D(2026, 1, 1))
    future = EligibilityLine(
        "CCISO", False, D(2029, 6, 1), "needs 2.1 more years in Governance", **base
    )  # type: ignore[arg-type]
    assert future.text() == "CCISO — from Jun 2029: needs 2.1 more years in Governance"
    assert future.status == "in_progress"
    never = EligibilityLine("CPP", False, None, "needs 3 years in a management role", **base)  # type: ignore[arg-type]
    assert never.text() == "CPP — not yet: needs 3 years in a management role"
    assert never.status == "planned"


def test_the_dashboard_budget_is_the_budget_screens(db: Database, dash: Dashboard) -> None:
    from cso_planner.services.budget import compute_budget

    with db.session_factory() as s:  # the plan rows and rules handed over, not read again
        assert dash.budget == compute_budget(s, TODAY).year(TODAY.year)


def test_budget_this_year(dash: Dashboard) -> None:
    # 2026: item a ($200, the person's figure) planned; CISSP AMF (1 Jul, $135) and the CISM
    # exam ($760) are catalog figures: estimated until confirmed; nothing spent yet.
    assert dash.budget.year == 2026
    assert dash.budget.planned == Total.of([Money(200, "USD")])
    assert dash.budget.estimated == Total.of([Money(135 + 760, "USD")])
    assert dash.budget.spent == Total()


@pytest.mark.parametrize(
    ("years", "figure"),
    [(0, "US$80K–US$120K"), (4.99, "US$80K–US$120K"), (5, "US$120K–US$170K"),
     (9.9, "US$120K–US$170K"), (10, "US$170K–US$250K"), (19.9, "US$170K–US$250K"),
     (20, "US$250K+"), (31, "US$250K+")],
)  # fmt: skip
def test_salary_band_follows_the_seed(years: float, figure: str) -> None:
    band = salary_band(years)
    assert band.figure == figure
    assert band.source.startswith("project seed articles")
    assert "project seed documents" in band.source
    assert band.as_of


def test_salary_band_on_the_dashboard(dash: Dashboard) -> None:
    # ~12.5 years of experience -> the 10-19 years band.
    assert dash.salary.label == "10-19 years"
    assert dash.salary.figure == "US$170K–US$250K"


def test_empty_database(db: Database) -> None:
    with db.session_factory() as s:
        dash = load_dashboard(s, TODAY)
    assert dash.progress.stage_index is None
    assert dash.next_actions == () and dash.deadlines == () and dash.cpe == ()
    assert [line.code for line in dash.eligibility] == ["CISSP", "CISM", "CPP", "CCISO"]
    assert dash.salary.figure == "US$80K–US$120K"
