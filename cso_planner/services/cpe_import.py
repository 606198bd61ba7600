"""Import CPE from any issuer's CSV: detect how the file is written, map its columns, find the
rows already in the log, and hand the rest to ``cpe.import_rows`` (all or nothing).

The steps, each usable alone (the CPE screen's preview dialog and ``cso-planner cpe-import``
run the same ones):

1. ``read_csv_source``: the bytes as a table. The encoding is read from a byte-order mark
   (UTF-8, UTF-16) or tried as UTF-8 and then Windows-1252 (what spreadsheets write); the
   separator is the one of ``, ; tab |`` that splits the header and the first rows the same
   way. A broken quote is refused, never guessed around.
2. ``mapping_for``: which column holds which field, the date format and the decimal mark:
   remembered for this header layout (in ``app_meta``, keyed by a digest of the header) or
   guessed from the header names and the values.
3. ``map_rows``: every row checked strictly (the chosen date format only, plain numbers, the
   CPE form's own validation, ``cpe.validate_cpe``); the first problem is refused naming the row,
   the column and the field.
4. ``duplicate_flags``: a row with the date, title and credits of an activity already in the log
   is a duplicate; the caller skips it unless the person chooses it.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import AppMeta, Certification, CpeActivity
from cso_planner.exports.cpe_csv import (
    MAX_CSV_BYTES,
    CpeRow,
    CsvRejected,
    read_records,
    restore_formula,
)
from cso_planner.services.cpe import CpeDraft, validate_cpe

FIELDS = ("date", "activity", "provider", "credits", "category", "certifications", "notes")
REQUIRED = ("date", "activity", "credits")
IGNORED = ""  # a column mapped to nothing
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
MAPPING_KEY_PREFIX = "cpe_csv_mapping."
# Header words that name each field in the CSVs issuers and trackers write (lower case, with
# punctuation folded to spaces). The first field whose words match a header wins.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "activity date",
        "date completed",
        "completion date",
        "completed",
        "date of activity",
        "end date",
        "activity end date",
        "cpe date",
        "date earned",
        "start date",
        "activity start date",
    ),
    "activity": (
        "activity",
        "title",
        "activity title",
        "activity name",
        "course title",
        "course name",
        "course",
        "event",
        "event name",
        "program",
        "programme",
        "session",
        "name",
    ),
    "provider": (
        "provider",
        "provider name",
        "activity provider",
        "training provider",
        "sponsor",
        "sponsor name",
        "organization",
        "organisation",
        "organizer",
        "organiser",
        "vendor",
    ),
    "credits": (
        "credits",
        "credit",
        "cpe",
        "cpes",
        "cpe credits",
        "cpe hours",
        "cpe earned",
        "cpes earned",
        "number of cpes",
        "number of cpes earned",
        "number of cpe",
        "cpd",
        "cpd hours",
        "hours",
        "credit hours",
        "qualifying hours",
    ),
    "category": (
        "category",
        "cpe category",
        "group",
        "cpe group",
        "cpe type",
        "type",
        "activity type",
        "credit type",
    ),
    "certifications": ("certifications", "certification", "credential", "credentials", "cert"),
    "notes": ("notes", "note", "comments", "comment", "description", "remarks", "details"),
}


@dataclasses.dataclass(frozen=True)
class DateFormat:
    name: str
    pattern: re.Pattern[str]
    order: str  # the order of day, month and year in the pattern's groups: "ymd", "dmy", "mdy"


def _format(name: str, pattern: str, order: str) -> DateFormat:
    return DateFormat(name, re.compile(pattern), order)


DATE_FORMATS: dict[str, DateFormat] = {
    f.name: f
    for f in (
        _format("YYYY-MM-DD", r"([0-9]{4})-([0-9]{2})-([0-9]{2})", "ymd"),
        _format("DD/MM/YYYY", r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", "dmy"),
        _format("MM/DD/YYYY", r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", "mdy"),
        _format("DD.MM.YYYY", r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", "dmy"),
        _format("DD-MM-YYYY", r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})", "dmy"),
        _format("MM-DD-YYYY", r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})", "mdy"),
        _format("YYYY/MM/DD", r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})", "ymd"),
    )
}
PLAIN = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
PLAIN_COMMA = re.compile(r"(?:[0-9]+(?:,[0-9]+)?|,[0-9]+)")


def parse_date_as(text: str, date_format: str) -> dt.date:
    """``text`` read strictly in ``date_format`` (one of ``DATE_FORMATS``).

    Raises:
        ValueError: the text is not written that way or names no real day.
    """
    form = DATE_FORMATS[date_format]
    match = form.pattern.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    parts = dict(zip(form.order, (int(g) for g in match.groups()), strict=True))
    return dt.date(parts["y"], parts["m"], parts["d"])


def parse_credits_as(text: str, decimal_comma: bool) -> float:
    """Credits written as digits with one decimal mark (``1.5``, or ``1,5`` with a comma).

    Raises:
        ValueError: anything else (``1_000``, ``1e3``, ``1,000.5``, ``nan``).
    """
    cleaned = text.strip()
    pattern = PLAIN_COMMA if decimal_comma else PLAIN
    if pattern.fullmatch(cleaned) is None:
        raise ValueError(text)
    return float(cleaned.replace(",", "."))


# --- 1. the file as a table ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CsvSource:
    """A CSV file read as text: its header, its non-blank rows (with their row numbers), and
    how it was written."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    encoding: str

    def values(self, column: int) -> list[str]:
        """The non-blank values of one column, top to bottom."""
        return [
            record[column].strip()
            for _, record in self.rows
            if column < len(record) and record[column].strip()
        ]

    def describe(self) -> str:
        """``12 rows, UTF-8 with BOM, separated by semicolons``."""
        count = len(self.rows)
        return (
            f"{count} row{'s' if count != 1 else ''}, {self.encoding}, "
            f"{DELIMITERS[self.delimiter]}-separated"
        )


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding.

    Raises:
        CsvRejected: not text in any of the encodings tried.
    """
    if data.startswith(codecs.BOM_UTF8):
        name, codec, skip = "UTF-8 with BOM", "utf-8", len(codecs.BOM_UTF8)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name, codec, skip = "UTF-16", "utf-16", 0
    else:
        name, codec, skip = "UTF-8", "utf-8", 0
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            name, codec = "Windows-1252", "cp1252"
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise CsvRejected(f"not text in {name} (byte {exc.start + skip})") from None
    if "\x00" in text:
        raise CsvRejected("not a text file (it holds NUL bytes)")
    return text, name


def _shape(text: str, delimiter: str) -> tuple[int, int]:
    """How well ``delimiter`` splits the first lines: (columns of the header, rows that agree)."""
    sample = "\n".join(text.splitlines()[:21])
    try:
        records = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:
        return 0, 0
    if not records or len(records[0]) < 2:
        return 0, 0
    width = len(records[0])
    return width, sum(1 for r in records[1:] if len(r) == width)


def detect_delimiter(text: str) -> str:
    """The separator that splits the header into the most columns the rows agree with."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        width, agreeing = _shape(text, delimiter)
        score = (agreeing, width)
        if width >= 2 and score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_source(data: bytes, delimiter: str | None = None) -> CsvSource:
    """Read ``data`` as a CSV table (encoding and separator detected unless given).

    Raises:
        CsvRejected: too large, not text, empty, or a broken quote (named by its line).
    """
    if len(data) > MAX_CSV_BYTES:
        raise CsvRejected(f"file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MiB")
    text, encoding = decode_csv(data)
    chosen = delimiter or detect_delimiter(text)
    if chosen not in DELIMITERS:
        raise CsvRejected(f"unknown separator {chosen!r}")
    records = read_records(text, chosen)
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    if not records:
        raise CsvRejected("the file is empty")
    header = tuple(cell.strip() for cell in records[0])
    rows = tuple(
        (number, tuple(record))
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    )
    return CsvSource(header, rows, chosen, encoding)


