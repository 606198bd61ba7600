"""One fee per member: issuers such as ISC2 charge one annual maintenance fee per member,
whatever the number of their credentials (``fee.one_per_member_of``; rule_verification.md Q5:
"single fee regardless of number of certs").

The ONE rule, read by the budget (one line a year) and by the renewal forecast (one "next fee",
shown with one credential, hence by the Certifications screen, the PDF and the calendar): the
member pays the highest of the credentials' fees, on the earliest of their due days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Due:
    """One credential's fee on one day."""

    day: dt.date
    amount: float
    code: str


@dataclass(frozen=True, slots=True)
class MemberFee:
    day: dt.date
    amount: float
    code: str  # the credential the fee is shown with (the earliest due, then the highest fee)
    codes: tuple[str, ...]  # every credential the fee covers, by code


def member_fee(dues: Sequence[Due]) -> MemberFee:
    """The one fee a member pays for these dues (of one period: a year, or the next one)."""
    if not dues:
        raise ValueError("member_fee needs at least one due")
    day = min(d.day for d in dues)
    amount = max(d.amount for d in dues)
    carrier = min(dues, key=lambda d: (d.day, -d.amount, d.code))
    return MemberFee(day, amount, carrier.code, tuple(sorted({d.code for d in dues})))
