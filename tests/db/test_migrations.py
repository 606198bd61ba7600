"""Migrations: the schema they build is the models' schema, and they are atomic (R8, R9)."""

from __future__ import annotations

import pathlib
import shutil
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cso_planner.db import migrate
from cso_planner.db.engine import make_engine
from cso_planner.db.models import Base
from cso_planner.db.revisions import HEAD, KNOWN_REVISIONS


def _schema(path: pathlib.Path) -> list[tuple[str, str, str]]:
    connection = sqlite3.connect(path)
    try:
        return sorted(
            connection.execute(
                "SELECT type, name, coalesce(sql, '') FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
        )
    finally:
        connection.close()


def _revision(path: pathlib.Path) -> str | None:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def test_known_revisions_match_the_scripts() -> None:
    assert tuple(migrate.script_revisions()) == KNOWN_REVISIONS
    assert KNOWN_REVISIONS[-1] == HEAD


def test_migrated_schema_matches_the_models(db_path: pathlib.Path) -> None:
    migrate.upgrade(db_path)
    engine = make_engine(db_path)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def test_downgrade_then_upgrade_round_trips(db_path: pathlib.Path) -> None:
    migrate.upgrade(db_path)
    head_schema = _schema(db_path)
    migrate.downgrade(db_path, "base")
    assert [row for row in _schema(db_path) if row[1] != "alembic_version"] == []
    migrate.upgrade(db_path)
    assert _schema(db_path) == head_schema
    assert _revision(db_path) == HEAD


FAILING_MIGRATION = '''
"""A migration that fails half-way (test only)."""
import sqlalchemy as sa
from alembic import op

revision = "9999_broken"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profile") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.Text(), nullable=True))
    op.execute("UPDATE profile SET nickname = name")
    op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("injected failure inside the migration")


def downgrade() -> None:
    pass
'''


@pytest.fixture
def broken_scripts(tmp_path: pathlib.Path) -> pathlib.Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_broken.py").write_text(
        FAILING_MIGRATION.format(down=HEAD), encoding="utf-8"
    )
    return scripts


def test_failed_migration_leaves_schema_and_version_unchanged(
    db_path: pathlib.Path, broken_scripts: pathlib.Path
) -> None:
    migrate.upgrade(db_path)
    connection = sqlite3.connect(db_path)
    connection.execute(
        "INSERT INTO profile (name, current_role, target_role, track, weekly_study_hours, "
        "currency) VALUES ('Ada', '', '', 'technical', 6, 'USD')"
    )
    connection.commit()
    connection.close()
    before = _schema(db_path)

    with pytest.raises(RuntimeError, match="injected failure"):
        migrate.upgrade(db_path, script_location=broken_scripts)

    assert _schema(db_path) == before
    assert _revision(db_path) == HEAD
    # ... and the next start works on the untouched file.
    migrate.upgrade(db_path)
    assert _revision(db_path) == HEAD


INJECTED_AT_THE_END = """

_real_upgrade = upgrade


def upgrade() -> None:  # noqa: F811 - test only: the real migration, then a failure
    _real_upgrade()
    raise RuntimeError("injected failure at the end of {revision}")
"""


@pytest.mark.parametrize("revision", KNOWN_REVISIONS)
def test_r9_failure_injected_into_each_migration_rolls_it_back(
    revision: str, db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    """Every real migration, made to fail after all its work: nothing of it stays."""
    from alembic.script import ScriptDirectory

    index = KNOWN_REVISIONS.index(revision)
    previous = KNOWN_REVISIONS[index - 1] if index else None
    if previous is not None:
        migrate.upgrade(db_path, previous)
    before_schema = _schema(db_path) if db_path.exists() else []
    before_revision = _revision(db_path) if previous is not None else None

    scripts = tmp_path / "broken-migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    original = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(revision)
    assert original is not None and original.path is not None
    target = scripts / "versions" / pathlib.Path(original.path).name
    target.write_text(
        target.read_text("utf-8") + INJECTED_AT_THE_END.format(revision=revision), "utf-8"
    )

    with pytest.raises(RuntimeError, match=f"injected failure at the end of {revision}"):
        migrate.upgrade(db_path, script_location=scripts)

    after = [row for row in _schema(db_path) if row[1] != "alembic_version"]
    assert after == [row for row in before_schema if row[1] != "alembic_version"]
    if before_revision is not None:
        assert _revision(db_path) == before_revision
    migrate.upgrade(db_path)  # the next start works
    assert _revision(db_path) == HEAD
