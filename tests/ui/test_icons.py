"""Every icon the UI names exists and renders; a wrong name fails loudly."""

from __future__ import annotations

import pathlib
import re

import pytest

import cso_planner
from cso_planner.ui.dialogs.item_dialog import ItemDialog
from cso_planner.ui.icons import icon, icon_names
from cso_planner.ui.main_window import SCREENS
from cso_planner.ui.roadmap.models import KIND_ICONS

from .conftest import seed_plan

UI = pathlib.Path(cso_planner.__file__).parent / "ui"


def _literal_names() -> set[str]:
    """Names written as ``icon("name")`` anywhere in the UI source."""
    pattern = re.compile(r'icon\(\s*"([^"]+)"')
    names: set[str] = set()
    for path in UI.rglob("*.py"):
        names |= set(pattern.findall(path.read_text("utf-8")))
    return names


def test_every_icon_named_by_the_ui_loads(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cso_planner.ui import icons

    requested: set[str] = set()
    real = icons.svg_bytes

    def recording(name: str) -> bytes:
        requested.add(name)
        return real(name)

    icons._render.cache_clear()
    monkeypatch.setattr(icons, "svg_bytes", recording)
    window = make_window()
    seed_plan(window)
    window.roadmap.context_menu()
    window.roadmap.tabs.setCurrentWidget(window.roadmap.timeline_holder)
    ItemDialog(window, "Add", stages=[(1, "Analyst")], stage_id=1).deleteLater()
    icons._render.cache_clear()

    names = requested | _literal_names() | set(KIND_ICONS.values()) | {s[2] for s in SCREENS}
    assert len(requested) > 20
    assert names - set(icon_names()) == set()
    for name in sorted(names):
        assert not icon(name).pixmap(24, 24).isNull(), name


def test_all_shipped_icons_are_valid_svg(qapp) -> None:  # type: ignore[no-untyped-def]
    for name in icon_names():
        assert not icon(name).isNull(), name


def test_missing_icon_fails_loudly(qapp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FileNotFoundError, match="no icon named 'nope'"):
        icon("nope")
    with pytest.raises(KeyError):
        icon("../etc/passwd")
