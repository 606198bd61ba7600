"""The audit pack's PDF report: one certification's cycle, each activity and its proofs.

Laid out with the roadmap report's page flow (tables that wrap and continue across pages with
their header), painted into memory and handed to ``exports/audit_pack.py`` as bytes.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter

from cso_planner import __version__
from cso_planner.dates import format_date
from cso_planner.exports.audit_pack import PROOF_FOLDER, AuditPack
from cso_planner.report.flow import KEEP, MUTED, Column, PageFlow, make_fonts
from cso_planner.report.pdf import configure_page, page_size_from_name

COLUMNS = (
    Column("Date", 1.0),
    Column("Activity", 3.0),
    Column("Provider", 1.4),
    Column("Credits", 0.8, Qt.AlignmentFlag.AlignRight),
    Column("Category", 1.2),
    Column("Domain", 1.6),
    Column("Submission", 1.4),
    Column("Proof files", 2.6),
)


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _day(day: object) -> str:
    return format_date(day).replace(" ", KEEP)  # type: ignore[arg-type]


def audit_report_pdf(pack: AuditPack, page_size: str | None = None) -> bytes:
    """The report as PDF bytes (needs a QGuiApplication)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setCreator(f"CSO Planner {__version__}")
    writer.setTitle(f"CPE audit pack: {pack.code}")
    configure_page(writer, page_size_from_name(page_size))
    layout = writer.pageLayout()
    scale = writer.logicalDpiY() / 25.4
    rect = layout.paintRect(QPageLayout.Unit.Millimeter)
    content = QRectF(0, 0, rect.width() * scale, rect.height() * scale)
    content.adjust(0, 0, 0, -10 * scale)
    flow = PageFlow(writer, content, make_fonts())
    flow.text_block(f"CPE audit pack — {pack.code}", flow.fonts.h1)
    flow.paragraph(f"{pack.name} · {pack.issuer}")
    noun = "activity" if len(pack.activities) == 1 else "activities"
    flow.paragraph(
        f"Cycle {format_date(pack.start)} – {format_date(pack.end)}: "
        f"{_number(pack.total)} credits in {len(pack.activities)} {noun}, "
        f"{pack.proof_count} proof files (in the folder “{PROOF_FOLDER}” of this archive)."
    )
    if pack.unproven:
        flow.paragraph(
            f"Without a proof file: {len(pack.unproven)} "
            f"{'activity' if len(pack.unproven) == 1 else 'activities'} — "
            + "; ".join(f"{format_date(a.date)} {a.activity}" for a in pack.unproven)
        )
    flow.heading("Activities", 2)
    rows = [
        [
            _day(a.date),
            a.activity,
            a.provider,
            _number(a.credits),
            a.category,
            a.domain,
            a.status,
            "\n".join(p.archive_name.removeprefix(f"{PROOF_FOLDER}/") for p in a.proofs) or "none",
        ]
        for a in pack.activities
    ]
    if rows:
        flow.table(COLUMNS, rows)
    else:
        flow.paragraph("No CPE activity is claimed for this certification in this cycle.")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("could not start painting the audit report")
    try:
        total = len(flow.pages)
        for index, ops in enumerate(flow.pages):
            if index:
                writer.newPage()
            for op in ops:
                op(painter)
            painter.setFont(flow.fonts.small)
            painter.setPen(MUTED)
            bottom = content.bottom() + 7 * flow.mm
            painter.drawText(
                QPointF(content.left(), bottom),
                f"CSO Planner audit pack · {pack.code} · generated {format_date(pack.generated_on)}"
                f" · page {index + 1} of {total}",
            )
    finally:
        painter.end()
    del writer
    buffer.close()
    return bytes(data.data())
