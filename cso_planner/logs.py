"""The app's log: what went wrong, for the person and for a bug report, without their data.

One rotating file, ``cso-planner.log``, in the per-user log folder (platformdirs; e.g.
``~/.local/state/cso-planner/log`` on Linux), at most ``MAX_BYTES`` × (1 + ``BACKUP_COUNT``)
bytes, private (0600 in a 0700 folder). Each line has a timestamp; a session starts with the
app, Python and Qt versions.

Privacy: the log never holds what the person typed. An unexpected error is logged as its type
and traceback (file, line, function, code) — not its message, which may quote a name, a note
or a credential ID — and storage errors never carry SQL parameters (the engine hides them).
Logging must never break the app: a log folder that cannot be written is skipped silently.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import pathlib
import platform
import traceback
from types import TracebackType

from cso_planner import __version__

LOG_DIR_ENV = "CSO_PLANNER_LOG_DIR"
LOG_FILENAME = "cso-planner.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 3
LOGGER = "cso_planner"
WITHHELD = "(message withheld from the log: it may quote your data)"

_handler: logging.FileHandler | None = None


def log_dir() -> pathlib.Path:
    """The folder of the log file (``$CSO_PLANNER_LOG_DIR`` overrides, for tests)."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return pathlib.Path(override)
    import platformdirs  # local: keeps ``cso-planner --help`` light

    return pathlib.Path(platformdirs.user_log_dir("cso-planner", appauthor=False))


def log_path() -> pathlib.Path:
    return log_dir() / LOG_FILENAME


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating file whose every generation is created 0600, whatever the umask."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)


def setup(kind: str, versions: dict[str, str] | None = None) -> pathlib.Path | None:
    """Start logging to the file (once per process); returns its path, or None if unwritable.

    Args:
        kind: ``"gui"`` or ``"cli"``, written in the session's first line.
        versions: more versions to record (e.g. ``{"Qt": "6.11.3"}``).
    """
    global _handler
    path = log_path()
    if _handler is not None:
        if pathlib.Path(_handler.baseFilename) == path.absolute():
            return path
        shutdown()  # the log folder moved (tests point it elsewhere): follow it
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(OSError):
            os.chmod(path.parent, 0o700)
        handler = _PrivateRotatingHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    _handler = handler
    parts = [f"CSO Planner {__version__} ({kind})", f"Python {platform.python_version()}"]
    parts += [f"{name} {version}" for name, version in (versions or {}).items()]
    parts.append(platform.platform(terse=True))
    logger.info("session start: %s", ", ".join(parts))
    return path


def shutdown() -> None:
    """Flush and close the file (tests, and the end of a GUI session)."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER).removeHandler(_handler)
        _handler.close()
        _handler = None


def describe(exc: BaseException) -> str:
    """The error's type and traceback, with every message withheld (see the module doc)."""
    summary = traceback.TracebackException.from_exception(exc, capture_locals=False)
    lines: list[str] = []
    for link in _chain(summary):
        lines.append("Traceback (most recent call last):")
        lines.extend(line.rstrip("\n") for line in link.stack.format())
        lines.append(f"{_type_name(link)}: {WITHHELD}")
    return "\n".join(lines)


def _type_name(summary: traceback.TracebackException) -> str:
    exc_type = getattr(summary, "exc_type", None)
    if exc_type is None:
        return str(getattr(summary, "exc_type_str", "Exception"))
    return f"{exc_type.__module__}.{exc_type.__qualname__}"


def _chain(summary: traceback.TracebackException) -> list[traceback.TracebackException]:
    """The exception and the ones it was raised from, oldest first (as Python prints them)."""
    chain: list[traceback.TracebackException] = []
    current: traceback.TracebackException | None = summary
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def log_unexpected(
    exc: BaseException, where: str, tb: TracebackType | None = None
) -> pathlib.Path | None:
    """Record an unexpected error (a bug); returns the log's path if it was written."""
    if tb is not None and exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    path = setup("cli" if where == "command" else "gui")
    if path is None:
        return None  # never fall back to Python's stderr handler: no traceback on screen
    logging.getLogger(LOGGER).error("unexpected error in %s\n%s", where, describe(exc))
    if _handler is not None:
        _handler.flush()
    return path
