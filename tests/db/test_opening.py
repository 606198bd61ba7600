"""Opening refuses what is not ours and never changes it (R6, R7, R8, R18)."""

from __future__ import annotations

import hashlib
import os
import pathlib
import shutil
import sqlite3
import stat

import pytest
import sqlalchemy.exc
from sqlalchemy import select

from cso_planner.db import migrate, opening
from cso_planner.db.backup import quick_check
from cso_planner.db.errors import (
    ForeignDatabaseError,
    NewerSchemaError,
    NotADatabaseError,
    StorageError,
)
from cso_planner.db.models import Certification, Profile
from cso_planner.db.opening import open_database
from cso_planner.db.revisions import HEAD
from cso_planner.db.transactions import write_transaction
from cso_planner.paths import backup_dir_for


def _sha(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_new_database_is_migrated_with_the_catalog(db_path: pathlib.Path) -> None:
    database = open_database(db_path)
    with database.session_factory() as session:
        assert session.get(Certification, "CISSP") is not None
        assert session.query(Certification).count() >= 24
    database.dispose()


def test_text_file_is_refused_and_untouched(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my career notes\n", encoding="utf-8")
    digest = _sha(path)
    with pytest.raises(NotADatabaseError, match="not a SQLite database"):
        open_database(path)
    assert _sha(path) == digest
    assert _listing(tmp_path) == ["notes.txt"]


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    digest = _sha(path)
    with pytest.raises(ForeignDatabaseError, match="another program"):
        open_database(path)
    assert _sha(path) == digest
    assert _listing(tmp_path) == ["other.sqlite3"]


def _stamp_newer(path: pathlib.Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9000_from_the_future'")
    connection.commit()
    connection.execute("PRAGMA journal_mode = DELETE")  # a cleanly closed file, no -wal
    connection.close()


def test_newer_schema_is_refused_byte_identical(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(path).dispose()
    _stamp_newer(path)
    before = _listing(tmp_path)
    digest = _sha(path)
    with pytest.raises(NewerSchemaError, match="newer version of CSO Planner"):
        open_database(path)
    assert _sha(path) == digest
    assert _listing(tmp_path) == before  # no -wal, no -shm, no backup


def test_files_are_private_whatever_the_umask(tmp_path: pathlib.Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "data" / "planner.sqlite3"
        database = open_database(path, private_dir=True)
        with database.session_factory.begin() as session:
            session.add(Profile(name="Ada"))
        written = [path, *[p for p in path.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in written}
        database.dispose()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert set(modes.values()) == {0o600}, modes


SECOND_MIGRATION = '''
"""Add a nickname column (test only)."""
import sqlalchemy as sa
from alembic import op

revision = "0002_test"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profile") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.Text(), nullable=True))
    {extra}


def downgrade() -> None:
    with op.batch_alter_table("profile") as batch_op:
        batch_op.drop_column("nickname")
'''


def _future_release(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, *, fail: bool) -> None:
    """Pretend the running version ships a second migration."""
    scripts = tmp_path / "scripts"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    extra = 'raise RuntimeError("injected")' if fail else "pass"
    (scripts / "versions" / "0002_test.py").write_text(
        SECOND_MIGRATION.format(down=HEAD, extra=extra), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(opening, "HEAD", "0002_test")
    monkeypatch.setattr(opening, "KNOWN_REVISIONS", (HEAD, "0002_test"))


def _write_profile(path: pathlib.Path) -> None:
    database = open_database(path)
    with database.session_factory.begin() as session:
        session.add(Profile(name="Grace"))
    database.dispose()


def test_upgrade_writes_a_verified_backup_first(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "planner.sqlite3"
    _write_profile(path)
    _future_release(tmp_path, monkeypatch, fail=False)

    open_database(path).dispose()

    backups = list(backup_dir_for(path).glob(f"pre-migrate-{HEAD}-*.sqlite3"))
    assert len(backups) == 1
    assert quick_check(backups[0]) == "ok"
    connection = sqlite3.connect(backups[0])
    assert connection.execute("SELECT name FROM profile").fetchall() == [("Grace",)]
    connection.close()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
        "0002_test",
    )
    connection.close()


def test_failed_upgrade_at_open_keeps_data_and_backup(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "planner.sqlite3"
    _write_profile(path)
    _future_release(tmp_path, monkeypatch, fail=True)

    with pytest.raises(RuntimeError, match="injected"):
        open_database(path)
    with pytest.raises(RuntimeError, match="injected"):  # a retry makes a second backup
        open_database(path)

    backups = list(backup_dir_for(path).glob("pre-migrate-*.sqlite3"))
    assert len(backups) == 2  # the retry did not rotate the first one away
    monkeypatch.undo()
    database = open_database(path)  # this version still opens it as it was
    with database.session_factory() as session:
        assert [p.name for p in session.query(Profile)] == ["Grace"]
    database.dispose()


def test_new_file_whose_migration_fails_leaves_nothing(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _future_release(tmp_path, monkeypatch, fail=True)
    folder = tmp_path / "fresh"
    folder.mkdir()
    with pytest.raises(RuntimeError, match="injected"):
        open_database(folder / "planner.sqlite3")
    assert _listing(folder) == []


def test_a_read_only_file_opened_for_reading_refuses_every_write(db_path: pathlib.Path) -> None:
    """``read_only_ok``: the ORM and the plain reader both read it; a write through either
    fails inside SQLite (the connection itself is read-only), and the bytes are kept."""
    database = open_database(db_path)
    with write_transaction(database.session_factory) as session:
        session.add(Profile(name="Kept As Is"))
    database.dispose()
    db_path.chmod(0o444)
    digest = db_path.read_bytes()

    with pytest.raises(StorageError, match="read-only"):
        open_database(db_path)
    database = open_database(db_path, read_only_ok=True)
    try:
        assert database.read_only and database.marker is None
        with database.session_factory() as session:
            assert session.scalars(select(Profile.name)).all() == ["Kept As Is"]
        with (
            pytest.raises(sqlalchemy.exc.OperationalError, match="readonly"),
            write_transaction(database.session_factory) as session,
        ):
            session.add(Profile(name="Not Written"))
        with (
            database.reader() as connection,
            pytest.raises(sqlite3.OperationalError, match="readonly"),
        ):
            connection.execute("UPDATE profile SET name = 'Not Written'")
    finally:
        database.dispose()
    assert db_path.read_bytes() == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
