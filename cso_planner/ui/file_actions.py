"""File menu work: the roadmap PDF, printing, the calendar and CPE exports, JSON import/export.

Every export is written atomically (a failed or cancelled one leaves the previous file intact);
every failure is one plain-text message naming the file and the problem. File choosers are
module-level functions so the tests can answer them.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageSize, QUndoStack
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget
from sqlalchemy.orm import Session

from cso_planner.db.errors import StorageError
from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.dialogs.confirm import confirm, show_error
from cso_planner.ui.icons import icon
from cso_planner.ui.start_window import SETTINGS_APP, SETTINGS_ORG
from cso_planner.ui.store import PlannerStore

if TYPE_CHECKING:  # the exchange package loads only when an import is made
    from cso_planner.exchange.user_rows import UserRows

Notify = Callable[[str], None]


FOLDER_KEY = "files/last_folder"


def start_folder() -> pathlib.Path:
    """Where a file dialog opens: the folder used last, else the person's Documents folder
    (never the working directory the app happened to be started from)."""
    last = QSettings(SETTINGS_ORG, SETTINGS_APP).value(FOLDER_KEY)
    if isinstance(last, str) and last and pathlib.Path(last).is_dir():
        return pathlib.Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return pathlib.Path(documents) if documents else pathlib.Path.home()


def remember_folder(chosen: pathlib.Path) -> None:
    """The next file dialog opens where this file was chosen."""
    QSettings(SETTINGS_ORG, SETTINGS_APP).setValue(FOLDER_KEY, str(chosen.parent))


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> pathlib.Path | None:
    """The system "Save as" dialog; ``None`` when the user cancels."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / suggested), filters)
    if not name:
        return None
    remember_folder(pathlib.Path(name))
    return pathlib.Path(name)


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> pathlib.Path | None:
    """The system "Open" dialog; ``None`` when the user cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    if not name:
        return None
    remember_folder(pathlib.Path(name))
    return pathlib.Path(name)


def page_size_setting(settings: QSettings) -> str:
    """The chosen PDF page size, or the locale's (Letter in the US, A4 elsewhere)."""
    chosen = settings.value("pdf/page_size")
    if chosen in ("A4", "Letter"):
        return str(chosen)
    # The locale's choice, by the rule the report applies when no size is named.
    from cso_planner.report.pdf import locale_page_size

    return "Letter" if locale_page_size() == QPageSize.PageSizeId.Letter else "A4"


class ReplaceDataCommand(StoreCommand):
    """Replace every user row with an exchange document; undo puts the previous rows back.

    Undo restores the very rows replaced, ids included (``exchange.user_rows``), so the undo
    steps before the import still name the right rows. Redo writes the document into emptied
    tables again, which gives its rows the same ids as the first time.
    """

    def __init__(self, store: PlannerStore, document: dict[str, Any], name: str) -> None:
        super().__init__(store, f"Import “{name}”")
        self.document = document
        self.previous: UserRows | None = None

    def apply(self, session: Session) -> None:
        from cso_planner.exchange.importer import clear_user_data, write_document
        from cso_planner.exchange.user_rows import take_user_rows

        if self.previous is None:
            self.previous = take_user_rows(session)
        clear_user_data(session)
        write_document(session, self.document)

    def revert(self, session: Session) -> None:
        from cso_planner.exchange.user_rows import restore_user_rows

        assert self.previous is not None
        restore_user_rows(session, self.previous)


