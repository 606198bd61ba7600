"""Certifications the person adds themselves (Catalog → New certification…).

An own certification is a ``certification`` row marked ``added_by_user`` with one maintenance
rule (``<code>/maintenance/own``) built from what the person entered: cycle length, CPE per
cycle and per year, annual fee and its currency. From then on it is like a bundled one: it can
be held, planned and tagged; renewals, the budget, the ICS export and the PDF read its rule
through the same functions; exports carry it (``own_certifications``) and imports recreate it.
Catalog updates never change or remove it.

Every check a bundled certification's data passes is made here, with one message per field.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import Certification, HeldCertification, Rule
from cso_planner.services.errors import InvalidDraftError

LEVELS = ("entry", "intermediate", "advanced", "executive")
OWN_VERSION = "own"  # ``certification.catalog_version`` of an own certification
OWN_AS_OF_NOTE = "Added by you: no issuer page is recorded for this certification."
MAX_CODE = 32
MAX_TEXT = 200
MAX_CYCLE_YEARS = 10
MAX_CPE = 1000
MAX_FEE = 100_000
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+/._-]*")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclasses.dataclass(frozen=True)
class OwnCertification:
    """What the person enters for a certification of their own."""

    code: str
    name: str
    issuer: str
    level: str = "intermediate"
    area: str = ""
    cycle_years: int = 3
    cpe_per_cycle: float = 0.0
    cpe_per_year: float | None = None
    annual_fee: float | None = None
    currency: str = "USD"
    prerequisites: str = ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> OwnCertification:
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in record.items() if k in fields})


def rule_key(code: str) -> str:
    return f"{code}/maintenance/own"


def own_codes(session: Session) -> set[str]:
    return set(
        session.scalars(select(Certification.code).where(Certification.added_by_user.is_(True)))
    )


def validate(draft: OwnCertification, taken: set[str]) -> dict[str, str]:
    """One message per field that cannot be used (empty: the draft can be saved).

    ``taken``: the codes already in the catalog (bundled or own)."""
    errors: dict[str, str] = {}
    code = draft.code.strip() if isinstance(draft.code, str) else ""
    if not code:
        errors["code"] = "Enter a code, such as CRTO or ISO22301-LI."
    elif len(code) > MAX_CODE or not _CODE.fullmatch(code):
        errors["code"] = (
            f"Use up to {MAX_CODE} letters, digits and + / . _ - (no spaces; starting with "
            "a letter or digit)."
        )
    elif code.casefold() in {c.casefold() for c in taken}:
        errors["code"] = f"{code} is already in the catalog."
    for field, label in (("name", "a name"), ("issuer", "the issuer")):
        value = getattr(draft, field)
        if not isinstance(value, str) or not value.strip():
            errors[field] = f"Enter {label}."
        elif len(value) > MAX_TEXT:
            errors[field] = f"Keep it under {MAX_TEXT} characters."
    if draft.level not in LEVELS:
        errors["level"] = f"Choose one of: {', '.join(LEVELS)}."
    if not isinstance(draft.area, str) or len(draft.area) > MAX_TEXT:
        errors["area"] = f"Keep it under {MAX_TEXT} characters."
    cycle = draft.cycle_years
    if isinstance(cycle, bool) or not isinstance(cycle, int) or not 1 <= cycle <= MAX_CYCLE_YEARS:
        errors["cycle_years"] = f"Enter a whole number of years from 1 to {MAX_CYCLE_YEARS}."
    per_cycle = draft.cpe_per_cycle
    if not _number(per_cycle) or not 0 <= per_cycle <= MAX_CPE:
        errors["cpe_per_cycle"] = f"Enter a number of credits from 0 to {MAX_CPE}."
    per_year = draft.cpe_per_year
    if per_year is not None:
        if not _number(per_year) or not 0 <= per_year <= MAX_CPE:
            errors["cpe_per_year"] = f"Enter a number of credits from 0 to {MAX_CPE}, or none."
        elif (
            "cpe_per_cycle" not in errors
            and "cycle_years" not in errors
            and per_cycle > 0
            and per_year * cycle > per_cycle + 1e-9
        ):
            errors["cpe_per_year"] = (
                "A yearly minimum this high needs more credits per cycle than you entered."
            )
    fee = draft.annual_fee
    if fee is not None and (not _number(fee) or not 0 <= fee <= MAX_FEE):
        errors["annual_fee"] = "Enter an amount such as 85 or 85.50, or leave it empty."
    if not isinstance(draft.currency, str) or not _CURRENCY.fullmatch(draft.currency):
        errors["currency"] = "Enter a three-letter currency code such as USD, EUR or GBP."
    if not isinstance(draft.prerequisites, str) or len(draft.prerequisites) > 2000:
        errors["prerequisites"] = "Keep the prerequisites under 2,000 characters."
    return errors


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _details(draft: OwnCertification) -> dict[str, Any]:
    fees: dict[str, Any] = {}
    if draft.annual_fee is not None:
        fees["annual_fee"] = draft.annual_fee
        fees["annual_fee_currency"] = draft.currency
    return {
        "added_by_user": True,
        "exam": {"format_notes": "Added by you."},
        "fees": fees,
        "prerequisites": {"experience_years": None, "text": draft.prerequisites.strip()},
        "maintenance": {
            "cycle_years": draft.cycle_years,
            "cpe_per_cycle": draft.cpe_per_cycle,
            "cpe_min_per_year": draft.cpe_per_year,
            "text": "As you entered it.",
        },
        "sources": [],
        "confidence": "added by you",
        "own": draft.to_json(),
    }


def _params(draft: OwnCertification) -> dict[str, Any]:
    fee = None
    if draft.annual_fee:
        fee = {
            "amount_usd": draft.annual_fee,
            "currency": draft.currency,
            "period": "year",
            "due": "anniversary",
        }
    return {
        "cycle": {"kind": "anniversary", "years": draft.cycle_years},
        "cpe_required": draft.cpe_per_cycle,
        "category_min": {},
        "category_max": {},
        "category_aliases": {},
        "default_category": None,
        "annual_minimum": draft.cpe_per_year,
        "suggested_per_year": None,
        "fee": fee,
        "endorsement_months": None,
    }


def add_own_certification(session: Session, draft: OwnCertification, today: Any) -> str:
    """Add ``draft`` (checked first) in the caller's transaction; returns its code.

    Raises:
        InvalidDraftError: one message per field that cannot be used; nothing is written.
    """
    taken = set(session.scalars(select(Certification.code)))
    errors = validate(draft, taken)
    if errors:
        raise InvalidDraftError(errors)
    draft = dataclasses.replace(
        draft,
        code=draft.code.strip(),
        name=draft.name.strip(),
        issuer=draft.issuer.strip(),
        area=draft.area.strip(),
    )
    session.add(
        Certification(
            code=draft.code,
            name=draft.name,
            issuer=draft.issuer,
            level=draft.level,
            area=draft.area or "your own",
            details_json=json.dumps(_details(draft), ensure_ascii=False, sort_keys=True),
            catalog_version=OWN_VERSION,
            added_by_user=True,
        )
    )
    session.flush()
    session.add(
        Rule(
            key=rule_key(draft.code),
            cert_code=draft.code,
            kind="maintenance",
            effective_from=None,
            effective_to=None,
            as_of=today,
            sources_json="[]",
            notes=(
                f"Your own certification: {draft.cpe_per_cycle:g} CPE every "
                f"{draft.cycle_years} year(s) from your certification date"
                + (
                    f", at least {draft.cpe_per_year:g} a year"
                    if draft.cpe_per_year is not None
                    else ""
                )
                + "."
            ),
            params_json=json.dumps(_params(draft), sort_keys=True),
            unverified=OWN_AS_OF_NOTE,
        )
    )
    session.flush()
    return draft.code


def own_certification(session: Session, code: str) -> OwnCertification | None:
    cert = session.get(Certification, code)
    if cert is None or not cert.added_by_user:
        return None
    try:
        record = json.loads(cert.details_json or "{}").get("own", {})
    except ValueError:
        record = {}
    return OwnCertification.from_json(record) if isinstance(record, dict) else None


def all_own_certifications(session: Session) -> list[OwnCertification]:
    codes = sorted(own_codes(session))
    return [own for code in codes if (own := own_certification(session, code)) is not None]


def remove_own_certification(session: Session, code: str) -> None:
    """Remove an own certification (the undo of adding it).

    Raises:
        InvalidDraftError: it is bundled, or the person holds or plans it.
    """
    cert = session.get(Certification, code)
    if cert is None or not cert.added_by_user:
        raise InvalidDraftError({"code": f"{code} is not a certification you added."})
    if session.scalar(select(HeldCertification.id).where(HeldCertification.cert_code == code)):
        raise InvalidDraftError(
            {"code": f"{code} is on your Certifications screen; remove it there first."}
        )
    session.delete(cert)
    session.flush()
