"""The CLI on extreme documents: refused in one line, or answered in strict JSON."""

from __future__ import annotations

import json
import pathlib
from typing import Any

from cso_planner import limits
from tests.unit.test_cli import run_cli

REALISTIC = pathlib.Path(__file__).parents[1] / "data" / "realistic_export.json"


def _strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_an_expiry_of_9999_is_refused_in_one_line(tmp_path: pathlib.Path) -> None:
    document = json.loads(REALISTIC.read_text("utf-8"))
    document["certifications"][0]["expires_on"] = "9999-12-31"
    source = tmp_path / "far.json"
    source.write_text(json.dumps(document), "utf-8")
    result = run_cli("--db", str(tmp_path / "db.sqlite3"), "import", str(source))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "certifications[0].expires_on: 9999-12-31 is outside" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_renewals_json_at_the_largest_values_is_strict_json(tmp_path: pathlib.Path) -> None:
    document = json.loads(REALISTIC.read_text("utf-8"))
    template = document["cpe"][0]
    document["cpe"] = [
        {**template, "credits": limits.MAX_CREDITS, "applies_to": ["CISSP"]} for _ in range(500)
    ]
    held = document["certifications"][0]
    held["expires_on"] = limits.DATE_MAX.isoformat()
    for course in document["courses"]:
        course.update(cost=limits.MAX_AMOUNT, hours=limits.MAX_HOURS, cpe_credits=0)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(document), "utf-8")
    db = str(tmp_path / "db.sqlite3")
    imported = run_cli("--db", db, "import", str(source))
    assert imported.returncode == 0, imported.stderr
    for command in ("renewals", "eligibility"):
        result = run_cli("--db", db, command, "--json")
        assert result.returncode == 0, result.stderr
        assert _strict(result.stdout)
    renewals = run_cli("--db", db, "renewals", "--json", "--on", "2200-06-01")
    assert renewals.returncode == 0, renewals.stderr
    _strict(renewals.stdout)


def test_non_finite_numbers_never_reach_the_json() -> None:
    import io
    import math

    from cso_planner.eligibility.cli import write_json

    out = io.StringIO()
    write_json([{"credits": math.inf, "left": [math.nan, 1.5], "n": -math.inf}], out)
    assert _strict(out.getvalue()) == [{"credits": None, "left": [None, 1.5], "n": None}]


def test_on_a_day_beyond_the_span_is_refused_in_one_line(tmp_path: pathlib.Path) -> None:
    result = run_cli("--db", str(tmp_path / "db.sqlite3"), "renewals", "--on", "9999-12-31")
    assert result.returncode == 2
    assert "9999-12-31 is outside 1900-01-01 to 2200-12-31" in result.stderr
    assert "Traceback" not in result.stderr
