"""The first-run plan template on a real migrated database with the bundled catalog."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cso_planner.catalog import load_bundled_catalog
from cso_planner.db.models import (
    Education,
    HeldCertification,
    ItemDependency,
    Plan,
    PlanItem,
    Profile,
    Stage,
)
from cso_planner.db.opening import Database
from cso_planner.eligibility import (
    Degree,
    ExperienceSpan,
    Facts,
    HeldCert,
    evaluate_certification,
)
from cso_planner.services import plans, profile
from cso_planner.services.errors import InvalidDraftError
from cso_planner.services.facts import load_rules
from cso_planner.services.plan_template import (
    MANAGER_ORDER,
    EarnedCertification,
    EducationAnswer,
    WizardAnswers,
    build_template,
    generate_plan,
    ladder_order,
    load_cert_facts,
    preview_plan,
    short_role,
    validate_answers,
)

TODAY = dt.date(2026, 5, 14)
CASES = {
    "technical-cso": WizardAnswers(
        "Ada Analyst",
        "Security Analyst",
        2022,
        2036,
        "CSO",
        "technical",
        (EducationAnswer("bachelor", "Computer Science", True, 2021),),
    ),
    "corporate-cso": WizardAnswers("Cory Guard", "SOC Analyst", 2025, 2038, "CSO", "corporate"),
    "executive-ciso": WizardAnswers(
        "Eve Exec",
        "Security Manager",
        2012,
        2030,
        "CISO",
        "executive",
        (EducationAnswer("master", "Security Management", True, 2011),),
        (EarnedCertification("Security+", 2015), EarnedCertification("CISSP", 2019)),
    ),
}


def _generate(db: Database, answers: WizardAnswers) -> int:
    with db.session_factory.begin() as s:
        return generate_plan(s, answers, TODAY).plan_id


def _stages(s: Session, plan_id: int) -> list[Stage]:
    return list(s.scalars(select(Stage).where(Stage.plan_id == plan_id).order_by(Stage.position)))


@pytest.mark.parametrize("case", list(CASES))
def test_stages_in_order_ending_in_the_target_by_the_target_year(db: Database, case: str) -> None:
    answers = CASES[case]
    plan_id = _generate(db, answers)
    with db.session_factory() as s:
        stages = _stages(s, plan_id)
        ladder = load_bundled_catalog().roles
        orders = [ladder_order(st.role, ladder) for st in stages]
        assert orders == sorted(orders) and len(set(orders)) == len(orders)
        assert stages[0].start == TODAY
        for before, after in itertools.pairwise(stages):
            assert before.start is not None and before.end is not None
            assert before.start <= before.end < after.start
        last = stages[-1]
        assert f"({answers.target_role})" in last.role
        assert last.start is not None and last.start <= dt.date(answers.target_year, 12, 31)
        plan = s.get(Plan, plan_id)
        assert plan is not None and plan.active
        assert plan.name == f"Road to {answers.target_role} {answers.target_year}"


@pytest.mark.parametrize("case", list(CASES))
def test_items_sit_inside_their_stages(db: Database, case: str) -> None:
    plan_id = _generate(db, CASES[case])
    with db.session_factory() as s:
        for stage in _stages(s, plan_id):
            assert stage.start is not None and stage.end is not None
            for item in stage.items:
                assert item.due is not None, item.title
                assert stage.start <= item.due <= stage.end, (stage.role, item.title, item.due)


@pytest.mark.parametrize("case", list(CASES))
def test_dependencies_are_acyclic_and_point_backwards_in_time(db: Database, case: str) -> None:
    plan_id = _generate(db, CASES[case])
    with db.session_factory() as s:
        graph = plans.plan_dependency_graph(s, plan_id)
        # Kahn's algorithm: every node is removed exactly when the graph has no cycle.
        nodes = set(graph) | {d for deps in graph.values() for d in deps}
        indegree = {n: 0 for n in nodes}
        for deps in graph.values():
            for d in deps:
                indegree[d] += 1
        ready = [n for n, k in indegree.items() if k == 0]
        seen = 0
        while ready:
            node = ready.pop()
            seen += 1
            for d in graph.get(node, ()):
                indegree[d] -= 1
                if indegree[d] == 0:
                    ready.append(d)
        assert seen == len(nodes)
        for dep in s.scalars(select(ItemDependency)):
            item, before = s.get(PlanItem, dep.item_id), s.get(PlanItem, dep.depends_on_id)
            assert item is not None and before is not None
            assert item.due is not None and before.due is not None and before.due <= item.due


def _cert_items(s: Session, plan_id: int) -> dict[str, PlanItem]:
    rows = s.scalars(
        select(PlanItem)
        .join(Stage)
        .where(Stage.plan_id == plan_id, PlanItem.kind == "certification")
    )
    return {i.ref_code or "": i for i in rows}


def test_track_certifications_and_cism_after_cissp(db: Database) -> None:
    plan_id = _generate(db, CASES["technical-cso"])
    with db.session_factory() as s:
        certs = _cert_items(s, plan_id)
        assert list(certs) == ["Security+", "CySA+", "CISSP", "CISM", "CCISO"]
        # The catalog's US$749 fee is not written as the person's own cost (which is in their
        # currency): the budget shows it as an estimate until they confirm it.
        assert certs["CISSP"].cost is None and certs["CISSP"].hours
        assert "US$749.00" in certs["CISSP"].notes
        graph = plans.plan_dependency_graph(s, plan_id)
        assert certs["CISSP"].id in graph[certs["CISM"].id]
        assert certs["CISM"].id in graph[certs["CCISO"].id]


def test_corporate_track_goes_through_psp_and_cpp(db: Database) -> None:
    plan_id = _generate(db, CASES["corporate-cso"])
    with db.session_factory() as s:
        assert list(_cert_items(s, plan_id)) == ["Security+", "CISSP", "PSP", "PCI", "CPP"]


def test_earned_certifications_are_skipped_and_stored(db: Database) -> None:
    plan_id = _generate(db, CASES["executive-ciso"])
    with db.session_factory() as s:
        assert list(_cert_items(s, plan_id)) == ["CISM", "ISSMP", "CCISO"]
        held = {h.cert_code: h for h in s.scalars(select(HeldCertification))}
        assert set(held) == {"Security+", "CISSP"}
        assert held["CISSP"].earned_on == dt.date(2019, 7, 1)
        assert {h.status for h in held.values()} == {"earned"}
        # Held means renewed: the expiry is the end of the cycle running today (3-year cycles).
        assert held["Security+"].expires_on == dt.date(2027, 6, 30)
        assert held["CISSP"].expires_on == dt.date(2028, 6, 30)
        # Both dates are the wizard's guesses (it asks for a year): stored as estimated.
        assert all(h.earned_estimated and h.expires_estimated for h in held.values())


def test_the_career_start_becomes_a_drafted_ledger_entry(db: Database) -> None:
    """ "My security career started in 2016": experience, salary band and eligibility follow."""
    from cso_planner.db.models import ExperienceEntry
    from cso_planner.services.dashboard import load_dashboard

    answers = WizardAnswers("Sam Start", "Security Engineer", 2016, 2034, "CSO")
    _generate(db, answers)
    with db.session_factory() as s:
        (entry,) = s.scalars(select(ExperienceEntry)).all()
        assert entry.drafted_by == "wizard" and "drafted by the wizard" in entry.employer
        assert (entry.start, entry.end) == (dt.date(2016, 1, 1), None)
        assert "estimated" in entry.notes
        dash = load_dashboard(s, TODAY)
    # 1 Jan 2016 .. 14 May 2026: 10.4 years, not 0; the salary band follows.
    assert dash.progress.security_years == pytest.approx(
        ((TODAY - dt.date(2016, 1, 1)).days + 1) / 365.25, abs=1e-6
    )
    from cso_planner.services.dashboard import salary_band

    assert dash.salary.label == salary_band(dash.progress.security_years).label
    assert dash.salary.label != salary_band(0.0).label
    # Eligibility follows too: ten years of full-time work in every domain, as the plan assumed.
    cissp = next(line for line in dash.eligibility if line.code == "CISSP")
    assert cissp.eligible
    # Running the wizard again moves its own draft, and never touches a ledger the person keeps.
    with db.session_factory.begin() as s:
        from cso_planner.services.plan_template import draft_career_entry

        draft_career_entry(s, dataclasses.replace(answers, career_start_year=2018), TODAY)
        assert [e.start for e in s.scalars(select(ExperienceEntry))] == [dt.date(2018, 1, 1)]
        s.add(ExperienceEntry(employer="Acme", title="Analyst", start=dt.date(2019, 1, 1)))
        s.flush()
        for e in s.scalars(select(ExperienceEntry)):
            if e.drafted_by:
                s.delete(e)
        s.flush()
        assert draft_career_entry(s, answers, TODAY) is None


@pytest.mark.parametrize("case", list(CASES))
def test_certification_goals_are_not_before_eligibility(db: Database, case: str) -> None:
    """Re-derive each goal's eligibility with the engine from what was written to the file."""
    answers = CASES[case]
    plan_id = _generate(db, answers)
    with db.session_factory() as s:
        stages = _stages(s, plan_id)
        ladder = load_bundled_catalog().roles
        manager = next(
            (st for st in stages if ladder_order(st.role, ladder) >= MANAGER_ORDER), stages[-1]
        )
        assert manager.start is not None
        start = dt.date(answers.career_start_year, 1, 1)
        cert_facts = load_cert_facts(s)
        domains = {c: frozenset(f.domains) for c, f in cert_facts.items() if f.domains}
        spans = (
            ExperienceSpan(start, manager.start - dt.timedelta(days=1), domains=domains),
            ExperienceSpan(manager.start, None, management=True, domains=domains),
        )
        degrees = tuple(
            Degree(e.level, e.field, e.it_related, e.completed_on)
            for e in s.scalars(select(Education))
        )
        held = [
            HeldCert(h.cert_code, "earned", earned_on=h.earned_on)
            for h in s.scalars(select(HeldCertification))
        ]
        rules = load_rules(s)
        goals = sorted(_cert_items(s, plan_id).values(), key=lambda i: i.due or TODAY)
        assert goals
        for goal in goals:
            assert goal.ref_code is not None and goal.due is not None
            answer = evaluate_certification(
                goal.ref_code, Facts(spans, degrees, tuple(held)), rules, TODAY
            )
            if answer is not None and answer.eligible_on is not None:
                assert goal.due >= answer.eligible_on, (goal.ref_code, goal.due, answer)
            assert goal.due > TODAY
            held.append(HeldCert(goal.ref_code, "earned", earned_on=goal.due))


