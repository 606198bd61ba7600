"""The ``import`` and ``export`` commands, called by :mod:`cso_planner.cli` with an open database.

Each prints one summary line. A refused file raises ``ImportRejected`` (prefixed with the file
name) and OS problems raise ``OSError``; the top-level CLI turns both into one stderr line.
"""

from __future__ import annotations

import pathlib
from typing import TextIO

from sqlalchemy.orm import Session, sessionmaker

from cso_planner.exchange.errors import ImportRejected
from cso_planner.exchange.exporter import write_export
from cso_planner.exchange.safe_json import MAX_BYTES, oversize


def read_import_file(path: pathlib.Path) -> bytes:
    """Read ``path``, refusing an oversize file from its size before reading any of it.

    At most ``MAX_BYTES + 1`` bytes are read, so a file that grows after ``stat`` is still
    caught by the parser's own size check rather than filling memory.
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportRejected(f"{path}: {oversize(size)}")
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def run_import(session_factory: sessionmaker[Session], path: pathlib.Path, out: TextIO) -> int:
    """Replace the user's data with the exchange file at ``path``; returns the exit code 0.

    Raises:
        ImportRejected: the file is refused (the database is unchanged).
        OSError: the file cannot be read.
    """
    from cso_planner.exchange.bundle import import_file

    data = None if path.suffix.lower() == ".zip" else read_import_file(path)
    try:
        summary = import_file(session_factory, path, data)
    except ImportRejected as exc:
        raise ImportRejected(f"{path}: {exc}") from None
    print(f"Imported {summary.describe()} from {path}", file=out)
    return 0


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
