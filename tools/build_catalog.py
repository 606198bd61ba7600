"""Build ``cso_planner/data/catalog.json`` from the research in ``../shared/reference``.

Run from the repository root: ``.venv/bin/python tools/build_catalog.py``. The committed JSON is
what ships; the app never reads ``../shared`` at runtime. This script exists so that a reviewer
can see, in one place, every correction from ``rule_verification.md`` and every engine parameter
chosen for a rule (and why), instead of diffing a 100 kB JSON file.

Conventions of the output (also documented in ``cso_planner/catalog.py``):

* ``effective_from`` / ``effective_to`` are both inclusive; ``null`` means open-ended.
* every rule has ``sources`` (most authoritative first: the answer's ``source`` is the first one)
  and an ``as_of`` date (the date the research re-checked it).
"""

from __future__ import annotations

import copy
import json
import pathlib
import sys
from typing import Any
from urllib.parse import urlsplit

from catalog_additions import ADDED_CERTS, EXPERIENCE_RULES, ROLE_ADDITIONS
from catalog_additions import UNVERIFIED as ADDED_UNVERIFIED
from catalog_wording import (
    ASIS_ASSUMES,
    COMPTIA_ASSUMES,
    DETAIL_REWORDING,
    EC_COUNCIL_ASSUMES,
    GIAC_ASSUMES,
    IAPP_ASSUMES,
    ISACA_ASSUMES,
    ISC2_ASSUMES,
    ISC2_ASSUMES_NO_GROUPS,
    ISC2_ENDORSEMENT_NOTE,
    ISC2_ROLLOVER,
    LAPSE_NOTE,
    OTHER_ASSUMES,
    TEXT_FIXES,
    USER_NOTES,
)
from catalog_wording import UNVERIFIED as WORDING_UNVERIFIED

from cso_planner.catalog import is_issuer_source, issuer_site

# Why a rule no issuer page backs is unverified, by rule key (shown with the rule).
UNVERIFIED = {**WORDING_UNVERIFIED, **ADDED_UNVERIFIED}

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
OUTPUT = ROOT / "cso_planner" / "data" / "catalog.json"

CATALOG_VERSION = "2026.12.04"
# Date the reference research was re-checked (rule_verification.md: briefs of 2026-09-25/26,
# study guide verified 2026-09-29).
VERIFIED = "2026-09-29"
# Date of the first catalog research pass (cert_catalog.json, undated crawls read in 2026).
RESEARCHED = "2026-09-25"
# Date the engine's rule parameters of issue 10 (ISC2 hours, ISACA window, CCSP, rollover,
# endorsement, CCISO/CEH routes) were re-read in the stored issuer pages cited with each rule.
RULES_RECHECKED = "2026-12-03"

ISC2_MEMBER_POLICIES = "https://www.isc2.org/policies-procedures/member-policies"
COMPTIA_RENEWAL_HELP = (
    "https://help.comptia.org/hc/en-us/articles/13922945850260-"
    "Does-CompTIA-Send-Renewal-Reminder-Emails"
)
# Date the lapse rules (grace period, suspension, expiry) of issue 10 were read.
LIFECYCLE_CHECKED = "2026-12-04"
ISC2_CISSP_EXPERIENCE = "https://www.isc2.org/cissp-professional-experience.aspx"
ISC2_WAIVER_INSIGHTS = "https://www.isc2.org/Insights/2026/05/CISSP-Experiene-Waiver-Updates"
ISC2_WAIVER_THREAD = (
    "https://community.isc2.org/t5/Certification/"
    "CISSP-Experience-Waiver-Changes-Coming-April-2026/td-p/84687"
)
ISC2_OLD_WAIVER_LIST = "https://www.isc2.org/credential_waiver/default.aspx"
ISC2_NCR_PART_TIME = "https://web.isc2ncrchapter.org/?p=4601"
ISC2_PACKT_HOURS = (
    "https://packtpub.com/en-es/product/certified-information-systems-security-professional-"
    "cissp-exam-guide-9781800567610/chapter/intro-i-becoming-a-cissp-1/section/"
    "information-about-becoming-a-cissp-ch01lvl1sec06"
)
ISC2_FAQ = "https://www.isc2.org/Frequently-Asked-Questions/"
ISC2_ENDORSEMENT_TIME_LIMIT = "https://www.isc2.org/new-time-limit-endorsement.aspx"
ISC2_ENDORSEMENT = "https://www.isc2.org/endorsement.aspx"
ISC2_ROLLOVER_THREAD = (
    "https://community.isc2.org/t5/CPE-Opportunities/CISSP-CPE-rollover-question/m-p/42492"
)
ISACA_CISM_WINDOW = "https://academy.westconcomstor.com/course/WGAC-GEN-PSS-CISM"
ISACA_2010_WINDOW = "http://studyaccacat.blogspot.com/2010/05/practical-experience.html"
CCSP_CCSK_SUBSTITUTION = (
    "https://manikantprasad.com/2021/06/28/ccsp-certification-introduction-and-eligibility"
)
ASIS_RECERT = "https://www.asisonline.org/certification/recertification/"
ASIS_ZENDESK = "https://asis.zendesk.com/"
ASIS_SE_2018 = "https://asis.se/"
ASIS_2021 = "https://www.asisonline.org/"

# ISC2: ">= 35 h/week for 4 weeks = 1 month" (full time); part time 20-34 h/week counted by
# the hour, "1,040 hours = 6 months" (2,080 h a year = 40 h a week); under 20 h does not count
# (isc2ncrchapter.org, LinkedIn Learning 2024, Packt: "full-time (35+ hours/week), part-time
# (20-34 hours/week) ... One year of experience equals 2,080 hours").
ISC2_HOURS = {"full_time": 35, "part_time_basis": 40, "min_per_week": 20}
ANY_HOURS = {"full_time": 40, "min_per_week": None}
# ISACA: "Experience must be gained within a 10-year period preceding the application date or
# within five years from the date of passing the exam" (CISM, CISA, CRISC, CGEIT).
ISACA_WINDOW = {"years_before": 10, "exam_valid_years": 5}
ISACA_WINDOW_NOTE = (
    " Enforced: only experience within the 10 years before the day of the answer (the "
    "application day) counts, so experience that slid out of the window no longer qualifies; a "
    "passed exam must be followed by an application within 5 years (experience gained after "
    "the exam lies inside the same 10 years)."
)
# ISC2 credentials whose holders are not endorsed (CC: "no endorsement needed", CC brief
# 2026-09-25; concentrations: "concentrations do not need an endorsed application",
# isc2.org/endorsement.aspx).
ISC2_NOT_ENDORSED = {"CC", "ISSAP", "ISSEP", "ISSMP"}
# ISC2 FAQ "How many CPEs can be rolled over annually?": "CISSP: up to 40 Group A CPEs; CSSLP
# and CCSP: up to 30; SSCP, CAP and HCISPP: up to 20" (CGRC is the renamed CAP).
ISC2_ROLLOVER_MAX = {
    "CISSP": 40,
    "CCSP": 30,
    "CSSLP": 30,
    "SSCP": 20,
    "CAP": 20,
    "CGRC": 20,
    "HCISPP": 20,
}

ISC2_CATEGORY_ALIASES = {
    "a": "A",
    "group a": "A",
    "group-a": "A",
    "b": "B",
    "group b": "B",
    "group-b": "B",
}
ASIS_CATEGORY_ALIASES = {
    "membership": "Membership",
    "instructor": "Instructor",
    "volunteer": "Volunteer",
    "safety": "Safety",
    "safety-related": "Safety",
    "educational": "Educational",
    "education": "Educational",
}


