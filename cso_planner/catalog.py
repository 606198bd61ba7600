"""The bundled certification catalog (``cso_planner/data/catalog.json``), typed and checked.

Qt-free and database-free: the engine's tests, the benchmark and the CLI read the catalog
through here; the database loader (``db/catalog_sync.py``) stores the same document. The
structural check runs at load so that a broken bundled file fails loudly at startup with the
path of the bad field, instead of as a ``KeyError`` in the middle of a screen.

Rule dates: ``effective_from`` and ``effective_to`` are inclusive (``effective_to`` is the last
day in force); ``null`` is open-ended.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

RULE_KINDS = ("experience", "maintenance", "waiver_list")

# The issuers' own web sites (a page on one of these hosts, or a sub-domain of one, over
# https, is the issuer's word; every other source is secondary and shown as such).
ISSUER_HOSTS: Mapping[str, tuple[str, ...]] = {
    "ISC2": ("isc2.org",),
    "ISACA": ("isaca.org",),
    "ASIS International": ("asisonline.org", "asis.zendesk.com"),
    "EC-Council": ("eccouncil.org",),
    "CompTIA": ("comptia.org",),
    "GIAC (SANS)": ("giac.org", "sans.org"),
    "IAPP": ("iapp.org",),
    "CSA": ("cloudsecurityalliance.org",),  # Cloud Security Alliance
    "PECB": ("pecb.com",),
    "PMI": ("pmi.org",),
}
# The issuer's home page, the link the Catalog screen shows for every certification.
ISSUER_SITES: Mapping[str, str] = {
    "ISC2": "https://www.isc2.org/",
    "ISACA": "https://www.isaca.org/",
    "ASIS International": "https://www.asisonline.org/",
    "EC-Council": "https://www.eccouncil.org/",
    "CompTIA": "https://www.comptia.org/",
    "GIAC (SANS)": "https://www.giac.org/",
    "IAPP": "https://iapp.org/",
    "CSA": "https://cloudsecurityalliance.org/",
    "PECB": "https://pecb.com/",
    "PMI": "https://www.pmi.org/",
}


def is_issuer_source(url: str, issuer: str) -> bool:
    """``url`` is an https page on ``issuer``'s own site (see :data:`ISSUER_HOSTS`)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").casefold()
    if parts.scheme != "https" or not host:
        return False
    return any(host == h or host.endswith("." + h) for h in ISSUER_HOSTS.get(issuer, ()))


def issuer_site(issuer: str) -> str:
    """The issuer's home page ("" for an issuer the catalog does not know)."""
    return ISSUER_SITES.get(issuer, "")


def labelled_sources(sources: tuple[str, ...] | list[str], issuer: str) -> list[str]:
    """Each source as a person reads it: "Issuer: URL" or "Secondary: URL", in order."""
    return [
        f"{'Issuer' if is_issuer_source(url, issuer) else 'Secondary'}: {url}" for url in sources
    ]


class CatalogError(ValueError):
    """The catalog document does not have the expected structure."""


@dataclass(frozen=True, slots=True)
class CatalogDomain:
    name: str
    weight_percent: float | None


@dataclass(frozen=True, slots=True)
class CatalogCertification:
    code: str
    name: str
    issuer: str
    level: str
    area: str
    domains: tuple[CatalogDomain, ...]
    details: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class CatalogRule:
    key: str
    cert_code: str
    kind: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    as_of: dt.date
    sources: tuple[str, ...]
    notes: str
    params: Mapping[str, Any]
    # Why no issuer page backs the rule ("" when its first source is the issuer's page).
    unverified: str = ""


@dataclass(frozen=True, slots=True)
class CatalogRole:
    order: int
    role: str
    level: str
    min_years: float | None
    max_years: float | None
    typical_certifications: tuple[str, ...]
    raw: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Catalog:
    version: str
    certifications: tuple[CatalogCertification, ...]
    rules: tuple[CatalogRule, ...]
    roles: tuple[CatalogRole, ...]

    def certification(self, code: str) -> CatalogCertification:
        for cert in self.certifications:
            if cert.code == code:
                return cert
        raise KeyError(code)


def source_problems(catalog: Catalog) -> list[str]:
    """Every rule whose first source is not its issuer's own page and that does not say why
    it is unverified, and every source over plain http (one sentence each; empty: none)."""
    issuers = {c.code: c.issuer for c in catalog.certifications}
    problems = []
    for rule in catalog.rules:
        issuer = issuers.get(rule.cert_code, "")
        if not is_issuer_source(rule.sources[0], issuer) and not rule.unverified.strip():
            problems.append(
                f"rule {rule.key}: its first source {rule.sources[0]} is not a page of "
                f"{issuer or 'its issuer'}, and it does not say why it is unverified"
            )
        problems += [
            f"rule {rule.key}: {url} is not https" for url in rule.sources if url[:8] != "https://"
        ]
    return problems


