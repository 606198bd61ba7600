"""CPE from any issuer's CSV: detection, mapping, strict rows, duplicates, the CLI command."""

from __future__ import annotations

import codecs
import datetime as dt
import pathlib

import pytest
from sqlalchemy import select

from cso_planner.db.models import AppMeta, CpeActivity
from cso_planner.db.opening import Database
from cso_planner.exports.cpe_csv import CsvRejected
from cso_planner.services.cpe_import import (
    ColumnMapping,
    apply_overrides,
    guess_mapping,
    layout_key,
    map_rows,
    mapping_for,
    preview_import,
    read_csv_source,
    remember_mapping,
)
from tests.unit.test_cli import run_cli

D = dt.date

# What ISC2's member portal export looks like: UTF-8 with a BOM, commas, day-first dates for a
# European member, a "Group A/B" CPE type and columns the log has no field for.
ISC2 = codecs.BOM_UTF8 + (
    b"Activity Title,Provider,Activity Date,CPE Type,Domain,Number of CPEs,Status\r\n"
    b'"ISC2 Think Tank: Zero trust, part 1",ISC2,04/03/2026,Group A,Security Architecture,1.5,'
    b"Approved\r\n"
    b"Security Congress day 1,ISC2,14/10/2025,Group A,Security Operations,8,Approved\r\n"
    b'"Book: ""The CISO Evolution""",Wiley,23/01/2026,Group B,,5,Pending\r\n'
    b",,,,,,\r\n"
)
# ISACA-style, as a European spreadsheet saves it: semicolons, Windows-1252, decimal commas.
ISACA = (
    "Certification;Activity Title;Sponsor;Date Completed;CPE Hours;Comments\r\n"
    "CISM;Café des risques – ISACA chapter;ISACA Paris;05/02/2026;2,5;\r\n"
    "CISM;COBIT 2019 Foundation;ISACA;28/11/2025;7;certificate 123\r\n"
).encode("cp1252")


def _log(db: Database) -> list[tuple[dt.date, str, str, float, str | None, tuple[str, ...]]]:
    with db.session_factory() as session:
        return [
            (
                a.date,
                a.activity,
                a.provider,
                a.credits,
                a.category,
                tuple(x.cert_code for x in a.allocations),
            )
            for a in session.scalars(select(CpeActivity).order_by(CpeActivity.date))
        ]


def test_isc2_layout_is_detected_and_mapped() -> None:
    source = read_csv_source(ISC2)
    assert (source.encoding, source.delimiter, len(source.rows)) == ("UTF-8 with BOM", ",", 3)
    mapping = guess_mapping(source)
    assert mapping.fields == (
        "activity",
        "provider",
        "date",
        "category",
        "",
        "credits",
        "",
    )
    assert mapping.date_format == "DD/MM/YYYY"  # 14/10/2025 cannot be month-first
    rows = map_rows(source, mapping, ["CISSP"])
    assert [(r.date, r.activity, r.credits, r.category) for r in rows] == [
        (D(2026, 3, 4), "ISC2 Think Tank: Zero trust, part 1", 1.5, "Group A"),
        (D(2025, 10, 14), "Security Congress day 1", 8, "Group A"),
        (D(2026, 1, 23), 'Book: "The CISO Evolution"', 5, "Group B"),
    ]


def test_isaca_layout_with_semicolons_cp1252_and_decimal_commas() -> None:
    source = read_csv_source(ISACA)
    assert (source.encoding, source.delimiter) == ("Windows-1252", ";")
    mapping = guess_mapping(source)
    assert mapping.fields == ("certifications", "activity", "provider", "date", "credits", "notes")
    assert (mapping.date_format, mapping.decimal_comma) == ("DD/MM/YYYY", True)
    rows = map_rows(source, mapping, ["CISM", "CISSP"])
    assert [(r.date, r.activity, r.provider, r.credits, r.certifications) for r in rows] == [
        (D(2026, 2, 5), "Café des risques – ISACA chapter", "ISACA Paris", 2.5, ("CISM",)),
        (D(2025, 11, 28), "COBIT 2019 Foundation", "ISACA", 7, ("CISM",)),
    ]
    assert rows[1].notes == "certificate 123"


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        ("a\tb\tc\n1\t2\t3\n".encode("utf-16"), "UTF-16", "\t"),
        (b"a|b|c\n1|2|3\n", "UTF-8", "|"),
        (b"a,b;c\n1,2;3\n", "UTF-8", ","),
    ],
)
def test_encoding_and_separator_detection(data: bytes, encoding: str, delimiter: str) -> None:
    source = read_csv_source(data)
    assert (source.encoding, source.delimiter) == (encoding, delimiter)