# --- 2. the mapping -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ColumnMapping:
    """Which field each column holds (``IGNORED`` for none), how dates and decimals are
    written, and the certifications every row counts for besides its own column."""

    fields: tuple[str, ...]
    date_format: str = "YYYY-MM-DD"
    decimal_comma: bool = False
    apply_to: tuple[str, ...] = ()

    def column_of(self, field: str) -> int | None:
        return self.fields.index(field) if field in self.fields else None

    def problems(self) -> list[str]:
        """What keeps the mapping from being used (empty when it can be)."""
        found: list[str] = []
        missing = [f for f in REQUIRED if f not in self.fields]
        if missing:
            found.append(f"no column is mapped to {', '.join(missing)}")
        twice = sorted({f for f in self.fields if f and self.fields.count(f) > 1})
        if twice:
            found.append(f"more than one column is mapped to {', '.join(twice)}")
        unknown = sorted({f for f in self.fields if f and f not in FIELDS})
        if unknown:
            found.append(f"unknown field {unknown[0]!r}")
        if self.date_format not in DATE_FORMATS:
            found.append(f"unknown date format {self.date_format!r}")
        return found

    def with_field(self, column: int, field: str) -> ColumnMapping:
        """This mapping with ``column`` holding ``field`` (taken from any other column)."""
        fields = [IGNORED if (f == field and field) else f for f in self.fields]
        fields[column] = field
        return dataclasses.replace(self, fields=tuple(fields))


