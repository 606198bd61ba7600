"""The one date format: locale-aware, Qt-free, and read back from what it shows."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cso_planner import dates

D = dt.date
LOCALES = [
    "en_001",
    "en_US",
    "en_GB",
    "en_CA",
    "de_DE",
    "fr_FR",
    "es_ES",
    "ja_JP",
    "sv_SE",
    "nl_NL",
]


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("en_001", "30 Jun 2027"),
        ("en_GB", "30 Jun 2027"),
        ("en_US", "Jun 30, 2027"),
        ("de_DE", "30.06.2027"),
        ("ja_JP", "2027/06/30"),
    ],
)
def test_format_follows_the_locale(locale: str, shown: str) -> None:
    dates.set_locale(locale)
    assert dates.format_date(D(2027, 6, 30)) == shown
    assert dates.parse_date(shown) == D(2027, 6, 30)


def test_no_locale_means_international_english(monkeypatch: pytest.MonkeyPatch) -> None:
    dates.set_locale(None)
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert dates.format_date(D(2027, 6, 30)) == "30 Jun 2027"
    monkeypatch.setenv("LC_TIME", "de_DE.UTF-8")
    assert dates.format_date(D(2027, 6, 30)) == "30.06.2027"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL wins, as in C
    assert dates.format_date(D(2027, 6, 30)) == "Jun 30, 2027"
    monkeypatch.setenv("LC_ALL", "xx_YY")  # unknown: the fallback, never a crash
    assert dates.format_date(D(2027, 6, 30)) == "30 Jun 2027"


def test_iso_and_numeric_short_forms_are_read_in_the_locale_order() -> None:
    dates.set_locale("en_US")
    assert dates.parse_date("2030-01-01") == D(2030, 1, 1)
    assert dates.parse_date("1/2/30") == D(2030, 1, 2)  # month first in the US
    assert dates.parse_date("January 2, 2030") == D(2030, 1, 2)
    dates.set_locale("en_GB")
    assert dates.parse_date("1/2/30") == D(2030, 2, 1)  # day first in Britain
    assert dates.parse_date("  2030-01-01 ") == D(2030, 1, 1)
    assert dates.parse_date("Tuesday, 1 January 2030") == D(2030, 1, 1)
    dates.set_locale("de_DE")
    assert dates.parse_date("1.2.2030") == D(2030, 2, 1)
    assert dates.parse_date("1. Februar 2030") == D(2030, 2, 1)


@pytest.mark.parametrize("text", ["", "soon", "31 Feb 2027", "2027-13-01", "12 2027", "1 2 3 4"])
def test_what_is_not_a_date_says_how_to_type_one(text: str) -> None:
    with pytest.raises(dates.DateParseError) as caught:
        dates.parse_date(text)
    assert "30 Jun 2027 or 2027-06-30" in str(caught.value)


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31)),
    locale=st.sampled_from(LOCALES),
)
def test_every_shown_date_reads_back_as_itself(day: dt.date, locale: str) -> None:
    dates.set_locale(locale)
    try:
        assert dates.parse_date(dates.format_date(day)) == day
        assert dates.parse_date(dates.format_long_date(day)) == day
        assert dates.parse_date(day.isoformat()) == day
    finally:
        dates.set_locale(dates.FALLBACK_LOCALE)


def test_the_cli_prints_dates_in_the_one_format(tmp_path: pytest.TempPathFactory) -> None:
    """The command line reads the same module: de_DE prints 31.12.2023, --json stays ISO."""
    root = str(pathlib.Path(__file__).resolve().parents[2])
    env = {**os.environ, "LC_ALL": "de_DE.UTF-8", "CSO_PLANNER_DATA_DIR": str(tmp_path)}
    env["PYTHONPATH"] = root
    db = str(tmp_path / "p.sqlite3")  # type: ignore[operator]
    from cso_planner.db.opening import open_database

    open_database(pathlib.Path(db)).dispose()  # a read-only command creates no file
    run = [sys.executable, "-m", "cso_planner", "--db", db, "eligibility", "--on", "2024-01-01"]
    text = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert "Eligibility as of 01.01.2024" in text.stdout
    as_json = subprocess.run(
        [*run, "--json"], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert "01.01.2024" not in as_json.stdout
