"""The fault-injection run of issue 11: mutated documents, kills during imports and GUI edits, and
every disk and file fault, counted (a benchmark: it reports, it does not stop at the first fault).

Usage::

    QT_QPA_PLATFORM=offscreen nice python -m tests.reliability.fault_run \\
        [--documents 10000] [--kills 200] [--gui-kills N] [--faults all|sample|none] \\
        [--only documents|cli-kills|gui-kills|faults ...] [--json FILE]

Four parts, each through the real program:

* **documents** — ``--documents`` import files: the Hypothesis strategies of the suite (valid
  documents, ``tests/unit/exchange/strategies.py``; one-node mutations of the realistic export
  and random JSON sections and bytes, ``tests/unit/exchange/test_fuzz.py``), each written to a
  file and imported with the real command line (``cli.main(["--db", …, "import", FILE])``, one
  in every ``--subprocess-every`` in a real ``cso-planner`` process). A refused file must leave
  every table as it was; an accepted one must hold every record of the document, then go
  through eligibility, renewals, budget, calendar, CSV, PDF and re-export
  (``tests.helpers.exercise.run_outputs``, the accepted-documents bench's checks).
* **cli-kills** — ``--kills`` SIGKILLs of a real ``cso-planner import`` at a random moment of its
  run (start-up, parsing, the pre-import backup, the write, the commit), alternating documents
  of 4 to 3,000 CPE activities. After each kill the file must open (the unclean shutdown noticed,
  ``integrity_check`` passed) and hold exactly the previous data or exactly the new document.
* **gui-kills** — ``--gui-kills`` (default ``--kills``) SIGKILLs of the real main window
  (``tests/reliability/gui_edit_writer.py``: offscreen, logging, editing and deleting CPE
  activities through the real forms, table and undo stack), at a random moment, start-up
  included. After each kill the file must open, pass ``integrity_check`` and hold every saved
  edit, the one under way either fully there or not at all.
* **faults** — every fault of ``tests/reliability/fault_sweep.py`` (``EIO`` at each read, a full
  tmpfs, read-only mounts, pipes and devices, mistyped paths, links); ``sample`` (for CI) puts
  ``EIO`` at the first 3 reads and every 100th after instead of the first 20 and every 10th,
  and leaves out the full disks (a tmpfs each, root only).

Counted: tracebacks (a traceback or "an unexpected problem" printed, an exception out of the
command), hangs (no answer in 60 s), rows lost (a record of a committed write missing, or a
partial write visible), integrity failures, unclean shutdowns not noticed, and the fault sweep's
own counts. Exit status 1 when any is not 0. ``--json`` writes the figures for CI or the README.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import copy
import datetime as dt
import io
import json
import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
REALISTIC = ROOT / "tests" / "data" / "realistic_export.json"
LIMIT_SECONDS = 60

Counts = collections.Counter[str]
Feed = Callable[[Callable[[bytes], None]], None]  # runs a generator, each example to a callback


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def _child_env(work: pathlib.Path) -> dict[str, str]:
    return dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        QT_QPA_PLATFORM="offscreen",
        CSO_PLANNER_DATA_DIR=str(work / "data-dir"),
        XDG_STATE_HOME=str(work / "state"),
        CSO_PLANNER_NO_WIZARD="1",
    )


def _said_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" in text or "an unexpected problem" in text


# --- documents ----------------------------------------------------------------------------


def _document_sources(count: int) -> list[tuple[str, int, Feed]]:
    """(name, examples, runner) for each generator of the suite; ``runner(attempt)`` feeds
    every example's bytes to ``attempt`` (Hypothesis drives the drawing)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from cso_planner.exchange import encode_document
    from tests.unit.exchange.strategies import documents
    from tests.unit.exchange.test_fuzz import SECTIONS, json_values, mutated_documents

    shares = {"valid": 0.4, "mutated": 0.4, "sections": 0.1, "bytes": 0.1}
    sizes = {name: int(count * share) for name, share in shares.items()}
    sizes["mutated"] += count - sum(sizes.values())

    def runner(strategy: Any, encode: Callable[[Any], bytes], examples: int) -> Any:
        def run(attempt: Callable[[bytes], None]) -> None:
            if examples == 0:
                return

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(value=strategy)
            def drawn(value: Any) -> None:
                attempt(encode(value))

            drawn()

        return run

    def as_json(value: Any) -> bytes:
        return json.dumps(value).encode()

    def section(pair: tuple[str, Any]) -> bytes:
        return as_json({"format": "cso-planner", "version": 1, pair[0]: pair[1]})

    return [
        ("valid", sizes["valid"], runner(documents(), encode_document, sizes["valid"])),
        ("mutated", sizes["mutated"], runner(mutated_documents(), as_json, sizes["mutated"])),
        (
            "sections",
            sizes["sections"],
            runner(st.tuples(st.sampled_from(SECTIONS), json_values), section, sizes["sections"]),
        ),
        ("bytes", sizes["bytes"], runner(st.binary(max_size=300), bytes, sizes["bytes"])),
    ]


