"""Alembic environment: always runs on a connection handed in by ``cso_planner.db.migrate``.

``render_as_batch`` lets SQLite rebuild tables; ``transactional_ddl`` together with the engine's
``BEGIN IMMEDIATE`` makes a failed migration roll back completely, DDL included.
"""

from __future__ import annotations

from alembic import context

from cso_planner.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app never runs Alembic without a connection
    raise RuntimeError("CSO Planner migrations run only through cso_planner.db.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
    # Migrations run with foreign_keys=OFF (table rebuilds would otherwise cascade deletes);
    # SQLite's documented procedure is to check every reference before committing.
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise RuntimeError(f"migration left {len(violations)} broken references; rolled back")
