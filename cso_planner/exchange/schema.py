"""The v1 exchange format as a JSON Schema (Draft 2020-12), its defaults, and readable errors.

The schema checks shape and types only: which fields exist, their JSON types, enumerations and
simple number ranges. Whether a date is real, an end follows its start or a certification code
exists in the catalog is checked by :mod:`cso_planner.exchange.validate`.

Every record may carry an ``id`` (integer), which is accepted and ignored, so files from other
tools that number their rows still import. Arrays may be omitted (empty); omitted optional
fields take the values in :data:`DEFAULTS`, which the importer applies and the exporter always
writes out in full.

The optional ``rule_overrides`` array carries the user's local corrections of catalog rules,
``{"key", "params", "notes"}`` each (``params`` null: a note alone). It was added within v1 (the
format allows added optional fields); the exporter writes it only when there is a correction.

The optional ``own_certifications`` array (added within v1) carries the certifications the
person added to the catalog themselves, ``{"code", "name", "issuer", "level", "area",
"cycle_years", "cpe_per_cycle", "cpe_per_year", "annual_fee", "currency", "prerequisites"}``
each; they are recreated before the held certifications that may refer to them.

The optional ``fees`` array (also added within v1) carries the fees the person confirmed or
edited on the Budget screen, ``{"key", "amount", "currency", "confirmed_on"}`` each (key
``exam:<code>`` or ``fee:<code or issuer>:<year>``); files without it import as before.

A CPE record's optional ``claims`` (also added within v1) carries how the activity is claimed
for each certification of its ``applies_to`` where that differs from the activity itself:
``{"code", "credits", "category", "domain", "status", "submitted_on"}`` (credits and category
null: the activity's; status ``not_submitted``, ``submitted`` or ``accepted``). The exporter
writes it only for an activity with such a claim, so older files and exports stay as they were.

A CPE activity, course, certification or job may carry ``proofs`` (also added within v1): the
proof files attached to it, ``{"sha256", "name", "media_type", "size", "added_on"}`` each. A
``.json`` file names them only; the ZIP bundle (:mod:`cso_planner.exchange.bundle`) carries
their content too. Written only for a record with proofs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from cso_planner.db.models import (
    CERT_STATUSES,
    CLAIM_STATUSES,
    EDUCATION_LEVELS,
    ITEM_KINDS,
    ITEM_STATUSES,
)
from cso_planner.exchange.errors import ImportRejected, JsonPath, quote, rejected, shorten

FORMAT: Final = "cso-planner"
VERSION: Final = 1

# Values for fields a file may leave out. Read-only: records are merged as {**DEFAULTS[k], **r}.
DEFAULTS: Final[Mapping[str, Mapping[str, Any]]] = {
    "profile": {
        "target_role": "",
        "target_date": None,
        "current_role": "",
        "career_start_year": None,
        "track": "technical",
        "weekly_study_hours": 6,
        "currency": "USD",
    },
    "education": {"field": "", "it_related": False, "completed_on": None},
    "experience": {
        "end": None,
        "hours_per_week": 40,
        "paid": True,
        "management": False,
        "domains": {},
        "notes": "",
        "proofs": [],
        "drafted_by": None,
    },
    "certification": {
        "target_date": None,
        "exam_date": None,
        "earned_on": None,
        "expires_on": None,
        "endorsed_on": None,
        "credential_id": None,
        "employer_paid": False,
        "notes": "",
        "proofs": [],
        "earned_estimated": False,
        "expires_estimated": False,
    },
    "course": {
        "provider": "",
        "url": None,
        "hours": 0,
        "progress": 0,
        "completed_on": None,
        "cost": 0,
        "cpe_credits": 0,
        "employer_paid": False,
        "plan_item": None,
        "notes": "",
        "proofs": [],
    },
    "cpe": {
        "provider": "",
        "category": None,
        "applies_to": [],
        "notes": "",
        "claims": [],
        "proofs": [],
    },
    "proof": {"added_on": None},
    "claim": {
        "credits": None,
        "category": None,
        "domain": None,
        "status": "not_submitted",
        "submitted_on": None,
    },
    "plan": {"active": False, "target_role": "", "stages": []},
    "stage": {"start": None, "end": None, "items": []},
    "item": {
        "ref": None,
        "due": None,
        "status": "planned",
        "cost": None,
        "hours": None,
        "employer_paid": False,
        "depends_on": [],
        "notes": "",
    },
    "rule_override": {"params": None, "notes": ""},
    "own_certification": {
        "level": "intermediate",
        "area": "",
        "cycle_years": 3,
        "cpe_per_cycle": 0,
        "cpe_per_year": None,
        "annual_fee": None,
        "currency": "USD",
        "prerequisites": "",
    },
    "fee": {},
}


def with_defaults(kind: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with every omitted optional field of ``kind`` filled in."""
    return {**DEFAULTS[kind], **record}


