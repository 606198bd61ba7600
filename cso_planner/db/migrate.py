"""Run Alembic migrations on a database file (only when one is due)."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

from cso_planner.db.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = pathlib.Path(__file__).parent / "migrations"


def alembic_config(script_location: pathlib.Path | None = None) -> Config:
    """Alembic's configuration, built in code (no alembic.ini is shipped)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    return config


def script_revisions(script_location: pathlib.Path | None = None) -> list[str]:
    """Every revision of the migration scripts, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(script_location))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(
    db_path: pathlib.Path, revision: str = "head", script_location: pathlib.Path | None = None
) -> None:
    """Upgrade ``db_path`` to ``revision`` in one transaction (DDL included)."""
    _run(db_path, "upgrade", revision, script_location)


def downgrade(
    db_path: pathlib.Path, revision: str, script_location: pathlib.Path | None = None
) -> None:
    _run(db_path, "downgrade", revision, script_location)


def _run(
    db_path: pathlib.Path, direction: str, revision: str, script_location: pathlib.Path | None
) -> None:
    from alembic import command

    engine = make_engine(db_path, foreign_keys=False)
    try:
        with engine.connect() as connection:
            config = alembic_config(script_location)
            config.attributes["connection"] = connection
            getattr(command, direction)(config, revision)
            connection.commit()
    finally:
        engine.dispose()
