"""The compiled schema check (fastjsonschema) never accepts what the reference validator refuses.

``check_schema`` asks the compiled check first and the reference ``jsonschema`` validator only
when it says "invalid" (for the message, and the last word). A document the compiled check
accepts is not looked at again, so it must never accept one the reference refuses: mutate the
realistic document at random and compare both answers on every example.
"""

from __future__ import annotations

from typing import Any

import fastjsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from cso_planner.exchange import schema
from tests.unit.exchange.test_fuzz import BASE, json_values, mutated_documents


def _fast_accepts(document: Any) -> bool:
    try:
        schema._FAST_CHECK(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@settings(max_examples=500, deadline=None)
@given(document=mutated_documents())
def test_compiled_check_agrees_with_the_reference_validator(document: dict[str, Any]) -> None:
    assert _fast_accepts(document) == schema._VALIDATOR.is_valid(document)


@settings(max_examples=300, deadline=None)
@given(section=st.sampled_from(sorted(schema.SCHEMA["properties"])), value=json_values)
def test_any_value_in_any_section(section: str, value: Any) -> None:
    document = {**BASE, section: value}
    assert _fast_accepts(document) == schema._VALIDATOR.is_valid(document)


def test_realistic_document_passes_both() -> None:
    assert _fast_accepts(BASE) and schema._VALIDATOR.is_valid(BASE)
