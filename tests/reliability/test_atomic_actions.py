"""R2: every multi-row user action is one transaction.

Each action runs on a database holding a realistic person; an exception is injected after each
of its SQL statements in turn (``tests/helpers/faults.py``) and the logical dump of every table
must be unchanged each time. The statement count is in the output (``-s``) and in the ids.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import pathlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select

from cso_planner.db import maintenance
from cso_planner.db.backup import write_verified_backup
from cso_planner.db.catalog_sync import bundled_catalog_document, sync_catalog
from cso_planner.db.errors import StorageError
from cso_planner.db.models import CpeActivity, Plan, Profile
from cso_planner.db.opening import Database, open_database
from cso_planner.db.transactions import write_transaction
from cso_planner.exchange import import_document
from cso_planner.exports.cpe_csv import CpeRow
from cso_planner.services import cpe, experience, plans, snapshots
from tests.helpers.dump import dump_database
from tests.helpers.faults import assert_atomic
from tests.helpers.sample_data import add_sample_person

REALISTIC = pathlib.Path(__file__).parents[1] / "data" / "realistic_export.json"


@pytest.fixture
def person_db(db_path: pathlib.Path) -> Iterator[Database]:
    database = open_database(db_path)
    with write_transaction(database.session_factory) as session:
        add_sample_person(session)
    yield database
    database.dispose()


def _active_plan(database: Database) -> int:
    with database.session_factory() as session:
        plan_id = session.scalar(select(Plan.id).where(Plan.active.is_(True)))
    assert plan_id is not None
    return plan_id


def _in_transaction(database: Database, work: Callable[..., object]) -> Callable[[], None]:
    def action() -> None:
        with write_transaction(database.session_factory) as session:
            work(session)

    return action


def _next_catalog() -> dict[str, object]:
    """The bundled catalog as a later release might change it: renamed, a domain and rule gone."""
    document = copy.deepcopy(bundled_catalog_document())
    document["catalog_version"] = "9999.01.01"
    for cert in document["certifications"]:
        cert["name"] = cert["name"] + " (2030 edition)"
        if cert.get("domains"):
            cert["domains"] = cert["domains"][:-1]
    document["rules"] = document["rules"][:-1]
    return document


def _action(database: Database, name: str) -> Callable[[], object]:
    """The action called ``name``, after any setup it needs (committed before measuring)."""
    plan_id = _active_plan(database)
    with database.session_factory() as session:
        snapshot = snapshots.snapshot_plan(session, plan_id)
        activity_ids = list(session.scalars(select(CpeActivity.id)))
    if name == "undo delete plan (snapshot restore)":
        with write_transaction(database.session_factory) as session:
            plans.delete_plan(session, plan_id)
    rows = [
        CpeRow(dt.date(2025, 9, day), f"Conference day {day}", "ISC2", 2.5, "A", ("CISSP",), "")
        for day in range(1, 6)
    ]
    job = experience.ExperienceDraft(
        employer="Tailspin Toys",
        title="Security Lead",
        start=dt.date(2016, 1, 1),
        end=dt.date(2018, 6, 30),
        domains=(("CISSP", "Security Operations"), ("CISSP", "Asset Security")),
    )
    actions: dict[str, Callable[[], object]] = {
        "catalog upgrade": _in_transaction(database, lambda s: sync_catalog(s, _next_catalog())),
        "import (replace everything)": lambda: import_document(
            database.session_factory, REALISTIC.read_bytes()
        ),
        "duplicate plan": _in_transaction(
            database, lambda s: plans.duplicate_plan(s, plan_id, "What if", activate=True)
        ),
        "delete plan": _in_transaction(database, lambda s: plans.delete_plan(s, plan_id)),
        "undo delete plan (snapshot restore)": _in_transaction(
            database, lambda s: snapshots.restore(s, snapshot)
        ),
        "CPE CSV import": _in_transaction(database, lambda s: cpe.import_rows(s, rows)),
        "delete CPE activities": _in_transaction(
            database, lambda s: cpe.delete_activities(s, activity_ids)
        ),
        "add job with domains": _in_transaction(database, lambda s: experience.add_entry(s, job)),
    }
    return actions[name]


ACTION_NAMES = [
    "catalog upgrade",
    "import (replace everything)",
    "duplicate plan",
    "delete plan",
    "undo delete plan (snapshot restore)",
    "CPE CSV import",
    "delete CPE activities",
    "add job with domains",
]


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_r2_failure_after_any_statement_leaves_the_dump_unchanged(
    person_db: Database, name: str
) -> None:
    action = _action(person_db, name)
    before = dump_database(person_db.path)
    statements = assert_atomic(person_db.engine, action)
    print(f"R2 {name}: failure injected after each of {statements} statements, dump unchanged")
    assert statements >= 2, "a multi-row action"
    assert dump_database(person_db.path) != before, "the final run commits"


def test_r2_injector_catches_a_non_atomic_action(person_db: Database) -> None:
    """The check itself works: two transactions for one action are reported."""

    def two_transactions() -> None:
        with write_transaction(person_db.session_factory) as session:
            session.add(Profile(name="first half"))
        with write_transaction(person_db.session_factory) as session:
            session.add(Profile(name="second half"))

    with pytest.raises(AssertionError, match="not atomic"):
        assert_atomic(person_db.engine, two_transactions)


# --- Restore from backup: file operations, not SQL ----------------------------------------


PROFILE_SQL = (
    "INSERT INTO profile (name, current_role, target_role, track, weekly_study_hours, currency) "
    "VALUES (?, '', '', 'technical', 6, 'USD')"
)


def _listing(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("hard_links", [True, False], ids=["hard-links", "no-hard-links"])
@pytest.mark.parametrize("fail_at", range(1, 6))
def test_r2_restore_that_fails_at_any_rename_keeps_the_current_file(
    person_db: Database,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    fail_at: int,
    hard_links: bool,
) -> None:
    """A restore is all or nothing too: a failed link or rename puts everything back.

    The current file is left as a crash leaves it (committed rows still only in its ``-wal``),
    so its side files have to move with it.
    """
    backup = write_verified_backup(person_db.path, tmp_path / "elsewhere" / "backup.sqlite3")
    path = tmp_path / "current" / "planner.sqlite3"
    path.parent.mkdir()
    writer = sqlite3.connect(person_db.path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(PROFILE_SQL, ("only in the -wal",))
    writer.commit()
    for suffix in ("", "-wal"):  # a crash-time image: the file and its log
        shutil.copyfile(f"{person_db.path}{suffix}", f"{path}{suffix}")
    writer.close()
    before = dump_database(path)
    assert ("only in the -wal",) in {row[1:2] for row in before["profile"]}
    listing = _listing(path.parent)

    calls = {"n": 0}

    def failing(real: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object, **kwargs: object) -> None:
            calls["n"] += 1
            if calls["n"] == fail_at:
                raise OSError(28, "No space left on device (injected)")
            real(*args, **kwargs)

        return call

    def no_link(*_args: object, **_kwargs: object) -> None:
        raise OSError(1, "Operation not permitted (no hard links here)")

    monkeypatch.setattr(maintenance.os, "replace", failing(os.replace))
    if not hard_links:  # e.g. exFAT: the current file is renamed instead of linked
        monkeypatch.setattr(maintenance.os, "link", no_link)
    try:
        kept = maintenance.restore_backup(path, backup)
    except (OSError, StorageError):  # staging the copy reports a BackupFailedError
        monkeypatch.undo()
        assert _listing(path.parent) == listing
        assert dump_database(path) == before
        print(f"R2 restore: rename {fail_at} failed: current file and -wal intact")
        return
    monkeypatch.undo()
    assert calls["n"] < fail_at, "the restore swallowed an injected failure"
    assert kept is not None
    assert dump_database(path) == dump_database(backup)
    assert dump_database(kept) == before  # the -wal moved with it
    print(f"R2 restore: {calls['n']} renames, none failed: restored, old file kept")
