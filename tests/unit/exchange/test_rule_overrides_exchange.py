"""The user's rule corrections travel in the exchange file (``rule_overrides``).

Export writes them by rule key; import checks them with the rule service's own validation
before writing anything, replaces them (replace mode) or applies the document's on top (append
mode), in the import's one transaction; a refused file leaves every table as it was.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.catalog_sync import bundled_catalog_document
from cso_planner.db.models import Rule
from cso_planner.db.opening import Database, open_database
from cso_planner.exchange import (
    ImportRejected,
    ImportSummary,
    encode_document,
    export_bytes,
    export_document,
    import_document,
)
from cso_planner.exchange.schema import check_schema
from cso_planner.services import rule_overrides
from cso_planner.services.catalog_view import list_catalog
from tests.helpers.dump import dump_database
from tests.helpers.faults import assert_atomic
from tests.unit.exchange.conftest import REALISTIC, open_copy
from tests.unit.exchange.strategies import documents, texts
from tests.unit.test_cli import run_cli

EXPERIENCE = "CISSP/experience/current"
MAINTENANCE = "CISSP/maintenance/current"
WAIVERS = "CISSP/waiver_list/2026-04-01"
BASE: dict[str, Any] = json.loads(REALISTIC.read_text("utf-8"))
HEADER: dict[str, Any] = {"format": "cso-planner", "version": 1}
_CATALOG_RULES = {rule["key"]: rule for rule in bundled_catalog_document()["rules"]}


def catalog_params(key: str, **changes: Any) -> dict[str, Any]:
    """The bundled catalog's parameters of rule ``key`` with ``changes`` applied."""
    return {**copy.deepcopy(_CATALOG_RULES[key]["params"]), **changes}


def set_corrections(database: Database) -> None:
    """Three kinds of correction: parameters and a note, parameters alone, a note alone."""
    with database.session_factory.begin() as session:
        rule_overrides.set_override(
            session,
            EXPERIENCE,
            json.dumps(catalog_params(EXPERIENCE, required_years=4)),
            "ISC2 e-mail, 2026",
        )
        rule_overrides.set_override(
            session, MAINTENANCE, json.dumps(catalog_params(MAINTENANCE, cpe_required=90))
        )
        rule_overrides.set_override(session, WAIVERS, None, "Ask ISC2 about <b>GIAC</b> 🛡️")


def exported(database: Database) -> dict[str, Any]:
    with database.session_factory() as session:
        return export_document(session)


def exported_bytes(database: Database) -> bytes:
    with database.session_factory() as session:
        return export_bytes(session)


def stored(database: Database) -> dict[str, tuple[str | None, str, dt.date | None]]:
    """Every rule with a user column set: ``key -> (params JSON, notes, edited on)``."""
    with database.session_factory() as session:
        rows = session.scalars(select(Rule).order_by(Rule.key))
        return {
            row.key: (row.user_params_json, row.user_notes, row.user_edited_on)
            for row in rows
            if row.user_params_json is not None or row.user_notes or row.user_edited_on
        }


def with_section(entries: list[dict[str, Any]], base: dict[str, Any] | None = None) -> bytes:
    document = copy.deepcopy(BASE if base is None else base)
    document["rule_overrides"] = entries
    return json.dumps(document, ensure_ascii=False).encode()


@pytest.fixture
def corrected_db(loaded_db: Database) -> Database:
    """The realistic person plus three rule corrections."""
    set_corrections(loaded_db)
    return loaded_db


@pytest.fixture
def second_db(template_db: pathlib.Path, tmp_path: pathlib.Path) -> Iterator[Database]:
    database = open_copy(template_db, tmp_path / "second.sqlite3")
    yield database
    database.dispose()


# --- export -----------------------------------------------------------------------------


def test_export_writes_the_corrections_sorted_by_key(corrected_db: Database) -> None:
    document = exported(corrected_db)
    assert list(document)[-1] == "rule_overrides"  # after everything else, in reading order
    assert document["rule_overrides"] == [
        {
            "key": EXPERIENCE,
            "params": catalog_params(EXPERIENCE, required_years=4),
            "notes": "ISC2 e-mail, 2026",
        },
        {"key": MAINTENANCE, "params": catalog_params(MAINTENANCE, cpe_required=90), "notes": ""},
        {"key": WAIVERS, "params": None, "notes": "Ask ISC2 about <b>GIAC</b> 🛡️"},
    ]
    check_schema(document)  # the export is a valid v1 document
    assert document["version"] == 1
    assert ImportSummary.of(document).describe().endswith(", 3 rule corrections")


