"""services/rule_overrides.py on a real database: the user's local version of a catalog rule
is validated by the engine before it is written, is used by every answer (marked as the
user's), and reverting brings the catalog's rule back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import (
    ExperienceDomain,
    ExperienceEntry,
    HeldCertification,
    Rule,
)
from cso_planner.db.opening import Database
from cso_planner.services.catalog_view import list_catalog
from cso_planner.services.errors import NotFoundError, PlanningError
from cso_planner.services.facts import eligibility_answers, renewal_answers
from cso_planner.services.rule_overrides import (
    OverrideState,
    RuleEdit,
    override_state,
    parse_params,
    restore_override,
    rule_override,
    set_override,
    validate_override,
    would_change,
)

D = dt.date
KEY = "CISSP/experience/current"
MAINTENANCE = "CISSP/maintenance/current"
LIST_KEY = "CISSP/waiver_list/2026-04-01"
ON = D(2024, 6, 1)
TODAY = D(2026, 1, 2)
ISC2_EXPERIENCE_URL = "https://www.isc2.org/cissp-professional-experience.aspx"


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session with one ongoing job since 2020 in two CISSP domains (no degree, no waiver:
    the catalog's five years are reached on 2024-12-31), and an earned CISSP."""
    with db.session_factory.begin() as s:
        entry = ExperienceEntry(
            employer="Acme",
            title="Security engineer",
            start=D(2020, 1, 1),
            end=None,
            hours_per_week=40,
            paid=True,
            management=False,
        )
        entry.domains = [
            ExperienceDomain(cert_code="CISSP", domain="Security Operations"),
            ExperienceDomain(cert_code="CISSP", domain="Asset Security"),
        ]
        s.add(entry)
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=D(2023, 3, 1)))
    with db.session_factory.begin() as s:
        yield s


def _params(session: Session, key: str) -> dict[str, object]:
    value = json.loads(rule_override(session, key).catalog_params)
    assert isinstance(value, dict)
    return value


def _text(params: object) -> str:
    return json.dumps(params, indent=2)


def _with(session: Session, key: str, **changes: object) -> str:
    return _text({**_params(session, key), **changes})


def _cissp(session: Session) -> tuple[dt.date | None, float, bool]:
    answer = next(a for a in eligibility_answers(session, ON) if a.code == "CISSP")
    assert answer.error is None, answer.error
    return answer.eligible_on, answer.required_years, answer.user_edited


def _stored(session: Session, key: str = KEY) -> tuple[str | None, str]:
    rule = session.scalars(select(Rule).where(Rule.key == key)).one()
    return rule.user_params_json, rule.user_notes


def test_reads_the_catalog_rule_with_its_sources(session: Session) -> None:
    override = rule_override(session, KEY)
    rule = session.scalars(select(Rule).where(Rule.key == KEY)).one()
    assert json.loads(override.catalog_params) == json.loads(rule.params_json)
    assert override.catalog_params.startswith("{\n  ")  # pretty-printed for the editor
    assert override.user_params is None and not override.user_edited
    assert override.params_text == override.catalog_params
    assert override.catalog_notes.startswith("You need 5 years of cumulative")
    assert override.user_notes == ""
    assert ISC2_EXPERIENCE_URL in override.sources
    assert override.as_of == rule.as_of
    assert (override.cert_code, override.kind, override.label) == (
        "CISSP",
        "experience",
        "Experience requirement",
    )


def test_override_changes_the_answers_and_marks_them(session: Session) -> None:
    assert _cissp(session) == (D(2024, 12, 31), 5, False)
    old = set_override(session, KEY, _with(session, KEY, required_years=4), "ISC2 told me", TODAY)
    assert old == OverrideState(None, "", None)
    # Four years from 2020-01-01 (1,461 days): 2023-12-31, and the answer says whose rule.
    assert _cissp(session) == (D(2023, 12, 31), 4, True)

    override = rule_override(session, KEY)
    assert override.user_edited and override.edited_on == TODAY
    assert override.user_params is not None
    assert json.loads(override.user_params)["required_years"] == 4
    assert override.params_text == override.user_params
    assert override.user_notes == "ISC2 told me"
    assert json.loads(override.catalog_params)["required_years"] == 5  # catalog kept as is
    (cissp,) = [e for e in list_catalog(session) if e.code == "CISSP"]
    (info,) = [r for r in cissp.rules if r.key == KEY]
    assert info.user_edited and info.notes == "ISC2 told me"


def test_maintenance_override_is_used_by_renewals(session: Session) -> None:
    (before,) = renewal_answers(session, ON)
    assert before.cpe_required == 120 and not before.user_edited
    set_override(session, MAINTENANCE, _with(session, MAINTENANCE, cpe_required=90), "")
    (after,) = renewal_answers(session, ON)
    assert after.cpe_required == 90 and after.user_edited and after.error is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{\n  "required_years": 4,\n  "hours" {}\n}', "not valid JSON (line 3, column 11): "),
        ("{", "not valid JSON (line 1, column 2): "),
        ('{"required_years": NaN}', "not valid JSON: NaN is not a number JSON allows"),
        ("[1, 2]", "the parameters must be a JSON object ({ … }), not a list"),
        ('"text"', "the parameters must be a JSON object ({ … }), not a string"),
        ("   ", "the parameters are empty"),
    ],
)
def test_text_that_is_not_a_json_object_is_refused(
    session: Session, text: str, message: str
) -> None:
    problem = validate_override(session, KEY, text)
    assert problem is not None and problem.startswith(message), problem
    with pytest.raises(PlanningError) as caught:
        set_override(session, KEY, text, "a note")
    assert str(caught.value) == problem
    assert _stored(session) == (None, "")  # nothing written, not even the note
    assert _cissp(session) == (D(2024, 12, 31), 5, False)


