"""The proof store: the content of attached proof files, in a second SQLite file.

Proof files (certificates of completion, employer letters) are kept in
``<database stem>.proofs.sqlite3`` beside the database, one row per distinct content keyed by
its SHA-256: the same file attached twice is stored once. The database's ``attachment`` table
says which file belongs to which activity, course, certification or job, under which name.

Why a second file: the database is copied into up to 17 rotated backups; 200 MiB of proofs in
each would be 3.4 GB. Content never changes once stored (its key is its hash) and is never
deleted by removing an attachment (undo, and older backups, still find it), so one backup copy
of the proof store, topped up with the new rows only (:func:`mirror_into`), is enough for any
of the database's backups.

The file is private (0600), written in one transaction per file added, and never read as code:
the type of a file is sniffed from its first bytes (PDF, PNG, JPEG or plain text), not its name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pathlib
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Final

from cso_planner.paths import make_private

MAX_PROOF_BYTES: Final = 25 * 1024 * 1024
MAX_PROOF_TEXT: Final = "25 MiB"
SUFFIX: Final = ".proofs.sqlite3"
MEDIA_TYPES: Final = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "text/plain": ".txt",
}
_SCHEMA: Final = (
    "CREATE TABLE IF NOT EXISTS proof ("
    " sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),"
    " size INTEGER NOT NULL CHECK (size >= 0),"
    " data BLOB NOT NULL"
    ") WITHOUT ROWID"
)


class ProofRejected(ValueError):
    """A file that cannot be attached; the message names the file and the problem."""


def proofs_path(db_path: pathlib.Path) -> pathlib.Path:
    """Where the proofs of ``db_path`` live: ``cso-planner.proofs.sqlite3`` beside it."""
    return db_path.with_name(db_path.stem + SUFFIX)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff_type(data: bytes) -> str | None:
    """The media type read from the content (None: not a PDF, PNG, JPEG or plain text)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return None
    return "text/plain"


def read_proof_file(path: pathlib.Path) -> tuple[bytes, str]:
    """Read a file to attach: its bytes and sniffed media type.

    Raises:
        ProofRejected: unreadable, over 25 MiB, empty, or not a PDF, PNG, JPEG or text file.
    """
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_PROOF_BYTES:
            raise ProofRejected(_too_large(name, size))
        with open(path, "rb") as handle:
            data = handle.read(MAX_PROOF_BYTES + 1)
    except OSError as exc:
        raise ProofRejected(f"{name} could not be read: {exc.strerror or exc}.") from None
    return data, check_proof(name, data)


def check_proof(name: str, data: bytes) -> str:
    """The media type of ``data``; refuses what ``read_proof_file`` refuses."""
    if len(data) > MAX_PROOF_BYTES:
        raise ProofRejected(_too_large(name, len(data)))
    if not data:
        raise ProofRejected(f"{name} is empty.")
    media_type = sniff_type(data)
    if media_type is None:
        raise ProofRejected(
            f"{name} is not a PDF, PNG, JPEG or plain-text file (judged by its content)."
        )
    return media_type


def _too_large(name: str, size: int) -> str:
    mib = size / (1024 * 1024)
    return f"{name} is {mib:.1f} MiB; a proof file can be at most {MAX_PROOF_TEXT}."


class ProofStore:
    """The proof file of one database; every call opens and closes its own connection."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, db_path: pathlib.Path) -> ProofStore:
        return cls(proofs_path(db_path))

    @contextlib.contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection]:
        if create and not self.path.exists():
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        make_private(self.path)
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=5)
        try:
            connection.execute("PRAGMA synchronous = FULL")
            if create:
                connection.execute(_SCHEMA)
            yield connection
        finally:
            connection.close()
            for suffix in ("-journal", "-wal", "-shm"):
                make_private(self.path.with_name(self.path.name + suffix))

    def put(self, data: bytes) -> str:
        """Store ``data`` (once per content) and return its SHA-256."""
        digest = sha256_of(data)
        with self._connect(create=True) as connection:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT OR IGNORE INTO proof (sha256, size, data) VALUES (?, ?, ?)",
                (digest, len(data), data),
            )
            connection.execute("COMMIT")
        return digest

    def get(self, digest: str) -> bytes | None:
        """The content stored under ``digest`` (None when it is not there)."""
        if not self.path.exists():
            return None
        with self._connect(create=False) as connection:
            try:
                row = connection.execute(
                    "SELECT data FROM proof WHERE sha256 = ?", (digest,)
                ).fetchone()
            except sqlite3.OperationalError:  # no table yet
                return None
        return None if row is None else bytes(row[0])

    def digests(self) -> set[str]:
        if not self.path.exists():
            return set()
        with self._connect(create=False) as connection:
            try:
                return {r[0] for r in connection.execute("SELECT sha256 FROM proof")}
            except sqlite3.OperationalError:
                return set()

    def put_many(self, items: Iterable[bytes]) -> list[str]:
        """Store several contents in one transaction; their SHA-256s in order."""
        digests = []
        with self._connect(create=True) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for data in items:
                    digest = sha256_of(data)
                    connection.execute(
                        "INSERT OR IGNORE INTO proof (sha256, size, data) VALUES (?, ?, ?)",
                        (digest, len(data), data),
                    )
                    digests.append(digest)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        return digests


def mirror_into(source: ProofStore, target: ProofStore) -> int:
    """Copy the proofs ``target`` lacks from ``source`` (nothing is deleted); returns how many.

    Content is immutable and keyed by its hash, so this is a complete backup of ``source``
    after it ran, and costs nothing when no proof was added since the last run.
    """
    if not source.path.exists():
        return 0
    missing = source.digests() - target.digests()
    if not missing:
        return 0
    with target._connect(create=True) as connection:
        connection.execute("ATTACH DATABASE ? AS source", (str(source.path),))
        connection.execute("BEGIN IMMEDIATE")
        cursor = connection.execute(
            "INSERT OR IGNORE INTO main.proof (sha256, size, data) "
            "SELECT sha256, size, data FROM source.proof"
        )
        copied = cursor.rowcount
        connection.execute("COMMIT")
        result = connection.execute("PRAGMA main.quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise sqlite3.DatabaseError(f"the proof backup failed its check: {result}")
    return max(copied, len(missing))