def _rows(path: pathlib.Path) -> object:
    from tests.reliability.fault_sweep import rows

    return rows(path)


def _cli_in_process(argv: list[str]) -> tuple[int, str]:
    """``cso-planner ARGV`` run by the real ``cli.main`` here; (exit code, what it printed)."""
    from cso_planner import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue() + err.getvalue()


def _cli_process(argv: list[str], work: pathlib.Path) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "cso_planner", *argv],
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        env=_child_env(work),
    )
    return result.returncode, result.stdout + result.stderr


def _show_screens(path: pathlib.Path, app: Any, note: Callable[[str, str], None]) -> None:
    """A window on the file, every screen shown, then closed (its backup at close included);
    an exception inside a Qt slot or an error box counts as a traceback."""
    from cso_planner.app import create_main_window
    from cso_planner.ui.dialogs import confirm
    from tests.helpers.exercise import show_every_screen

    slot_errors: list[str] = []
    shown: list[str] = []

    def excepthook(kind: Any, value: Any, tb: Any) -> None:
        slot_errors.append("".join(traceback.format_exception(kind, value, tb)))

    saved_hook, saved_show_error = sys.excepthook, confirm.show_error
    sys.excepthook = excepthook
    confirm.show_error = lambda parent, title, text: shown.append(f"{title}: {text}")
    try:
        window: Any = create_main_window(path, run_wizard=False)
        window.show()
        app.processEvents()
        show_every_screen(window)
        window.close()
        window.deleteLater()
        app.processEvents()
    finally:
        sys.excepthook, confirm.show_error = saved_hook, saved_show_error
    for text in slot_errors:
        note("tracebacks", text)
    for text in shown:
        note("error boxes", text)