_TEXT: Final = {"type": "string"}
_TEXT_OR_NULL: Final = {"type": ["string", "null"]}
_DATE: Final = {"type": "string"}  # a real YYYY-MM-DD date: checked in validate.py
_DATE_OR_NULL: Final = {"type": ["string", "null"]}
_BOOL: Final = {"type": "boolean"}
_NON_NEGATIVE: Final = {"type": "number", "minimum": 0}
_NON_NEGATIVE_OR_NULL: Final = {"type": ["number", "null"], "minimum": 0}
_INDEX: Final = {"type": "integer", "minimum": 0}
_ID: Final = {"type": "integer"}


def _record(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": {"id": _ID, **properties},
    }


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


_PROOFS: Final = {
    "type": "array",
    "items": _record(
        ["sha256", "name", "media_type", "size"],
        {
            "sha256": _TEXT,  # 64 hex digits: checked in validate.py
            "name": _TEXT,
            "media_type": _TEXT,
            "size": {"type": "integer", "minimum": 0},
            "added_on": _DATE_OR_NULL,
        },
    ),
}


_ITEM_REF: Final = _record(["stage", "item"], {"stage": _INDEX, "item": _INDEX})
_PLAN_ITEM_REF: Final = {
    **_record(["plan", "stage", "item"], {"plan": _INDEX, "stage": _INDEX, "item": _INDEX}),
    "type": ["object", "null"],
}

SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://cso-planner.invalid/exchange/v1.json",
    "title": "CSO Planner exchange format v1",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "version"],
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "profile": _record(
            ["name"],
            {
                "name": _TEXT,
                "target_role": _TEXT,
                "target_date": _DATE_OR_NULL,
                "current_role": _TEXT,
                "career_start_year": {"type": ["integer", "null"], "minimum": 1, "maximum": 9999},
                "track": _TEXT,
                "weekly_study_hours": {"type": "number", "minimum": 0, "maximum": 168},
                "currency": _TEXT,
            },
        ),
        "education": _array(
            _record(
                ["level"],
                {
                    "level": {"enum": list(EDUCATION_LEVELS)},
                    "field": _TEXT,
                    "it_related": _BOOL,
                    "completed_on": _DATE_OR_NULL,
                },
            )
        ),
        "experience": _array(
            _record(
                ["employer", "title", "start"],
                {
                    "employer": _TEXT,
                    "title": _TEXT,
                    "start": _DATE,
                    "end": _DATE_OR_NULL,
                    "hours_per_week": {"type": "number", "exclusiveMinimum": 0, "maximum": 168},
                    "paid": _BOOL,
                    "management": _BOOL,
                    "domains": {"type": "object", "additionalProperties": _array(_TEXT)},
                    "notes": _TEXT,
                    "proofs": _PROOFS,
                    # "wizard": drafted by the first-run wizard (written only when set).
                    "drafted_by": _TEXT_OR_NULL,
                },
            )
        ),
        "certifications": _array(
            _record(
                ["code", "status"],
                {
                    "code": _TEXT,
                    "status": {"enum": list(CERT_STATUSES)},
                    "target_date": _DATE_OR_NULL,
                    "exam_date": _DATE_OR_NULL,
                    "earned_on": _DATE_OR_NULL,
                    "expires_on": _DATE_OR_NULL,
                    "endorsed_on": _DATE_OR_NULL,
                    "credential_id": _TEXT_OR_NULL,
                    "employer_paid": _BOOL,
                    "notes": _TEXT,
                    "proofs": _PROOFS,
                    # The app estimated the date (written only when true).
                    "earned_estimated": _BOOL,
                    "expires_estimated": _BOOL,
                },
            )
        ),
        "courses": _array(
            _record(
                ["title"],
                {
                    "title": _TEXT,
                    "provider": _TEXT,
                    "url": _TEXT_OR_NULL,
                    "hours": _NON_NEGATIVE,
                    "progress": {"type": "number", "minimum": 0, "maximum": 100},
                    "completed_on": _DATE_OR_NULL,
                    "cost": _NON_NEGATIVE,
                    "cpe_credits": _NON_NEGATIVE,
                    "employer_paid": _BOOL,
                    "plan_item": _PLAN_ITEM_REF,
                    "notes": _TEXT,
                    "proofs": _PROOFS,
                },
            )
        ),
        "cpe": _array(
            _record(
                ["date", "activity", "credits"],
                {
                    "date": _DATE,
                    "activity": _TEXT,
                    "provider": _TEXT,
                    "credits": {"type": "number", "exclusiveMinimum": 0},
                    "category": _TEXT_OR_NULL,
                    "applies_to": _array(_TEXT),
                    "notes": _TEXT,
                    "proofs": _PROOFS,
                    "claims": _array(
                        _record(
                            ["code"],
                            {
                                "code": _TEXT,
                                "credits": {"type": ["number", "null"], "exclusiveMinimum": 0},
                                "category": _TEXT_OR_NULL,
                                "domain": _TEXT_OR_NULL,
                                "status": {"enum": list(CLAIM_STATUSES)},
                                "submitted_on": _DATE_OR_NULL,
                            },
                        )
                    ),
                },
            )
        ),
        "plans": _array(
            _record(
                ["name"],
                {
                    "name": _TEXT,
                    "active": _BOOL,
                    "target_role": _TEXT,
                    "stages": _array(
                        _record(
                            ["role"],
                            {
                                "role": _TEXT,
                                "start": _DATE_OR_NULL,
                                "end": _DATE_OR_NULL,
                                "items": _array(
                                    _record(
                                        ["kind", "title"],
                                        {
                                            "kind": {"enum": list(ITEM_KINDS)},
                                            "title": _TEXT,
                                            "ref": _TEXT_OR_NULL,
                                            "due": _DATE_OR_NULL,
                                            "status": {"enum": list(ITEM_STATUSES)},
                                            "cost": _NON_NEGATIVE_OR_NULL,
                                            "hours": _NON_NEGATIVE_OR_NULL,
                                            "employer_paid": _BOOL,
                                            "depends_on": _array(_ITEM_REF),
                                            "notes": _TEXT,
                                        },
                                    )
                                ),
                            },
                        )
                    ),
                },
            )
        ),
        "rule_overrides": _array(
            _record(
                ["key"],
                {
                    "key": _TEXT,
                    "params": {"type": ["object", "null"]},  # checked by the rule service
                    "notes": _TEXT,
                },
            )
        ),
        "own_certifications": _array(
            _record(
                ["code", "name", "issuer"],
                {
                    "code": _TEXT,
                    "name": _TEXT,
                    "issuer": _TEXT,
                    "level": _TEXT,  # values checked by the own-certification service
                    "area": _TEXT,
                    "cycle_years": {"type": "integer"},
                    "cpe_per_cycle": _NON_NEGATIVE,
                    "cpe_per_year": _NON_NEGATIVE_OR_NULL,
                    "annual_fee": _NON_NEGATIVE_OR_NULL,
                    "currency": _TEXT,
                    "prerequisites": _TEXT,
                },
            )
        ),
        "fees": _array(
            _record(
                ["key", "amount", "currency", "confirmed_on"],
                {
                    "key": _TEXT,  # pattern checked in validate.py (a readable message)
                    "amount": _NON_NEGATIVE,
                    "currency": _TEXT,
                    "confirmed_on": _DATE,
                },
            )
        ),
    },
}

