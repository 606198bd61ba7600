"""Load the bundled certification catalog into the database and upgrade it on later releases.

The catalog is the app's data (certifications, exam domains, rules with sources); the user's own
rows (held certifications, ledger tags, CPE allocations) and their local rule corrections
(``Rule.user_params_json``) are never touched by an upgrade.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cso_planner.db.bundled_catalog import bundled_catalog_document, is_newer, version_date
from cso_planner.db.models import AppMeta, Certification, ExamDomain, Rule

CATALOG_VERSION_KEY = "catalog_version"
__all__ = ["bundled_catalog_document", "is_newer", "version_date"]  # and what follows


def stored_catalog_version(session: Session) -> str | None:
    meta = session.get(AppMeta, CATALOG_VERSION_KEY)
    return meta.value if meta else None


def sync_catalog(session: Session, document: dict[str, Any] | None = None) -> bool:
    """Bring the catalog tables up to ``document`` (default: the bundled one).

    Runs inside the caller's transaction and never commits. Returns ``True`` when something
    changed, ``False`` when the stored catalog already has this version.
    """
    doc = document if document is not None else bundled_catalog_document()
    version = str(doc["catalog_version"])
    if stored_catalog_version(session) == version:
        return False

    # Certifications the person added themselves are theirs: a catalog never changes them.
    own = set(
        session.scalars(select(Certification.code).where(Certification.added_by_user.is_(True)))
    )
    for entry in doc["certifications"]:
        if entry["code"] not in own:
            _upsert_certification(session, entry, version)
    session.flush()

    wanted_keys = {rule["key"] for rule in doc["rules"]}
    for rule_doc in doc["rules"]:
        if rule_doc["cert_code"] not in own:
            _upsert_rule(session, rule_doc)
    # A catalog rule that disappeared goes too, unless the user corrected it (then it is theirs)
    # or it belongs to a certification of their own.
    session.execute(
        delete(Rule).where(
            Rule.key.not_in(wanted_keys),
            Rule.user_params_json.is_(None),
            Rule.cert_code.not_in(own),
        )
    )
    session.merge(AppMeta(key=CATALOG_VERSION_KEY, value=version))
    session.flush()
    return True


def _upsert_certification(session: Session, entry: dict[str, Any], version: str) -> None:
    cert = session.get(Certification, entry["code"])
    if cert is None:
        cert = Certification(code=entry["code"])
        session.add(cert)
    cert.name = entry["name"]
    cert.issuer = entry["issuer"]
    cert.level = entry["level"]
    cert.area = entry["area"]
    cert.details_json = json.dumps(entry.get("details", {}), ensure_ascii=False, sort_keys=True)
    cert.catalog_version = version
    session.flush()
    # Exam domains are catalog data only (ledger tags store the domain name as text).
    session.execute(delete(ExamDomain).where(ExamDomain.cert_code == entry["code"]))
    for position, domain in enumerate(entry.get("domains", [])):
        session.add(
            ExamDomain(
                cert_code=entry["code"],
                position=position,
                name=domain["name"],
                weight_percent=domain.get("weight_percent"),
            )
        )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _upsert_rule(session: Session, doc: dict[str, Any]) -> None:
    rule = session.scalars(select(Rule).where(Rule.key == doc["key"])).one_or_none()
    if rule is None:
        rule = Rule(key=doc["key"])
        session.add(rule)
    rule.cert_code = doc["cert_code"]
    rule.kind = doc["kind"]
    rule.effective_from = _date(doc.get("effective_from"))
    rule.effective_to = _date(doc.get("effective_to"))
    as_of = _date(doc["as_of"])
    assert as_of is not None, "every catalog rule has an as_of date"
    rule.as_of = as_of
    rule.sources_json = json.dumps(doc.get("sources", []), ensure_ascii=False)
    rule.notes = doc.get("notes", "")
    rule.unverified = doc.get("unverified", "")
    rule.params_json = json.dumps(doc.get("params", {}), ensure_ascii=False, sort_keys=True)
