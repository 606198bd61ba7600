"""An audit pack: for one certification and CPE cycle, a ZIP an issuer's auditor can read.

The ZIP holds ``report.pdf`` (every activity with its date, credits, category, domain, provider,
submission state and the proof files that belong to it), ``cpe-log.csv`` (the same activities
as the CPE CSV), and every proof under a readable name in ``proofs/`` (``2025-03-01 GSX -
certificate.pdf``). Activities without a proof are listed first (:attr:`AuditPack.unproven`) so
the person can go back and attach them. The file is written atomically (a failed write leaves
any earlier file as it was). The PDF itself is painted by ``report/audit_pdf.py`` (Qt) and
handed in as bytes, so this module stays Qt-free.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import Certification
from cso_planner.db.proofs import ProofStore
from cso_planner.exports.atomic import write_atomically
from cso_planner.exports.cpe_csv import CpeRow, to_csv_text
from cso_planner.services import cpe
from cso_planner.services.attachments import Proof
from cso_planner.services.facts import renewal_answers

REPORT_NAME = "report.pdf"
CSV_NAME = "cpe-log.csv"
PROOF_FOLDER = "proofs"
_CHUNK = 1 << 20


class AuditPackRefused(ValueError):
    """The pack cannot be made; the message names the problem (one line)."""


@dataclasses.dataclass(frozen=True)
class PackedProof:
    proof: Proof
    archive_name: str  # "proofs/2025-03-01 GSX - certificate.pdf"


@dataclasses.dataclass(frozen=True)
class AuditActivity:
    date: dt.date
    activity: str
    provider: str
    credits: float  # as claimed for this certification
    category: str
    domain: str
    status: str  # "Not submitted", "Submitted on 3 Jun 2026", "Accepted"
    notes: str
    proofs: tuple[PackedProof, ...]


@dataclasses.dataclass(frozen=True)
class AuditPack:
    code: str
    name: str
    issuer: str
    start: dt.date
    end: dt.date
    generated_on: dt.date
    activities: tuple[AuditActivity, ...]

    @property
    def total(self) -> float:
        return sum(a.credits for a in self.activities)

    @property
    def unproven(self) -> tuple[AuditActivity, ...]:
        """The activities without a proof file (the person is asked before writing)."""
        return tuple(a for a in self.activities if not a.proofs)

    @property
    def proof_count(self) -> int:
        return sum(len(a.proofs) for a in self.activities)


def _readable(text: str, limit: int) -> str:
    """``text`` fit for a file name inside the archive (no separators or control characters)."""
    cleaned = "".join(
        " " if c in '\\/:*?"<>|' or unicodedata.category(c)[0] == "C" else c for c in text
    )
    cleaned = re.sub(r"\s+", " ", cleaned).strip().lstrip(".")
    return cleaned[:limit].strip() or "activity"


def gather_audit_pack(
    session: Session, code: str, cycle_end: dt.date | None = None, today: dt.date | None = None
) -> AuditPack:
    """The activities claimed for ``code`` in its current cycle (or the cycle ending on
    ``cycle_end``), oldest first, with their proofs under unique archive names.

    Raises:
        AuditPackRefused: not a certification, not held, or no cycle to report on.
    """
    today = today or dt.date.today()
    cert = session.get(Certification, code)
    if cert is None:
        raise AuditPackRefused(f"{code} is not a certification in the catalog")
    if code not in cpe.held_codes(session):
        raise AuditPackRefused(f"{code} is not one of your certifications")
    on = cycle_end or today
    answer = next((a for a in renewal_answers(session, on) if a.code == code), None)
    if answer is None or answer.cycle_start is None or answer.cycle_end is None or answer.error:
        reason = answer.warnings[0] if answer and answer.warnings else "it has no CPE cycle"
        raise AuditPackRefused(f"no CPE cycle of {code} to report on: {reason}")
    if cycle_end is not None and answer.cycle_end != cycle_end:
        raise AuditPackRefused(
            f"no {code} cycle ends on {cycle_end.isoformat()}; the cycle around that date "
            f"ends on {answer.cycle_end.isoformat()}"
        )
    start, end = answer.cycle_start, answer.cycle_end
    rows = [r for r in cpe.list_activities(session) if code in r.draft.certifications]
    rows = [r for r in rows if start <= r.draft.date <= end]
    rows.sort(key=lambda r: (r.draft.date, r.id))
    used: set[str] = set()
    activities = []
    for row in rows:
        draft = row.draft
        claim = next(c for c in cpe.claims_of(draft) if c.code == code)
        packed = []
        for proof in draft.proofs:
            stem = f"{draft.date.isoformat()} {_readable(draft.activity, 60)} - "
            name = f"{PROOF_FOLDER}/{stem}{proof.name}"
            n = 2
            while name.lower() in used:
                base, dot, ext = proof.name.rpartition(".")
                name = f"{PROOF_FOLDER}/{stem}{base} ({n}){dot}{ext}"
                n += 1
            used.add(name.lower())
            packed.append(PackedProof(proof, name))
        activities.append(
            AuditActivity(
                date=draft.date,
                activity=draft.activity,
                provider=draft.provider,
                credits=claim.credits_of(draft.credits),
                category=claim.category or draft.category or "",
                domain=claim.domain or "",
                status=claim.status_text(),
                notes=draft.notes,
                proofs=tuple(packed),
            )
        )
    return AuditPack(code, cert.name, cert.issuer, start, end, today, tuple(activities))


def pack_csv(pack: AuditPack) -> bytes:
    """The pack's activities as the CPE CSV (the claim's credits and category)."""
    rows = [
        CpeRow(
            date=a.date,
            activity=a.activity,
            provider=a.provider,
            credits=a.credits,
            category=a.category or None,
            certifications=(pack.code,),
            notes=a.notes,
        )
        for a in pack.activities
    ]
    return to_csv_text(rows).encode("utf-8-sig")


def default_file_name(pack: AuditPack) -> str:
    return f"audit-pack-{_readable(pack.code, 32).replace(' ', '-')}-{pack.end.isoformat()}.zip"


def write_audit_pack(
    pack: AuditPack,
    store: ProofStore,
    path: pathlib.Path,
    report_pdf: bytes,
) -> int:
    """Write the ZIP to ``path`` atomically; returns the number of proof files in it.

    Raises:
        AuditPackRefused: a proof's content is missing from the proof store (nothing written).
        OSError: the file could not be written (any earlier file is left as it was).
    """
    with tempfile.TemporaryFile() as spool:  # private, removed on close
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(REPORT_NAME, report_pdf)
            archive.writestr(CSV_NAME, pack_csv(pack))
            for activity in pack.activities:
                for packed in activity.proofs:
                    data = store.get(packed.proof.sha256)
                    if data is None:
                        raise AuditPackRefused(
                            f"the proof {packed.proof.name} of “{activity.activity}” is missing "
                            f"from {store.path.name}; nothing was written"
                        )
                    kind = (
                        zipfile.ZIP_DEFLATED
                        if packed.proof.media_type == "text/plain"
                        else zipfile.ZIP_STORED  # PDFs and images are compressed already
                    )
                    archive.writestr(packed.archive_name, data, compress_type=kind)
        spool.seek(0)
        write_atomically(path, _chunks(spool.read))
    return pack.proof_count


def _chunks(read: Callable[[int], bytes]) -> Iterator[bytes]:
    while piece := read(_CHUNK):
        yield piece


def certification_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Certification.code)))