def test_a_fresh_career_waits_years_for_cissp(db: Database) -> None:
    answers = WizardAnswers("New Starter", "SOC Analyst", TODAY.year, TODAY.year + 12)
    plan_id = _generate(db, answers)
    with db.session_factory() as s:
        cissp = _cert_items(s, plan_id)["CISSP"]
        assert cissp.due is not None
        # 5 years required, at most 1 waived: never before 4 years of work.
        assert cissp.due >= dt.date(TODAY.year + 4, 1, 1)
        assert "eligibility" in cissp.notes.lower()


def test_profile_education_and_learning_items(db: Database) -> None:
    answers = CASES["corporate-cso"]
    plan_id = _generate(db, answers)
    with db.session_factory() as s:
        person = s.scalar(select(Profile))
        assert person is not None
        assert (person.name, person.career_start_year, person.track) == (
            "Cory Guard",
            2025,
            "corporate",
        )
        assert person.target_date == dt.date(2038, 1, 1)
        titles = [
            i.title for i in s.scalars(select(PlanItem).join(Stage).where(Stage.plan_id == plan_id))
        ]
        text = " | ".join(titles)
        for needle in (
            "Cybrary",
            "LinkedIn Learning",
            "Security Magazine and CSO Online",
            "Leadership",
            "Communication",
            "Risk management",
            "Business acumen",
            "HIPAA, GDPR and CCPA",
            "Master's degree",
        ):
            assert needle in text
        assert not profile.is_empty(s)


