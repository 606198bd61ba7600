"""The ``import`` and ``export`` commands, called by :mod:`cso_planner.cli` with an open database.

Each prints one summary line. A refused file raises ``ImportRejected`` (prefixed with the file
name) and OS problems raise ``OSError``; the top-level CLI turns both into one stderr line.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable
from typing import TextIO

from sqlalchemy.orm import Session, sessionmaker

from cso_planner.exchange.errors import ImportRejected
from cso_planner.exchange.exporter import write_export
from cso_planner.exchange.importer import import_document
from cso_planner.exchange.safe_json import MAX_BYTES, oversize, parse_json
from cso_planner.exchange.schema import check_schema
from cso_planner.exchange.validate import Catalog, validate_document
from cso_planner.files import NotARegularFileError, open_regular_file


def read_import_file(path: pathlib.Path) -> bytes:
    """Read ``path``, refusing an oversize file from its size before reading any of it.

    At most ``MAX_BYTES + 1`` bytes are read, so a file that grows after ``stat`` is still
    caught by the parser's own size check rather than filling memory.
    """
    try:
        fd, size = open_regular_file(path)  # a named pipe or a device is refused, not waited on
    except NotARegularFileError as exc:
        raise ImportRejected(str(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        if size > MAX_BYTES:
            raise ImportRejected(f"{path}: {oversize(size)}")
        return handle.read(MAX_BYTES + 1)


def run_import(
    session_factory: sessionmaker[Session],
    path: pathlib.Path,
    out: TextIO,
    *,
    backup: Callable[[], pathlib.Path] | None = None,
) -> int:
    """Replace the user's data with the exchange file at ``path``; returns the exit code 0.

    Args:
        backup: writes a verified backup of the database and returns where; called once the
            file has passed every check and before anything is replaced, when there is data
            to lose. Its path is printed.

    Raises:
        ImportRejected: the file is refused (the database is unchanged, no backup made).
        BackupFailedError: the backup failed; nothing was imported.
        OSError: the file cannot be read.
    """
    from cso_planner.db.proofs import ProofStore
    from cso_planner.exchange.bundle import (
        check_proofs_present,
        db_path_of,
        read_bundle,
        store_carried,
    )

    carried: dict[str, bytes] = {}
    is_bundle = path.suffix.lower() == ".zip"
    data = b"" if is_bundle else read_import_file(path)  # names the file itself when refused
    try:
        if is_bundle:
            data, carried = read_bundle(path)
        document = parse_json(data)
        check_schema(document)
        store = ProofStore.beside(db_path_of(session_factory))
        check_proofs_present(document, store, carried)
        if backup is not None:
            with session_factory() as session:
                validate_document(document, Catalog.load(session), None)
                lose = has_user_data(session)
            if lose:
                where = _backed_up(backup)
                print(f"Backed up your previous data to {where}", file=out)
        store_carried(store, document, carried)
        summary = import_document(session_factory, data)
    except ImportRejected as exc:
        raise ImportRejected(f"{path}: {exc}") from None
    print(f"Imported {summary.describe()} from {path}", file=out)
    return 0


def _backed_up(backup: Callable[[], pathlib.Path]) -> pathlib.Path:
    from cso_planner.db.errors import BackupFailedError

    try:
        return backup()
    except (OSError, BackupFailedError) as exc:
        if isinstance(exc, OSError):
            where = f" ({exc.filename})" if exc.filename else ""
            why = f"{exc.strerror or exc}{where}"
        else:
            why = str(exc)
        raise BackupFailedError(
            f"the backup before the import could not be written: {why}; nothing was imported"
        ) from exc


def has_user_data(session: Session) -> bool:
    """Anything an import would replace: a row of the user's own, or a rule correction."""
    from sqlalchemy import or_, select

    from cso_planner.db.models import Rule
    from cso_planner.exchange.importer import USER_TABLES

    if any(session.scalar(select(model).limit(1)) is not None for model in USER_TABLES):
        return True
    corrected = select(Rule.key).where(
        or_(Rule.user_params_json.is_not(None), Rule.user_notes != "")
    )
    return session.scalar(corrected.limit(1)) is not None


def run_export(session_factory: sessionmaker[Session], path: pathlib.Path, out: TextIO) -> int:
    """Write all the user's data to ``path`` (atomically, 0600); returns the exit code 0.

    Raises:
        OSError: the file cannot be written (any previous file at ``path`` is left intact).
    """
    if path.suffix.lower() == ".zip":
        from cso_planner.exchange.bundle import write_bundle

        summary = write_bundle(session_factory, path)
    else:
        summary = write_export(session_factory, path)
    print(f"Exported {summary.describe()} to {path}", file=out)
    return 0
