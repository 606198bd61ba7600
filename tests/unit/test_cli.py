"""The real command line, run as a subprocess."""

from __future__ import annotations

import os
import pathlib
import sqlite3
import subprocess
import sys

import pytest

from cso_planner import __version__
from cso_planner.db.models import Profile
from cso_planner.db.opening import open_database

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "cso_planner", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def test_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in (
        "import",
        "export",
        "eligibility",
        "renewals",
        "budget",
        "pdf",
        "ics",
        "csv",
        "check",
        "restore",
    ):
        assert command in result.stdout


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_not_a_database_is_one_line_on_stderr(tmp_path: pathlib.Path) -> None:
    bogus = tmp_path / "cv.docx"
    bogus.write_bytes(b"PK\x03\x04 not a database")
    result = run_cli("--db", str(bogus), "check")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "not a SQLite database" in result.stderr
    assert "Traceback" not in result.stderr
    assert bogus.read_bytes() == b"PK\x03\x04 not a database"


def test_bad_date_is_a_usage_error(tmp_path: pathlib.Path) -> None:
    result = run_cli("--db", str(tmp_path / "x.sqlite3"), "eligibility", "--on", "2024-13-45")
    assert result.returncode == 2
    assert "not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_a_healthy_database(db_path: pathlib.Path) -> None:
    open_database(db_path).dispose()
    result = run_cli("--db", str(db_path), "check")
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout
    assert "references ok" in result.stdout


def test_check_finds_a_damaged_page(db_path: pathlib.Path) -> None:
    database = open_database(db_path)
    database.dispose()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 3, page * 6):  # scribble over a few b-tree pages
        data[offset] = 0x5A
    db_path.write_bytes(bytes(data))
    result = run_cli("--db", str(db_path), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_restore_replaces_the_file_and_keeps_the_old_one(tmp_path: pathlib.Path) -> None:
    backup = tmp_path / "backup.sqlite3"
    database = open_database(backup)
    with database.session_factory.begin() as session:
        session.add(Profile(name="From the backup"))
    database.dispose()
    current = tmp_path / "current.sqlite3"
    open_database(current).dispose()

    result = run_cli("--db", str(current), "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert "kept as" in result.stdout
    database = open_database(current)
    with database.session_factory() as session:
        assert [p.name for p in session.query(Profile)] == ["From the backup"]
    database.dispose()
    assert list(tmp_path.glob("current.sqlite3.before-restore-*"))


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: pathlib.Path) -> None:
    current = tmp_path / "current.sqlite3"
    open_database(current).dispose()
    before = current.read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("hello", encoding="utf-8")
    result = run_cli("--db", str(current), "restore", str(junk))
    assert result.returncode == 1
    assert "not a SQLite database" in result.stderr
    assert current.read_bytes() == before


def test_cli_commands_do_not_import_qt(db_path: pathlib.Path) -> None:
    open_database(db_path).dispose()
    code = (
        "import sys; from cso_planner.cli import main; "
        f"rc = main(['--db', {str(db_path)!r}, 'check']); "
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT', rc)"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.stdout.strip().splitlines()[-1] == "NOQT 0", result.stderr


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: pathlib.Path) -> None:
    """``cso-planner eligibility --json | head``: the pipe closes, the command exits quietly."""
    open_database(tmp_path / "p.sqlite3").dispose()  # a read-only command creates no file
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cso_planner", "--db", str(tmp_path / "p.sqlite3"),
             "eligibility", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr == ""


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x8c",
        b"PK\x03\x04\x14\x00\x08\x00",
        b"SQLite format 3\x00",
    ],
)
def test_importing_a_binary_file_says_it_is_not_an_export(
    tmp_path: pathlib.Path, content: bytes
) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(content)
    result = run_cli("--db", str(tmp_path / "p.sqlite3"), "import", str(path))
    assert result.returncode == 1
    assert "this is not a CSO Planner export" in result.stderr
    assert '{"format": "cso-planner"' in result.stderr  # what an export looks like
    assert "column" not in result.stderr and "Traceback" not in result.stderr


def test_reading_commands_do_not_import_sqlalchemy(tmp_path: pathlib.Path) -> None:
    """``check``, ``eligibility`` and ``renewals`` read with sqlite3 alone: importing SQLAlchemy
    and the models was most of their start-up. Their answers are the services' own."""
    import datetime as dt
    import json

    from cso_planner.db.models import CpeActivity, CpeAllocation, HeldCertification
    from cso_planner.services.facts import eligibility_answers, renewal_answers

    db_path = tmp_path / "planner.sqlite3"
    database = open_database(db_path)
    with database.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(2024, 3, 1)))
        activity = CpeActivity(date=dt.date(2025, 2, 1), activity="Webinar", credits=2.5)
        s.add(activity)
        s.flush()
        s.add(CpeAllocation(activity_id=activity.id, cert_code="CISSP"))
    on = dt.date(2026, 6, 1)
    with database.session_factory() as s:
        expected = {
            "eligibility": [a.to_json() for a in eligibility_answers(s, on)],
            "renewals": [a.to_json() for a in renewal_answers(s, on)],
        }
    database.dispose()
    for command in ("check", "eligibility", "renewals"):
        extra = [] if command == "check" else ["--json", "--on", on.isoformat()]
        code = (
            "import sys; from cso_planner.cli import main; "
            f"rc = main(['--db', {str(db_path)!r}, {command!r}, *{extra!r}]); "
            "print('SQLALCHEMY' if 'sqlalchemy' in sys.modules else 'PLAIN', rc)"
        )
        # Dates in the sentences as this process writes them (the fallback locale).
        env = dict(os.environ, PYTHONPATH=str(ROOT), LC_ALL="C", LC_TIME="C", LANG="C")
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
        )
        *printed, verdict = result.stdout.strip().splitlines()
        assert verdict == "PLAIN 0", (command, result.stderr)
        if command != "check":
            rows = json.loads("\n".join(printed))
            wanted = json.loads(json.dumps(expected[command]))
            # The command adds keys of its own (a held certification's lifecycle): compare
            # the engine's answer in each row.
            assert [{k: r[k] for k in w} for r, w in zip(rows, wanted, strict=True)] == wanted
