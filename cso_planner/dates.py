"""The one way dates are shown and read back, in the user's locale (Qt-free).

Every view — screens, tables, the dashboard, the PDF, the command line and file-name
suggestions — formats a date with :func:`format_date` ("30 Jun 2027" in en_GB, "Jun 30, 2027"
in en_US, "30.06.2027" in de_DE: CLDR's medium format, which never leaves the day and month
ambiguous). Date fields read what a person types with :func:`parse_date`: the shown format, the
locale's numeric short format and ISO ``2027-06-30``.

The locale comes from ``LC_ALL`` / ``LC_TIME`` / ``LANG``; the GUI passes Qt's system locale to
:func:`set_locale` at start-up (on Windows and macOS the environment does not say it). With no
real locale (``C``, ``POSIX``) dates read as international English, "30 Jun 2027".
Machine formats (JSON, CSV, ICS, ``--json``) stay ISO 8601 and do not come through here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
import re

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates

FALLBACK_LOCALE = "en_001"  # international English: "30 Jun 2027"
_NO_LOCALE = {"", "c", "posix"}
_chosen: str | None = None


def _normalise(name: str | None) -> str:
    """A babel locale identifier from ``de_DE.UTF-8``, ``de-DE``, ``C`` (-> the fallback)."""
    raw = (name or "").split(".")[0].split("@")[0].replace("-", "_").strip()
    if raw.lower() in _NO_LOCALE:
        return FALLBACK_LOCALE
    return raw


def _environment_locale() -> str:
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(variable)
        if value:
            return value
    return ""


def set_locale(name: str | None) -> None:
    """Use locale ``name`` for every date from now on (None: back to the environment's)."""
    global _chosen
    _chosen = name
    _locale.cache_clear()
    _locale_named.cache_clear()


def locale_name() -> str:
    """The babel identifier dates use now, e.g. ``en_GB``."""
    return str(current_locale())


def current_locale() -> Locale:
    return _locale_named(_chosen if _chosen is not None else _environment_locale())


@functools.lru_cache(maxsize=64)
def _locale_named(name: str) -> Locale:
    return _locale(_normalise(name))


@functools.cache
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        language = name.split("_")[0]
        try:
            return Locale.parse(language)
        except (UnknownLocaleError, ValueError, TypeError):
            return Locale.parse(FALLBACK_LOCALE)


# --- showing ---------------------------------------------------------------------------------


def format_date(day: dt.date | None) -> str:
    """A date for people: "30 Jun 2027" (empty for None)."""
    if day is None:
        return ""
    return _medium_date(day, current_locale())


@functools.lru_cache(maxsize=16384)
def _medium_date(day: dt.date, locale: Locale) -> str:
    # Babel takes about 6 µs a date; a CPE log of 100,000 activities has a few thousand
    # distinct days, and its search texts and cells ask for each of them again and again.
    return str(babel_dates.format_date(day, "medium", locale=locale))


def format_month(day: dt.date | None) -> str:
    """A month for sentences and timeline axes: "Jun 2027" (empty for None)."""
    if day is None:
        return ""
    return str(babel_dates.format_skeleton("yMMM", day, locale=current_locale()))


def format_long_date(day: dt.date | None) -> str:
    """A date spelled out, for confirming what a field read: "Wednesday, 30 June 2027"."""
    if day is None:
        return ""
    return str(babel_dates.format_date(day, "full", locale=current_locale()))


def format_span(start: dt.date | None, end: dt.date | None) -> str:
    """Two dates as a range, "1 Jan 2026 – 31 Dec 2028"; either end may be missing."""
    if start is None and end is None:
        return ""
    if end is None:
        return f"from {format_date(start)}"
    if start is None:
        return f"until {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def date_example(day: dt.date = dt.date(2027, 6, 30)) -> str:
    """How a typed date may look, for hints: "30 Jun 2027 or 2027-06-30"."""
    return f"{format_date(day)} or {day.isoformat()}"


# --- reading back ----------------------------------------------------------------------------

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TOKEN = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)
_ENGLISH_MONTHS = tuple(calendar_month.lower() for calendar_month in calendar.month_name[1:])


