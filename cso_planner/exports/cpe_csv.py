"""The CPE log as CSV: the columns an issuer's audit asks for, written and read back.

One row per activity; ``certifications`` lists the codes it is applied to, separated by ``;``.
The importer reads the same shape, validates every row first and reports the first problem as
one line (``row 3, credits: not a number``) so nothing is half-imported.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import math
import pathlib
import re
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner import limits
from cso_planner.db.models import Certification, CpeActivity
from cso_planner.exports.atomic import write_atomically

COLUMNS = ("date", "activity", "provider", "credits", "category", "certifications", "notes")
MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CREDITS = limits.MAX_CREDITS  # the one bound, in cso_planner.limits
# A spreadsheet runs a cell that starts with one of these as a formula (``=HYPERLINK(…)``,
# ``+cmd|…``, ``@SUM``); the export writes such a cell behind an apostrophe, which every
# spreadsheet shows as text, and the import takes the apostrophe off again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What the importer accepts and nothing more: ``float`` and ``date.fromisoformat`` also take
# ``1_000``, ``1e3``, ``20260601`` and ``2026-W23-1``, which the message promises not to.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
# Separators a spreadsheet may have used instead of a comma, named in the refusal.
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


class CsvRejected(ValueError):
    """A CPE CSV that cannot be imported; the message names the row and column."""


@dataclasses.dataclass(frozen=True)
class CpeRow:
    date: dt.date
    activity: str
    provider: str
    credits: float
    category: str | None
    certifications: tuple[str, ...]
    notes: str


def _format_credits(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def neutralise_formula(cell: str) -> str:
    """``cell`` as text a spreadsheet will not run: a leading apostrophe before a formula.

    Cells that already start with apostrophes before a trigger get one more, so
    ``restore_formula`` gives back exactly what was written.
    """
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_TRIGGERS) else cell


def restore_formula(cell: str) -> str:
    """The inverse of ``neutralise_formula``: the apostrophe the export added, taken off."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def parse_plain_date(text: str) -> dt.date:
    """A strict ``YYYY-MM-DD`` date.

    Raises:
        ValueError: anything else (``20260601``, ``2026-W23-1``, ``2026-02-30``).
    """
    if ISO_DATE.fullmatch(text) is None:
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def parse_plain_number(text: str) -> float:
    """A number written as digits with an optional ``.`` and decimals (``8``, ``1.5``).

    Raises:
        ValueError: anything else (``1_000``, ``1e3``, ``0x10``, ``nan``, ``inf``, ``1,5``).
    """
    if PLAIN_NUMBER.fullmatch(text) is None:
        raise ValueError(text)
    return float(text)


def delimiter_hint(header: Sequence[str]) -> str:
    """A note naming the separator a one-column header seems to use instead of commas."""
    if len(header) != 1:
        return ""
    for delimiter, name in OTHER_DELIMITERS.items():
        if delimiter in header[0]:
            return f" (the columns seem to be separated by {name}, not commas)"
    return ""


def rows_from_db(session: Session) -> list[CpeRow]:
    activities = session.scalars(
        select(CpeActivity)
        .options(selectinload(CpeActivity.allocations))
        .order_by(CpeActivity.date, CpeActivity.id)
    )
    return [
        CpeRow(
            date=a.date,
            activity=a.activity,
            provider=a.provider,
            credits=a.credits,
            category=a.category,
            certifications=tuple(alloc.cert_code for alloc in a.allocations),
            notes=a.notes,
        )
        for a in activities
    ]


def to_csv_text(rows: Iterable[CpeRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.date.isoformat(),
                neutralise_formula(row.activity),
                neutralise_formula(row.provider),
                _format_credits(row.credits),
                neutralise_formula(row.category or ""),
                neutralise_formula(";".join(row.certifications)),
                neutralise_formula(row.notes),
            ]
        )
    return buffer.getvalue()


def write_cpe_csv(session: Session, path: pathlib.Path) -> int:
    """Write the whole CPE log to ``path`` atomically (UTF-8 with BOM so spreadsheets agree)."""
    rows = rows_from_db(session)
    write_atomically(path, to_csv_text(rows).encode("utf-8-sig"))
    return len(rows)


