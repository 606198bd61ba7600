"""The budget per year on a known database, each expected number summed by hand.

States: a catalog figure is estimated until the person confirms or edits it; the person's own
figures are planned until the thing happened, then spent; nothing is spent after today.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from cso_planner.db.models import Course, HeldCertification, Plan, PlanItem, Profile, Stage
from cso_planner.db.opening import Database
from cso_planner.money import Money, Total
from cso_planner.services.budget import (
    Budget,
    compute_budget,
    exam_price,
    fee_record,
    set_fee,
)
from cso_planner.services.errors import InvalidDraftError

D = dt.date
TODAY = D(2026, 6, 15)


def usd(amount: float) -> Total:
    return Total.of([Money(amount, "USD")]) if amount else Total()


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


def _budget(db: Database, today: dt.date = TODAY) -> Budget:
    with db.session_factory() as s:
        return compute_budget(s, today)


@pytest.fixture
def budget(db: Database) -> Budget:
    with db.session_factory.begin() as s:
        _known(s)
    return _budget(db)


def test_span_runs_from_first_cost_to_last_plan_year(budget: Budget) -> None:
    assert (budget.first_year, budget.last_year) == (2022, 2027)
    assert [y.year for y in budget.years] == list(range(2022, 2028))


def test_per_year_totals(budget: Budget) -> None:
    # 2022: CPP exam at today's catalog price ($485): the person never entered it, so it is
    # an estimate, not money spent.
    y22 = budget.year(2022)
    assert (y22.spent, y22.estimated) == (Total(), usd(485))
    # 2023: the CISSP exam, estimated the same way.
    assert (budget.year(2023).spent, budget.year(2023).estimated) == (Total(), usd(749))
    # 2024: the CISSP anniversary fee starts the year after it was earned.
    assert budget.year(2024).total == Total()
    # 2025: CISSP AMF $135 (15 Jan) + CPP recertification $90 (cycle end 31 May 2025):
    # past due days, but catalog figures: estimated.
    assert budget.year(2025).estimated == usd(135 + 90)
    assert budget.year(2025).spent == Total()
    # 2026: the done course item (300, due 1 Sep, done early: booked today) and the completed
    # course (100, employer) are spent; the unfinished course 59 is planned; the AMF 135 and
    # the SSCP exam 249 are estimates; the skipped item never counts.
    y26 = budget.year(2026)
    assert y26.spent == usd(300 + 100)
    assert y26.planned == usd(59)
    assert y26.estimated == usd(135 + 249)
    assert y26.employer_paid == usd(100)
    # 2027: the CCISO goal at its own cost 1200 (employer) is planned; the CISM goal at the
    # catalog price 760 (not twice: the held CISM row is the same exam) and the AMF 135 are
    # estimates.
    y27 = budget.year(2027)
    assert (y27.spent, y27.planned, y27.estimated) == (Total(), usd(1200), usd(135 + 760))
    assert y27.employer_paid == usd(1200)
    assert y27.out_of_pocket == usd(135 + 760)


def test_nothing_is_spent_in_the_future(budget: Budget) -> None:
    spent = [line for line in budget.lines if line.spent]
    assert spent and all(line.date is not None and line.date <= TODAY for line in spent)
    early = next(line for line in budget.lines if line.label == "Risk course")
    assert (early.year, early.date) == (2026, TODAY)
    assert "booked today" in early.note


def test_a_2027_item_done_today_is_spent_today_not_in_2027(db: Database) -> None:
    with db.session_factory.begin() as s:
        plan = Plan(name="P", active=True)
        stage = Stage(position=0, role="Director", start=D(2027, 1, 1), end=D(2027, 12, 31))
        stage.items = [
            PlanItem(position=0, kind="course", title="Board course", cost=800, status="done",
                     due=D(2027, 5, 1))
        ]  # fmt: skip
        plan.stages = [stage]
        s.add(plan)
    budget = _budget(db)
    assert budget.year(2027).spent == Total()
    assert budget.year(2026).spent == usd(800)


def test_each_cost_counted_once(budget: Budget) -> None:
    labels = [line.label for line in budget.lines]
    assert labels.count("Pass CISM") == 1
    assert "CISM exam" not in labels
    assert "Old idea" not in labels
    assert "Free webinar" not in labels


def test_confirming_a_past_fee_makes_it_spent_in_its_currency(db: Database) -> None:
    with db.session_factory.begin() as s:
        _known(s)
        assert set_fee(s, "exam:CPP", Money(450, "EUR"), TODAY) is None
        set_fee(s, "fee:CPP:2025", Money(90, "USD"), TODAY)
    budget = _budget(db)
    assert budget.year(2022).spent == Total.of([Money(450, "EUR")])
    assert budget.year(2022).estimated == Total()
    line = next(li for li in budget.year(2022).lines if li.key == "exam:CPP")
    assert line.estimate == Money(485, "USD")
    assert budget.year(2025).spent == usd(90)
    assert budget.year(2025).estimated == usd(135)  # the AMF is still the catalog's


def test_a_confirmed_future_fee_is_planned_and_undo_restores_the_estimate(
    db: Database,
) -> None:
    with db.session_factory.begin() as s:
        _known(s)
        set_fee(s, "fee:ISC2:2027", Money(135, "USD"), TODAY)
    assert _budget(db).year(2027).planned == usd(1200 + 135)
    with db.session_factory.begin() as s:
        before = set_fee(s, "fee:ISC2:2027", Money(140, "USD"), TODAY)
        assert before == Money(135, "USD")
        set_fee(s, "fee:ISC2:2027", None, TODAY)
        assert fee_record(s, "fee:ISC2:2027") is None
    assert _budget(db).year(2027).estimated == usd(135 + 760)


@pytest.mark.parametrize(
    ("key", "amount", "field"),
    [
        ("exam:CISSP", Money(-1, "USD"), "amount"),
        ("exam:CISSP", Money(float("nan"), "USD"), "amount"),
        ("exam:CISSP", Money(float("inf"), "USD"), "amount"),
        ("exam:CISSP", Money(5, "eur"), "currency"),
        ("exam:CISSP", Money(5, "EURO"), "currency"),
        ("bogus", Money(5, "USD"), "key"),
        ("fee:ISC2:26", Money(5, "USD"), "key"),
    ],
)
def test_bad_confirmations_are_refused_and_change_nothing(
    db: Database, key: str, amount: Money, field: str
) -> None:
    with db.session_factory() as s:
        with pytest.raises(InvalidDraftError) as caught:
            set_fee(s, key, amount, TODAY)
        assert field in caught.value.errors
        assert fee_record(s, key) is None


def _isc2(session: Session, *codes: str, expires: dict[str, dt.date] | None = None) -> None:
    for code, earned in zip(codes, (D(2020, 3, 1), D(2021, 7, 1), D(2022, 9, 1)), strict=False):
        session.add(
            HeldCertification(
                cert_code=code,
                status="earned",
                earned_on=earned,
                expires_on=(expires or {}).get(code),
            )
        )


def test_one_isc2_fee_per_member_per_year(db: Database) -> None:
    with db.session_factory.begin() as s:
        _isc2(s, "CISSP", "CCSP")
    budget = _budget(db)
    fees = [li for li in budget.lines if li.category == "annual_fee"]
    by_year = {li.year: li for li in fees}
    assert len(by_year) == len(fees)  # one line a year, not one per credential
    assert by_year[2022].amount == Money(135, "USD")
    assert by_year[2022].label == "ISC2 annual maintenance fee (CCSP, CISSP)"
    assert by_year[2022].date == D(2022, 3, 1)  # the earliest anniversary of the year
    assert by_year[2021].label == "ISC2 annual maintenance fee (CISSP)"


def test_cc_only_members_pay_the_cc_fee_and_the_highest_fee_applies(db: Database) -> None:
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CC", status="earned", earned_on=D(2023, 2, 1)))
    assert {li.amount for li in _budget(db).lines if li.category == "annual_fee"} == {
        Money(50, "USD")
    }
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="SSCP", status="earned", earned_on=D(2025, 8, 1)))
    fees = {li.year: li.amount for li in _budget(db).lines if li.category == "annual_fee"}
    assert fees[2024] == Money(50, "USD")
    assert fees[2026] == Money(135, "USD")  # CC and SSCP: one fee, the certified one


def test_no_fees_after_the_stored_expiry(db: Database) -> None:
    with db.session_factory.begin() as s:
        s.add(
            HeldCertification(
                cert_code="Security+",
                status="earned",
                earned_on=D(2015, 4, 1),
                expires_on=D(2018, 4, 1),
            )
        )
    fees = [li for li in _budget(db).lines if li.category == "annual_fee"]
    assert [li.year for li in fees] == [2016, 2017, 2018]


def test_expired_credentials_book_no_fees(db: Database) -> None:
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISM", status="expired", earned_on=D(2015, 4, 1)))
    budget = _budget(db)
    assert not [li for li in budget.lines if li.category == "annual_fee"]


def test_a_euro_profile_keeps_catalog_fees_in_us_dollars(db: Database) -> None:
    with db.session_factory.begin() as s:
        s.add(Profile(name="Eva", currency="EUR"))
        _known(s)
    budget = _budget(db)
    y26 = budget.year(2026)
    assert y26.spent == Total.of([Money(400, "EUR")])
    assert y26.estimated == usd(135 + 249)
    assert y26.total == Total.of([Money(459, "EUR"), Money(384, "USD")])
    assert y26.total.mixed and budget.mixed


def test_empty_database_has_an_empty_budget_for_this_year(db: Database) -> None:
    budget = _budget(db)
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
