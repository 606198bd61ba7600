"""Credentials of the whole path beyond the 24 of ``../shared/reference/cert_catalog.json``.

Issue 14, item 3: the CISSP concentrations, CSSLP, CGRC, CDPSE, CCSK, PCI, CASP+ (SecurityX's
former name), GIAC GCIA/GCFA/GPEN, PECB ISO/IEC 27001 Lead Implementer and Lead Auditor, PMP,
CIPT and CIPP/US. Each entry has the reference file's shape (so the builder treats it like the
others) and cites what was read in the stored copies of public pages on ``READ_ON``; a fact no
stored page gave is left empty (``None``) and said so in the text, never guessed.

``EXPERIENCE_RULES`` holds the experience rules of those with an experience prerequisite
(keyword arguments of the builder's ``rule()``); the others have none ("No experience
prerequisite"). ``ROLE_ADDITIONS`` places each on the role ladder the wizard builds plans from.
"""

from __future__ import annotations

from typing import Any

READ_ON = "2026-12-04"

ISC2_CONCENTRATIONS = (
    "https://www.isc2.org/Insights/2023/10/Additional-Non-CISSP-Path-to-ISSAP-ISSEP-and-ISSMP-"
    "Certification"
)
ISSMP_OUTLINE = "https://www.isc2.org/certifications/issmp/issmp-certification-exam-outline"
ISSMP_OUTLINE_2018 = "https://www.isc2.org/ISSMP-Exam-Outline-Effective-May-2018"
INFOSEC_CONCENTRATIONS = "https://infosecinstitute.com/certification/cissp-concentrations"
ISC2_MEMBER_POLICIES = "https://www.isc2.org/policies-procedures/member-policies"
ISC2_CREDENTIALS_OLD = "https://www.isc2.org/about-isc2-credentials.aspx"
CSSLP_EXPERIENCE = "https://www.isc2.org/csslp-professional-experience.aspx"
CSSLP_ACE = (
    "https://www.acenet.edu/National-Guide/Pages/Course.aspx?org=International+Information+"
    "System+Security+Certification+Consortium+ISC2&cid=27bbc05a-1609-ed11-82e4-000d3a315529&"
    "oid=34099b28-9016-e811-810f-5065f38bf0e1"
)
CCSK_FAQ = "https://cloudsecurityalliance.org/education/ccsk-faq/"
CCSK_FAQ_2010 = "https://www.cloudsecurityalliance.org/ccsk_faq.html"
CCSK_GUIDE_2026 = (
    "https://ccskpracticetest.web.app/blog/ccsk-exam-guide-format-cost-pass-rate-and-"
    "preparation-2026"
)
ISC2_JAPAN_CCSP = "https://japan.isc2.org/ccsp_outline.html"
CDPSE_MAINTENANCE = (
    "https://resources.infosecinstitute.com/certification/maintaining-your-cdpse-cpe-and-"
    "renewal-requirements/"
)
CDPSE_DOMAINS = (
    "https://resources.infosecinstitute.com/certification/isaca-cdpse-certification-exam-"
    "overview-of-domains/"
)
ASIS_RECERT = "https://www.asisonline.org/certification/recertification/"
PCI_CHAPTER_SF = "https://sfasis-website.glueuphosting.com/professional-certified-investigator-pci"
PCI_CHAPTER_NYC = (
    "https://asisnyc.org/resources/certification/professional-certified-investigator-pci/"
)
PCI_PREP = "https://testpreptraining.com/tutorial/professional-certified-investigator-pci"
PCI_STUDY = "https://securityexperts.ae/lesson/section-1-1-the-professional-investigator/"
COMPTIA_CE = (
    "https://www.comptia.org/continuing-education/choose/renewing-with-multiple-activities/"
    "training-and-higher-education"
)
SECURITYX_HISTORY = "https://securityxtest.com/blog/what-is-securityx"
SECUSPARK_CE = "https://www.secuspark.com/faq/how-to-renew-comptia-certification"
GIAC_RENEWAL_PUBLISHED = "https://www.giac.org/certifications/renewal/published-work"
GIAC_RENEWAL_GRADUATE = "https://www.giac.org/certifications/renewal/post-graduate"
GIAC_PRICE_2026 = "https://gcihexam.com/blog/gcih-renewal-requirements-cpe-credits-and-costs-2026"
PECB_MAINTENANCE = "https://pecb.com/en/certification-maintenance"
PECB_SUPPORT = (
    "https://support.pecb.com/what-are-the-requirements-for-maintaining-a-pecb-certificate"
)
PECB_LA_TABLE = "https://edutrainings.eu/training/iso-iec-27001-lead-auditor"
PECB_LI_2021 = (
    "https://runmodule.com/2022/02/01/how-to-get-pecb-isoiec-27001-lead-implementer-certification"
)
PMP_HK_FAQ = "https://www.pmi.org.hk/pmp-exam-taking/"
PMP_OVERVIEW = "https://techoral.com/pmp/pmp-exam-overview.html"
PMP_PATHS = "https://www.greentech-consulting.com/blogs/pmi-eligibility-guide"
PMP_FEES = "https://eliteminds.co/blog/pmp-exam-study-plan"
PMP_RENEWAL = "https://tspknowledgebase.com/how-to-maintain-the-pmp-certification"
PMP_RENEWAL_FEE = (
    "https://www.edureka.co/community/79575/project-management-professional-certificate-renewal"
)
IAPP_FAQ = "https://iapp.org/certify/faqs/"
IAPP_CPE = "https://iapp.org/certify/cpe-policy/"
IAPP_PASSING = "https://privacybootcamp.com/Resources/Article/What-Is-a-Passing-Score-on-IAPP-Exams"