def load_reference() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The reference certifications followed by the added ones (catalog_additions), and the
    role ladder with the added credentials on their rungs."""
    certs = json.loads((REFERENCE / "cert_catalog.json").read_text("utf-8"))
    known = {c["code"] for c in certs}
    clash = known & {c["code"] for c in ADDED_CERTS}
    if clash:
        raise SystemExit(f"catalog_additions repeats reference certifications: {sorted(clash)}")
    certs += copy.deepcopy(ADDED_CERTS)
    roles = json.loads((REFERENCE / "role_ladder.json").read_text("utf-8"))
    codes = {c["code"] for c in certs}
    for role in roles:
        added = ROLE_ADDITIONS.get(role["order"], [])
        unknown = set(added) - codes
        if unknown:
            raise SystemExit(f"ROLE_ADDITIONS names unknown certifications: {sorted(unknown)}")
        role["typical_certifications"] = list(
            dict.fromkeys([*role["typical_certifications"], *added])
        )
    return certs, roles


# ISC2 Group A minimum and Group B maximum per 3-year cycle (member policies table; CSSLP as
# CCSP, CGRC as SSCP). Concentrations: ISC2 gives only a total (60 with CISSP), no split.
ISC2_GROUPS = {
    "CISSP": (90, 30),
    "CCSP": (60, 30),
    "CSSLP": (60, 30),
    "SSCP": (45, 15),
    "CGRC": (45, 15),
    "CC": (45, 0),
    "ISSAP": (0, 0),
    "ISSEP": (0, 0),
    "ISSMP": (0, 0),
}


# --------------------------------------------------------------------------------------------
# Corrections from rule_verification.md (numbered as in its last table)
# --------------------------------------------------------------------------------------------


def apply_corrections(by_code: dict[str, dict[str, Any]]) -> None:
    cissp = by_code["CISSP"]["prerequisites"]
    # 1
    cissp["waiver_rules"][1]["reason"] = (
        "Credential on the ISC2 approved list (list cut from ~50 to 25 for applications submitted "
        "on/after 2026-04-01; CEH, CISA, CRISC, OSCP, AZ-500 and most GIAC removed; CISM and "
        "CCSP remain)"
    )
    # 2
    cissp["notes"] = cissp["notes"].replace(
        "Part-time work and internships may count (ISC2 rules for conversion not captured).",
        "Full-time = >=35 h/wk x 4 wks = 1 month; part-time 20-34 h/wk, 1,040 h = 6 months; "
        "paid or unpaid internships count with letterhead/registrar proof.",
    )
    # 3
    cissp["waiver_rules"][0]["note"] = (
        "pre-2023 wording accepted any 4-year degree; associate degrees never qualify"
    )
    # 4
    by_code["CISSP"]["maintenance"]["notes"] += (
        " $135 effective date not published in sources; after 2023-10-23. "
        "Associates: US$50 + 15 CPE/yr."
    )
    # 5, 6
    cism = by_code["CISM"]["prerequisites"]
    cism["waiver_rules"] = [
        {"reason": "CISA in good standing", "years_waived": 2},
        {"reason": "CISSP in good standing", "years_waived": 2},
        {
            "reason": "Post-graduate degree in information security or a related field",
            "years_waived": 2,
        },
        {"reason": "1 full year of information-systems management experience", "years_waived": 1},
        {"reason": "1 full year of general security-management experience", "years_waived": 1},
        {
            "reason": "Skill-based security certification (e.g. SANS GIAC, CompTIA Security+, "
            "DRI CBCP)",
            "years_waived": 1,
        },
        {
            "reason": "Information-security management programme at a Model-Curriculum institution",
            "years_waived": 1,
        },
    ]
    cism["notes"] = cism["notes"].replace(
        " Exact current waiver catalogue (which credential = how many years) was not confirmed "
        "in the corpus.",
        " Waivers (max 2 years in total) replace general experience, never the 3-year "
        "management portion.",
    )
    # 7, 8
    for code in ("CPP", "PSP", "APP"):
        maint = by_code[code]["maintenance"]
        maint["notes"] = maint["notes"].replace(
            "60 CPE per 3-year term; term ends 31 December of the third full calendar year after "
            "passing.",
            "60 CPE per 3-year cycle from certification date (ends last day of that month, e.g. "
            "1 May 2021-31 May 2024); legacy certificants end 31 Dec; submit in year 3; 3-month "
            "grace.",
        )
        maint["recert_fee_note"] = (
            "$90 non-member / $70 member is from a pre-2018 asisonline page; current fee not "
            "found; 2026 secondary claims of $250/$450 are unverified."
        )
        maint["recert_fee_confidence"] = "low"
    # 9
    by_code["CPP"]["prerequisites"]["notes"] += (
        " ASIS reduced all experience requirements in 2021: CPP 5-7 yrs incl. 3 yrs responsible "
        "charge (supports 7/6/5); APP's effect on CPP after 2021 unconfirmed."
    )
    # 10
    by_code["PSP"]["prerequisites"]["notes"] += (
        " Consistent with ASIS 2021 summary (3-5 yrs); confidence medium."
    )
    # 11
    by_code["APP"]["prerequisites"]["notes"] = by_code["APP"]["prerequisites"]["notes"].replace(
        "CONFLICT: asisappexam.com (2026) claims no experience prerequisite - verify.",
        "asisappexam.com (2026) claims no experience prerequisite - contradicted by ASIS 2021 "
        "('one to three years'); the 3/2/1 values are kept.",
    )
    # 12, 13
    cciso = by_code["CCISO"]
    cciso["domains"] = [{"name": name, "weight_percent": weight} for name, weight in CCISO_V4]
    cciso["prerequisites"]["experience_domain_pool"] = [name for name, _ in CCISO_V4]
    cciso["domains_confidence"] = (
        "Blueprint v4 names and weights from one 2026 prep site (ccisoexam.com): medium-low; "
        "domain 3 title unverified."
    )
    # 14, 15
    cc = by_code["CC"]
    cc["exam"].update(
        {
            "questions": 125,
            "questions_min": 100,
            "minutes": 120,
            "price_usd": 199,
            "price_as_of": "2026-09 (ISC2 pages via the CC research brief, 2026-09-25)",
            "format_notes": "CAT 100-125 items, 2 h, 700/1000; outline effective 2026-09-01. "
            "Free One Million CC programme closed to new enrolment 2026-05-20; codes valid to "
            "2026-12-31.",
        }
    )
    cc["domains"] = [
        {"name": "Security Principles", "weight_percent": 24},
        {"name": "Security Governance", "weight_percent": 17.3},
        {"name": "Identity and Access Management (IAM) Concepts", "weight_percent": 20},
        {"name": "Networking and Cloud Security Concepts", "weight_percent": 21.3},
        {"name": "Security Operations and Incident Response", "weight_percent": 17.3},
    ]
    # 16
    by_code["SSCP"]["domains_confidence"] = (
        "Weights 16/15/15/14/9/16/15 confirmed from the 2025-10-01 outline (SSCP brief 2026-09-26)."
    )
    # 17
    by_code["CCSP"]["exam"]["format_notes"] = by_code["CCSP"]["exam"]["format_notes"].replace(
        "A new exam outline was announced for 2026-08-01 (hiraedu.com, ccspexam.web.app) - "
        "weights may change.",
        "New outline in force since 2026-08-01 - weights need re-check.",
    )


CCISO_V4 = [
    ("Governance, Risk, Compliance, and Audit Management", 21),
    ("Organizational Executive Leadership", 21),
    ("Information Security Controls, Program Management and Operations", 20),
    ("Information Security Core Competencies", 19),
    ("Strategic Planning, Finance, Procurement, and Third-Party Management", 19),
]
# Ledger tags saved under the v2/v3 names still count under the v4 domain that absorbed them.
CCISO_ALIASES = {
    "Governance, Risk, Compliance": "Governance, Risk, Compliance, and Audit Management",
    "Information Security Controls and Audit Management": (
        "Information Security Controls, Program Management and Operations"
    ),
    "Security Program Management and Operations": (
        "Information Security Controls, Program Management and Operations"
    ),
    "Strategic Planning, Finance, Procurement and Vendor Management": (
        "Strategic Planning, Finance, Procurement, and Third-Party Management"
    ),
}

# --------------------------------------------------------------------------------------------
# Experience rules: engine parameters per certification
# --------------------------------------------------------------------------------------------

# Which certifications' tags make a job IT work, and which information-security work (CCSP's
# 5 years of IT / 3 of security): every one but physical security (area) and those listed
# below - privacy law and programme management (IAPP CIPP, CIPM) and project management (PMP)
# are not IT work; networking (Network+) and privacy engineering (CIPT, CDPSE) are IT but not
# information security. HCISPP (ISC2, healthcare security and privacy) is security.
NOT_IT_AREAS = {"physical/corporate security"}
NOT_IT_CODES = {"CIPP/E", "CIPP/US", "CIPM", "PMP"}
IT_NOT_SECURITY = {"Network+", "CIPT", "CDPSE"}

CONFIDENCE = {
    "CISSP": "high (structure, cap, part-time); approved-list contents low after 2026-04-01",
    "CCSP": "medium",
    "SSCP": "medium-high",
    "CISM": "high (structure, window); medium (waiver catalogue)",
    "CISA": "medium (waivers from 2013-2016 ISACA text)",
    "CRISC": "medium",
    "CGEIT": "low (2008-2012 ISACA wording)",
    "CPP": "medium-low (exact 7/6/5 mapping)",
    "PSP": "medium",
    "APP": "low-medium",
    "CCISO": "medium (eligibility); medium-low (v4 domain names)",
    "CEH": "medium",
}


def degree(min_level: str, it_related: bool | None = None) -> dict[str, Any]:
    return {"degree": {"min_level": min_level, "it_related": it_related}}


def experience_rules(by_code: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One experience rule per certification with an experience prerequisite."""

    def pool(code: str) -> list[str]:
        return list(by_code[code]["prerequisites"]["experience_domain_pool"])

    def src(code: str, *first: str) -> list[str]:
        rest = [u for u in by_code[code]["sources"] if u not in first]
        return [*first, *rest]

    # CCSP's "IT" and "information security" years, read from what a job was tagged for.
    it_codes = sorted(
        c
        for c, cert in by_code.items()
        if cert["domain"] not in NOT_IT_AREAS and c not in NOT_IT_CODES
    )
    security_codes = [c for c in it_codes if c not in IT_NOT_SECURITY]

    rules: list[dict[str, Any]] = []

    rules.append(
        rule(
            "CISSP",
            "experience",
            None,
            sources=[
                *src("CISSP", ISC2_CISSP_EXPERIENCE, "https://isc2.org/CISSP-Exam-Outline"),
                ISC2_NCR_PART_TIME,
                ISC2_PACKT_HOURS,
            ],
            as_of=RULES_RECHECKED,
            engineering=(
                "5 years cumulative paid or unpaid (internship) experience in >=2 of the 8 CISSP "
                "domains; at most ONE year waived in total, for a bachelor's/master's in computer "
                "science, IT or a related field OR a credential on ISC2's approved list (see the "
                "CISSP waiver_list rule, versioned on 2026-04-01). Part-time: ISC2 counts 20-34 "
                "h/wk (1,040 h = 6 months); entries under 20 h/wk do not count. The engine counts "
                "a week of 35 h or more as a full week (ISC2: '35 hours per week for four weeks' "
                "= one month) and a part-time week as h/40 of one (2,080 h = 1 year, so 1,040 h = "
                "6 months). Degree wording: ISC2's current outline page (CS/IT/related) was chosen "
                "over the older 'any four-year degree' and content-farm 'any degree' claims."
            ),
            params={
                "required_years": 5,
                "hours": ISC2_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("CISSP"),
                "breadth": {"count": 2, "must_include_one_of": []},
                "waivers": [
                    {
                        "id": "it_degree",
                        "label": "bachelor's or master's degree in computer science, IT or a "
                        "related field",
                        "years": 1,
                        "group": "isc2",
                        "when": degree("bachelor", True),
                    },
                    {
                        "id": "approved_credential",
                        "label": "credential on ISC2's approved list",
                        "years": 1,
                        "group": "isc2",
                        "when": {"waiver_list": "CISSP"},
                    },
                ],
                "max_waiver_years": 1,
                "caveats": [
                    "ISC2 counts part-time work of 20-34 hours a week; shorter jobs are left out.",
                ],
            },
        )
    )
    rules.append(
        rule(
            "SSCP",
            "experience",
            None,
            sources=[*src("SSCP"), ISC2_NCR_PART_TIME, ISC2_PACKT_HOURS],
            as_of=RULES_RECHECKED,
            engineering=(
                "1 year cumulative experience in >=1 of the 7 SSCP domains; a bachelor's or "
                "master's in CS/IT/related waives the whole year (then no experience is needed). "
                "Conflict: 2018/2021 outlines said 'degree in a cybersecurity program'; the "
                "current ISC2 page (CS/IT/related) was chosen. Same ISC2 hours rule as CISSP "
                "(35 h/wk or more = full time; 20-34 h/wk by the hour; under 20 h/wk does not "
                "count). Fully waived by an undated degree: eligible, with no date to show."
            ),
            params={
                "required_years": 1,
                "hours": ISC2_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("SSCP"),
                "breadth": {"count": 1, "must_include_one_of": []},
                "waivers": [
                    {
                        "id": "it_degree",
                        "label": "bachelor's or master's degree in computer science, IT or a "
                        "related field",
                        "years": 1,
                        "group": "isc2",
                        "when": degree("bachelor", True),
                    }
                ],
                "max_waiver_years": 1,
                "caveats": [
                    "ISC2 counts part-time work of 20-34 hours a week; shorter jobs are left out.",
                ],
            },
        )
    )
    rules.append(
        rule(
            "CCSP",
            "experience",
            None,
            sources=[*src("CCSP", ISC2_FAQ), CCSP_CCSK_SUBSTITUTION, ISC2_NCR_PART_TIME],
            as_of=RULES_RECHECKED,
            engineering=(
                "5 years cumulative paid full-time IT experience, of which 3 years in information "
                "security and 1 year in one or more of the 6 CCSP domains. The ledger has no "
                "'IT' or 'security' flag, so the engine reads the tags: a job counts as IT work "
                "when it is tagged with the domains of any IT or security certification of the "
                "catalog (experience_from; physical-security, privacy-law and project-management "
                "certifications are left out), as information security when tagged for a "
                "security certification (the 'information_security' minimum; Network+ is IT but "
                "not security), and toward the "
                "CCSP year when tagged with a CCSP domain. Holding CISSP waives the whole "
                "requirement; CSA CCSK substitutes the year in the CCSP domains ('can be "
                "substituted for one year of experience in one or more of the six domains'), so "
                "4 years of IT work, 3 of them in security, remain. Unpaid work: ISC2's CCSP "
                "wording says 'paid' (chosen) while the CISSP "
                "page accepts unpaid internships. Whether a degree waives a year for CCSP was "
                "not found - no degree waiver is applied."
            ),
            params={
                "required_years": 5,
                "hours": ISC2_HOURS,
                "count_unpaid": False,
                "domain_pool": pool("CCSP"),
                "experience_from": [c for c in it_codes if c != "CCSP"],
                "breadth": None,
                "domain_minimums": [
                    {
                        "id": "information_security",
                        "certifications": security_codes,
                        "years": 3,
                        "label": "information security",
                    },
                    {
                        "id": "ccsp_domain",
                        "domains": pool("CCSP"),
                        "years": 1,
                        "label": "a CCSP domain",
                    },
                ],
                "waivers": [
                    {
                        "id": "cissp",
                        "label": "CISSP (replaces the whole CCSP experience requirement)",
                        "years": 5,
                        "group": "cissp",
                        "when": {"credentials": ["CISSP"]},
                    },
                    {
                        "id": "ccsk",
                        "label": "CSA CCSK certificate (for the year in the CCSP domains)",
                        "years": 1,
                        "group": "ccsk",
                        "when": {"credentials": ["CCSK"]},
                        "minimums": ["ccsp_domain"],
                    },
                ],
                "max_waiver_years": 5,
                "caveats": [
                    "A job counts as IT work for CCSP when it is tagged with the domains of an "
                    "IT or security certification, and as information security when tagged for "
                    "a security one.",
                ],
            },
        )
    )
    rules.append(
        rule(
            "CISM",
            "experience",
            None,
            sources=[*src("CISM", ISACA_CISM_WINDOW), ISACA_2010_WINDOW],
            as_of=RULES_RECHECKED,
            engineering=(
                "5 years information-security work experience, of which >=3 years information-"
                "security management in >=3 of the 4 job-practice domains (ISACA application "
                "forms 2012/2015). Waivers, max 2 years in total, never for the 3 management "
                "years: CISA or CISSP in good standing, post-graduate infosec/related degree = 2; "
                "skill-based security certifications (GIAC, Security+, CBCP...) = 1; 1 year of "
                "IS-management or general security-management experience = 1 and a Model-"
                "Curriculum programme = 1 (not modelled: the ledger cannot tell them apart). "
                "Source of the waiver catalogue: ISACA text reproduced on an InfoSecTrain page; "
                "older 2010 wording used credit hours (superseded). Rejected: prep sites saying "
                "'5 yrs + 2 yrs management'." + ISACA_WINDOW_NOTE
            ),
            params={
                "required_years": 5,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("CISM"),
                "breadth": None,
                "management": {"years": 3, "domains_required": 3},
                "window": ISACA_WINDOW,
                "waivers": [
                    {
                        "id": "cisa_cissp",
                        "label": "CISA or CISSP in good standing",
                        "years": 2,
                        "group": "cism",
                        "when": {"credentials": ["CISA", "CISSP"]},
                    },
                    {
                        "id": "postgrad_degree",
                        "label": "post-graduate degree in information security or a related field",
                        "years": 2,
                        "group": "cism",
                        "when": degree("master", True),
                    },
                    {
                        "id": "skill_cert",
                        "label": "skill-based security certification",
                        "years": 1,
                        "group": "cism",
                        "when": {
                            "credentials": [
                                *("GSEC", "GCIH", "GSLC", "GSTRT", "GCIA", "GCFA", "GPEN"),
                                "Security+",
                            ]
                        },
                    },
                ],
                "max_waiver_years": 2,
                "caveats": [],
            },
        )
    )
    rules.append(
        rule(
            "CISA",
            "experience",
            None,
            sources=[
                *src("CISA", "https://www.greycampus.com/cyber-security/cisa/"),
                ISACA_2010_WINDOW,
            ],
            as_of=RULES_RECHECKED,
            engineering=(
                "5 years IS audit, control, assurance or security experience. Waivers capped at "
                "3 years: 60/120 university semester credit hours (2-/4-year degree) = 1/2 "
                "(modelled as associate = 1, bachelor's or higher = 2); master's in information "
                "security or IT = 1 (adds to the credit-hour waiver); 1 year IS or non-IS audit "
                "experience, a Model-Curricula degree and 2 years as university instructor = 1 "
                "(not modelled). Source: ISACA text reproduced 2013-2016 and greycampus; no "
                "later change found. The credit-hour waivers are not subject to the window."
                + ISACA_WINDOW_NOTE
            ),
            params={
                "required_years": 5,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("CISA"),
                "breadth": None,
                "window": ISACA_WINDOW,
                "waivers": [
                    {
                        "id": "credits_60",
                        "label": "60 university credit hours (2-year degree)",
                        "years": 1,
                        "group": "credit_hours",
                        "when": degree("associate"),
                    },
                    {
                        "id": "credits_120",
                        "label": "120 university credit hours (4-year degree)",
                        "years": 2,
                        "group": "credit_hours",
                        "when": degree("bachelor"),
                    },
                    {
                        "id": "masters_infosec",
                        "label": "master's degree in information security or IT",
                        "years": 1,
                        "group": "masters",
                        "when": degree("master", True),
                    },
                ],
                "max_waiver_years": 3,
                "caveats": [],
            },
        )
    )
    rules.append(
        rule(
            "CRISC",
            "experience",
            None,
            sources=[
                *src("CRISC", "https://certprepnow.com/isaca-crisc/study-guide"),
                ISACA_CISM_WINDOW,
            ],
            as_of=RULES_RECHECKED,
            engineering=(
                "3 years cumulative IT risk management / IS control experience across >=2 of the "
                "4 domains, one of them Domain 1 (Governance) or Domain 2 (IT Risk Assessment) "
                "(certprepnow 2026). No waivers (prep sites; not confirmed on isaca.org)."
                + ISACA_WINDOW_NOTE
            ),
            params={
                "required_years": 3,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("CRISC"),
                "breadth": {
                    "count": 2,
                    "must_include_one_of": ["Governance", "IT Risk Assessment"],
                },
                "window": ISACA_WINDOW,
                "waivers": [],
                "max_waiver_years": 0,
                "caveats": [],
            },
        )
    )
    rules.append(
        rule(
            "CGEIT",
            "experience",
            None,
            sources=[
                *src(
                    "CGEIT",
                    "http://www.isaca.org/Certification/CGEIT-Certified-in-the-Governance-of-Enterprise-IT/Pages/How-to-Become-Certified-2008-2012.aspx",
                ),
                ISACA_2010_WINDOW,
            ],
            as_of=RULES_RECHECKED,
            engineering=(
                "5 years managing, advising or supporting governance of enterprise IT, including "
                ">=1 year in Domain 1 (framework work) and experience in 2+ of the remaining "
                "domains (older ISACA pages). Substitution of up to 2 years is from a 2008-2012 "
                "ISACA page - modelled only for a post-graduate degree (unverified)."
                + ISACA_WINDOW_NOTE
            ),
            params={
                "required_years": 5,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("CGEIT"),
                "breadth": {
                    "count": 3,
                    "must_include_one_of": ["Governance of Enterprise IT"],
                },
                "domain_minimums": [
                    {
                        "domains": ["Governance of Enterprise IT"],
                        "years": 1,
                        "label": "Governance of Enterprise IT",
                    }
                ],
                "window": ISACA_WINDOW,
                "waivers": [
                    {
                        "id": "postgrad_degree",
                        "label": "post-graduate degree (2008-2012 rule, unverified)",
                        "years": 2,
                        "group": "cgeit",
                        "when": degree("master"),
                    }
                ],
                "max_waiver_years": 2,
                "caveats": [],
            },
        )
    )
    cpp_sources = [
        *src(
            "CPP",
            "https://www.asisonline.org/Certification/Pages/Certification-Definitions.aspx",
            "https://elitesecuritystaffing.blogspot.com/2026/01/how-to-become-certified-protection.html",
        ),
        ASIS_2021,
    ]
    rules.append(
        rule(
            "CPP",
            "experience",
            "2016-01-01",
            effective_to="2020-12-31",
            sources=src(
                "CPP",
                "https://asisnyc.org/resources/certification/eligibility/",
            ),
            engineering=(
                "Pre-2021 ASIS rule (asisonline CPP page c. 2016, asisnyc.org): 9 years of "
                "security experience, or a bachelor's or higher + 7 years, including 3 years in "
                "responsible charge of a security function. The 2019 APP chart (7/5 with APP) is "
                "not modelled. Replaced in 2021; exact effective date not found, 2021-01-01 "
                "assumed (handbooks dated 1 Jan 2021). effective_from is the earliest date this "
                "wording is documented."
            ),
            params={
                "required_years": 9,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("CPP"),
                "breadth": None,
                "management": {"years": 3, "domains_required": 0},
                "waivers": [
                    {
                        "id": "degree",
                        "label": "bachelor's degree or higher",
                        "years": 2,
                        "group": "degree",
                        "when": degree("bachelor"),
                    }
                ],
                "max_waiver_years": 2,
                "caveats": [],
            },
        )
    )
    rules.append(
        rule(
            "CPP",
            "experience",
            "2021-01-01",
            sources=cpp_sources,
            engineering=(
                "7 years of security experience without a degree, 6 with a bachelor's, 5 with a "
                "master's, each including 3 years 'in responsible charge of a security function' "
                "(entries flagged management). Three versions were found: (a) pre-2021 ASIS: 9 "
                "no degree / 7 bachelor's (kept as the previous rule version); (b) 2019 APP "
                "launch chart: with APP 7 / 5; (c) Jan-2026 blog: 7/6/5. Chosen: (c), supported "
                "by ASIS's own 2021 summary 'five to seven years of security experience, and "
                "three years in charge of a security function'. Whether APP still reduces CPP "
                "experience after 2021 was not found (no APP waiver applied)."
            ),
            params={
                "required_years": 7,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("CPP"),
                "breadth": None,
                "management": {"years": 3, "domains_required": 0},
                "waivers": [
                    {
                        "id": "bachelor",
                        "label": "bachelor's degree",
                        "years": 1,
                        "group": "degree",
                        "when": degree("bachelor"),
                    },
                    {
                        "id": "master",
                        "label": "master's degree",
                        "years": 2,
                        "group": "degree",
                        "when": degree("master"),
                    },
                ],
                "max_waiver_years": 2,
                "caveats": [
                    "ASIS also requires current full-time employment in a security role.",
                ],
            },
        )
    )
    rules.append(
        rule(
            "PSP",
            "experience",
            None,
            sources=[*src("PSP", "https://testpreptraining.com/tutorial/?p=64177"), ASIS_2021],
            engineering=(
                "Physical-security experience: 5 years without a degree (4 with APP), 4 with a "
                "bachelor's (3 with APP), 3 with a master's (testpreptraining, post-APP rules; "
                "consistent with ASIS 2021 'three to five years'). Older chapter pages: 6 yrs "
                "HS / 4 yrs bachelor's (rejected as pre-2021). Modelled as degree waiver 1/2 "
                "plus APP 1, capped at 2."
            ),
            params={
                "required_years": 5,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("PSP"),
                "breadth": None,
                "waivers": [
                    {
                        "id": "bachelor",
                        "label": "bachelor's degree",
                        "years": 1,
                        "group": "degree",
                        "when": degree("bachelor"),
                    },
                    {
                        "id": "master",
                        "label": "master's degree",
                        "years": 2,
                        "group": "degree",
                        "when": degree("master"),
                    },
                    {
                        "id": "app",
                        "label": "ASIS APP",
                        "years": 1,
                        "group": "app",
                        "when": {"credentials": ["APP"]},
                    },
                ],
                "max_waiver_years": 2,
                "caveats": [
                    "ASIS also requires current full-time employment in a security role.",
                ],
            },
        )
    )
    rules.append(
        rule(
            "APP",
            "experience",
            None,
            sources=[
                *src(
                    "APP",
                    "https://www.skilr.com/associate-protection-professional-app-practice-exam",
                ),
                ASIS_2021,
            ],
            engineering=(
                "Security-management experience: 3 years without a degree, 2 with a bachelor's, "
                "1 with a master's (skilr.com, consistent with ASIS 2021 'one to three years'). "
                "asisappexam.com (2026) says no prerequisite - contradicted by ASIS, rejected. "
                "Entries need not be flagged management (APP is the first rung)."
            ),
            params={
                "required_years": 3,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": pool("APP"),
                "breadth": None,
                "waivers": [
                    {
                        "id": "bachelor",
                        "label": "bachelor's degree",
                        "years": 1,
                        "group": "degree",
                        "when": degree("bachelor"),
                    },
                    {
                        "id": "master",
                        "label": "master's degree",
                        "years": 2,
                        "group": "degree",
                        "when": degree("master"),
                    },
                ],
                "max_waiver_years": 2,
                "caveats": [
                    "ASIS also requires current full-time employment in a security role.",
                ],
            },
        )
    )
    rules.append(
        rule(
            "CCISO",
            "experience",
            None,
            sources=[
                *src(
                    "CCISO",
                    "https://www.glaciercyberalliance.com/cciso",
                    "https://ccisoexam.com/blog/cciso-certification",
                ),
                "https://www.secureninja.com/",
            ],
            as_of=RULES_RECHECKED,
            engineering=(
                "Self-study route: 5 years of experience in EACH of the 5 CCISO "
                "domains, years counted per domain. Official-training route ('routes', answered "
                "beside it, and followed once a completed course mentions EC-Council and CCISO "
                "in its provider, title or plan item): 5 years in each of at least 3 of the 5 "
                "domains ('5 years experience "
                "in 3 of the 5 domains ... with training or 5 years in each domain without "
                "training', EC-Council self-assessment form). Certification and education "
                "waivers: at most 3 "
                "years per domain (glaciercyberalliance's 'certification and training' read as "
                "'certification and education', since training is a separate route). EC-Council's "
                "list of which certification or degree waives which domain is not in the "
                "sources, so no waiver is applied by default; add yours in a local correction. "
                "Domain names: Blueprint v4 (ccisoexam.com 2026, medium-low); tags saved under "
                "v2/v3 names count under the v4 domain that absorbed them (domain_aliases). "
                "Rejected: '5 years across 3 of 5 domains' for everyone (eatsip365)."
            ),
            params={
                "required_years": 5,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": [name for name, _ in CCISO_V4],
                "domain_aliases": CCISO_ALIASES,
                "breadth": None,
                "per_domain": {
                    "years": 5,
                    "domains_required": 5,
                    "max_waiver_years_per_domain": 3,
                },
                "waivers": [],
                "max_waiver_years": 3,
                "routes": [
                    {
                        "id": "training",
                        "label": "with official EC-Council CCISO training (5 years in each of "
                        "3 of the 5 domains)",
                        "params": {"per_domain": {"domains_required": 3}},
                        "when": {"course_mentions": ["EC-Council", "CCISO"]},
                    }
                ],
                "caveats": [],
            },
        )
    )
    ceh_pool = [d["name"] for d in by_code["CEH"]["domains"]]
    rules.append(
        rule(
            "CEH",
            "experience",
            None,
            sources=src(
                "CEH",
                "https://www.infosecinstitute.com/resources/ceh/the-ceh-exam-application-process-rules-and-eligibility",
            ),
            as_of=RULES_RECHECKED,
            engineering=(
                "Self-study route: 2 years documented information-security work "
                "experience and a $100 eligibility application. Official training route: no "
                "experience needed ('routes': answered beside it, and followed once a completed "
                "course mentions EC-Council and CEH). An entry counts when tagged with any CEH "
                "blueprint domain."
            ),
            params={
                "required_years": 2,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": ceh_pool,
                "breadth": None,
                "waivers": [],
                "max_waiver_years": 0,
                "routes": [
                    {
                        "id": "training",
                        "label": "with official EC-Council training (no experience needed)",
                        "params": {"required_years": 0},
                        "when": {"course_mentions": ["EC-Council", "CEH"]},
                    }
                ],
                "caveats": [],
            },
        )
    )
    return rules