def run_documents(
    count: int,
    work: pathlib.Path,
    subprocess_every: int,
    outputs_every: int,
    screens_every: int,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from cso_planner.db.opening import open_database
    from cso_planner.exchange import export_document
    from cso_planner.exchange.safe_json import parse_json
    from cso_planner.exchange.summary import ImportSummary
    from tests.helpers.exercise import run_outputs

    app = QApplication.instance() or QApplication([])  # the PDF's fonts need one
    counts: Counts = collections.Counter()
    examples: list[str] = []
    folder = work / "documents"
    folder.mkdir()
    path = folder / "planner.sqlite3"
    document_file = folder / "document.json"
    _cli_in_process(["--db", str(path), "import", str(REALISTIC)])
    previous = signal.signal(signal.SIGALRM, _alarm)
    by_source: dict[str, Counts] = collections.defaultdict(collections.Counter)

    def note(kind: str, text: str) -> None:
        counts[kind] += 1
        if len(examples) < 10:
            examples.append(f"{kind}: {text[-600:]}")

    def attempt_for(source: str) -> Callable[[bytes], None]:
        def attempt(data: bytes) -> None:
            counts["documents"] += 1
            number = counts["documents"]
            document_file.write_bytes(data)
            before = _rows(path)
            argv = ["--db", str(path), "import", str(document_file)]
            signal.alarm(LIMIT_SECONDS)
            try:
                if subprocess_every and number % subprocess_every == 0:
                    counts["in a process"] += 1
                    code, said = _cli_process(argv, work)
                else:
                    code, said = _cli_in_process(argv)
                if _said_traceback(said) or code not in (0, 1):
                    note("tracebacks", f"exit {code}: {said}")
                    return
                if code != 0:
                    counts["refused"] += 1
                    by_source[source]["refused"] += 1
                    if len(said.strip().splitlines()) != 1:
                        note("multi-line", said)
                    if _rows(path) != before:
                        note("changed by a refusal", said)
                    return
                counts["accepted"] += 1
                by_source[source]["accepted"] += 1
                # Opened afresh, as the next command or window would (nothing stays open here
                # while the command line writes).
                database = open_database(path)
                try:
                    with database.session_factory() as session:
                        exported = export_document(session)
                    if ImportSummary.of(exported) != ImportSummary.of(parse_json(data)):
                        note("rows lost", f"{ImportSummary.of(exported)} != document")
                    if outputs_every and counts["accepted"] % outputs_every == 0:
                        counts["outputs run"] += 1
                        run_outputs(database, folder)
                finally:
                    database.dispose()
                if screens_every and counts["accepted"] % screens_every == 0:
                    counts["screens shown"] += 1
                    _show_screens(path, app, note)
            except Hang:
                note("hangs", f"document {number} ({source})")
            except subprocess.TimeoutExpired:
                note("hangs", f"document {number} ({source}) in a process")
            except Exception:
                note("tracebacks", traceback.format_exc())
            finally:
                signal.alarm(0)
            if progress is not None and number % 250 == 0:
                progress(figures())

        return attempt

    def figures() -> dict[str, Any]:
        return {
            "counts": dict(counts),
            "by source": {k: dict(v) for k, v in by_source.items()},
            "seconds": round(time.monotonic() - started),
            "examples": examples,
        }

    started = time.monotonic()
    try:
        for name, _examples, run in _document_sources(count):
            run(attempt_for(name))
    finally:
        signal.signal(signal.SIGALRM, previous)
    return figures()


# --- kills during a CLI import --------------------------------------------------------------


def _big_document(extra: int, seed: int) -> dict[str, Any]:
    """The realistic export with ``extra`` more CPE activities (stable uuids: the export of the
    imported file is the document itself)."""
    document: dict[str, Any] = json.loads(REALISTIC.read_text("utf-8"))
    rng = random.Random(seed)
    template = document["cpe"][0]
    for number in range(extra):
        row = copy.deepcopy(template)
        row["activity"] = f"kill run {seed} activity {number}"
        row["credits"] = rng.randint(1, 8)
        row["date"] = (dt.date(2024, 1, 1) + dt.timedelta(days=number % 600)).isoformat()
        row["uuid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"kill-run/{seed}/{number}"))
        document["cpe"].append(row)
    return document


def _content(path: pathlib.Path) -> dict[str, Any]:
    """The file's data as the export sees it (read through a fresh open, as a person would)."""
    from cso_planner.db.opening import open_database
    from cso_planner.exchange import export_document

    database = open_database(path)
    try:
        with database.session_factory() as session:
            return export_document(session)
    finally:
        database.dispose()


def _had_open(path: pathlib.Path, pid: int) -> bool:
    """True when process ``pid`` had the file open (its ``.open-<pid>`` marker is there)."""
    return any(p.name.startswith(f"{path.name}.open-{pid}-") for p in path.parent.iterdir())


def _after_kill(
    path: pathlib.Path, counts: Counts, problems: list[str], label: str, had_open: bool = True
) -> None:
    """The file opens after the kill, notices it (when the killed process had it open), and
    passes the full integrity check."""
    from cso_planner.db.opening import open_database

    try:
        database = open_database(path)
    except Exception as exc:
        counts["failed to open"] += 1
        problems.append(f"{label}: {type(exc).__name__}: {exc}")
        return
    try:
        if had_open and not database.recovered_from_crash:
            counts["kills not noticed"] += 1
        if had_open and database.startup_check != "integrity_check":
            counts["no integrity check"] += 1
    finally:
        database.dispose()
    connection = sqlite3.connect(path)
    try:
        if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            counts["integrity failures"] += 1
            problems.append(f"{label}: integrity_check failed")
    finally:
        connection.close()


def run_cli_kills(kills: int, work: pathlib.Path, seed: int) -> dict[str, Any]:
    from cso_planner.db.opening import open_database
    from cso_planner.exchange import encode_document, import_document

    rng = random.Random(seed)
    folder = work / "cli-kills"
    folder.mkdir()
    sizes = [0, 300, 1000, 2000, 3000]
    files: list[pathlib.Path] = []
    expected: list[dict[str, Any]] = []
    for index, extra in enumerate(sizes):
        file = folder / f"document-{index}.json"
        file.write_bytes(encode_document(_big_document(extra, index)))
        files.append(file)
        scratch = folder / f"scratch-{index}.sqlite3"
        database = open_database(scratch)
        import_document(database.session_factory, file.read_bytes())
        database.dispose()
        expected.append(_content(scratch))
    path = folder / "planner.sqlite3"
    open_database(path).dispose()
    state = _content(path)  # nothing yet
    env = _child_env(work)
    counts: Counts = collections.Counter()
    problems: list[str] = []
    started = time.monotonic()
    durations: list[float] = []
    # How long a whole import takes here: the kills land anywhere in it.
    for index in (0, len(files) - 1):
        began = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "cso_planner", "--db", str(path), "import", str(files[index])],
            env=env,
            capture_output=True,
            timeout=LIMIT_SECONDS * 5,
        )
        durations.append(time.monotonic() - began)
    state = _content(path)
    span = max(durations) * 1.1
    for kill in range(kills):
        choices = [i for i in range(len(files)) if expected[i] != state]
        index = rng.choice(choices)
        delay = rng.uniform(0, span)
        child = subprocess.Popen(
            [sys.executable, "-m", "cso_planner", "--db", str(path), "import", str(files[index])],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        finished = child.poll() is not None
        had_open = _had_open(path, child.pid)
        child.send_signal(signal.SIGKILL)
        try:
            _out, err = child.communicate(timeout=LIMIT_SECONDS)
        except subprocess.TimeoutExpired:
            counts["hangs"] += 1
            child.kill()
            _out, err = child.communicate()
        counts["kills"] += 1
        label = f"kill {kill} after {delay:.2f} s (document {index})"
        if _said_traceback(err):
            counts["tracebacks"] += 1
            problems.append(f"{label}: {err.strip()[-300:]}")
        if finished:
            counts["finished before the kill"] += 1
            if child.returncode != 0:
                counts["refused"] += 1
                problems.append(f"{label}: exit {child.returncode}: {err.strip()[-200:]}")
        else:
            counts["killed with the file open" if had_open else "killed before opening"] += 1
            _after_kill(path, counts, problems, label, had_open)
        try:
            now = _content(path)
        except Exception as exc:
            counts["failed to open"] += 1
            problems.append(f"{label}: {type(exc).__name__}: {exc}")
            break
        if now == expected[index]:
            counts["import committed"] += 1
        elif now == state:
            counts["import rolled back"] += 1
            if finished and child.returncode == 0:
                counts["rows lost"] += 1
                problems.append(f"{label}: exit 0 but the document is not there")
        else:
            counts["rows lost"] += 1  # neither the old data nor the new: partial or lost
            problems.append(f"{label}: neither the previous data nor the document")
        state = now
    return {
        "counts": dict(counts),
        "seconds": round(time.monotonic() - started),
        "import seconds": [round(d, 2) for d in durations],
        "examples": problems[:10],
    }


# --- kills during GUI edits -----------------------------------------------------------------


def _model(path: pathlib.Path) -> str:
    from tests.reliability.gui_edit_writer import model_json, read_model

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return model_json(read_model(connection))
    finally:
        connection.close()


def _difference(now: str, saved: str) -> str:
    """What the file holds that was not saved, and what was saved that it lacks."""
    file_rows = {row[0]: row[1:] for row in json.loads(now)}
    saved_rows = {row[0]: row[1:] for row in json.loads(saved)}
    extra = {k: v for k, v in file_rows.items() if saved_rows.get(k) != v}
    missing = {k: v for k, v in saved_rows.items() if file_rows.get(k) != v}
    return f"the file has {extra} not saved, lacks {missing} saved"


def run_gui_kills(kills: int, work: pathlib.Path, seed: int) -> dict[str, Any]:
    from cso_planner.db.opening import open_database
    from cso_planner.exchange import import_document

    rng = random.Random(seed)
    folder = work / "gui-kills"
    folder.mkdir()
    path = folder / "planner.sqlite3"
    database = open_database(path)
    import_document(database.session_factory, REALISTIC.read_bytes())
    database.dispose()
    env = _child_env(work)
    counts: Counts = collections.Counter()
    problems: list[str] = []
    started = time.monotonic()
    committed = _model(path)
    errors_path = folder / "writer-stderr.txt"
    for kill in range(kills):
        # stderr to a file: the child's last lines on stdout are read through the same buffered
        # reader as the lines before (communicate() reads the raw pipe and would skip what
        # readline() had already buffered: an acknowledged edit taken for a lost row).
        with errors_path.open("w") as errors:  # the child writes to its own copy of the fd
            child = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.gui_edit_writer", str(path), str(kill)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                cwd=ROOT,
            )
        assert child.stdout is not None
        during_start = rng.random() < 0.1
        acks_wanted = rng.randint(0, 60)
        pending: str | None = None
        acked = committed
        acks = 0
        label = f"kill {kill}"
        if during_start:
            time.sleep(rng.uniform(0, 2.0))
            label += " during start-up"
        else:
            first = child.stdout.readline()
            if not first.startswith("ready "):
                counts["failed to start"] += 1
                child.kill()
                child.wait(timeout=LIMIT_SECONDS)
                problems.append(f"{label}: {first!r} {errors_path.read_text()[-400:]}")
                continue
            if first[6:].strip() != committed:
                counts["rows lost"] += 1
                problems.append(f"{label}: the window shows other rows than were saved")
            while acks < acks_wanted:
                line = child.stdout.readline()
                if not line.endswith("\n"):  # the end of its output, perhaps half a line
                    break
                if line.startswith("intent "):
                    pending = line[7:].strip()
                elif line.startswith("ack "):
                    acked, pending = line[4:].strip(), None
                    acks += 1
                elif line.startswith("failed "):
                    counts["saves failed"] += 1
                    problems.append(f"{label}: {line.strip()}")
            time.sleep(rng.uniform(0, 0.02))  # into the next edit, its transaction included
            label += f" after {acks} edits"
        had_open = _had_open(path, child.pid)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=LIMIT_SECONDS)
        rest = child.stdout.read()
        child.stdout.close()
        err = errors_path.read_text()
        # A line of the model is longer than the pipe's atomic write (4,096 bytes), so the kill
        # can cut the last one short: only whole lines (ending in a newline) count. A cut "ack"
        # taken whole was this run's false "rows lost" (the file compared with half a model).
        whole_lines = rest.split("\n")[:-1]
        for line in whole_lines:  # printed before the kill: saved before it was printed
            if line.startswith("intent "):
                pending = line[7:].strip()
            elif line.startswith("ack "):
                acked, pending = line[4:].strip(), None
                acks += 1
            elif line.startswith("failed "):
                counts["saves failed"] += 1
        counts["kills"] += 1
        counts["edits acknowledged"] += acks
        if _said_traceback(err):
            counts["tracebacks"] += 1
            problems.append(f"{label}: {err.strip()[-400:]}")
        _after_kill(path, counts, problems, label, had_open)
        now = _model(path)
        if now == acked:
            counts["edit under way not saved" if pending else "at an acknowledged edit"] += 1
        elif pending is not None and now == pending:
            counts["edit under way saved whole"] += 1
        elif during_start and acks == 0 and now == committed:
            counts["at an acknowledged edit"] += 1
        else:
            counts["rows lost"] += 1
            problems.append(f"{label}: {_difference(now, acked)}")
        committed = now
    return {
        "counts": dict(counts),
        "seconds": round(time.monotonic() - started),
        "examples": problems[:10],
    }


