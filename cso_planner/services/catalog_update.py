"""Offline catalog updates: a catalog file (as ``tools/build_catalog.py`` writes it) checked,
compared with the stored catalog, shown to the person, then applied or not.

:func:`plan_update` checks the whole file before anything changes - its structure
(:func:`cso_planner.catalog.parse_catalog`), that it is newer than the stored catalog, that
every rule cites its issuer first or says why it is unverified, and that no two versions of a
rule are in force on the same day - and lists what would change: rules added, changed (with
before and after) and retired. :func:`apply_update` then writes it with the same loader as a
release (``db.catalog_sync``), which never touches the person's rule corrections or the
certifications they added themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import pathlib
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.catalog import Catalog, CatalogError, CatalogRule, parse_catalog, source_problems
from cso_planner.db.catalog_sync import (
    bundled_catalog_document,
    stored_catalog_version,
    sync_catalog,
    version_date,
)
from cso_planner.db.models import Certification, Rule

MAX_BYTES = 16 * 1024 * 1024
STALE_DAYS = 365


class CatalogUpdateError(ValueError):
    """The file cannot be used; ``str()`` says why in one sentence. Nothing was changed."""


@dataclasses.dataclass(frozen=True)
class RuleChange:
    """One rule the update adds, changes or retires; ``before``/``after`` are readable lines."""

    kind: str  # "added" | "changed" | "retired"
    key: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    kept_correction: bool = False  # the person corrected it: their version stays in force


@dataclasses.dataclass(frozen=True)
class UpdatePlan:
    document: Mapping[str, Any]
    version_from: str | None
    version_to: str
    changes: tuple[RuleChange, ...]
    added_certifications: tuple[str, ...]
    kept_own: tuple[str, ...]  # codes in the file that are certifications the person added

    def counts(self) -> dict[str, int]:
        return {k: sum(c.kind == k for c in self.changes) for k in ("added", "changed", "retired")}

    def summary(self) -> str:
        n = self.counts()
        head = (
            f"Catalog {self.version_from or 'none'} → {self.version_to}: {n['added']} rule(s) "
            f"added, {n['changed']} changed, {n['retired']} retired"
        )
        if self.added_certifications:
            head += f"; new certifications: {', '.join(self.added_certifications)}"
        return head + "."

    def lines(self) -> list[str]:
        """The whole comparison as plain text lines (the dialog and the CLI show these)."""
        out = [self.summary()]
        for change in self.changes:
            mark = {"added": "+ Added", "changed": "~ Changed", "retired": "- Retired"}[change.kind]
            out.append(f"{mark}: {change.key}")
            for label, lines in (("before", change.before), ("after", change.after)):
                out.extend(f"    {label}: {line}" for line in lines)
            if change.kept_correction:
                out.append("    your correction of this rule is kept and stays in force")
        for code in self.kept_own:
            out.append(f"= Kept: {code} is a certification you added; the file's is not used")
        return out


def read_catalog_file(path: pathlib.Path) -> dict[str, Any]:
    """The JSON document in ``path``; a clear error for a missing, huge or non-JSON file."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CatalogUpdateError(f"{path.name} is larger than 16 MiB: not a catalog file")
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CatalogUpdateError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise CatalogUpdateError(f"{path} is a folder, not a catalog file") from None
    except UnicodeDecodeError:
        raise CatalogUpdateError(f"{path.name} is not a UTF-8 text file") from None
    except OSError as exc:
        raise CatalogUpdateError(f"{path.name} cannot be read ({exc.strerror})") from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise CatalogUpdateError(f"{path.name} is not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise CatalogUpdateError(f"{path.name} is not a catalog file (expected an object)")
    return document


def _check(document: Mapping[str, Any]) -> Catalog:
    try:
        catalog = parse_catalog(dict(document))
    except CatalogError as exc:
        raise CatalogUpdateError(f"not a usable catalog file: {exc}") from None
    if version_date(catalog.version) is None:
        raise CatalogUpdateError(
            f"catalog_version {catalog.version!r} is not a release date (YYYY.MM.DD)"
        )
    problems = source_problems(catalog)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CatalogUpdateError(f"the file's sources are not acceptable: {problems[0]}{more}")
    overlap = _overlap(catalog.rules)
    if overlap:
        raise CatalogUpdateError(overlap)
    return catalog


def _overlap(rules: Sequence[CatalogRule]) -> str | None:
    by_kind: dict[tuple[str, str], list[CatalogRule]] = {}
    for rule in rules:
        by_kind.setdefault((rule.cert_code, rule.kind), []).append(rule)
    for versions in by_kind.values():
        ordered = sorted(versions, key=lambda r: r.effective_from or dt.date.min)
        for first, second in itertools.pairwise(ordered):
            end = first.effective_to or dt.date.max
            if (second.effective_from or dt.date.min) <= end:
                return (
                    f"rules {first.key} and {second.key} are both in force on "
                    f"{(second.effective_from or dt.date.min).isoformat()}: effective dates "
                    "must not overlap"
                )
    return None


def _rule_lines(row: Mapping[str, Any]) -> tuple[str, ...]:
    start = row.get("effective_from") or "open"
    end = row.get("effective_to") or "open"
    sources = row.get("sources") or []
    lines = [
        f"in force {start} to {end}; as of {row.get('as_of')}",
        f"first source: {sources[0] if sources else 'none'} ({len(sources)} in all)",
        f"notes: {' '.join(str(row.get('notes', '')).split())}",
        f"parameters: {json.dumps(row.get('params', {}), sort_keys=True)}",
    ]
    if row.get("unverified"):
        lines.append(f"unverified: {row['unverified']}")
    return tuple(lines)


def _stored_rows(session: Session, own: set[str]) -> dict[str, tuple[dict[str, Any], bool]]:
    rows: dict[str, tuple[dict[str, Any], bool]] = {}
    for rule in session.scalars(select(Rule)):
        if rule.cert_code in own:
            continue
        rows[rule.key] = (
            {
                "effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
                "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
                "as_of": rule.as_of.isoformat(),
                "sources": json.loads(rule.sources_json or "[]"),
                "notes": rule.notes or "",
                "params": json.loads(rule.params_json or "{}"),
                "unverified": rule.unverified or "",
            },
            rule.user_params_json is not None,
        )
    return rows


def plan_update(session: Session, document: Mapping[str, Any]) -> UpdatePlan:
    """Check ``document`` and compare it with the stored catalog; writes nothing.

    Raises:
        CatalogUpdateError: the file is malformed, not newer than the stored catalog, or its
            sources or effective dates are not acceptable.
    """
    catalog = _check(document)
    stored = stored_catalog_version(session)
    new_day, old_day = version_date(catalog.version), version_date(stored or "")
    if old_day is not None and new_day is not None and new_day <= old_day:
        word = "the same as" if new_day == old_day else "older than"
        raise CatalogUpdateError(
            f"the file's catalog ({catalog.version}) is {word} the one in use ({stored}); "
            "nothing was changed"
        )
    own = set(
        session.scalars(select(Certification.code).where(Certification.added_by_user.is_(True)))
    )
    known = set(session.scalars(select(Certification.code)))
    current = _stored_rows(session, own)
    changes: list[RuleChange] = []
    wanted: set[str] = set()
    for row in document["rules"]:
        if row["cert_code"] in own:
            continue
        key = row["key"]
        wanted.add(key)
        new = {
            k: row.get(k) for k in ("effective_from", "effective_to", "as_of", "sources", "notes")
        }
        new["params"] = row.get("params", {})
        new["unverified"] = row.get("unverified", "")
        if key not in current:
            changes.append(RuleChange("added", key, (), _rule_lines(new)))
            continue
        old, corrected = current[key]
        if old != new:
            before, after = _rule_lines(old), _rule_lines(new)
            differing = [i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
            keep = differing or list(range(len(after)))
            changes.append(
                RuleChange(
                    "changed",
                    key,
                    tuple(before[i] for i in keep if i < len(before)),
                    tuple(after[i] for i in keep if i < len(after)),
                    corrected,
                )
            )
    for key, (old, corrected) in sorted(current.items()):
        if key not in wanted:
            changes.append(RuleChange("retired", key, _rule_lines(old), (), corrected))
    codes = [c["code"] for c in document["certifications"]]
    return UpdatePlan(
        document=document,
        version_from=stored,
        version_to=catalog.version,
        changes=tuple(changes),
        added_certifications=tuple(c for c in codes if c not in known),
        kept_own=tuple(c for c in codes if c in own),
    )


def apply_update(session: Session, plan: UpdatePlan) -> None:
    """Write ``plan``'s catalog in the caller's transaction (checked again first)."""
    plan_update(session, plan.document)
    sync_catalog(session, dict(plan.document))


def catalog_age(session: Session, today: dt.date) -> tuple[str | None, dt.date | None, bool]:
    """The stored catalog's version, its as-of date and whether it is over 12 months old."""
    version = stored_catalog_version(session)
    if version is None:
        version = str(bundled_catalog_document()["catalog_version"])
    day = version_date(version)
    return version, day, day is not None and (today - day).days > STALE_DAYS
