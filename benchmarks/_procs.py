"""Whole-process measurements shared by the benchmarks (not a benchmark itself).

What a person gets is a cold process: a fresh interpreter importing compiled bytecode, as an
installed app has it (``pip install`` compiles every module). So every child runs with a private
``PYTHONPYCACHEPREFIX`` filled by ``compileall`` before the first timing (nothing is written
into the checkout), and without ``PYTHONDONTWRITEBYTECODE``.

``timed_run`` starts a process and returns how long until it printed ``painted <monotonic>``
(the app's ``CSO_PLANNER_QUIT_AFTER_PAINT`` hook, and the bare window below do), or until it
exited, together with its peak resident set (``wait4``'s ``ru_maxrss``). ``Xvfb`` starts a
virtual X server so the same processes run on the real ``xcb`` platform plugin too.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

ROOT = pathlib.Path(__file__).resolve().parents[1]
TIMEOUT_S = 180

# The baseline window: a bare PySide6 QMainWindow with a label, the same size as the app's, that
# reports its first paint the way the app does.
BARE_WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1200, 760)

class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.painted_at = time.monotonic()  # as the app's hook does
            QTimer.singleShot(0, self.painted)
        return False

    def painted(self):
        print(f"painted {self.painted_at:.6f}", flush=True)
        window.close()

watch = Watch()
window.centralWidget().installEventFilter(watch)
window.show()
app.exec()
"""

SQLITE_ONLY = "import sqlite3"


@dataclasses.dataclass
class Sample:
    """Wall seconds (to the paint mark or the exit), peak RSS, and the CPU seconds the process
    used (user + system: far less moved than wall time by other processes on the machine)."""

    seconds: float
    rss_mb: float
    cpu: float = 0.0


def base_env(folder: pathlib.Path, platform: str, display: str | None = None) -> dict[str, str]:
    """The children's environment: the checkout on the path, compiled bytecode, a private
    settings and data folder, no first-run wizard, the given Qt platform."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONPYCACHEPREFIX=str(folder / "pycache"),
        CSO_PLANNER_DATA_DIR=str(folder / "data"),
        CSO_PLANNER_NO_WIZARD="1",
        XDG_CONFIG_HOME=str(folder / "config"),
        QT_QPA_PLATFORM=platform,
    )
    if display:
        env["DISPLAY"] = display
    return env


def compile_bytecode(env: dict[str, str]) -> None:
    """Compile the package into the private prefix, as an install does."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "cso_planner")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def open_on(env: dict[str, str], screen: str) -> None:
    """Make the next app start open on ``screen`` (the setting the app saves at exit)."""
    folder = pathlib.Path(env["XDG_CONFIG_HOME"]) / "cso-planner"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cso-planner.conf").write_text(f"[window]\nscreen={screen}\n", encoding="utf-8")


def timed_run(command: Sequence[str], env: dict[str, str]) -> Sample:
    """Run ``command``; seconds until it printed ``painted <t>`` (else until it exited), and
    its peak RSS in MB. A failure or a hang (``TIMEOUT_S``) stops the benchmark loudly."""
    start = time.monotonic()
    process = subprocess.Popen(
        list(command), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    streams: dict[str, str] = {}

    def read(name: str, stream: IO[str]) -> None:
        streams[name] = stream.read()

    readers = [
        threading.Thread(target=read, args=(name, stream))
        for name, stream in (("out", process.stdout), ("err", process.stderr))
        if stream is not None
    ]
    for reader in readers:
        reader.start()
    watchdog = threading.Timer(TIMEOUT_S, process.kill)
    watchdog.start()
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    finally:
        watchdog.cancel()
    end = time.monotonic()
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    if process.returncode != 0:
        why = streams.get("err", "").strip()[-800:]
        raise SystemExit(f"{' '.join(command[:5])} exited with {process.returncode}: {why}")
    marks = [
        float(line.split()[1])
        for line in streams.get("out", "").splitlines()
        if line.startswith("painted ")
    ]
    scale = 1 if sys.platform == "darwin" else 1024  # Linux reports kilobytes
    return Sample(
        (marks[0] if marks else end) - start,
        usage.ru_maxrss * scale / 1e6,
        usage.ru_utime + usage.ru_stime,
    )


def median(samples: Sequence[Sample]) -> Sample:
    return Sample(
        statistics.median(s.seconds for s in samples),
        statistics.median(s.rss_mb for s in samples),
        statistics.median(s.cpu for s in samples),
    )


@contextmanager
def xvfb(display: str) -> Iterator[str]:
    """A virtual X server on ``display`` (e.g. ``:16``) for as long as the block runs."""
    number = display.lstrip(":")
    socket = pathlib.Path(f"/tmp/.X11-unix/X{number}")
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if socket.exists():
                break
            if server.poll() is not None:
                raise SystemExit(f"Xvfb {display} did not start (is the display taken?)")
            time.sleep(0.05)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def seed_in_child(path: pathlib.Path, counts: dict[str, int]) -> None:
    """Seed ``path`` (see ``_seed.py``) in a child process.

    Linux carries a process's peak RSS over ``fork`` and ``exec`` into its children, so a
    parent that had seeded 100,000 rows itself would report that as every child's peak.
    """
    code = (
        "import sys, pathlib; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from _seed import seed_database\n"
        "seed_database(pathlib.Path(sys.argv[3]), **eval(sys.argv[4]))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(ROOT / "benchmarks"), str(path), repr(counts)],
        check=True,
    )


def growth_check(name: str, small: float, large: float, data_ratio: float = 10.0) -> str:
    """``ok`` when ``large`` grew no faster than the data did (at most ``data_ratio`` x)."""
    grown = large / small if small else float("inf")
    verdict = "ok" if grown <= data_ratio else "GROWS FASTER THAN THE DATA"
    return f"{name}: x{grown:.2f} for x{data_ratio:g} data: {verdict}"
