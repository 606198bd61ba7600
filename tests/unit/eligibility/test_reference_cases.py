"""Cases written from the issuers' published wording, answered by the real engine.

Each case quotes the sentence its expectation is read from and names where it is published
(``/work/shared/reference/rule_verification.md`` and the issuer pages it cites, stored copies).
The expected dates are calendar arithmetic on that wording, worked out in the comments - never
the app's own output. A year of experience is 365.25 days of full-time work, met on the first
day the accrued whole days reach it: 1 year = 366 days, 3 = 1,096, 4 = 1,461, 5 = 1,827,
6 = 2,192, 7 = 2,557 (so 5 years from 2015-01-01 are met on 2015-01-01 + 1,826 days).

Every case goes through the real path: its person is written as a CSO Planner exchange file,
imported by the real importer into a database built by the real migrations, and answered by
``services.facts``; the cases marked ``cli`` are also imported and answered by the command line
(``cso-planner import`` then ``eligibility --json`` / ``renewals --json``) in a subprocess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
from sqlalchemy import select

from cso_planner.catalog import load_bundled_catalog
from cso_planner.db.models import Certification, ExperienceDomain
from cso_planner.db.opening import Database, open_database
from cso_planner.exchange.importer import import_document
from cso_planner.services.facts import eligibility_answers, renewal_answers

D = dt.date
ROOT = pathlib.Path(__file__).resolve().parents[3]

# Where the wording is published (stored copies; rule_verification.md gives the context).
ISC2_NCR = "https://web.isc2ncrchapter.org/?p=4601"
ISC2_LINKEDIN = (
    "LinkedIn Learning, ISC2 CISSP (2024) Cert Prep - Meeting the experience requirement"
)
ISC2_CISSP_WAIVER = "https://www.isc2.org/cissp-professional-experience.aspx (rule_verification Q1)"
ISC2_FAQ = "https://www.isc2.org/Frequently-Asked-Questions/"
ISC2_HANDBOOK = (
    "ISC2 CPE Handbook p.11, quoted on community.isc2.org/t5/CPE-Opportunities/.../42492"
)
ISC2_ENDORSE = "https://www.isc2.org/new-time-limit-endorsement.aspx"
ISC2_ENDORSE_ALL = "https://www.isc2.org/endorsement.aspx"
CC_BRIEF = "rule_verification.md, additional findings: CC (ISC2 pages via the CC brief)"
CCSP_REF = "cert_catalog.json CCSP prerequisites (ISC2 CCSP page, FAQ)"
ISACA_CISM = "https://academy.westconcomstor.com/course/WGAC-GEN-PSS-CISM (rule_verification Q4)"
ISACA_2010 = "http://studyaccacat.blogspot.com/2010/05/practical-experience.html (ISACA text)"
CRISC_REF = "cert_catalog.json CRISC prerequisites (certprepnow 2026)"
CGEIT_REF = "cert_catalog.json CGEIT prerequisites (older ISACA pages)"
ASIS_Q2 = "rule_verification.md Q2 (ASIS 2021 summary; 2026 blog; testpreptraining; skilr)"
CCISO_Q3 = "rule_verification.md Q3 (EC-Council self-assessment form; glaciercyberalliance)"

# --- building a person as an exchange document -----------------------------------------------

SRM, ASSET, OPS = "Security and Risk Management", "Asset Security", "Security Operations"
CISM_3 = ["Information Security Governance", "Information Security Risk Management"]
CISM_3 = [*CISM_3, "Information Security Program"]
CCISO_V4 = [
    "Governance, Risk, Compliance, and Audit Management",
    "Organizational Executive Leadership",
    "Information Security Controls, Program Management and Operations",
    "Information Security Core Competencies",
    "Strategic Planning, Finance, Procurement, and Third-Party Management",
]


def job(
    start: dt.date,
    end: dt.date | None,
    tags: Mapping[str, Sequence[str]],
    *,
    hours: float = 40,
    paid: bool = True,
    management: bool = False,
) -> dict[str, Any]:
    return {
        "employer": "Employer",
        "title": "Role",
        "start": start.isoformat(),
        "end": None if end is None else end.isoformat(),
        "hours_per_week": hours,
        "paid": paid,
        "management": management,
        "domains": {code: list(names) for code, names in tags.items()},
    }


def held(
    code: str,
    status: str = "earned",
    earned: dt.date | None = None,
    exam: dt.date | None = None,
    expires: dt.date | None = None,
) -> dict[str, Any]:
    found = {
        "code": code,
        "status": status,
        "earned_on": None if earned is None else earned.isoformat(),
        "exam_date": None if exam is None else exam.isoformat(),
    }
    if expires is not None:
        # The person recorded a renewal: the new expiry (renewing is never assumed).
        found["expires_on"] = expires.isoformat()
    return found


def degree(level: str, field: str, it_related: bool, completed: dt.date | None) -> dict[str, Any]:
    return {
        "level": level,
        "field": field,
        "it_related": it_related,
        "completed_on": None if completed is None else completed.isoformat(),
    }


def cpe(day: dt.date, credits: float, category: str | None, *codes: str) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "activity": "Activity",
        "credits": credits,
        "category": category,
        "applies_to": list(codes),
    }


def course(title: str, provider: str, completed: dt.date) -> dict[str, Any]:
    return {
        "title": title,
        "provider": provider,
        "progress": 100,
        "completed_on": completed.isoformat(),
    }


def person(
    jobs: Sequence[dict[str, Any]] = (),
    degrees: Sequence[dict[str, Any]] = (),
    certs: Sequence[dict[str, Any]] = (),
    credits: Sequence[dict[str, Any]] = (),
    overrides: Sequence[dict[str, Any]] = (),
    courses: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "cso-planner",
        "version": 1,
        "education": list(degrees),
        "experience": list(jobs),
        "certifications": list(certs),
        "cpe": list(credits),
        "courses": list(courses),
    }
    if overrides:
        document["rule_overrides"] = list(overrides)
    return document


def cciso_with_waiver(years: float) -> dict[str, Any]:
    """A local correction of the CCISO rule adding a CISM waiver of ``years`` to every domain
    (EC-Council's list of which credential waives what is not published in the sources)."""
    rule = next(r for r in load_bundled_catalog().rules if r.key == "CCISO/experience/current")
    params = dict(rule.params)
    params["waivers"] = [
        {
            "id": "cism",
            "label": "CISM",
            "years": years,
            "group": "cert",
            "when": {"credentials": ["CISM"]},
        }
    ]
    params["max_waiver_years"] = years
    return {"key": rule.key, "params": params}


# --- the cases ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    """One expectation read from one published sentence.

    ``expect`` maps keys of the answer's JSON (as ``--json`` prints it) to the value read from
    the wording; ``missing~`` / ``caveats~`` / ``warnings~`` list sentences (parts) that must
    be among the answer's; ``route:<id>.<key>`` reads an alternative route. ``absent``: the
    command gives no answer for the code at all.
    """

    id: str
    quote: str
    source: str
    document: dict[str, Any]
    on: dt.date
    code: str
    expect: Mapping[str, Any]
    command: str = "eligibility"
    cli: bool = False
    absent: bool = False
    needs: tuple[str, ...] = ()  # catalog codes the case cannot be written without


CASES: list[Case] = [
    # ---- ISACA: the 10-year window ------------------------------------------------------------
    Case(
        "CISM window: a 2001-2011 career no longer qualifies in 2026",
        "Experience must be gained within a 10-year period preceding the application date or "
        "within five years from the date of passing the exam.",
        ISACA_CISM,
        person([job(D(2001, 1, 1), D(2011, 12, 31), {"CISM": CISM_3}, management=True)]),
        D(2026, 12, 2),
        "CISM",
        {
            "eligible": False,
            # Nothing is logged after 2011, so the window can never hold 5 years again.
            "eligible_on": None,
            "qualifying_years": 0,
            "missing~": ["needs 5 more years of experience", "needs 3 years in a management role"],
            "caveats~": ["Only experience from the 10 years before you apply counts for CISM"],
        },
        cli=True,
    ),
    Case(
        "CISM window: the same career applying in 2012 is eligible since 2006",
        "Experience must be gained within a 10-year period preceding the application date.",
        ISACA_CISM,
        person([job(D(2001, 1, 1), D(2011, 12, 31), {"CISM": CISM_3}, management=True)]),
        D(2012, 6, 1),
        "CISM",
        # 2002-06..2012-06 holds the 10 years worked; 5 years were reached on
        # 2001-01-01 + 1,826 = 2006-01-01 and held without a break since.
        {"eligible": True, "eligible_on": "2006-01-01", "missing": []},
    ),
    Case(
        "CISM window: old experience plus a new job counts only the new job",
        "Experience must be gained within a 10-year period preceding the application date.",
        ISACA_CISM,
        person(
            [
                job(D(2001, 1, 1), D(2011, 12, 31), {"CISM": CISM_3}, management=True),
                job(D(2024, 1, 1), None, {"CISM": CISM_3}, management=True),
            ]
        ),
        D(2026, 12, 2),
        "CISM",
        # Only the job from 2024-01-01 is in the window: 5 years = 1,827 days
        # -> 2024-01-01 + 1,826 = 2028-12-31.
        {"eligible": False, "eligible_on": "2028-12-31"},
    ),
    Case(
        "CISA window: 2010-2015 audit work qualifies in 2019, not in 2026",
        "Experience must have been gained within the ten-year period preceding the date of the "
        "application for certification.",
        ISACA_2010,
        person(
            [job(D(2010, 1, 1), D(2015, 12, 31), {"CISA": ["Protection of Information Assets"]})]
        ),
        D(2019, 6, 1),
        "CISA",
        # 5 years from 2010-01-01: 2010-01-01 + 1,826 = 2015-01-01.
        {"eligible": True, "eligible_on": "2015-01-01"},
    ),
    Case(
        "CISA window: the same work in 2026",
        "Experience must have been gained within the ten-year period preceding the date of the "
        "application for certification.",
        ISACA_2010,
        person(
            [job(D(2010, 1, 1), D(2015, 12, 31), {"CISA": ["Protection of Information Assets"]})]
        ),
        D(2026, 1, 1),
        "CISA",
        # The window of 2026-01-01 starts in 2016: none of it counts.
        {"eligible": False, "eligible_on": None, "qualifying_years": 0},
    ),
    Case(
        "CRISC window: risk work of 2005-2009 does not count in 2026",
        "3 years cumulative IT risk management / IS control experience across >=2 of the 4 "
        "domains ...; within the 10 years preceding application.",
        CRISC_REF,
        person(
            [
                job(
                    D(2005, 1, 1),
                    D(2009, 12, 31),
                    {"CRISC": ["Governance", "Risk Response and Reporting"]},
                )
            ]
        ),
        D(2026, 1, 1),
        "CRISC",
        {
            "eligible": False,
            "eligible_on": None,
            "missing~": [
                "needs 3 more years of experience",
                "needs experience in 2 more CRISC domains",
                "needs experience in Governance or IT Risk Assessment",
            ],
        },
    ),
    Case(
        "CGEIT window: governance work since 2018 counts in full",
        "5 years ... including >=1 year ... (Domain 1) plus broad experience in 2+ of the "
        "remaining domains ... Within 10 years preceding application.",
        CGEIT_REF,
        person(
            [
                job(
                    D(2018, 1, 1),
                    None,
                    {
                        "CGEIT": [
                            "Governance of Enterprise IT",
                            "IT Resources",
                            "Benefits Realization",
                        ]
                    },
                )
            ]
        ),
        D(2026, 12, 2),
        "CGEIT",
        # 5 years from 2018-01-01: 2018-01-01 + 1,826 = 2023-01-01; all of it within 10 years.
        {"eligible": True, "eligible_on": "2023-01-01"},
    ),
    Case(
        "CISM exam older than 5 years: the passing score is void",
        "Candidates have five years from the date of their exam in which to apply. After five "
        "years, their exam score is void.",
        ISACA_2010,
        person(
            [job(D(2018, 1, 1), None, {"CISM": CISM_3}, management=True)],
            certs=[held("CISM", "scheduled", exam=D(2019, 3, 1))],
        ),
        D(2026, 12, 2),
        "CISM",
        {"caveats~": ["exam of 1 Mar 2019 is more than 5 years old"]},
    ),
    # ---- ISC2: full time, part time --------------------------------------------------------
    Case(
        "ISC2 35 h a week is full time",
        "For full-time experience, a minimum of 35 hours per week for four weeks is needed to "
        "accrue one month of work experience.",
        ISC2_NCR,
        person([job(D(2020, 1, 1), None, {"CISSP": [SRM, ASSET]}, hours=35)]),
        D(2026, 1, 1),
        "CISSP",
        # Full time: 5 years = 2020-01-01 + 1,826 = 2024-12-31 (as at 40 h).
        {"eligible": True, "eligible_on": "2024-12-31"},
        cli=True,
    ),
    Case(
        "ISC2 part time: 20 h a week for 52 weeks (1,040 h) is six months",
        "Each time that you accumulate 1040 hours of part-time experience, that counts as six "
        "months of full-time experience.",
        ISC2_LINKEDIN,
        person([job(D(2024, 1, 1), D(2024, 12, 29), {"SSCP": ["Access Controls"]}, hours=20)]),
        D(2025, 6, 1),
        "SSCP",
        # 2024-01-01..2024-12-29 = 364 days = 52 weeks at 20 h = 1,040 h = half a year
        # (the engine counts days: 364 / 2 / 365.25 = 0.498).
        {"eligible": False, "qualifying_years": 0.5, "missing~": ["needs 0.6 more years"]},
    ),
    Case(
        "ISC2 part time: 20 h a week from 2024 gives SSCP's one year after two",
        "For part-time experience, it can be no less than 20 hours a week and no more than 34 "
        "hours a week.",
        ISC2_NCR,
        person([job(D(2024, 1, 1), None, {"SSCP": ["Access Controls"]}, hours=20)]),
        D(2026, 1, 1),
        "SSCP",
        # Half a day per day: 1 year = 731 days -> 2024-01-01 + 730 = 2025-12-31.
        {"eligible": True, "eligible_on": "2025-12-31"},
    ),
    Case(
        "ISC2 34 h a week is still part time",
        "For part-time experience, it can be no less than 20 hours a week and no more than 34 "
        "hours a week; 2,080 hours = 1 year.",
        ISC2_NCR,
        person([job(D(2020, 1, 1), None, {"CISSP": [SRM, ASSET]}, hours=34)]),
        D(2026, 1, 1),
        "CISSP",
        # 34 of 40 hours: 1,826.25 / 0.85 = 2,148.5 -> 2,149 days -> 2020-01-01 + 2,148
        # = 2025-11-18.
        {"eligible": True, "eligible_on": "2025-11-18"},
    ),
    Case(
        "ISC2 under 20 h a week does not count",
        "For part-time experience, it can be no less than 20 hours a week.",
        ISC2_NCR,
        person([job(D(2015, 1, 1), None, {"CISSP": [SRM, ASSET]}, hours=19)]),
        D(2026, 1, 1),
        "CISSP",
        {"eligible": False, "eligible_on": None, "qualifying_years": 0},
    ),
    Case(
        "ISC2 waivers: only one year in total",
        "Only one year of experience can be waived.",
        ISC2_CISSP_WAIVER,
        person(
            [job(D(2020, 1, 1), None, {"CISSP": [SRM, OPS]})],
            degrees=[degree("bachelor", "Computer Science", True, D(2019, 6, 1))],
            certs=[held("CISM", earned=D(2019, 1, 1))],
        ),
        D(2024, 1, 1),
        "CISSP",
        # 4 years = 1,461 days -> 2020-01-01 + 1,460 = 2023-12-31.
        {"eligible": True, "eligible_on": "2023-12-31", "waiver_years": 1},
    ),
    Case(
        "SSCP: a degree with no date waives the whole year - no 0001-01-01",
        "1 yr cumulative full-time experience in >=1 domain; the degree waiver can satisfy the "
        "whole requirement.",
        "cert_catalog.json SSCP prerequisites (ISC2 SSCP page)",
        person(degrees=[degree("bachelor", "Information Technology", True, None)]),
        D(2026, 12, 2),
        "SSCP",
        # Eligible, but nothing dated to be eligible "since".
        {"eligible": True, "eligible_on": None, "waiver_years": 1, "missing": []},
        cli=True,
    ),
    # ---- CCSP ------------------------------------------------------------------------------
    Case(
        "CCSP: IT, security and cloud years each count",
        "5 years cumulative paid full-time IT experience, of which 3 years in information "
        "security and 1 year in one or more of the 6 CCSP domains.",
        CCSP_REF,
        person(
            [
                job(D(2015, 1, 1), D(2016, 12, 31), {"Network+": ["Networking Concepts"]}),
                job(D(2017, 1, 1), None, {"CISSP": [SRM]}),
                job(D(2020, 6, 1), None, {"CCSP": ["Cloud Data Security"]}),
            ]
        ),
        D(2026, 1, 1),
        "CCSP",
        # IT from 2015-01-01: 5 years on 2020-01-01; security from 2017-01-01: 3 years on
        # 2017-01-01 + 1,095 = 2020-01-01; the CCSP year: 2020-06-01 + 365 = 2021-06-01.
        {"eligible": True, "eligible_on": "2021-06-01"},
    ),
    Case(
        "CCSP: IT work alone is not security work",
        "5 years cumulative paid full-time IT experience, of which 3 years in information "
        "security and 1 year in one or more of the 6 CCSP domains.",
        CCSP_REF,
        person([job(D(2010, 1, 1), None, {"Network+": ["Networking Concepts"]})]),
        D(2026, 1, 1),
        "CCSP",
        {
            "eligible": False,
            "eligible_on": None,
            "missing~": [
                "needs 3 more years in information security",
                "needs 1 more year in a CCSP domain",
            ],
        },
    ),
    Case(
        "CCSP: CISSP substitutes everything",
        "Holding ISC2 CISSP substitutes for the entire CCSP experience requirement.",
        CCSP_REF,
        person(certs=[held("CISSP", earned=D(2023, 5, 1))]),
        D(2024, 1, 1),
        "CCSP",
        {"eligible": True, "eligible_on": "2023-05-01", "waiver_years": 5},
    ),
    Case(
        "CCSP: paid work only",
        "5 years cumulative paid full-time IT experience.",
        CCSP_REF,
        person([job(D(2015, 1, 1), None, {"CCSP": ["Cloud Data Security"]}, paid=False)]),
        D(2026, 1, 1),
        "CCSP",
        {"eligible": False, "qualifying_years": 0},
    ),
    Case(
        "CCSP: CCSK substitutes the year in the CCSP domains",
        "CSA CCSK certificate substitutes for the 1 year of experience in the CCSP domains.",
        CCSP_REF,
        person(
            [
                job(D(2015, 1, 1), D(2016, 12, 31), {"Network+": ["Networking Concepts"]}),
                job(D(2017, 1, 1), None, {"CISSP": [SRM]}),
            ],
            certs=[held("CCSK", earned=D(2019, 5, 1))],
        ),
        D(2026, 1, 1),
        "CCSP",
        # 4 years of IT from 2015-01-01: 2018-12-31; 3 of security from 2017-01-01: 2020-01-01;
        # no CCSP-domain job, its year substituted from 2019-05-01 -> 2020-01-01.
        {"eligible": True, "eligible_on": "2020-01-01", "waiver_years": 1},
        needs=("CCSK",),
    ),
    # ---- ISC2 maintenance: rollover, endorsement -------------------------------------------
    Case(
        "CISSP rollover: Group A beyond 120 from the last six months, up to 40",
        "a CISSP may only roll over up to 40 Group A CPE credits (in excess of the required 120 "
        "CPE credits) if they were earned within the final 6 months of the previous three-year "
        "certification cycle.",
        ISC2_HANDBOOK,
        person(
            certs=[held("CISSP", earned=D(2020, 5, 15), expires=D(2026, 5, 14))],
            credits=[
                cpe(D(2021, 6, 1), 120, "Group A", "CISSP"),
                # Cycle 2020-05-15..2023-05-14; its last six months start 2022-11-15.
                cpe(D(2023, 2, 1), 50, "Group A", "CISSP"),
            ],
        ),
        D(2023, 8, 1),
        "CISSP",
        # 170 - 120 = 50 beyond the requirement, all earned in the last six months: 40 roll
        # over into 2023-05-15..2026-05-14. Then 120 - 40 = 80 to go, of which Group A 90 - 40.
        {
            "cycle_start": "2023-05-15",
            "cpe_rolled_over": 40,
            "cpe_earned": 40,
            "cpe_remaining": 80,
            "warnings~": ["needs 50 more Group A CPE"],
        },
        command="renewals",
        cli=True,
    ),
    Case(
        "CISSP rollover: surplus earned before the last six months stays behind",
        "CPEs can rollover from the third year to the first year (of the new three-year cycle) "
        "if earned in excess of the minimum requirement within the last six months of the cycle.",
        ISC2_FAQ,
        person(
            certs=[held("CISSP", earned=D(2020, 5, 15), expires=D(2026, 5, 14))],
            credits=[cpe(D(2021, 6, 1), 170, "Group A", "CISSP")],
        ),
        D(2023, 8, 1),
        "CISSP",
        {"cpe_rolled_over": 0, "cpe_earned": 0},
        command="renewals",
    ),
    Case(
        "CISSP rollover: no Group B",
        "Note that there is no rollover provision for Group B credits.",
        ISC2_HANDBOOK,
        person(
            certs=[held("CISSP", earned=D(2020, 5, 15), expires=D(2026, 5, 14))],
            credits=[
                cpe(D(2021, 6, 1), 120, "Group A", "CISSP"),
                cpe(D(2023, 2, 1), 30, "Group B", "CISSP"),
            ],
        ),
        D(2023, 8, 1),
        "CISSP",
        {"cpe_rolled_over": 0},
        command="renewals",
    ),
    Case(
        "SSCP rollover is capped at 20",
        "For SSCP, CAP and HCISPP: up to 20 Group A CPEs.",
        ISC2_FAQ,
        person(
            certs=[held("SSCP", earned=D(2020, 5, 15), expires=D(2026, 5, 14))],
            credits=[
                cpe(D(2021, 6, 1), 60, "Group A", "SSCP"),
                cpe(D(2023, 3, 1), 30, "Group A", "SSCP"),
            ],
        ),
        D(2023, 8, 1),
        "SSCP",
        # 90 - 60 = 30 beyond the requirement, in the last six months; capped at 20.
        {"cpe_rolled_over": 20, "cpe_earned": 20},
        command="renewals",
    ),
    Case(
        "CCSP rollover is capped at 30, and announced before the cycle ends",
        "For CCSLP and CCSP: up to 30 Group A CPEs.",
        ISC2_FAQ,
        person(
            certs=[held("CCSP", earned=D(2020, 5, 15))],
            credits=[
                cpe(D(2021, 6, 1), 90, "Group A", "CCSP"),
                cpe(D(2023, 1, 10), 45, "Group A", "CCSP"),
            ],
        ),
        D(2023, 3, 1),
        "CCSP",
        # Still in the cycle 2020-05-15..2023-05-14: 135 - 90 = 45 beyond, from its last six
        # months; 30 of them will count toward the next cycle.
        {"cycle_end": "2023-05-14", "cpe_rolling_over": 30, "cpe_rolled_over": 0},
        command="renewals",
    ),
    Case(
        "CCSP endorsement: nine months after the exam, as for CISSP",
        "Those candidates who take and pass an (ISC)² examination ... must receive their "
        "endorsement within nine (9) months from the date they receive their examination pass "
        "notice. / This requirement applies to all credentials.",
        f"{ISC2_ENDORSE}; {ISC2_ENDORSE_ALL}",
        person(certs=[held("CCSP", "scheduled", exam=D(2026, 3, 10))]),
        D(2026, 11, 22),
        "CCSP",
        {"status": "endorsement pending", "endorsement_deadline": "2026-12-10"},
        command="renewals",
    ),
    Case(
        "SSCP endorsement: nine months after the exam",
        "All candidates who pass an (ISC)² credential examination must complete the endorsement "
        "process within a time period of no longer than nine (9) months.",
        ISC2_ENDORSE,
        person(certs=[held("SSCP", "scheduled", exam=D(2026, 5, 31))]),
        D(2026, 6, 1),
        "SSCP",
        # 2026-05-31 + 9 months = 2027-02-28 (end of February).
        {"status": "endorsement pending", "endorsement_deadline": "2027-02-28"},
        command="renewals",
    ),
    Case(
        "CC: no endorsement",
        "CC: ... no endorsement needed.",
        CC_BRIEF,
        person(certs=[held("CC", "scheduled", exam=D(2026, 3, 10))]),
        D(2026, 11, 22),
        "CC",
        {},
        command="renewals",
        absent=True,
    ),
    # ---- CCISO: the two routes, waivers per domain, former domain names ---------------------
    Case(
        "CCISO: 3 of 5 domains - the trained route only",
        "5 years experience in 3 of the 5 domains ... with training or 5 years in each domain "
        "without training.",
        CCISO_Q3,
        person([job(D(2015, 1, 1), None, {"CCISO": CCISO_V4[:3]})]),
        D(2026, 1, 1),
        "CCISO",
        # Trained: 5 years in 3 domains from 2015-01-01 -> 2015-01-01 + 1,826 = 2020-01-01.
        {
            "eligible": False,
            "eligible_on": None,
            "missing~": [f"needs 5 more years in {CCISO_V4[3]}"],
            "route:training.eligible": True,
            "route:training.eligible_on": "2020-01-01",
        },
        cli=True,
    ),
    Case(
        "CCISO: 3 of 5 domains after official training - eligible from the training",
        "5 years experience in 3 of the 5 domains ... with training or 5 years in each domain "
        "without training.",
        CCISO_Q3,
        person(
            [job(D(2015, 1, 1), None, {"CCISO": CCISO_V4[:3]})],
            courses=[course("CCISO official training", "EC-Council", D(2024, 3, 1))],
        ),
        D(2026, 1, 1),
        "CCISO",
        # 3 domains x 5 years were there on 2020-01-01; the training came on 2024-03-01.
        {"eligible": True, "eligible_on": "2024-03-01", "route": "training", "missing": []},
        cli=True,
    ),
    Case(
        "CCISO: a third-party prep course is not official training",
        "5 years experience in 3 of the 5 domains ... with training or 5 years in each domain "
        "without training.",
        CCISO_Q3,
        person(
            [job(D(2015, 1, 1), None, {"CCISO": CCISO_V4[:3]})],
            courses=[course("CCISO exam prep", "Cybrary", D(2024, 3, 1))],
        ),
        D(2026, 1, 1),
        "CCISO",
        {"eligible": False, "route": None},
    ),
    Case(
        "CEH: official training needs no experience",
        "Self-study route: 2 years documented information-security work experience ... "
        "Official training route: no experience needed.",
        "cert_catalog.json CEH prerequisites (EC-Council; infosecinstitute)",
        person(
            courses=[course("Certified Ethical Hacker (CEH) v13", "EC-Council", D(2025, 1, 10))]
        ),
        D(2026, 1, 1),
        "CEH",
        {"eligible": True, "eligible_on": "2025-01-10", "route": "training"},
    ),
    Case(
        "CCISO: all 5 domains - both routes",
        "Self-study: 5 years verifiable experience in EACH of the 5 domains.",
        CCISO_Q3,
        person([job(D(2016, 1, 1), None, {"CCISO": CCISO_V4})]),
        D(2026, 1, 1),
        "CCISO",
        # 2016-01-01 + 1,826 = 2020-12-31 on both routes.
        {
            "eligible": True,
            "eligible_on": "2020-12-31",
            "route:training.eligible_on": "2020-12-31",
        },
    ),
    Case(
        "CCISO: at most 3 years waived per domain",
        "Between certification and education waivers, applicants can only waive 3 years of "
        "experience for each domain.",
        CCISO_Q3,
        person(
            [job(D(2015, 1, 1), None, {"CCISO": CCISO_V4})],
            certs=[held("CISM", earned=D(2014, 1, 1))],
            overrides=[cciso_with_waiver(4)],
        ),
        D(2016, 1, 1),
        "CCISO",
        # A 4-year waiver counts 3: 2 years = 731 days -> 2015-01-01 + 730 = 2016-12-31.
        {"eligible": False, "eligible_on": "2016-12-31", "waiver_years": 3},
    ),
    Case(
        "CCISO: a file with the Blueprint v2 domain names imports and counts",
        "Earlier names: Blueprint v2 ... D1 Governance, Risk, Compliance, D2 Information "
        "Security Controls and Audit Management, D3 Security Program Management & Operations "
        "... D5 Strategic Planning, Finance, Procurement and Vendor Management.",
        CCISO_Q3,
        person(
            [
                job(
                    D(2015, 1, 1),
                    None,
                    {
                        "CCISO": [
                            "Governance, Risk, Compliance",
                            "Information Security Controls and Audit Management",
                            "Security Program Management and Operations",
                            "Information Security Core Competencies",
                            "Strategic Planning, Finance, Procurement and Vendor Management",
                        ]
                    },
                )
            ]
        ),
        D(2021, 1, 1),
        "CCISO",
        # The two v2 domains merged into v4's domain 3 count once; domain 2 (Organizational
        # Executive Leadership) is new in v4 and not covered: the trained route (3 of 5) is met
        # on 2015-01-01 + 1,826 = 2020-01-01.
        {
            "eligible": False,
            "missing~": [f"needs 5 more years in {CCISO_V4[1]}"],
            "route:training.eligible_on": "2020-01-01",
        },
    ),
    # ---- ASIS: CPP, PSP, APP ---------------------------------------------------------------
    *[
        Case(
            f"CPP: {years} years with {label}",
            "CPP: 7 yrs (no degree) / 6 yrs (bachelor's) / 5 yrs (master's), each including 3 "
            "yrs in responsible charge.",
            ASIS_Q2,
            person(
                [job(D(2015, 1, 1), None, {"CPP": ["Physical Security"]}, management=True)],
                degrees=degrees,
            ),
            D(2026, 1, 1),
            "CPP",
            {"eligible": True, "eligible_on": on},
        )
        for years, label, degrees, on in (
            # 7 years = 2,557 days -> 2015-01-01 + 2,556 = 2021-12-31.
            (7, "no degree", [], "2021-12-31"),
            # 6 years = 2,192 days -> 2015-01-01 + 2,191 = 2020-12-31.
            (
                6,
                "a bachelor's",
                [degree("bachelor", "Criminal Justice", False, D(2010, 6, 1))],
                "2020-12-31",
            ),
            # 5 years -> 2015-01-01 + 1,826 = 2020-01-01.
            (
                5,
                "a master's",
                [degree("master", "Security Management", False, D(2012, 6, 1))],
                "2020-01-01",
            ),
        )
    ],
    Case(
        "CPP: never in responsible charge",
        "each including 3 yrs in responsible charge.",
        ASIS_Q2,
        person([job(D(2010, 1, 1), None, {"CPP": ["Physical Security"]})]),
        D(2026, 1, 1),
        "CPP",
        {
            "eligible": False,
            "eligible_on": None,
            "missing~": ["needs 3 years in a management role"],
        },
    ),
    *[
        Case(
            f"PSP: {label}",
            "PSP: no degree 5 yrs (4 with APP); bachelor's 4 yrs (3 with APP); master's 3 yrs.",
            ASIS_Q2,
            person(
                [job(D(2020, 1, 1), None, {"PSP": ["Physical Security Assessment"]})],
                degrees=degrees,
                certs=certs,
            ),
            D(2020, 6, 1),
            "PSP",
            {"eligible_on": on},
        )
        for label, degrees, certs, on in (
            # 5 years from 2020-01-01: 2020-01-01 + 1,826 = 2024-12-31.
            ("no degree, 5 years", [], [], "2024-12-31"),
            # 4 years: 1,461 days -> 2023-12-31.
            ("no degree with APP, 4 years", [], [held("APP", earned=D(2019, 1, 1))], "2023-12-31"),
            (
                "bachelor's, 4 years",
                [degree("bachelor", "Business", False, D(2015, 6, 1))],
                [],
                "2023-12-31",
            ),
            # 3 years: 1,096 days -> 2022-12-31.
            (
                "bachelor's with APP, 3 years",
                [degree("bachelor", "Business", False, D(2015, 6, 1))],
                [held("APP", earned=D(2019, 1, 1))],
                "2022-12-31",
            ),
            (
                "master's, 3 years",
                [degree("master", "Security", False, D(2015, 6, 1))],
                [],
                "2022-12-31",
            ),
        )
    ],
    *[
        Case(
            f"APP: {label}",
            "APP: 3 yrs security-management experience (no degree) / 2 yrs (bachelor's) / 1 yr "
            "(master's).",
            ASIS_Q2,
            person([job(D(2022, 1, 1), None, {"APP": ["Risk Management"]})], degrees=degrees),
            D(2022, 6, 1),
            "APP",
            {"eligible_on": on},
        )
        for label, degrees, on in (
            # 3 years from 2022-01-01: 1,096 days -> 2024-12-31.
            ("3 years without a degree", [], "2024-12-31"),
            # 2 years: 731 days -> 2024-01-01.
            (
                "2 years with a bachelor's",
                [degree("bachelor", "Business", False, D(2015, 6, 1))],
                "2024-01-01",
            ),
            # 1 year: 366 days -> 2023-01-01.
            (
                "1 year with a master's",
                [degree("master", "Security", False, D(2017, 6, 1))],
                "2023-01-01",
            ),
        )
    ],
]


# --- running them ---------------------------------------------------------------------------


def check(row: Mapping[str, Any] | None, case: Case) -> None:
    """Compare one answer (its JSON form) with what the case reads from the wording."""
    if case.absent:
        assert row is None, f"{case.code} should have no {case.command} answer"
        return
    assert row is not None, f"no {case.command} answer for {case.code}"
    for key, want in case.expect.items():
        if key.endswith("~"):
            have = row[key[:-1]]
            for part in want:
                assert any(part in sentence for sentence in have), (key, part, have)
        elif key.startswith("route:"):
            route_id, field = key[len("route:") :].split(".")
            route = next(r for r in row["routes"] if r["id"] == route_id)
            assert route[field] == want, (key, route)
        elif isinstance(want, float | int) and not isinstance(want, bool):
            assert row[key] == pytest.approx(want, abs=0.01), (key, row[key])
        else:
            assert row[key] == want, (key, row[key])


def answer_row(rows: Sequence[Mapping[str, Any]], code: str) -> Mapping[str, Any] | None:
    found = [r for r in rows if r["code"] == code]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One database built by the real migrations with the bundled catalog; each case replaces
    the person in it through the real importer."""
    db = open_database(tmp_path_factory.mktemp("reference") / "planner.sqlite3")
    yield db
    db.dispose()


def catalog_codes(db: Database) -> set[str]:
    with db.session_factory() as session:
        return set(session.scalars(select(Certification.code)))


def case_id(case: Case) -> str:
    return case.id


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_case_through_the_database(case: Case, database: Database) -> None:
    missing = set(case.needs) - catalog_codes(database)
    if missing:
        pytest.skip(f"{', '.join(sorted(missing))} is not in the catalog yet")
    import_document(database.session_factory, json.dumps(case.document).encode("utf-8"))
    with database.session_factory() as session:
        if case.command == "eligibility":
            rows = [a.to_json() for a in eligibility_answers(session, case.on)]
        else:
            rows = [a.to_json() for a in renewal_answers(session, case.on)]
    check(answer_row(rows, case.code), case)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "cso_planner", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.cli], ids=case_id)
