"""Render the README screenshots offscreen from a realistic sample person.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUT_DIR]

Writes docs/screenshot.png (the dashboard) and a few more screens beside it, so the README shows
what the app really looks like at 1280x800.
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def shoot(out: pathlib.Path) -> str:
    """Write the screenshots to ``out``; returns the status bar's path text they show."""
    from PySide6.QtWidgets import QApplication

    from cso_planner import dates
    from cso_planner.app import create_main_window
    from cso_planner.paths import default_db_path
    from cso_planner.ui.main_window import MainWindow
    from tests.ui.screens.test_dashboard import realistic_person

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["cso-planner"])
    dates.set_locale(dates.FALLBACK_LOCALE)  # the README reads the same on every machine
    with tempfile.TemporaryDirectory() as home:
        # The sample person's file sits where a real one would, in a throwaway home folder, so
        # the status bar reads "~/.local/share/cso-planner/…" and never a temporary path.
        saved = {k: os.environ.get(k) for k in ("HOME", "XDG_DATA_HOME", "CSO_PLANNER_DATA_DIR")}
        os.environ["HOME"] = home
        os.environ.pop("XDG_DATA_HOME", None)
        os.environ.pop("CSO_PLANNER_DATA_DIR", None)
        try:
            db_path = default_db_path()
            db_path.parent.mkdir(parents=True, exist_ok=True)
            window = create_main_window(db_path, run_wizard=False)
            assert isinstance(window, MainWindow)
            window.store.write(realistic_person)
            window.resize(1280, 800)
            window.show()
            window.load_now()
            shown = window.path_label.text()
            for key, name in SHOTS.items():
                window.show_screen(key)
                for _ in range(5):
                    app.processEvents()
                path = out / f"{name}.png"
                window.grab().save(str(path))
                print(path)
            window.close()
            window.store.database.dispose()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return shown


SHOTS = {
    "dashboard": "screenshot",
    "roadmap": "roadmap",
    "certifications": "certifications",
    "experience": "experience",
    "cpe": "cpe",
    "budget": "budget",
}


def main() -> int:
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    shoot(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