# --- the fault sweep ------------------------------------------------------------------------


def run_faults(mode: str, work: pathlib.Path) -> dict[str, Any]:
    from tests.reliability import fault_sweep

    started = time.monotonic()
    only = ["eio", "read-only", "inputs", "typo", "link"]
    if mode == "all":
        only.insert(1, "full")
    # all: EIO at each of the first 20 reads, then every 10th; sample: the first 3, every 100th.
    first, stride = (20, 10) if mode == "all" else (3, 100)
    fault_sweep.TALLIES.clear()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        fault_sweep.main(
            ["--first", str(first), "--stride", str(stride), *(f"--only={o}" for o in only)]
        )
    tallies = fault_sweep.TALLIES
    columns = [
        "runs",
        "refused",
        "tracebacks",
        "hangs",
        "bad_exit",
        "multi_line",
        "called_damaged",
        "changed",
        "left_behind",
        "side_files",
    ]
    per_fault = {
        name: {column: getattr(tally, column) for column in columns}
        for name, tally in tallies.items()
    }
    examples = [e for tally in tallies.values() for e in tally.examples][:10]
    return {
        "counts": {c: sum(v[c] for v in per_fault.values()) for c in columns},
        "by fault": per_fault,
        "seconds": round(time.monotonic() - started),
        "examples": examples,
    }


