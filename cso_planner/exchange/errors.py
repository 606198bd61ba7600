"""The one error an import raises, and how a place in the document is written in messages.

Every refusal is a single readable line, ``<place>: <problem>``, so the CLI can print it as is and
the GUI can show it next to the file name. ``<place>`` is a JSON path written the way a person
reads it (``experience[0].start``, ``experience[0].domains["Security+"]``) or a line/column for
problems found before the document could be parsed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

JsonPath = tuple[str | int, ...]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written. ``str()`` is one line for the user."""


def quote(text: str) -> str:
    """``text`` in double quotes, escaped so it always prints as one line (even a lone surrogate).

    JSON escapes only the C0 controls; the C1 controls (NEL ``\x85`` ends a line for
    ``str.splitlines`` and some terminals), the line and paragraph separators, bidi overrides and
    every other character that is not printable are escaped too, so a hostile key can neither
    break the one-line message nor reorder or recolour what the terminal shows.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(text)
    return "".join(
        ch if ch.isprintable() else json.dumps(ch)[1:-1]
        for ch in json.dumps(text, ensure_ascii=False)
    )


def shorten(text: str, limit: int = 40) -> str:
    """Keep messages one short line even when the offending value is huge."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def place(path: Sequence[str | int]) -> str:
    """``("experience", 0, "start")`` -> ``experience[0].start``; the root is ``document``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{quote(shorten(part))}]"
    return out or "document"


def rejected(path: Sequence[str | int], problem: str) -> ImportRejected:
    """Build the error for ``problem`` at ``path`` (the caller raises it)."""
    return ImportRejected(f"{place(path)}: {problem}")
