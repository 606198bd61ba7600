"""Turn untrusted bytes into plain JSON values, refusing everything ``json.loads`` lets through.

``json.loads`` alone is not an importer (RELIABILITY.md fact 8): 100,000-deep nesting raises
``RecursionError``, duplicate keys silently keep the last value, ``NaN``/``Infinity`` are
accepted, huge integers and overflowing floats become values SQLite cannot keep, and a lone
surrogate parses and only fails half-way through the database write. Here each of those is one
``ImportRejected`` with a place, before anything else looks at the document.

The parse hooks do not raise (they do not know where they are); they return a ``_Refused``
marker instead, and one walk over the result reports the first marker with its JSON path.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from typing import Any, Final

from cso_planner.exchange.errors import ImportRejected, JsonPath, quote, rejected, shorten

MAX_BYTES: Final = 20 * 1024 * 1024
"""Largest file accepted (20 MiB); a real planner export is a few hundred KiB at most."""

MAX_DEPTH: Final = 32
"""Deepest nesting of arrays/objects accepted; format v1 needs 9."""

MAX_SAFE_INTEGER: Final = 2**53
"""Integers beyond this lose precision as doubles and in most JSON readers."""

# A JSON string (escapes included) or a bracket. Strings are matched so brackets inside them are
# skipped; the unrolled form is linear-time.
_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_JSON_WHITESPACE: Final = " \t\n\r"


@dataclasses.dataclass(frozen=True)
class _Refused:
    """Left in place of a value the parse hooks refuse; reported with its path afterwards."""

    problem: str


def parse_json(data: bytes) -> Any:
    """Parse ``data`` as one strict JSON document.

    Raises:
        ImportRejected: too large, not UTF-8, empty, nested too deeply, malformed, duplicate
            keys, NaN/Infinity, integers beyond ±2**53, floats that overflow, lone surrogates.
    """
    if len(data) > MAX_BYTES:
        raise ImportRejected(
            f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes (20 MiB)"
        )
    if _not_json_text(data):
        raise ImportRejected(NOT_AN_EXPORT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column_of_byte(data, exc.start)
        raise ImportRejected(
            f"line {line} column {column}: not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from None
    text = text.removeprefix("\ufeff")  # a BOM some editors add is harmless
    if not text.strip(_JSON_WHITESPACE):
        raise ImportRejected("file is empty")
    _check_depth(text)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_constant,
            parse_int=_integer,
            parse_float=_float,
        )
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"line {exc.lineno} column {exc.colno}: malformed JSON ({exc.msg})"
        ) from None
    except RecursionError:  # pragma: no cover - _check_depth stops this first
        raise ImportRejected(f"nested deeper than {MAX_DEPTH} levels") from None
    _check_values(value, ())
    return value


NOT_AN_EXPORT = (
    "this is not a CSO Planner export. An export is a JSON text file (UTF-8) that starts "
    'with {"format": "cso-planner", "version": 1, ...}; File → Export all data (JSON) or '
    "`cso-planner export FILE.json` writes one"
)


def _not_json_text(data: bytes) -> bool:
    """True for a file that cannot be a JSON document at all (a picture, a zip, a database):
    NUL bytes in its first kilobyte, or a first character that starts no JSON value. A file
    that does look like JSON keeps its line-and-column message for a bad byte."""
    head = data[:1024]
    if b"\x00" in head:
        return True
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return bool(start) and start[:1] not in b'{["-0123456789tfn'


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return line, column


def _line_column_of_byte(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    start = data.rfind(b"\n", 0, index) + 1
    # Count characters, not bytes, up to the bad byte (the prefix decodes: it is before it).
    column = len(data[start:index].decode("utf-8", errors="replace")) + 1
    return line, column


def _check_depth(text: str) -> None:
    """Refuse deep nesting without recursion, so 100,000 ``[`` cannot blow the stack."""
    depth = 0
    for match in _TOKEN.finditer(text):
        char = text[match.start()]
        if char == '"':
            continue
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _line_column(text, match.start())
                raise ImportRejected(
                    f"line {line} column {column}: nested deeper than {MAX_DEPTH} levels"
                )
        else:
            depth -= 1


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Refused:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            return _Refused(f"duplicate key {quote(shorten(key))}")
        result[key] = value
    return result


def _constant(name: str) -> _Refused:
    return _Refused(f"{name} is not allowed (JSON numbers must be finite)")


def _integer(digits: str) -> int | _Refused:
    # Check the length first: int() of a 100,000-digit string is slow (and capped in 3.11+).
    if len(digits.lstrip("-")) > 16 or abs(int(digits)) > MAX_SAFE_INTEGER:
        return _Refused(f"integer {shorten(digits, 24)} is beyond ±2**53")
    return int(digits)


def _float(text: str) -> float | _Refused:
    value = float(text)
    if not math.isfinite(value):
        return _Refused(f"number {shorten(text, 24)} is too large")
    return value


def _check_values(value: Any, path: JsonPath) -> None:
    """Report the first refused value or lone surrogate, with its path (depth is bounded)."""
    if isinstance(value, _Refused):
        raise rejected(path, value.problem)
    if isinstance(value, str):
        _check_text(value, path, "text")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, path, "key")
            _check_values(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_values(item, (*path, index))


def _check_text(text: str, path: JsonPath, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        if what == "key":
            raise rejected(path, f"a key contains a lone surrogate (\\u{code:04x})") from None
        raise rejected(path, f"text contains a lone surrogate (\\u{code:04x})") from None