def rule(
    code: str,
    kind: str,
    effective_from: str | None,
    *,
    sources: list[str],
    engineering: str,
    params: dict[str, Any],
    notes: str | None = None,
    effective_to: str | None = None,
    key_suffix: str | None = None,
    as_of: str = VERIFIED,
) -> dict[str, Any]:
    """One rule. ``notes`` is what the person reads (default: ``USER_NOTES`` for the key);
    ``engineering`` is the builder's reasoning, kept in the data under ``engineering_notes``
    where no view shows it."""
    suffix = key_suffix or effective_from or "current"
    key = f"{code}/{kind}/{suffix}"
    if notes is None:
        if key not in USER_NOTES:
            raise SystemExit(f"{key}: no user-facing note in catalog_wording.USER_NOTES")
        notes = USER_NOTES[key]
    return {
        "key": key,
        "cert_code": code,
        "kind": kind,
        "effective_from": effective_from,
        "effective_to": effective_to,
        "as_of": as_of,
        "sources": list(dict.fromkeys(sources)),
        "notes": notes,
        "unverified": UNVERIFIED.get(key, ""),
        "engineering_notes": engineering,
        "params": params,
    }


# --------------------------------------------------------------------------------------------
# Sources in order of authority
# --------------------------------------------------------------------------------------------

