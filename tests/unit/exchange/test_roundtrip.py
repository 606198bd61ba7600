"""Import and export of real documents: lossless, replace semantics, atomic files, CLI lines."""

from __future__ import annotations

import errno
import io
import json
import os
import pathlib
import stat
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from cso_planner.db.models import Course, ExperienceEntry, PlanItem, Profile
from cso_planner.db.opening import Database
from cso_planner.exchange import (
    MAX_BYTES,
    MAX_SIZE_TEXT,
    ImportRejected,
    export_bytes,
    export_document,
    import_document,
    write_export,
)
from cso_planner.exchange.cli import run_export, run_import
from tests.helpers.dump import dump_database

USER_TABLES = {
    "profile",
    "education",
    "experience_entry",
    "experience_domain",
    "held_certification",
    "course",
    "cpe_activity",
    "cpe_allocation",
    "plan",
    "stage",
    "plan_item",
    "item_dependency",
}


def exported(database: Database) -> dict[str, Any]:
    with database.session_factory() as session:
        return export_document(session)


def document(**sections: Any) -> bytes:
    return json.dumps({"format": "cso-planner", "version": 1, **sections}).encode()


def test_realistic_document_comes_back_identical(
    exchange_db: Database, realistic_bytes: bytes
) -> None:
    summary = import_document(exchange_db.session_factory, realistic_bytes)
    assert summary.describe() == (
        "a profile, 5 jobs, 2 education entries, 3 certifications, 2 courses, "
        "4 CPE activities, 2 plans (6 stages, 16 items)"
    )
    assert exported(exchange_db) == json.loads(realistic_bytes)
    with exchange_db.session_factory() as session:
        # Not only equal as JSON: the file is exactly what this exporter writes.
        assert export_bytes(session) == realistic_bytes


def test_export_is_deterministic_and_standard(loaded_db: Database) -> None:
    with loaded_db.session_factory() as session:
        first = export_bytes(session)
        second = export_bytes(session)
    assert first == second
    text = first.decode("utf-8")
    assert "🛡️" in text and "\\u" not in text  # ensure_ascii=False
    assert "NaN" not in text and "Infinity" not in text
    assert text.startswith('{\n  "format": "cso-planner",\n  "version": 1,')


def test_markup_is_stored_as_the_same_characters(exchange_db: Database) -> None:
    markup = '<b>x</b> <img src="/etc/passwd"> <a href="file:///x">&amp;</a>'
    import_document(
        exchange_db.session_factory,
        document(
            profile={"name": markup},
            experience=[
                {"employer": markup, "title": " leading and trailing ", "start": "2020-01-01"}
            ],
        ),
    )
    with exchange_db.session_factory() as session:
        assert session.scalars(select(Profile.name)).one() == markup
        entry = session.scalars(select(ExperienceEntry)).one()
        assert (entry.employer, entry.title) == (markup, " leading and trailing ")


def test_omitted_arrays_and_fields_take_the_documented_defaults(exchange_db: Database) -> None:
    import_document(
        exchange_db.session_factory,
        document(
            experience=[{"employer": "E", "title": "T", "start": "2020-01-01"}],
            plans=[
                {"name": "P", "stages": [{"role": "R", "items": [{"kind": "skill", "title": "S"}]}]}
            ],
        ),
    )
    out = exported(exchange_db)
    assert "profile" not in out
    assert out["education"] == out["certifications"] == out["courses"] == out["cpe"] == []
    made = out["experience"][0].pop("uuid")  # a version-1 file without ids: each gets a new one
    assert made == str(uuid.UUID(made))
    assert out["experience"] == [
        {
            "employer": "E",
            "title": "T",
            "start": "2020-01-01",
            "end": None,
            "hours_per_week": 40,
            "paid": True,
            "management": False,
            "domains": {},
            "notes": "",
        }
    ]
    assert out["plans"][0]["active"] is False
    assert out["plans"][0]["stages"][0]["items"][0]["status"] == "planned"


def test_exporter_added_ids_are_accepted_and_ignored(
    exchange_db: Database, realistic_bytes: bytes
) -> None:
    data = json.loads(realistic_bytes)
    for number, entry in enumerate(data["experience"], start=100):
        entry["id"] = number
    data["profile"]["id"] = 7
    import_document(exchange_db.session_factory, json.dumps(data).encode())
    assert exported(exchange_db) == json.loads(realistic_bytes)


def test_import_replaces_user_data_and_never_touches_the_catalog(
    loaded_db: Database, realistic_bytes: bytes
) -> None:
    before = dump_database(loaded_db.engine)
    catalog_before = {t: rows for t, rows in before.items() if t not in USER_TABLES}

    import_document(loaded_db.session_factory, realistic_bytes)  # again: no duplicates
    assert exported(loaded_db) == json.loads(realistic_bytes)

    import_document(loaded_db.session_factory, document(profile={"name": "New"}))
    after = dump_database(loaded_db.engine)
    assert {t: rows for t, rows in after.items() if t not in USER_TABLES} == catalog_before
    assert [len(after[t]) for t in sorted(USER_TABLES)] == [
        1 if t == "profile" else 0 for t in sorted(USER_TABLES)
    ]