def test_without_corrections_the_section_is_left_out(loaded_db: Database) -> None:
    assert "rule_overrides" not in exported(loaded_db)
    assert exported_bytes(loaded_db) == REALISTIC.read_bytes()
    assert "rule correction" not in ImportSummary.of(BASE).describe()


def test_parameters_equal_to_the_catalog_are_not_a_correction(loaded_db: Database) -> None:
    with loaded_db.session_factory.begin() as session:
        rule_overrides.set_override(session, EXPERIENCE, json.dumps(catalog_params(EXPERIENCE)))
    assert "rule_overrides" not in exported(loaded_db)


# --- round trip ---------------------------------------------------------------------------


def test_export_import_export_is_identical_with_corrections(
    corrected_db: Database, second_db: Database
) -> None:
    first = exported_bytes(corrected_db)
    summary = import_document(second_db.session_factory, first)
    assert summary.rule_overrides == 3
    assert exported_bytes(second_db) == first
    assert {k: v[:2] for k, v in stored(second_db).items()} == {
        k: v[:2] for k, v in stored(corrected_db).items()
    }
    # Replacing a database with its own export changes nothing either.
    import_document(corrected_db.session_factory, first)
    assert exported_bytes(corrected_db) == first


def test_imported_corrections_are_used_by_the_answers(
    corrected_db: Database, second_db: Database
) -> None:
    import_document(second_db.session_factory, exported_bytes(corrected_db))
    with second_db.session_factory() as session:
        override = rule_overrides.rule_override(session, EXPERIENCE)
        assert override.user_edited and override.edited_on == dt.date.today()
        assert json.loads(override.params_text)["required_years"] == 4
        (cissp,) = [entry for entry in list_catalog(session) if entry.code == "CISSP"]
    rules = {rule.key: rule for rule in cissp.rules}
    assert rules[EXPERIENCE].user_edited and rules[MAINTENANCE].user_edited


def test_the_rule_pane_counts_a_note_alone_as_the_users(corrected_db: Database) -> None:
    with corrected_db.session_factory() as session:
        (cissp,) = [entry for entry in list_catalog(session) if entry.code == "CISSP"]
    rules = {rule.key: rule for rule in cissp.rules}
    note_only = rules[WAIVERS]
    assert note_only.user_edited and note_only.user_notes == "Ask ISC2 about <b>GIAC</b> 🛡️"
    assert note_only.notes == note_only.user_notes
    assert rules[MAINTENANCE].user_edited and rules[MAINTENANCE].user_notes == ""
    untouched = rules["CISSP/waiver_list/until-2026-03-31"]
    assert not untouched.user_edited and untouched.user_notes == ""


# --- replace and append -------------------------------------------------------------------


def test_replace_clears_corrections_absent_from_the_document(corrected_db: Database) -> None:
    entry = {"key": "CISM/maintenance/current", "params": None, "notes": "mine"}
    import_document(corrected_db.session_factory, with_section([entry]))
    assert stored(corrected_db) == {"CISM/maintenance/current": (None, "mine", dt.date.today())}
    assert exported(corrected_db)["rule_overrides"] == [entry]

    import_document(corrected_db.session_factory, REALISTIC.read_bytes())  # no section at all
    assert stored(corrected_db) == {}
    assert exported_bytes(corrected_db) == REALISTIC.read_bytes()


def test_replace_with_the_document_corrections_of_the_same_rules(corrected_db: Database) -> None:
    entries = [
        {"key": EXPERIENCE, "params": catalog_params(EXPERIENCE, required_years=3), "notes": ""}
    ]
    import_document(corrected_db.session_factory, with_section(entries))
    (key,) = stored(corrected_db)
    assert key == EXPERIENCE
    assert exported(corrected_db)["rule_overrides"] == entries