# Hosts that are never a source: exam-dump and practice-question sellers, quiz and flash-card
# farms, recipe-style content farms, document-sharing mirrors and personal notes (none of them
# is an authority on an issuer's rules). Plain-http third-party pages go too.
BANNED_HOSTS = {
    "cciedump.spoto.net": "exam dumps",
    "killexams.com": "exam dumps",
    "certempire.com": "exam dumps",
    "edusum.com": "practice-question seller",
    "examos.io": "practice-question seller",
    "fullpracticetests.com": "practice-question seller",
    "jobtestsportal.com": "practice-question seller",
    "golearnquiz.com": "quiz farm",
    "flashgenius.net": "quiz farm",
    "certfun.com": "quiz farm",
    "trustedinstitute.com": "flash-card farm",
    "techexamlexicon-com.pages.dev": "glossary farm",
    "qeeebo.com": "Q&A content farm",
    "eatsip365.com": "content farm",
    "visualfoodie.com": "content farm",
    "winenfood.com": "content farm",
    "proitguides.dataroses.com": "content farm",
    "ngskmc-eis.net": "unrelated host",
    "sceduc.net": "unrelated host",
    "thomson.cx": "unrelated personal write-up",
    "docplayer.net": "document-sharing mirror",
    "fdocuments.in": "document-sharing mirror",
    "vdoc.tips": "document-sharing mirror",
    "github.com": "personal study notes",
    "techtarget.com": "practice quiz",
    "visiontrainingsystems.com": "free practice exam",
}


