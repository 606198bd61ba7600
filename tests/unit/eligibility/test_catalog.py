"""The bundled catalog: structure, corrections applied, and every experience rule answers."""

from __future__ import annotations

import copy
import datetime as dt
import json
from importlib import resources

import pytest

from cso_planner.catalog import CatalogError, load_bundled_catalog, parse_catalog
from cso_planner.eligibility import Facts, evaluate_all, rules_from_catalog


def document() -> dict[str, object]:
    raw = resources.files("cso_planner").joinpath("data/catalog.json").read_text("utf-8")
    doc: dict[str, object] = json.loads(raw)
    return doc


def test_bundled_catalog_loads() -> None:
    catalog = load_bundled_catalog()
    assert len(catalog.certifications) >= 24
    assert len(catalog.roles) == 7
    assert {"CISSP", "CPP", "CCISO", "CISM"} <= {c.code for c in catalog.certifications}
    cciso = catalog.certification("CCISO")
    assert cciso.domains[1].name == "Organizational Executive Leadership"  # correction 12
    cc = catalog.certification("CC")
    assert cc.details["fees"]["exam_price_usd"] == 199  # correction 14


def test_every_certification_has_a_maintenance_rule() -> None:
    catalog = load_bundled_catalog()
    maintained = {r.cert_code for r in catalog.rules if r.kind == "maintenance"}
    # Only a certification whose renewal policy was not found (CCSK) has none, and says so.
    unknown = {
        c.code for c in catalog.certifications if c.details["maintenance"]["cycle_years"] is None
    }
    assert unknown == {"CCSK"}
    assert "not found" in catalog.certification("CCSK").details["maintenance"]["text"]
    assert maintained == {c.code for c in catalog.certifications} - unknown


def test_engine_answers_every_experience_rule() -> None:
    catalog = load_bundled_catalog()
    rules = rules_from_catalog(catalog)
    with_rule = {r.cert_code for r in rules if r.kind == "experience" and r.effective_to is None}
    answers = evaluate_all(Facts(), rules, dt.date(2026, 11, 22))
    assert {a.code for a in answers} == with_rule
    assert all(a.error is None and a.source.startswith("http") for a in answers)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("rules", 0, "kind"), "bogus", "rules[0].kind"),
        (("rules", 0, "as_of"), "yesterday", "rules[0].as_of"),
        (("rules", 0, "sources"), [], "rules[0].sources"),
        (("certifications", 0, "code"), "", "certifications[0].code"),
    ],
)
def test_validation_names_the_bad_field(
    path: tuple[object, ...], value: object, message: str
) -> None:
    doc = copy.deepcopy(document())
    target: object = doc
    for part in path[:-1]:
        target = target[part]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(CatalogError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_catalog(doc)
