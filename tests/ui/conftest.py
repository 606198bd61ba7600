"""Fixtures for driving the real main window offscreen."""

from __future__ import annotations

import datetime as dt
import gc
import pathlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from cso_planner.app import create_main_window
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture(autouse=True)
def _unfrozen_heap() -> Iterator[None]:
    """The window freezes its heap once loaded (``gc_pause.settle_heap``): one process runs
    hundreds of windows here, so each test gives the collector back what it froze."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _no_unexpected_modal(qapp: QApplication) -> Iterator[None]:
    """Fail, rather than hang, a test that opens a modal dialog it did not stub.

    A real ``exec()`` waits for a click that never comes offscreen, and Python signal-based
    timeouts cannot interrupt Qt's nested event loop; so close it and report it.
    """
    seen: list[str] = []

    def close_modal() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None:
            seen.append(f"{type(widget).__name__}: {widget.windowTitle()!r}")
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    timer = QTimer()
    timer.setInterval(2000)
    timer.timeout.connect(close_modal)
    timer.start()
    yield
    timer.stop()
    assert not seen, f"unexpected modal dialog(s) left open: {seen}"


@pytest.fixture
def make_window(qtbot: QtBot, db_path: pathlib.Path) -> Callable[..., MainWindow]:
    """Build, show and load a main window on ``db_path`` (wizard off unless asked)."""

    def make(run_wizard: bool = False) -> MainWindow:
        window = create_main_window(db_path, run_wizard=run_wizard)
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=5000):
            window.show()
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Callable[[Any, Any], list[tuple[Any, ...]]]:
    """Replace ``Dialog.ask`` with canned answers (one per call); returns the call log."""

    def install(dialog: Any, *answers: Any) -> list[tuple[Any, ...]]:
        queue = list(answers)
        calls: list[tuple[Any, ...]] = []

        def ask(cls: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append((args, kwargs))
            return queue.pop(0)

        monkeypatch.setattr(dialog, "ask", classmethod(ask))
        return calls

    return install  # type: ignore[return-value]


def seed_plan(window: MainWindow) -> dict[str, int]:
    """Write a small plan straight to the database and reload the window."""
    with window.store.database.session_factory.begin() as s:
        p = plans.create_plan(s, "Technical track")
        a = plans.add_stage(
            s, p, StageDraft("Security Analyst", dt.date(2025, 1, 1), dt.date(2026, 12, 31))
        )
        m = plans.add_stage(
            s, p, StageDraft("Security Manager", dt.date(2027, 1, 1), dt.date(2027, 6, 30))
        )
        sec = plans.add_item(
            s, a, ItemDraft("Security+", kind="certification", hours=60, cost=404, status="done")
        )
        cissp = plans.add_item(
            s,
            a,
            ItemDraft("Pass CISSP", ref_code="CISSP", hours=150, cost=749, due=dt.date(2026, 6, 1)),
        )
        cism = plans.add_item(
            s, m, ItemDraft("Pass CISM", ref_code="CISM", hours=300, cost=760, status="in_progress")
        )
        plans.add_dependency(s, cism, cissp)
    window.store.data_changed.emit()
    return {"plan": p, "analyst": a, "manager": m, "sec": sec, "cissp": cissp, "cism": cism}