def _exam(
    questions: int | None = None,
    minutes: int | None = None,
    *,
    passing: str | None = None,
    price: float | None = None,
    price_as_of: str | None = None,
    notes: str,
    questions_min: int | None = None,
) -> dict[str, Any]:
    return {
        "questions": questions,
        "questions_min": questions_min,
        "minutes": minutes,
        "passing_score": passing,
        "price_usd": price,
        "price_as_of": price_as_of,
        "format_notes": notes,
    }


def _prerequisites(
    years: float,
    notes: str,
    *,
    pool: list[str] | None = None,
    domains_required: int | None = None,
    waivers: list[dict[str, Any]] | None = None,
    max_waiver: float = 0,
) -> dict[str, Any]:
    return {
        "experience_years": years,
        "experience_domains_required": domains_required,
        "experience_domain_pool": pool or [],
        "waiver_rules": waivers or [],
        "max_waiver_years": max_waiver,
        "notes": notes,
    }


def _domains(*names: str, weights: tuple[float, ...] | None = None) -> list[dict[str, Any]]:
    return [
        {"name": n, "weight_percent": None if weights is None else weights[i]}
        for i, n in enumerate(names)
    ]


def _cert(
    code: str,
    name: str,
    issuer: str,
    level: str,
    area: str,
    *,
    exam: dict[str, Any],
    prerequisites: dict[str, Any],
    maintenance: dict[str, Any],
    sources: list[str],
    domains: list[dict[str, Any]] | None = None,
    prior: list[str] | None = None,
    following: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "issuer": issuer,
        "level": level,
        "domain": area,
        "exam": exam,
        "prerequisites": prerequisites,
        "domains": domains or [],
        "maintenance": maintenance,
        "typical_prior": prior or [],
        "typical_next": following or [],
        "sources": sources,
    }


def _isc2_maintenance(cpe: int, suggested: int | None, notes: str) -> dict[str, Any]:
    return {
        "cycle_years": 3,
        "cpe_per_cycle": cpe,
        "cpe_min_per_year": None,
        "cpe_suggested_per_year": suggested,
        "annual_fee_usd": 135,
        "notes": notes,
    }


ISSMP_DOMAINS = [
    "Leadership and Organizational Management",
    "Systems Lifecycle Management",
    "Risk Management",
    "Security Operations",
    "Contingency Management",
    "Law, Ethics and Security Compliance Management",
]
CONCENTRATION_PREREQ = (
    "Two paths (ISC2, since 23 October 2023). With CISSP in good standing: 2 years of "
    "cumulative full-time experience in the {area} domains. Without CISSP: 7 years in two or "
    "more of the domains; a bachelor's or master's in computer science, IT or a related field, "
    "or a credential on ISC2's approved list, may satisfy one of them. Part-time work and "
    "internships may count."
)
CONCENTRATION_MAINTENANCE = (
    "With CISSP: 60 CPE credits in each 3-year term and no additional annual fee (the ISC2 "
    "annual fee covers every ISC2 credential). Without CISSP: 140 CPE credits in each 3-year "
    "term. How many must be Group A was not found."
)


def _concentration(code: str, name: str, area_words: str, area: str) -> dict[str, Any]:
    sources = [ISC2_CONCENTRATIONS, INFOSEC_CONCENTRATIONS, ISC2_MEMBER_POLICIES]
    domains: list[dict[str, Any]] = []
    pool: list[str] = []
    if code == "ISSMP":
        sources = [ISSMP_OUTLINE, ISSMP_OUTLINE_2018, *sources]
        domains = _domains(*ISSMP_DOMAINS)
        pool = list(ISSMP_DOMAINS)
    return _cert(
        code,
        name,
        "ISC2",
        "advanced" if code != "ISSMP" else "executive",
        area,
        exam=_exam(
            notes="Number of questions, length and price were not found in the sources. "
            "Formerly named CISSP-" + code + ".",
        ),
        prerequisites=_prerequisites(
            7,
            CONCENTRATION_PREREQ.format(area=area_words),
            pool=pool,
            domains_required=2,
            waivers=[
                {"reason": "CISSP in good standing (2 years instead of 7)", "years_waived": 5},
                {
                    "reason": "Bachelor's or master's in computer science, IT or related "
                    "field, or a credential on ISC2's approved list (without CISSP)",
                    "years_waived": 1,
                },
            ],
            max_waiver=5,
        ),
        maintenance=_isc2_maintenance(60, None, CONCENTRATION_MAINTENANCE),
        sources=sources,
        domains=domains,
        prior=["CISSP"],
        following=["CCISO"] if code == "ISSMP" else ["ISSMP"],
    )


