"""Fault-injection sweep of the command line: every disk and file fault of issue 11, for real.

Each run is a fresh copy of a realistic planner (the README's sample person plus a verified
backup) and one real ``cso-planner`` process with one real fault:

* ``eio``: the *n*-th ``read``/``pread64`` of the database (or of the backup, for ``restore``)
  fails with ``EIO``, for n = 0, 1, 2, ... until the command no longer reaches the fault (an
  ``LD_PRELOAD`` shim, ``tests/helpers/io_fault_shim.c``);
* ``full``: the database on a small tmpfs filled to ``ENOSPC`` with 0 B to 256 KB left;
* ``read-only``: the folder, or the file, on a read-only bind mount (``chmod`` when not root);
* ``inputs``: ``import`` of a named pipe, a device, a folder; a named pipe as ``--db``;
* ``typo``: a mistyped ``--db`` for each command that only reads;
* ``link``: each export to a symbolic link.

Counted per run: a traceback, a hang (no answer in 60 s), an exit code other than 0 or 1, an
error of more than one line, a healthy file called damaged, the database changed by a command
that failed (or by one that only reads), and anything left beside it (``.partial``, a marker).

Run as root for the mounts: ``.venv/bin/python tests/reliability/fault_sweep.py [--stride N]``.
The figures go in the README's reliability table. Exit code 1 when any count is not zero.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import errno
import hashlib
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cso_planner.db.autobackup import maybe_backup  # noqa: E402
from cso_planner.db.faults import read_only_uri  # noqa: E402
from cso_planner.db.opening import open_database  # noqa: E402
from cso_planner.exchange import import_document  # noqa: E402
from tests.helpers import disks  # noqa: E402
from tests.helpers.dump import _dump_connection  # noqa: E402

REALISTIC = ROOT / "tests" / "data" / "realistic_export.json"
TIMEOUT = 60
READERS = ["check", "eligibility", "renewals", "budget", "export", "csv", "ics", "pdf"]
OUTPUT = {"export": "out.json", "csv": "out.csv", "ics": "out.ics", "pdf": "out.pdf"}


@dataclasses.dataclass
class Tally:
    runs: int = 0
    tracebacks: int = 0
    hangs: int = 0
    bad_exit: int = 0
    multi_line: int = 0
    called_damaged: int = 0
    changed: int = 0
    left_behind: int = 0
    side_files: int = 0
    refused: int = 0
    examples: list[str] = dataclasses.field(default_factory=list)
    messages: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)

    def failures(self) -> int:
        return (
            self.tracebacks
            + self.hangs
            + self.bad_exit
            + self.multi_line
            + self.called_damaged
            + self.changed
            + self.left_behind
        )


TALLIES: dict[str, Tally] = collections.defaultdict(Tally)


def sha(path: pathlib.Path) -> str | None:
    if not path.is_file():  # a named pipe given as --db: reading it would block
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


PRISTINE_ROWS: list[object] = []


def rows(path: pathlib.Path) -> object:
    """Every table's rows (read without changing the file); the bytes may differ (a checkpoint)
    while the content is the same."""
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return _dump_connection(connection)
    finally:
        connection.close()


def same_rows(path: pathlib.Path) -> bool:
    try:
        return rows(path) == PRISTINE_ROWS[0]
    except sqlite3.Error:
        return False


def make_pristine(folder: pathlib.Path) -> pathlib.Path:
    """The sample person's planner with one verified backup, closed cleanly."""
    path = folder / "planner.sqlite3"
    database = open_database(path)
    import_document(database.session_factory, REALISTIC.read_bytes())
    database.dispose()
    assert maybe_backup(path, reason="exit") is not None
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    PRISTINE_ROWS.append(rows(path))
    return path


