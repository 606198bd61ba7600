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
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner.db.models import Certification, CpeActivity
from cso_planner.exports.atomic import write_atomically

COLUMNS = ("date", "activity", "provider", "credits", "category", "certifications", "notes")
MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CREDITS = 10_000.0


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
                row.activity,
                row.provider,
                _format_credits(row.credits),
                row.category or "",
                ";".join(row.certifications),
                row.notes,
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
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvRejected("the file is empty") from None
    except csv.Error as exc:
        raise CsvRejected(f"row 1: {exc}") from None
    normalized = [h.strip().lower() for h in header]
    missing = [c for c in ("date", "activity", "credits") if c not in normalized]
    if missing:
        raise CsvRejected(f"row 1: missing column(s) {', '.join(missing)}")
    index = {name: normalized.index(name) for name in COLUMNS if name in normalized}
    known = set(known_codes)
    rows: list[CpeRow] = []
    try:
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            rows.append(_parse_record(number, record, index, known))
    except csv.Error as exc:
        raise CsvRejected(f"row {reader.line_num}: {exc}") from None
    return rows


def _cell(record: list[str], index: dict[str, int], name: str) -> str:
    position = index.get(name)
    if position is None or position >= len(record):
        return ""
    return record[position]


def _parse_record(number: int, record: list[str], index: dict[str, int], known: set[str]) -> CpeRow:
    def fail(column: str, problem: str) -> CsvRejected:
        return CsvRejected(f"row {number}, {column}: {problem}")

    raw_date = _cell(record, index, "date").strip()
    try:
        date = dt.date.fromisoformat(raw_date)
    except ValueError:
        raise fail("date", f"not a date (expected YYYY-MM-DD): {raw_date!r}") from None
    activity = _cell(record, index, "activity")
    if not activity.strip():
        raise fail("activity", "empty")
    raw_credits = _cell(record, index, "credits").strip()
    try:
        credits = float(raw_credits)
    except ValueError:
        raise fail("credits", f"not a number: {raw_credits!r}") from None
    if not math.isfinite(credits) or credits <= 0 or credits > MAX_CREDITS:
        raise fail("credits", f"must be a number above 0 and at most {MAX_CREDITS:g}")
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
