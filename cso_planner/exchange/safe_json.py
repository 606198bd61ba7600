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
import itertools
import json
import math
import re
from typing import Any, Final

from cso_planner.exchange.errors import ImportRejected, JsonPath, quote, rejected, shorten
from cso_planner.gc_pause import paused_gc

MAX_BYTES: Final = 128 * 1024 * 1024
"""Largest file accepted (128 MiB).

A heavy user's export is a few MiB; ten times that (100,000 CPE activities, 20,000 jobs,
5,000 plan items) is 37 MiB and imports in a few seconds within 250 MB of memory. The bound
stays so that a hostile or mistaken file (a disk image, an endless stream) is refused from its
size before it is read, and memory stays below about 1 GB; the exporter refuses to write a
file this reader would refuse, so every export can be imported back.
"""

MAX_SIZE_TEXT: Final = f"{MAX_BYTES // (1024 * 1024)} MiB"

MAX_DEPTH: Final = 32
"""Deepest nesting of arrays/objects accepted; format v1 needs 9."""

MAX_SAFE_INTEGER: Final = 2**53
"""Integers beyond this lose precision as doubles and in most JSON readers."""

# A JSON string (escapes included) or a bracket. Strings are matched so brackets inside them are
# skipped; the unrolled form is linear-time.
_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS: Final = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP: Final = [0] * 256
_DEPTH_STEP[ord("[")] = _DEPTH_STEP[ord("{")] = 1
_DEPTH_STEP[ord("]")] = _DEPTH_STEP[ord("}")] = -1
# Text decoded from UTF-8 holds no surrogate: a lone one can only come from a \uD800-\uDFFF
# escape (a pair is fine; both are checked by the exact walk when this finds any).
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
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
        raise oversize(len(data))
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
    if _deepest(text) > MAX_DEPTH:
        _check_depth(text)  # names the place (and is the exact rule)
    refused: list[_Refused] = []

    def object_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Refused:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marker = _object(pairs)
        refused.append(marker)  # type: ignore[arg-type]
        return marker

    def refuse(marker: Any) -> Any:
        if isinstance(marker, _Refused):
            refused.append(marker)
        return marker

    try:
        with paused_gc():  # hundreds of thousands of dicts that all survive: see gc_pause
            value = json.loads(
                text,
                object_pairs_hook=object_hook,
                parse_constant=lambda name: refuse(_constant(name)),
                parse_int=lambda digits: refuse(_integer(digits)),
                parse_float=lambda digits: refuse(_float(digits)),
            )
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"line {exc.lineno} column {exc.colno}: malformed JSON ({exc.msg})"
        ) from None
    except RecursionError:  # pragma: no cover - _check_depth stops this first
        raise ImportRejected(f"nested deeper than {MAX_DEPTH} levels") from None
    if refused or _SURROGATE_ESCAPE.search(text):
        _check_values(value, ())  # the first refused value or lone surrogate, with its place
    return value


def oversize(size: int) -> ImportRejected:
    """The refusal of a file of ``size`` bytes, over :data:`MAX_BYTES`."""
    return ImportRejected(
        f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes ({MAX_SIZE_TEXT})"
    )


def _deepest(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (brackets inside strings do not count).

    The same tokens as :func:`_check_depth`, counted in C: strings removed by one regex
    substitution, every byte but the brackets deleted, a running sum of +1/-1.
    """
    skeleton = _STRING.sub("", text).encode("utf-8", "surrogatepass")
    brackets = skeleton.translate(None, _NOT_BRACKETS)
    return max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


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