def place(pristine: pathlib.Path, folder: pathlib.Path) -> pathlib.Path:
    """A fresh copy of the planner and its backups folder in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(pristine, folder / pristine.name)
    shutil.copytree(pristine.parent / "backups", folder / "backups")
    return folder / pristine.name


def backup_of(path: pathlib.Path) -> pathlib.Path:
    return sorted((path.parent / "backups").iterdir())[-1]


def args_for(command: str, path: pathlib.Path, out_dir: pathlib.Path) -> list[str]:
    if command in OUTPUT:
        return [command, str(out_dir / OUTPUT[command])]
    if command == "restore":
        return ["restore", str(backup_of(path))]
    if command == "import":
        return ["import", str(REALISTIC)]
    return [command]


def run(
    scenario: str,
    path: pathlib.Path,
    cli_args: list[str],
    *,
    extra_env: dict[str, str] | None = None,
    may_change: bool = False,
    watch: pathlib.Path | None = None,
) -> subprocess.CompletedProcess[str] | None:
    """One real CLI process; counts what went wrong under ``scenario``."""
    tally = TALLIES[scenario]
    tally.runs += 1
    folder = watch or path.parent
    before = sha(path)
    listing = {p.name for p in folder.iterdir()}
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **(extra_env or {}))
    label = f"{scenario}: {' '.join(cli_args)}"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cso_planner", "--db", str(path), *cli_args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
        )
    except subprocess.TimeoutExpired:
        tally.hangs += 1
        tally.examples.append(f"hang: {label}")
        return None
    said = result.stdout + result.stderr
    if "Traceback" in result.stderr:
        tally.tracebacks += 1
        tally.examples.append(f"traceback: {label}: {result.stderr.strip().splitlines()[-1]}")
    if result.returncode not in (0, 1):
        tally.bad_exit += 1
        tally.examples.append(f"exit {result.returncode}: {label}")
    if result.returncode != 0:
        tally.refused += 1
        message = result.stderr.strip().replace(str(folder), "…")
        tally.messages[re.sub(r"\d+(\.\d+)? (KB|MB)", "N KB", message)[:150]] += 1
        if len(result.stderr.strip().splitlines()) > 1:
            tally.multi_line += 1
            tally.examples.append(f"{len(result.stderr.splitlines())} lines: {label}")
    if "is damaged" in said or ": damaged (" in said:
        tally.called_damaged += 1
        tally.examples.append(f"called damaged: {label}: {said.strip()[:160]}")
    after = sha(path)
    if after != before and not (may_change and result.returncode == 0) and not same_rows(path):
        tally.changed += 1
        tally.examples.append(f"changed: {label}")
    new = {p.name for p in folder.iterdir()} - listing
    new -= {name for name in new if name.startswith(("out.", "planner.sqlite3.before-restore"))}
    # SQLite's own -wal/-shm, left when a full disk stopped the checkpoint at close: harmless
    # (the next open reads or removes them), counted apart and not as a failure.
    sides = new & {"planner.sqlite3-wal", "planner.sqlite3-shm"}
    new -= sides
    if sides and result.returncode != 0:
        tally.side_files += 1
    if new:
        tally.left_behind += 1
        tally.examples.append(f"left {sorted(new)}: {label}")
    return result


def sweep_eio(pristine: pathlib.Path, work: pathlib.Path, stride: int, first: int = 20) -> None:
    library = disks.shim_library(work)
    for command in [*READERS, "restore"]:
        after = 0
        while True:
            folder = work / f"eio-{command}-{after}"
            path = place(pristine, folder)
            target = backup_of(path) if command == "restore" else path
            env = disks.io_fault_env(library, target, error=errno.EIO, after=after)
            result = run(
                "eio",
                path,
                args_for(command, path, folder),
                extra_env=env,
                may_change=command == "restore",
            )
            shutil.rmtree(folder, ignore_errors=True)
            if result is not None and result.returncode == 0:
                break  # the command no longer reads far enough to meet the fault
            after += 1 if after < first else stride


@contextlib.contextmanager
def mounted_disk(work: pathlib.Path, name: str) -> Iterator[pathlib.Path]:
    with disks.small_disk(work / name, size_kb=4096) as disk:
        yield disk


def sweep_full(pristine: pathlib.Path, work: pathlib.Path) -> None:
    for command in [*READERS, "restore", "import"]:
        for leave in (0, 4096, 16384, 65536, 262144):
            with mounted_disk(work, f"full-{command}-{leave}") as disk:
                path = place(pristine, disk)
                disks.fill(disk, leave_bytes=leave)
                run(
                    "full",
                    path,
                    args_for(command, path, disk),
                    may_change=command in ("restore", "import"),
                )
                with contextlib.suppress(FileNotFoundError):
                    (disk / "filler.bin").unlink()


def sweep_read_only(pristine: pathlib.Path, work: pathlib.Path) -> None:
    for what in ("folder", "file"):
        for command in [*READERS, "restore", "import"]:
            folder = work / f"ro-{what}-{command}"
            path = place(pristine, folder)
            out_dir = work / f"ro-out-{what}-{command}"
            out_dir.mkdir()
            with disks.read_only(folder if what == "folder" else path):
                run(f"read-only {what}", path, args_for(command, path, out_dir))
            shutil.rmtree(folder, ignore_errors=True)


def sweep_inputs(pristine: pathlib.Path, work: pathlib.Path) -> None:
    folder = work / "inputs"
    path = place(pristine, folder)
    fifo = work / "pipe.json"
    os.mkfifo(fifo)
    for source in (fifo, pathlib.Path("/dev/zero"), work):
        run("inputs", path, ["import", str(source)])
    db_fifo = work / "pipe.sqlite3"
    os.mkfifo(db_fifo)
    for command in READERS:
        run("inputs", db_fifo, args_for(command, db_fifo, work / "inputs"), watch=work)


def sweep_typos(work: pathlib.Path) -> None:
    folder = work / "typo"
    folder.mkdir()
    out_dir = work / "typo-out"
    out_dir.mkdir()
    for command in READERS:
        typo = folder / "plannr.sqlite3"
        run("typo", typo, args_for(command, typo, out_dir))
        if typo.exists():
            TALLIES["typo"].changed += 1
            TALLIES["typo"].examples.append(f"created {typo.name}: {command}")
            typo.unlink()


def sweep_links(pristine: pathlib.Path, work: pathlib.Path) -> None:
    folder = work / "links"
    path = place(pristine, folder)
    for command, name in OUTPUT.items():
        target = work / f"someone-elses-{name}"
        target.write_text("precious")
        link = folder / name
        link.symlink_to(target)
        run("link", path, [command, str(link)])
        if target.read_text() != "precious":
            TALLIES["link"].changed += 1
            TALLIES["link"].examples.append(f"wrote through the link: {command}")


def report(seconds: float) -> int:
    columns = (
        "runs refused tracebacks hangs bad_exit multi_line called_damaged changed left_behind"
        " side_files"
    )
    print(f"| fault | {' | '.join(columns.split())} |")
    print("|---" * (len(columns.split()) + 1) + "|")
    total = Tally()
    for name, tally in TALLIES.items():
        values = [getattr(tally, c) for c in columns.split()]
        print(f"| {name} | {' | '.join(str(v) for v in values)} |")
        for column in columns.split():
            setattr(total, column, getattr(total, column) + getattr(tally, column))
    values = [getattr(total, c) for c in columns.split()]
    print(f"| **all** | {' | '.join(str(v) for v in values)} |")
    print(f"\n{total.runs} runs in {seconds:.0f} s; {total.failures()} failures.")
    for name, tally in TALLIES.items():
        print(f"\n{name}: what the refusals said")
        for message, count in tally.messages.most_common(8):
            print(f"  {count:4d} × {message}")
        for example in tally.examples[:10]:
            print(f"  {example}")
    return 0 if total.failures() == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stride", type=int, default=10, help="EIO positions after the first")
    parser.add_argument("--first", type=int, default=20, help="EIO at each of the first N reads")
    parser.add_argument(
        "--only", choices=("eio", "full", "read-only", "inputs", "typo", "link"), action="append"
    )
    args = parser.parse_args(argv)
    only = set(args.only or ["eio", "full", "read-only", "inputs", "typo", "link"])
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fault-sweep-") as scratch:
        work = pathlib.Path(scratch)
        os.environ["CSO_PLANNER_DATA_DIR"] = str(work / "data-dir")
        os.environ["XDG_STATE_HOME"] = str(work / "state")  # the log of unexpected errors
        pristine = make_pristine(_mkdir(work / "pristine"))
        if "eio" in only:
            sweep_eio(pristine, work, args.stride, args.first)
        if "full" in only:
            sweep_full(pristine, work)
        if "read-only" in only:
            sweep_read_only(pristine, work)
        if "inputs" in only:
            sweep_inputs(pristine, work)
        if "typo" in only:
            sweep_typos(work)
        if "link" in only:
            sweep_links(pristine, work)
    return report(time.monotonic() - started)


def _mkdir(folder: pathlib.Path) -> pathlib.Path:
    folder.mkdir(parents=True)
    return folder


if __name__ == "__main__":
    raise SystemExit(main())
