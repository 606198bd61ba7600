"""Shared fixtures. Qt runs offscreen; every database is built by the real migrations."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pathlib
from collections.abc import Iterator

import pytest

from cso_planner.db.opening import Database, open_database


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user's data folder or Qt settings from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CSO_PLANNER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))


@pytest.fixture(autouse=True)
def _dates_in_international_english() -> Iterator[None]:
    """Dates read "30 Jun 2027" whatever the developer's locale (tests that need another locale
    call ``dates.set_locale`` themselves); the fallback locale, as under ``LANG=C``."""
    from cso_planner import dates

    dates.set_locale(dates.FALLBACK_LOCALE)
    yield
    dates.set_locale(None)


@pytest.fixture
def db_path(tmp_path: pathlib.Path) -> pathlib.Path:
    return tmp_path / "planner.sqlite3"


@pytest.fixture
def db(db_path: pathlib.Path) -> Iterator[Database]:
    """A fresh database file, migrated to head with the bundled catalog loaded."""
    database = open_database(db_path)
    yield database
    database.dispose()