@functools.cache
def load_bundled_catalog() -> Catalog:
    """The catalog shipped in the package, parsed once per process."""
    raw = resources.files("cso_planner").joinpath("data/catalog.json").read_text("utf-8")
    return parse_catalog(json.loads(raw))


def parse_catalog(document: object) -> Catalog:
    """Check ``document``'s structure and return it typed; raise :class:`CatalogError`."""
    doc = _obj(document, "catalog")
    version = _str(doc.get("catalog_version"), "catalog_version")
    certs = tuple(
        _certification(c, f"certifications[{i}]")
        for i, c in enumerate(_list(doc.get("certifications"), "certifications"))
    )
    codes = [c.code for c in certs]
    if len(set(codes)) != len(codes):
        raise CatalogError("certifications: duplicate codes")
    rules = tuple(_rule(r, f"rules[{i}]") for i, r in enumerate(_list(doc.get("rules"), "rules")))
    keys = [r.key for r in rules]
    if len(set(keys)) != len(keys):
        raise CatalogError("rules: duplicate keys")
    for rule in rules:
        if rule.cert_code not in codes:
            raise CatalogError(f"rule {rule.key}: unknown certification {rule.cert_code!r}")
    roles = tuple(_role(r, f"roles[{i}]") for i, r in enumerate(_list(doc.get("roles"), "roles")))
    return Catalog(version, certs, rules, roles)


def _obj(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CatalogError(f"{where}: expected an object")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise CatalogError(f"{where}: expected a list")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise CatalogError(f"{where}: expected a non-empty string")
    return value


def _date(value: object, where: str, *, optional: bool) -> dt.date | None:
    if value is None and optional:
        return None
    try:
        return dt.date.fromisoformat(_str(value, where))
    except ValueError as exc:
        raise CatalogError(f"{where}: expected a YYYY-MM-DD date") from exc


def _certification(value: object, where: str) -> CatalogCertification:
    c = _obj(value, where)
    domains = []
    for j, d in enumerate(_list(c.get("domains", []), f"{where}.domains")):
        dd = _obj(d, f"{where}.domains[{j}]")
        weight = dd.get("weight_percent")
        if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int | float)):
            raise CatalogError(f"{where}.domains[{j}].weight_percent: expected a number or null")
        domains.append(CatalogDomain(_str(dd.get("name"), f"{where}.domains[{j}].name"), weight))
    return CatalogCertification(
        code=_str(c.get("code"), f"{where}.code"),
        name=_str(c.get("name"), f"{where}.name"),
        issuer=_str(c.get("issuer"), f"{where}.issuer"),
        level=_str(c.get("level"), f"{where}.level"),
        area=_str(c.get("area"), f"{where}.area"),
        domains=tuple(domains),
        details=_obj(c.get("details", {}), f"{where}.details"),
    )


def _rule(value: object, where: str) -> CatalogRule:
    r = _obj(value, where)
    kind = _str(r.get("kind"), f"{where}.kind")
    if kind not in RULE_KINDS:
        raise CatalogError(f"{where}.kind: {kind!r} is not one of {', '.join(RULE_KINDS)}")
    sources = _list(r.get("sources"), f"{where}.sources")
    if not sources or not all(isinstance(s, str) and s.startswith("http") for s in sources):
        raise CatalogError(f"{where}.sources: expected at least one URL")
    as_of = _date(r.get("as_of"), f"{where}.as_of", optional=False)
    assert as_of is not None
    start = _date(r.get("effective_from"), f"{where}.effective_from", optional=True)
    end = _date(r.get("effective_to"), f"{where}.effective_to", optional=True)
    if start and end and end < start:
        raise CatalogError(f"{where}: effective_to is before effective_from")
    notes = r.get("notes", "")
    if not isinstance(notes, str):
        raise CatalogError(f"{where}.notes: expected a string")
    unverified = r.get("unverified", "")
    if not isinstance(unverified, str):
        raise CatalogError(f"{where}.unverified: expected a string")
    return CatalogRule(
        key=_str(r.get("key"), f"{where}.key"),
        cert_code=_str(r.get("cert_code"), f"{where}.cert_code"),
        kind=kind,
        effective_from=start,
        effective_to=end,
        as_of=as_of,
        sources=tuple(sources),
        notes=notes,
        params=_obj(r.get("params"), f"{where}.params"),
        unverified=unverified,
    )


def _role(value: object, where: str) -> CatalogRole:
    r = _obj(value, where)
    years = _obj(r.get("typical_experience_years", {}), f"{where}.typical_experience_years")
    order = r.get("order")
    if not isinstance(order, int):
        raise CatalogError(f"{where}.order: expected an integer")
    return CatalogRole(
        order=order,
        role=_str(r.get("role"), f"{where}.role"),
        level=_str(r.get("level"), f"{where}.level"),
        min_years=years.get("min"),
        max_years=years.get("max"),
        typical_certifications=tuple(r.get("typical_certifications", [])),
        raw=r,
    )
