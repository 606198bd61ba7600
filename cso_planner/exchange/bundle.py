"""The exchange bundle: a ZIP holding the exchange document and every proof file it names.

``cso-planner export FILE.zip`` writes ``cso-planner.json`` (the same v1 document as a
``.json`` export, records naming their ``proofs``) and ``proofs/<sha256>`` for the content of
each; ``import FILE.zip`` reads it back. A ``.json`` file names proofs but carries no content:
it imports only when this database's proof store already holds every file it names (a file
exported on this machine); otherwise it is refused and the bundle is the way to move proofs.

Reading is strict and happens completely before anything changes: only those two kinds of
member, each proof's content hashed and compared with its name, its size and sniffed type with
the document's, every named proof present, at most 25 MiB a proof. The content goes into the
proof store (keyed by hash: nothing existing is touched) right before the database import,
which is all or nothing as ever; a refused import leaves at most unlinked content behind.
"""

from __future__ import annotations

import pathlib
import re
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any, Final

from sqlalchemy.orm import Session, sessionmaker

from cso_planner.db.errors import StorageError
from cso_planner.db.proofs import MAX_PROOF_BYTES, ProofStore, sha256_of, sniff_type
from cso_planner.exchange.errors import ImportRejected, rejected
from cso_planner.exchange.exporter import encode_pieces, export_document
from cso_planner.exchange.importer import import_document
from cso_planner.exchange.safe_json import MAX_BYTES, parse_json
from cso_planner.exchange.schema import check_schema
from cso_planner.exchange.summary import ImportSummary
from cso_planner.exports.atomic import write_atomically
from cso_planner.gc_pause import paused_gc

DOCUMENT_NAME: Final = "cso-planner.json"
PROOF_PREFIX: Final = "proofs/"
_PROOF_MEMBER: Final = re.compile(r"proofs/([0-9a-f]{64})\Z")
MAX_BUNDLE_PROOFS: Final = 100_000
SECTIONS: Final = ("experience", "certifications", "courses", "cpe")


def db_path_of(session_factory: sessionmaker[Session]) -> pathlib.Path:
    """The database file behind the app's session factory (the proof store sits beside it)."""
    engine = session_factory.kw["bind"]
    return pathlib.Path(engine.url.database)


def named_proofs(document: Mapping[str, Any]) -> dict[str, tuple[int, str, str]]:
    """sha256 -> (size, media type, where it is first named) of every proof in the document."""
    out: dict[str, tuple[int, str, str]] = {}
    for section in SECTIONS:
        for index, record in enumerate(document.get(section, [])):
            for position, proof in enumerate(record.get("proofs", [])):
                where = f"{section}[{index}].proofs[{position}]"
                out.setdefault(proof["sha256"], (proof["size"], proof["media_type"], where))
    return out


def write_bundle(session_factory: sessionmaker[Session], path: pathlib.Path) -> ImportSummary:
    """Export the data and its proof files to the ZIP ``path`` atomically.

    Raises:
        StorageError: a named proof's content is missing from the proof store (nothing written).
        OSError: the file could not be written (any previous file is left intact).
    """
    with paused_gc(), session_factory.begin() as session:
        document = export_document(session)
    store = ProofStore.beside(db_path_of(session_factory))
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(DOCUMENT_NAME, b"".join(encode_pieces(document)))
            for digest, (_size, media_type, where) in sorted(named_proofs(document).items()):
                data = store.get(digest)
                if data is None:
                    raise StorageError(
                        f"the proof file named at {where} is missing from {store.path.name}; "
                        "nothing was written"
                    )
                kind = zipfile.ZIP_DEFLATED if media_type == "text/plain" else zipfile.ZIP_STORED
                archive.writestr(PROOF_PREFIX + digest, data, compress_type=kind)
        spool.seek(0)
        write_atomically(path, _chunks(spool))
    return ImportSummary.of(document)


def _chunks(handle: Any) -> Iterator[bytes]:
    while piece := handle.read(1 << 20):
        yield piece


