"""Once loaded, the window takes what it loaded out of the collector's walks (gc.freeze), and
again once a screen is first built, so the first full collection does not land in an edit."""

from __future__ import annotations

import gc

from cso_planner.ui.main_window import MainWindow


def test_the_loaded_window_and_each_new_screen_settle_the_heap(window: MainWindow) -> None:
    assert window.is_loaded
    assert gc.get_freeze_count() > 0  # the start-up load is frozen
    gc.unfreeze()
    window.show_screen("dashboard")  # already built at start: nothing new to settle
    assert gc.get_freeze_count() == 0
    window.show_screen("cpe")  # built now, with its log loaded
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    window.show_screen("dashboard")
    window.show_screen("cpe")  # built before: nothing new
    assert gc.get_freeze_count() == 0
