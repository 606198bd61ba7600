"""Every bad input is refused with one clear line naming the problem and its place (R14).

Each case starts from a database holding the realistic person and checks, besides the message,
that a logical dump of every table is identical afterwards: a refused import writes nothing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from cso_planner.db.opening import Database
from cso_planner.exchange import MAX_BYTES, MAX_DEPTH, ImportRejected, import_document
from tests.helpers.dump import dump_database
from tests.unit.exchange.conftest import REALISTIC

Doc = dict[str, Any]
BASE: Doc = json.loads(REALISTIC.read_text("utf-8"))


def edited(change: Callable[[Doc], object]) -> bytes:
    """The realistic document with ``change`` applied, as file bytes."""
    document = copy.deepcopy(BASE)
    change(document)
    return json.dumps(document, ensure_ascii=False).encode()


def item(document: Doc, plan: int, stage: int, index: int) -> Doc:
    found: Doc = document["plans"][plan]["stages"][stage]["items"][index]
    return found


def assign(target: Callable[[Doc], Any], key: str | int, value: Any) -> Callable[[Doc], None]:
    def change(document: Doc) -> None:
        target(document)[key] = value

    return change


def experience(n: int) -> Callable[[Doc], Doc]:
    return lambda d: d["experience"][n]


def delete(target: Callable[[Doc], Any], key: str) -> Callable[[Doc], None]:
    def change(document: Doc) -> None:
        del target(document)[key]

    return change


ROOT: Callable[[Doc], Doc] = lambda d: d  # noqa: E731
# A fee the person confirmed on the Budget screen.
FEE: Doc = {"key": "exam:CISSP", "amount": 749, "currency": "USD", "confirmed_on": "2026-12-02"}

CASES: list[tuple[str, bytes, str]] = [
    # --- the file itself -------------------------------------------------------------------
    (
        "oversize",
        b" " * (MAX_BYTES + 1),
        f"file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes (20 MiB)",
    ),
    ("empty", b"", "file is empty"),
    (
        "not utf-8",
        b'{"format": "cso-planner\xc3("}',
        "line 1 column 24: not valid UTF-8 (byte 0xc3)",
    ),
    (
        "malformed",
        b'{"format": "cso-planner",\n "version": 1,,}',
        "line 2 column 15: malformed JSON (Expecting property name enclosed in double quotes)",
    ),
    (
        "truncated",
        REALISTIC.read_bytes()[:500],
        "line 22 column 7: malformed JSON (Unterminated string starting at)",
    ),
    (
        "deep nesting",
        b'{"format": "cso-planner", "version": 1, "x": ' + b"[" * 100_000,
        f"line 1 column {46 + MAX_DEPTH - 1}: nested deeper than {MAX_DEPTH} levels",
    ),
    (
        "duplicate key",
        b'{"format": "cso-planner", "version": 1,\n "profile": {"name": "a", "name": "b"}}',
        'profile: duplicate key "name"',
    ),
    (
        "NaN",
        b'{"format": "cso-planner", "version": 1, "courses": [{"title": "t", "cost": NaN}]}',
        "courses[0].cost: NaN is not allowed (JSON numbers must be finite)",
    ),
    (
        "Infinity",
        b'{"format": "cso-planner", "version": 1, "cpe": [{"credits": Infinity}]}',
        "cpe[0].credits: Infinity is not allowed (JSON numbers must be finite)",
    ),
    (
        "-Infinity",
        b'{"format": "cso-planner", "version": 1, "cpe": [{"credits": -Infinity}]}',
        "cpe[0].credits: -Infinity is not allowed (JSON numbers must be finite)",
    ),
    (
        "overflowing float",
        b'{"format": "cso-planner", "version": 1, "courses": [{"title": "t", "hours": 1e999}]}',
        "courses[0].hours: number 1e999 is too large",
    ),
    (
        "huge integer",
        b'{"format": "cso-planner", "version": 1, "profile": {"name": "a", '
        b'"career_start_year": 123456789012345678901234567890}}',
        "profile.career_start_year: integer 12345678901234567890123… is beyond ±2**53",
    ),
    (
        "lone surrogate",
        b'{"format": "cso-planner", "version": 1, "experience": [{"title": "x\\ud83d"}]}',
        "experience[0].title: text contains a lone surrogate (\\ud83d)",
    ),
    (
        "lone surrogate in a domain code",
        b'{"format": "cso-planner", "version": 1, "experience": [{"domains": {"\\udfff": []}}]}',
        "experience[0].domains: a key contains a lone surrogate (\\udfff)",
    ),
    # --- format and version ----------------------------------------------------------------
    ("not an object", b"[1, 2]", "document: expected an object, got a list"),
    (
        "format missing",
        b'{"version": 1}',
        'format: missing; a CSO Planner file has "format": "cso-planner"',
    ),
    (
        "other format",
        b'{"format": "anki", "version": 1}',
        'format: "anki" is not a CSO Planner file (expected "cso-planner")',
    ),
    ("version missing", b'{"format": "cso-planner"}', "version: missing"),
    (
        "newer version",
        b'{"format": "cso-planner", "version": 2}',
        "version: unsupported version 2; this CSO Planner reads version 1",
    ),
    (
        "version as text",
        b'{"format": "cso-planner", "version": "1"}',
        "version: expected a whole number, got a string",
    ),
    (
        "version true",
        b'{"format": "cso-planner", "version": true}',
        "version: expected a whole number, got true/false",
    ),
    # --- shape and types -------------------------------------------------------------------
    ("unknown top-level field", edited(assign(ROOT, "extra", 1)), "extra: unknown field"),
    (
        "unknown record field",
        edited(assign(experience(2), "salary", 1)),
        "experience[2].salary: unknown field",
    ),
    (
        "missing required field",
        edited(delete(experience(1), "start")),
        "experience[1].start: required field missing",
    ),
    (
        "profile without name",
        edited(delete(lambda d: d["profile"], "name")),
        "profile.name: required field missing",
    ),
    (
        "string for a number",
        edited(assign(experience(0), "hours_per_week", "40")),
        "experience[0].hours_per_week: expected a number, got a string",
    ),
    (
        "number for a bool",
        edited(assign(experience(0), "paid", 1)),
        "experience[0].paid: expected true or false, got a number",
    ),
    (
        "null for a required date",
        edited(assign(experience(0), "start", None)),
        "experience[0].start: expected a string, got null",
    ),
    (
        "object for an array",
        edited(assign(ROOT, "education", {})),
        "education: expected a list, got an object",
    ),
    (
        "bad enum",
        edited(assign(lambda d: d["certifications"][0], "status", "passed")),
        'certifications[0].status: "passed" is not one of: '
        "planned, studying, scheduled, earned, expired",
    ),
    (
        "bad education level",
        edited(assign(lambda d: d["education"][0], "level", "phd")),
        'education[0].level: "phd" is not one of: associate, bachelor, master, doctorate',
    ),
    (
        "domains not a list",
        edited(assign(lambda d: d["experience"][0]["domains"], "CISSP", "Asset Security")),
        "experience[0].domains.CISSP: expected a list, got a string",
    ),
    # --- numbers ---------------------------------------------------------------------------
    (
        "negative hours",
        edited(assign(experience(0), "hours_per_week", -5)),
        "experience[0].hours_per_week: must be more than 0 (got -5)",
    ),
    (
        "more than a week of hours",
        edited(assign(experience(0), "hours_per_week", 200)),
        "experience[0].hours_per_week: must be at most 168 (got 200)",
    ),
    (
        "negative cost",
        edited(assign(lambda d: d["courses"][0], "cost", -0.01)),
        "courses[0].cost: must not be negative (got -0.01)",
    ),
    (
        "negative item cost",
        edited(assign(lambda d: item(d, 0, 1, 0), "cost", -1)),
        "plans[0].stages[1].items[0].cost: must not be negative (got -1)",
    ),
    (
        "progress over 100",
        edited(assign(lambda d: d["courses"][1], "progress", 100.5)),
        "courses[1].progress: must be at most 100 (got 100.5)",
    ),
    (
        "zero credits",
        edited(assign(lambda d: d["cpe"][0], "credits", 0)),
        "cpe[0].credits: must be more than 0 (got 0)",
    ),
    (
        "year zero",
        edited(assign(lambda d: d["profile"], "career_start_year", 0)),
        "profile.career_start_year: must be at least 1 (got 0)",
    ),
    # --- dates -----------------------------------------------------------------------------
    (
        "impossible date",
        edited(assign(experience(0), "start", "2024-13-45")),
        'experience[0].start: not a date ("2024-13-45"; expected YYYY-MM-DD)',
    ),
    (
        "30 February",
        edited(assign(lambda d: d["cpe"][1], "date", "2023-02-30")),
        'cpe[1].date: not a date ("2023-02-30"; expected YYYY-MM-DD)',
    ),
    (
        "compact ISO date",
        edited(assign(lambda d: d["profile"], "target_date", "20310630")),
        'profile.target_date: not a date ("20310630"; expected YYYY-MM-DD)',
    ),
    (
        "date with time",
        edited(assign(lambda d: d["courses"][1], "completed_on", "2024-11-20T10:00:00")),
        'courses[1].completed_on: not a date ("2024-11-20T10:00:00"; expected YYYY-MM-DD)',
    ),
    (
        "non-ASCII digits",
        edited(assign(lambda d: d["education"][0], "completed_on", "٢٠١٤-06-15")),
        'education[0].completed_on: not a date ("٢٠١٤-06-15"; expected YYYY-MM-DD)',
    ),
    (
        "job ends before it starts",
        edited(assign(experience(1), "end", "2016-08-31")),
        "experience[1].end: 2016-08-31 is before start 2016-09-01",
    ),
    (
        "stage ends before it starts",
        edited(assign(lambda d: d["plans"][0]["stages"][2], "end", "2027-12-31")),
        "plans[0].stages[2].end: 2027-12-31 is before start 2028-01-01",
    ),
    (
        "certification expires before earned",
        edited(assign(lambda d: d["certifications"][0], "expires_on", "2018-05-01")),
        "certifications[0].expires_on: 2018-05-01 is before earned_on 2018-05-02",
    ),
    # --- catalog references ----------------------------------------------------------------
    (
        "unknown certification code",
        edited(assign(lambda d: d["certifications"][1], "code", "CISSP-ISSAP-X")),
        'certifications[1].code: unknown certification code "CISSP-ISSAP-X"',
    ),
    (
        "code in wrong case",
        edited(assign(lambda d: d["certifications"][1], "code", "cissp")),
        'certifications[1].code: unknown certification code "cissp"',
    ),
    (
        "unknown code in experience domains",
        edited(assign(lambda d: d["experience"][0]["domains"], "Security++", [])),
        'experience[0].domains["Security++"]: unknown certification code "Security++"',
    ),
    (
        "domain of another certification",
        edited(assign(lambda d: d["experience"][2]["domains"], "CPP", ["Asset Security"])),
        'experience[2].domains.CPP[0]: "Asset Security" is not an exam domain of CPP',
    ),
    (
        "domain with different spelling",
        edited(assign(lambda d: d["experience"][0]["domains"], "CISSP", ["security operations"])),
        'experience[0].domains.CISSP[0]: "security operations" is not an exam domain of CISSP',
    ),
    (
        "domain repeated",
        edited(
            assign(
                lambda d: d["experience"][0]["domains"],
                "CISSP",
                ["Asset Security", "Asset Security"],
            )
        ),
        'experience[0].domains.CISSP[1]: "Asset Security" is repeated',
    ),
    (
        "CPE for an unknown code",
        edited(assign(lambda d: d["cpe"][1], "applies_to", ["CISSP", "CISMM"])),
        'cpe[1].applies_to[1]: unknown certification code "CISMM"',
    ),
    (
        "CPE applied twice to one certification",
        edited(assign(lambda d: d["cpe"][1], "applies_to", ["CISM", "CISM"])),
        "cpe[1].applies_to[1]: CISM is listed more than once",
    ),
    (
        "plan item ref unknown",
        edited(assign(lambda d: item(d, 0, 4, 2), "ref", "CGEIT2")),
        'plans[0].stages[4].items[2].ref: unknown certification code "CGEIT2"',
    ),
    # --- uniqueness and references inside the document --------------------------------------
    (
        "certification listed twice",
        edited(lambda d: d["certifications"].append(copy.deepcopy(d["certifications"][0]))),
        "certifications[3].code: CISSP is listed more than once",
    ),
    (
        "two active plans",
        edited(assign(lambda d: d["plans"][1], "active", True)),
        "plans[1].active: only one plan can be active",
    ),
    (
        "two plans with one name",
        edited(assign(lambda d: d["plans"][1], "name", "Road to CSO")),
        'plans[1].name: another plan is named "Road to CSO"',
    ),
    (
        "dependency on a missing item",
        edited(assign(lambda d: item(d, 0, 1, 1), "depends_on", [{"stage": 1, "item": 9}])),
        "plans[0].stages[1].items[1].depends_on[0]: there is no item 9 in stage 1 of this plan",
    ),
    (
        "dependency on itself",
        edited(assign(lambda d: item(d, 0, 1, 1), "depends_on", [{"stage": 1, "item": 1}])),
        "plans[0].stages[1].items[1].depends_on[0]: an item cannot depend on itself",
    ),
    (
        "dependency listed twice",
        edited(
            assign(
                lambda d: item(d, 0, 1, 2),
                "depends_on",
                [{"stage": 1, "item": 1}, {"stage": 1, "item": 1}],
            )
        ),
        "plans[0].stages[1].items[2].depends_on[1]: this dependency is listed more than once",
    ),
    (
        "dependency cycle",
        edited(assign(lambda d: item(d, 0, 1, 0), "depends_on", [{"stage": 1, "item": 2}])),
        "plans[0].stages[1].items[0].depends_on: these dependencies form a cycle",
    ),
    (
        "dependency index negative",
        edited(assign(lambda d: item(d, 0, 1, 0), "depends_on", [{"stage": -1, "item": 0}])),
        "plans[0].stages[1].items[0].depends_on[0].stage: must not be negative (got -1)",
    ),
    (
        "course linked to a missing plan item",
        edited(assign(lambda d: d["courses"][0], "plan_item", {"plan": 1, "stage": 0, "item": 1})),
        "courses[0].plan_item: there is no item 1 in stage 0 of plan 1",
    ),
    # --- confirmed fees (optional section) -----------------------------------------------
    (
        "fee with an unknown key",
        edited(assign(ROOT, "fees", [{**FEE, "key": "salary:2026"}])),
        "fees[0].key: Not a fee of the budget: 'salary:2026'",
    ),
    (
        "fee with a bad currency",
        edited(assign(ROOT, "fees", [{**FEE, "currency": "euro"}])),
        "fees[0].currency: Enter a three-letter currency code such as USD, EUR or GBP",
    ),
    (
        "negative fee",
        edited(assign(ROOT, "fees", [{**FEE, "amount": -1}])),
        "fees[0].amount: must not be negative (got -1)",
    ),
    (
        "fee listed twice",
        edited(assign(ROOT, "fees", [FEE, FEE])),
        'fees[1].key: fee "exam:CISSP" is listed more than once',
    ),
    (
        "fee with a bad date",
        edited(assign(ROOT, "fees", [{**FEE, "confirmed_on": "2026-02-30"}])),
        'fees[0].confirmed_on: not a date ("2026-02-30"; expected YYYY-MM-DD)',
    ),
]


@pytest.mark.parametrize(("data", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_refused_with_one_line_and_nothing_changes(
    loaded_db: Database, data: bytes, expected: str
) -> None:
    before = dump_database(loaded_db.engine)
    with pytest.raises(ImportRejected) as info:
        import_document(loaded_db.session_factory, data)
    assert str(info.value) == expected
    assert dump_database(loaded_db.engine) == before


def test_every_case_starts_from_a_valid_document(exchange_db: Database) -> None:
    """Guard for the table above: the unedited base imports, so each refusal is the edit's."""
    import_document(exchange_db.session_factory, edited(lambda d: None))


def test_failure_at_the_last_write_rolls_everything_back(
    loaded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an unexpected error after every row was added (disk full...) writes nothing."""
    from cso_planner.exchange import importer

    real = importer.write_document

    def write_then_fail(session: Any, document: Any) -> None:
        real(session, document)
        raise OSError("disk full")

    monkeypatch.setattr(importer, "write_document", write_then_fail)
    before = dump_database(loaded_db.engine)
    other = edited(assign(lambda d: d["profile"], "name", "Somebody Else"))
    with pytest.raises(OSError, match="disk full"):
        importer.import_document(loaded_db.session_factory, other)
    assert dump_database(loaded_db.engine) == before
