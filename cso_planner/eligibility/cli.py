"""Command-line output of the eligibility and renewal answers (``cso-planner eligibility``).

The lead's argparse entry point calls :func:`run_eligibility` / :func:`run_renewals` with the
session factory built by the composition root; these functions only read.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import sqlite3
import textwrap
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, TextIO

from cso_planner.dates import format_date
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.lifecycle import Lifecycle
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.money import Money, format_money
from cso_planner.services.facts import eligibility_and_lifecycles, renewal_answers

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SessionFactory = Callable[[], AbstractContextManager["Session"]]
# A session factory, or ``Database.reader`` (a bare sqlite3 connection: no SQLAlchemy import).
ReaderFactory = Callable[[], AbstractContextManager["Session | sqlite3.Connection"]]


def run_eligibility(session_factory: ReaderFactory, on: dt.date, as_json: bool, out: TextIO) -> int:
    """Print eligibility as of ``on``: an aligned table, or a JSON array. Returns 0."""
    with session_factory() as session:
        answers, held = eligibility_and_lifecycles(session, on)
    if as_json:
        rows = []
        for a in answers:
            row = a.to_json()
            life = held.get(a.code)
            # A held certification: its lifecycle, not an eligibility (extra keys).
            row["held"] = life is not None
            row["held_since"] = life.held_since.isoformat() if life and life.held_since else None
            row["held_state"] = life.state if life else None
            rows.append(row)
        write_json(rows, out)
    else:
        out.write(eligibility_table(answers, on, held))
    return 0


def run_renewals(session_factory: ReaderFactory, on: dt.date, as_json: bool, out: TextIO) -> int:
    """Print the renewal forecast as of ``on``: an aligned table, or a JSON array. Returns 0."""
    with session_factory() as session:
        answers = renewal_answers(session, on)
        claims = None
        if not as_json:  # the claims are read through the ORM: the text form gets a session
            from cso_planner.services.claims import claim_summary

            assert not isinstance(session, sqlite3.Connection)
            claims = claim_summary(session, on, answers)
    if as_json:
        write_json([a.to_json() for a in answers], out)
    else:
        out.write(renewals_table(answers, on))
        if claims is not None and claims.by_code:
            out.write("\nEarned vs submitted to the issuer (this cycle):\n")
            for total in claims.by_code.values():
                out.write(
                    f"  {total.code}: {total.earned:g} earned, {total.submitted:g} submitted"
                    f" ({total.accepted:g} accepted)\n"
                )
            for line in claims.reminders():
                out.write(f"  {line}\n")
    return 0


def finite(value: object) -> object:
    """``value`` with every non-finite float (``inf``, ``nan``) as None: JSON has no such
    numbers. The inputs are bounded (cso_planner.limits), so this only guards old data."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def write_json(value: object, out: TextIO) -> None:
    """``value`` as strict JSON (never ``Infinity`` or ``NaN``), indented, then a newline."""
    json.dump(finite(value), out, indent=2, ensure_ascii=False, allow_nan=False)
    out.write("\n")


def _day(day: dt.date | None) -> str:
    return format_date(day) if day else "-"


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int], width: int | None = None
) -> str:
    """A plain-text table whose last column (the sentences) wraps to the terminal's width."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    fixed = sum(widths[:-1]) + 2 * (len(widths) - 1)
    widths[-1] = min(widths[-1], max(30, width - fixed - 1))

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    for row in rows:
        wrapped = textwrap.wrap(row[-1], widths[-1]) or [""]
        out.append(line([*row[:-1], wrapped[0]]))
        out.extend(line([""] * (len(row) - 1) + [more]) for more in wrapped[1:])
    return "\n".join(out) + "\n"


def eligibility_table(
    answers: Sequence[EligibilityAnswer],
    on: dt.date,
    held: Mapping[str, Lifecycle] | None = None,
) -> str:
    """Held certifications read "Held since …" (their lifecycle); the others their eligibility."""
    if not answers:
        return f"No certification with an experience rule in force on {format_date(on)}.\n"
    held = held or {}
    headers = ["Code", "Eligible", "Eligible on", "Years", "Required", "Waived", "Missing"]
    rows = [
        [
            a.code,
            "held",
            "-",
            f"{a.qualifying_years:.2f}",
            f"{a.required_years:g}",
            f"{a.waiver_years:g}",
            life.since_text() if life.state in ("active", "no date") else life.headline(),
        ]
        if (life := held.get(a.code)) is not None
        else [
            a.code,
            "yes" if a.eligible else "no",
            _day(a.eligible_on) if a.eligible_on or a.eligible else "never (as logged)",
            f"{a.qualifying_years:.2f}",
            f"{a.required_years:g}",
            f"{a.waiver_years:g}",
            "; ".join(a.missing) or "-",
        ]
        for a in answers
    ]
    sources = "".join(
        f"  {a.code}: {a.source} (as of {format_date(a.as_of)}"
        f"{', your correction' if a.user_edited else ''})\n"
        + (f"    Unverified: {a.unverified}\n" if a.unverified else "")
        for a in answers
    )
    routes = "".join(f"  {a.code}: {r.sentence()}\n" for a in answers for r in a.routes)
    return (
        f"Eligibility as of {format_date(on)}\n\n"
        + _table(headers, rows, right={3, 4, 5})
        + (f"\nOther routes:\n{routes}" if routes else "")
        + "\nRules used:\n"
        + sources
    )


def renewals_table(answers: Sequence[RenewalAnswer], on: dt.date) -> str:
    if not answers:
        return f"No earned certification to renew as of {format_date(on)}.\n"
    headers = ["Code", "Cycle", "CPE", "Required", "Per month", "Status", "Next fee", "Notes"]
    rows = []
    for a in answers:
        cycle = f"{_day(a.cycle_start)} – {_day(a.cycle_end)}" if a.cycle_end else "-"
        fee = (
            f"{_day(a.next_fee_date)} {format_money(Money(a.next_fee_usd, a.next_fee_currency))}"
            if a.next_fee_date and a.next_fee_usd is not None
            else "-"
        )
        if a.status in ("in grace", "suspended", "expired"):
            status = a.status
        else:
            status = "short" if a.shortfall else ("on track" if a.status == "earned" else a.status)
        if a.fee_covered_by:
            fee = f"with {a.fee_covered_by}"
        rows.append(
            [
                a.code,
                cycle,
                f"{a.cpe_earned:g}",
                f"{a.cpe_required:g}",
                f"{a.credits_per_month:.1f}",
                status,
                fee,
                "; ".join(a.warnings) or "-",
            ]
        )
    sources = "".join(
        f"  {a.code}: {a.source} (as of {format_date(a.as_of)})\n"
        + (f"    Unverified: {a.unverified}\n" if a.unverified else "")
        for a in answers
    )
    return (
        f"Renewals as of {format_date(on)}\n\n"
        + _table(headers, rows, right={2, 3, 4})
        + "\nRules used:\n"
        + sources
    )