def test_append_applies_the_document_corrections_on_top(corrected_db: Database) -> None:
    before = exported(corrected_db)["rule_overrides"]
    extra = {
        **HEADER,
        "rule_overrides": [
            {"key": "CISM/maintenance/current", "params": None, "notes": "from the file"},
            # A correction given for a rule that has one: the document's wins (here a note
            # alone: the parameters go back to the catalog's).
            {"key": EXPERIENCE, "notes": "the catalog is right after all"},
        ],
    }
    summary = import_document(
        corrected_db.session_factory, json.dumps(extra).encode(), replace=False
    )
    assert summary.describe() == (
        "no profile, 0 jobs, 0 education entries, 0 certifications, 0 courses, "
        "0 CPE activities, 0 plans (0 stages, 0 items), 2 rule corrections"
    )
    after = exported(corrected_db)
    assert after["rule_overrides"] == [
        {"key": "CISM/maintenance/current", "params": None, "notes": "from the file"},
        {"key": EXPERIENCE, "params": None, "notes": "the catalog is right after all"},
        *before[1:],  # the maintenance and waiver list corrections are kept
    ]
    assert len(after["experience"]) == len(BASE["experience"])  # nothing else changed


def test_omitted_fields_take_their_defaults(loaded_db: Database) -> None:
    params = catalog_params(MAINTENANCE, cpe_required=100)
    import_document(
        loaded_db.session_factory,
        with_section([{"key": MAINTENANCE, "params": params, "id": 3}]),
    )
    assert exported(loaded_db)["rule_overrides"] == [
        {"key": MAINTENANCE, "params": params, "notes": ""}
    ]


def test_notes_are_stored_as_the_rule_editor_stores_them(loaded_db: Database) -> None:
    """Trimmed, like a note saved in the editor; a blank entry leaves no correction."""
    import_document(
        loaded_db.session_factory,
        with_section(
            [
                {"key": EXPERIENCE, "params": None, "notes": "  spaced  "},
                {"key": MAINTENANCE, "params": None, "notes": " "},
            ]
        ),
    )
    assert exported(loaded_db)["rule_overrides"] == [
        {"key": EXPERIENCE, "params": None, "notes": "spaced"}
    ]


# --- refusals -----------------------------------------------------------------------------


def _refused_params_message(database: Database, key: str, params: dict[str, Any]) -> str:
    with database.session_factory() as session:
        problem = rule_overrides.validate_override(session, key, json.dumps(params))
    assert problem is not None
    return problem


BAD_YEARS = catalog_params(EXPERIENCE, required_years="five")
UNKNOWN_PARAM = catalog_params(MAINTENANCE, cpe_requierd=90)

CASES: list[tuple[str, list[Any] | Any, str]] = [
    (
        "unknown rule",
        [{"key": "NOPE/experience/current", "params": None, "notes": ""}],
        'rule_overrides[0].key: unknown rule "NOPE/experience/current"',
    ),
    (
        "unknown rule after a good one",
        [
            {"key": MAINTENANCE, "params": None, "notes": "fine"},
            {"key": "CISSP/experience/2031", "notes": ""},
        ],
        'rule_overrides[1].key: unknown rule "CISSP/experience/2031"',
    ),
    (
        "rule listed twice",
        [{"key": EXPERIENCE, "notes": "a"}, {"key": EXPERIENCE, "notes": "b"}],
        f"rule_overrides[1].key: rule {EXPERIENCE} is listed more than once",
    ),
    ("params a list", [{"key": EXPERIENCE, "params": []}], "rule_overrides[0].params: "),
    ("params a string", [{"key": EXPERIENCE, "params": "{}"}], "rule_overrides[0].params: "),
    ("key a number", [{"key": 7, "params": None}], "rule_overrides[0].key: "),
    ("notes null", [{"key": EXPERIENCE, "notes": None}], "rule_overrides[0].notes: "),
    ("key missing", [{"params": None, "notes": ""}], "rule_overrides[0].key: "),
    ("unknown field", [{"key": EXPERIENCE, "edited": "2026-01-01"}], "rule_overrides[0].edited: "),
    ("section an object", {"key": EXPERIENCE}, "rule_overrides: "),
    ("entry a string", [EXPERIENCE], "rule_overrides[0]: "),
]

