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


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from cso_planner.app import create_main_window
    from cso_planner.ui.main_window import MainWindow
    from tests.ui.screens.test_dashboard import realistic_person

    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["cso-planner"])
    with tempfile.TemporaryDirectory() as folder:
        window = create_main_window(pathlib.Path(folder) / "planner.sqlite3", run_wizard=False)
        assert isinstance(window, MainWindow)
        window.store.write(realistic_person)
        window.resize(1280, 800)
        window.show()
        window.load_now()
        shots = {
            "dashboard": "screenshot",
            "roadmap": "roadmap",
            "certifications": "certifications",
            "experience": "experience",
            "cpe": "cpe",
            "budget": "budget",
        }
        for key, name in shots.items():
            window.show_screen(key)
            for _ in range(5):
                app.processEvents()
            path = out / f"{name}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
