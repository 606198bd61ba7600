"""Import CPE from any issuer's CSV: a preview with the column mapping, the date format, the
decimal mark and the rows already in the log (skipped unless ticked).

Everything the dialog shows comes from ``services.cpe_import`` (the same steps as
``cso-planner cpe-import``); the CPE screen pushes the result as one undoable command that also
remembers the mapping for the file's header layout.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cso_planner.dates import format_date
from cso_planner.exports.cpe_csv import CpeRow, CsvRejected
from cso_planner.services.cpe_import import (
    DATE_FORMATS,
    DELIMITERS,
    FIELDS,
    IGNORED,
    ColumnMapping,
    CsvSource,
    ImportPreview,
    fitting_date_formats,
    mapping_for,
    preview_import,
    read_csv_source,
    remember_mapping,
)
from cso_planner.ui.screens.ledger_commands import ImportCpeCommand
from cso_planner.ui.screens.table_kit import RIGHT
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import FieldError, plain_label

PREVIEW_ROWS = 1000  # shown in the table; every row is checked and imported
FIELD_WORDS = {IGNORED: "(ignore)", **{f: f for f in FIELDS}}
PREVIEW_COLUMNS = ("Import", "Row", "Date", "Activity", "Provider", "Credits", "Category", "For")
# Numbers right-align (STYLE: "numbers right-aligned"), their headers with them.
NUMBER_COLUMNS = frozenset({PREVIEW_COLUMNS.index("Row"), PREVIEW_COLUMNS.index("Credits")})


class MappedImportCommand(ImportCpeCommand):
    """The import, and the mapping kept for this header layout in the same transaction (undo
    removes the rows; the mapping stays remembered)."""

    def __init__(
        self,
        store: PlannerStore,
        rows: Sequence[CpeRow],
        file_name: str,
        header: Sequence[str],
        mapping: ColumnMapping,
    ) -> None:
        super().__init__(store, rows, file_name)
        self.header, self.mapping = tuple(header), mapping

    def apply(self, session: Session) -> None:
        super().apply(session)
        remember_mapping(session, self.header, self.mapping)


class CpeImportDialog(QDialog):
    """The preview; ``chosen_rows`` and ``mapping`` hold the answer once accepted."""

    def __init__(
        self, parent: QWidget | None, store: PlannerStore, data: bytes, file_name: str
    ) -> None:
        super().__init__(parent)
        self.store, self.data, self.file_name = store, data, file_name
        self.setWindowTitle(f"Import CPE activities from “{file_name}”")
        self.resize(980, 680)
        self.source: CsvSource = read_csv_source(data)  # CsvRejected: the caller says why
        self.mapping, remembered = store.read(lambda s: mapping_for(s, self.source))
        self.preview: ImportPreview | None = None
        self.include: dict[int, bool] = {}
        self._filling = False

        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        self.file_label = plain_label("", self)
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        self.origin = (
            "The columns are mapped as last time for this layout."
            if remembered
            else "The columns are guessed from the header; check them below."
        )

        form = QFormLayout()
        form.setSpacing(SPACING)
        options = QHBoxLayout()
        options.setSpacing(SPACING)
        self.delimiter_combo = QComboBox(self)
        for delimiter, name in DELIMITERS.items():
            self.delimiter_combo.addItem(name, delimiter)
        self.delimiter_combo.setCurrentIndex(list(DELIMITERS).index(self.source.delimiter))
        options.addWidget(plain_label("Separator", self))
        options.addWidget(self.delimiter_combo)
        self.date_combo = QComboBox(self)
        self.date_combo.addItems(list(DATE_FORMATS))
        options.addWidget(plain_label("Dates", self))
        options.addWidget(self.date_combo)
        self.comma_check = QCheckBox("Decimal comma (1,5)", self)
        options.addWidget(self.comma_check)
        options.addStretch(1)
        form.addRow(options)
        self.apply_edit = QLineEdit(self)
        self.apply_edit.setPlaceholderText("e.g. CISSP (besides any certification column)")
        form.addRow("Count every row for", self.apply_edit)
        layout.addLayout(form)

        self.mapping_table = QTableWidget(0, 3, self)
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "Holds", "Examples"])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.mapping_table, 2)

        self.summary_label = plain_label("", self)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.error_label = FieldError(self)
        layout.addWidget(self.error_label)
        self.preview_table = QTableWidget(0, len(PREVIEW_COLUMNS), self)
        self.preview_table.setHorizontalHeaderLabels(list(PREVIEW_COLUMNS))
        for column in NUMBER_COLUMNS:
            header = self.preview_table.horizontalHeaderItem(column)
            if header is not None:
                header.setTextAlignment(RIGHT)
        self.preview_table.verticalHeader().hide()
        self.preview_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview_table, 3)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._show_mapping()
        self.delimiter_combo.currentIndexChanged.connect(self._on_delimiter_changed)
        self.date_combo.currentTextChanged.connect(self._on_option_changed)
        self.comma_check.toggled.connect(self._on_option_changed)
        self.apply_edit.editingFinished.connect(self._on_option_changed)
        self.preview_table.itemChanged.connect(self._on_item_changed)
        self.refresh()

    # --- the mapping ----------------------------------------------------------------------

    def _show_mapping(self) -> None:
        self._filling = True
        self.file_label.setText(f"{self.file_name}: {self.source.describe()}. {self.origin}")
        self.date_combo.setCurrentText(self.mapping.date_format)
        self.comma_check.setChecked(self.mapping.decimal_comma)
        self.apply_edit.setText(", ".join(self.mapping.apply_to))
        table = self.mapping_table
        table.setRowCount(len(self.source.header))
        for column, header in enumerate(self.source.header):
            table.setItem(column, 0, QTableWidgetItem(header or f"(column {column + 1})"))
            combo = QComboBox(table)
            for field, word in FIELD_WORDS.items():
                combo.addItem(word, field)
            combo.setCurrentIndex(list(FIELD_WORDS).index(self.mapping.fields[column]))
            combo.currentIndexChanged.connect(
                lambda _index, c=column, box=combo: self._on_field_changed(c, box)
            )
            table.setCellWidget(column, 1, combo)
            examples = " · ".join(self.source.values(column)[:3])
            table.setItem(column, 2, QTableWidgetItem(examples))
        table.resizeColumnsToContents()
        self._filling = False

    def field_combo(self, column: int) -> QComboBox:
        widget = self.mapping_table.cellWidget(column, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def _on_field_changed(self, column: int, combo: QComboBox) -> None:
        if self._filling:
            return
        field = str(combo.currentData())
        self.mapping = self.mapping.with_field(column, field)
        self._filling = True
        for other in range(len(self.source.header)):  # a field moved here leaves its old column
            self.field_combo(other).setCurrentIndex(
                list(FIELD_WORDS).index(self.mapping.fields[other])
            )
        self._filling = False
        if field == "date":
            fitting = fitting_date_formats(self.source.values(column))
            if fitting and self.mapping.date_format not in fitting:
                self.date_combo.setCurrentText(fitting[0])  # refreshes through the option
                return
        self.refresh()

    def _on_delimiter_changed(self) -> None:
        delimiter = str(self.delimiter_combo.currentData())
        try:
            source = read_csv_source(self.data, delimiter)
        except CsvRejected as exc:
            self._show_problem(str(exc))
            return
        self.source = source
        self.mapping, _remembered = self.store.read(lambda s: mapping_for(s, source))
        self._show_mapping()
        self.refresh()

    def _on_option_changed(self, *_args: object) -> None:
        if self._filling:
            return
        codes = tuple(
            dict.fromkeys(c.strip() for c in self.apply_edit.text().replace(";", ",").split(","))
        )
        self.mapping = dataclasses.replace(
            self.mapping,
            date_format=self.date_combo.currentText(),
            decimal_comma=self.comma_check.isChecked(),
            apply_to=tuple(c for c in codes if c),
        )
        self.refresh()

    # --- the preview ----------------------------------------------------------------------

    def _show_problem(self, message: str) -> None:
        self.preview = None
        self.error_label.show_message(f"Cannot import: {message}.")
        self.summary_label.setText("")
        self.preview_table.setRowCount(0)
        self.import_button.setEnabled(False)
        self.import_button.setText("Import")

    def refresh(self) -> None:
        """Check every row with the current mapping and show the result."""
        try:
            preview = self.store.read(lambda s: preview_import(s, self.source, self.mapping))
        except CsvRejected as exc:
            self._show_problem(str(exc))
            return
        self.preview = preview
        self.include = {}
        self.error_label.show_message(None)
        self._fill_preview(preview)
        self._update_summary()

    def _fill_preview(self, preview: ImportPreview) -> None:
        table = self.preview_table
        self._filling = True
        shown = min(len(preview.rows), PREVIEW_ROWS)
        table.setRowCount(shown)
        for i in range(shown):
            row, duplicate = preview.rows[i], preview.duplicates[i]
            number = self.source.rows[i][0]
            tick = QTableWidgetItem("already in the log" if duplicate else "new")
            flags = Qt.ItemFlag.ItemIsEnabled
            if duplicate:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            tick.setFlags(flags)
            tick.setCheckState(Qt.CheckState.Unchecked if duplicate else Qt.CheckState.Checked)
            table.setItem(i, 0, tick)
            cells = (
                str(number),
                format_date(row.date),
                row.activity,
                row.provider,
                f"{row.credits:g}",
                row.category or "",
                ", ".join(row.certifications),
            )
            for column, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column in NUMBER_COLUMNS:
                    item.setTextAlignment(RIGHT)
                table.setItem(i, column, item)
        table.resizeColumnToContents(0)
        self._filling = False

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        self.include[item.row()] = item.checkState() == Qt.CheckState.Checked
        self._update_summary()

    def _update_summary(self) -> None:
        preview = self.preview
        if preview is None:
            return
        chosen = len(preview.chosen(self.include))
        duplicates = preview.duplicate_count
        parts = [f"{chosen} of {len(preview.rows)} rows will be imported"]
        if duplicates:
            parts.append(
                f"{duplicates} already in the log (same date, title and credits) are skipped "
                "unless ticked"
            )
        if len(preview.rows) > PREVIEW_ROWS:
            parts.append(f"the first {PREVIEW_ROWS:,} rows are shown")
        date_column = self.mapping.column_of("date")
        values = self.source.values(date_column) if date_column is not None else []
        others = [f for f in fitting_date_formats(values) if f != self.mapping.date_format]
        if others:
            parts.append(f"the dates also read as {', '.join(others)}: check the format")
        self.summary_label.setText("; ".join(parts) + ".")
        self.import_button.setEnabled(chosen > 0)
        self.import_button.setText(f"Import {chosen}" if chosen else "Import")

    # --- the answer -----------------------------------------------------------------------

    def chosen_rows(self) -> list[CpeRow]:
        return self.preview.chosen(self.include) if self.preview is not None else []

    def command(self) -> MappedImportCommand:
        return MappedImportCommand(
            self.store, self.chosen_rows(), self.file_name, self.source.header, self.mapping
        )