def _words(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def _guess_field(header: str, taken: set[str]) -> str:
    words = _words(header)
    for field, names in FIELD_WORDS.items():
        if field not in taken and words in names:
            return field
    # "Activity Date (Start)", "CPE Hours Claimed": a known name at the start of the header.
    for field, names in FIELD_WORDS.items():
        if field in taken:
            continue
        if any(words.startswith(name + " ") for name in names if len(name) > 3):
            return field
    return IGNORED


def fitting_date_formats(values: Sequence[str]) -> list[str]:
    """The date formats that read every one of ``values`` (in ``DATE_FORMATS`` order)."""
    fitting = []
    for name in DATE_FORMATS:
        try:
            for value in values:
                parse_date_as(value, name)
        except ValueError:
            continue
        fitting.append(name)
    return fitting


def guess_mapping(source: CsvSource) -> ColumnMapping:
    """A mapping from the header names, the date format that reads the date column, and a
    decimal comma when the credits are written so (and the separator is not a comma)."""
    taken: set[str] = set()
    fields: list[str] = []
    for header in source.header:
        field = _guess_field(header, taken)
        if field:
            taken.add(field)
        fields.append(field)
    return fit_formats(source, ColumnMapping(tuple(fields)))


def fit_formats(source: CsvSource, mapping: ColumnMapping) -> ColumnMapping:
    """``mapping`` with the date format that reads its date column (the first that fits) and
    a decimal comma when its credits are written so (and the separator is not a comma)."""
    date_column = mapping.column_of("date")
    if date_column is not None:
        fitting = fitting_date_formats(source.values(date_column))
        if fitting:
            mapping = dataclasses.replace(mapping, date_format=fitting[0])
    credits_column = mapping.column_of("credits")
    if credits_column is not None and source.delimiter != ",":
        values = source.values(credits_column)
        comma = any("," in v for v in values) and not any("." in v for v in values)
        mapping = dataclasses.replace(mapping, decimal_comma=comma)
    return mapping


def layout_key(header: Sequence[str]) -> str:
    """The ``app_meta`` key of a header layout: the same column names in the same order, read
    without case and punctuation, give the same key."""
    digest = hashlib.sha256("\x1f".join(_words(h) for h in header).encode("utf-8")).hexdigest()
    return MAPPING_KEY_PREFIX + digest[:32]


def remembered_mapping(session: Session, header: Sequence[str]) -> ColumnMapping | None:
    """The mapping last used for this header layout, if one was kept and still fits."""
    row = session.get(AppMeta, layout_key(header))
    if row is None:
        return None
    try:
        stored = json.loads(row.value)
        mapping = ColumnMapping(
            fields=tuple(str(f) for f in stored["fields"]),
            date_format=str(stored["date_format"]),
            decimal_comma=bool(stored.get("decimal_comma", False)),
            apply_to=tuple(str(c) for c in stored.get("apply_to", ())),
        )
    except (ValueError, TypeError, KeyError):
        return None  # a damaged entry is forgotten, not an error
    if len(mapping.fields) != len(header) or mapping.problems():
        return None
    return mapping


def remember_mapping(session: Session, header: Sequence[str], mapping: ColumnMapping) -> None:
    """Keep ``mapping`` for this header layout, in the caller's transaction."""
    value = json.dumps(
        {
            "fields": list(mapping.fields),
            "date_format": mapping.date_format,
            "decimal_comma": mapping.decimal_comma,
            "apply_to": list(mapping.apply_to),
        }
    )
    session.merge(AppMeta(key=layout_key(header), value=value))
    session.flush()


def mapping_for(session: Session, source: CsvSource) -> tuple[ColumnMapping, bool]:
    """The remembered mapping of this layout (and True), or a guessed one (and False)."""
    remembered = remembered_mapping(session, source.header)
    if remembered is not None:
        return remembered, True
    return guess_mapping(source), False


def apply_overrides(
    source: CsvSource, mapping: ColumnMapping, overrides: Iterable[str]
) -> ColumnMapping:
    """``mapping`` with ``COLUMN=FIELD`` overrides (a header name or a 1-based column number;
    ``FIELD`` may be ``ignore``).

    Raises:
        CsvRejected: an override names no column or no field.
    """
    folded = [_words(h) for h in source.header]
    for override in overrides:
        column_text, sep, field_text = override.rpartition("=")
        field = field_text.strip().lower()
        if not sep or not column_text.strip():
            raise CsvRejected(f"--map {override!r}: write COLUMN=FIELD, e.g. 'CPE Hours=credits'")
        if field == "ignore":
            field = IGNORED
        elif field not in FIELDS:
            raise CsvRejected(
                f"--map {override!r}: {field_text.strip()!r} is not a field "
                f"(one of {', '.join(FIELDS)}, or ignore)"
            )
        name = column_text.strip()
        if name.isdigit() and 1 <= int(name) <= len(source.header):
            column = int(name) - 1
        elif _words(name) in folded:
            column = folded.index(_words(name))
        else:
            raise CsvRejected(
                f"--map {override!r}: the file has no column {name!r} "
                f"(its columns: {', '.join(repr(h) for h in source.header)})"
            )
        mapping = mapping.with_field(column, field)
    return mapping


# --- 3. the rows --------------------------------------------------------------------------


def catalog_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Certification.code)))


