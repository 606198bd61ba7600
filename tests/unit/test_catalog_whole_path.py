"""Issue 14, item 3: the credentials of the whole path, each complete, and usable.

The catalog's facts for every certification, then the added ones through the real path: an
exchange document holding CSSLP, CCSK, ISSMP and PCI imported by the real importer into a
database built by the real migrations, answered by ``services.facts``.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import pytest

from cso_planner.catalog import issuer_site, load_bundled_catalog
from cso_planner.db.opening import Database, open_database
from cso_planner.exchange.importer import import_document
from cso_planner.services.facts import eligibility_answers, renewal_answers

D = dt.date
ADDED = {
    "ISSAP",
    "ISSEP",
    "ISSMP",
    "CSSLP",
    "CGRC",
    "CDPSE",
    "CCSK",
    "PCI",
    "CASP+",
    "GCIA",
    "GCFA",
    "GPEN",
    "ISO27K-LI",
    "ISO27K-LA",
    "PMP",
    "CIPT",
    "CIPP/US",
}


@pytest.fixture
def database(tmp_path: pathlib.Path) -> Any:
    db = open_database(tmp_path / "planner.sqlite3")
    yield db
    db.dispose()


def test_at_least_forty_credentials_each_complete() -> None:
    catalog = load_bundled_catalog()
    codes = {c.code for c in catalog.certifications}
    assert len(codes) >= 40
    assert codes >= ADDED
    experience = {r.cert_code for r in catalog.rules if r.kind == "experience"}
    maintenance = {r.cert_code for r in catalog.rules if r.kind == "maintenance"}
    for cert in catalog.certifications:
        d = cert.details
        assert d["exam"]["format_notes"] or d["exam"].get("questions"), cert.code
        prerequisites = d["prerequisites"]
        assert prerequisites["text"].strip(), cert.code
        # An experience rule, or the prerequisites say there is none.
        if cert.code not in experience:
            assert prerequisites["experience_years"] == 0, cert.code
            assert "no " in prerequisites["text"].casefold(), cert.code
        m = d["maintenance"]
        if m["cycle_years"] is None:
            assert "not found" in m["text"] and cert.code not in maintenance
        else:
            assert m["cycle_years"] >= 1 and m["cpe_per_cycle"] > 0, cert.code
            assert cert.code in maintenance, cert.code
            assert set(d["fees"]) - {"exam_price_usd", "exam_price_as_of"}, cert.code
        assert d["sources"] and all(u.startswith("https://") for u in d["sources"]), cert.code
        assert issuer_site(cert.issuer), cert.code


def test_every_added_credential_is_on_the_role_ladder() -> None:
    catalog = load_bundled_catalog()
    on_ladder = {code for role in catalog.roles for code in role.typical_certifications}
    assert on_ladder >= ADDED
    manager = next(r for r in catalog.roles if r.order == 4)
    assert {"ISSMP", "PMP", "ISO27K-LA", "PCI"} <= set(manager.typical_certifications)


def _job(
    start: dt.date, end: dt.date | None, tags: dict[str, list[str]], management: bool = False
) -> dict[str, Any]:
    return {
        "employer": "Acme",
        "title": "Security",
        "start": start.isoformat(),
        "end": None if end is None else end.isoformat(),
        "hours_per_week": 40,
        "paid": True,
        "management": management,
        "domains": {code: list(names) for code, names in tags.items()},
    }


def _held(code: str, earned: dt.date, expires: dt.date | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "status": "earned",
        "earned_on": earned.isoformat(),
        "exam_date": None,
        "expires_on": expires.isoformat() if expires else None,
    }


def _document(jobs: list[dict[str, Any]], certs: list[dict[str, Any]]) -> bytes:
    doc = {
        "format": "cso-planner",
        "version": 1,
        "education": [],
        "experience": jobs,
        "certifications": certs,
        "cpe": [],
        "courses": [],
    }
    return json.dumps(doc).encode("utf-8")


MGMT = ["Leadership and Organizational Management", "Risk Management"]


def test_a_document_holding_csslp_ccsk_issmp_and_pci_imports(database: Database) -> None:
    certs = [
        _held("CSSLP", D(2022, 5, 1)),
        _held("CCSK", D(2023, 1, 10)),
        _held("ISSMP", D(2024, 3, 1)),
        _held("PCI", D(2021, 9, 30)),
    ]
    summary = import_document(database.session_factory, _document([], certs))
    assert summary is not None
    with database.session_factory() as session:
        renewals = {a.code: a for a in renewal_answers(session, D(2026, 11, 22))}
    # Each held credential with a renewal policy is tracked like a bundled one.
    assert set(renewals) == {"CSSLP", "ISSMP", "PCI"}
    assert renewals["CSSLP"].cpe_required == 90
    assert renewals["ISSMP"].cpe_required == 60
    assert renewals["PCI"].cpe_required == 60
    assert renewals["PCI"].source == "https://www.asisonline.org/certification/recertification/"


def test_ccsk_shortens_ccsp_by_the_year_isc2_gives(database: Database) -> None:
    jobs = [
        _job(D(2015, 1, 1), D(2016, 12, 31), {"Network+": ["Networking Concepts"]}),
        _job(D(2017, 1, 1), None, {"CISSP": ["Security and Risk Management"]}),
    ]

    def ccsp(certs: list[dict[str, Any]]) -> Any:
        import_document(database.session_factory, _document(jobs, certs))
        with database.session_factory() as session:
            return next(a for a in eligibility_answers(session, D(2026, 1, 1)) if a.code == "CCSP")

    without = ccsp([])
    with_ccsk = ccsp([_held("CCSK", D(2019, 5, 1))])
    # No CCSP-domain job: never eligible without CCSK; with it the year in the domains is
    # substituted from the day CCSK was earned (IT years met 2018-12-31, security 2020-01-01).
    assert not without.eligible and "needs 1 more year in a CCSP domain" in without.missing
    assert with_ccsk.eligible and with_ccsk.eligible_on == D(2020, 1, 1)
    assert with_ccsk.waiver_years == 1
    assert with_ccsk.source.startswith("https://www.isc2.org/")


def test_issmp_asks_two_years_with_cissp_and_seven_without(database: Database) -> None:
    jobs = [_job(D(2020, 1, 1), None, {"ISSMP": MGMT})]

    def issmp(certs: list[dict[str, Any]]) -> Any:
        import_document(database.session_factory, _document(jobs, certs))
        with database.session_factory() as session:
            answers = eligibility_answers(session, D(2026, 1, 1))
            return next(a for a in answers if a.code == "ISSMP")

    without = issmp([])
    # Renewed (its expiry recorded): in good standing, so it waives.
    with_cissp = issmp([_held("CISSP", D(2019, 6, 1), D(2028, 5, 31))])
    assert not without.eligible and without.required_years == 7
    # 2 years from 2020-01-01 are met after 731 days of work (365.25-day years).
    assert with_cissp.eligible and with_cissp.eligible_on == D(2021, 12, 31)
    assert with_cissp.waiver_years == 5
    assert with_cissp.source.startswith("https://www.isc2.org/certifications/issmp/")