Draft202012Validator.check_schema(SCHEMA)
_VALIDATOR: Final = Draft202012Validator(SCHEMA)
# The same schema compiled to Python code: it only answers "valid or not", 30x as fast as the
# validator above, which is asked for the message when it says "not" (and has the last word:
# the keywords used here mean the same in both drafts, see test_schema_validators_agree).
_FAST_CHECK: Final = fastjsonschema.compile(
    {**SCHEMA, "$schema": "http://json-schema.org/draft-07/schema#"}
)


def check_schema(document: Any) -> None:
    """Refuse a document whose shape is not v1, with one line naming the first problem.

    ``format`` and ``version`` are checked first so a file of another kind or a newer version
    gets that message rather than a list of unknown fields. Of the remaining errors the first
    one found is reported: the validator walks fields in schema order and arrays by index, and
    checks unknown and missing fields of an object before its children, so this is the earliest
    problem in reading order (``best_match`` would prefer the shallowest, then the *last*
    sibling, which points people at the wrong record).
    """
    _check_header(document)
    try:
        _FAST_CHECK(document)
    except fastjsonschema.JsonSchemaException:
        pass  # the reference validator below finds and describes the first problem
    else:
        return
    error = next(iter(_VALIDATOR.iter_errors(document)), None)
    if error is not None:
        raise _describe(error)


def _check_header(document: Any) -> None:
    if not isinstance(document, dict):
        raise rejected((), f"expected an object, got {_json_type(document)}")
    if "format" not in document:
        raise rejected(("format",), f'missing; a CSO Planner file has "format": "{FORMAT}"')
    fmt = document["format"]
    if fmt != FORMAT:
        shown = quote(shorten(fmt)) if isinstance(fmt, str) else _json_type(fmt)
        raise rejected(("format",), f'{shown} is not a CSO Planner file (expected "{FORMAT}")')
    if "version" not in document:
        raise rejected(("version",), "missing")
    version = document["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise rejected(("version",), f"expected a whole number, got {_json_type(version)}")
    if version != VERSION:
        raise rejected(
            ("version",),
            f"unsupported version {version}; this CSO Planner reads version {VERSION}",
        )


_TYPE_NAMES: Final = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _number(value: Any) -> str:
    return json.dumps(value)


def _describe(error: ValidationError) -> ImportRejected:
    path: JsonPath = tuple(error.absolute_path)
    keyword = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    if keyword == "required":
        missing = next(name for name in value if name not in instance)
        return rejected((*path, missing), "required field missing")
    if keyword == "additionalProperties":
        schema = error.schema
        known = schema.get("properties", {}) if isinstance(schema, Mapping) else {}
        extra = next(name for name in instance if name not in known)
        return rejected((*path, extra), "unknown field")
    if keyword == "type":
        wanted = [value] if isinstance(value, str) else list(value)
        names = " or ".join(_TYPE_NAMES[name] for name in wanted)
        return rejected(path, f"expected {names}, got {_json_type(instance)}")
    if keyword == "enum":
        shown = quote(shorten(instance)) if isinstance(instance, str) else _json_type(instance)
        return rejected(path, f"{shown} is not one of: {', '.join(value)}")
    if keyword == "const":
        return rejected(path, f"must be {json.dumps(value)}")
    if keyword == "minimum":
        if value == 0:
            return rejected(path, f"must not be negative (got {_number(instance)})")
        return rejected(path, f"must be at least {_number(value)} (got {_number(instance)})")
    if keyword == "exclusiveMinimum":
        return rejected(path, f"must be more than {_number(value)} (got {_number(instance)})")
    if keyword == "maximum":
        return rejected(path, f"must be at most {_number(value)} (got {_number(instance)})")
    return rejected(path, shorten(error.message, 120))  # pragma: no cover - not used by v1