ADDED_CERTS: list[dict[str, Any]] = [
    _concentration(
        "ISSAP",
        "Information Systems Security Architecture Professional",
        "security architecture",
        "cyber/technical",
    ),
    _concentration(
        "ISSEP",
        "Information Systems Security Engineering Professional",
        "security engineering",
        "cyber/technical",
    ),
    _concentration(
        "ISSMP",
        "Information Systems Security Management Professional",
        "security management",
        "management",
    ),
    _cert(
        "CSSLP",
        "Certified Secure Software Lifecycle Professional",
        "ISC2",
        "advanced",
        "cyber/technical",
        exam=_exam(
            125,
            180,
            notes="125 four-option multiple-choice items in 3 hours, computer-based (ACE "
            "National Guide, ISCT-0007). Price not found in the sources.",
        ),
        domains=_domains(
            "Secure Software Concepts",
            "Secure Software Requirements",
            "Secure Software Architecture and Design",
            "Secure Software Implementation",
            "Secure Software Testing",
            "Secure Software Lifecycle Management",
            "Secure Software Deployment, Operations, Maintenance",
            "Secure Software Supply Chain",
            weights=(10, 14, 14, 14, 14, 11, 12, 11),
        ),
        prerequisites=_prerequisites(
            4,
            "4 years of cumulative paid work in the software development lifecycle, in one or "
            "more of the 8 CSSLP domains; a four-year degree in computer science, IT or a "
            "related field waives one year (ISC2). Without the experience, passing the exam "
            "makes you an Associate of ISC2 with 5 years to earn it.",
            domains_required=1,
            waivers=[
                {
                    "reason": "Four-year degree in computer science, IT or a related field",
                    "years_waived": 1,
                }
            ],
            max_waiver=1,
        ),
        maintenance=_isc2_maintenance(
            90,
            30,
            "90 CPE per 3 years (at least 60 Group A, up to 30 Group A or B); 30 a year "
            "suggested; up to 30 Group A credits roll over. One ISC2 annual fee covers every "
            "ISC2 credential.",
        ),
        sources=[CSSLP_EXPERIENCE, ISC2_MEMBER_POLICIES, CSSLP_ACE],
        prior=["SSCP", "Security+"],
        following=["CISSP", "ISSAP"],
    ),
    _cert(
        "CGRC",
        "Certified in Governance, Risk and Compliance (formerly CAP)",
        "ISC2",
        "advanced",
        "risk",
        exam=_exam(notes="Number of questions, length and price were not found in the sources."),
        prerequisites=_prerequisites(
            2,
            "2 years of direct full-time experience in one or more of the CGRC domains (ISC2's "
            "wording for CAP, the former name). Whether a degree waives a year was not found.",
            domains_required=1,
        ),
        maintenance=_isc2_maintenance(
            60,
            20,
            "60 CPE per 3 years (at least 45 Group A, up to 15 Group A or B); 20 a year "
            "suggested; up to 20 Group A credits roll over. One ISC2 annual fee covers every "
            "ISC2 credential.",
        ),
        sources=[ISC2_CREDENTIALS_OLD, ISC2_MEMBER_POLICIES],
        prior=["Security+", "SSCP"],
        following=["CRISC", "CISSP"],
    ),
    _cert(
        "CDPSE",
        "Certified Data Privacy Solutions Engineer",
        "ISACA",
        "advanced",
        "privacy (governance/compliance)",
        exam=_exam(notes="Number of questions, length and price were not found in the sources."),
        domains=_domains("Privacy Governance", "Privacy Architecture", "Data Lifecycle"),
        prerequisites=_prerequisites(
            3,
            "3 years of cumulative work performing the tasks of a CDPSE professional, within "
            "the 10 years before you apply; apply within 5 years of passing the exam (ISACA's "
            "wording, as copied by a third-party site).",
        ),
        maintenance={
            "cycle_years": 3,
            "cpe_per_cycle": 120,
            "cpe_min_per_year": 20,
            "annual_fee_usd": 85,
            "notes": "At least 20 CPE every year and 120 per 3-year period (InfoSec Institute, "
            "2021). Annual maintenance fee as for the other ISACA certifications ($85 for "
            "non-members, 2026 secondary source).",
        },
        sources=[CDPSE_MAINTENANCE, CDPSE_DOMAINS],
        prior=["CIPT", "Security+"],
        following=["CISM", "CIPM"],
    ),
    _cert(
        "CCSK",
        "Certificate of Cloud Security Knowledge",
        "CSA",
        "intermediate",
        "cloud",
        exam=_exam(
            60,
            90,
            passing="80%",
            price=395,
            price_as_of="2025-2026 (ccskpracticetest.web.app); $295 at launch in 2010 (CSA FAQ)",
            notes="Open-book online exam, 60 multiple-choice questions in 90 minutes; version 5 "
            "since July 2024 (2026 secondary source). The CSA FAQ describes v4 as based on the "
            "CSA Security Guidance v4, the Cloud Controls Matrix and ENISA's cloud risk report.",
        ),
        prerequisites=_prerequisites(
            0,
            "No experience prerequisite. ISC2 accepts CCSK in place of the one year of "
            "experience in the CCSP domains (ISC2 Japan's CCSP page).",
        ),
        maintenance={
            "cycle_years": None,
            "cpe_per_cycle": None,
            "cpe_min_per_year": None,
            "annual_fee_usd": None,
            "notes": "CSA's renewal policy was not found in the sources, so CSO Planner tracks "
            "no renewal cycle or fee for CCSK.",
        },
        sources=[CCSK_FAQ, CCSK_FAQ_2010, ISC2_JAPAN_CCSP, CCSK_GUIDE_2026],
        prior=["Security+"],
        following=["CCSP"],
    ),
    _cert(
        "PCI",
        "Professional Certified Investigator",
        "ASIS International",
        "advanced",
        "physical/corporate security",
        exam=_exam(
            140,
            notes="140 questions, 125 of them scored (2026 study guide); length and price not "
            "found in the sources.",
        ),
        domains=_domains("Case Management", "Evidence Collection", "Case Presentation"),
        prerequisites=_prerequisites(
            5,
            "Investigations experience including 2 years in case management: 5 years without "
            "a degree (4 with APP), 4 with a bachelor's (3 with APP), 3 with a master's (ASIS "
            "chapter page and a prep site). Older chapter pages say 5 years and a high-school "
            "diploma. Full-time security employment required.",
            waivers=[
                {"reason": "Bachelor's degree (4 years instead of 5)", "years_waived": 1},
                {"reason": "Master's degree (3 years instead of 5)", "years_waived": 2},
                {"reason": "Holding ASIS APP", "years_waived": 1},
            ],
            max_waiver=2,
        ),
        maintenance={
            "cycle_years": 3,
            "cpe_per_cycle": 60,
            "cpe_min_per_year": None,
            "annual_fee_usd": None,
            "recert_fee_per_cycle_usd": 90,
            "notes": "60 CPE per 3-year cycle, as for every ASIS designation (APP, CPP, PCI, "
            "PSP). Recertification fee payable every 3 years: $70 members / $90 non-members "
            "(older asisonline page). No annual maintenance fee found.",
            "recert_fee_note": "$90 non-member / $70 member is from a pre-2018 asisonline "
            "page; the current fee was not found.",
        },
        sources=[ASIS_RECERT, PCI_CHAPTER_SF, PCI_CHAPTER_NYC, PCI_PREP, PCI_STUDY],
        prior=["APP"],
        following=["CPP"],
    ),
    _cert(
        "CASP+",
        "CompTIA Advanced Security Practitioner (now CompTIA SecurityX)",
        "CompTIA",
        "advanced",
        "cyber/technical",
        exam=_exam(
            notes="Retired name: CompTIA renamed CASP+ to SecurityX with the CAS-005 exam "
            "(late 2024). A CASP+ you hold is kept and renewed like SecurityX; new candidates "
            "take SecurityX.",
        ),
        prerequisites=_prerequisites(
            0,
            "No enforced prerequisite. Recommended: 10 years of IT experience including 5 "
            "years of hands-on security (as for SecurityX).",
        ),
        maintenance={
            "cycle_years": 3,
            "cpe_per_cycle": 75,
            "cpe_min_per_year": None,
            "annual_fee_usd": 50,
            "notes": "75 CEUs per 3-year cycle, as for SecurityX; continuing-education fee "
            "$50 a year or $150 per cycle (secondary). Renewing a higher CompTIA certification "
            "renews the lower ones.",
        },
        sources=[COMPTIA_CE, SECURITYX_HISTORY, SECUSPARK_CE],
        prior=["CySA+", "PenTest+"],
        following=["CISSP"],
    ),
    *(
        _cert(
            code,
            name,
            "GIAC (SANS)",
            level,
            "cyber/technical",
            exam=_exam(
                price=999,
                price_as_of="2026 (GIAC standalone attempt as reported for GCIH by gcihexam.com)",
                notes=f"Proctored and open-book like the other GIAC exams; number of "
                f"questions and length were not found in the sources. Aligned to SANS {course}.",
            ),
            prerequisites=_prerequisites(0, "No formal prerequisites (GIAC-wide policy)."),
            maintenance={
                "cycle_years": 4,
                "cpe_per_cycle": 36,
                "cpe_min_per_year": None,
                "annual_fee_usd": None,
                "renewal_fee_per_cycle_usd": 499,
                "notes": "Each GIAC certification is valid 4 years; renew with 36 CPEs and the "
                "renewal fee ($499 per renewal, 2026 secondary source) or by passing the current "
                "exam. No annual fee.",
            },
            sources=[GIAC_RENEWAL_PUBLISHED, GIAC_RENEWAL_GRADUATE, GIAC_PRICE_2026],
            prior=prior,
            following=following,
        )
        for code, name, level, course, prior, following in (
            (
                "GCIA",
                "GIAC Certified Intrusion Analyst",
                "intermediate",
                "SEC503 (as commonly listed)",
                ["GSEC"],
                ["GCIH", "CISSP"],
            ),
            (
                "GCFA",
                "GIAC Certified Forensic Analyst",
                "advanced",
                "FOR508 (as commonly listed)",
                ["GCIH"],
                ["CISSP"],
            ),
            (
                "GPEN",
                "GIAC Penetration Tester",
                "intermediate",
                "SEC560 (as commonly listed)",
                ["GSEC", "Security+"],
                ["PenTest+", "CISSP"],
            ),
        )
    ),
    *(
        _cert(
            code,
            name,
            "PECB",
            "advanced",
            area,
            exam=_exam(
                notes="Number of questions, length and price of the exam were not found in "
                "the sources" + (" (about $1,000 in 2021, secondary)." if "LI" in code else "."),
            ),
            domains=domains,
            prerequisites=_prerequisites(
                5,
                text,
            ),
            maintenance={
                "cycle_years": 3,
                "cpe_per_cycle": 90,
                "cpe_min_per_year": None,
                "annual_fee_usd": 100,
                "notes": "PECB certificates are valid 3 years; you report certification-related "
                "professional activity (CPD) and pay an annual maintenance fee. PECB's example "
                "for a Lead credential totals 90 hours over 3 years (20, 10 and 60). Fee: about "
                "$100 a year (2021, secondary).",
            },
            sources=sources,
            prior=["CISSP", "CISM"] if code.endswith("LI") else ["CISA", "CISM"],
            following=["CISM", "CCISO"],
        )
        for code, name, area, domains, text, sources in (
            (
                "ISO27K-LI",
                "PECB Certified ISO/IEC 27001 Lead Implementer",
                "management",
                [],
                "PECB's credential table for Lead Implementer was not found in the sources; "
                "CSO Planner assumes the Lead Auditor one: 5 years of professional experience, "
                "2 of them in information security management, plus ISMS project activities "
                "(hours not counted here).",
                [PECB_MAINTENANCE, PECB_SUPPORT, PECB_LI_2021],
            ),
            (
                "ISO27K-LA",
                "PECB Certified ISO/IEC 27001 Lead Auditor",
                "audit",
                _domains(
                    "Fundamental principles and concepts of Information Security Management "
                    "System (ISMS)",
                    "Information Security Management System (ISMS)",
                    "Fundamental audit concepts and principles",
                    "Preparation of an ISO/IEC 27001 audit",
                    "Conducting an ISO/IEC 27001 audit",
                    "Closing an ISO/IEC 27001 audit",
                    "Managing an ISO/IEC 27001 audit program",
                ),
                "5 years of professional experience, 2 of them in information security "
                "management, and 300 hours of audit activities (PECB's credential table as "
                "published by a training partner); the audit hours are not counted here.",
                [PECB_MAINTENANCE, PECB_SUPPORT, PECB_LA_TABLE],
            ),
        )
    ),
    _cert(
        "PMP",
        "Project Management Professional",
        "PMI",
        "advanced",
        "management",
        exam=_exam(
            180,
            230,
            price=555,
            price_as_of="undated (eliteminds.co: $405 PMI members / $555 non-members)",
            notes="180 questions (5 unscored) in 230 minutes with two 10-minute breaks (PMI "
            "Hong Kong chapter FAQ). Domains People 42%, Process 50%, Business Environment 8% "
            "(secondary).",
        ),
        domains=_domains("People", "Process", "Business Environment", weights=(42, 50, 8)),
        prerequisites=_prerequisites(
            5,
            "60 months leading projects with a secondary-school diploma, or 36 months with a "
            "four-year degree (24 with a GAC-accredited degree), all within the last 8 years, "
            "plus 35 contact hours of project management education (or CAPM).",
            waivers=[{"reason": "Four-year degree (36 months instead of 60)", "years_waived": 2}],
            max_waiver=2,
        ),
        maintenance={
            "cycle_years": 3,
            "cpe_per_cycle": 60,
            "cpe_min_per_year": None,
            "annual_fee_usd": None,
            "cycle_fee_usd": 150,
            "notes": "60 PDUs per 3-year cycle (at least 35 in education, at most 25 in "
            "giving back). Renewal fee $60 for PMI members, $150 for non-members (2020 "
            "secondary sources).",
        },
        sources=[PMP_HK_FAQ, PMP_OVERVIEW, PMP_PATHS, PMP_FEES, PMP_RENEWAL, PMP_RENEWAL_FEE],
        prior=["CISSP"],
        following=["CISM", "CCISO"],
    ),
    *(
        _cert(
            code,
            name,
            "IAPP",
            "intermediate",
            "privacy (governance/compliance)",
            exam=_exam(
                90,
                150,
                passing="300 (scaled 100-500)",
                questions_min=90,
                notes="90 questions in 2.5 hours (IAPP FAQ); 75 scored and 15 unscored.",
            ),
            prerequisites=_prerequisites(0, "No experience prerequisite."),
            maintenance={
                "cycle_years": 2,
                "cpe_per_cycle": 20,
                "cpe_min_per_year": None,
                "annual_fee_usd": None,
                "cycle_fee_usd": 250,
                "notes": "2-year term; 20 CPE per certification per term (IAPP CPE policy); "
                "certification maintenance fee $250 per term, included for IAPP members.",
            },
            sources=[IAPP_FAQ, IAPP_CPE, IAPP_PASSING],
            prior=prior,
            following=following,
        )
        for code, name, prior, following in (
            (
                "CIPT",
                "Certified Information Privacy Technologist",
                ["Security+"],
                ["CDPSE", "CIPM"],
            ),
            (
                "CIPP/US",
                "Certified Information Privacy Professional/United States",
                [],
                ["CIPM"],
            ),
        )
    ),
]

