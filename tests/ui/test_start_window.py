"""The start window: the planner's frame, painted before any database code is imported."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot

from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.start_window import SCREENS, StartWindow

ROOT = pathlib.Path(__file__).resolve().parents[2]

FIRST_PAINT_IMPORTS = """
import pathlib, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from cso_planner.ui.start_window import StartWindow
window = StartWindow(pathlib.Path(sys.argv[1]))
window.show()
app.processEvents()
heavy = sorted(
    m for m in sys.modules
    if m.split(".")[0] in ("sqlalchemy", "alembic", "jsonschema", "icalendar")
    or m.startswith(("cso_planner.db.models", "cso_planner.services", "PySide6.QtSvg"))
)
print("heavy:", heavy)
"""


def test_frame_matches_the_main_window_and_shows_the_path_literally(
    qtbot: QtBot, tmp_path: pathlib.Path, window: MainWindow
) -> None:
    path = tmp_path / "<b>my</b> planner.sqlite3"
    start = StartWindow(path, window.settings)
    qtbot.addWidget(start)
    start.show()
    assert start.windowTitle() == "CSO Planner"
    (sidebar,) = start.findChildren(QListView)
    labels = [sidebar.model().index(r, 0).data() for r in range(sidebar.model().rowCount())]
    main_labels = [window.sidebar_model.index(r, 0).data() for r in range(len(SCREENS))]
    assert labels == main_labels
    assert start.message.text() == f"Opening {path}…"
    assert start.message.textFormat().name == "PlainText"


def test_first_paint_loads_no_database_code(tmp_path: pathlib.Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_IMPORTS, str(tmp_path / "x.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("heavy: []"), result.stdout


def test_run_gui_paints_the_frame_first_without_touching_the_file(
    tmp_path: pathlib.Path,
) -> None:
    db_path = tmp_path / "planner.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "cso_planner", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            QT_QPA_PLATFORM="offscreen",
            CSO_PLANNER_QUIT_AFTER_FIRST_PAINT="1",
            XDG_CONFIG_HOME=str(tmp_path),
        ),
    )
    assert result.returncode == 0, result.stderr
    assert not db_path.exists()  # quit at the first paint: nothing opened or created yet
    assert not db_path.with_name(db_path.name + ".lock").exists()  # the lock was released
