"""The catalog shipped inside the package, read without SQLAlchemy (opening a file compares
its version with the stored one before anything imports the models)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def bundled_catalog_document() -> dict[str, Any]:
    """The catalog shipped inside the package (``cso_planner/data/catalog.json``)."""
    raw = resources.files("cso_planner").joinpath("data/catalog.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(raw)
    return document
