"""The lifecycle of a held certification: active → in grace → suspended or expired.

This is the ONE function that says where a held credential stands on a day
(:func:`lifecycle_of`, or :func:`lifecycles` for a person's facts). The renewal forecast, the
budget's maintenance fees, the Certifications screen, the Dashboard, the PDF, the CLI and the
calendar export all read it.

Rules:

* A credential is held from the day it was earned until its expiry. The expiry is the one the
  person recorded; without one it is *estimated* as the end of the first maintenance cycle after
  the certification date. Renewing is an action the person records (a new expiry date): the app
  never assumes that a cycle was renewed.
* After the expiry the issuer's lapse rule applies (``lapse`` of the maintenance rule, from the
  reference): a grace period (ISC2 90 days, CompTIA 30 days, EC-Council 60 days, ASIS 3
  months) in which missing credits or fees may still be submitted, then *suspended*
  (reinstatable: ISC2 for 2 years, EC-Council) or *expired* (re-certify). An issuer whose grace
  period is not in the sources: expired the day after the expiry.
* A credential the person marked "expired" is never active, whatever its dates.
* Fees (:meth:`Lifecycle.fees_until`): due up to the expiry, plus the year after it while the
  credential is active or in grace; none after the expiry of a lapsed one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cso_planner.dates import format_date
from cso_planner.eligibility.cycles import Cycle, cycle_from_expiry, cycle_on
from cso_planner.eligibility.dates import add_months, add_years
from cso_planner.eligibility.inputs import Facts, HeldCert
from cso_planner.eligibility.params import UNKNOWN_LAPSE, Lapse, MaintenanceParams
from cso_planner.eligibility.params import parse_maintenance as _parse
from cso_planner.eligibility.rules import RuleParamsError, RuleVersion, rule_in_force

ACTIVE = "active"
IN_GRACE = "in grace"
SUSPENDED = "suspended"
EXPIRED = "expired"
NO_DATE = "no date"
STATE_WORDS = {
    ACTIVE: "Active",
    IN_GRACE: "In grace",
    SUSPENDED: "Suspended",
    EXPIRED: "Expired",
    NO_DATE: "Held (no date)",
}
HELD_STATUSES = ("earned", "expired")


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """Where one held credential stands on ``on``.

    Attributes:
        held_since: the certification date (``None`` when the person did not enter it).
        expires_on: the recorded expiry, else the estimated one (end of the first cycle).
        expiry_estimated: the expiry was not entered by the person (estimated by the app).
        grace_ends: last day of the issuer's grace period (``None``: no grace known).
        suspended_until: last day a suspended credential may be reinstated, when known.
        cycle: the current cycle when active, else the cycle that ended at the expiry.
    """

    code: str
    state: str
    on: dt.date
    held_since: dt.date | None
    expires_on: dt.date | None
    expiry_estimated: bool
    grace_ends: dt.date | None
    suspended_until: dt.date | None
    cycle: Cycle | None
    lapse: Lapse = UNKNOWN_LAPSE
    held_since_estimated: bool = False

    @property
    def lapsed(self) -> bool:
        """Past the expiry and the grace period: no new cycle, no fee, not in good standing."""
        return self.state in (SUSPENDED, EXPIRED)

    @property
    def current(self) -> bool:
        """Active or in its grace period (the cycle's credits and fees still count)."""
        return self.state in (ACTIVE, IN_GRACE, NO_DATE)

    @property
    def state_word(self) -> str:
        return STATE_WORDS[self.state]

    def fees_until(self) -> dt.date | None:
        """The last day a maintenance fee is due (``None``: no limit known).

        Fees are due while the credential is held, up to its expiry; while it is active or in
        its grace period, also those of the year after the expiry (what renewing costs: ISC2's
        AMF on the anniversary after the cycle, ISACA's on 1 January). A lapsed credential owes
        nothing after its expiry.
        """
        if self.expires_on is None:
            return None
        if self.lapsed:
            return self.expires_on
        return add_years(self.expires_on, 1)

    def expiry_text(self) -> str:
        """The expiry date, labelled when the app estimated it."""
        if self.expires_on is None:
            return "not known"
        return format_date(self.expires_on) + (" (estimated)" if self.expiry_estimated else "")

    def since_text(self) -> str:
        """ "Held since …" (the certification date, labelled when estimated)."""
        if self.held_since is None:
            return "Held (add the date you earned it)"
        estimated = " (estimated)" if self.held_since_estimated else ""
        return f"Held since {format_date(self.held_since)}{estimated}"

    def headline(self) -> str:
        """One sentence for every view: "Held since …; expires …" or what to do now."""
        if self.state in (ACTIVE, NO_DATE):
            if self.expires_on is None:
                return self.since_text()
            return f"{self.since_text()}; expires {self.expiry_text()}"
        ended = f"Expired {self.expiry_text()}"
        if self.state == IN_GRACE:
            assert self.grace_ends is not None
            note = f" ({self.lapse.grace_note})" if self.lapse.grace_note else ""
            return (
                f"{ended} — in the grace period until {format_date(self.grace_ends)}: "
                f"submit what is missing and record the renewal{note}"
            )
        if self.state == SUSPENDED:
            until = f" until {format_date(self.suspended_until)}" if self.suspended_until else ""
            how = f": {self.lapse.reinstate}" if self.lapse.reinstate else ""
            return f"{ended} — reinstate or re-certify (suspended{until}){how}"
        if not self.lapse.known:
            return f"{ended} — reinstate or re-certify (the issuer's grace period is not known)"
        how = f": {self.lapse.reinstate}" if self.lapse.reinstate else ""
        return f"{ended} — re-certify{how}"


def _grace_end(expires: dt.date, lapse: Lapse) -> dt.date | None:
    if not lapse.grace_days and not lapse.grace_months:
        return None
    return add_months(expires, lapse.grace_months) + dt.timedelta(days=lapse.grace_days)


def lifecycle_of(cert: HeldCert, params: MaintenanceParams | None, on: dt.date) -> Lifecycle | None:
    """The lifecycle of a held credential on ``on``; ``None`` for one not held (planned,
    studying, exam scheduled)."""
    if cert.status not in HELD_STATUSES:
        return None
    earned = cert.earned_on
    lapse = params.lapse if params is not None else UNKNOWN_LAPSE
    estimated = cert.expires_estimated
    expires = cert.expires_on
    cycle = None
    if earned is not None and params is not None:
        if expires is None:
            cycle = cycle_on(params, earned, earned)
            cycle = Cycle(cycle.start, cycle.end, f"{cycle.basis} (estimated: no renewal recorded)")
            expires, estimated = cycle.end, True
        else:
            cycle = cycle_from_expiry(params, earned, expires)
            if estimated:
                cycle = Cycle(cycle.start, cycle.end, "the estimated expiry")
    grace = _grace_end(expires, lapse) if expires is not None else None
    suspended_until = None
    if earned is None and expires is None:
        state = EXPIRED if cert.status == "expired" else NO_DATE
    elif expires is None or on <= expires:
        state = EXPIRED if cert.status == "expired" else ACTIVE
    elif grace is not None and on <= grace and cert.status != "expired":
        state = IN_GRACE
    elif lapse.after_grace == SUSPENDED:
        start = grace or expires
        if lapse.suspended_years is not None:
            suspended_until = add_years(start, round(lapse.suspended_years))
        state = SUSPENDED if suspended_until is None or on <= suspended_until else EXPIRED
    else:
        state = EXPIRED
    return Lifecycle(
        code=cert.code,
        state=state,
        on=on,
        held_since=earned,
        expires_on=expires,
        expiry_estimated=estimated,
        grace_ends=grace,
        suspended_until=suspended_until,
        cycle=cycle,
        lapse=lapse,
        held_since_estimated=cert.earned_estimated,
    )


def maintenance_params(
    rules: Sequence[RuleVersion], code: str, on: dt.date
) -> MaintenanceParams | None:
    """The maintenance parameters in force for ``code`` (``None``: no rule or a broken one)."""
    rule = rule_in_force(rules, code, "maintenance", on)
    if rule is None:
        return None
    try:
        return _parse(rule)
    except RuleParamsError:
        return None


def lifecycles(facts: Facts, rules: Sequence[RuleVersion], on: dt.date) -> dict[str, Lifecycle]:
    """The lifecycle of every held credential of the person, by code."""
    result = {}
    for cert in facts.certifications:
        found = lifecycle_of(cert, maintenance_params(rules, cert.code, on), on)
        if found is not None:
            result[cert.code] = found
    return result