class FileActions(QObject):
    """The File menu's export, print and import actions for one window."""

    def __init__(
        self,
        window: QWidget,
        store: PlannerStore,
        undo_stack: QUndoStack,
        settings: QSettings,
        notify: Notify,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.undo_stack = undo_stack
        self.settings = settings
        self.notify = notify
        self.export_pdf_action = self._action(
            "&Export roadmap PDF…", "pdf", self.export_pdf, "Ctrl+E"
        )
        self.print_action = self._action("&Print…", "print", self.print_roadmap, "Ctrl+P")
        self.export_ics_action = self._action(
            "Export &calendar (ICS)…", "calendar", self.export_ics
        )
        self.export_csv_action = self._action("Export CPE &log (CSV)…", "cpe", self.export_csv)
        self.export_audit_action = self._action(
            "Export &audit pack…", "attach", self.export_audit_pack
        )
        self.export_json_action = self._action("E&xport all data (JSON)…", None, self.export_json)
        self.import_json_action = self._action("&Import all data (JSON)…", None, self.import_json)

    def _action(
        self, text: str, icon_name: str | None, slot: Callable[[], object], keys: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False: slot())
        return action

    def _own_file(self, path: pathlib.Path, title: str) -> bool:
        """True (after saying so) when ``path`` is the open database or one of its files."""
        from cso_planner.db.guard import OwnFileError, refuse_own_files

        try:
            refuse_own_files(self.store.database.path, path)
        except OwnFileError as exc:
            show_error(self.window, title, str(exc))
            return True
        return False

    # --- the roadmap -----------------------------------------------------------------------

    def _report_data(self) -> Any:
        from cso_planner.services.report_data import gather_report

        return self.store.read(lambda s: gather_report(s, today=dt.date.today()))

    def export_pdf(self) -> pathlib.Path | None:
        path = ask_save_path(self.window, "Export roadmap PDF", "cso-roadmap.pdf", "PDF (*.pdf)")
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return self.write_pdf(path)

    def write_pdf(self, path: pathlib.Path) -> pathlib.Path | None:
        """Write the PDF with a cancellable progress dialog; ``None`` if cancelled or failed."""
        from cso_planner.report.pdf import ExportCancelled, write_roadmap_pdf

        if self._own_file(path, "Export roadmap PDF"):
            return None
        progress = QProgressDialog("Writing the roadmap PDF…", "Cancel", 0, 100, self.window)
        progress.setWindowTitle("Export roadmap PDF")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # a short plan finishes before the dialog would show

        def tick(percent: int) -> bool:
            progress.setValue(percent)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            pages = write_roadmap_pdf(
                self._report_data(),
                path,
                page_size=page_size_setting(self.settings),
                progress=tick,
            )
        except ExportCancelled:
            self.notify("PDF export cancelled; nothing was written.")
            return None
        except OSError as exc:
            show_error(self.window, "Export roadmap PDF", f"Could not write {path}: {_why(exc)}")
            return None
        finally:
            progress.reset()
            progress.deleteLater()
        self.notify(f"Wrote {pages} pages to {path}.")
        return path

    def print_roadmap(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from cso_planner.report.pdf import configure_page, page_size_from_name, paint_report

        data = self._report_data()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"Roadmap — {data.plan_name}" if data.plan_name else "Roadmap")
        configure_page(printer, page_size_from_name(page_size_setting(self.settings)))
        preview = QPrintPreviewDialog(printer, self.window)
        preview.setWindowTitle("Print roadmap")
        preview.paintRequested.connect(lambda device: paint_report(device, data))
        preview.resize(1000, 800)
        run_preview(preview)

    # --- calendar, CPE log, all data -------------------------------------------------------

    def export_ics(self) -> pathlib.Path | None:
        from cso_planner.exports.calendar_file import export_calendar

        path = ask_save_path(
            self.window, "Export calendar", "cso-deadlines.ics", "iCalendar (*.ics)"
        )
        if path is None or self._own_file(path, "Export calendar"):
            return None
        try:
            count = self.store.read(lambda s: export_calendar(s, path, dt.date.today()))
        except OSError as exc:
            show_error(self.window, "Export calendar", f"Could not write {path}: {_why(exc)}")
            return None
        self.notify(f"Wrote {count} deadlines to {path}.")
        return path

    def export_csv(self) -> pathlib.Path | None:
        from cso_planner.exports.cpe_csv import write_cpe_csv

        path = ask_save_path(self.window, "Export CPE log", "cpe-log.csv", "CSV (*.csv)")
        if path is None or self._own_file(path, "Export CPE log"):
            return None
        try:
            count = self.store.read(lambda s: write_cpe_csv(s, path))
        except OSError as exc:
            show_error(self.window, "Export CPE log", f"Could not write {path}: {_why(exc)}")
            return None
        self.notify(f"Wrote {count} CPE activities to {path}.")
        return path

    def export_audit_pack(self) -> pathlib.Path | None:
        from cso_planner.ui.audit_pack_action import export_audit_pack

        return export_audit_pack(self.window, self.store, ask_save_path, self.notify)

    def export_json(self) -> pathlib.Path | None:
        from cso_planner.exchange.exporter import write_export

        path = ask_save_path(
            self.window,
            "Export all data",
            "cso-planner-data.json",
            "JSON (*.json);;Bundle with proof files (*.zip)",
        )
        if path is None or self._own_file(path, "Export all data"):
            return None
        try:
            factory = self.store.database.read_session_factory
            if path.suffix.lower() == ".zip":
                from cso_planner.exchange.bundle import write_bundle

                summary = write_bundle(factory, path)
            else:
                summary = write_export(factory, path)
        except OSError as exc:
            show_error(self.window, "Export all data", f"Could not write {path}: {_why(exc)}")
            return None
        except StorageError as exc:
            show_error(self.window, "Export all data", f"{path.name} was not written: {exc}.")
            return None
        self.notify(f"Exported {summary.describe()} to {path}.")
        return path

    def import_json(self) -> bool:
        """Replace all data with a JSON file, after a confirmation; undoable."""
        from cso_planner.db.proofs import ProofStore
        from cso_planner.exchange.bundle import check_proofs_present, named_proofs, read_bundle
        from cso_planner.exchange.cli import read_import_file
        from cso_planner.exchange.errors import ImportRejected
        from cso_planner.exchange.safe_json import parse_json
        from cso_planner.exchange.schema import check_schema
        from cso_planner.exchange.summary import ImportSummary
        from cso_planner.exchange.validate import Catalog, validate_document

        path = ask_open_path(
            self.window,
            "Import all data",
            "CSO Planner data (*.json *.zip);;JSON (*.json);;Bundle with proof files (*.zip)"
            ";;All files (*)",
        )
        if path is None:
            return False
        title = "Import all data"
        store = ProofStore.beside(self.store.database.path)
        try:
            carried: dict[str, bytes] = {}
            if path.suffix.lower() == ".zip":
                data, carried = read_bundle(path)
            else:
                data = read_import_file(path)
            document = parse_json(data)
            check_schema(document)
            self.store.read(lambda s: validate_document(document, Catalog.load(s), None))
            check_proofs_present(document, store, carried)
        except ImportRejected as exc:
            show_error(self.window, title, f"{path.name} was not imported: {exc}")
            return False
        except OSError as exc:
            show_error(self.window, title, f"Could not read {path}: {_why(exc)}")
            return False
        what = ImportSummary.of(document).describe()
        if not confirm(
            self.window,
            title,
            f"Replace all your data with {what} from {path.name}?\n\n"
            "The certification catalog is kept. You can undo this (Ctrl+Z).",
            "Replace",
        ):
            return False
        if carried:  # content first (keyed by hash: nothing existing changes), then the rows
            try:
                store.put_many(carried[d] for d in named_proofs(document) if d in carried)
            except (OSError, sqlite3.Error) as exc:
                show_error(self.window, title, f"Could not store the proof files: {exc}")
                return False
        command = ReplaceDataCommand(self.store, document, path.name)
        self.undo_stack.push(command)
        if command.error is None:
            self.notify(f"Imported {what} from {path.name}.")
        return command.error is None


def run_preview(preview: QWidget) -> None:
    """Show the print preview modally (a function so tests can replace it)."""
    preview.exec()  # type: ignore[attr-defined]


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