def _banned(url: str) -> bool:
    host = (urlsplit(url).hostname or "").casefold()
    return any(host == b or host.endswith("." + b) for b in BANNED_HOSTS)


def ordered_sources(urls: list[str], issuer: str) -> list[str]:
    """``urls`` without banned or plain-http third-party hosts, the issuer's own pages first
    (an issuer page cited over plain http is cited over https), each kept once."""
    kept: list[str] = []
    for url in urls:
        if url.startswith("http://"):
            secure = "https://" + url.removeprefix("http://")
            if not is_issuer_source(secure, issuer):
                continue
            url = secure
        if not _banned(url):
            kept.append(url)
    issuer_pages = [u for u in kept if is_issuer_source(u, issuer)]
    secondary = [u for u in kept if not is_issuer_source(u, issuer)]
    return list(dict.fromkeys(issuer_pages + secondary))


GIAC_RENEWAL = [
    "https://www.giac.org/certifications/renewal/published-work",
    "https://www.giac.org/certifications/renewal/post-graduate",
]
EC_COUNCIL_ECE = ("membership.html", "continuing-education-fees.html", "ece-policy.html")
# The issuer page that backs a rule, cited first (the certification's other issuer pages,
# about its exam or fees, follow).
RULE_FIRST: dict[str, list[str]] = {
    "CCSP/experience/current": [ISC2_FAQ, "https://japan.isc2.org/ccsp_outline.html"],
    "CPP/experience/2021-01-01": [
        "https://www.asisonline.org/Certification/Pages/Certification-Definitions.aspx"
    ],
    "GSEC/maintenance/current": GIAC_RENEWAL,
    "GCIH/maintenance/current": GIAC_RENEWAL,
    "GSLC/maintenance/current": GIAC_RENEWAL,
    "GSTRT/maintenance/current": GIAC_RENEWAL,
    "CIPP/E/maintenance/current": ["https://iapp.org/certify/cpe-policy/"],
    "CIPM/maintenance/current": ["https://iapp.org/certify/cpe-policy/"],
    "CIPT/maintenance/current": ["https://iapp.org/certify/cpe-policy/"],
    "CIPP/US/maintenance/current": ["https://iapp.org/certify/cpe-policy/"],
}
# Issuer pages that say nothing on a rule (EC-Council's continuing-education pages are about
# maintenance, not eligibility): left out of it, so that they do not pass for its backing.
RULE_EXCLUDE: dict[str, tuple[str, ...]] = {
    "CCISO/experience/current": EC_COUNCIL_ECE,
    "CEH/experience/current": EC_COUNCIL_ECE,
}