def parse_cpe_csv(data: bytes, known_codes: Sequence[str]) -> list[CpeRow]:
    """Parse and validate a CPE CSV completely; raise ``CsvRejected`` on the first problem."""
    if len(data) > MAX_CSV_BYTES:
        raise CsvRejected(f"file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvRejected(f"not UTF-8 text (byte {exc.start})") from None
    records = read_records(text, ",")
    if not records:
        raise CsvRejected("the file is empty")
    header = records[0]
    normalized = [h.strip().lower() for h in header]
    missing = [c for c in ("date", "activity", "credits") if c not in normalized]
    if missing:
        raise CsvRejected(f"row 1: missing column(s) {', '.join(missing)}{delimiter_hint(header)}")
    index = {name: normalized.index(name) for name in COLUMNS if name in normalized}
    known = set(known_codes)
    rows: list[CpeRow] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        rows.append(_parse_record(number, record, index, known))
    return rows


def read_records(text: str, delimiter: str) -> list[list[str]]:
    """Every record of a CSV text, strictly: a broken quote is refused, not guessed around.

    Raises:
        CsvRejected: an unterminated quote (named by the line where it opens) or a stray
            character after a closing quote.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    started = 1  # the line the record being read starts on
    try:
        for record in reader:
            records.append(record)
            started = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise CsvRejected(
                f'row {len(records) + 1} (line {started}): a quote (") is opened and never '
                "closed, so the rest of the file would be read as one cell"
            ) from None
        raise CsvRejected(f"row {len(records) + 1} (line {started}): {exc}") from None
    return records


def _cell(record: list[str], index: dict[str, int], name: str) -> str:
    position = index.get(name)
    if position is None or position >= len(record):
        return ""
    return restore_formula(record[position])


def _pythonic(raw: str) -> bool:
    """Whether ``raw`` is a number only to Python (``1_000``, ``1e3``, ``0e0``)."""
    try:
        float(raw)
    except ValueError:
        return False
    return True


def _credits_of(raw: str, fail: Callable[[str, str], CsvRejected]) -> float:
    """The credits of one cell, or the refusal ``fail`` makes for the credits column."""
    try:
        credits = parse_plain_number(raw)
    except ValueError:
        if raw.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
            credits = math.nan
        else:
            hint = " (write digits and a '.' for decimals, like 1.5)" if _pythonic(raw) else ""
            raise fail("credits", f"not a number: {raw!r}{hint}") from None
    if not math.isfinite(credits) or credits <= 0 or credits > MAX_CREDITS:
        raise fail("credits", f"must be a number above 0 and at most {MAX_CREDITS:g}")
    return credits


def _parse_record(number: int, record: list[str], index: dict[str, int], known: set[str]) -> CpeRow:
    def fail(column: str, problem: str) -> CsvRejected:
        return CsvRejected(f"row {number}, {column}: {problem}")

    raw_date = _cell(record, index, "date").strip()
    try:
        date = parse_plain_date(raw_date)
    except ValueError:
        raise fail("date", f"not a date (expected YYYY-MM-DD): {raw_date!r}") from None
    out_of_bounds = limits.date_problem(date)
    if out_of_bounds:
        raise fail("date", out_of_bounds)
    activity = _cell(record, index, "activity")
    if not activity.strip():
        raise fail("activity", "empty")
    raw_credits = _cell(record, index, "credits").strip()
    credits = _credits_of(raw_credits, fail)
    codes = tuple(
        code.strip() for code in _cell(record, index, "certifications").split(";") if code.strip()
    )
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise fail("certifications", f"unknown certification {unknown[0]!r}")
    if len(set(codes)) != len(codes):
        raise fail("certifications", "a certification is listed twice")
    category = _cell(record, index, "category")
    return CpeRow(
        date=date,
        activity=activity,
        provider=_cell(record, index, "provider"),
        credits=credits,
        category=category or None,
        certifications=codes,
        notes=_cell(record, index, "notes"),
    )


def known_certification_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Certification.code)))
