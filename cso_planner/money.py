"""Money as an amount with its currency, and the ONE way every view writes it (Qt-free).

Catalog fees are in their issuer's currency (US dollars); the person's own amounts (plan item
costs, courses, fees they confirmed) are in the profile currency. An amount keeps its currency
for good: a catalog fee in a euro profile reads "US$135.00", never "€135". A sum over amounts in
several currencies is a :class:`Total` that keeps one part per currency; no exchange rate is
ever invented.

:func:`format_money` writes both with Babel in the user's locale (``LC_ALL``/``LC_MONETARY``/
``LANG``; the C locale writes international English), cents kept. The currency of the person's
profile (``home``) is written with the locale's own symbol ("$135.00" in the US); any other
currency is written so it cannot be taken for the home one ("US$135.00" beside euros).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterable

from babel import Locale, UnknownLocaleError
from babel.core import default_locale
from babel.numbers import format_compact_currency, format_currency, get_currency_symbol

USD = "USD"  # the currency of every catalog fee
# Used when the environment names no real locale (LANG=C): international English.
FALLBACK_LOCALE = "en_001"
MIXED_NOTE = "amounts in different currencies are added side by side, never converted"


@dataclasses.dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency (ISO 4217 code)."""

    amount: float
    currency: str

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)


@dataclasses.dataclass(frozen=True, slots=True)
class Total:
    """A sum of amounts in one or more currencies: one part per currency, never converted."""

    parts: tuple[Money, ...] = ()

    @classmethod
    def of(cls, amounts: Iterable[Money]) -> Total:
        sums: dict[str, list[float]] = {}
        for money in amounts:
            sums.setdefault(money.currency, []).append(money.amount)
        return cls(
            tuple(Money(round(math.fsum(v), 6), code) for code, v in sorted(sums.items()) if v)
        )

    def __add__(self, other: Total) -> Total:
        return Total.of((*self.parts, *other.parts))

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(part.currency for part in self.parts)

    @property
    def mixed(self) -> bool:
        """True when the sum holds more than one currency (say so where it is shown)."""
        return len([p for p in self.parts if p.amount]) > 1

    @property
    def is_zero(self) -> bool:
        return all(not part.amount for part in self.parts)

    def amount_in(self, currency: str) -> float:
        """The part of the total in ``currency`` (0 when none)."""
        return next((p.amount for p in self.parts if p.currency == currency), 0.0)


def _env_locale_name() -> str | None:
    return default_locale(("LC_ALL", "LC_MONETARY", "LANG"))


@functools.lru_cache(maxsize=16)
def _locale(name: str | None) -> Locale:
    if not name or name.startswith("en_US_POSIX") or name in ("C", "POSIX"):
        name = FALLBACK_LOCALE
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(FALLBACK_LOCALE)


def money_locale(name: str | None = None) -> Locale:
    """The locale money is written in: ``name`` if given, else the environment's."""
    return _locale(_env_locale_name() if name is None else name)


def _symbol(currency: str, locale: Locale, home: str | None) -> str:
    local = get_currency_symbol(currency, locale)
    if currency == home or any(ch.isalpha() for ch in local):
        return local
    # A bare sign ("$", "¥") names the home currency to the reader: take the international
    # English symbol ("US$", "JP¥") when it is more telling.
    world = get_currency_symbol(currency, _locale(FALLBACK_LOCALE))
    return world if any(ch.isalpha() for ch in world) else local


def format_money(
    value: Money | Total | None, *, home: str | None = None, locale: str | None = None
) -> str:
    """The one written form of an amount or a total, in the user's locale, cents kept.

    Args:
        value: an amount, a total over several currencies, or None (written as "").
        home: the profile currency; other currencies get an unmistakable symbol (all of
            them when ``home`` is None: "US$135.00" even in the US).
        locale: a Babel locale name (tests); default: the environment's.

    A total in several currencies reads "€739.99 + US$270.00"; an empty total reads zero in
    ``home`` (or US dollars).
    """
    if value is None:
        return ""
    loc = money_locale(locale)
    if isinstance(value, Total):
        parts = [p for p in value.parts if p.amount] or [
            Money(0.0, home or (value.parts[0].currency if value.parts else USD))
        ]
        ordered = sorted(parts, key=lambda p: (p.currency != home, p.currency))
        return " + ".join(_format_one(p, loc, home) for p in ordered)
    return _format_one(value, loc, home)


def format_money_compact(
    value: Money, *, home: str | None = None, locale: str | None = None
) -> str:
    """A round figure written short ("US$120K"), for salary bands and other rough sizes."""
    return _format_one(value, money_locale(locale), home, compact=True)


def _format_one(money: Money, loc: Locale, home: str | None, *, compact: bool = False) -> str:
    code = money.currency
    if compact:
        text = format_compact_currency(money.amount, code, locale=loc, fraction_digits=0)
    else:
        text = format_currency(money.amount, code, locale=loc)
    local = get_currency_symbol(code, loc)
    symbol = _symbol(code, loc, home)
    if symbol != local and text.count(local) == 1:
        text = text.replace(local, symbol)
    return text


def own_money(value: float | None, currency: str, *, locale: str | None = None) -> str:
    """An amount the person entered, in their profile ``currency`` ("" for None)."""
    if value is None:
        return ""
    return format_money(Money(float(value), currency), home=currency, locale=locale)


def currency_name(currency: str, locale: str | None = None) -> str:
    """The currency's name in the user's language ("US dollars" / "euros" in English)."""
    loc = money_locale(locale)
    name = loc.currencies.get(currency, currency)
    return str(name)
