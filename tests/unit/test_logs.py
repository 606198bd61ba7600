"""The log: a forced error leaves a traceback there (not on screen), and none of the data."""

from __future__ import annotations

import logging
import os
import pathlib
import stat
import subprocess
import sys

import pytest

from cso_planner import logs

ROOT = pathlib.Path(__file__).resolve().parents[2]
SECRET_NAME = "Priya Quux-Secretname"
SECRET_ID = "CRED-99887766"


def _env(tmp_path: pathlib.Path) -> dict[str, str]:
    return {
        **os.environ,
        "CSO_PLANNER_LOG_DIR": str(tmp_path / "logs"),
        "QT_QPA_PLATFORM": "offscreen",
        "CSO_PLANNER_NO_WIZARD": "1",
    }


def _seed(db: pathlib.Path) -> None:
    """A database holding personal data that must never reach the log."""
    from cso_planner.db.models import HeldCertification, Profile
    from cso_planner.db.opening import open_database

    database = open_database(db)
    with database.session_factory.begin() as s:
        s.add(Profile(name=SECRET_NAME))
        s.add(HeldCertification(cert_code="CISSP", status="earned", credential_id=SECRET_ID))
    database.dispose()


CLI_BUG = f"""
import sys
from cso_planner import cli
def broken(args, out):
    raise ValueError("cannot handle {SECRET_NAME} / {SECRET_ID}")
cli.COMMANDS["check"] = broken
sys.exit(cli.main(["--db", sys.argv[1], "check"]))
"""

GUI_BUG = f"""
import pathlib, sys
from PySide6.QtCore import QTimer
from cso_planner import app
adopt = app.Planner._adopt
def adopt_then_fail(self, window, lock, *, new):
    adopt(self, window, lock, new=new)
    def boom():
        raise RuntimeError("the slot saw {SECRET_NAME} {SECRET_ID}")
    QTimer.singleShot(50, boom)
    QTimer.singleShot(600, window.close)
app.Planner._adopt = adopt_then_fail
sys.exit(app.run_gui(pathlib.Path(sys.argv[1])))
"""


def _log_text(tmp_path: pathlib.Path) -> str:
    return (tmp_path / "logs" / logs.LOG_FILENAME).read_text("utf-8")


def test_cli_bug_is_one_line_and_the_traceback_is_logged(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "planner.sqlite3"
    _seed(db)
    result = subprocess.run(
        [sys.executable, "-c", CLI_BUG, str(db)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "unexpected problem (ValueError)" in line and logs.LOG_FILENAME in line
    text = _log_text(tmp_path)
    assert "Traceback (most recent call last)" in text and "ValueError" in text
    assert "in broken" in text  # where it happened
    assert SECRET_NAME not in text and SECRET_ID not in text


def test_gui_bug_is_logged_not_shown_as_a_traceback(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "planner.sqlite3"
    _seed(db)
    result = subprocess.run(
        [sys.executable, "-c", GUI_BUG, str(db)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Something went wrong in CSO Planner (RuntimeError)" in result.stderr
    text = _log_text(tmp_path)
    assert "session start: CSO Planner" in text and "Qt 6." in text
    assert "Traceback (most recent call last)" in text and "RuntimeError" in text
    assert "in boom" in text
    assert SECRET_NAME not in text and SECRET_ID not in text
    assert str(db) not in text  # not even the file's path (it names the person's folders)


def test_log_is_private_and_bounded(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "logs"))
    old_umask = os.umask(0o022)
    try:
        path = logs.setup("cli")
        assert path is not None
        logger = logging.getLogger(logs.LOGGER)
        for number in range(6000):
            logger.info("line %05d %s", number, "x" * 1000)
    finally:
        logs.shutdown()
        os.umask(old_umask)
    folder = tmp_path / "logs"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(folder.iterdir())
    assert len(files) == 1 + logs.BACKUP_COUNT
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
        assert file.stat().st_size <= logs.MAX_BYTES + 2048
    # The newest lines are kept in the current file.
    assert "line 05999" in (folder / logs.LOG_FILENAME).read_text("utf-8")


def test_unwritable_log_folder_never_breaks_the_app(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(blocker / "logs"))
    try:
        assert logs.setup("cli") is None
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            assert logs.log_unexpected(exc, "command") is None
    finally:
        logs.shutdown()
