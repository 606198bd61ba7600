"""``cso-planner desktop install`` / ``uninstall``, through the real command in a subprocess."""

from __future__ import annotations

import os
import pathlib
import shlex
import shutil
import subprocess
import sys

import pytest

from cso_planner import APP_ID
from cso_planner.desktop import desktop_entry, exec_quote

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _cli(*args: str, data_home: pathlib.Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run(
        [sys.executable, "-m", "cso_planner", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _validate(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (CI installs it)")
    result = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def installed(tmp_path: pathlib.Path) -> pathlib.Path:
    data_home = tmp_path / "share"
    result = _cli("desktop", "install", data_home=data_home)
    assert result.returncode == 0, result.stderr
    assert "application menu" in result.stdout
    return data_home


def test_install_writes_the_three_files(installed: pathlib.Path) -> None:
    entry = installed / "applications" / f"{APP_ID}.desktop"
    icon = installed / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    metainfo = installed / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert entry.is_file() and icon.is_file() and metainfo.is_file()
    assert icon.read_bytes().startswith(b"<svg") or b"<svg" in icon.read_bytes()[:200]
    text = entry.read_text("utf-8")
    (exec_line,) = [line for line in text.splitlines() if line.startswith("Exec=")]
    program = shlex.split(exec_line.removeprefix("Exec="))[0]
    # The launcher starts the installed gui-script (this test's venv has one).
    assert pathlib.Path(program).name == "cso-planner-gui"
    assert os.access(program, os.X_OK)
    assert f"Icon={APP_ID}" in text
    for path in (entry, icon, metainfo):
        assert path.stat().st_mode & 0o777 == 0o644


def test_installed_files_pass_the_freedesktop_validators(installed: pathlib.Path) -> None:
    _validate("desktop-file-validate", str(installed / "applications" / f"{APP_ID}.desktop"))
    _validate(
        "appstreamcli",
        "validate",
        "--no-net",
        str(installed / "metainfo" / f"{APP_ID}.metainfo.xml"),
    )


def test_uninstall_removes_exactly_what_install_wrote(installed: pathlib.Path) -> None:
    other = installed / "applications" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n", "utf-8")
    result = _cli("desktop", "uninstall", data_home=installed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(str(installed)) == 3
    remaining = sorted(p.relative_to(installed) for p in installed.rglob("*") if p.is_file())
    assert remaining == [pathlib.Path("applications/someone-else.desktop")]
    again = _cli("desktop", "uninstall", data_home=installed)
    assert again.returncode == 0 and "nothing to remove" in again.stdout


def test_exec_quotes_paths_with_spaces_and_specials() -> None:
    assert (
        exec_quote(pathlib.Path("/opt/cso/bin/cso-planner-gui")) == "/opt/cso/bin/cso-planner-gui"
    )
    quoted = exec_quote(pathlib.Path('/home/a b/$x"y/cso-planner-gui'))
    assert quoted == '"/home/a b/\\$x\\"y/cso-planner-gui"'
    line = next(
        line
        for line in desktop_entry(pathlib.Path("/home/a b/cso-planner-gui")).splitlines()
        if line.startswith("Exec=")
    )
    assert line == 'Exec="/home/a b/cso-planner-gui" %f'


def test_bundled_desktop_file_is_valid_as_shipped() -> None:
    _validate("desktop-file-validate", str(ROOT / "resources" / f"{APP_ID}.desktop"))
