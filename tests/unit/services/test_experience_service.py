"""The job ledger service: validation, CRUD with domain tags, and career totals."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.db.models import ExperienceDomain, ExperienceEntry
from cso_planner.db.opening import Database
from cso_planner.services import experience as svc
from cso_planner.services.errors import InvalidDraftError
from cso_planner.services.experience import ExperienceDraft, ExperienceRow

D = dt.date


def job(**kw: object) -> ExperienceDraft:
    base: dict[str, object] = {"employer": "Acme", "title": "Analyst", "start": D(2020, 1, 1)}
    base.update(kw)
    return ExperienceDraft(**base)  # type: ignore[arg-type]


def test_domain_catalog_puts_the_cso_ladder_first(db: Database) -> None:
    with db.session_factory() as s:
        catalog = svc.domain_catalog(s)
    assert [c.code for c in catalog[:4]] == ["CISSP", "CISM", "CCISO", "CPP"]
    cissp = catalog[0]
    assert "Security Operations" in cissp.domains and len(cissp.domains) == 8
    assert all(c.domains for c in catalog)


def test_validation_messages_by_field(db: Database) -> None:
    with db.session_factory() as s:
        known = svc.domain_map(svc.domain_catalog(s))
    bad = job(
        employer=" ",
        title="",
        end=D(2019, 1, 1),
        hours_per_week=0,
        domains=(("CISSP", "Cooking"),),
    )
    errors = svc.validate_experience(bad, known)
    assert set(errors) == {"employer", "title", "end", "hours_per_week", "domains"}
    assert svc.validate_experience(job(hours_per_week=169), known)["hours_per_week"]
    assert svc.validate_experience(job(hours_per_week=float("nan")), known)
    # A CISM domain ticked under CISSP is refused.
    with db.session_factory() as s:
        cism = next(c for c in svc.domain_catalog(s) if c.code == "CISM")
    cism_domain = cism.domains[0]
    assert "domains" in svc.validate_experience(job(domains=(("CISSP", cism_domain),)), known)
    assert svc.validate_experience(job(hours_per_week=168, end=D(2020, 1, 1)), known) == {}


def test_add_update_delete_round_trip(db: Database) -> None:
    tags = (("CISSP", "Security Operations"), ("CISM", "Information Security Governance"))
    with db.session_factory.begin() as s:
        entry_id = svc.add_entry(s, job(domains=tags, management=True))
    with db.session_factory() as s:
        (row,) = svc.list_entries(s)
        assert row.id == entry_id and row.draft.domains == tags and row.draft.management
    with db.session_factory.begin() as s:
        svc.update_entry(s, entry_id, job(title="Lead", domains=tags[:1]))
    with db.session_factory() as s:
        assert svc.entry_draft(s, entry_id).domains == tags[:1]
        assert s.query(ExperienceDomain).count() == 1
    with db.session_factory.begin() as s:
        old = svc.delete_entry(s, entry_id)
        assert s.query(ExperienceEntry).count() == 0
        assert s.query(ExperienceDomain).count() == 0
        svc.add_entry(s, old, entry_id)  # undo restores the same id and tags
    with db.session_factory() as s:
        assert svc.entry_draft(s, entry_id) == old


def test_service_refuses_an_invalid_draft(db: Database) -> None:
    with db.session_factory.begin() as s, pytest.raises(InvalidDraftError) as info:
        svc.add_entry(s, job(title=""))
    assert "title" in info.value.errors


def row(i: int, **kw: object) -> ExperienceRow:
    return ExperienceRow(i, job(**kw))


def test_totals_count_overlaps_once_and_part_time_pro_rata() -> None:
    on = D(2024, 1, 1)
    rows = [
        # Two full-time jobs over the same two years count once.
        row(1, start=D(2020, 1, 1), end=D(2021, 12, 31), domains=(("CISSP", "Asset Security"),)),
        row(2, start=D(2020, 1, 1), end=D(2021, 12, 31), management=True),
        # Half time for a year: half a year.
        row(3, start=D(2022, 1, 1), end=D(2022, 12, 31), hours_per_week=20),
        # Over 40 h/wk caps at full time.
        row(4, start=D(2023, 1, 1), end=D(2023, 12, 31), hours_per_week=60,
            domains=(("CISSP", "Security Operations"),)),
    ]  # fmt: skip
    totals = svc.totals(rows, on)
    days = (D(2021, 12, 31) - D(2020, 1, 1)).days + 1
    expected = (days + 365 * 0.5 + 365) / 365.25
    assert totals.security_years == pytest.approx(expected, abs=1e-6)
    assert totals.management_years == pytest.approx(days / 365.25, abs=1e-6)
    (cissp,) = totals.per_certification
    assert cissp.code == "CISSP"
    assert cissp.years == pytest.approx((days + 365) / 365.25, abs=1e-6)
    assert dict(cissp.by_domain)["Security Operations"] == pytest.approx(365 / 365.25)


def test_ongoing_job_counts_up_to_today() -> None:
    on = D(2021, 1, 1)
    totals = svc.totals([row(1, start=D(2020, 1, 1))], on)
    assert totals.security_years == pytest.approx(367 / 365.25)
    assert row(1, start=D(2020, 1, 1)).years(on) == pytest.approx(367 / 365.25)
    assert svc.totals([], on).security_years == 0