def read_bundle(path: pathlib.Path) -> tuple[bytes, dict[str, bytes]]:
    """The document's bytes and the proofs (sha256 -> content) of the bundle at ``path``.

    Raises:
        ImportRejected: not a ZIP, an unexpected member, a proof whose content does not match
            its name or is over 25 MiB, or no document.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError):
        raise ImportRejected(f"{path.name} is not a ZIP file") from None
    proofs: dict[str, bytes] = {}
    document: bytes | None = None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_BUNDLE_PROOFS + 1:
            raise ImportRejected(f"{path.name} holds more than {MAX_BUNDLE_PROOFS:,} files")
        for info in members:
            name = info.filename
            if info.is_dir():
                continue
            if name == DOCUMENT_NAME:
                if info.file_size > MAX_BYTES:
                    raise ImportRejected(f"{name} in the bundle is too large")
                document = _read(archive, info, MAX_BYTES)
                continue
            match = _PROOF_MEMBER.match(name)
            if match is None:
                raise ImportRejected(
                    f"{name!r} does not belong in a CSO Planner bundle (expected "
                    f"{DOCUMENT_NAME} and {PROOF_PREFIX}<sha256> only)"
                )
            if info.file_size > MAX_PROOF_BYTES:
                raise ImportRejected(f"{name}: a proof file can be at most 25 MiB")
            data = _read(archive, info, MAX_PROOF_BYTES)
            if sha256_of(data) != match.group(1):
                raise ImportRejected(f"{name}: the content does not match its SHA-256")
            proofs[match.group(1)] = data
    if document is None:
        raise ImportRejected(f"{path.name} has no {DOCUMENT_NAME}")
    return document, proofs


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportRejected(f"{info.filename} cannot be read from the bundle: {exc}") from None
    if len(data) > limit:
        raise ImportRejected(f"{info.filename} in the bundle is too large")
    return data


def check_proofs_present(
    document: Mapping[str, Any], store: ProofStore, carried: Mapping[str, bytes]
) -> None:
    """Refuse a document naming a proof that is neither carried nor already stored, or whose
    carried content is not what the document says (size, type sniffed from the content)."""
    stored: set[str] | None = None
    for digest, (size, media_type, where) in named_proofs(document).items():
        data = carried.get(digest)
        if data is None:
            if stored is None:
                stored = store.digests()
            if digest not in stored:
                raise ImportRejected(
                    f"{where}: the file is not in this database's proofs and not carried by "
                    "the file (export a .zip bundle to move proof files)"
                )
            continue
        if len(data) != size:
            raise rejected(_path(where, "size"), f"the file holds {len(data)} bytes, not {size}")
        sniffed = sniff_type(data)
        if sniffed != media_type:
            raise rejected(
                _path(where, "media_type"),
                f"the file's content is {sniffed or 'not a proof type'}, not {media_type}",
            )


def _path(where: str, field: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for piece in re.findall(r"[a-z_]+|\d+", where):
        parts.append(int(piece) if piece.isdigit() else piece)
    return (*parts, field)


def import_file(
    session_factory: sessionmaker[Session], path: pathlib.Path, data: bytes | None = None
) -> ImportSummary:
    """Import a ``.json`` document or a ``.zip`` bundle at ``path``; all or nothing.

    Raises:
        ImportRejected: the file is refused; nothing changed in the database.
        OSError: the file cannot be read.
    """
    store = ProofStore.beside(db_path_of(session_factory))
    carried: dict[str, bytes] = {}
    if path.suffix.lower() == ".zip":
        data, carried = read_bundle(path)
    elif data is None:
        from cso_planner.exchange.cli import read_import_file

        data = read_import_file(path)
    document = parse_json(data)
    check_schema(document)
    check_proofs_present(document, store, carried)
    store_carried(store, document, carried)
    return import_document(session_factory, data)


def store_carried(
    store: ProofStore, document: Mapping[str, Any], carried: Mapping[str, bytes]
) -> None:
    """Put the carried proofs the document names into the store (before its rows go in)."""
    wanted = [carried[d] for d in named_proofs(document) if d in carried]
    if wanted:
        store.put_many(wanted)
