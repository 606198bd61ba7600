"""What reads use and writes change, as SQLite's authorizer reports it (real migrated file)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from cso_planner.db.changes import Changes, Reads, take_tracked_rows, track_rows, watching
from cso_planner.db.models import Course, CpeActivity, HeldCertification
from cso_planner.db.opening import Database
from cso_planner.services import cpe, profile
from cso_planner.services.cpe import CpeDraft


def _raw(session: Session):  # type: ignore[no-untyped-def]
    return session.connection().connection.driver_connection


def _read(db: Database, work) -> Reads:  # type: ignore[no-untyped-def]
    reads = Reads()
    with db.session_factory() as s, watching(_raw(s), reads=[reads]):
        work(s)
    return reads


def _write(db: Database, work) -> Changes:  # type: ignore[no-untyped-def]
    changes = Changes()
    with db.session_factory.begin() as s, watching(_raw(s), changes=changes):
        work(s)
        s.flush()
    return changes


def _activity(db: Database) -> int:
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(2025, 1, 1)))
        s.flush()
        return cpe.add_activity(
            s, CpeDraft(dt.date(2026, 1, 5), "Webinar", 1.0, certifications=("CISSP",))
        )


def test_a_read_reports_the_columns_it_used(db: Database) -> None:
    reads = _read(db, profile.currency)
    assert reads.tables == {"profile": {"currency", "id"}}
    counted = _read(db, lambda s: s.scalar(select(func.count()).select_from(CpeActivity)))
    assert counted.tables == {"cpe_activity": {""}}  # the rows alone


def test_an_update_touches_only_reads_of_its_columns(db: Database) -> None:
    created = _write(db, lambda s: profile.set_weekly_study_hours(s, 8.0))
    assert "profile" in created.rows  # a fresh file has no profile row yet
    assert _read(db, profile.currency).touched_by(created)
    hours = _write(db, lambda s: profile.set_weekly_study_hours(s, 9.0))
    assert hours.rows == set()
    assert hours.columns == {"profile": {"weekly_study_hours"}}
    assert not _read(db, profile.currency).touched_by(hours)
    assert _read(db, profile.weekly_study_hours).touched_by(hours)
    activity_id = _activity(db)
    log = _read(db, cpe.list_activities)
    assert not log.touched_by(hours)
    credits = _write(
        db,
        lambda s: cpe.update_activity(
            s, activity_id, CpeDraft(dt.date(2026, 1, 5), "Webinar", 2.0, certifications=("CISSP",))
        ),
    )
    assert log.touched_by(credits)
    assert not _read(db, profile.currency).touched_by(credits)


def test_deletes_report_the_rows_foreign_keys_remove(db: Database) -> None:
    activity_id = _activity(db)
    allocations = _read(db, lambda s: s.execute(text("SELECT cert_code FROM cpe_allocation")).all())
    removed = _write(db, lambda s: cpe.delete_activity(s, activity_id))
    assert "cpe_activity" in removed.rows
    assert allocations.touched_by(removed)


def test_nothing_changed_touches_nothing(db: Database) -> None:
    same = _write(db, lambda s: profile.weekly_study_hours(s))
    assert not same
    assert not _read(db, profile.weekly_study_hours).touched_by(same)


def _connection(db: Database) -> sqlite3.Connection:
    connection = sqlite3.connect(db.path, isolation_level=None)  # autocommit: BEGIN by hand
    connection.execute("PRAGMA foreign_keys = ON")
    track_rows(connection)
    return connection


def _tracked(connection: sqlite3.Connection, *statements: str) -> set[int]:
    connection.execute("BEGIN IMMEDIATE")
    for statement in statements:
        connection.execute(statement)
    ids = take_tracked_rows(connection)
    connection.execute("COMMIT")
    return ids


def test_track_rows_notes_the_activities_a_write_changed(db: Database) -> None:
    first = _activity(db)
    with db.session_factory.begin() as s:
        second = cpe.add_activity(
            s, CpeDraft(dt.date(2026, 2, 5), "Talk", 1.0, certifications=("CISSP",))
        )
        course = Course(title="Course")
        s.add(course)
        s.flush()
        course_id = course.id
    connection = _connection(db)
    track_rows(connection)  # a second time changes nothing
    assert _tracked(connection, f"UPDATE cpe_activity SET credits = 3 WHERE id = {first}") == {
        first
    }
    assert _tracked(connection, "UPDATE cpe_allocation SET credits = 1") == {first, second}
    assert _tracked(connection, "UPDATE profile SET weekly_study_hours = 3") == set()
    proof = (
        "INSERT INTO attachment (sha256, name, media_type, size, added_on, {}) "
        "VALUES ('{}', 'p', 'text/plain', 1, '2026-01-01', {})"
    )
    # a course's proof names no activity: its NULL must not be numbered into an id
    assert _tracked(connection, proof.format("course_id", "a" * 64, course_id)) == set()
    assert _tracked(connection, proof.format("cpe_activity_id", "b" * 64, first)) == {first}
    # ON DELETE CASCADE: the claims and proofs go with the activity, noted under its id
    assert _tracked(connection, f"DELETE FROM cpe_activity WHERE id = {first}") == {first}
    assert connection.execute(
        "SELECT count(*) FROM attachment WHERE cpe_activity_id IS NOT NULL"
    ).fetchone() == (0,)


def test_a_rolled_back_write_takes_its_notes_with_it(db: Database) -> None:
    activity_id = _activity(db)
    connection = _connection(db)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(f"UPDATE cpe_activity SET credits = 9 WHERE id = {activity_id}")
    connection.execute("ROLLBACK")
    assert _tracked(connection) == set()
    assert _tracked(connection, "UPDATE cpe_activity SET notes = 'x'") == {activity_id}
    assert _tracked(connection) == set()  # taken once
