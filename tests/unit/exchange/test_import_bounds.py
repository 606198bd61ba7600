"""Import refuses what the forms refuse: every date, number and text within cso_planner.limits.

Values the adversarial pass found accepted and crashing later (an expiry of 9999-12-31, items at
0001-01-01, 1e308 or 2**53 amounts, 5e-324 weekly study hours, a 10 MB name) are refused with one
line naming the field, and nothing changes; values exactly at a bound still import.
"""

from __future__ import annotations

import pytest

from cso_planner import limits
from cso_planner.db.opening import Database
from cso_planner.exchange import ImportRejected, import_document
from tests.helpers.dump import dump_database
from tests.unit.exchange.test_import_rejections import ROOT, Doc, assign, edited, experience, item


def _profile(d: Doc) -> Doc:
    found: Doc = d["profile"]
    return found


def _held(d: Doc) -> Doc:
    found: Doc = d["certifications"][0]
    return found


def _course(d: Doc) -> Doc:
    found: Doc = d["courses"][0]
    return found


def _cpe(d: Doc) -> Doc:
    found: Doc = d["cpe"][0]
    return found


def _item(d: Doc) -> Doc:
    return item(d, 0, 0, 0)


def _stage(d: Doc) -> Doc:
    found: Doc = d["plans"][0]["stages"][0]
    return found


TEN_MB = "x" * (10 * 1024 * 1024)
FEE: Doc = {"key": "exam:CISSP", "amount": 749, "currency": "USD", "confirmed_on": "2026-12-02"}

