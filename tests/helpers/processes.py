"""Real second processes for the writer tests: the GUI holding a file, the CLI, a long import.

``gui_holding(path)`` starts the real planner window (``python -m cso_planner --db PATH``,
offscreen) and waits until it has taken ``<db>.lock`` and opened the database (its
``.open-<pid>`` marker), exactly as a person's window would; the window is killed at the end.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parents[2]


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``cso-planner ARGS`` in a subprocess, as a terminal would run it."""
    return subprocess.run(
        [sys.executable, "-m", "cso_planner", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(),
    )


def start_cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cso_planner", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def wait_for(condition: object, what: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def gui_holding(db_path: pathlib.Path) -> Iterator[subprocess.Popen[str]]:
    """The real window, in its own process, with ``db_path`` open."""
    window = subprocess.Popen(
        [sys.executable, "-m", "cso_planner", "--db", str(db_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    marker = f"{db_path.name}.open-{window.pid}-"
    try:

        def opened() -> bool:
            if window.poll() is not None:
                raise AssertionError(f"the window exited: {window.stderr.read()}")  # type: ignore[union-attr]
            lock = db_path.with_name(db_path.name + ".lock")
            return lock.exists() and any(
                p.name.startswith(marker) for p in db_path.parent.iterdir()
            )

        wait_for(opened, "the window to open the database")
        yield window
    finally:
        if window.poll() is None:
            window.send_signal(signal.SIGKILL)
        window.wait(timeout=30)
        if window.stderr is not None:
            window.stderr.close()
