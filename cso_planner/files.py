"""Read a file the person named, refusing anything that is not a regular file at once.

A named pipe (FIFO), a character device or a socket would block ``open()`` or ``read()`` forever
(or never end); a folder cannot be read. The file is opened with ``O_NONBLOCK`` (which returns
at once even for a FIFO without a writer) and checked with ``fstat`` on the very descriptor that
is then read, so nothing can be swapped in between.
"""

from __future__ import annotations

import os
import pathlib
import stat


class NotARegularFileError(OSError):
    """The path names a folder, a named pipe, a device or a socket, not a file to read."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular_file(path: pathlib.Path) -> tuple[int, int]:
    """Open ``path`` for reading without blocking; returns ``(fd, size)``. Close ``fd`` after.

    Raises:
        NotARegularFileError: not a regular file (nothing was read, nothing waited for).
        OSError: the file cannot be opened.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs to wait on
    flags = os.O_RDONLY | nonblocking | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            raise NotARegularFileError(
                f"{path} is {kind}, not a file that can be imported"
                if kind != "not a regular file"
                else f"{path} is not a regular file, so it cannot be imported"
            )
        if nonblocking:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_regular_file(path: pathlib.Path, limit: int) -> tuple[bytes, int]:
    """At most ``limit`` bytes of the regular file ``path``, and its size from ``fstat``.

    Raises:
        NotARegularFileError, OSError: as :func:`open_regular_file`.
    """
    fd, size = open_regular_file(path)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit), size
