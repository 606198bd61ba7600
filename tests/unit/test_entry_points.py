"""The two installed commands: ``cso-planner`` (console) and ``cso-planner-gui`` (launchers)."""

from __future__ import annotations

import os
import pathlib
import sqlite3
import subprocess
import sys

from cso_planner import __version__

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "CSO_PLANNER_NO_WIZARD": "1",
        **extra,
    }


def _run(args: list[str], cwd: pathlib.Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=_env(**extra), capture_output=True, text=True, timeout=120
    )


def test_console_script_lists_the_commands(tmp_path: pathlib.Path) -> None:
    script = BIN / "cso-planner"
    assert script.is_file(), "the package is installed with its console script"
    result = _run([str(script), "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("import", "export", "eligibility", "pdf", "check", "restore", "desktop"):
        assert command in result.stdout
    assert "cso-planner FILE.sqlite3" in result.stdout


def test_gui_script_is_installed(tmp_path: pathlib.Path) -> None:
    script = BIN / "cso-planner-gui"
    assert script.is_file()
    result = _run([str(script), "--version"], tmp_path)
    assert result.returncode == 0 and __version__ in result.stdout


def test_a_lone_database_argument_opens_that_file(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "elsewhere" / "mine.sqlite3"
    target.parent.mkdir()
    result = _run(
        [sys.executable, "-m", "cso_planner", str(target)],
        tmp_path,
        CSO_PLANNER_QUIT_AFTER_SHOW="1",
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    connection.close()


def test_gui_script_opens_the_file_it_is_given(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "given.sqlite3"
    result = _run(
        [
            sys.executable,
            "-c",
            "from cso_planner.cli import gui_main; raise SystemExit(gui_main())",
            str(target),
        ],
        tmp_path,
        CSO_PLANNER_QUIT_AFTER_SHOW="1",
    )
    assert result.returncode == 0, result.stderr
    assert target.is_file()


def test_a_mistyped_command_is_still_an_error_and_creates_nothing(tmp_path: pathlib.Path) -> None:
    result = _run([sys.executable, "-m", "cso_planner", "exprot"], tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'exprot'" in result.stderr
    assert list(tmp_path.iterdir()) == []
