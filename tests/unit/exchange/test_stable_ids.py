"""Stable row ids (issue 11 item 14): carried by the exchange file, used by the calendar.

A version-1 file without ``uuid`` fields still imports (each record gets a new one); a file
with them keeps them, so a calendar exported before a re-import still names the same items
(the UID was ``item-<rowid>`` and named another item once an import renumbered the rows).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from cso_planner.db.models import Course, CpeActivity, ExperienceEntry, HeldCertification, PlanItem
from cso_planner.db.opening import Database
from cso_planner.exchange import ImportRejected, export_bytes, import_document
from cso_planner.exports.ics import build_calendar
from cso_planner.services.renewal_deadlines import calendar_deadlines
from tests.helpers.dump import dump_database
from tests.unit.exchange.conftest import REALISTIC

MODELS = (ExperienceEntry, HeldCertification, CpeActivity, PlanItem, Course)
BASE: dict[str, Any] = json.loads(REALISTIC.read_text("utf-8"))
TODAY = dt.date(2026, 12, 4)


def _without_uuids(document: dict[str, Any]) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    records = [
        *copied["experience"],
        *copied["certifications"],
        *copied["courses"],
        *copied["cpe"],
        *(i for p in copied["plans"] for s in p["stages"] for i in s["items"]),
    ]
    for record in records:
        record.pop("uuid", None)
    return copied


def _uuids(database: Database) -> dict[str, list[str]]:
    with database.session_factory() as session:
        return {
            model.__tablename__: list(session.scalars(select(model.uuid).order_by(model.id)))
            for model in MODELS
        }


def _item_uids(database: Database) -> dict[str, str]:
    with database.session_factory() as session:
        calendar = build_calendar(calendar_deadlines(session, TODAY))
    return {
        str(event["uid"]): str(event["summary"])
        for event in calendar.walk("VEVENT")
        if str(event["uid"]).startswith("item-")
    }


def test_a_file_without_uuids_imports_and_every_row_gets_its_own(exchange_db: Database) -> None:
    import_document(exchange_db.session_factory, json.dumps(_without_uuids(BASE)).encode())
    found = [value for values in _uuids(exchange_db).values() for value in values]
    assert found and len(set(found)) == len(found)
    assert all(str(uuid.UUID(value)) == value for value in found)


def test_uuids_in_the_file_are_kept(exchange_db: Database) -> None:
    import_document(exchange_db.session_factory, REALISTIC.read_bytes())
    items = _uuids(exchange_db)["plan_item"]
    expected = [i["uuid"] for p in BASE["plans"] for s in p["stages"] for i in s["items"]]
    assert items == expected
    assert _uuids(exchange_db)["cpe_activity"] == [r["uuid"] for r in BASE["cpe"]]


def test_calendar_uids_name_the_same_items_after_export_and_import(
    exchange_db: Database,
) -> None:
    import_document(exchange_db.session_factory, json.dumps(_without_uuids(BASE)).encode())
    before = _item_uids(exchange_db)
    assert before and all("@" in uid and "item-" in uid for uid in before)
    with exchange_db.session_factory() as session:
        exported = json.loads(export_bytes(session))
    # The first item on the calendar goes: with row ids, every later item would now take
    # another's UID.
    stages = [stage for plan in exported["plans"] for stage in plan["stages"]]
    for stage in stages:
        listed = [i for i in stage["items"] if f"item-{i['uuid']}@cso-planner.local" in before]
        if listed:
            stage["items"].remove(listed[0])
            break
    for stage in stages:
        for item in stage["items"]:
            item["depends_on"] = []
    for course in exported["courses"]:
        course["plan_item"] = None
    import_document(exchange_db.session_factory, json.dumps(exported).encode())
    after = _item_uids(exchange_db)
    assert after and set(after) < set(before)
    assert all(before[uid] == title for uid, title in after.items())


def test_appending_a_file_twice_gives_the_copies_new_uuids(exchange_db: Database) -> None:
    only_cpe = {"format": "cso-planner", "version": 1, "cpe": BASE["cpe"]}
    data = json.dumps(only_cpe).encode()
    import_document(exchange_db.session_factory, data)
    import_document(exchange_db.session_factory, data, replace=False)
    values = _uuids(exchange_db)["cpe_activity"]
    assert len(values) == 2 * len(BASE["cpe"]) == len(set(values))
    assert values[: len(BASE["cpe"])] == [r["uuid"] for r in BASE["cpe"]]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not-a-uuid", 'cpe[1].uuid: not a UUID ("not-a-uuid"; expected 8-4-4-4-12 hex)'),
        ("{" + "0" * 32 + "}", "cpe[1].uuid: not a UUID"),
    ],
)
def test_a_malformed_or_repeated_uuid_is_refused(
    loaded_db: Database, value: str, message: str
) -> None:
    document = copy.deepcopy(BASE)
    document["cpe"][1]["uuid"] = value
    before = dump_database(loaded_db.engine)
    with pytest.raises(ImportRejected) as info:
        import_document(loaded_db.session_factory, json.dumps(document).encode())
    assert str(info.value).startswith(message)
    assert dump_database(loaded_db.engine) == before


def test_a_record_copied_within_the_file_gets_a_new_uuid(exchange_db: Database) -> None:
    document = copy.deepcopy(BASE)
    document["cpe"].append(copy.deepcopy(document["cpe"][0]))
    import_document(exchange_db.session_factory, json.dumps(document).encode())
    values = _uuids(exchange_db)["cpe_activity"]
    assert values[0] == BASE["cpe"][0]["uuid"]
    assert len(values) == len(set(values)) == len(BASE["cpe"]) + 1
