"""``cso-planner cpe-import FILE.csv``: the CPE screen's CSV import from the command line.

The same steps as the preview dialog (``services.cpe_import``): the file is read and mapped,
every row is checked, the rows already in the log are skipped (unless asked for), and the rest
is added in one transaction; ``--dry-run`` prints what would happen and changes nothing. The
mapping used is remembered for the file's header layout, so the next export from the same
issuer needs no ``--map``.
"""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy.orm import Session, sessionmaker

from cso_planner.db.transactions import write_transaction
from cso_planner.exports.cpe_csv import MAX_CSV_BYTES, CsvRejected
from cso_planner.services.cpe import import_rows
from cso_planner.services.cpe_import import (
    DATE_FORMATS,
    ColumnMapping,
    CsvSource,
    ImportPreview,
    apply_overrides,
    fit_formats,
    fitting_date_formats,
    mapping_for,
    preview_import,
    read_csv_source,
    remember_mapping,
)

SHOWN_DUPLICATES = 20


def read_source(path: pathlib.Path) -> CsvSource:
    """The CSV at ``path`` as a table.

    Raises:
        CsvRejected: not a regular file, too large, or not a readable CSV.
        OSError: the file cannot be read.
    """
    if not path.is_file():
        raise CsvRejected(f"{path} is not a file" if path.exists() else f"{path} does not exist")
    with open(path, "rb") as handle:
        data = handle.read(MAX_CSV_BYTES + 1)
    return read_csv_source(data)


def mapping_text(source: CsvSource, mapping: ColumnMapping) -> str:
    return ", ".join(
        f"{header!r} → {field or '(ignored)'}"
        for header, field in zip(source.header, mapping.fields, strict=True)
    )


def ambiguous_formats(source: CsvSource, mapping: ColumnMapping) -> list[str]:
    """Other date formats that read every date of the file (DD/MM and MM/DD, say)."""
    column = mapping.column_of("date")
    if column is None:
        return []
    fitting = fitting_date_formats(source.values(column))
    return [f for f in fitting if f != mapping.date_format]


def build_mapping(
    session: Session,
    source: CsvSource,
    date_format: str | None,
    overrides: Sequence[str],
    certs: Sequence[str],
) -> tuple[ColumnMapping, str]:
    """The mapping to use and where it came from (remembered / guessed / given)."""
    mapping, remembered = mapping_for(session, source)
    origin = "remembered for this layout" if remembered else "guessed from the header"
    if overrides:
        mapping = apply_overrides(source, mapping, overrides)
        if not remembered:
            mapping = fit_formats(source, mapping)
        origin = "as given"
    if date_format is not None:
        mapping = dataclasses.replace(mapping, date_format=date_format)
    if certs:
        mapping = dataclasses.replace(mapping, apply_to=tuple(dict.fromkeys(certs)))
    return mapping, origin


def _report(preview: ImportPreview, name: str, origin: str, include: bool, out: TextIO) -> None:
    source, mapping = preview.source, preview.mapping
    print(f"{name}: {source.describe()}.", file=out)
    print(f"Columns ({origin}): {mapping_text(source, mapping)}.", file=out)
    comma = ", decimal comma" if mapping.decimal_comma else ""
    counts = f" for {', '.join(mapping.apply_to)}" if mapping.apply_to else ""
    print(
        f"Dates: {mapping.date_format}{comma}; every row counts{counts or ' as its row says'}.",
        file=out,
    )
    if preview.duplicate_count:
        what = "imported again" if include else "skipped; --include-duplicates imports them"
        print(
            f"{preview.duplicate_count} row(s) already in the log (same date, title and "
            f"credits; {what}):",
            file=out,
        )
        shown = [
            (number, row)
            for (number, _), row, duplicate in zip(
                source.rows, preview.rows, preview.duplicates, strict=True
            )
            if duplicate
        ]
        for number, row in shown[:SHOWN_DUPLICATES]:
            print(
                f"  row {number}: {row.date.isoformat()}  {row.activity}  {row.credits:g}", file=out
            )
        if len(shown) > SHOWN_DUPLICATES:
            print(f"  … and {len(shown) - SHOWN_DUPLICATES} more", file=out)


def run_cpe_import(
    session_factory: sessionmaker[Session],
    path: pathlib.Path,
    out: TextIO,
    *,
    read_session_factory: sessionmaker[Session] | None = None,
    date_format: str | None = None,
    overrides: Sequence[str] = (),
    certs: Sequence[str] = (),
    dry_run: bool = False,
    include_duplicates: bool = False,
) -> int:
    """Import (or with ``dry_run`` only show) the CPE activities of the CSV at ``path``.

    ``read_session_factory`` (reads that never wait for the write lock) serves the preview.

    Raises:
        CsvRejected: the file, the mapping or a row cannot be used; nothing was changed.
    """
    if date_format is not None:
        date_format = date_format.strip().upper()  # dd/mm/yyyy reads as DD/MM/YYYY
    if date_format is not None and date_format not in DATE_FORMATS:
        raise CsvRejected(f"unknown date format {date_format!r} (one of {', '.join(DATE_FORMATS)})")
    source = read_source(path)
    with (read_session_factory or session_factory)() as session:
        mapping, origin = build_mapping(session, source, date_format, overrides, certs)
        try:
            preview = preview_import(session, source, mapping)
        except CsvRejected as exc:
            raise CsvRejected(f"{path.name} was not imported: {exc}") from None
    _report(preview, path.name, origin, include_duplicates, out)
    others = ambiguous_formats(source, mapping) if date_format is None else []
    if others and origin != "remembered for this layout":
        message = (
            f"the dates read as {mapping.date_format} and as {', '.join(others)}; "
            "choose one with --date-format"
        )
        if not dry_run:
            raise CsvRejected(f"{path.name} was not imported: {message}")
        print(f"Note: {message}.", file=out)
    chosen = preview.chosen(
        {i: True for i in range(len(preview.rows))} if include_duplicates else None
    )
    if not chosen and not dry_run:
        print(
            f"Nothing imported: all {len(preview.rows)} rows of {path.name} are already in "
            "the log.",
            file=out,
        )
        return 0
    if dry_run:
        print(
            f"Would import {len(chosen)} CPE activities (dry run: nothing was changed).", file=out
        )
        return 0
    with write_transaction(session_factory) as session:
        import_rows(session, chosen)
        remember_mapping(session, source.header, mapping)
    skipped = len(preview.rows) - len(chosen)
    tail = f" ({skipped} already in the log, skipped)" if skipped else ""
    print(f"Imported {len(chosen)} CPE activities from {path.name}{tail}.", file=out)
    return 0
