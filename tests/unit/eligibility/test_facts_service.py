"""services/facts.py and the CLI on a real database built by the migrations."""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cso_planner.catalog import load_bundled_catalog
from cso_planner.db.catalog_sync import sync_catalog
from cso_planner.db.engine import make_engine, make_session_factory
from cso_planner.db.migrate import upgrade
from cso_planner.db.models import (
    CpeActivity,
    CpeAllocation,
    Education,
    ExperienceDomain,
    ExperienceEntry,
    HeldCertification,
    Rule,
)
from cso_planner.eligibility.cli import run_eligibility, run_renewals
from cso_planner.services.facts import eligibility_answers, load_facts, renewal_answers

D = dt.date
JSON_KEYS = {
    "code",
    "eligible",
    "eligible_on",
    "qualifying_years",
    "required_years",
    "waiver_years",
    "missing",
    "source",
    "as_of",
}


@pytest.fixture
def session_factory(tmp_path: pathlib.Path) -> Iterator[sessionmaker[Session]]:
    path = tmp_path / "planner.sqlite3"
    upgrade(path)
    engine = make_engine(path)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        sync_catalog(session)
        entry = ExperienceEntry(
            employer="Acme",
            title="Security engineer",
            start=D(2020, 1, 1),
            end=None,
            hours_per_week=40,
            paid=True,
            management=False,
        )
        entry.domains = [
            ExperienceDomain(cert_code="CISSP", domain="Security Operations"),
            ExperienceDomain(cert_code="CISSP", domain="Asset Security"),
        ]
        session.add(entry)
        session.add(Education(level="bachelor", field="Computer Science", it_related=True))
        session.add(HeldCertification(cert_code="CISM", status="earned", earned_on=D(2022, 8, 1)))
        activity = CpeActivity(date=D(2023, 3, 1), activity="Conference", credits=12)
        activity.allocations = [CpeAllocation(cert_code="CISM")]
        session.add(activity)
    yield factory
    engine.dispose()


