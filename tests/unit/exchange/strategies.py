"""Hypothesis strategies for valid v1 documents in the exporter's canonical (fully spelled) form.

Canonical means: every field present, numbers as the exporter writes them (floats compare equal
to ints in Python, so ``40`` and ``40.0`` are the same value), domain lists non-empty (an empty
list has no rows to come back from), dependencies sorted. Such a document must import and
export back equal to itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from cso_planner import limits
from cso_planner.db.catalog_sync import bundled_catalog_document
from cso_planner.db.models import CERT_STATUSES, EDUCATION_LEVELS, ITEM_KINDS, ITEM_STATUSES

_CATALOG = bundled_catalog_document()
DOMAINS: dict[str, list[str]] = {
    cert["code"]: [domain["name"] for domain in cert.get("domains", [])]
    for cert in _CATALOG["certifications"]
}
CODES = sorted(DOMAINS)
CODES_WITH_DOMAINS = sorted(code for code, names in DOMAINS.items() if names)

# Any Unicode scalar value (no surrogates: those cannot be stored and must be refused), plus
# the strings that have bitten importers before.
texts = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "<b>x</b>",
            '<img src="/etc/passwd">',
            '<a href="file:///tmp/x">x</a>',
            "&amp; &lt;",
            "🛡️👩🏽‍💻",
            "\x00",
            "line\r\nbreak",
            "\u202e RTL",
            "NaN",
            "null",
            '"quoted" \\ back',
        ]
    ),
)
# Dates and numbers span all that cso_planner.limits admits, edges included (beyond them a
# document is refused, see test_import_rejections).
dates = st.dates(min_value=limits.DATE_MIN, max_value=limits.DATE_MAX)
date_text = dates.map(dt.date.isoformat)
optional_date = st.none() | date_text


def up_to(maximum: float) -> st.SearchStrategy[float]:
    """Any number from 0 to ``maximum`` as the exporter writes it, the edges included."""
    return st.one_of(
        st.integers(0, int(maximum)),
        st.floats(min_value=0, max_value=maximum, allow_nan=False, allow_infinity=False),
        st.sampled_from([0, 0.0, 5e-324, 1e-300, maximum]),
    )


amounts = up_to(limits.MAX_AMOUNT)
hours = up_to(limits.MAX_HOURS)
credits = up_to(limits.MAX_CREDITS)
positive_credits = st.one_of(
    st.integers(1, int(limits.MAX_CREDITS)),
    st.floats(min_value=0, max_value=limits.MAX_CREDITS, exclude_min=True),
    st.sampled_from([5e-324, limits.MAX_CREDITS]),
)
week_hours = st.floats(
    min_value=limits.JOB_HOURS_PER_WEEK_MIN, max_value=limits.JOB_HOURS_PER_WEEK_MAX
) | st.sampled_from([1, 40, 168])
study_hours = st.just(0) | st.floats(
    min_value=limits.WEEKLY_STUDY_HOURS_MIN, max_value=limits.WEEKLY_STUDY_HOURS_MAX
)
percent = st.floats(min_value=0, max_value=100) | st.sampled_from([0, 100])


def _ordered(first: dt.date | None, second: dt.date | None) -> tuple[str | None, str | None]:
    if first is not None and second is not None and second < first:
        first, second = second, first
    return (
        None if first is None else first.isoformat(),
        None if second is None else second.isoformat(),
    )


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": draw(texts),
        "target_role": draw(texts),
        "target_date": draw(optional_date),
        "current_role": draw(texts),
        "career_start_year": draw(st.none() | st.integers(limits.YEAR_MIN, limits.YEAR_MAX)),
        "track": draw(texts),
        "weekly_study_hours": draw(study_hours),
        "currency": draw(texts),
    }


@st.composite
def jobs(draw: st.DrawFn) -> dict[str, Any]:
    start, end = _ordered(draw(dates), draw(st.none() | dates))
    codes = draw(st.lists(st.sampled_from(CODES_WITH_DOMAINS), unique=True, max_size=3))
    return {
        "employer": draw(texts),
        "title": draw(texts),
        "start": start,
        "end": end,
        "hours_per_week": draw(week_hours),
        "paid": draw(st.booleans()),
        "management": draw(st.booleans()),
        "domains": {
            code: draw(st.lists(st.sampled_from(DOMAINS[code]), unique=True, min_size=1))
            for code in codes
        },
        "notes": draw(texts),
    }


@st.composite
def held(draw: st.DrawFn, code: str) -> dict[str, Any]:
    earned, expires = _ordered(draw(st.none() | dates), draw(st.none() | dates))
    return {
        "code": code,
        "status": draw(st.sampled_from(CERT_STATUSES)),
        "target_date": draw(optional_date),
        "exam_date": draw(optional_date),
        "earned_on": earned,
        "expires_on": expires,
        "endorsed_on": draw(optional_date),
        "credential_id": draw(st.none() | texts),
        "employer_paid": draw(st.booleans()),
        "notes": draw(texts),
    }


@st.composite
def cpe_activities(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "date": draw(date_text),
        "activity": draw(texts),
        "provider": draw(texts),
        "credits": draw(positive_credits),
        "category": draw(st.none() | texts),
        "applies_to": draw(st.lists(st.sampled_from(CODES), unique=True, max_size=3)),
        "notes": draw(texts),
    }


@st.composite
def plans(draw: st.DrawFn, name: str, active: bool) -> dict[str, Any]:
    stages: list[dict[str, Any]] = []
    earlier: list[tuple[int, int]] = []  # depending only on earlier items: never a cycle
    for stage_index in range(draw(st.integers(0, 3))):
        start, end = _ordered(draw(st.none() | dates), draw(st.none() | dates))
        items = []
        for item_index in range(draw(st.integers(0, 3))):
            depends = draw(st.lists(st.sampled_from(earlier), unique=True)) if earlier else []
            items.append(
                {
                    "kind": draw(st.sampled_from(ITEM_KINDS)),
                    "title": draw(texts),
                    "ref": draw(st.none() | st.sampled_from(CODES)),
                    "due": draw(optional_date),
                    "status": draw(st.sampled_from(ITEM_STATUSES)),
                    "cost": draw(st.none() | amounts),
                    "hours": draw(st.none() | hours),
                    "employer_paid": draw(st.booleans()),
                    "depends_on": [{"stage": s, "item": i} for s, i in sorted(depends)],
                    "notes": draw(texts),
                }
            )
            earlier.append((stage_index, item_index))
        stages.append({"role": draw(texts), "start": start, "end": end, "items": items})
    return {"name": name, "active": active, "target_role": draw(texts), "stages": stages}


@st.composite
def courses(draw: st.DrawFn, item_places: list[tuple[int, int, int]]) -> dict[str, Any]:
    place = draw(st.none() | st.sampled_from(item_places)) if item_places else None
    return {
        "title": draw(texts),
        "provider": draw(texts),
        "url": draw(st.none() | texts),
        "hours": draw(hours),
        "progress": draw(percent),
        "completed_on": draw(optional_date),
        "cost": draw(amounts),
        "cpe_credits": draw(credits),
        "employer_paid": draw(st.booleans()),
        "plan_item": None
        if place is None
        else {"plan": place[0], "stage": place[1], "item": place[2]},
        "notes": draw(texts),
    }


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid v1 document in canonical form."""
    document: dict[str, Any] = {"format": "cso-planner", "version": 1}
    if draw(st.booleans()):
        document["profile"] = draw(profiles())
    document["education"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "level": st.sampled_from(EDUCATION_LEVELS),
                    "field": texts,
                    "it_related": st.booleans(),
                    "completed_on": optional_date,
                }
            ),
            max_size=2,
        )
    )
    document["experience"] = draw(st.lists(jobs(), max_size=3))
    held_codes = draw(st.lists(st.sampled_from(CODES), unique=True, max_size=3))
    document["certifications"] = [draw(held(code)) for code in held_codes]
    plan_names = draw(st.lists(texts, unique=True, max_size=2))
    active_index = draw(st.none() | st.integers(0, max(len(plan_names) - 1, 0)))
    plan_list = [draw(plans(name, index == active_index)) for index, name in enumerate(plan_names)]
    places = [
        (p, s, i)
        for p, plan in enumerate(plan_list)
        for s, stage in enumerate(plan["stages"])
        for i in range(len(stage["items"]))
    ]
    document["courses"] = draw(st.lists(courses(places), max_size=2))
    document["cpe"] = draw(st.lists(cpe_activities(), max_size=2))
    document["plans"] = plan_list
    fees = draw(st.lists(fee_records(), max_size=3, unique_by=lambda f: f["key"]))
    if fees:  # an optional section: the exporter writes it only when there are fees
        document["fees"] = sorted(fees, key=lambda f: f["key"])
    return document


# Key characters the budget's keys may hold (no ":" inside a part, no spaces in exam codes).
_key_part = st.text(
    st.characters(codec="utf-8", exclude_characters=":", exclude_categories=("Cs", "Z", "Cc")),
    min_size=1,
    max_size=12,
)


@st.composite
def fee_records(draw: st.DrawFn) -> dict[str, Any]:
    """A fee the person confirmed or edited on the Budget screen."""
    if draw(st.booleans()):
        key = "exam:" + draw(st.sampled_from(CODES) | _key_part)
    else:
        payer = draw(st.sampled_from([*CODES, "ISC2"]) | _key_part)
        key = f"fee:{payer}:{draw(st.integers(0, 9999)):04d}"
    return {
        "key": key,
        "amount": draw(
            st.integers(0, 10_000_000)
            | st.floats(min_value=0, max_value=10_000_000, allow_nan=False)
            | st.sampled_from([0, 0.01, 739.99, 5e-324])
        ),
        "currency": draw(st.sampled_from(["USD", "EUR", "JPY"]) | st.from_regex(r"\A[A-Z]{3}\Z")),
        "confirmed_on": draw(date_text),
    }