def test_case_through_the_command_line(case: Case, tmp_path: pathlib.Path) -> None:
    db, person_file = tmp_path / "planner.sqlite3", tmp_path / "person.json"
    person_file.write_text(json.dumps(case.document), "utf-8")
    imported = run_cli("--db", str(db), "import", str(person_file))
    assert imported.returncode == 0, imported.stderr
    result = run_cli("--db", str(db), case.command, "--on", case.on.isoformat(), "--json")
    assert result.returncode == 0, result.stderr
    check(answer_row(json.loads(result.stdout), case.code), case)


def test_every_case_quotes_its_source() -> None:
    for case in CASES:
        assert case.quote.strip() and case.source.strip(), case.id
    assert len({c.id for c in CASES}) == len(CASES)


def test_former_cciso_names_are_stored_under_the_current_ones(database: Database) -> None:
    """The v2 names of the case above are written as the v4 names they map to, once each."""
    case = next(c for c in CASES if c.id.startswith("CCISO: a file with the Blueprint v2"))
    import_document(database.session_factory, json.dumps(case.document).encode("utf-8"))
    with database.session_factory() as session:
        stored = list(
            session.scalars(select(ExperienceDomain.domain).order_by(ExperienceDomain.id))
        )
    assert stored == [CCISO_V4[0], CCISO_V4[2], CCISO_V4[3], CCISO_V4[4]]
