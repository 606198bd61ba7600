"""Databases for the exchange tests: real files built by the real migrations.

Migrating takes a few hundred milliseconds, so one template file is migrated once per session
and copied (while closed, so the copy is complete) before each test opens its own.
"""

from __future__ import annotations

import pathlib
import shutil
from collections.abc import Iterator

import pytest

from cso_planner.db.opening import Database, open_database
from cso_planner.exchange import import_document

REALISTIC = pathlib.Path(__file__).parents[2] / "data" / "realistic_export.json"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A closed database file at the head revision with the bundled catalog loaded."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).dispose()
    assert not path.with_name(path.name + "-wal").exists(), "template must be fully checkpointed"
    return path


def open_copy(template: pathlib.Path, path: pathlib.Path) -> Database:
    """Copy the closed template to ``path`` and open it the way the app does."""
    shutil.copy(template, path)
    return open_database(path)


@pytest.fixture
def exchange_db(template_db: pathlib.Path, tmp_path: pathlib.Path) -> Iterator[Database]:
    """An empty (catalog-only) database of this test's own."""
    database = open_copy(template_db, tmp_path / "db.sqlite3")
    yield database
    database.dispose()


@pytest.fixture
def realistic_bytes() -> bytes:
    return REALISTIC.read_bytes()


@pytest.fixture
def loaded_db(exchange_db: Database, realistic_bytes: bytes) -> Database:
    """A database holding the realistic person, so "unchanged" has something to lose."""
    import_document(exchange_db.session_factory, realistic_bytes)
    return exchange_db
