"""The budget per year on a known database, each expected number summed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from cso_planner.db.models import Course, HeldCertification, Plan, PlanItem, Stage
from cso_planner.db.opening import Database
from cso_planner.services.budget import compute_budget, exam_price

D = dt.date
TODAY = D(2026, 6, 15)


def _known(session: Session) -> None:
    plan = Plan(name="P", active=True, target_role="CSO")
    s1 = Stage(position=0, role="Manager", start=D(2026, 1, 1), end=D(2026, 12, 31))
    s2 = Stage(position=1, role="Director", start=D(2027, 1, 1), end=D(2027, 12, 31))
    s1.items = [
        PlanItem(position=0, kind="course", title="Risk course", cost=300, status="done",
                 due=D(2026, 9, 1)),
        PlanItem(position=1, kind="skill", title="Old idea", cost=999, status="skipped",
                 due=D(2026, 3, 1)),
    ]  # fmt: skip
    s2.items = [
        PlanItem(position=0, kind="certification", title="Pass CISM", ref_code="CISM",
                 due=D(2027, 3, 1)),
        PlanItem(position=1, kind="certification", title="Pass CCISO", ref_code="CCISO",
                 cost=1200, employer_paid=True, due=D(2027, 10, 1)),
    ]  # fmt: skip
    plan.stages = [s1, s2]
    session.add(plan)
    session.add_all(
        [
            HeldCertification(cert_code="CISSP", status="earned", exam_date=D(2023, 11, 2),
                              earned_on=D(2024, 1, 15)),
            HeldCertification(cert_code="CISM", status="studying"),
            HeldCertification(cert_code="SSCP", status="planned", target_date=D(2026, 12, 1)),
            HeldCertification(cert_code="CPP", status="earned", earned_on=D(2022, 5, 10)),
            Course(title="CISM prep", cost=59, progress=40),
            Course(title="Leadership", cost=100, progress=100, completed_on=D(2026, 3, 1),
                   employer_paid=True),
            Course(title="Free webinar", cost=0),
        ]
    )  # fmt: skip


@pytest.fixture
def budget(db: Database):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as s:
        _known(s)
    with db.session_factory() as s:
        return compute_budget(s, TODAY)


def test_span_runs_from_first_cost_to_last_plan_year(budget) -> None:  # type: ignore[no-untyped-def]
    assert (budget.first_year, budget.last_year) == (2022, 2027)
    assert [y.year for y in budget.years] == list(range(2022, 2028))


def test_per_year_totals(budget) -> None:  # type: ignore[no-untyped-def]
    # 2022: CPP exam (catalog $485), earned -> spent.
    assert (budget.year(2022).spent, budget.year(2022).planned) == (485, 0)
    # 2023: CISSP exam $749, spent in the exam year.
    assert (budget.year(2023).spent, budget.year(2023).planned) == (749, 0)
    # 2024: the CISSP anniversary fee starts the year after it was earned.
    assert budget.year(2024).total == 0
    # 2025: CISSP AMF $135 (15 Jan) + CPP recertification $90 at the cycle end 31 May 2025.
    assert budget.year(2025).spent == 135 + 90
    # 2026: AMF 135 + done course item 300 + completed course 100 (employer) spent;
    # SSCP exam 249 + unfinished course 59 planned; the skipped item never counts.
    y26 = budget.year(2026)
    assert (y26.spent, y26.planned, y26.employer_paid) == (135 + 300 + 100, 249 + 59, 100)
    # 2027: AMF 135 + CISM goal at the catalog price 760 (not twice: the held CISM row is the
    # same exam) + CCISO goal at its own cost 1200, paid by the employer.
    y27 = budget.year(2027)
    assert (y27.spent, y27.planned, y27.employer_paid) == (0, 135 + 760 + 1200, 1200)
    assert y27.out_of_pocket == 135 + 760


def test_each_cost_counted_once(budget) -> None:  # type: ignore[no-untyped-def]
    labels = [line.label for y in budget.years for line in y.lines]
    assert labels.count("Pass CISM") == 1
    assert "CISM exam" not in labels
    assert "Old idea" not in labels
    assert "Free webinar" not in labels


def test_empty_database_has_an_empty_budget_for_this_year(db: Database) -> None:
    with db.session_factory() as s:
        budget = compute_budget(s, TODAY)
    assert budget.is_empty
    assert [y.year for y in budget.years] == [2026]


@pytest.mark.parametrize(
    ("details", "price"),
    [
        ('{"fees": {"exam_price_usd": 749}}', 749.0),
        ('{"fees": {"exam_price_usd": true}}', None),
        ('{"fees": {}}', None),
        ("not json", None),
        ("[]", None),
    ],
)
def test_exam_price_reads_only_a_real_number(details: str, price: float | None) -> None:
    assert exam_price(details) == price