# --------------------------------------------------------------------------------------------
# Experience rules (keyword arguments of build_catalog.rule) and what the person reads
# --------------------------------------------------------------------------------------------

ISC2_HOURS = {"full_time": 35, "part_time_basis": 40, "min_per_week": 20}
ANY_HOURS = {"full_time": 40, "min_per_week": None}


def _degree(level: str, it_related: bool | None = None) -> dict[str, Any]:
    return {"degree": {"min_level": level, "it_related": it_related}}


def _concentration_rule(code: str, area_words: str) -> dict[str, Any]:
    pool = ISSMP_DOMAINS if code == "ISSMP" else []
    first = [ISSMP_OUTLINE, ISC2_CONCENTRATIONS] if code == "ISSMP" else [ISC2_CONCENTRATIONS]
    return {
        "code": code,
        "kind": "experience",
        "effective_from": None,
        "sources": [*first, INFOSEC_CONCENTRATIONS],
        "as_of": READ_ON,
        "notes": (
            f"With CISSP in good standing you need 2 years of cumulative full-time experience "
            f"in the {area_words} domains; without CISSP (a path ISC2 opened on 23 October "
            f"2023), 7 years in two or more of them, of which a bachelor's or master's in "
            f"computer science, IT or a related field, or a credential on ISC2's approved "
            f"list, may satisfy one. CSO Planner asks for two domains on both paths, as ISC2's "
            f"announcement says"
            + ("; the ISSMP outline page asks for only one with CISSP." if code == "ISSMP" else ".")
            + (" Jobs tagged with any ISSAP domain count." if code == "ISSAP" else "")
            + (" Jobs tagged with any ISSEP domain count." if code == "ISSEP" else "")
        ),
        "engineering": (
            "CISSP path modelled as a 5-year waiver on the 7-year rule (group 'cissp'), the "
            "degree / approved-list year as a 1-year waiver (group 'isc2'); max 5 keeps the "
            "CISSP path at 2 years. Breadth 2 from the ISC2 Insights article for both paths."
        ),
        "params": {
            "required_years": 7,
            "hours": ISC2_HOURS,
            "count_unpaid": True,
            "domain_pool": list(pool),
            "breadth": {"count": 2, "must_include_one_of": []},
            "waivers": [
                {
                    "id": "cissp",
                    "label": "CISSP in good standing (2 years instead of 7)",
                    "years": 5,
                    "group": "cissp",
                    "when": {"credentials": ["CISSP"]},
                },
                {
                    "id": "it_degree",
                    "label": "bachelor's or master's degree in computer science, IT or a "
                    "related field",
                    "years": 1,
                    "group": "isc2",
                    "when": _degree("bachelor", True),
                },
                {
                    "id": "approved_credential",
                    "label": "credential on ISC2's approved list",
                    "years": 1,
                    "group": "isc2",
                    "when": {"waiver_list": "CISSP"},
                },
            ],
            "max_waiver_years": 5,
            "caveats": [],
        },
    }


