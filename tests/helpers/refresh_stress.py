"""Refresh the screens that rebuild widgets many times under an eager garbage collector.

Run in a child process (a crash must fail a test, not end the test run)::

    QT_QPA_PLATFORM=offscreen python -m tests.helpers.refresh_stress ROUNDS DB

Each round imports one of 30 generated documents (cards of a few to many lines) and shows the
Dashboard, Roadmap, Experience and Catalog with the event loop turned between them, so widgets
deleted later are deleted while the collector runs often (thresholds far below the defaults).
Prints ``done N`` at the end.
Before the Dashboard stopped re-parenting its progress ring, this died with SIGSEGV in
``Shiboken::BindingManager::releaseWrapper`` within 50-350 rounds.
"""

from __future__ import annotations

import contextlib
import gc
import pathlib
import sys

from PySide6.QtWidgets import QApplication


def main(argv: list[str]) -> int:
    rounds, db_path = int(argv[0]), pathlib.Path(argv[1])
    app = QApplication.instance() or QApplication([])
    from cso_planner.app import create_main_window
    from cso_planner.exchange import ImportRejected, encode_document, import_document
    from tests.unit.exchange.strategies import documents

    samples = [documents().example() for _ in range(30)]  # varied cards: few to many lines
    window = create_main_window(db_path, run_wizard=False)
    window.show()
    app.processEvents()
    gc.set_threshold(50, 2, 2)  # collect often, so a wrapper freed too early is found fast
    for index in range(rounds):
        document = encode_document(samples[index % len(samples)])
        with contextlib.suppress(ImportRejected):  # refused documents change nothing
            import_document(window.store.database.session_factory, document)  # type: ignore[attr-defined]
        window.store.data_changed.emit()  # type: ignore[attr-defined]
        for key in ("dashboard", "roadmap", "experience", "catalog"):
            window.show_screen(key)  # type: ignore[attr-defined]
            app.processEvents()
    print(f"done {rounds}", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