def finish_rule(rule_doc: dict[str, Any], issuer: str) -> None:
    """Order the rule's sources; a rule whose first source is not the issuer's page must say
    why it is unverified (an unverified rule may still cite issuer pages that support part of
    it)."""
    key = rule_doc["key"]
    first = RULE_FIRST.get(key, [])
    excluded = RULE_EXCLUDE.get(key, ())
    urls = [u for u in [*first, *rule_doc["sources"]] if not any(x in u for x in excluded)]
    sources = ordered_sources(urls, issuer)
    if not sources:
        raise SystemExit(f"{key}: no source left after removing banned hosts")
    if first and sources[0] != first[0]:
        raise SystemExit(f"{key}: {first[0]} is not an {issuer} page")
    rule_doc["sources"] = sources
    if not is_issuer_source(sources[0], issuer) and not rule_doc["unverified"]:
        raise SystemExit(f"{key}: no {issuer} page among its sources; add it to UNVERIFIED")


# --------------------------------------------------------------------------------------------
# Waiver lists (ISC2 approved credentials for the CISSP one-year waiver)
# --------------------------------------------------------------------------------------------

WAIVER_SOURCES = [
    ISC2_WAIVER_INSIGHTS,
    ISC2_WAIVER_THREAD,
    "https://cisspnow.com/",
    "https://blog.cissp.app/cissp-experience-waiver-april-2026",
    "https://cism.app/cissp-experience-waiver-2026-cism",
    "https://ccsp.app/",
    "https://certempire.com/",
    "https://trainingcamp.com/articles/"
    "isc2-cuts-cissp-experience-waiver-list-in-half-ceh-cisa-oscp-removed-april-2026/",
]


def waiver_lists() -> list[dict[str, Any]]:
    unknown_note = (
        " Unknown entries: ISC2's full list is not in the stored sources. The engine never "
        "counts a credential whose presence is not established (listed under 'unverified'); "
        "the answer tells the user their credential MAY qualify and to check ISC2's list. "
        "This avoids telling someone they are eligible when they might not be."
    )
    before = rule(
        "CISSP",
        "waiver_list",
        None,
        effective_to="2026-03-31",
        key_suffix="until-2026-03-31",
        sources=[ISC2_OLD_WAIVER_LIST, *WAIVER_SOURCES],
        engineering=(
            "ISC2 approved credentials for the one-year CISSP waiver, for applications submitted "
            "up to 2026-03-31 (~50-56 credentials). Established members (they were removed or "
            "kept in 2026, so they were on it): CEH, CISA, CRISC, OSCP, Azure Security Engineer "
            "(AZ-500), CISM, CCSP and 'most GIAC'. Older secondary sources also name CompTIA "
            "Security+ (2010) and CySA+ (GitHub test fixture) - unverified." + unknown_note
        ),
        params={
            "credentials": ["CEH", "CISA", "CRISC", "CISM", "CCSP"],
            "other_credentials": ["OSCP", "AZ-500"],
            "unverified": ["GSEC", "GCIH", "GSLC", "GSTRT", "Security+", "CySA+"],
            "unknown_policy": "not_counted",
        },
    )
    after = rule(
        "CISSP",
        "waiver_list",
        "2026-04-01",
        sources=WAIVER_SOURCES,
        engineering=(
            "From applications submitted on/after 2026-04-01 the list was cut to 25 credentials "
            "(ISC2 community thread 2025-10-25, ISC2 Insights 2026-05-18). Removed: CEH, CISA, "
            "CRISC, OSCP, AZ-500 and most GIAC. Remaining: CISM, CCSP (medium confidence). "
            "Conflicts: announcement date 2025-10-25 (cisspnow, citing the ISC2 thread) vs "
            "'December 2025' (blog.cissp.app, ccsp.app) - the ISC2 thread date was chosen; "
            "'~50 -> 25' vs '31 removed'. Status of Security+, CySA+, SecurityX, SSCP, CGEIT, "
            "GSLC, GSTRT is unknown." + unknown_note
        ),
        params={
            "credentials": ["CISM", "CCSP"],
            "other_credentials": [],
            "removed": ["CEH", "CISA", "CRISC", "OSCP", "AZ-500", "GSEC", "GCIH"],
            "unverified": ["Security+", "CySA+", "SecurityX", "SSCP", "CGEIT", "GSLC", "GSTRT"],
            "unknown_policy": "not_counted",
        },
    )
    return [before, after]


# --------------------------------------------------------------------------------------------
# Maintenance rules
# --------------------------------------------------------------------------------------------