_FILLERS = frozenset(
    ["de", "of", "the", *(d.lower() for d in (*calendar.day_name, *calendar.day_abbr))]
)


class DateParseError(ValueError):
    """The text is not a date; the message says how to type one."""


def _month_words(locale: Locale) -> dict[str, int]:
    words: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names = locale.months.get(context, {}).get(width, {})
            for number, name in names.items():
                words.setdefault(name.lower().rstrip("."), int(number))
    for number, name in enumerate(_ENGLISH_MONTHS, start=1):
        words.setdefault(name, number)
        words.setdefault(name[:3], number)
    return words


def _weekday_words(locale: Locale) -> set[str]:
    words: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated", "short"):
            for name in locale.days.get(context, {}).get(width, {}).values():
                words.add(name.lower().rstrip("."))
    return words


def _field_order(locale: Locale) -> str:
    """The order of year, month and day in the locale's short numeric format, e.g. "dMy"."""
    pattern = babel_dates.get_date_format("short", locale=locale).pattern
    order = ""
    for char in pattern:
        if char in "yMd" and char not in order:
            order += char
        elif char == "L" and "M" not in order:
            order += "M"
    return order if len(order) == 3 else "dMy"


def _full_year(year_text: str, today: dt.date) -> int:
    year = int(year_text)
    if len(year_text) > 2:
        return year
    # Two digits: the century that puts the year within 50 years of today.
    candidate = 2000 + year
    return candidate if candidate <= today.year + 50 else 1900 + year


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """Read a typed date: ISO ``2027-06-30``, the shown format ("30 Jun 2027", "Jun 30, 2027",
    "30.06.2027") or the locale's numeric short format ("30/06/27", "6/30/27").

    Raises:
        DateParseError: not a date (the message shows how to type one).
    """
    today = today or dt.date.today()
    cleaned = text.strip()
    hint = f"type it like {date_example()}"
    spaced = re.sub("[年月日]", " ", re.sub(r"\w曜日", " ", cleaned))  # 2027年6月30日水曜日
    if not cleaned:
        raise DateParseError(f"Enter a date: {hint}.")
    match = _ISO.match(cleaned)
    if match:
        iso_year, iso_month, iso_day = (int(g) for g in match.groups())
        return _make(iso_year, iso_month, iso_day, cleaned, hint)
    locale = current_locale()
    months = _month_words(locale)
    weekdays = _weekday_words(locale)
    numbers: list[str] = []
    month: int | None = None
    for token in _TOKEN.findall(spaced):
        if token.isdigit():
            numbers.append(token)
            continue
        word = token.lower()
        if word in months and month is None:
            month = months[word]
        elif word in weekdays or word in _FILLERS:
            continue  # "Wednesday, 30 June 2027", "30 de junio de 2027"
        else:
            raise DateParseError(f"“{cleaned}” is not a date: {hint}.")
    order = _field_order(locale)
    if month is not None:
        if len(numbers) != 2:
            raise DateParseError(f"“{cleaned}” is not a date: {hint}.")
        first, second = numbers
        if len(first) >= 3 or (len(second) <= 2 and order.index("y") < order.index("d")):
            year_text, day_text = first, second
        else:
            day_text, year_text = first, second
        return _make(_full_year(year_text, today), month, int(day_text), cleaned, hint)
    if len(numbers) != 3:
        raise DateParseError(f"“{cleaned}” is not a date: {hint}.")
    if len(numbers[0]) >= 3:
        order = "yMd"  # 2027/06/30, 2027.6.30
    parts = dict(zip(order, numbers, strict=True))
    return _make(_full_year(parts["y"], today), int(parts["M"]), int(parts["d"]), cleaned, hint)


def _make(year: int, month: int, day: int, text: str, hint: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateParseError(f"“{text}” is not a day of the calendar: {hint}.") from None
