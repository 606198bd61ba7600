"""``cso-planner budget``: the one budget per year as a table or JSON (reads only)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TextIO

from cso_planner.eligibility.cli import SessionFactory, _table
from cso_planner.money import MIXED_NOTE
from cso_planner.services.budget import YEAR_HEADERS, budget_json, compute_budget, year_cells


def run_budget(session_factory: SessionFactory, on: dt.date, as_json: bool, out: TextIO) -> int:
    """Print the budget per year as of ``on`` (the Budget screen's and the PDF's figures)."""
    with session_factory() as session:
        budget = compute_budget(session, on)
    if as_json:
        json.dump(budget_json(budget), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    if budget.is_empty:
        out.write(f"No costs to budget as of {on.isoformat()}.\n")
        return 0
    out.write(f"Budget per year as of {on.isoformat()}\n\n")
    out.write(_table(YEAR_HEADERS, year_cells(budget), right=set(range(1, len(YEAR_HEADERS)))))
    out.write(
        "\nSpent: what you recorded or confirmed, up to today. Planned: your own figures "
        "still to come. Estimated: catalog fees in US dollars, until you confirm or edit "
        "them on the Budget screen.\n"
    )
    if budget.mixed:
        out.write(f"Totals hold several currencies: {MIXED_NOTE}.\n")
    return 0
