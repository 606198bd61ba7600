"""Real disk faults for tests: a small tmpfs that fills up, a read-only mount, an EIO shim.

* :func:`small_disk` mounts a tmpfs of a few hundred KB (needs root or CAP_SYS_ADMIN; the test
  is skipped otherwise) and :func:`fill` writes to it until the kernel answers ``ENOSPC``.
* :func:`read_only` makes a folder or file read-only for real: a read-only bind mount when the
  tests run as root (root ignores file modes), ``chmod`` otherwise.
* :func:`io_fault_env` returns the environment for a subprocess whose real ``read``/``pread64``
  (or ``write``/``pwrite64``) calls on one file fail with a chosen errno: an ``LD_PRELOAD``
  shim (``io_fault_shim.c``, built with the system C compiler; skipped when there is none).
"""

from __future__ import annotations

import contextlib
import errno
import os
import pathlib
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator

import pytest

SHIM_SOURCE = pathlib.Path(__file__).with_name("io_fault_shim.c")


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


def _umount(path: pathlib.Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


@contextlib.contextmanager
def small_disk(path: pathlib.Path, size_kb: int = 2048) -> Iterator[pathlib.Path]:
    """A tmpfs of ``size_kb`` mounted at ``path`` (created) for the duration."""
    path.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    result = _mount("-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(path))
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield path
    finally:
        _umount(path)


def fill(folder: pathlib.Path, leave_bytes: int = 0) -> pathlib.Path:
    """Write a filler file in ``folder`` until the disk is full (then free ``leave_bytes``)."""
    filler = folder / "filler.bin"
    block = b"\0" * 4096
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    if leave_bytes:
        size = filler.stat().st_size
        os.truncate(filler, max(0, size - leave_bytes))
    return filler


@contextlib.contextmanager
def read_only(path: pathlib.Path) -> Iterator[pathlib.Path]:
    """Make ``path`` (a folder or a file) read-only for real for the duration."""
    if os.geteuid() == 0:
        bind = _mount("--bind", str(path), str(path))
        if bind.returncode != 0:
            pytest.skip(f"cannot bind-mount here: {bind.stderr.strip()}")
        remount = _mount("-o", "remount,bind,ro", str(path))
        if remount.returncode != 0:
            _umount(path)
            pytest.skip(f"cannot remount read-only here: {remount.stderr.strip()}")
        try:
            yield path
        finally:
            _umount(path)
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    path.chmod(mode & ~0o222)
    try:
        yield path
    finally:
        path.chmod(mode)


def shim_library(folder: pathlib.Path) -> pathlib.Path:
    """Build the EIO/ENOSPC shim into ``folder`` (skips the test without a C compiler)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the I/O fault shim uses LD_PRELOAD and /proc (Linux)")
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler for the I/O fault shim")
    library = folder / "io_fault_shim.so"
    if not library.exists():
        subprocess.run(
            [compiler, "-shared", "-fPIC", "-O1", "-o", str(library), str(SHIM_SOURCE), "-ldl"],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return library


def io_fault_env(
    library: pathlib.Path,
    target: pathlib.Path,
    *,
    error: int = errno.EIO,
    ops: str = "read",
    after: int = 0,
) -> dict[str, str]:
    """Environment variables making ``target``'s real reads (or writes) fail with ``error``
    after ``after`` calls succeeded (add them to a subprocess's environment)."""
    return {
        "LD_PRELOAD": str(library),
        "CSO_FAULT_PATH": str(target.resolve()),
        "CSO_FAULT_ERRNO": str(error),
        "CSO_FAULT_OPS": ops,
        "CSO_FAULT_AFTER": str(after),
    }
