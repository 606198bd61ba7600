"""R19: the app never touches the network.

Sockets are made to raise while the Qt-free features run (open, backups, check, import/export,
eligibility, renewals, deadlines, CSV); and a fresh interpreter that imports every module of
``cso_planner`` (the GUI included) must not have loaded ``PySide6.QtNetwork``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pathlib
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from cso_planner.db.autobackup import maybe_backup
from cso_planner.db.maintenance import check_database
from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from tests.helpers.sample_data import add_sample_person

ROOT = pathlib.Path(__file__).resolve().parents[2]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way to open a socket raises; attempts are also recorded (in case one is caught)."""
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def call(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[:2]}")
            raise NetworkUsed(f"network used: {name}{args[:2]}")

        return call

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse("socket.socket")(*args)

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    yield attempts


def test_r19_storage_and_exports_run_with_sockets_disabled(
    no_network: list[str], tmp_path: pathlib.Path
) -> None:
    from cso_planner.deadlines import collect_deadlines
    from cso_planner.exchange.cli import run_export, run_import
    from cso_planner.exports.cpe_csv import write_cpe_csv
    from cso_planner.exports.ics import write_ics
    from cso_planner.services.facts import eligibility_answers, renewal_answers

    path = tmp_path / "data" / "planner.sqlite3"
    database = open_database(path, private_dir=True)
    with write_transaction(database.session_factory) as session:
        add_sample_person(session)
    out = io.StringIO()
    run_export(database.session_factory, tmp_path / "export.json", out)
    run_import(database.session_factory, tmp_path / "export.json", out)
    with database.session_factory() as session:
        assert eligibility_answers(session, dt.date(2026, 1, 1))
        renewal_answers(session, dt.date(2026, 1, 1))
        write_ics(collect_deadlines(session), tmp_path / "deadlines.ics")
        write_cpe_csv(session, tmp_path / "cpe.csv")
    assert maybe_backup(path, reason="periodic") is not None
    database.dispose()
    assert check_database(path).ok
    assert no_network == []


IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import cso_planner
names = sorted(m.name for m in pkgutil.walk_packages(cso_planner.__path__, "cso_planner."))
for name in names:
    if name.endswith("__main__") or ".migrations." in name:
        continue  # __main__ runs the app; migrations run only inside Alembic
    importlib.import_module(name)
network = sorted(m for m in sys.modules if m.startswith("PySide6.QtNetwork"))
print(len(names), "modules imported; network modules:", network)
"""


def test_r19_no_module_imports_qtnetwork() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    print(f"R19: {result.stdout.strip()}")
    assert result.stdout.strip().endswith("network modules: []"), result.stdout


GUI_SMOKE_WITHOUT_SOCKETS = r"""
import pathlib, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network used")

class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse()

socket.socket = NoSocket
for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
    setattr(socket, name, refuse)

from PySide6.QtWidgets import QApplication
from cso_planner.app import create_main_window
from cso_planner.db.opening import open_database
from cso_planner.ui.main_window import SCREENS
from tests.helpers.sample_data import add_sample_person

db_path = pathlib.Path(sys.argv[1])
database = open_database(db_path)
with database.session_factory.begin() as session:
    add_sample_person(session)
database.dispose()
app = QApplication(["cso-planner"])
window = create_main_window(db_path, run_wizard=False)
window.show()
window.load_now()
for key, *_ in SCREENS:
    window.show_screen(key)
    app.processEvents()
pdf = db_path.with_name("roadmap.pdf")
assert window.file_actions.write_pdf(pdf) == pdf
window.close()
print("screens shown:", len(SCREENS), "pdf bytes:", pdf.stat().st_size)
"""


def test_r19_gui_smoke_run_with_sockets_disabled(tmp_path: pathlib.Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", GUI_SMOKE_WITHOUT_SOCKETS, str(tmp_path / "planner.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path)),
    )
    assert result.returncode == 0, result.stderr
    print(f"R19: {result.stdout.strip()}")
    assert result.stdout.startswith("screens shown: 8")