# --- the report -----------------------------------------------------------------------------

BAD = (
    "tracebacks",
    "hangs",
    "rows lost",
    "changed by a refusal",
    "multi-line",
    "integrity failures",
    "failed to open",
    "kills not noticed",
    "no integrity check",
    "failed to start",
    "saves failed",
    "error boxes",
    "bad_exit",
    "multi_line",
    "called_damaged",
    "changed",
    "left_behind",
)


def failures(results: dict[str, Any]) -> int:
    return sum(part["counts"].get(key, 0) for part in results.values() for key in BAD)


def summary(results: dict[str, Any]) -> str:
    lines = []
    for name, part in results.items():
        figures = ", ".join(f"{v:,} {k}" for k, v in part["counts"].items())
        lines.append(f"{name} ({part['seconds']} s): {figures}")
        if "by source" in part:
            lines.append(f"  by source: {part['by source']}")
        for example in part.get("examples", [])[:5]:
            lines.append(f"  {example}")
    total = {key: 0 for key in ("tracebacks", "hangs", "rows lost")}
    for part in results.values():
        for key in total:
            total[key] += part["counts"].get(key, 0)
    lines.append(
        f"in all: {total['tracebacks']} tracebacks, {total['hangs']} hangs, "
        f"{total['rows lost']} rows lost; {failures(results)} failures of any kind"
    )
    return "\n".join(lines)


