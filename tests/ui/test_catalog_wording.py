"""Issue 14, items 1 and 2: what a person reads about a rule is written for them.

Walks every rule's text where it is shown - the Catalog screen (real widgets), the rule
dialog, the roadmap PDF (read back with pypdf) and the command line (a real subprocess) -
and fails on the phrases of engineering notes (which stay in the catalog data under
``engineering_notes``). Each view also says when a rule is unverified, and why.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from collections.abc import Iterable

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cso_planner.catalog import load_bundled_catalog
from cso_planner.db.models import Certification, HeldCertification, Rule
from cso_planner.db.opening import Database
from cso_planner.report.pdf import write_roadmap_pdf
from cso_planner.services import rule_overrides
from cso_planner.services.report_data import gather_report
from cso_planner.ui.dialogs.rule_dialog import RuleDialog
from cso_planner.ui.screens.catalog import CatalogScreen
from cso_planner.ui.store import PlannerStore
from tests.unit.test_cli import run_cli

TODAY = dt.date(2026, 11, 22)
# Phrases of notes written for the builder, not the person ("The engine never counts…",
# "(GitHub test fixture)", "as of undated seed", parameter names, research shorthand).
ENGINEERING = re.compile(
    r"\bengine\b|github|fixture|undated seed|\bmodell?ed\b|\bparams\b|domain_aliases|"
    r"experience_from|unknown_policy|\bjson\b|\bcorpus\b|not captured|encoded here|"
    r"\bthe app must\b|research brief|\bTODO\b",
    re.IGNORECASE,
)


def _clean(texts: Iterable[str], where: str) -> None:
    bad = [(t[:120], m.group(0)) for t in texts if (m := ENGINEERING.search(t))]
    assert not bad, f"{where}: engineering wording shown: {bad}"


def test_the_catalog_data_keeps_engineering_notes_apart() -> None:
    catalog = load_bundled_catalog()
    _clean((r.notes for r in catalog.rules), "rule notes")
    _clean((r.unverified for r in catalog.rules), "unverified reasons")
    raw = {r["key"]: r for r in _rules_document()}
    # The builder's reasoning is kept, under its own key, for every rule.
    assert all(raw[r.key]["engineering_notes"] for r in catalog.rules)
    assert "Engine:" in raw["CISSP/maintenance/current"]["engineering_notes"]
    assert "Engine:" not in raw["CISSP/maintenance/current"]["notes"]


def _rules_document() -> list[dict[str, object]]:
    import json
    from importlib import resources

    raw = resources.files("cso_planner").joinpath("data/catalog.json").read_text("utf-8")
    rules: list[dict[str, object]] = json.loads(raw)["rules"]
    return rules


def test_catalog_screen_shows_every_rule_in_plain_words(qtbot: QtBot, db: Database) -> None:
    screen = CatalogScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    catalog = load_bundled_catalog()
    # The screen lists every credential of the catalog (at least 40), each with its issuer link.
    assert screen.table.model().rowCount() == len(catalog.certifications) >= 40
    seen: set[str] = set()
    for cert in catalog.certifications:
        screen.select(cert.code)
        assert screen.selected_code() == cert.code
        texts = screen.detail.texts()
        _clean(texts, f"Catalog screen, {cert.code}")
        assert screen.detail.issuer_link is not None
        assert screen.detail.issuer_link.lines()[0].startswith(f"{cert.issuer} web site: https://")
        for key, block in screen.detail.rule_blocks.items():
            seen.add(key)
            rule = next(r for r in catalog.rules if r.key == key)
            assert block.notes.text() == rule.notes
            assert block.unverified.isVisibleTo(screen) == bool(rule.unverified)
            if rule.unverified:
                assert block.unverified.text() == f"Unverified: {rule.unverified}"
            if not rule.unverified:
                assert block.sources.lines()[0].startswith("Issuer: "), key
    assert seen == {r.key for r in catalog.rules}


def test_rule_dialog_shows_plain_words_and_why_unverified(qtbot: QtBot, db: Database) -> None:
    with db.session_factory() as session:
        keys = list(session.scalars(select(Rule.key).order_by(Rule.key)))
        overrides = [rule_overrides.rule_override(session, k) for k in keys]
    assert len(overrides) == len(load_bundled_catalog().rules)
    for override in overrides:
        dialog = RuleDialog(None, override, lambda text: None)
        qtbot.addWidget(dialog)
        shown = [dialog.heading.text(), dialog.meta.text(), dialog.status.text()]
        shown += [dialog.sources.toPlainText(), dialog.catalog_notes.toPlainText()]
        shown += [dialog.unverified.toPlainText()]
        _clean(shown, f"rule dialog, {override.key}")
        assert dialog.catalog_notes.toPlainText() == override.catalog_notes
        assert dialog.unverified.isVisibleTo(dialog) == bool(override.unverified)
        assert isinstance(dialog.unverified, QPlainTextEdit)
        dialog.close()


@pytest.fixture
def everyone(db: Database) -> Database:
    """A person who holds half the catalog and plans the other half, so that the PDF and
    the CLI answer with every certification's rules."""
    with db.session_factory.begin() as session:
        codes = list(session.scalars(select(Certification.code).order_by(Certification.code)))
        for n, code in enumerate(codes):
            if n % 2 or code == "CISA":
                session.add(
                    HeldCertification(
                        cert_code=code, status="earned", earned_on=dt.date(2025, 3, 1)
                    )
                )
            else:
                session.add(HeldCertification(cert_code=code, status="planned"))
        held = session.scalars(
            select(HeldCertification).where(HeldCertification.cert_code == "CISM")
        ).one()
        held.status = "planned"
    return db


def test_pdf_shows_why_a_rule_is_unverified_in_plain_words(
    qapp: object, everyone: Database, tmp_path: pathlib.Path
) -> None:
    with everyone.session_factory() as session:
        data = gather_report(session, today=TODAY)
    out = tmp_path / "roadmap.pdf"
    write_roadmap_pdf(data, out, page_size="A4")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    _clean([text], "PDF")
    catalog = {r.key: r for r in load_bundled_catalog().rules}
    assert "Rules no issuer page backs" in text
    assert "CISM eligibility — unverified:" in text
    assert "CISA renewal — unverified:" in text
    why = " ".join(catalog["CISA/maintenance/current"].unverified.split())
    assert why[:60] in text


def test_cli_shows_every_rule_in_plain_words(everyone: Database, db_path: pathlib.Path) -> None:
    result = run_cli("--db", str(db_path), "catalog", "show")
    assert result.returncode == 0, result.stderr
    _clean([result.stdout], "cso-planner catalog show")
    catalog = load_bundled_catalog()
    flat = " ".join(result.stdout.split())
    for rule in catalog.rules:
        assert " ".join(rule.notes.split()) in flat, rule.key
        if rule.unverified:
            assert f"Unverified: {rule.unverified}" in result.stdout, rule.key
    assert "Issuer: https://www.isc2.org/" in result.stdout
    assert "Secondary: https://" in result.stdout
    for command in ("eligibility", "renewals"):
        answered = run_cli("--db", str(db_path), command, "--on", TODAY.isoformat())
        assert answered.returncode == 0, answered.stderr
        _clean([answered.stdout], f"cso-planner {command}")
        assert "Unverified: ISACA's own page" in answered.stdout
    one = run_cli("--db", str(db_path), "catalog", "show", "cism")
    assert one.returncode == 0 and one.stdout.startswith("CISM — Certified Information Security")
    missing = run_cli("--db", str(db_path), "catalog", "show", "NOPE")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "cso-planner: error: 'NOPE' is not in the catalog"