# What follows the expiry date (the lifecycle: active -> in grace -> suspended or expired).
# Renewing is never assumed: the person records a new expiry. Issuers absent here (ISACA, GIAC,
# IAPP): no grace period in the sources, the credential reads expired the day after its expiry.
LAPSE: dict[str, dict[str, Any]] = {
    # isc2.org member policies v4.0: "All CPE activities must be earned and completed no later
    # than 90 days after the certification expiration date"; appeal policy: "All appeals need to
    # be submitted prior to the end of the 2-year suspension period ... If extension or appeal is
    # disapproved, the individual must retest to regain certification".
    "ISC2": {
        "grace_days": 90,
        "after_grace": "suspended",
        "suspended_years": 2,
        "grace_note": "ISC2: CPE and AMF may still be completed up to 90 days after the "
        "expiration date",
        "reinstate": "reinstate (submit the missing CPE, pay the AMF, appeal within the 2-year "
        "suspension) or re-certify (pass the exam again)",
    },
    # help.comptia.org: "CompTIA does offer a 30-day grace period after your expiration date to
    # pay any outstanding CE fees or upload CEUs. However, this grace period is not an extension
    # to complete additional CE activities"; "you'll need to pass the current exam to regain
    # certification" (an older copy of the page says 90 days; the current wording is kept).
    "CompTIA": {
        "grace_days": 30,
        "after_grace": "expired",
        "grace_note": "CompTIA: 30 days after the expiration date to pay CE fees or upload CEUs "
        "earned before it (not to earn new ones)",
        "reinstate": "re-certify (pass the current exam)",
    },
    # reference (cert_catalog.json, EC-Council maintenance): "Non-payment -> suspension after
    # 60-day grace, then revocation" (length of the suspension not found).
    "EC-Council": {
        "grace_days": 60,
        "after_grace": "suspended",
        "grace_note": "EC-Council: 60 days of grace before suspension",
        "reinstate": "reinstate with EC-Council (credits and fees due) or re-certify",
    },
    # rule_verification.md Q6 (asis.zendesk.com): "3-month grace period after the end date to
    # submit (not to earn) CPEs".
    "ASIS": {
        "grace_months": 3,
        "after_grace": "expired",
        "grace_note": "ASIS: 3 months after the end date to submit (not to earn) CPEs",
        "reinstate": "re-certify (pass the exam again)",
    },
}


def lapse_of(issuer: str) -> dict[str, Any] | None:
    for name, lapse in LAPSE.items():
        if issuer.startswith(name):
            return lapse
    return None


