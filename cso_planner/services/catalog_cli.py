"""``cso-planner catalog show [CODE]``: the catalog as the Catalog screen shows it, as text;
``cso-planner catalog update FILE.json``: an offline catalog update (``services.catalog_update``).

Every certification (or the one asked for) with its issuer link and each rule's wording,
dates, why it is unverified (when no issuer page backs it) and its sources labelled issuer or
secondary - the same rows the screen reads (``services.catalog_view``).
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import TextIO

from sqlalchemy.orm import Session, sessionmaker

from cso_planner.dates import format_date
from cso_planner.services.catalog_update import apply_update, plan_update, read_catalog_file
from cso_planner.services.catalog_view import CatalogEntry, list_catalog


class UnknownCertification(LookupError):
    """The code asked for is not in the catalog."""


def catalog_text(entries: list[CatalogEntry]) -> str:
    lines: list[str] = []
    for entry in entries:
        mine = " (added by you)" if entry.added_by_user else ""
        lines.append(f"{entry.code} — {entry.name}{mine}")
        lines.append(f"  {entry.issuer} · {entry.level} · {entry.area}")
        if entry.issuer_url:
            lines.append(f"  Issuer: {entry.issuer_url}")
        for rule in entry.rules:
            edited = ", edited by you" if rule.user_edited else ""
            lines.append(f"  {rule.label} (as of {format_date(rule.as_of)}{edited})")
            if rule.unverified:
                lines.append(f"    Unverified: {rule.unverified}")
            if rule.notes.strip():
                lines.append(f"    {' '.join(rule.notes.split())}")
            lines.extend(f"    {line}" for line in rule.source_lines or rule.sources)
        lines.append("")
    return "\n".join(lines)


def run_catalog_show(session_factory: sessionmaker[Session], code: str | None, out: TextIO) -> int:
    with session_factory() as session:
        entries = list_catalog(session)
    if code is not None:
        entries = [e for e in entries if e.code.casefold() == code.casefold()]
        if not entries:
            raise UnknownCertification(f"{code!r} is not in the catalog")
    out.write(catalog_text(entries))
    return 0


def run_catalog_update(
    session_factory: sessionmaker[Session],
    path: pathlib.Path,
    yes: bool,
    out: TextIO,
    ask: Callable[[str], str] | None,
) -> int:
    """``cso-planner catalog update FILE.json [--yes]``: check the file, show what changes,
    then apply it (``--yes``, or "y" at the prompt) or leave everything as it is.

    Raises:
        CatalogUpdateError: the file is refused; nothing was changed.
    """
    document = read_catalog_file(path)
    with session_factory() as session:
        plan = plan_update(session, document)
    out.write("\n".join(plan.lines()) + "\n")
    if not yes:
        if ask is None:
            out.write("Nothing changed: run again with --yes to apply these changes.\n")
            return 0
        if ask("Apply these changes? [y/N] ").strip().casefold() not in ("y", "yes"):
            out.write("Cancelled: nothing changed.\n")
            return 0
    with session_factory.begin() as session:
        apply_update(session, plan)
    out.write(
        f"Catalog updated to {plan.version_to}. Your rule corrections and the certifications "
        "you added are unchanged.\n"
    )
    return 0