SCHEMA_MESSAGES = {
    "params a list": "expected an object or null, got a list",
    "params a string": "expected an object or null, got a string",
    "key a number": "expected a string, got a number",
    "notes null": "expected a string, got null",
    "key missing": "required field missing",
    "unknown field": "unknown field",
    "section an object": "expected a list, got an object",
    "entry a string": "expected an object, got a string",
}


@pytest.mark.parametrize("replace", [True, False], ids=["replace", "append"])
@pytest.mark.parametrize(("name", "section", "message"), CASES, ids=[c[0] for c in CASES])
def test_refused_with_the_place_named_and_nothing_written(
    corrected_db: Database, name: str, section: Any, message: str, replace: bool
) -> None:
    expected = message + SCHEMA_MESSAGES.get(name, "")
    before = dump_database(corrected_db.engine)
    document = copy.deepcopy(BASE if replace else HEADER)
    document["rule_overrides"] = section
    with pytest.raises(ImportRejected) as info:
        import_document(
            corrected_db.session_factory, json.dumps(document).encode(), replace=replace
        )
    assert str(info.value) == expected
    assert dump_database(corrected_db.engine) == before


@pytest.mark.parametrize(
    ("key", "params"),
    [(EXPERIENCE, BAD_YEARS), (MAINTENANCE, UNKNOWN_PARAM), (EXPERIENCE, {"hours": "x"})],
    ids=["wrong type of value", "misspelt parameter", "engine cannot use it"],
)
def test_params_the_rule_service_refuses_are_refused_with_its_message(
    corrected_db: Database, key: str, params: dict[str, Any]
) -> None:
    problem = _refused_params_message(corrected_db, key, params)
    before = dump_database(corrected_db.engine)
    for replace in (True, False):
        base = BASE if replace else HEADER  # appending the realistic person would collide
        data = with_section([{"key": WAIVERS, "notes": "ok"}, {"key": key, "params": params}], base)
        with pytest.raises(ImportRejected) as info:
            import_document(corrected_db.session_factory, data, replace=replace)
        assert str(info.value) == f"rule_overrides[1].params: {problem}"
        assert dump_database(corrected_db.engine) == before