def test_load_facts(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        facts = load_facts(session)
    assert facts.experience[0].domains["CISSP"] == {"Security Operations", "Asset Security"}
    assert facts.degrees[0].it_related and facts.degrees[0].completed_on is None
    assert facts.cpe[0].applies_to == {"CISM"}


def test_eligibility_from_the_database(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        answers = {a.code: a for a in eligibility_answers(session, D(2024, 1, 1))}
    # Degree or CISM: one year waived -> 4 years = 1,461 days -> 2020-01-01 + 1,460 = 2023-12-31.
    cissp = answers["CISSP"]
    assert cissp.eligible and cissp.eligible_on == D(2023, 12, 31)
    assert cissp.waiver_years == 1 and not cissp.user_edited


def test_user_correction_is_used_and_marked(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        rule = session.scalars(select(Rule).where(Rule.key == "CISSP/experience/current")).one()
        params = json.loads(rule.params_json)
        params["max_waiver_years"] = 0
        rule.user_params_json = json.dumps(params)
    with session_factory.begin() as session:
        cissp = next(a for a in eligibility_answers(session, D(2024, 1, 1)) if a.code == "CISSP")
    # No waiver any more: 5 years -> 2024-12-31.
    assert cissp.user_edited and cissp.eligible_on == D(2024, 12, 31)


def test_broken_correction_is_reported_not_raised(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        rule = session.scalars(select(Rule).where(Rule.key == "CISSP/experience/current")).one()
        rule.user_params_json = "{not json"
    with session_factory.begin() as session:
        answers = {a.code: a for a in eligibility_answers(session, D(2024, 1, 1))}
    assert answers["CISSP"].error is not None and not answers["CISSP"].eligible
    assert answers["CISM"].error is None


def test_renewals_from_the_database(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        (cism,) = renewal_answers(session, D(2023, 6, 1))
    assert cism.cpe_earned == 12 and cism.cycle_start == D(2023, 1, 1)


def test_cli_json(session_factory: sessionmaker[Session]) -> None:
    out = io.StringIO()
    assert run_eligibility(session_factory.begin, D(2024, 1, 1), True, out) == 0
    rows = json.loads(out.getvalue())
    assert rows and all(set(row) >= JSON_KEYS for row in rows)
    cissp = next(r for r in rows if r["code"] == "CISSP")
    assert cissp["eligible_on"] == "2023-12-31" and cissp["as_of"] == cissp_rule_as_of()


def cissp_rule_as_of() -> str:
    """The as-of date the bundled catalog gives the CISSP experience rule."""
    catalog = load_bundled_catalog()
    return next(r for r in catalog.rules if r.key == "CISSP/experience/current").as_of.isoformat()


def test_cli_tables(session_factory: sessionmaker[Session]) -> None:
    out = io.StringIO()
    run_eligibility(session_factory.begin, D(2024, 1, 1), False, out)
    text = out.getvalue()
    # Text output uses the one date format (C locale: international English); --json stays ISO.
    assert "Eligibility as of 1 Jan 2024" in text
    assert any(line.startswith("CISSP") and "31 Dec 2023" in line for line in text.splitlines())
    assert "https://www.isc2.org/cissp-professional-experience.aspx" in text
    # EC-Council's training route needs no experience: answered beside the self-study one.
    routes = text.split("Other routes:\n", 1)[1].split("\n\n", 1)[0]
    assert (
        "  CEH: With official EC-Council training (no experience needed): eligible now." in routes
    )
    out = io.StringIO()
    run_renewals(session_factory.begin, D(2023, 6, 1), False, out)
    assert "1 Jan 2023 – 31 Dec 2025" in out.getvalue()
    out = io.StringIO()
    run_renewals(session_factory.begin, D(2023, 6, 1), True, out)
    assert json.loads(out.getvalue())[0]["code"] == "CISM"


def test_cli_table_wraps_the_sentences_to_the_terminal() -> None:
    from cso_planner.eligibility.cli import _table

    long = "needs 5 more years in Governance, Risk, Compliance, and Audit Management; " * 3
    text = _table(["Code", "Missing"], [["CCISO", long.strip()], ["CISSP", "-"]], set(), 60)
    lines = text.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert lines[2].startswith("CCISO  needs 5 more years")
    assert lines[3].startswith(" " * 7)  # continuation lines stay in the column
    assert " ".join(" ".join(lines[2:-1]).split()).endswith("Audit Management;")
    assert lines[-1].startswith("CISSP")


def test_eligibility_is_worked_out_again_when_any_fact_it_reads_changed(
    session_factory: sessionmaker[Session],
) -> None:
    import dataclasses

    from cso_planner.eligibility import experience
    from cso_planner.services.facts import load_rules

    on = D(2024, 1, 1)
    with session_factory.begin() as session:
        facts, rules = load_facts(session), load_rules(session)
    first = experience.evaluate_all(facts, rules, on)
    # Equal inputs read again (a CPE edit changed only the log): the same answers, not recomputed.
    again = dataclasses.replace(facts, cpe=())
    assert experience.evaluate_all(again, rules, on) == first
    assert experience._last is not None and experience._last[1] == tuple(first)
    # One job fewer, a day later, or another rule set: worked out again.
    fewer = dataclasses.replace(facts, experience=())
    cissp = next(a for a in experience.evaluate_all(fewer, rules, on) if a.code == "CISSP")
    assert not cissp.eligible and cissp.qualifying_years == 0
    later = next(a for a in experience.evaluate_all(facts, rules, on.replace(year=2019)))
    assert later.qualifying_years == 0
    no_cissp = [r for r in rules if r.cert_code != "CISSP"]
    assert "CISSP" not in {a.code for a in experience.evaluate_all(facts, no_cissp, on)}
    assert experience.evaluate_all(facts, rules, on) == first


def test_cpe_facts_follow_every_stored_change_and_keep_the_unchanged_entries(
    session_factory: sessionmaker[Session],
) -> None:
    from cso_planner.services.facts import CpeFactsCache

    known: CpeFactsCache = {}
    with session_factory.begin() as session:
        talk = CpeActivity(date=D(2023, 4, 1), activity="Talk", credits=2, category="Group A")
        talk.allocations = [CpeAllocation(cert_code="CISM")]
        session.add(talk)
    with session_factory.begin() as session:
        conference, talk_entry = load_facts(session, known=known).cpe
        assert talk_entry.credits == 2 and talk_entry.applies_to == {"CISM"}
        talk_row = session.scalars(select(CpeActivity).where(CpeActivity.activity == "Talk")).one()
        talk_row.allocations[0].credits = 1.5  # the claim's own credits
    with session_factory.begin() as session:
        kept, changed = load_facts(session, known=known).cpe
        assert kept is conference  # unchanged stored values: the same entry
        assert load_facts(session).cpe[0] is not conference  # made anew without ``known``
        assert changed.credits == 1.5 and changed.category == "Group A"
        talk_row = session.scalars(select(CpeActivity).where(CpeActivity.activity == "Talk")).one()
        talk_row.date = D(2023, 4, 2)
    with session_factory.begin() as session:
        days = [e.date for e in load_facts(session, known=known).cpe]
        assert days == [D(2023, 3, 1), D(2023, 4, 2)]
        session.add(CpeAllocation(activity_id=talk_row.id, cert_code="CISSP"))
    with session_factory.begin() as session:
        *_, cism, cissp = load_facts(session, known=known).cpe
        assert (cism.applies_to, cism.credits) == ({"CISM"}, 1.5)
        assert (cissp.applies_to, cissp.credits) == ({"CISSP"}, 2)
