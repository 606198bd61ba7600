"""The catalog shipped inside the package, read without SQLAlchemy (opening a file compares
its version with the stored one before anything imports the models)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any


def bundled_catalog_document() -> dict[str, Any]:
    """The catalog shipped inside the package (``cso_planner/data/catalog.json``)."""
    raw = resources.files("cso_planner").joinpath("data/catalog.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(raw)
    return document


def version_date(version: str) -> dt.date | None:
    """A catalog version ("2026.12.04", the day it was released) as a date; None if not one."""
    try:
        return dt.date(*(int(part) for part in version.split(".")))
    except (TypeError, ValueError):
        return None


def is_newer(version: str, than: str | None) -> bool:
    """``version`` was released after ``than`` (a catalog updated from a file is newer than
    the one bundled with this release: opening the file must not go back to the older one)."""
    if than is None:
        return True
    a, b = version_date(version), version_date(than)
    if a is None or b is None:
        return version != than
    return a > b
