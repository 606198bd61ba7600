"""Renewal deadlines (CPE cycle ends, maintenance fees, endorsement) as calendar deadlines.

The renewal engine answers per certification; the dashboard, the calendar export and the PDF
want one list of dated deadlines. Keys do not contain the date, so when a cycle rolls over the
calendar event is updated rather than duplicated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from cso_planner.deadlines import Deadline, collect_deadlines
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.money import Money, format_money
from cso_planner.services.facts import renewal_answers


def _fee_text(answer: RenewalAnswer) -> str:
    if answer.next_fee_usd is None:
        return "maintenance fee"
    period = "annual" if answer.fee_period == "year" else "per-cycle"
    amount = Money(answer.next_fee_usd, answer.next_fee_currency)
    covers = f" (one fee for {', '.join(answer.fee_covers)})" if len(answer.fee_covers) > 1 else ""
    return f"{period} maintenance fee, {format_money(amount)}{covers}"


def deadlines_from_renewals(answers: Iterable[RenewalAnswer]) -> list[Deadline]:
    """Cycle ends, next fees and endorsement deadlines of the given renewal answers."""
    result: list[Deadline] = []
    for answer in answers:
        code = answer.code
        if answer.grace_ends is not None and answer.state == "in grace":
            result.append(
                Deadline(
                    answer.grace_ends,
                    f"{code} grace period ends",
                    "expiry",
                    f"cert-{code}-grace",
                    answer.headline,
                    code,
                )
            )
        if answer.cycle_end is not None:
            result.append(
                Deadline(
                    answer.cycle_end,
                    f"{code} CPE cycle ends",
                    "cycle_end",
                    f"cert-{code}-cycle-end",
                    f"{answer.cpe_earned:g} of {answer.cpe_required:g} CPE earned"
                    # The cycle ends at the expiry; one the app estimated says so.
                    + (
                        "; the expiry is estimated (no expiry or renewal recorded)"
                        if answer.expiry_estimated
                        else ""
                    ),
                    code,
                )
            )
        if answer.next_fee_date is not None:
            result.append(
                Deadline(
                    answer.next_fee_date,
                    f"{code} fee due",
                    "fee",
                    f"cert-{code}-fee",
                    _fee_text(answer),
                    code,
                )
            )
        if answer.endorsement_deadline is not None:
            result.append(
                Deadline(
                    answer.endorsement_deadline,
                    f"Endorse {code}",
                    "endorsement",
                    f"cert-{code}-endorsement",
                    "the endorsement must be submitted by this date",
                    code,
                )
            )
    return result


def renewal_deadlines(session: Session, on: dt.date) -> list[Deadline]:
    """The renewal deadlines of every held certification, as the engine sees them on ``on``."""
    return deadlines_from_renewals(renewal_answers(session, on))


def all_deadlines(
    session: Session,
    on: dt.date,
    *,
    days: int | None = None,
    renewals: Iterable[RenewalAnswer] | None = None,
    items: Iterable[Deadline] | None = None,
) -> list[Deadline]:
    """Every deadline from ``on`` on (within ``days`` when given), renewals included, one per
    certification and day: what the Dashboard's card and the due-soon banner and status line
    show.

    Args:
        renewals: the renewal answers on ``on`` when the caller has them already (the
            Dashboard), so the engine is not run twice.
        items: the plan items' deadlines when the caller kept them (see
            ``deadlines.collect_deadlines``).
    """
    answers = renewal_answers(session, on) if renewals is None else renewals
    chosen = collect_deadlines(session, deadlines_from_renewals(answers), since=on, items=items)
    if days is None:
        return chosen
    last = on + dt.timedelta(days=days)
    return [d for d in chosen if d.date <= last]


def calendar_deadlines(session: Session, on: dt.date) -> list[Deadline]:
    """What the calendar export holds: every dated deadline, past ones included (so a
    re-import keeps its history), plus the renewal deadlines as the engine sees them on ``on``.
    """
    return collect_deadlines(session, renewal_deadlines(session, on))
