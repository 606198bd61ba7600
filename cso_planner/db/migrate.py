"""Run Alembic migrations on a database file (only when one is due)."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

from cso_planner.db.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = pathlib.Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_revisions() -> list[str]:
    """Every revision of the migration scripts, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(db_path: pathlib.Path, revision: str = "head") -> None:
    """Upgrade ``db_path`` to ``revision`` in one transaction (DDL included)."""
    _run(db_path, "upgrade", revision)


def downgrade(db_path: pathlib.Path, revision: str) -> None:
    _run(db_path, "downgrade", revision)


def _run(db_path: pathlib.Path, direction: str, revision: str) -> None:
    from alembic import command

    engine = make_engine(db_path, foreign_keys=False)
    try:
        with engine.connect() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            getattr(command, direction)(config, revision)
            connection.commit()
    finally:
        engine.dispose()
