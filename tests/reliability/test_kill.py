"""R1 + R13: committed data survives SIGKILL, and every kill is noticed at the next open.

Two lanes (one database each, so both cores work) each run a writer subprocess
(``kill_writer.py``: the app's own ``open_database``, ``write_transaction`` and CPE service),
read the ids it acknowledges and SIGKILL it after a random number of them (0 = right after it
opened the file). After every kill the database is reopened with ``open_database``, which must
report the unclean shutdown and pass the full ``integrity_check`` it runs; then every
acknowledged id must be in the file.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest

from cso_planner.db.opening import open_database

ROOT = pathlib.Path(__file__).resolve().parents[2]
WRITER = pathlib.Path(__file__).with_name("kill_writer.py")

LANES = 2
KILLS_PER_LANE = 100  # 200 in total
COMMITS_PER_LANE = 5_000  # 10,000 in total
MAX_ACKS_BEFORE_KILL = 100


@dataclasses.dataclass
class LaneResult:
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    integrity_failures: int = 0
    crashes_not_reported: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)


def _run_writer_until_kill(db_path: pathlib.Path, kill_after: int) -> set[int]:
    """Start a writer, SIGKILL it after ``kill_after`` acknowledged commits; return the acks."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    acked: set[int] = set()
    try:
        first = child.stdout.readline()
        assert first == "ready\n", f"writer did not start: {first!r}"
        while len(acked) < kill_after:
            line = child.stdout.readline()
            if not line:
                break  # the writer died on its own: caught by the checks below
            acked.add(int(line))
        child.send_signal(signal.SIGKILL)
        # Everything the writer printed before it died was committed before it was printed.
        for line in child.stdout:
            if line.strip():
                acked.add(int(line))
    finally:
        child.kill()
        child.wait(timeout=60)  # reaped, so its pid no longer looks alive
        child.stdout.close()
    return acked


def _lane(db_path: pathlib.Path, seed: int, result: LaneResult) -> None:
    rng = random.Random(seed)
    acknowledged: set[int] = set()
    while result.kills < KILLS_PER_LANE or len(acknowledged) < COMMITS_PER_LANE:
        acknowledged |= _run_writer_until_kill(db_path, rng.randint(0, MAX_ACKS_BEFORE_KILL))
        result.kills += 1

        database = open_database(db_path)  # runs integrity_check after the unclean shutdown
        try:
            if not database.recovered_from_crash:
                result.crashes_not_reported += 1
            if database.startup_check != "integrity_check":
                result.problems.append(f"kill {result.kills}: check was {database.startup_check}")
        finally:
            database.dispose()
        connection = sqlite3.connect(db_path)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchall()
            present = {row[0] for row in connection.execute("SELECT id FROM cpe_activity")}
        finally:
            connection.close()
        if verdict != [("ok",)]:
            result.integrity_failures += 1
        missing = acknowledged - present
        if missing:
            result.lost += len(missing)
            result.problems.append(f"kill {result.kills}: lost {sorted(missing)[:5]}")
    result.acknowledged = len(acknowledged)


@pytest.mark.slow
def test_r1_200_sigkills_over_10000_acknowledged_commits_lose_nothing(
    tmp_path: pathlib.Path, record_property: pytest.RecordProperty
) -> None:
    seed = random.SystemRandom().randrange(2**32)
    results = [LaneResult() for _ in range(LANES)]
    paths = [tmp_path / f"lane{lane}" / "planner.sqlite3" for lane in range(LANES)]
    for path in paths:
        open_database(path).dispose()
    errors: list[BaseException] = []

    def run(lane: int) -> None:
        try:
            _lane(paths[lane], seed + lane, results[lane])
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(lane,)) for lane in range(LANES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]

    kills = sum(r.kills for r in results)
    acknowledged = sum(r.acknowledged for r in results)
    lost = sum(r.lost for r in results)
    integrity_failures = sum(r.integrity_failures for r in results)
    unreported = sum(r.crashes_not_reported for r in results)
    figures = (
        f"R1: {kills} SIGKILLs over {acknowledged:,} acknowledged commits: {lost} lost, "
        f"{integrity_failures} integrity failures, {unreported} unclean shutdowns not reported "
        f"(seed {seed})"
    )
    print(figures)
    record_property("r1", figures)
    problems = [p for r in results for p in r.problems]
    assert kills >= 200 and acknowledged >= 10_000, figures
    assert (lost, integrity_failures, unreported) == (0, 0, 0), (figures, problems[:10])
    assert problems == []
