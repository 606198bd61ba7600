"""One budget everywhere: the Budget screen, the Dashboard card, the roadmap PDF and the CLI
show the same figures for the same person (issue 10's done-when test).

The person keeps euros; they hold two ISC2 credentials (one annual maintenance fee a year, not
two), one of them (CISSP) lapsed past ISC2's grace, a Security+ that lapsed years ago (no fee
after its expiry), and a plan with costs of
their own (euros), a certification goal priced from the catalog (US dollars, estimated), a
2027 item already done (spent today, not in 2027) and one catalog fee they confirmed. The PDF
is rendered for real and read back with pypdf; the screens are the real widgets.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication, QUndoStack
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from cso_planner.db.models import Course, HeldCertification, Plan, PlanItem, Profile, Stage
from cso_planner.db.opening import Database
from cso_planner.money import Money
from cso_planner.report.pdf import write_roadmap_pdf
from cso_planner.services.budget import set_fee
from cso_planner.services.report_data import gather_report
from cso_planner.ui.charts.bars import MeterBar
from cso_planner.ui.screens.budget import BudgetScreen, YearColumn
from cso_planner.ui.screens.dashboard import DashboardScreen
from cso_planner.ui.store import PlannerStore
from tests.unit.test_cli import run_cli

TODAY = dt.date.today()  # the screens compute as of today: so do the PDF and the CLI here
Y = TODAY.year
LAPSED_ON = TODAY - dt.timedelta(days=120)  # the CISSP's expiry


def _person(session: Session) -> None:
    session.add(Profile(name="Eva Example", currency="EUR", target_role="CISO"))
    session.add_all(
        [
            # Lapsed: its recorded expiry is 120 days ago, past ISC2's 90 days of grace ("All
            # CPE activities must be earned and completed no later than 90 days after the
            # certification expiration date"): suspended, no fee after its expiry.
            HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(Y - 4, 3, 1),
                              exam_date=dt.date(Y - 4, 2, 10), credential_id="CISSP-1",
                              expires_on=LAPSED_ON),
            HeldCertification(cert_code="CCSP", status="earned", earned_on=dt.date(Y - 2, 9, 1),
                              employer_paid=True),
            # Lapsed long ago: its fees stop at the expiry date.
            HeldCertification(cert_code="Security+", status="earned",
                              earned_on=dt.date(Y - 11, 4, 1), expires_on=dt.date(Y - 8, 4, 1)),
            Course(title="Board reporting", cost=739.99, progress=100,
                   completed_on=dt.date(Y, 1, 2)),
        ]
    )  # fmt: skip
    plan = Plan(name="To CISO", active=True, target_role="CISO")
    now = Stage(position=0, role="Security Manager", start=dt.date(Y, 1, 1),
                end=dt.date(Y, 12, 31))  # fmt: skip
    later = Stage(position=1, role="Director", start=dt.date(Y + 1, 1, 1),
                  end=dt.date(Y + 1, 12, 31))  # fmt: skip
    now.items = [
        PlanItem(position=0, kind="skill", title="Negotiation workshop", cost=485,
                 status="planned", due=dt.date(Y, 12, 1)),
        PlanItem(position=1, kind="skill", title="Abandoned idea", cost=999, status="skipped",
                 due=dt.date(Y, 6, 1)),
    ]  # fmt: skip
    later.items = [
        PlanItem(position=0, kind="certification", title="Pass CISM", ref_code="CISM",
                 due=dt.date(Y + 1, 3, 1)),
        # Done already although due next year: spent today, never in the future.
        PlanItem(position=1, kind="course", title="MBA module", cost=1200.5, status="done",
                 due=dt.date(Y + 1, 5, 1)),
    ]  # fmt: skip
    plan.stages = [now, later]
    session.add(plan)
    session.flush()
    # One past ISC2 fee the person confirmed as paid (in US dollars, as billed).
    set_fee(session, f"fee:ISC2:{Y - 1:04d}", Money(135, "USD"), TODAY)


@pytest.fixture
def store(db: Database) -> PlannerStore:
    with db.session_factory.begin() as session:
        _person(session)
    return PlannerStore(db)


@pytest.fixture
def budget_screen(qtbot: QtBot, store: PlannerStore) -> BudgetScreen:
    widget = BudgetScreen(store, QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _pdf_text(db: Database, path: pathlib.Path) -> str:
    with db.session_factory() as session:
        write_roadmap_pdf(gather_report(session, today=TODAY), path, page_size="A4")
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]
    return " ".join(pages)


def _budget_section(text: str) -> str:
    start = text.index("Budget per year")
    end = text.index("Learning resources", start)
    return text[start:end]


SCREEN_COLUMNS = (
    YearColumn.SPENT,
    YearColumn.PLANNED,
    YearColumn.ESTIMATED,
    YearColumn.TOTAL,
    YearColumn.EMPLOYER,
)


def _screen_rows(screen: BudgetScreen) -> dict[int, list[str]]:
    proxy = screen.years_proxy
    rows = {}
    for row in range(proxy.rowCount()):
        year = int(proxy.index(row, YearColumn.YEAR).data())
        rows[year] = [proxy.index(row, column).data() for column in SCREEN_COLUMNS]
    return rows


def test_pdf_budget_agrees_with_the_budget_screen_year_by_year(
    qapp: QGuiApplication,
    db: Database,
    budget_screen: BudgetScreen,
    tmp_path: pathlib.Path,
) -> None:
    screen_rows = _screen_rows(budget_screen)
    section = _budget_section(_pdf_text(db, tmp_path / "roadmap.pdf"))
    # The PDF prints every year of the screen's span, in order, with the screen's cells.
    places = []
    for year, cells in sorted(screen_rows.items()):
        row = f"{year} {' '.join(cells)}"
        assert row in section, (row, section)
        places.append(section.index(row))
    assert places == sorted(places)

    # The figures are the person's, by the issuers' rules, not restated copies of each other:
    this_year = screen_rows[Y]
    # Spent this year: the completed course (€739.99) and the 2027 item done early (€1,200.50).
    assert this_year[0] == "€1,940.49"
    # Planned: the workshop (€485); the skipped item never counts.
    assert this_year[1] == "€485.00"
    # Estimated: ONE ISC2 fee (CISSP and CCSP), at the catalog's US$135, not relabelled.
    assert this_year[2] == "US$135.00"
    assert this_year[3] == "€2,425.49 + US$135.00"
    assert "not converted" in section or "never converted" in section
    # Next year: the CISM exam at the catalog price (estimated) and the ISC2 fee; the MBA
    # module is not booked there although it is due then.
    assert screen_rows[Y + 1][2] == "US$895.00"
    assert screen_rows[Y + 1][0] == "€0.00"
    # Last year: the ISC2 fee the person confirmed is spent, in the currency they entered.
    assert screen_rows[Y - 1][0] == "US$135.00"
    # The lapsed Security+ books no fee after its expiry year; the years since are empty
    # apart from the ISC2 fees (CISSP earned in Y-4).
    assert screen_rows[Y - 8][2] == "US$50.00"
    assert screen_rows[Y - 7][3] == "€0.00"
    # The person's first exam (CISSP, in Y-4) is an estimate at today's catalog price,
    # never money spent in Y-4 that they did not enter.
    assert screen_rows[Y - 4][0] == "€0.00"
    assert screen_rows[Y - 4][2] == "US$749.00"


def _dashboard_figures(qtbot: QtBot, store: PlannerStore) -> dict[str, str]:
    dashboard = DashboardScreen(store, QUndoStack())
    qtbot.addWidget(dashboard)
    dashboard.resize(1200, 800)
    dashboard.show()
    card = dashboard.budget_card
    assert card.title.text() == f"Budget {Y}"
    figures = {bar.label: bar.value_text for bar in card.findChildren(MeterBar)}
    texts = [label.text() for label in card.findChildren(type(card.title))]
    total = next(t for t in texts if t.endswith(" in total"))
    figures["Total"] = total.removesuffix(" in total")
    for text in texts:  # a mixed year lists "Label: amount" lines instead of meters
        label, _, amount = text.partition(": ")
        if label in ("Spent", "Planned", "Estimated", "Paid by your employer") and amount:
            figures[label] = amount
    return figures


def test_dashboard_card_cli_and_pdf_show_the_same_figures(
    qapp: QGuiApplication,
    qtbot: QtBot,
    db: Database,
    store: PlannerStore,
    budget_screen: BudgetScreen,
    tmp_path: pathlib.Path,
) -> None:
    card = _dashboard_figures(qtbot, store)
    screen = _screen_rows(budget_screen)[Y]
    expected = dict(
        zip(
            ("Spent", "Planned", "Estimated", "Total", "Paid by your employer"), screen, strict=True
        )
    )
    assert card == expected

    cli = run_cli("--db", str(db.path), "budget")
    assert cli.returncode == 0, cli.stderr
    line = next(row for row in cli.stdout.splitlines() if row.startswith(f"{Y} "))
    assert " ".join(line.split()) == " ".join(f"{Y} {' '.join(screen)}".split())

    as_json = run_cli("--db", str(db.path), "budget", "--json")
    year = next(y for y in json.loads(as_json.stdout)["years"] if y["year"] == Y)
    assert year["spent"] == {"EUR": pytest.approx(1940.49)}
    assert year["estimated"] == {"USD": 135}

    section = _budget_section(_pdf_text(db, tmp_path / "roadmap.pdf"))
    assert f"{Y} {' '.join(screen)}" in section


def test_pdf_cover_counts_items_as_the_dashboard_does(
    qapp: QGuiApplication, qtbot: QtBot, db: Database, store: PlannerStore, tmp_path: pathlib.Path
) -> None:
    text = _pdf_text(db, tmp_path / "roadmap.pdf")
    dashboard = DashboardScreen(store, QUndoStack())
    qtbot.addWidget(dashboard)
    progress = dashboard.data.progress if dashboard.data else None
    assert progress is not None
    # 4 items, one skipped (left out of both counts), one done.
    assert (progress.items_done, progress.items_total) == (1, 3)
    assert "1 of 3 roadmap items done" in text


def _held_section(text: str) -> str:
    start = text.index("Certifications Held")
    return text[start : text.index("Planned", start)]


def test_a_lapsed_credential_reads_the_same_everywhere(
    qapp: QGuiApplication,
    qtbot: QtBot,
    db: Database,
    store: PlannerStore,
    tmp_path: pathlib.Path,
) -> None:
    from cso_planner.dates import format_date
    from cso_planner.ui.screens.certifications import CertificationsScreen, Column

    expired = f"Expired {format_date(LAPSED_ON)} — reinstate or re-certify"
    # The Certifications screen: the lifecycle's sentence, no eligibility, no fee.
    screen = CertificationsScreen(store, QUndoStack())
    qtbot.addWidget(screen)
    screen.show()
    screen.select("CISSP")
    assert screen.detail.elig_summary.text().startswith(expired)
    assert screen.detail.fee.text() == "No fee: the credential lapsed"
    codes = [screen.proxy.index(r, Column.CODE).data() for r in range(screen.proxy.rowCount())]
    cell = screen.proxy.index(codes.index("CISSP"), Column.ELIGIBILITY).data()
    assert cell == f"Suspended since {format_date(LAPSED_ON)}"
    # One ISC2 fee, shown with the active CCSP only.
    screen.select("CCSP")
    assert screen.detail.fee.text().startswith("Next fee:")

    # The Dashboard's card: the same sentence.
    dashboard = DashboardScreen(store, QUndoStack())
    qtbot.addWidget(dashboard)
    lines = [line.text() for line in dashboard.data.eligibility] if dashboard.data else []
    assert any(line.startswith(f"CISSP — {expired}") for line in lines), lines

    # The PDF: the same sentence under the held table; one ISC2 fee; no fee for the lapsed.
    held = _held_section(_pdf_text(db, tmp_path / "roadmap.pdf"))
    assert f"CISSP: {expired}" in held
    assert held.count("US$135.00 on") == 1
    # The fee sits in the CCSP row (rows by code: CCSP, CISSP, Security+).
    fee_at = held.index("US$135.00 on")
    assert held.index("CCSP — ") < fee_at < held.index("CISSP — ")

    # The CLI: the cycle that ended (not a new one), suspended, its shortfall, no fee.
    result = run_cli("--db", str(db.path), "renewals", "--json")
    assert result.returncode == 0, result.stderr
    by_code = {a["code"]: a for a in json.loads(result.stdout)}
    cissp = by_code["CISSP"]
    assert cissp["cycle_end"] == LAPSED_ON.isoformat() and cissp["state"] == "suspended"
    assert cissp["shortfall"] and cissp["next_fee_date"] is None
    assert cissp["warnings"][0].startswith(expired)
    assert [a["code"] for a in by_code.values() if a["next_fee_usd"]] == ["CCSP"]
