"""Put CSO Planner in the desktop's application menu, and take it out again (Linux, per user).

``cso-planner desktop install`` writes, under the XDG data folder (``$XDG_DATA_HOME``, else
``~/.local/share``), the three files a freedesktop desktop reads:

* ``applications/<APP_ID>.desktop``: the launcher, its ``Exec`` pointing at the installed
  ``cso-planner-gui`` (or at the standalone bundle's program);
* ``icons/hicolor/scalable/apps/<APP_ID>.svg``: the app's icon;
* ``metainfo/<APP_ID>.metainfo.xml``: the AppStream description software centres show.

The sources are the files in ``resources/``; only the ``Exec`` line is rewritten. Nothing else
on the system is touched, and ``desktop uninstall`` removes exactly these files.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import sys

from cso_planner import APP_ID
from cso_planner.exports.atomic import write_atomically
from cso_planner.paths import resource_dir

GUI_SCRIPT = "cso-planner-gui"


class DesktopError(Exception):
    """The launcher cannot be installed; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class DesktopFiles:
    """Where the three files go under one XDG data folder."""

    data_home: pathlib.Path

    @property
    def entry(self) -> pathlib.Path:
        return self.data_home / "applications" / f"{APP_ID}.desktop"

    @property
    def icon(self) -> pathlib.Path:
        return self.data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"

    @property
    def metainfo(self) -> pathlib.Path:
        return self.data_home / "metainfo" / f"{APP_ID}.metainfo.xml"

    def all(self) -> tuple[pathlib.Path, ...]:
        return (self.entry, self.icon, self.metainfo)


def xdg_data_home() -> pathlib.Path:
    """``$XDG_DATA_HOME`` when set to an absolute path (the spec ignores others)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return pathlib.Path(value)
    return pathlib.Path.home() / ".local" / "share"


def gui_program() -> pathlib.Path:
    """The program a launcher should start.

    A standalone bundle starts itself; an installed package starts the ``cso-planner-gui``
    script installed beside this interpreter (a venv's or pipx's ``bin``), else the one on
    ``PATH``.

    Raises:
        DesktopError: no ``cso-planner-gui`` can be found.
    """
    if getattr(sys, "frozen", False):
        return pathlib.Path(sys.executable).resolve()
    beside = pathlib.Path(sys.executable).parent / GUI_SCRIPT
    if beside.is_file():
        return beside.absolute()
    found = shutil.which(GUI_SCRIPT)
    if found:
        return pathlib.Path(found).absolute()
    raise DesktopError(
        f"{GUI_SCRIPT} is not installed beside {sys.executable} nor on PATH; install CSO "
        "Planner first (pipx install . or pip install .), then run this again"
    )


def exec_quote(program: pathlib.Path) -> str:
    """``program`` as an ``Exec`` argument (Desktop Entry spec, "The Exec key")."""
    text = str(program)
    if not any(c in text for c in " \t\n\"'\\><~|&;$*?#()`"):
        return text
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in text)
    return f'"{escaped}"'


def desktop_entry(program: pathlib.Path) -> str:
    """The bundled ``.desktop`` file with ``Exec`` pointing at ``program``."""
    source = (resource_dir() / f"{APP_ID}.desktop").read_text("utf-8")
    lines = [
        f"Exec={exec_quote(program)} %f" if line.startswith("Exec=") else line
        for line in source.splitlines()
    ]
    return "\n".join(lines) + "\n"


def _write(path: pathlib.Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
    # Desktop files are read by the session (and software centres), not private data.
    os.chmod(path, 0o644)


def install(data_home: pathlib.Path | None = None) -> DesktopFiles:
    """Write the launcher, icon and metainfo for the current user; returns where.

    Raises:
        DesktopError: the GUI program cannot be found.
        OSError: a file cannot be written (the message names it).
    """
    files = DesktopFiles(data_home or xdg_data_home())
    resources = resource_dir()
    entry = desktop_entry(gui_program())
    _write(files.icon, (resources / "icons" / "app.svg").read_bytes())
    _write(files.metainfo, (resources / f"{APP_ID}.metainfo.xml").read_bytes())
    # The launcher last: a menu entry never points at a missing icon.
    _write(files.entry, entry.encode("utf-8"))
    return files


def uninstall(data_home: pathlib.Path | None = None) -> list[pathlib.Path]:
    """Remove the files ``install`` wrote; returns those that were there."""
    files = DesktopFiles(data_home or xdg_data_home())
    removed = []
    for path in files.all():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed
