"""Fuzzing the importer: besides success the only outcome is ImportRejected, and nothing changes.

Whatever the bytes, a refused import leaves every table as it was (R14).

The database (holding the realistic person) is shared by the examples of one test; each example
dumps it before trying, so an accepted mutation simply becomes the next starting state.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cso_planner.db.opening import Database
from cso_planner.exchange import ImportRejected, import_document
from tests.helpers.dump import dump_database
from tests.unit.exchange.conftest import REALISTIC

BASE: dict[str, Any] = json.loads(REALISTIC.read_text("utf-8"))
SECTIONS = ["profile", "education", "experience", "certifications", "courses", "cpe", "plans"]

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any code point, lone surrogates included (json.dumps writes them as \udxxx escapes).
any_text = st.text(st.characters(exclude_categories=()), max_size=12)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # unbounded: beyond ±2**53 too
    | st.floats()  # NaN and ±Infinity too (json.dumps writes them)
    | any_text
    | st.sampled_from(["2024-13-45", "2024-02-29", "0000-01-01", "CISSP", "Asset Security"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


BASE_PATHS = _paths(BASE)


def _attempt(database: Database, data: bytes) -> ImportRejected | None:
    """Try the import; on refusal check nothing changed and hand back the error."""
    before = dump_database(database.engine)
    try:
        import_document(database.session_factory, data)
    except ImportRejected as exc:
        message = str(exc)
        assert message and "\n" not in message
        assert dump_database(database.engine) == before
        return exc
    return None


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes(loaded_db: Database, data: bytes) -> None:
    _attempt(loaded_db, data)


@FUZZ
@given(value=json_values)
def test_random_json(loaded_db: Database, value: Any) -> None:
    _attempt(loaded_db, json.dumps(value).encode())


@FUZZ
@given(section=st.sampled_from(SECTIONS), value=json_values)
def test_random_sections(loaded_db: Database, section: str, value: Any) -> None:
    document = {"format": "cso-planner", "version": 1, section: value}
    _attempt(loaded_db, json.dumps(document).encode())


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The realistic document with one node replaced, removed, or given an extra key."""
    document = copy.deepcopy(BASE)
    path = draw(st.sampled_from(BASE_PATHS[1:]))
    parent = _get(document, path[:-1])
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(json_values)
    elif action == "delete":
        del parent[path[-1]]
    else:
        target = _get(document, path)
        if isinstance(target, dict):
            target[draw(any_text)] = draw(json_values)
        elif isinstance(target, list):
            target.insert(draw(st.integers(0, len(target))), draw(json_values))
        else:
            parent[path[-1]] = draw(json_values)
    return document


@FUZZ
@given(document=mutated_documents())
def test_mutated_realistic_document(loaded_db: Database, document: dict[str, Any]) -> None:
    _attempt(loaded_db, json.dumps(document).encode())


TEXT_PATHS = [p for p in BASE_PATHS if p and isinstance(_get(BASE, p), str)]


@FUZZ
@given(
    path=st.sampled_from(TEXT_PATHS),
    surrogate=st.integers(0xD800, 0xDFFF).map(chr),
    prefix=st.text(max_size=5),
    suffix=st.text(max_size=5),
)
def test_lone_surrogate_anywhere_is_refused(
    loaded_db: Database, path: tuple[Any, ...], surrogate: str, prefix: str, suffix: str
) -> None:
    document = copy.deepcopy(BASE)
    _get(document, path[:-1])[path[-1]] = prefix + surrogate + suffix
    error = _attempt(loaded_db, json.dumps(document).encode())
    assert error is not None
    assert "lone surrogate" in str(error)


def test_all_fuzzers_start_from_an_importable_document(exchange_db: Database) -> None:
    assert _attempt(exchange_db, json.dumps(BASE).encode()) is None


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
def test_deep_nesting_inside_a_valid_document(loaded_db: Database, depth: int) -> None:
    document = copy.deepcopy(BASE)
    text = json.dumps(document)
    data = (text[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}").encode()
    error = _attempt(loaded_db, data)
    assert error is not None and "nested deeper than 32 levels" in str(error)
