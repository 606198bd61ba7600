"""R-check: user text is shown literally on every screen of the real window.

Hostile strings go into every free-text field the person can fill; then every screen is shown
and every label, tooltip and table cell is walked. Rich text would render ``<b>`` as bold and
could make ``<img src=...>`` load a local file, so labels must be plain text and tooltips
escaped.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget

from cso_planner.db.models import (
    Course,
    CpeActivity,
    CpeAllocation,
    ExperienceEntry,
    HeldCertification,
    Profile,
)
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui.main_window import SCREENS, MainWindow

EVIL = '<b>x</b><img src="/etc/passwd">'
RAW_MARKUP = '<img src="/etc/passwd">'


def fill_everything(window: MainWindow) -> None:
    today = dt.date.today()
    with window.store.database.session_factory.begin() as s:
        s.add(Profile(name=EVIL, current_role=EVIL, target_role=EVIL))
        p = plans.create_plan(s, EVIL)
        st = plans.add_stage(s, p, StageDraft(EVIL, today, today + dt.timedelta(days=400)))
        plans.add_item(
            s, st, ItemDraft(EVIL, notes=EVIL, due=today + dt.timedelta(days=20), hours=10)
        )
        s.add(ExperienceEntry(employer=EVIL, title=EVIL, start=dt.date(2018, 1, 1), notes=EVIL))
        s.add(
            HeldCertification(
                cert_code="CISSP",
                status="earned",
                earned_on=dt.date(2024, 1, 1),
                credential_id=EVIL,
                notes=EVIL,
            )
        )
        s.add(Course(title=EVIL, provider=EVIL, notes=EVIL, cost=10))
        activity = CpeActivity(
            date=today, activity=EVIL, provider=EVIL, credits=2, category="A", notes=EVIL
        )
        activity.allocations = [CpeAllocation(cert_code="CISSP")]
        s.add(activity)
    window.store.data_changed.emit()


def cells(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[QModelIndex]:
    parent = parent or QModelIndex()
    try:
        columns = model.columnCount(parent)
    except TypeError:  # list models (combo boxes, completers) hide columnCount in PySide6
        columns = 1
    found = []
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            found.append(index)
            if column == 0 and columns > 1 and model.rowCount(index):
                found.extend(cells(model, index))
    return found


def test_every_screen_shows_hostile_text_literally(window: MainWindow) -> None:
    fill_everything(window)
    seen_literal = 0
    for key, *_ in SCREENS:
        window.show_screen(key)
        screen = window.screen_widget(key)
        QApplication.processEvents()
        for label in screen.findChildren(QLabel):
            if "<" in label.text():
                assert label.textFormat() == Qt.TextFormat.PlainText, (key, label.text())
                seen_literal += EVIL in label.text()
        for widget in [screen, *screen.findChildren(QWidget)]:
            assert RAW_MARKUP not in widget.toolTip(), (key, widget.toolTip())
        for view in screen.findChildren(QAbstractItemView):
            model = view.model()
            if model is None:
                continue
            for index in cells(model):
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                assert not (isinstance(tip, str) and RAW_MARKUP in tip), (key, tip)
                seen_literal += index.data() == EVIL
    # The strings really were on screen (in labels or cells), so the walk checked something.
    assert seen_literal >= 8
