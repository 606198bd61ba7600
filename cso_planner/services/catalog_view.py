"""The certification catalog as read-only rows for browsing, and "add to plan" drafts.

Everything comes from the ``certification``, ``exam_domain`` and ``rule`` tables (the bundled
catalog as stored in the file, with the user's local rule corrections) and ``details_json``.
The details are free-form JSON from public sources, so every value is turned into text here
defensively: a missing or odd field shows as nothing rather than breaking the screen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner.catalog import issuer_site, labelled_sources
from cso_planner.db.models import Certification, HeldCertification, Plan, PlanItem, Rule, Stage
from cso_planner.services.drafts import ItemDraft

LEVELS = ("entry", "intermediate", "advanced", "executive")
RULE_KIND_LABELS = {
    "experience": "Experience requirement",
    "maintenance": "Maintenance (CPE and fees)",
    "waiver_list": "Approved waiver list",
}
_EXAM_LABELS = (
    ("questions", "Questions"),
    ("questions_min", "Minimum questions"),
    ("minutes", "Minutes"),
    ("passing_score", "Passing score"),
    ("format_notes", "Format"),
)
_FEE_LABELS = (
    ("exam_price_usd", "Exam price (USD)"),
    ("exam_price_as_of", "Exam price as of"),
    ("annual_fee_usd", "Annual fee (USD)"),
    ("cycle_fee_usd", "Fee per cycle (USD)"),
    ("renewal_fee_per_cycle_usd", "Renewal fee per cycle (USD)"),
    ("recert_fee_per_cycle_usd", "Recertification fee per cycle (USD)"),
    ("recert_fee_note", "Recertification fee note"),
)
_MAINTENANCE_LABELS = (
    ("cycle_years", "Cycle (years)"),
    ("cpe_per_cycle", "CPE per cycle"),
    ("cpe_min_per_year", "Minimum CPE per year"),
    ("cpe_suggested_per_year", "Suggested CPE per year"),
)

Facts = tuple[tuple[str, str], ...]  # (label, value) pairs, shown as a small form


@dataclasses.dataclass(frozen=True)
class RuleInfo:
    """One rule as the catalog pane shows it.

    ``notes`` is the user's note when there is one, else the catalog's; ``user_notes`` is the
    user's alone. ``user_edited``: the user corrected the parameters or wrote a note, so the
    pane marks the rule as theirs.
    """

    key: str
    kind: str
    as_of: dt.date
    effective_from: dt.date | None
    effective_to: dt.date | None
    sources: tuple[str, ...]
    notes: str
    user_edited: bool
    user_notes: str = ""
    # Why no issuer page backs the rule ("" when its first source is the issuer's page).
    unverified: str = ""
    # ``sources`` as shown: "Issuer: URL" / "Secondary: URL", the issuer's pages first.
    source_lines: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return RULE_KIND_LABELS.get(self.kind, self.kind)


@dataclasses.dataclass(frozen=True)
class CatalogEntry:
    """One certification with everything the catalog knows about it."""

    code: str
    name: str
    issuer: str
    level: str
    area: str
    domains: tuple[tuple[str, float | None], ...]
    exam: Facts
    prerequisites: Facts
    prerequisites_text: str
    maintenance: Facts
    maintenance_text: str
    fees: Facts
    typical_prior: tuple[str, ...]
    typical_next: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    rules: tuple[RuleInfo, ...]
    exam_price_usd: float | None
    in_plan: bool
    held: bool = False  # the person holds it (earned): nothing to add to a plan
    issuer_url: str = ""  # the issuer's home page ("" for an issuer the catalog lacks)
    added_by_user: bool = False  # Catalog → New certification… (not from the bundled catalog)
    source_lines: tuple[str, ...] = ()  # ``sources`` labelled issuer / secondary

    @property
    def level_rank(self) -> int:
        return LEVELS.index(self.level) if self.level in LEVELS else len(LEVELS)

    def search_text(self) -> str:
        """Everything a search may match, lower-cased once."""
        parts = [self.code, self.name, self.issuer, self.level, self.area]
        parts.extend(name for name, _ in self.domains)
        return " ".join(parts).casefold()


def text_of(value: object) -> str:
    """A JSON value as one line of plain text (numbers without a needless ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(t for v in value if (t := text_of(v)))
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {t}" for k, v in value.items() if (t := text_of(v)))
    return str(value)


def _facts(section: object, labels: tuple[tuple[str, str], ...]) -> Facts:
    if not isinstance(section, Mapping):
        return ()
    return tuple((label, t) for key, label in labels if (t := text_of(section.get(key))))


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(t for v in value if (t := text_of(v)))


def _prerequisites(section: object) -> tuple[Facts, str]:
    if not isinstance(section, Mapping):
        return (), ""
    facts: list[tuple[str, str]] = []
    if (years := text_of(section.get("experience_years"))) != "":
        facts.append(("Experience (years)", years))
    waivers = section.get("waivers")
    if isinstance(waivers, list):
        for waiver in waivers:
            if isinstance(waiver, Mapping):
                reason = text_of(waiver.get("reason"))
                years = text_of(waiver.get("years_waived"))
                note = text_of(waiver.get("note"))
                line = f"{reason} — {years} year(s) waived" if years else reason
                facts.append(("Waiver", f"{line} ({note})" if note else line))
    if (cap := text_of(section.get("max_waiver_years"))) != "":
        facts.append(("Waivers at most (years)", cap))
    return tuple(facts), text_of(section.get("text"))


def _details(raw: str) -> Mapping[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, Mapping) else {}


def _price(fees: object) -> float | None:
    if isinstance(fees, Mapping):
        value = fees.get("exam_price_usd")
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
    return None


def planned_codes(session: Session) -> set[str]:
    """Certification codes already on the active plan."""
    rows = session.scalars(
        select(PlanItem.ref_code)
        .join(Stage, PlanItem.stage_id == Stage.id)
        .join(Plan, Stage.plan_id == Plan.id)
        .where(Plan.active.is_(True), PlanItem.ref_code.is_not(None))
    )
    return {code for code in rows if code}


def held_codes(session: Session) -> set[str]:
    """Certification codes the person holds now (earned)."""
    rows = session.scalars(
        select(HeldCertification.cert_code).where(HeldCertification.status == "earned")
    )
    return set(rows)


def list_catalog(session: Session) -> list[CatalogEntry]:
    """Every certification, by level then code."""
    in_plan = planned_codes(session)
    held = held_codes(session)
    issuers = {
        code: issuer
        for code, issuer in session.execute(select(Certification.code, Certification.issuer))
    }
    rules: dict[str, list[RuleInfo]] = {}
    for rule in session.scalars(select(Rule).order_by(Rule.kind, Rule.effective_from, Rule.key)):
        try:
            sources = tuple(str(s) for s in json.loads(rule.sources_json or "[]"))
        except ValueError:
            sources = ()
        user_notes = rule.user_notes or ""
        rules.setdefault(rule.cert_code, []).append(
            RuleInfo(
                key=rule.key,
                kind=rule.kind,
                as_of=rule.as_of,
                effective_from=rule.effective_from,
                effective_to=rule.effective_to,
                sources=sources,
                notes=rule.user_notes or rule.notes,
                user_edited=rule.user_params_json is not None or bool(user_notes.strip()),
                user_notes=user_notes,
                unverified=rule.unverified or "",
                source_lines=tuple(labelled_sources(sources, issuers.get(rule.cert_code, ""))),
            )
        )
    entries = []
    for cert in session.scalars(select(Certification).options(selectinload(Certification.domains))):
        details = _details(cert.details_json)
        prereq_facts, prereq_text = _prerequisites(details.get("prerequisites"))
        maintenance = details.get("maintenance")
        cert_sources = _strings(details.get("sources"))
        entries.append(
            CatalogEntry(
                code=cert.code,
                name=cert.name,
                issuer=cert.issuer,
                level=cert.level,
                area=cert.area,
                domains=tuple((d.name, d.weight_percent) for d in cert.domains),
                exam=_facts(details.get("exam"), _EXAM_LABELS),
                prerequisites=prereq_facts,
                prerequisites_text=prereq_text,
                maintenance=_facts(maintenance, _MAINTENANCE_LABELS),
                maintenance_text=text_of(maintenance.get("text"))
                if isinstance(maintenance, Mapping)
                else "",
                fees=_facts(details.get("fees"), _FEE_LABELS),
                typical_prior=_strings(details.get("typical_prior")),
                typical_next=_strings(details.get("typical_next")),
                sources=cert_sources,
                confidence=text_of(details.get("confidence")),
                rules=tuple(rules.get(cert.code, ())),
                exam_price_usd=_price(details.get("fees")),
                in_plan=cert.code in in_plan,
                held=cert.code in held,
                issuer_url=text_of(details.get("issuer_url")) or issuer_site(cert.issuer),
                added_by_user=bool(cert.added_by_user),
                source_lines=tuple(labelled_sources(cert_sources, cert.issuer)),
            )
        )
    entries.sort(key=lambda e: (e.level_rank, e.code))
    return entries


def plan_stages(session: Session) -> tuple[int | None, str, list[tuple[int, str]]]:
    """The active plan's id, name and ``(stage id, role)`` list (None, "", [] without one)."""
    plan = session.scalars(select(Plan).where(Plan.active.is_(True))).first()
    if plan is None:
        return None, "", []
    return plan.id, plan.name, [(s.id, s.role) for s in plan.stages]


def goal_draft(entry: CatalogEntry) -> ItemDraft:
    """A certification goal for the plan; its cost is left empty, so the budget shows the
    catalog's exam fee in US dollars as estimated until the person enters or confirms one."""
    return ItemDraft(title=f"Pass {entry.code}", kind="certification", ref_code=entry.code)