def test_refused_before_anything_is_written(
    corrected_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule check runs with the other checks: a refusal never reaches the writing."""
    from cso_planner.exchange import importer

    def no_writing(*args: Any) -> None:
        raise AssertionError("clear_user_data ran before the document was checked")

    monkeypatch.setattr(importer, "clear_user_data", no_writing)
    with pytest.raises(ImportRejected, match=r"^rule_overrides\[0\]\.params: "):
        import_document(
            corrected_db.session_factory, with_section([{"key": EXPERIENCE, "params": BAD_YEARS}])
        )


def test_a_failure_while_writing_corrections_rolls_everything_back(
    corrected_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = rule_overrides.set_override
    calls: list[str] = []

    def fail_on_second(session: Session, key: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(key)
        if len(calls) == 2:
            raise OSError("disk gone")
        return real(session, key, *args, **kwargs)

    monkeypatch.setattr(rule_overrides, "set_override", fail_on_second)
    before = dump_database(corrected_db.engine)
    data = with_section([{"key": MAINTENANCE, "notes": "a"}, {"key": WAIVERS, "notes": "b"}])
    with pytest.raises(OSError, match="disk gone"):
        import_document(corrected_db.session_factory, data)
    assert dump_database(corrected_db.engine) == before


def test_import_with_corrections_is_atomic_after_every_statement(
    corrected_db: Database, second_db: Database
) -> None:
    data = exported_bytes(corrected_db)
    statements = assert_atomic(
        second_db.engine, lambda: import_document(second_db.session_factory, data)
    )
    assert statements > 3
    assert exported_bytes(second_db) == data


def test_the_windows_replace_and_undo_carry_the_corrections(
    corrected_db: Database, second_db: Database
) -> None:
    """The GUI checks with ``validate_document`` and replaces with ``clear_user_data`` and
    ``write_document``, keeping the previous export for undo (ui/file_actions.py)."""
    from cso_planner.exchange.importer import clear_user_data, write_document
    from cso_planner.exchange.validate import Catalog, validate_document

    bad = json.loads(with_section([{"key": EXPERIENCE, "params": BAD_YEARS}]))
    with second_db.session_factory() as session, pytest.raises(ImportRejected) as info:
        validate_document(bad, Catalog.load(session), None)
    assert str(info.value).startswith("rule_overrides[0].params: rule CISSP/experience/current")

    mine = exported_bytes(corrected_db)
    with corrected_db.session_factory.begin() as session:
        previous = export_document(session)
        clear_user_data(session)
        write_document(session, BASE)  # the file has no corrections
    assert stored(corrected_db) == {}
    with corrected_db.session_factory.begin() as session:  # undo
        clear_user_data(session)
        write_document(session, previous)
    assert exported_bytes(corrected_db) == mine


# --- the command line ---------------------------------------------------------------------


def test_cli_export_then_import_keeps_the_corrections(db: Database, tmp_path: pathlib.Path) -> None:
    set_corrections(db)
    source = db.path
    db.dispose()
    exported_file = tmp_path / "export.json"
    result = run_cli("--db", str(source), "export", str(exported_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f", 3 rule corrections to {exported_file}")

    target = tmp_path / "other.sqlite3"
    open_database(target).dispose()
    result = run_cli("--db", str(target), "import", str(exported_file))
    assert result.returncode == 0, result.stderr
    assert ", 3 rule corrections from " in result.stdout

    again = tmp_path / "again.json"
    result = run_cli("--db", str(target), "export", str(again))
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == exported_file.read_bytes()
    assert json.loads(again.read_bytes())["rule_overrides"][0]["key"] == EXPERIENCE


def test_cli_refuses_a_bad_correction_naming_file_and_place(
    db: Database, tmp_path: pathlib.Path
) -> None:
    set_corrections(db)
    path = db.path
    db.dispose()
    before = dump_database(path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(with_section([{"key": "NOPE", "params": None}]))
    result = run_cli("--db", str(path), "import", str(bad))
    assert result.returncode != 0
    assert f'{bad}: rule_overrides[0].key: unknown rule "NOPE"' in result.stderr
    assert dump_database(path) == before


# --- property: any documents plus corrections survive the round trip ----------------------

_MAINTENANCE_KEYS = sorted(k for k, r in _CATALOG_RULES.items() if r["kind"] == "maintenance")
_EXPERIENCE_KEYS = sorted(
    k
    for k, r in _CATALOG_RULES.items()
    if r["kind"] == "experience" and "required_years" in r["params"]
)


@st.composite
def corrections(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Canonical ``rule_overrides``: sorted keys, trimmed notes, params unlike the catalog's."""
    keys = draw(
        st.lists(st.sampled_from([*_MAINTENANCE_KEYS, *_EXPERIENCE_KEYS]), unique=True, max_size=3)
    )
    entries = []
    for key in sorted(keys):
        notes = draw(texts).strip()
        if draw(st.booleans()) or not notes:
            if key in _MAINTENANCE_KEYS:
                old = _CATALOG_RULES[key]["params"]["cpe_required"]
                value = draw(st.integers(1, 500).filter(lambda n, old=old: n != old))
                params: dict[str, Any] | None = catalog_params(key, cpe_required=value)
            else:
                old = _CATALOG_RULES[key]["params"]["required_years"]
                value = draw(st.integers(1, 10).filter(lambda n, old=old: n != old))
                params = catalog_params(key, required_years=value)
        else:
            params = None
        entries.append({"key": key, "params": params, "notes": notes})
    return entries


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document=documents(), overrides=corrections())
def test_document_with_corrections_survives_the_round_trip(
    template_db: pathlib.Path, document: dict[str, Any], overrides: list[dict[str, Any]]
) -> None:
    if overrides:
        document = {**document, "rule_overrides": overrides}
    with tempfile.TemporaryDirectory() as folder:
        database = open_copy(template_db, pathlib.Path(folder) / "db.sqlite3")
        try:
            import_document(database.session_factory, encode_document(document))
            first = exported_bytes(database)
            assert json.loads(first) == document
            import_document(database.session_factory, first)
            assert exported_bytes(database) == first
        finally:
            database.dispose()
