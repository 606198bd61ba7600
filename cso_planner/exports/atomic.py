"""Write a file all at once: a failed or cancelled export leaves the previous file intact."""

from __future__ import annotations

import contextlib
import os
import pathlib
import tempfile
from collections.abc import Iterable

from cso_planner import partials


def write_atomically(path: pathlib.Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it into place.

    ``data`` may be given in pieces (an iterable of bytes, written as they come, so a large
    export is never held whole in memory); an exception from it leaves no file either.
    The temporary file is private (0600, from ``mkstemp``), so the exported data is too.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        # Name the file the user asked for, not the temporary one beside it.
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    tmp = pathlib.Path(tmp_name)
    ticket = partials.register(tmp)  # a kill before the rename: removed at the next start
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        partials.release(ticket)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    partials.release(ticket)
    # Make the rename itself durable; not every platform can fsync a folder.
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