def test_parameters_the_engine_cannot_use_are_refused_with_its_reason(
    session: Session,
) -> None:
    cases = {
        KEY: [
            (
                _with(session, KEY, required_years="five"),
                f"rule {KEY}: required_years must be a number",
            ),
            (
                _with(session, KEY, required_years=-1),
                f"rule {KEY}: required_years must be at least 0",
            ),
            (
                _with(session, KEY, waivers=[{"id": "x", "years": 1, "when": {}}]),
                f"rule {KEY}: waivers[0].when needs 'degree', 'credentials' or 'waiver_list'",
            ),
        ],
        MAINTENANCE: [
            (
                _with(session, MAINTENANCE, cycle={"kind": "monthly", "years": 3}),
                f"rule {MAINTENANCE}: unknown cycle kind 'monthly'",
            ),
            (
                _with(session, MAINTENANCE, cycle={"kind": "anniversary", "years": 0}),
                f"rule {MAINTENANCE}: cycle.years must be at least 1",
            ),
        ],
        LIST_KEY: [
            (
                _with(session, LIST_KEY, credentials="CISM"),
                f"rule {LIST_KEY}: credentials must be a list of strings",
            ),
        ],
    }
    for key, texts in cases.items():
        for text, message in texts:
            assert validate_override(session, key, text) == message
            with pytest.raises(PlanningError) as caught:
                set_override(session, key, text, "")
            assert str(caught.value) == message
            assert _stored(session, key) == (None, "")
    assert _cissp(session) == (D(2024, 12, 31), 5, False)


def test_a_misspelt_parameter_is_refused_instead_of_ignored(session: Session) -> None:
    params = _params(session, KEY)
    params["max_waiver_year"] = params.pop("max_waiver_years")
    problem = validate_override(session, KEY, _text(params))
    assert problem is not None
    assert problem.startswith("unknown parameter “max_waiver_year”: the engine would ignore it")
    assert "max_waiver_years" in problem


def test_every_catalog_rule_passes_its_own_validation(session: Session) -> None:
    keys = session.scalars(select(Rule.key)).all()
    assert len(keys) > 20
    for key in keys:
        assert validate_override(session, key, rule_override(session, key).catalog_params) is None


def test_revert_restores_the_catalog_rule(session: Session) -> None:
    set_override(session, KEY, _with(session, KEY, required_years=4), "mine", TODAY)
    old = set_override(session, KEY, None, "")
    assert old.user_params_json is not None and old.user_notes == "mine"
    assert _stored(session) == (None, "")
    assert rule_override(session, KEY).edited_on is None
    assert _cissp(session) == (D(2024, 12, 31), 5, False)
    # Undo of the revert puts back exactly what was stored.
    restore_override(session, KEY, old)
    assert override_state(session, KEY) == old
    assert _cissp(session) == (D(2023, 12, 31), 4, True)


def test_catalog_parameters_are_not_stored_as_a_correction(session: Session) -> None:
    catalog = rule_override(session, KEY).catalog_params
    assert not would_change(session, KEY, RuleEdit(catalog, ""))
    assert would_change(session, KEY, RuleEdit(catalog, "a note"))
    assert would_change(session, KEY, RuleEdit("{", ""))  # saving says why it cannot
    set_override(session, KEY, catalog, "  a note  ")
    assert _stored(session) == (None, "a note")  # the note is kept, the rule stays the catalog's
    assert not rule_override(session, KEY).user_edited
    set_override(session, KEY, _with(session, KEY, required_years=4), "a note")
    edited = rule_override(session, KEY).params_text
    assert not would_change(session, KEY, RuleEdit(edited, "a note"))
    set_override(session, KEY, catalog, "")  # typing the catalog's values back = revert
    assert _stored(session) == (None, "")


def test_a_broken_stored_correction_is_shown_as_is(session: Session) -> None:
    rule = session.scalars(select(Rule).where(Rule.key == KEY)).one()
    rule.user_params_json = "{not json"
    session.flush()
    override = rule_override(session, KEY)
    assert override.user_params == "{not json" and override.user_edited
    assert would_change(session, KEY, RuleEdit(None, ""))


def test_unknown_rule(session: Session) -> None:
    with pytest.raises(NotFoundError):
        rule_override(session, "NOPE/experience/current")
    with pytest.raises(NotFoundError):
        set_override(session, "NOPE/experience/current", None, "")


def test_parse_params() -> None:
    assert parse_params('{"a": [1, 2]}') == ({"a": [1, 2]}, None)
    assert parse_params("null") == (None, "the parameters must be a JSON object ({ … }), not null")
    assert parse_params("[" * 100_000)[1] is not None
