"""The hidden ``.partial`` files of an export or backup killed half-way, removed at next start.

An export is written to a hidden temporary file beside its destination and renamed into place
(:mod:`cso_planner.exports.atomic`); a kill (or a power cut) between the two leaves that file,
with the person's data in it, in whatever folder they chose. So each writer first leaves a
*ticket* naming the temporary file and its process in the app's own data folder, and removes it
when done. At the next start, :func:`clean_stale` deletes the temporary file of every ticket
whose process is gone. Tickets are best effort: when they cannot be written (a read-only data
folder) the export goes ahead and only the clean-up is lost.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import secrets

from cso_planner.db.shutdown import _pid_alive as pid_alive  # one liveness test for both
from cso_planner.paths import default_data_dir, ensure_private_dir

TICKET_DIRNAME = ".partials"
PARTIAL_SUFFIXES = (".partial",)


def tickets_dir() -> pathlib.Path:
    return default_data_dir() / TICKET_DIRNAME


def register(temporary: pathlib.Path) -> pathlib.Path | None:
    """Leave a ticket for ``temporary`` (absolute); returns it, or ``None`` when it cannot."""
    folder = tickets_dir()
    ticket = folder / f"{os.getpid()}-{secrets.token_hex(6)}"
    try:
        ensure_private_dir(folder)
        fd = os.open(ticket, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, os.fsencode(temporary.absolute()))
        finally:
            os.close(fd)
    except OSError:
        return None
    return ticket


def release(ticket: pathlib.Path | None) -> None:
    """The temporary file was renamed into place or removed: forget it."""
    if ticket is not None:
        with contextlib.suppress(OSError):
            ticket.unlink()


def clean_stale() -> list[pathlib.Path]:
    """Delete the temporary files whose writers died; returns the files deleted.

    Only a hidden name ending in ``.partial`` is ever deleted, whatever a ticket says.
    """
    folder = tickets_dir()
    try:
        tickets = list(folder.iterdir())
    except OSError:
        return []
    removed = []
    for ticket in tickets:
        try:
            pid = int(ticket.name.split("-", 1)[0])
        except ValueError:
            continue
        if pid_alive(pid):
            continue
        try:
            target = pathlib.Path(os.fsdecode(ticket.read_bytes()))
        except OSError:
            continue
        if target.name.startswith(".") and target.name.endswith(PARTIAL_SUFFIXES):
            with contextlib.suppress(FileNotFoundError, OSError):
                target.unlink()
                removed.append(target)
        release(ticket)
    return removed