def test_no_masters_item_when_the_profile_has_one(db: Database) -> None:
    plan_id = _generate(db, CASES["executive-ciso"])
    with db.session_factory() as s:
        kinds = s.scalars(select(PlanItem.kind).join(Stage).where(Stage.plan_id == plan_id)).all()
        assert "education" not in kinds
        assert s.scalar(select(func.count()).select_from(Education)) == 1


def test_one_transaction_nothing_written_on_failure(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session_factory.begin() as s:
        generate_plan(s, CASES["technical-cso"], TODAY)
        raise RuntimeError("injected after the plan was generated")
    with db.session_factory() as s:
        assert profile.is_empty(s)
        for model in (Education, HeldCertification, Plan, Stage, PlanItem):
            assert s.scalar(select(func.count()).select_from(model)) == 0


def test_second_plan_gets_a_unique_name_and_one_profile(db: Database) -> None:
    _generate(db, CASES["technical-cso"])
    second = _generate(db, CASES["technical-cso"])
    with db.session_factory() as s:
        plan = s.get(Plan, second)
        assert plan is not None and plan.name == "Road to CSO 2036 (2)"
        assert s.scalar(select(func.count()).select_from(Profile)) == 1


def test_preview_writes_nothing(db: Database) -> None:
    with db.session_factory.begin() as s:
        template = preview_plan(s, CASES["technical-cso"], TODAY)
    assert template.eligibility_source == "engine"
    assert template.exam_fees.amount_in("USD") > 0 and template.total_hours > 0
    with db.session_factory() as s:
        assert profile.is_empty(s)


def test_short_target_year_warns_but_keeps_the_dates(db: Database) -> None:
    answers = WizardAnswers("Hurry", "Security Analyst", 2024, TODAY.year + 2, "CISO")
    with db.session_factory() as s:
        template = preview_plan(s, answers, TODAY)
    assert template.warnings and "years of experience" in template.warnings[0]
    assert template.stages[-1].start == dt.date(TODAY.year + 2, 1, 1)


def test_catalog_fallback_without_engine_rules(db: Database) -> None:
    answers = WizardAnswers("Fallback", "Security Analyst", 2024, 2040)
    with db.session_factory() as s:
        template = build_template(
            answers,
            TODAY,
            ladder=load_bundled_catalog().roles,
            certs=load_cert_facts(s),
            rules=None,
        )
    assert template.eligibility_source == "catalog"
    cissp = next(i for i in template.items if i.ref_code == "CISSP")
    assert cissp.due is not None and cissp.due >= dt.date(2029, 1, 1)
    assert "from the catalog" in cissp.notes
    assert any("catalog" in w for w in template.warnings)


def test_validation_messages() -> None:
    bad = WizardAnswers(
        " ",
        "",
        1900,
        TODAY.year,
        "CTO",
        "sideways",
        (EducationAnswer("diploma"),),
        (EarnedCertification("XYZ", 2020), EarnedCertification("CISSP", TODAY.year + 1)),
    )
    errors = validate_answers(bad, TODAY, ["CISSP"])
    assert set(errors) == {
        "name",
        "current_role",
        "career_start_year",
        "target_role",
        "target_year",
        "track",
        "education.0",
        "earned.XYZ",
        "earned.CISSP",
    }
    with pytest.raises(InvalidDraftError):
        build_template(bad, TODAY, ladder=load_bundled_catalog().roles, certs={}, rules=None)


def test_role_names() -> None:
    ladder = load_bundled_catalog().roles
    assert [short_role(r.role) for r in ladder] == [
        "SOC Analyst",
        "Security Analyst",
        "Security Engineer",
        "Security Manager",
        "Director of Security",
        "Chief Information Security Officer (CISO)",
        "Chief Security Officer (CSO)",
    ]
    assert ladder_order("Head of Security", ladder) == 5
    assert ladder_order("Security Manager", ladder) == 4
    assert ladder_order("Something else", ladder) == 2