def _cell(record: Sequence[str], column: int | None) -> str:
    if column is None or column >= len(record):
        return ""
    return restore_formula(record[column])


def map_rows(source: CsvSource, mapping: ColumnMapping, known_codes: Iterable[str]) -> list[CpeRow]:
    """Every row as a CPE activity, checked completely before anything is written.

    Raises:
        CsvRejected: the mapping cannot be used, or the first row that cannot be imported
            (``row 4, 'Date Completed' (date): not a date in DD/MM/YYYY: '2026-03-01'``).
    """
    problems = mapping.problems()
    if problems:
        raise CsvRejected(problems[0])
    if len(mapping.fields) != len(source.header):
        raise CsvRejected("the mapping does not fit the file's columns")
    known = list(known_codes)
    columns = {field: mapping.column_of(field) for field in FIELDS}

    def where(number: int, field: str) -> str:
        column = columns[field]
        name = source.header[column] if column is not None else field
        return f"row {number}, {name!r} ({field})"

    rows: list[CpeRow] = []
    for number, record in source.rows:
        raw_date = _cell(record, columns["date"]).strip()
        try:
            date = parse_date_as(raw_date, mapping.date_format)
        except ValueError:
            raise CsvRejected(
                f"{where(number, 'date')}: not a date in {mapping.date_format}: {raw_date!r}"
            ) from None
        raw_credits = _cell(record, columns["credits"]).strip()
        try:
            credits = parse_credits_as(raw_credits, mapping.decimal_comma)
        except ValueError:
            mark = "a ',' (decimal comma)" if mapping.decimal_comma else "a '.'"
            raise CsvRejected(
                f"{where(number, 'credits')}: not a number (digits and {mark} for decimals): "
                f"{raw_credits!r}"
            ) from None
        own = re.split(r"[;,/]", _cell(record, columns["certifications"]))
        codes = tuple(dict.fromkeys([*mapping.apply_to, *(c.strip() for c in own if c.strip())]))
        category = _cell(record, columns["category"]).strip()
        draft = CpeDraft(
            date=date,
            activity=_cell(record, columns["activity"]).strip(),
            credits=credits,
            provider=_cell(record, columns["provider"]).strip(),
            category=category or None,
            notes=_cell(record, columns["notes"]),
            certifications=codes,
        )
        errors = validate_cpe(draft, known)
        if errors:
            field, message = next(iter(errors.items()))
            raise CsvRejected(f"{where(number, field)}: {message.rstrip('.')}")
        rows.append(
            CpeRow(
                date=draft.date,
                activity=draft.activity,
                provider=draft.provider,
                credits=draft.credits,
                category=draft.category,
                certifications=draft.certifications,
                notes=draft.notes,
            )
        )
    return rows