def test_appending_adds_records_and_refuses_collisions(
    loaded_db: Database, realistic_bytes: bytes
) -> None:
    extra = document(
        experience=[{"employer": "Side gig", "title": "Trainer", "start": "2022-01-01"}],
        plans=[{"name": "Another", "active": False}],
    )
    import_document(loaded_db.session_factory, extra, replace=False)
    out = exported(loaded_db)
    assert len(out["experience"]) == 6 and out["experience"][-1]["employer"] == "Side gig"
    assert out["profile"] == json.loads(realistic_bytes)["profile"]

    before = dump_database(loaded_db.engine)
    for data, message in [
        (document(certifications=[{"code": "CISSP", "status": "earned"}]), "CISSP is listed"),
        (document(plans=[{"name": "Road to CSO"}]), 'another plan is named "Road to CSO"'),
        (document(plans=[{"name": "New", "active": True}]), "only one plan can be active"),
    ]:
        with pytest.raises(ImportRejected, match=message):
            import_document(loaded_db.session_factory, data, replace=False)
    assert dump_database(loaded_db.engine) == before


def test_links_between_records_survive(loaded_db: Database) -> None:
    with loaded_db.session_factory() as session:
        course = session.scalars(select(Course).order_by(Course.id)).first()
        assert course is not None and course.plan_item_id is not None
        linked = session.get(PlanItem, course.plan_item_id)
        assert linked is not None and linked.title == "CISM"
    item = exported(loaded_db)["plans"][0]["stages"][2]["items"][2]
    assert item["depends_on"] == [{"stage": 1, "item": 1}, {"stage": 2, "item": 0}]


# --- files -------------------------------------------------------------------------------


def test_write_export_is_private_and_leaves_no_temporary_file(
    loaded_db: Database, tmp_path: pathlib.Path, realistic_bytes: bytes
) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    old_umask = os.umask(0o022)
    try:
        write_export(loaded_db.session_factory, target)
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == realistic_bytes
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["export.json"]


def test_failed_export_keeps_the_previous_file(
    loaded_db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.json"
    target.write_bytes(b"previous export")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left") as info:
        write_export(loaded_db.session_factory, target)
    assert info.value.filename == str(target)  # the user's file, not the temporary one
    assert target.read_bytes() == b"previous export"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".partial"]


def test_cli_round_trip_prints_one_line_each(
    exchange_db: Database, tmp_path: pathlib.Path, realistic_bytes: bytes
) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(realistic_bytes)
    out = io.StringIO()
    assert run_import(exchange_db.session_factory, source, out) == 0
    target = tmp_path / "out.json"
    assert run_export(exchange_db.session_factory, target, out) == 0
    assert out.getvalue().splitlines() == [
        "Imported a profile, 5 jobs, 2 education entries, 3 certifications, 2 courses, "
        f"4 CPE activities, 2 plans (6 stages, 16 items) from {source}",
        "Exported a profile, 5 jobs, 2 education entries, 3 certifications, 2 courses, "
        f"4 CPE activities, 2 plans (6 stages, 16 items) to {target}",
    ]
    assert target.read_bytes() == realistic_bytes


def test_cli_refuses_oversize_file_from_its_size_without_reading(
    loaded_db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing written

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    before = dump_database(loaded_db.engine)
    with pytest.raises(ImportRejected) as info:
        run_import(loaded_db.session_factory, huge, io.StringIO())
    assert str(info.value) == (
        f"{huge}: file is {MAX_BYTES + 1:,} bytes; "
        f"the limit is {MAX_BYTES:,} bytes ({MAX_SIZE_TEXT})"
    )
    assert dump_database(loaded_db.engine) == before


def test_cli_names_the_file_in_a_refusal(loaded_db: Database, tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cso-planner", "version": 9}')
    with pytest.raises(ImportRejected) as info:
        run_import(loaded_db.session_factory, bad, io.StringIO())
    assert (
        str(info.value)
        == f"{bad}: version: unsupported version 9; this CSO Planner reads version 1"
    )


def test_a_file_over_the_old_20_mib_limit_round_trips(
    loaded_db: Database, tmp_path: pathlib.Path, realistic_bytes: bytes
) -> None:
    # 60,000 CPE activities with notes: an export of about 23 MiB, which the first importer
    # refused (its limit was 20 MiB).
    document = json.loads(realistic_bytes)
    template = document["cpe"][0]
    note = "Certificate of attendance kept in the shared drive, folder 2024/CPE. " * 2
    document["cpe"] = [
        {**template, "activity": f"Webinar {n}", "credits": 1 + n % 7, "notes": note}
        for n in range(60_000)
    ]
    source = tmp_path / "large.json"
    source.write_bytes(json.dumps(document, indent=2).encode())
    run_import(loaded_db.session_factory, source, io.StringIO())
    exported = tmp_path / "again.json"
    run_export(loaded_db.session_factory, exported, io.StringIO())
    assert exported.stat().st_size > 20 * 1024 * 1024
    before = dump_database(loaded_db.engine)
    run_import(loaded_db.session_factory, exported, io.StringIO())
    assert dump_database(loaded_db.engine) == before
    assert exported.read_bytes() == export_bytes_of(loaded_db)


def export_bytes_of(database: Database) -> bytes:
    with database.session_factory() as session:
        return export_bytes(session)


def test_export_refuses_to_write_what_the_importer_would_refuse(
    loaded_db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cso_planner.exchange import exporter

    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out.json"
    target.write_bytes(b"previous")
    monkeypatch.setattr(exporter, "MAX_BYTES", 1000)
    with pytest.raises(OSError) as info:
        write_export(loaded_db.session_factory, target)
    assert info.value.errno == errno.EFBIG
    assert info.value.filename == str(target)
    assert "an import accepts; nothing was written" in str(info.value.strerror)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in folder.iterdir()] == ["out.json"]