@contextlib.contextmanager
def _scratch() -> Iterator[pathlib.Path]:
    with tempfile.TemporaryDirectory(prefix="fault-run-") as folder:
        work = pathlib.Path(folder)
        saved = {k: os.environ.get(k) for k in ("CSO_PLANNER_DATA_DIR", "XDG_STATE_HOME")}
        os.environ["CSO_PLANNER_DATA_DIR"] = str(work / "data-dir")
        os.environ["XDG_STATE_HOME"] = str(work / "state")
        try:
            yield work
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


PARTS = ("documents", "cli-kills", "gui-kills", "faults")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=200, help="kills during CLI imports")
    parser.add_argument("--gui-kills", type=int, help="kills during GUI edits (default --kills)")
    parser.add_argument("--faults", choices=("all", "sample", "none"), default="all")
    parser.add_argument("--only", choices=PARTS, action="append")
    parser.add_argument("--subprocess-every", type=int, default=50)
    parser.add_argument("--outputs-every", type=int, default=1, help="0: never")
    parser.add_argument(
        "--screens-every", type=int, default=20, help="every screen after every N-th accepted"
    )
    parser.add_argument("--seed", type=int)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args(argv)
    parts = args.only or [p for p in PARTS if not (p == "faults" and args.faults == "none")]
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    results: dict[str, Any] = {}
    started = time.monotonic()

    def write_figures(partial: dict[str, Any] | None = None) -> None:
        if args.json is not None:
            figures = {"seed": seed, "date": dt.date.today().isoformat(), "results": results}
            if partial is not None:  # the documents so far, while the run goes on
                figures["results"] = {**results, "documents (so far)": partial}
            args.json.write_text(json.dumps(figures, indent=2))

    def progress(partial: dict[str, Any]) -> None:
        counts = partial["counts"]
        print(f"  … {counts['documents']:,} documents, {partial['seconds']} s", flush=True)
        write_figures(partial)

    with _scratch() as work:
        if "documents" in parts:
            results["documents"] = run_documents(
                args.documents,
                work,
                args.subprocess_every,
                args.outputs_every,
                args.screens_every,
                progress,
            )
            write_figures()
        if "cli-kills" in parts:
            results["cli-kills"] = run_cli_kills(args.kills, work, seed)
        if "gui-kills" in parts:
            gui_kills = args.kills if args.gui_kills is None else args.gui_kills
            results["gui-kills"] = run_gui_kills(gui_kills, work, seed + 1)
        if "faults" in parts:
            results["faults"] = run_faults("sample" if args.faults == "none" else args.faults, work)
    text = summary(results)
    print(text)
    print(f"seed {seed}, {time.monotonic() - started:.0f} s, {dt.date.today().isoformat()}")
    write_figures()
    return 1 if failures(results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