def test_rows_are_checked_strictly_in_the_chosen_format() -> None:
    source = read_csv_source(ISC2.replace(b"14/10/2025", b"2025-10-14"))
    mapping = guess_mapping(source)
    with pytest.raises(CsvRejected) as caught:
        map_rows(source, dataclass_replace(mapping, date_format="DD/MM/YYYY"), ["CISSP"])
    assert str(caught.value) == (
        "row 3, 'Activity Date' (date): not a date in DD/MM/YYYY: '2025-10-14'"
    )
    bad_credits = read_csv_source(ISC2.replace(b",8,", b",1_000,"))
    with pytest.raises(CsvRejected, match=r"^row 3, 'Number of CPEs' \(credits\): not a number"):
        map_rows(bad_credits, guess_mapping(bad_credits), ["CISSP"])
    unknown = read_csv_source(ISACA.replace(b"CISM;COBIT", b"NOPE;COBIT"))
    with pytest.raises(CsvRejected, match=r"^row 3, 'Certification' \(certifications\): NOPE"):
        map_rows(unknown, guess_mapping(unknown), ["CISM"])
    far = read_csv_source(ISC2.replace(b"14/10/2025", b"14/10/9999"))
    with pytest.raises(CsvRejected, match=r"^row 3, 'Activity Date' \(date\): Choose a date"):
        map_rows(far, guess_mapping(far), ["CISSP"])
    with pytest.raises(CsvRejected, match=r"^no column is mapped to date, activity, credits"):
        map_rows(source, ColumnMapping(("",) * 7), ["CISSP"])
    with pytest.raises(CsvRejected, match=r"^row 3 \(line 3\): a quote"):
        read_csv_source(b'date,activity,credits\n2024-01-01,a,1\n2024-01-02,"b,2\n')


def dataclass_replace(mapping: ColumnMapping, **changes: object) -> ColumnMapping:
    import dataclasses

    return dataclasses.replace(mapping, **changes)  # type: ignore[arg-type]


def test_overrides_name_columns_by_header_or_number() -> None:
    source = read_csv_source(b"When;What;Points\n01/02/2026;Talk;1\n")
    mapping = guess_mapping(source)
    assert mapping.problems() == ["no column is mapped to date, activity, credits"]
    mapped = apply_overrides(source, mapping, ["when=date", "2=activity", "Points=credits"])
    assert mapped.fields == ("date", "activity", "credits")
    assert apply_overrides(source, mapped, ["What=notes"]).fields == ("date", "notes", "credits")
    for bad, message in [
        ("Nowhere=date", "the file has no column 'Nowhere'"),
        ("When=day", "'day' is not a field"),
        ("When", "write COLUMN=FIELD"),
    ]:
        with pytest.raises(CsvRejected, match=message):
            apply_overrides(source, mapping, [bad])


def test_mapping_is_remembered_per_header_layout(db: Database) -> None:
    source = read_csv_source(b"When;What;Points\n01/02/2026;Talk;1\n")
    mapping = ColumnMapping(("date", "activity", "credits"), "MM/DD/YYYY")
    with db.session_factory.begin() as session:
        remember_mapping(session, source.header, mapping)
    same_layout = read_csv_source(b"WHEN , what , points\n03/04/2026,Other,2\n")
    assert layout_key(same_layout.header) == layout_key(source.header)
    with db.session_factory() as session:
        assert mapping_for(session, same_layout) == (mapping, True)
        other = read_csv_source(b"When;What;Points;Extra\n01/02/2026;Talk;1;x\n")
        assert mapping_for(session, other)[1] is False
    with db.session_factory.begin() as session:
        session.merge(AppMeta(key=layout_key(source.header), value="{not json"))
    with db.session_factory() as session:
        assert mapping_for(session, source)[1] is False  # damaged: guessed again


def test_preview_flags_rows_already_in_the_log(db: Database) -> None:
    with db.session_factory.begin() as session:
        session.add(
            CpeActivity(date=D(2025, 10, 14), activity="security congress  DAY 1", credits=8.0)
        )
        session.add(CpeActivity(date=D(2026, 3, 4), activity="ISC2 Think Tank", credits=1.5))
    source = read_csv_source(ISC2)
    with db.session_factory() as session:
        preview = preview_import(session, source, guess_mapping(source))
    assert preview.duplicates == (False, True, False)  # same date, title and credits only
    assert [r.activity for r in preview.chosen()] == [
        "ISC2 Think Tank: Zero trust, part 1",
        'Book: "The CISO Evolution"',
    ]
    assert len(preview.chosen({1: True})) == 3


# --- the command ----------------------------------------------------------------------------


def _cli(db: Database, *args: str) -> tuple[int, str, str]:
    result = run_cli("--db", str(db.path), "cpe-import", *args)
    return result.returncode, result.stdout, result.stderr