def maintenance_rules(by_code: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rules = []
    for code, cert in by_code.items():
        m = cert["maintenance"]
        issuer = cert["issuer"]
        if m["cycle_years"] is None:  # no renewal policy found (CCSK): no maintenance rule
            continue
        params: dict[str, Any] = {
            "cycle": {"kind": "anniversary", "years": m["cycle_years"]},
            "cpe_required": m["cpe_per_cycle"],
            "category_min": {},
            "category_max": {},
            "category_aliases": {},
            "default_category": None,
            "annual_minimum": m.get("cpe_min_per_year"),
            "suggested_per_year": m.get("cpe_suggested_per_year"),
            "fee": None,
            "endorsement_months": None,
        }
        first_sources: list[str] = []
        notes = m["notes"]
        engineering = ""
        if issuer == "ISC2":
            first_sources = [ISC2_MEMBER_POLICIES]
            group_a, group_b_max = ISC2_GROUPS[code]
            params["category_min"] = {"A": group_a} if group_a else {}
            params["category_max"] = {"B": group_b_max} if group_a else {}
            params["category_aliases"] = ISC2_CATEGORY_ALIASES
            params["default_category"] = "B"
            params["annual_minimum"] = None
            # One AMF per member whatever the number of credentials; US$50 for CC-only
            # members (rule_verification.md Q5): the budget books the highest per member/year.
            params["fee"] = {
                "amount_usd": m["annual_fee_usd"],
                "period": "year",
                "due": "anniversary",
                "one_per_member_of": "ISC2",
            }
            engineering += (
                " Engine: cycle = 3 years from the certification date; Group A minimum "
                f"{group_a}, Group B counts at most {group_b_max}; an activity without a "
                "category counts as Group B. No hard annual minimum (ISC2 policy table says "
                "'Suggested Annual'; prep sites claiming 40/yr or 20 Group A/yr rejected). "
                "AMF shown on the certification anniversary (due date not in the sources); one "
                "AMF a year per member whatever the number of credentials (US$135, US$50 "
                "CC-only)."
            )
            notes += (
                ISC2_ASSUMES.format(a=group_a, b=group_b_max) if group_a else ISC2_ASSUMES_NO_GROUPS
            )
            rollover_max = ISC2_ROLLOVER_MAX.get(code)
            if rollover_max is not None:
                params["rollover"] = {"category": "A", "max": rollover_max, "last_months": 6}
                first_sources += [ISC2_FAQ, ISC2_ROLLOVER_THREAD]
                notes += ISC2_ROLLOVER.format(n=rollover_max)
                engineering += (
                    f" Rollover: Group A credits earned in the last 6 months of a cycle beyond "
                    f"its requirement count toward the next cycle, up to {rollover_max} (ISC2 "
                    "FAQ: 'CPEs can rollover from the third year to the first year (of the new "
                    "three-year cycle) if earned in excess of the minimum requirement within the "
                    "last six months of the cycle'; no rollover for Group B)."
                )
            if code not in ISC2_NOT_ENDORSED:
                params["endorsement_months"] = 9
                first_sources += [ISC2_ENDORSEMENT_TIME_LIMIT, ISC2_ENDORSEMENT]
                notes += ISC2_ENDORSEMENT_NOTE
                engineering += (
                    " Endorsement: within 9 months of the exam (ISC2: candidates who pass 'must "
                    "receive their endorsement within nine (9) months from the date they "
                    "receive their examination pass notice'; 'This requirement applies to all "
                    "credentials'); the exam date stands for the pass notice."
                )
        elif issuer == "ISACA":
            first_sources = []
            params["cycle"] = {"kind": "calendar_after_award", "years": 3}
            params["fee"] = {
                "amount_usd": m["annual_fee_usd"],
                "period": "year",
                "due": "january_1",
            }
            notes += ISACA_ASSUMES
            engineering += (
                " Engine: fixed 3-year periods of calendar years starting 1 January after "
                "certification; 20 CPE in each calendar year and 120 per period. Annual fee "
                "($85 non-member) shown on 1 January (billing date not in the sources)."
            )
        elif issuer.startswith("ASIS"):
            first_sources = [ASIS_RECERT, ASIS_ZENDESK, ASIS_SE_2018]
            params["cycle"] = {
                "kind": "asis",
                "years": 3,
                "rolling_since": "2018-01-01",
            }
            params["category_max"] = {
                "Membership": 24,
                "Instructor": 30,
                "Volunteer": 30,
                "Safety": 21,
            }
            params["category_aliases"] = ASIS_CATEGORY_ALIASES
            params["default_category"] = "Educational"
            params["fee"] = {
                "amount_usd": m["recert_fee_per_cycle_usd"],
                "period": "cycle",
                "due": "cycle_end",
                "confidence": "low",
            }
            notes += ASIS_ASSUMES
            engineering += (
                " Engine: certified on/after 2018-01-01 -> rolling 3-year cycles ending on the "
                "last day of the month (1 May 2021 - 31 May 2024, next cycle from 1 Jun 2024); "
                "earlier certificants -> first cycle ends 31 December of the third full "
                "calendar year after passing, then 3 calendar years (legacy rule, old "
                "asisonline FAQ). Caps: Membership 24, Instructor 30, Volunteer 30, safety-"
                "related 21 (use the category 'Safety'). Older 2014 rule (volunteer <=50%) "
                "superseded. Recertification fee $90 (low confidence) shown at the cycle end."
            )
        elif issuer == "EC-Council":
            params["fee"] = {
                "amount_usd": m["annual_fee_usd"],
                "period": "year",
                "due": "anniversary",
            }
            notes += EC_COUNCIL_ASSUMES
            engineering += (
                " Engine: 3-year window from the certification date; no annual minimum "
                "(Techopedia's 30/yr not confirmed by EC-Council). Fee shown on the "
                "certification anniversary."
            )
        elif issuer == "CompTIA":
            params["fee"] = {
                "amount_usd": m["annual_fee_usd"],
                "period": "year",
                "due": "anniversary",
            }
            notes += COMPTIA_ASSUMES
            engineering += " Engine: 3-year cycle from the certification date."
        elif issuer.startswith("GIAC"):
            params["fee"] = {
                "amount_usd": m["renewal_fee_per_cycle_usd"],
                "period": "cycle",
                "due": "cycle_end",
            }
            notes += GIAC_ASSUMES
            engineering += " Engine: 4-year cycle from the certification date; fee at renewal."
        elif issuer == "IAPP":
            params["fee"] = {
                "amount_usd": m["cycle_fee_usd"],
                "period": "cycle",
                "due": "cycle_end",
                "note": "waived for IAPP members",
            }
            notes += IAPP_ASSUMES
            engineering += " Engine: 2-year term from the certification date; fee per term."
        elif issuer in ("PECB", "PMI"):
            yearly = m.get("annual_fee_usd") is not None
            params["fee"] = {
                "amount_usd": m["annual_fee_usd"] if yearly else m["cycle_fee_usd"],
                "period": "year" if yearly else "cycle",
                "due": "anniversary" if yearly else "cycle_end",
            }
            when = "each year on your anniversary" if yearly else "at its end"
            notes += OTHER_ASSUMES.format(years=m["cycle_years"], fee=when)
            engineering += f" Engine: {m['cycle_years']}-year cycle from the certification date."
        else:
            raise SystemExit(f"{code}: no maintenance rule for issuer {issuer}")
        lapse = lapse_of(issuer)
        if lapse is not None:
            params["lapse"] = lapse
            notes += LAPSE_NOTE.format(note=lapse["grace_note"], then=lapse["after_grace"])
            engineering += f" Lapse: {lapse['grace_note']}; then {lapse['after_grace']}."
            if issuer == "ISC2":
                first_sources.append(ISC2_MEMBER_POLICIES)
            if issuer == "CompTIA":
                first_sources.append(COMPTIA_RENEWAL_HELP)
        rules.append(
            rule(
                code,
                "maintenance",
                None,
                # An eligibility page ("How to become certified") says nothing on renewal.
                sources=first_sources
                + [u for u in cert["sources"] if "How-to-Become-Certified" not in u],
                notes=notes,
                engineering=engineering.strip(),
                params=params,
                as_of=LIFECYCLE_CHECKED
                if issuer == "CompTIA"
                else RULES_RECHECKED
                if issuer == "ISC2"
                else VERIFIED
                if issuer == "ISACA" or "ASIS" in issuer
                else RESEARCHED,
            )
        )
    return rules


# --------------------------------------------------------------------------------------------
# Certifications and roles
# --------------------------------------------------------------------------------------------


def certification_entry(cert: dict[str, Any]) -> dict[str, Any]:
    m = cert["maintenance"]
    p = cert["prerequisites"]
    fees = {
        "exam_price_usd": cert["exam"].get("price_usd"),
        "exam_price_as_of": cert["exam"].get("price_as_of"),
        "annual_fee_usd": m.get("annual_fee_usd"),
        "recert_fee_per_cycle_usd": m.get("recert_fee_per_cycle_usd"),
        "renewal_fee_per_cycle_usd": m.get("renewal_fee_per_cycle_usd"),
        "cycle_fee_usd": m.get("cycle_fee_usd"),
    }
    if "recert_fee_note" in m:
        fees["recert_fee_note"] = m["recert_fee_note"]
    exam = {k: v for k, v in cert["exam"].items() if k not in ("price_usd", "price_as_of")}
    details: dict[str, Any] = {
        "exam": exam,
        "fees": {k: v for k, v in fees.items() if v is not None},
        "prerequisites": {
            "experience_years": p["experience_years"],
            "waivers": [
                {k: v for k, v in w.items()} for w in p["waiver_rules"] if w["years_waived"]
            ],
            "max_waiver_years": p["max_waiver_years"],
            "text": p["notes"],
        },
        "maintenance": {
            "cycle_years": m["cycle_years"],
            "cpe_per_cycle": m["cpe_per_cycle"],
            "cpe_min_per_year": m.get("cpe_min_per_year"),
            "cpe_suggested_per_year": m.get("cpe_suggested_per_year"),
            "text": m["notes"],
        },
        "typical_prior": cert.get("typical_prior", []),
        "typical_next": cert.get("typical_next", []),
        "sources": ordered_sources(cert["sources"], cert["issuer"]),
        "confidence": CONFIDENCE.get(cert["code"], "see sources"),
    }
    for extra in ("domains_confidence",):
        if extra in cert:
            details[extra] = cert[extra]
    return {
        "code": cert["code"],
        "name": cert["name"],
        "issuer": cert["issuer"],
        "issuer_url": issuer_site(cert["issuer"]),
        "level": cert["level"],
        "area": cert["domain"],
        "domains": [
            {"name": d["name"], "weight_percent": d["weight_percent"]} for d in cert["domains"]
        ],
        "details": details,
    }


def apply_text_fixes(by_code: dict[str, dict[str, Any]]) -> None:
    """Reference wording about the research, reworded for the person (catalog_wording)."""
    for code, field, before, after in TEXT_FIXES:
        section = by_code[code][field]
        if before not in section["notes"]:
            raise SystemExit(f"{code}.{field}: text to reword not found: {before!r}")
        section["notes"] = section["notes"].replace(before, after)


def reworded(value: Any) -> Any:
    """``value`` with DETAIL_REWORDING applied to every string in it."""
    if isinstance(value, str):
        for before, after in DETAIL_REWORDING:
            value = value.replace(before, after)
        return value
    if isinstance(value, dict):
        return {k: reworded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reworded(v) for v in value]
    return value


def role_entry(role: dict[str, Any]) -> dict[str, Any]:
    years = role["typical_experience_years"]
    return {
        "order": role["order"],
        "role": role["role"],
        "level": role["level"],
        "typical_experience_years": {"min": years.get("min"), "max": years.get("max")},
        "experience_basis": years.get("basis", ""),
        "typical_certifications": role["typical_certifications"],
        "salary_data": [
            {k: s.get(k) for k in ("figure", "as_of", "source", "reliability")}
            for s in role.get("salary_data", [])
        ],
        "sources": role.get("sources", []),
    }


def build() -> dict[str, Any]:
    certs, roles = load_reference()
    by_code = {c["code"]: copy.deepcopy(c) for c in certs}
    apply_corrections(by_code)
    apply_text_fixes(by_code)
    added = [rule(**spec) for spec in EXPERIENCE_RULES]
    rules = experience_rules(by_code) + added + waiver_lists() + maintenance_rules(by_code)
    keys = [r["key"] for r in rules]
    if len(keys) != len(set(keys)):
        raise SystemExit("duplicate rule keys")
    for rule_doc in rules:
        finish_rule(rule_doc, by_code[rule_doc["cert_code"]]["issuer"])
    stale = set(UNVERIFIED) - set(keys)
    if stale:
        raise SystemExit(f"UNVERIFIED names rules that do not exist: {sorted(stale)}")
    return {
        "catalog_version": CATALOG_VERSION,
        "certifications": [reworded(certification_entry(by_code[c["code"]])) for c in certs],
        "rules": rules,
        "roles": [reworded(role_entry(r)) for r in sorted(roles, key=lambda r: r["order"])],
    }


def main(argv: list[str] | None = None) -> int:
    """Write the bundled catalog, or with ``--out FILE.json`` a catalog file for an offline
    update (``cso-planner catalog update FILE.json``, Tools → Update catalog from file…)."""
    args = sys.argv[1:] if argv is None else argv
    output = OUTPUT
    if args[:1] == ["--out"] and len(args) == 2:
        output = pathlib.Path(args[1])
    elif args:
        raise SystemExit("usage: build_catalog.py [--out FILE.json]")
    document = build()
    output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(
        f"wrote {output} ({len(document['certifications'])} certifications, "
        f"{len(document['rules'])} rules)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