# --- 4. duplicates ------------------------------------------------------------------------


def _identity(date: dt.date, title: str, credits: float) -> tuple[dt.date, str, float]:
    return date, " ".join(title.casefold().split()), round(credits, 4)


def duplicate_flags(session: Session, rows: Sequence[CpeRow]) -> list[bool]:
    """For each row: is an activity with its date, title and credits already in the log?

    Titles are compared without case and extra spaces; the log is read once, for the dates
    the rows have.
    """
    if not rows:
        return []
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    existing = {
        _identity(date, title, credits)
        for date, title, credits in session.execute(
            select(CpeActivity.date, CpeActivity.activity, CpeActivity.credits).where(
                CpeActivity.date >= first, CpeActivity.date <= last
            )
        )
    }
    return [_identity(r.date, r.activity, r.credits) in existing for r in rows]


@dataclasses.dataclass(frozen=True)
class ImportPreview:
    """What an import would do: every row with whether it is already in the log."""

    source: CsvSource
    mapping: ColumnMapping
    rows: tuple[CpeRow, ...]
    duplicates: tuple[bool, ...]

    @property
    def duplicate_count(self) -> int:
        return sum(self.duplicates)

    def chosen(self, include: Mapping[int, bool] | None = None) -> list[CpeRow]:
        """The new rows, plus the duplicates ``include`` (row index → True) chooses."""
        picked = include or {}
        return [
            row
            for i, (row, duplicate) in enumerate(zip(self.rows, self.duplicates, strict=True))
            if not duplicate or picked.get(i, False)
        ]


def preview_import(session: Session, source: CsvSource, mapping: ColumnMapping) -> ImportPreview:
    """Map and check every row and flag the duplicates (nothing is written).

    Raises:
        CsvRejected: as ``map_rows``.
    """
    rows = map_rows(source, mapping, catalog_codes(session))
    return ImportPreview(source, mapping, tuple(rows), tuple(duplicate_flags(session, rows)))
