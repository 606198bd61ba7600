"""The ``cso-planner`` command: the GUI when no command is given, otherwise one job and exit.

``cso-planner`` is a console script (the CLI, whose output and exit codes a terminal keeps);
``cso-planner-gui`` is the launcher's gui-script (``gui_main``), which only opens the window.
Either opens a database file given as the one argument (``cso-planner FILE.sqlite3``).

Qt is imported only for the commands that need it (the GUI, ``pdf``); every error the user can
act on is printed to stderr as one readable line with a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from cso_planner import __version__

if TYPE_CHECKING:
    from cso_planner.db.opening import Database

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
# A lone argument with one of these endings (or naming an existing file) is a database to open.
DATABASE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


class CliError(Exception):
    """A user-facing error: printed as one line, exit code 1."""


def _iso_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (expected YYYY-MM-DD): {text!r}") from None
    from cso_planner.limits import date_problem

    problem = date_problem(day)  # the dates stored are bounded; so is the day asked about
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return day


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cso-planner",
        description=(
            "Plan your way from a first security job to Chief Security Officer. "
            "With no command, opens the planner window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        type=pathlib.Path,
        metavar="PATH",
        help="database file to use (default: the per-user data folder, see README)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    p = commands.add_parser("import", help="replace your data with a CSO Planner JSON file")
    p.add_argument("file", type=pathlib.Path, metavar="FILE.json")
    p = commands.add_parser("export", help="write all your data to a CSO Planner JSON file")
    p.add_argument("file", type=pathlib.Path, metavar="FILE.json")

    for name, text in (
        ("eligibility", "when you become eligible for each certification, and what is missing"),
        ("renewals", "CPE cycle, fees and deadlines of each certification you hold"),
        ("budget", "costs per year: spent, planned and estimated (as on the Budget screen)"),
    ):
        p = commands.add_parser(name, help=text)
        p.add_argument("--on", type=_iso_date, metavar="YYYY-MM-DD", help="default: today")
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = commands.add_parser("pdf", help="print the roadmap to a PDF file")
    p.add_argument("out", type=pathlib.Path, metavar="OUT.pdf")
    p.add_argument("--plan", metavar="NAME", help="plan to print (default: the active plan)")
    p.add_argument("--page-size", choices=("A4", "Letter"), help="default: from the locale")
    p = commands.add_parser("ics", help="write every dated deadline to an iCalendar file")
    p.add_argument("out", type=pathlib.Path, metavar="OUT.ics")
    p = commands.add_parser("csv", help="write the CPE log to a CSV file for an audit")
    p.add_argument("out", type=pathlib.Path, metavar="OUT.csv")
    p = commands.add_parser(
        "audit-pack", help="a ZIP for a CPE audit: report PDF, CSV and every proof file"
    )
    p.add_argument("--cert", required=True, metavar="CODE", help="the certification, e.g. CISSP")
    p.add_argument(
        "--cycle-end", type=_iso_date, metavar="YYYY-MM-DD", help="default: the current cycle"
    )
    p.add_argument("out", type=pathlib.Path, metavar="OUT.zip")
    p = commands.add_parser(
        "cpe-import",
        help="add CPE activities from any issuer's CSV (columns mapped, duplicates skipped)",
    )
    p.add_argument("file", type=pathlib.Path, metavar="FILE.csv")
    p.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="how the dates are written: YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, "
        "DD-MM-YYYY, MM-DD-YYYY or YYYY/MM/DD (default: remembered or detected)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="the field a column holds (date, activity, provider, credits, category, "
        "certifications, notes or ignore); repeatable",
    )
    p.add_argument(
        "--cert", action="append", default=[], metavar="CODE", help="count every row for CODE"
    )
    p.add_argument(
        "--include-duplicates",
        action="store_true",
        help="also import rows already in the log (same date, title and credits)",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be imported")
    p = commands.add_parser(
        "catalog", help="the certification catalog: show its rules, or update it from a file"
    )
    catalog_actions = p.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    show = catalog_actions.add_parser(
        "show", help="every certification (or one) with its rules, sources and issuer link"
    )
    show.add_argument("code", nargs="?", metavar="CODE", help="default: every certification")
    update = catalog_actions.add_parser(
        "update", help="update the catalog from a catalog file: shows what changes, then asks"
    )
    update.add_argument("file", type=pathlib.Path, metavar="FILE.json")
    update.add_argument("--yes", action="store_true", help="apply without asking")
    commands.add_parser("check", help="check the database's integrity and references")
    p = commands.add_parser("restore", help="replace the database with a verified backup")
    p.add_argument("backup", type=pathlib.Path, metavar="BACKUP")
    p = commands.add_parser(
        "desktop", help="add CSO Planner to (or remove it from) your desktop's application menu"
    )
    p.add_argument("action", choices=("install", "uninstall"))
    parser.epilog = (
        "cso-planner FILE.sqlite3 opens that file in the planner window "
        "(like --db FILE.sqlite3 with no command)."
    )
    return parser


def _resolve_db(args: argparse.Namespace) -> tuple[pathlib.Path, bool]:
    from cso_planner.paths import default_db_path

    if args.db is not None:
        return pathlib.Path(args.db), False
    return default_db_path(), True


# Commands that only read the database: a --db naming no file is a typo, not a new database.
READ_ONLY_COMMANDS = frozenset({"export", "eligibility", "renewals", "budget", "pdf", "ics", "csv"})


def _open(args: argparse.Namespace) -> Database:
    from cso_planner.db.opening import open_database

    path, private = _resolve_db(args)
    reads_only = args.command in READ_ONLY_COMMANDS
    must_exist = args.db is not None and reads_only
    # A file the person marked read-only still answers the commands that only read.
    return open_database(path, private_dir=private, must_exist=must_exist, read_only_ok=reads_only)


def _with_db(run: Callable[[Database, argparse.Namespace, TextIO], int]) -> Callable[..., int]:
    def wrapper(args: argparse.Namespace, out: TextIO) -> int:
        from cso_planner.gc_pause import paused_gc

        database = _open(args)
        try:
            with paused_gc():  # one bulk job: see gc_pause
                return run(database, args, out)
        finally:
            database.dispose()

    return wrapper


def _refuse_own_files(database: Database, target: pathlib.Path) -> None:
    """An export never overwrites the database, its side files or a backup of it."""
    from cso_planner.db.guard import refuse_own_files

    refuse_own_files(database.path, target)


@_with_db
def _cmd_import(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.db.backup import pre_import_backup
    from cso_planner.db.guard import refuse_if_open
    from cso_planner.exchange.cli import run_import

    # A window's rows and undo steps would go stale under the import (and undo it).
    refuse_if_open(database.path)
    return run_import(
        database.session_factory,
        args.file,
        out,
        backup=lambda: pre_import_backup(database.path),
    )


@_with_db
def _cmd_export(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.exchange.cli import run_export

    _refuse_own_files(database, args.file)
    return run_export(database.read_session_factory, args.file, out)


@_with_db
def _cmd_eligibility(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.eligibility.cli import run_eligibility

    # A plain sqlite3 reader in a deferred (snapshot) transaction, as the read sessions: no
    # write lock taken or waited for, and SQLAlchemy is never imported (most of the start-up).
    return run_eligibility(database.reader, args.on or dt.date.today(), args.json, out)


@_with_db
def _cmd_renewals(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.eligibility.cli import run_renewals

    # A plain sqlite3 reader in a deferred (snapshot) transaction, as the read sessions: no
    # write lock taken or waited for, and SQLAlchemy is never imported (most of the start-up).
    # The table adds the CPE claims, read through the ORM: a read session for it.
    factory = database.reader if args.json else database.read_session_factory
    return run_renewals(factory, args.on or dt.date.today(), args.json, out)


@_with_db
def _cmd_budget(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.services.budget_cli import run_budget

    return run_budget(database.read_session_factory, args.on or dt.date.today(), args.json, out)


@_with_db
def _cmd_csv(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.exports.cpe_csv import write_cpe_csv

    _refuse_own_files(database, args.out)
    with database.read_session_factory() as session:
        count = write_cpe_csv(session, args.out)
    print(f"Wrote {count} CPE activities to {args.out}.", file=out)
    return EXIT_OK


@_with_db
def _cmd_cpe_import(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.db.guard import refuse_if_open
    from cso_planner.services.cpe_import_cli import run_cpe_import

    if not args.dry_run:  # the window's rows and undo steps would go stale under the import
        refuse_if_open(database.path)
    return run_cpe_import(
        database.session_factory,
        args.file,
        out,
        read_session_factory=database.read_session_factory,
        date_format=args.date_format,
        overrides=args.map,
        certs=args.cert,
        dry_run=args.dry_run,
        include_duplicates=args.include_duplicates,
    )


@_with_db
def _cmd_ics(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.exports.calendar_file import export_calendar

    _refuse_own_files(database, args.out)
    with database.read_session_factory() as session:
        count = export_calendar(session, args.out, dt.date.today())
    print(f"Wrote {count} deadlines to {args.out}.", file=out)
    return EXIT_OK


@_with_db
def _cmd_pdf(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.report.cli import run_pdf

    _refuse_own_files(database, args.out)
    return run_pdf(database.read_session_factory, args.out, args.plan, args.page_size, out)


@_with_db
def _cmd_catalog(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.services.catalog_cli import (
        UnknownCertification,
        run_catalog_show,
        run_catalog_update,
    )
    from cso_planner.services.catalog_update import CatalogUpdateError

    try:
        if args.catalog_action == "update":
            from cso_planner.db.guard import refuse_if_open

            refuse_if_open(database.path)  # a window's catalog and undo steps would go stale
            ask = input if sys.stdin.isatty() else None
            return run_catalog_update(database.session_factory, args.file, args.yes, out, ask)
        return run_catalog_show(database.session_factory, args.code, out)
    except (UnknownCertification, CatalogUpdateError) as exc:
        raise CliError(str(exc)) from None


@_with_db
def _cmd_audit_pack(database: Database, args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.exports.audit_pack import AuditPackRefused
    from cso_planner.report.audit_cli import run_audit_pack

    _refuse_own_files(database, args.out)
    try:
        return run_audit_pack(database, args.cert, args.cycle_end, args.out, out)
    except AuditPackRefused as exc:
        raise CliError(f"{exc}; nothing was written") from None


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.db.maintenance import check_database

    path, _private = _resolve_db(args)
    report = check_database(path)
    for line in report.lines:
        print(line, file=out)
    return EXIT_OK if report.ok else EXIT_ERROR


def _cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner.db.maintenance import restore_backup

    path, _private = _resolve_db(args)
    kept = restore_backup(path, args.backup)
    print(f"Restored {path} from {args.backup}.", file=out)
    if kept is not None:
        print(f"The previous file was kept as {kept}.", file=out)
    return EXIT_OK


def _cmd_desktop(args: argparse.Namespace, out: TextIO) -> int:
    from cso_planner import desktop

    if args.action == "install":
        files = desktop.install()
        print(f"Added CSO Planner to the application menu ({files.entry}).", file=out)
        print(f"Icon: {files.icon}", file=out)
        print(f"AppStream metainfo: {files.metainfo}", file=out)
        return EXIT_OK
    removed = desktop.uninstall()
    if removed:
        print("Removed CSO Planner from the application menu:", file=out)
        for path in removed:
            print(f"  {path}", file=out)
    else:
        print("CSO Planner was not in the application menu; nothing to remove.", file=out)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "import": _cmd_import,
    "export": _cmd_export,
    "eligibility": _cmd_eligibility,
    "renewals": _cmd_renewals,
    "budget": _cmd_budget,
    "pdf": _cmd_pdf,
    "ics": _cmd_ics,
    "csv": _cmd_csv,
    "audit-pack": _cmd_audit_pack,
    "cpe-import": _cmd_cpe_import,
    "catalog": _cmd_catalog,
    "check": _cmd_check,
    "restore": _cmd_restore,
    "desktop": _cmd_desktop,
}


def _user_errors() -> tuple[type[BaseException], ...]:
    """Exception types that mean "bad input or environment", not "bug"."""
    from cso_planner.db.errors import StorageError
    from cso_planner.desktop import DesktopError
    from cso_planner.services.report_data import ReportError

    errors: list[type[BaseException]] = [CliError, StorageError, ReportError, DesktopError]
    from cso_planner.exports.cpe_csv import CsvRejected  # cpe-import's refusals

    errors.append(CsvRejected)
    try:
        from cso_planner.exchange.errors import ImportRejected
    except ImportError:  # pragma: no cover - exchange not built yet
        pass
    else:
        errors.append(ImportRejected)
    return tuple(errors)


def database_argument(argv: Sequence[str]) -> pathlib.Path | None:
    """The database file of ``cso-planner FILE.sqlite3``, if ``argv`` is that form.

    Only a lone argument that is not a command and names a database (a known ending, or an
    existing file) counts, so a mistyped command is still reported as one.
    """
    if len(argv) != 1 or argv[0].startswith("-") or argv[0] in COMMANDS:
        return None
    candidate = pathlib.Path(argv[0])
    if candidate.suffix.lower() in DATABASE_SUFFIXES or candidate.is_file():
        return candidate
    return None


def _run_window(path: pathlib.Path, private: bool) -> int:
    from cso_planner.app import run_gui

    return run_gui(path, private_dir=private)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    opened = database_argument(argv)
    if opened is not None:
        return _run_window(opened, False)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _run_window(*_resolve_db(args))
    try:
        _clean_partials()
        code = COMMANDS[args.command](args, sys.stdout)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        # The reader stopped early (``cso-planner eligibility --json | head``): not an error.
        # Later writes go nowhere, so the exit's own flush stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except _user_errors() as exc:
        print(f"cso-planner: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        # Disk full, permission denied, missing file: the environment's fault, say so plainly.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"cso-planner: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("cso-planner: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line here, the traceback in the log
        from cso_planner.db.errors import BUSY_MESSAGE
        from cso_planner.db.transactions import is_busy_error

        if is_busy_error(exc):  # another program kept the write lock past busy_timeout
            print(f"cso-planner: error: {BUSY_MESSAGE}", file=sys.stderr)
            return EXIT_ERROR
        problem = _storage_problem(exc, args)
        if problem is not None:  # a full disk or a read error half-way: not a bug
            print(f"cso-planner: error: {problem}", file=sys.stderr)
            return EXIT_ERROR
        from cso_planner.logs import log_unexpected

        logged = log_unexpected(exc, "command")
        where = f"; the details are in {logged}" if logged else ""
        print(
            f"cso-planner: error: an unexpected problem ({type(exc).__name__}) stopped the "
            f"command{where}",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _storage_problem(exc: Exception, args: argparse.Namespace) -> Exception | None:
    from cso_planner.db.faults import storage_problem

    return storage_problem(exc, _resolve_db(args)[0].expanduser().absolute())


def _clean_partials() -> None:
    """Remove what an export or backup killed half-way left behind (never stops a command)."""
    from cso_planner.partials import clean_stale

    clean_stale()


def gui_main(argv: Sequence[str] | None = None) -> int:
    """``cso-planner-gui [FILE]``: the window only, for launchers and file managers."""
    parser = argparse.ArgumentParser(
        prog="cso-planner-gui", description="Open the CSO Planner window."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "file",
        nargs="?",
        type=pathlib.Path,
        metavar="FILE.sqlite3",
        help="database file to open (default: the per-user data folder, see README)",
    )
    args = parser.parse_args(argv)
    if args.file is not None:
        return _run_window(args.file, False)
    from cso_planner.paths import default_db_path

    return _run_window(default_db_path(), True)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
