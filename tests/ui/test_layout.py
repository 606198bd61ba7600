"""Every screen, laid out as a person sees it, at 1024×700, 1200×760 and 1440×900, light and
dark: no visible sibling widgets overlap, no header text is cut, no label is clipped and no
table scrolls sideways. A screenshot of each is saved to ``screenshots/`` for a human eye."""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from cso_planner.db.opening import Database
from cso_planner.ui.main_window import MainWindow
from tests.helpers.layout import dark_palette, layout_problems, overlapping_siblings
from tests.ui.screens.test_dashboard import realistic_person

OUT = pathlib.Path(__file__).resolve().parents[2] / "screenshots"
SIZES = ((1024, 700), (1200, 760), (1440, 900))


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[None]:
    original = qapp.palette()
    yield
    qapp.setPalette(original)


def _settle(window: MainWindow) -> None:
    for _ in range(6):
        QApplication.processEvents()


def _survey(window: MainWindow, label: str, save: bool) -> list[str]:
    problems = []
    for width, height in SIZES:
        window.resize(width, height)
        for key in window.screen_keys:
            window.show_screen(key)
            window.screen_widget(key)
            _settle(window)
            assert window.width() == width, "the window must not grow to fit its content"
            problems += [f"{key} {width}×{height} {label}: {p}" for p in layout_problems(window)]
            if save:
                OUT.mkdir(exist_ok=True)
                window.grab().save(str(OUT / f"layout-{key}-{width}-{label}.png"))
    return problems


@pytest.mark.usefixtures("restore_palette")
def test_no_screen_overlaps_or_cuts_text_at_any_size(
    make_window: Callable[..., MainWindow], qapp: QApplication
) -> None:
    window = make_window()
    problems = _survey(window, "empty", save=False)  # every empty state too
    window.store.write(realistic_person)
    window.store.data_changed.emit()
    problems += _survey(window, "light", save=True)
    window.close()
    qapp.setPalette(dark_palette())  # as a dark desktop does: before the window is built
    problems += _survey(make_window(), "dark", save=True)
    assert not problems, "\n".join(problems)


def test_the_checker_sees_an_overlap_and_a_cut_header(qtbot: QtBot) -> None:
    """The checks can fail: two labels placed on top of each other are reported."""
    parent = QWidget()
    qtbot.addWidget(parent)
    a, b = QLabel("first", parent), QLabel("second", parent)
    a.setGeometry(0, 0, 100, 20)
    b.setGeometry(50, 5, 100, 20)
    parent.resize(200, 40)
    parent.show()
    found = overlapping_siblings(parent)
    assert len(found) == 1 and "first" in found[0] and "second" in found[0]
    b.setGeometry(0, 0, 20, 20)
    a.setGeometry(30, 0, 100, 20)
    assert any("“second” is 20 px wide" in p for p in layout_problems(parent))


def test_forms_and_every_wizard_page_lay_out_cleanly(qtbot: QtBot, db: Database) -> None:
    from cso_planner.db.proofs import ProofStore
    from cso_planner.services import experience
    from cso_planner.services.drafts import ItemDraft
    from cso_planner.ui.dialogs.item_dialog import ItemDialog
    from cso_planner.ui.dialogs.stage_dialog import StageDialog
    from cso_planner.ui.screens.cpe_dialog import CpeDialog
    from cso_planner.ui.screens.experience_dialog import ExperienceDialog
    from cso_planner.ui.wizard import FirstRunWizard

    with db.session_factory() as s:
        domains = experience.domain_catalog(s)
    forms: list[QWidget] = [
        ItemDialog(
            None, "Edit item", stages=[(1, "Security Manager")], stage_id=1,
            certifications=[("CISSP", "Certified Information Systems Security Professional")],
            draft=ItemDraft("Pass CISSP"),
        ),
        StageDialog(None, "Add stage"),
        ExperienceDialog(None, "Add job", domains, None, ProofStore.beside(db.path)),
        CpeDialog(None, "Log CPE", ["CISSP", "CISM"], proof_store=ProofStore.beside(db.path)),
    ]  # fmt: skip
    problems: list[str] = []
    for form in forms:
        qtbot.addWidget(form)
        form.show()
        QApplication.processEvents()
        problems += [f"{form.windowTitle()}: {p}" for p in layout_problems(form)]
    wizard = FirstRunWizard(db.session_factory)
    qtbot.addWidget(wizard, before_close_func=lambda w: setattr(w, "ask_before_discarding", False))
    wizard.resize(wizard.minimumSize())  # the smallest it can be
    wizard.show()
    wizard.you_page.name_edit.setText("Priya")
    while True:
        QApplication.processEvents()
        page = type(wizard.currentPage()).__name__
        problems += [f"wizard {page}: {p}" for p in layout_problems(wizard)]
        if wizard.currentPage() is wizard.summary_page:
            break
        wizard.next()
    assert not problems, "\n".join(problems)
