"""Proof files attached to a CPE activity, a course, a held certification or a job.

A :class:`Proof` is the value a draft carries (hash, name, type, size, date added); the content
itself is in the proof store (:mod:`cso_planner.db.proofs`), written *before* the transaction
that links it, so a failed save leaves at most an unlinked file in the store, never a link
without content. Adding and removing proofs is part of editing the row they belong to, so undo
and redo bring them back with it. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import os
import pathlib
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import Final

from sqlalchemy import delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cso_planner.db.models import ATTACHMENT_OWNERS, Attachment
from cso_planner.db.proofs import MEDIA_TYPES, ProofStore, check_proof, read_proof_file

MAX_NAME: Final = 120


@dataclasses.dataclass(frozen=True)
class Proof:
    sha256: str
    name: str
    media_type: str
    size: int
    added_on: dt.date


def _owner_column(kind: str) -> InstrumentedAttribute[int | None]:
    if kind not in ATTACHMENT_OWNERS:
        raise ValueError(f"not something a proof can be attached to: {kind!r}")
    column: InstrumentedAttribute[int | None] = getattr(Attachment, f"{kind}_id")
    return column


def safe_name(name: str, media_type: str) -> str:
    """A file name fit to show and to write into an archive: the last path part, no control
    characters, no leading dots, at most 120 characters, ending in the sniffed type's suffix."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    suffix = MEDIA_TYPES.get(media_type, "")
    stem, dot, ext = base.rpartition(".")
    if dot and ("." + ext.lower() in (suffix, ".jpeg") or ext.lower() == "text"):
        base = stem
    base = base.strip() or "proof"
    return base[: MAX_NAME - len(suffix)] + suffix


def proof_from_file(store: ProofStore, path: pathlib.Path, today: dt.date) -> Proof:
    """Check and store the file at ``path``; the proof to put in a draft.

    Raises:
        ProofRejected: the file is refused (too large, wrong type, unreadable); nothing stored.
    """
    data, media_type = read_proof_file(path)
    return _stored(store, path.name, data, media_type, today)


def proof_from_bytes(store: ProofStore, name: str, data: bytes, today: dt.date) -> Proof:
    """As :func:`proof_from_file`, for content already read (an archive's member)."""
    return _stored(store, name, data, check_proof(name, data), today)


def _stored(store: ProofStore, name: str, data: bytes, media_type: str, today: dt.date) -> Proof:
    digest = store.put(data)
    return Proof(digest, safe_name(name, media_type), media_type, len(data), today)


def proofs_of(session: Session, kind: str, owner_id: int) -> tuple[Proof, ...]:
    column = _owner_column(kind)
    t = Attachment.__table__.c
    rows = session.execute(
        select(t.sha256, t.name, t.media_type, t.size, t.added_on)
        .where(column == owner_id)
        .order_by(t.id)
    )
    return tuple(Proof(*row) for row in rows)


def proofs_by_owner(
    session: Session, kind: str, owners: Collection[int] | None = None
) -> dict[int, tuple[Proof, ...]]:
    """Every proof of ``kind``'s rows (or of the ``owners`` alone), by owner id (one query)."""
    column = _owner_column(kind)
    t = Attachment.__table__.c
    which = column.is_not(None) if owners is None else column.in_(owners)
    out: dict[int, list[Proof]] = {}
    for owner, *fields in session.execute(
        select(column, t.sha256, t.name, t.media_type, t.size, t.added_on)
        .where(which)
        .order_by(t.id)
    ):
        out.setdefault(owner, []).append(Proof(*fields))
    return {owner: tuple(proofs) for owner, proofs in out.items()}


def set_proofs(session: Session, kind: str, owner_id: int, proofs: Iterable[Proof]) -> None:
    """Make ``proofs`` exactly the proofs of the row (in this order).

    Proofs already as wanted are not written again: a write that deletes from the attachment
    table (even no rows) reloads every screen that shows proofs (the Experience, Courses and
    Certifications screens after each CPE edit).
    """
    wanted = tuple(proofs)
    if proofs_of(session, kind, owner_id) == wanted:
        return
    column = _owner_column(kind)
    session.execute(delete(Attachment).where(column == owner_id))
    session.add_all(
        Attachment(
            sha256=p.sha256,
            name=p.name,
            media_type=p.media_type,
            size=p.size,
            added_on=p.added_on,
            **{column.key: owner_id},
        )
        for p in wanted
    )


def validate_proofs(proofs: Sequence[Proof]) -> str | None:
    """Why these proofs cannot be saved (None: they can)."""
    for proof in proofs:
        if not re.fullmatch(r"[0-9a-f]{64}", proof.sha256):
            return f"{proof.name}: not a stored proof."
        if proof.media_type not in MEDIA_TYPES:
            return f"{proof.name}: {proof.media_type} is not a proof type."
        if not proof.name or len(proof.name) > MAX_NAME:
            return f"a proof's name must be 1 to {MAX_NAME} characters."
    if len({p.sha256 for p in proofs}) != len(proofs):
        return "the same file is attached twice."
    return None


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


# --- private temporary copies for the system viewer ----------------------------------------

_temp_dir: pathlib.Path | None = None


def temp_copy(store: ProofStore, proof: Proof) -> pathlib.Path:
    """Write ``proof`` to a private temporary file (folder 0700, file 0600) to open it with.

    The name ends in the suffix of the type sniffed from the content (``.pdf``, ``.png``,
    ``.jpg``, ``.txt``), so the system viewer opens it as that and never as a program. Every
    copy is removed by :func:`remove_temp_copies` (at quit, and at interpreter exit).

    Raises:
        FileNotFoundError: the proof store does not hold this content.
    """
    global _temp_dir
    data = store.get(proof.sha256)
    if data is None:
        raise FileNotFoundError(f"the content of {proof.name} is missing from the proof store")
    if _temp_dir is None or not _temp_dir.is_dir():
        _temp_dir = pathlib.Path(tempfile.mkdtemp(prefix="cso-planner-proofs-"))
        os.chmod(_temp_dir, 0o700)
        atexit.register(remove_temp_copies)
    folder = pathlib.Path(tempfile.mkdtemp(dir=_temp_dir))  # one per copy: names never clash
    path = folder / safe_name(proof.name, proof.media_type)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def remove_temp_copies() -> None:
    """Delete every temporary copy made by :func:`temp_copy`."""
    global _temp_dir
    if _temp_dir is not None:
        shutil.rmtree(_temp_dir, ignore_errors=True)
        _temp_dir = None