def test_cli_imports_isc2_and_isaca_and_a_reimport_finds_every_row(
    db: Database, tmp_path: pathlib.Path
) -> None:
    db.dispose()
    isc2, isaca = tmp_path / "isc2.csv", tmp_path / "isaca.csv"
    isc2.write_bytes(ISC2)
    isaca.write_bytes(ISACA)

    code, out, err = _cli(db, str(isc2), "--dry-run", "--cert", "CISSP")
    assert code == 0, err
    assert "isc2.csv: 3 rows, UTF-8 with BOM, comma-separated." in out
    assert "'Number of CPEs' → credits" in out and "'Status' → (ignored)" in out
    assert "Would import 3 CPE activities (dry run: nothing was changed)." in out
    assert _log(db) == []

    code, out, err = _cli(db, str(isc2), "--cert", "CISSP")
    assert code == 0, err
    assert "Imported 3 CPE activities from isc2.csv." in out
    code, out, err = _cli(db, str(isaca))
    assert code == 0, err
    assert "Imported 2 CPE activities from isaca.csv." in out
    log = _log(db)
    assert log == [
        (D(2025, 10, 14), "Security Congress day 1", "ISC2", 8, "Group A", ("CISSP",)),
        (D(2025, 11, 28), "COBIT 2019 Foundation", "ISACA", 7, None, ("CISM",)),
        (D(2026, 1, 23), 'Book: "The CISO Evolution"', "Wiley", 5, "Group B", ("CISSP",)),
        (D(2026, 2, 5), "Café des risques – ISACA chapter", "ISACA Paris", 2.5, None, ("CISM",)),
        (D(2026, 3, 4), "ISC2 Think Tank: Zero trust, part 1", "ISC2", 1.5, "Group A", ("CISSP",)),
    ]

    for path, count in ((isc2, 3), (isaca, 2)):
        code, out, err = _cli(db, str(path))
        assert code == 0, err
        assert f"{count} row(s) already in the log" in out
        assert f"Nothing imported: all {count} rows of {path.name} are already in the log." in out
    assert _log(db) == log
    code, out, err = _cli(db, str(isaca), "--include-duplicates")
    assert "Imported 2 CPE activities" in out
    assert len(_log(db)) == 7


def test_cli_asks_for_the_date_format_when_both_readings_fit(
    db: Database, tmp_path: pathlib.Path
) -> None:
    db.dispose()
    path = tmp_path / "ambiguous.csv"
    path.write_bytes(b"Date,Title,CPEs\n04/03/2026,Webinar,1\n05/06/2026,Talk,2\n")
    code, out, err = _cli(db, str(path))
    assert code == 1
    assert err.strip() == (
        "cso-planner: error: ambiguous.csv was not imported: the dates read as DD/MM/YYYY "
        "and as MM/DD/YYYY; choose one with --date-format"
    )
    assert _log(db) == []
    code, out, err = _cli(db, str(path), "--date-format", "mm/dd/yyyy")
    assert code == 0, err
    assert [row[0] for row in _log(db)] == [D(2026, 4, 3), D(2026, 5, 6)]
    # Remembered for this layout: the next file from the same place needs no option.
    path.write_bytes(b"Date,Title,CPEs\n07/08/2026,Later webinar,1\n")
    code, out, err = _cli(db, str(path))
    assert code == 0, err
    assert "Columns (remembered for this layout)" in out
    assert _log(db)[-1][:2] == (D(2026, 7, 8), "Later webinar")


def test_cli_refusals_are_one_line_and_change_nothing(db: Database, tmp_path: pathlib.Path) -> None:
    db.dispose()
    path = tmp_path / "odd.csv"
    path.write_bytes(b"When;What;Points\n21/02/2026;Talk;1\n")
    code, out, err = _cli(db, str(path))
    assert code == 1
    assert (
        err == "cso-planner: error: odd.csv was not imported: no column is mapped to date, "
        "activity, credits\n"
    )
    code, out, err = _cli(
        db, str(path), "--map", "When=date", "--map", "What=activity", "--map", "Points=credits"
    )
    assert code == 0, err
    assert "Imported 1 CPE activities" in out
    for args, message in [
        (("--date-format", "YYYYMMDD"), "unknown date format 'YYYYMMDD'"),
        (("--map", "Nope=date"), "the file has no column 'Nope'"),
    ]:
        code, out, err = _cli(db, str(path), *args)
        assert code == 1 and message in err and "Traceback" not in err
    code, out, err = _cli(db, str(tmp_path / "missing.csv"))
    assert code == 1 and "does not exist" in err
    assert len(_log(db)) == 1


def test_cli_import_refuses_while_a_window_has_the_file_open(
    db: Database, tmp_path: pathlib.Path
) -> None:
    from tests.helpers.dump import dump_database
    from tests.helpers.processes import gui_holding

    db.dispose()
    path = tmp_path / "isc2.csv"
    path.write_bytes(ISC2)
    before = dump_database(db.path)
    with gui_holding(db.path) as window:
        code, out, err = _cli(db, str(path))
        assert code == 1
        assert "open in a CSO Planner window" in err and f"process {window.pid}" in err
        assert dump_database(db.path) == before
        code, out, err = _cli(db, str(path), "--dry-run")  # only reads: allowed
        assert code == 0, err
        assert "Would import 3 CPE activities" in out
    assert dump_database(db.path) == before
