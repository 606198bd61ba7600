"""What the person reads about each rule (``notes``), and why a rule is unverified.

Kept apart from ``build_catalog.py`` so that the wording a person sees can be reviewed on its
own. Rule notes say what the rule says, what CSO Planner assumes where the issuer is silent and
where the sources disagree - in words for the person, never about the code. The builder keeps
its own reasoning (parameter choices, rejected sources) under ``engineering_notes``, which no
view shows.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Experience and waiver-list rules, by rule key
# --------------------------------------------------------------------------------------------

USER_NOTES: dict[str, str] = {
    "CISSP/experience/current": (
        "You need 5 years of cumulative paid or unpaid (internship) work in at least 2 of the 8 "
        "CISSP domains. One year at most can be waived in total: for a bachelor's or master's "
        "degree in computer science, IT or a related field, or for a credential on ISC2's "
        "approved list (see the approved waiver list, which changed on 1 April 2026). ISC2 "
        "counts 35 hours a week or more as full time; part-time work of 20 to 34 hours a week "
        "counts by the hour (1,040 hours = 6 months); work under 20 hours a week does not "
        "count. Older ISC2 wording accepted any four-year degree; ISC2's current page asks for "
        "computer science, IT or a related field, and that is what CSO Planner uses."
    ),
    "SSCP/experience/current": (
        "You need 1 year of cumulative work in at least 1 of the 7 SSCP domains. A bachelor's "
        "or master's degree in computer science, IT or a related field waives the whole year. "
        "Older SSCP outlines (2018, 2021) asked for a degree in a cybersecurity programme; "
        "ISC2's current page says computer science, IT or related, and CSO Planner follows it. "
        "The same hours rule as CISSP applies (35 hours a week or more is full time; 20 to 34 "
        "hours counts by the hour). With an undated degree you are eligible, but there is no "
        "date to show."
    ),
    "CCSP/experience/current": (
        "You need 5 years of cumulative paid full-time IT work, of which 3 years in "
        "information security and 1 year in one or more of the 6 CCSP domains. Holding CISSP "
        "replaces the whole requirement. The CSA CCSK certificate can be substituted for the "
        "one year in the CCSP domains, so with CCSK you need 4 years of IT work, 3 of them in "
        "security. CSO Planner counts a job as IT work when you tagged it with the domains of "
        "an IT or security certification, and as information security when tagged for a "
        "security one. ISC2's CCSP wording says 'paid' work, so unpaid work is not counted "
        "(the CISSP page does accept unpaid internships). No source says whether a degree "
        "waives a year for CCSP, so none is applied."
    ),
    "CISM/experience/current": (
        "You need 5 years of information security work, of which at least 3 years in "
        "information security management across at least 3 of the 4 job-practice domains. "
        "Waivers of up to 2 years in total replace general experience, never the 3 management "
        "years: CISA or CISSP in good standing, or a post-graduate degree in information "
        "security or a related field (2 years); a skill-based security certification such as "
        "GIAC, Security+ or CBCP (1 year). ISACA also lists one year of IS-management or "
        "security-management experience and a Model-Curriculum programme (1 year each), which "
        "CSO Planner cannot tell apart from your other entries, so it does not apply them. "
        "Only experience from the 10 years before the day you apply counts, and you must apply "
        "within 5 years of passing the exam. Some prep sites say '5 years plus 2 years of "
        "management'; ISACA's application forms say 3 of the 5 years must be management."
    ),
    "CISA/experience/current": (
        "You need 5 years of IS audit, control, assurance or security work. Waivers, at most 3 "
        "years in total: 60 or 120 university credit hours (a 2- or 4-year degree) waive 1 or 2 "
        "years (CSO Planner reads an associate degree as 1 and a bachelor's or higher as 2); a "
        "master's in information security or IT waives 1 more year. ISACA also lists a year of "
        "IS or non-IS audit experience, a Model-Curricula degree and 2 years as a university "
        "instructor (1 year each), which CSO Planner does not apply. Only experience from the "
        "10 years before you apply counts (the credit-hour waivers are not limited by it), and "
        "you must apply within 5 years of passing the exam."
    ),
    "CRISC/experience/current": (
        "You need 3 years of cumulative IT risk management or IS control work across at least "
        "2 of the 4 domains, one of them Governance or IT Risk Assessment. No waivers are "
        "reported. Only experience from the 10 years before you apply counts, and you must "
        "apply within 5 years of passing the exam."
    ),
    "CGEIT/experience/current": (
        "You need 5 years managing, advising or supporting the governance of enterprise IT, "
        "including at least 1 year in Governance of Enterprise IT (framework work) and "
        "experience in 2 or more of the other domains. A post-graduate degree may substitute "
        "up to 2 years; this comes from an ISACA page for the 2008-2012 exams and may no "
        "longer apply. Only experience from the 10 years before you apply counts, and you must "
        "apply within 5 years of passing the exam."
    ),
    "CPP/experience/2016-01-01": (
        "ASIS's rule before 2021: 9 years of security experience, or 7 with a bachelor's degree "
        "or higher, including 3 years in responsible charge of a security function. ASIS "
        "replaced it in 2021; the exact day was not published, and CSO Planner assumes 1 "
        "January 2021."
    ),
    "CPP/experience/2021-01-01": (
        "You need 7 years of security experience without a degree, 6 with a bachelor's or 5 "
        "with a master's, each including 3 years in responsible charge of a security function "
        "(mark those jobs as management). ASIS's own 2021 summary says 'five to seven years of "
        "security experience, and three years in charge of a security function'; the exact "
        "7/6/5 split comes from a 2026 secondary source. Whether holding APP still shortens the "
        "CPP requirement after 2021 was not found, so it does not. ASIS also requires current "
        "full-time employment in a security role."
    ),
    "PSP/experience/current": (
        "You need 5 years of physical-security experience without a degree (4 if you hold "
        "APP), 4 with a bachelor's (3 with APP) or 3 with a master's; together the degree and "
        "APP shorten it by 2 years at most. This matches ASIS's 2021 summary ('three to five "
        "years'); older chapter pages with 6 years are from before 2021. ASIS also requires "
        "current full-time employment in a security role."
    ),
    "APP/experience/current": (
        "You need 3 years of security-management experience without a degree, 2 with a "
        "bachelor's or 1 with a master's; the jobs need not be marked as management. This "
        "matches ASIS's 2021 summary ('one to three years'). One 2026 prep site says APP has "
        "no experience prerequisite; ASIS's own summary contradicts it. ASIS also requires "
        "current full-time employment in a security role."
    ),
    "CCISO/experience/current": (
        "Self-study: 5 years of experience in each of the 5 CCISO domains. With official "
        "EC-Council CCISO training: 5 years in each of at least 3 of the 5 domains (the answer "
        "shows this route too, and follows it once you complete a course whose provider, title "
        "or plan item mentions EC-Council and CCISO). Certifications and education can waive "
        "at most 3 years per domain, but EC-Council's list of which one waives which domain "
        "was not found, so no waiver is applied - add yours with Edit rule. Domain names are "
        "those of Blueprint v4 (from a 2026 prep site, medium-low confidence); jobs you tagged "
        "with the older domain names count under the v4 domain that absorbed them."
    ),
    "CEH/experience/current": (
        "Self-study: 2 years of documented information security work and a $100 eligibility "
        "application. With official EC-Council training no experience is needed (the answer "
        "shows this route too, and follows it once you complete a course that mentions "
        "EC-Council and CEH). A job counts when you tagged it with any CEH domain."
    ),
    "CISSP/waiver_list/until-2026-03-31": (
        "ISC2's approved credentials for the one-year CISSP waiver, for applications submitted "
        "up to 31 March 2026 (about 50 credentials). Known to have been on it: CEH, CISA, "
        "CRISC, OSCP, Azure Security Engineer (AZ-500), CISM, CCSP and most GIAC "
        "certifications. Older secondary sources also name CompTIA Security+ and CySA+, which "
        "could not be confirmed. ISC2's full list is not available to CSO Planner: a "
        "credential not confirmed on it is not counted, and the answer tells you it MAY "
        "qualify so that you can check ISC2's list."
    ),
    "CISSP/waiver_list/2026-04-01": (
        "For applications submitted on or after 1 April 2026, ISC2 cut the list to 25 "
        "credentials (ISC2 community announcement, October 2025; ISC2 Insights, May 2026). "
        "Removed: CEH, CISA, CRISC, OSCP, AZ-500 and most GIAC certifications. Still on it: "
        "CISM and CCSP (medium confidence). Sources disagree on when the change was announced "
        "(October or December 2025) and on how many were removed (about 25 or 31). Whether "
        "Security+, CySA+, SecurityX, SSCP, CGEIT, GSLC and GSTRT remain is not known: they are "
        "not counted, and the answer tells you they MAY qualify."
    ),
}

# --------------------------------------------------------------------------------------------
# What CSO Planner assumes for a maintenance rule, by issuer (appended to the issuer's facts)
# --------------------------------------------------------------------------------------------

ISC2_ASSUMES = (
    " CSO Planner counts a 3-year cycle from your certification date, with at least {a} "
    "Group A credits and at most {b} Group B credits; a credit without a category counts as "
    "Group B. ISC2's yearly figures are suggestions, not minimums (some prep sites claim 40 a "
    "year or 20 Group A a year; ISC2's policy table does not). The annual maintenance fee is "
    "shown on your certification anniversary (ISC2 does not say which day it is due) and "
    "only once a year however many ISC2 certifications you hold (US$135; US$50 with CC "
    "only)."
)
ISC2_ASSUMES_NO_GROUPS = (
    " CSO Planner counts a 3-year cycle from your certification date and every credit, "
    "whatever its group (ISC2 gives no split). The annual maintenance fee is shown on your "
    "certification anniversary and only once a year however many ISC2 certifications you "
    "hold."
)
# After the expiry date (the issuer's grace period, then suspended or expired).
LAPSE_NOTE = " After the expiry date: {note}; then the credential is {then}."
OTHER_ASSUMES = (
    " CSO Planner counts a {years}-year cycle from your certification date and shows the fee {fee}."
)
ISC2_ROLLOVER = (
    " Group A credits earned in the last 6 months of a cycle beyond its requirement count "
    "toward the next cycle, up to {n} (ISC2 FAQ); Group B credits never roll over."
)
ISC2_ENDORSEMENT_NOTE = (
    " After the exam you must be endorsed within 9 months of your pass notice (ISC2: 'This "
    "requirement applies to all credentials'); CSO Planner counts from the exam date."
)
ISACA_ASSUMES = (
    " CSO Planner counts fixed 3-year periods of calendar years, starting on 1 January after "
    "you are certified: 20 CPE in each calendar year and 120 in each period. The annual fee "
    "($85 for non-members) is shown on 1 January (ISACA's billing day was not found)."
)
ASIS_ASSUMES = (
    " CSO Planner's cycle: certified on or after 1 January 2018, 3 years ending on the last "
    "day of the month (1 May 2021 - 31 May 2024, the next cycle from 1 June 2024); certified "
    "earlier, the first cycle ends on 31 December of the third full calendar year after you "
    "passed, then every 3 calendar years. Caps: Membership 24, Instructor 30, Volunteer 30, "
    "safety-related learning 21 (use the category 'Safety'). The recertification fee ($90, "
    "low confidence) is shown at the end of the cycle."
)
EC_COUNCIL_ASSUMES = (
    " CSO Planner counts a 3-year window from your certification date with no yearly "
    "minimum (a 30-a-year minimum on Techopedia is not confirmed by EC-Council) and shows the "
    "fee on your certification anniversary."
)
COMPTIA_ASSUMES = " CSO Planner counts a 3-year cycle from your certification date."
GIAC_ASSUMES = (
    " CSO Planner counts a 4-year cycle from your certification date, with the renewal fee at "
    "its end."
)
IAPP_ASSUMES = (
    " CSO Planner counts a 2-year term from your certification date, with the fee (waived for "
    "IAPP members) at its end."
)

# Reference wording that speaks about the research rather than to the person: (code, field,
# old, new). Applied by the builder after the corrections of rule_verification.md.
TEXT_FIXES: list[tuple[str, str, str, str]] = [
    (
        "CC",
        "maintenance",
        "AMF $50 (GitHub study notes l0gique/certified-in-cybersec-notes; not confirmed on an "
        "isc2.org page in the corpus).",
        "AMF $50 (from study notes; not confirmed on an ISC2 page).",
    ),
    (
        "CCSP",
        "prerequisites",
        " (sub-requirements the app must check separately)",
        "",
    ),
    (
        "CPP",
        "prerequisites",
        " Values encoded here follow (c) and need confirmation on asisonline.org.",
        " CSO Planner uses (c), which ASIS has not confirmed.",
    ),
    (
        "Network+",
        "prerequisites",
        "CompTIA's exact recommendation not captured",
        "CompTIA's exact recommendation was not found",
    ),
]

# Research shorthand in the reference facts, reworded wherever a certification's details are
# shown (exam, fees, prerequisites, maintenance): (old, new), applied in order.
DETAIL_REWORDING: list[tuple[str, str]] = [
    ("via the CC research brief, ", "read "),
    ("SSCP brief ", "read "),
    ("not found in corpus", "not found in the sources"),
    ("not in corpus", "not among the sources"),
    ("in the corpus", "in the sources"),
    ("in corpus", "in the sources"),
]

# --------------------------------------------------------------------------------------------
# Rules no issuer page backs: why (shown as "Unverified: ...")
# --------------------------------------------------------------------------------------------

_ISACA_PAGE = (
    "ISACA's own page for this rule is not among the stored copies CSO Planner was built from; "
)
UNVERIFIED: dict[str, str] = {
    "CISM/experience/current": _ISACA_PAGE
    + "the rule follows ISACA's application forms and waiver text as reproduced by training "
    "providers.",
    "CISA/experience/current": _ISACA_PAGE
    + "the rule follows ISACA text reproduced in 2013-2016 and a training provider; ISACA may "
    "have changed it since.",
    "CRISC/experience/current": _ISACA_PAGE + "the rule comes from 2026 prep sites.",
    "CISM/maintenance/current": _ISACA_PAGE
    + "the CPE figures and fees come from secondary sources that agree.",
    "CISA/maintenance/current": _ISACA_PAGE
    + "the CPE figures and fees come from secondary sources that agree.",
    "CRISC/maintenance/current": _ISACA_PAGE
    + "the CPE figures and fees come from secondary sources that agree.",
    "CGEIT/maintenance/current": _ISACA_PAGE
    + "the CPE figures and fees come from secondary sources that agree.",
    "CPP/experience/2021-01-01": (
        "ASIS's own 2021 summary gives only the range (five to seven years); the exact split by "
        "degree comes from a 2026 secondary source."
    ),
    "PSP/experience/current": (
        "ASIS's eligibility page for PSP is not among the stored copies CSO Planner was built "
        "from; the years by degree come from a prep site and match ASIS's 2021 range (three to "
        "five years)."
    ),
    "APP/experience/current": (
        "ASIS's eligibility page for APP is not among the stored copies CSO Planner was built "
        "from; the years by degree come from a prep site and match ASIS's 2021 range (one to "
        "three years)."
    ),
    "CCISO/experience/current": (
        "EC-Council's eligibility page is not among the stored copies CSO Planner was built "
        "from; the rule follows EC-Council's self-assessment form as reproduced by a training "
        "partner, and a 2026 prep site for the domain names."
    ),
    "CEH/experience/current": (
        "EC-Council's eligibility page is not among the stored copies CSO Planner was built "
        "from; the rule follows EC-Council's wording as reproduced by InfoSec Institute."
    ),
}