EXPERIENCE_RULES: list[dict[str, Any]] = [
    _concentration_rule("ISSAP", "security architecture"),
    _concentration_rule("ISSEP", "security engineering"),
    _concentration_rule("ISSMP", "security management"),
    {
        "code": "CSSLP",
        "kind": "experience",
        "effective_from": None,
        "sources": [CSSLP_EXPERIENCE, CSSLP_ACE],
        "as_of": READ_ON,
        "notes": (
            "You need 4 years of cumulative work in the software development lifecycle, in one "
            "or more of the 8 CSSLP domains. A four-year degree in computer science, IT or a "
            "related field waives one year. The same hours rule as CISSP applies (35 hours a "
            "week or more is full time; 20 to 34 hours counts by the hour)."
        ),
        "engineering": "isc2.org/csslp-professional-experience.aspx; ISC2 hours as for CISSP.",
        "params": {
            "required_years": 4,
            "hours": ISC2_HOURS,
            "count_unpaid": True,
            "domain_pool": [
                "Secure Software Concepts",
                "Secure Software Requirements",
                "Secure Software Architecture and Design",
                "Secure Software Implementation",
                "Secure Software Testing",
                "Secure Software Lifecycle Management",
                "Secure Software Deployment, Operations, Maintenance",
                "Secure Software Supply Chain",
            ],
            "breadth": {"count": 1, "must_include_one_of": []},
            "waivers": [
                {
                    "id": "it_degree",
                    "label": "four-year degree in computer science, IT or a related field",
                    "years": 1,
                    "group": "isc2",
                    "when": _degree("bachelor", True),
                }
            ],
            "max_waiver_years": 1,
            "caveats": [],
        },
    },
    {
        "code": "CGRC",
        "kind": "experience",
        "effective_from": None,
        "sources": [ISC2_CREDENTIALS_OLD],
        "as_of": READ_ON,
        "notes": (
            "You need 2 years of direct full-time experience in one or more of the CGRC "
            "domains (ISC2's wording for CAP, CGRC's former name, on an older ISC2 page). "
            "Whether a degree waives a year was not found, so none is applied. Jobs tagged "
            "with any CGRC domain count."
        ),
        "engineering": "Old about-isc2-credentials page (CAP). No domain list in the sources.",
        "params": {
            "required_years": 2,
            "hours": ISC2_HOURS,
            "count_unpaid": True,
            "domain_pool": [],
            "breadth": None,
            "waivers": [],
            "max_waiver_years": 0,
            "caveats": [],
        },
    },
    {
        "code": "CDPSE",
        "kind": "experience",
        "effective_from": None,
        "sources": [CDPSE_MAINTENANCE, CDPSE_DOMAINS],
        "as_of": READ_ON,
        "notes": (
            "You need 3 years of cumulative work performing the tasks of a CDPSE professional. "
            "Only experience from the 10 years before the day you apply counts, and you must "
            "apply within 5 years of passing the exam. No waivers are applied."
        ),
        "engineering": (
            "ISACA text seen only on a mirror host (sceduc.net, banned); window as other ISACA."
        ),
        "params": {
            "required_years": 3,
            "hours": ANY_HOURS,
            "count_unpaid": True,
            "domain_pool": ["Privacy Governance", "Privacy Architecture", "Data Lifecycle"],
            "breadth": None,
            "window": {"years_before": 10, "exam_valid_years": 5},
            "waivers": [],
            "max_waiver_years": 0,
            "caveats": [],
        },
    },
    {
        "code": "PCI",
        "kind": "experience",
        "effective_from": None,
        "sources": [PCI_CHAPTER_SF, PCI_PREP, PCI_CHAPTER_NYC],
        "as_of": READ_ON,
        "notes": (
            "You need investigations experience including 2 years in case management (mark "
            "those jobs as management): 5 years without a degree, 4 with a bachelor's, 3 with "
            "a master's; holding APP shortens it by one more year, and together the degree and "
            "APP shorten it by 2 years at most. ASIS also requires current full-time employment "
            "in a security role."
        ),
        "engineering": "Case management modelled as the management flag (2 years, no domains).",
        "params": {
            "required_years": 5,
            "hours": ANY_HOURS,
            "count_unpaid": True,
            "domain_pool": ["Case Management", "Evidence Collection", "Case Presentation"],
            "breadth": None,
            "management": {"years": 2, "domains_required": 0},
            "waivers": [
                {
                    "id": "bachelor",
                    "label": "bachelor's degree",
                    "years": 1,
                    "group": "degree",
                    "when": _degree("bachelor"),
                },
                {
                    "id": "master",
                    "label": "master's degree",
                    "years": 2,
                    "group": "degree",
                    "when": _degree("master"),
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
            "caveats": ["ASIS also requires current full-time employment in a security role."],
        },
    },
    *(
        {
            "code": code,
            "kind": "experience",
            "effective_from": None,
            "sources": sources,
            "as_of": READ_ON,
            "notes": (
                "You need 5 years of professional experience, 2 of them in information "
                "security management (mark those jobs as management)"
                + (
                    ", and 300 hours of audit activities, which CSO Planner does not count."
                    if code.endswith("LA")
                    else ", and ISMS project activities, which CSO Planner does not count. "
                    "PECB's table for Lead Implementer was not found; CSO Planner assumes the "
                    "Lead Auditor requirement."
                )
                + " Jobs tagged for this certification count."
            ),
            "engineering": "PECB credential table via a training partner (edutrainings.eu).",
            "params": {
                "required_years": 5,
                "hours": ANY_HOURS,
                "count_unpaid": True,
                "domain_pool": [],
                "breadth": None,
                "management": {"years": 2, "domains_required": 0},
                "waivers": [],
                "max_waiver_years": 0,
                "caveats": [
                    "PECB also asks for audit or project activity hours, which are not counted."
                ],
            },
        }
        for code, sources in (
            ("ISO27K-LI", [PECB_LI_2021, PECB_LA_TABLE]),
            ("ISO27K-LA", [PECB_LA_TABLE]),
        )
    ),
    {
        "code": "PMP",
        "kind": "experience",
        "effective_from": None,
        "sources": [PMP_PATHS, PMP_OVERVIEW, PMP_HK_FAQ],
        "as_of": READ_ON,
        "notes": (
            "You need 60 months leading projects, or 36 months with a four-year degree, all "
            "within the last 8 years, plus 35 contact hours of project management education "
            "(or CAPM), which CSO Planner does not check. A GAC-accredited degree needs only 24 "
            "months; CSO Planner applies the four-year-degree rule."
        ),
        "engineering": "Degree waiver 2 years; window 8 years, no exam validity.",
        "params": {
            "required_years": 5,
            "hours": ANY_HOURS,
            "count_unpaid": True,
            "domain_pool": [],
            "breadth": None,
            "window": {"years_before": 8, "exam_valid_years": None},
            "waivers": [
                {
                    "id": "bachelor",
                    "label": "four-year degree",
                    "years": 2,
                    "group": "degree",
                    "when": _degree("bachelor"),
                }
            ],
            "max_waiver_years": 2,
            "caveats": ["PMI also asks for 35 contact hours of project management education."],
        },
    },
]

# Why a rule of the added credentials is unverified (no stored issuer page backs it).
UNVERIFIED: dict[str, str] = {
    "CDPSE/experience/current": (
        "ISACA's CDPSE page is not among the stored copies CSO Planner was built from; the "
        "rule follows ISACA's wording as copied on a third-party site and InfoSec Institute."
    ),
    "CDPSE/maintenance/current": (
        "ISACA's own page for this rule is not among the stored copies CSO Planner was built "
        "from; the CPE figures and fees come from secondary sources that agree."
    ),
    "PCI/experience/current": (
        "ASIS's eligibility page for PCI is not among the stored copies CSO Planner was built "
        "from; the years come from an ASIS chapter page and a prep site that agree."
    ),
    "ISO27K-LI/experience/current": (
        "PECB's requirement table for Lead Implementer is not among the stored copies; the rule "
        "assumes the Lead Auditor table, published by a PECB training partner."
    ),
    "ISO27K-LA/experience/current": (
        "PECB's own page for this table is not among the stored copies; it was published by a "
        "PECB training partner."
    ),
    "PMP/experience/current": (
        "PMI's own handbook is not among the stored copies CSO Planner was built from; the "
        "rule comes from secondary sources and a PMI chapter that agree."
    ),
    "PMP/maintenance/current": (
        "PMI's own renewal page is not among the stored copies CSO Planner was built from; the "
        "PDU figures and fees come from secondary sources that agree."
    ),
}

# The role-ladder rungs (catalog role ``order``) each added credential belongs to.
ROLE_ADDITIONS: dict[int, list[str]] = {
    1: ["GCIA"],
    2: ["GCIA", "GCFA", "CCSK", "CIPT"],
    3: ["CSSLP", "GPEN", "GCFA", "CASP+", "CCSK", "ISSAP", "ISSEP"],
    4: ["ISSMP", "CGRC", "CDPSE", "PMP", "ISO27K-LI", "ISO27K-LA", "PCI", "CIPT", "CIPP/US"],
    5: ["ISSMP", "PMP", "ISO27K-LA", "PCI", "CGRC"],
    6: ["ISSMP", "CGRC", "ISO27K-LI"],
    7: ["PCI", "ISSMP"],
}
