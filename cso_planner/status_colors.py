"""One status language for the screen, the timeline and the PDF: same words, same colours.

Qt-free hex values so the PDF renderer and the widgets share them.
"""

from __future__ import annotations

from typing import Final

# Status -> (label shown to the user, colour on a light background, colour on a dark background)
STATUS_LABELS: Final[dict[str, str]] = {
    "done": "Done",
    "in_progress": "In progress",
    "planned": "Planned",
    "skipped": "Skipped",
    "overdue": "Overdue",
    # CPE cycle states reuse the same colours: met = done, on track = in progress, short = red.
    "met": "Met",
    "on_track": "On track",
    "short": "Short",
}

ALIASES: Final[dict[str, str]] = {"met": "done", "on_track": "in_progress", "short": "overdue"}

LIGHT: Final[dict[str, str]] = {
    "done": "#2e7d32",  # green
    "in_progress": "#1565c0",  # blue
    "planned": "#757575",  # grey
    "skipped": "#b08d3c",  # muted amber
    "overdue": "#c62828",  # red (also: CPE short)
}

DARK: Final[dict[str, str]] = {
    "done": "#66bb6a",
    "in_progress": "#64b5f6",
    "planned": "#9e9e9e",
    "skipped": "#d4b36a",
    "overdue": "#ef5350",
}


def status_color(status: str, *, dark: bool = False) -> str:
    """Hex colour for a status (unknown statuses read as planned)."""
    table = DARK if dark else LIGHT
    return table.get(ALIASES.get(status, status), table["planned"])


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


# The timeline's "today" line: a purple that no status uses, so it never reads as one.
TODAY_LIGHT: Final = "#8e24aa"
TODAY_DARK: Final = "#ce93d8"


def today_color(*, dark: bool = False) -> str:
    """Hex colour of the timeline's today marker."""
    return TODAY_DARK if dark else TODAY_LIGHT