REFUSED: list[tuple[str, bytes, str]] = [
    (
        "expiry 9999-12-31",
        edited(assign(_held, "expires_on", "9999-12-31")),
        "certifications[0].expires_on: 9999-12-31 is outside 1900-01-01 to 2200-12-31",
    ),
    (
        "item due 0001-01-01",
        edited(assign(_item, "due", "0001-01-01")),
        "plans[0].stages[0].items[0].due: 0001-01-01 is outside 1900-01-01 to 2200-12-31",
    ),
    (
        "stage start 1899-12-31",
        edited(assign(_stage, "start", "1899-12-31")),
        "plans[0].stages[0].start: 1899-12-31 is outside 1900-01-01 to 2200-12-31",
    ),
    (
        "cpe date 2201-01-01",
        edited(assign(_cpe, "date", "2201-01-01")),
        "cpe[0].date: 2201-01-01 is outside 1900-01-01 to 2200-12-31",
    ),
    (
        "experience start 0001-01-01",
        edited(assign(experience(0), "start", "0001-01-01")),
        "experience[0].start: 0001-01-01 is outside 1900-01-01 to 2200-12-31",
    ),
    (
        "cpe credits 1e308",
        edited(assign(_cpe, "credits", 1e308)),
        "cpe[0].credits: must be at most 10,000 (got 1e+308)",
    ),
    (
        "course hours 2**53",
        edited(assign(_course, "hours", 2**53)),
        "courses[0].hours: must be at most 10,000",
    ),
    (
        "course cost 2.0**53",
        edited(assign(_course, "cost", 2.0**53)),
        "courses[0].cost: must be at most 10,000,000 (got 9007199254740992.0)",
    ),
    (
        "item cost 1e308",
        edited(assign(_item, "cost", 1.7976931348623157e308)),
        "plans[0].stages[0].items[0].cost: "
        "must be at most 10,000,000 (got 1.7976931348623157e+308)",
    ),
    (
        "item hours 1e308",
        edited(assign(_item, "hours", 1e308)),
        "plans[0].stages[0].items[0].hours: must be at most 10,000 (got 1e+308)",
    ),
    (
        "weekly study hours 5e-324",
        edited(assign(_profile, "weekly_study_hours", 5e-324)),
        "profile.weekly_study_hours: must be 0 or at least 0.1 (got 5e-324)",
    ),
    (
        "weekly study hours 150",
        edited(assign(_profile, "weekly_study_hours", 150)),
        "profile.weekly_study_hours: must be at most 100 (got 150)",
    ),
    (
        "job hours 5e-324",
        edited(assign(experience(0), "hours_per_week", 5e-324)),
        "experience[0].hours_per_week: must be at least 1 (got 5e-324)",
    ),
    (
        "career start year 1",
        edited(assign(_profile, "career_start_year", 1)),
        "profile.career_start_year: must be at least 1,900 (got 1)",
    ),
    (
        "a 10 MB name",
        edited(assign(_profile, "name", TEN_MB)),
        "profile.name: is 10,485,760 characters long; at most 200 are allowed",
    ),
    (
        "a 201-character item title",
        edited(assign(_item, "title", "t" * 201)),
        "plans[0].stages[0].items[0].title: is 201 characters long; at most 200 are allowed",
    ),
    (
        "notes of 10,001 characters",
        edited(assign(_held, "notes", "n" * 10_001)),
        "certifications[0].notes: is 10,001 characters long; at most 10,000 are allowed",
    ),
    (
        "a 10 MB CPE activity",
        edited(assign(_cpe, "activity", TEN_MB)),
        "cpe[0].activity: is 10,485,760 characters long; at most 200 are allowed",
    ),
    (
        "fee amount 1e9",
        edited(assign(ROOT, "fees", [{**FEE, "amount": 1e9}])),
        "fees[0].amount: must be at most 10,000,000 (got 1,000,000,000)",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_out_of_bounds_refused_naming_the_field_and_nothing_changes(
    loaded_db: Database, data: bytes, expected: str
) -> None:
    before = dump_database(loaded_db.engine)
    with pytest.raises(ImportRejected) as info:
        import_document(loaded_db.session_factory, data)
    assert str(info.value) == expected
    assert dump_database(loaded_db.engine) == before


def _at_the_bounds(d: Doc) -> None:
    _held(d)["earned_on"] = limits.DATE_MIN.isoformat()
    _held(d)["expires_on"] = limits.DATE_MAX.isoformat()
    _cpe(d)["credits"] = limits.MAX_CREDITS
    _course(d).update(hours=limits.MAX_HOURS, cost=limits.MAX_AMOUNT)
    _item(d).update(cost=limits.MAX_AMOUNT, hours=limits.MAX_HOURS, title="t" * limits.MAX_NAME)
    _profile(d).update(weekly_study_hours=limits.WEEKLY_STUDY_HOURS_MIN, name="n" * 200)
    _held(d)["notes"] = "n" * limits.MAX_NOTES


def test_values_at_the_bounds_import(exchange_db: Database) -> None:
    import_document(exchange_db.session_factory, edited(_at_the_bounds))
    import_document(exchange_db.session_factory, edited(assign(_profile, "weekly_study_hours", 0)))


def test_bounds_table_covers_every_text_and_number_field() -> None:
    """A field added to the schema without a bound would let a file hold what a form refuses."""
    from cso_planner.exchange.schema import SCHEMA
    from cso_planner.exchange.validate import BOUNDS

    props = SCHEMA["properties"]
    plan = props["plans"]["items"]
    stage = plan["properties"]["stages"]["items"]
    kinds = [
        ("profile", props["profile"]),
        ("education", props["education"]["items"]),
        ("experience", props["experience"]["items"]),
        ("certification", props["certifications"]["items"]),
        ("course", props["courses"]["items"]),
        ("cpe", props["cpe"]["items"]),
        ("plan", plan),
        ("stage", stage),
        ("item", stage["properties"]["items"]["items"]),
        ("rule_override", props["rule_overrides"]["items"]),
        ("fee", props["fees"]["items"]),
    ]
    # Checked elsewhere: against the catalog (codes, refs, rule keys), a pattern (fee keys,
    # currency codes), an enum, or parse_date (every date).
    elsewhere = {"code", "ref", "key", "currency", "status", "kind", "level"}
    missing = []
    for kind, schema in kinds:
        for field, spec in schema["properties"].items():
            types = spec.get("type", [])
            types = [types] if isinstance(types, str) else types
            bounded = {"string", "number", "integer"} & set(types)
            is_date = field in ("start", "end", "due", "date") or field.endswith(("_on", "_date"))
            checked = is_date or field in elsewhere or field == "id"
            if bounded and not checked and field not in BOUNDS[kind]:
                missing.append(f"{kind}.{field}")
    assert missing == []
