"""The fault-injection run of issue 11 (``tests/reliability/fault_run.py``), small enough for CI.

50 mutated and generated documents through the real ``import`` (and the outputs and screens on
the accepted ones), 5 SIGKILLs of a real ``cso-planner import``, 5 of the real main window
editing through its widgets, and a sample of every fault of the sweep: all counted, all 0.
The full run (10,000 documents, 200 kills of each kind) is in the README's reliability table.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from tests.reliability import fault_run


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_fault_run_small_counts_no_traceback_hang_or_lost_row(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = tmp_path / "figures.json"
    code = fault_run.main(
        [
            "--documents",
            "50",
            "--kills",
            "5",
            "--faults",
            "sample",
            "--screens-every",
            "10",
            "--subprocess-every",
            "10",
            "--json",
            str(figures),
        ]
    )
    printed = capsys.readouterr().out
    results = json.loads(figures.read_text())["results"]
    assert code == 0, printed
    documents = results["documents"]["counts"]
    assert documents["documents"] == 50
    assert documents["accepted"] > 0 and documents["refused"] > 0, printed
    assert documents["in a process"] == 5
    assert documents.get("screens shown", 0) >= 1, printed
    assert results["cli-kills"]["counts"]["kills"] == 5
    gui = results["gui-kills"]["counts"]
    assert gui["kills"] == 5 and gui.get("failed to start", 0) == 0, printed
    assert results["faults"]["counts"]["runs"] > 50, printed
    for part in results.values():
        counts = part["counts"]
        assert (counts.get("tracebacks", 0), counts.get("hangs", 0)) == (0, 0), printed
        assert counts.get("rows lost", 0) == 0, printed
    assert "in all: 0 tracebacks, 0 hangs, 0 rows lost; 0 failures of any kind" in printed
