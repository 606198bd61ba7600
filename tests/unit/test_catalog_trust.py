"""Issue 14, item 1: every rule cites its issuer's own page first, or says why it cannot.

Reads the bundled catalog (what ships) and the database a real migration and catalog load
built (what the screens read); a doctored catalog shows the check fails when it should.
"""

from __future__ import annotations

import copy
import json
import pathlib
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from cso_planner.catalog import (
    ISSUER_HOSTS,
    is_issuer_source,
    issuer_site,
    load_bundled_catalog,
    parse_catalog,
    source_problems,
)
from cso_planner.db.models import Rule
from cso_planner.db.opening import open_database

# Hosts the issue names (an exam-dump site, a Q&A content farm, an unrelated plain-http host)
# and others of their kind: none may be cited anywhere in the catalog.
NEVER_CITED = {
    "cciedump.spoto.net",
    "killexams.com",
    "qeeebo.com",
    "ngskmc-eis.net",
    "eatsip365.com",
    "visualfoodie.com",
    "winenfood.com",
    "golearnquiz.com",
    "certempire.com",
}


def _document() -> dict[str, Any]:
    raw = resources.files("cso_planner").joinpath("data/catalog.json").read_text("utf-8")
    doc: dict[str, Any] = json.loads(raw)
    return doc


def _every_url(doc: dict[str, Any]) -> list[str]:
    urls = [u for r in doc["rules"] for u in r["sources"]]
    urls += [u for c in doc["certifications"] for u in c["details"].get("sources", [])]
    return urls


def test_every_rule_cites_its_issuer_first_unless_marked_unverified() -> None:
    catalog = load_bundled_catalog()
    issuers = {c.code: c.issuer for c in catalog.certifications}
    assert source_problems(catalog) == []
    unverified = [r for r in catalog.rules if r.unverified]
    for rule in catalog.rules:
        issuer = issuers[rule.cert_code]
        assert issuer in ISSUER_HOSTS, f"{rule.key}: no issuer hosts known for {issuer}"
        if not rule.unverified:
            assert is_issuer_source(rule.sources[0], issuer), rule.key
    # The ISACA rules lean on secondary sources: they are marked, and say why.
    assert {"CISM/experience/current", "CISA/maintenance/current"} <= {r.key for r in unverified}
    assert all(len(r.unverified) > 40 and r.unverified.endswith(".") for r in unverified)
    # Secondary sources come after every issuer page the rule cites.
    for rule in catalog.rules:
        kinds = [is_issuer_source(u, issuers[rule.cert_code]) for u in rule.sources]
        assert kinds == sorted(kinds, reverse=True), rule.key


def test_no_dump_quiz_farm_unrelated_or_plain_http_source() -> None:
    for url in _every_url(_document()):
        host = urlsplit(url).hostname or ""
        assert url.startswith("https://"), url
        assert not any(host == h or host.endswith("." + h) for h in NEVER_CITED), url


def test_every_certification_links_its_issuer() -> None:
    for cert in _document()["certifications"]:
        assert cert["issuer_url"] == issuer_site(cert["issuer"]) != "", cert["code"]


def test_the_check_fails_on_a_rule_citing_a_prep_site_first() -> None:
    doc = copy.deepcopy(_document())
    rule = next(r for r in doc["rules"] if r["key"] == "CISSP/experience/current")
    rule["sources"].insert(0, "https://cissptest.com/blog/some-guide")
    problems = source_problems(parse_catalog(doc))
    assert problems == [
        "rule CISSP/experience/current: its first source https://cissptest.com/blog/some-guide "
        "is not a page of ISC2, and it does not say why it is unverified"
    ]
    rule["unverified"] = "ISC2's page is not available."
    assert source_problems(parse_catalog(doc)) == []
    rule["sources"].append("http://example.org/plain")
    assert source_problems(parse_catalog(doc)) == [
        "rule CISSP/experience/current: http://example.org/plain is not https"
    ]


def test_lookalike_hosts_and_plain_http_are_not_the_issuer() -> None:
    assert is_issuer_source("https://www.isc2.org/Certifications/CISSP", "ISC2")
    assert is_issuer_source("https://japan.isc2.org/ccsp_outline.html", "ISC2")
    assert not is_issuer_source("http://www.isc2.org/Certifications/CISSP", "ISC2")
    assert not is_issuer_source("https://web.isc2ncrchapter.org/?p=4601", "ISC2")
    assert not is_issuer_source("https://isc2.org.example.com/", "ISC2")
    assert not is_issuer_source("https://www.isc2.org/", "ISACA")


def test_the_database_keeps_why_a_rule_is_unverified(tmp_path: pathlib.Path) -> None:
    database = open_database(tmp_path / "planner.sqlite3")
    try:
        with database.session_factory() as session:
            stored = {r.key: r.unverified for r in session.scalars(select(Rule))}
    finally:
        database.dispose()
    expected = {r.key: r.unverified for r in load_bundled_catalog().rules}
    assert stored == expected
