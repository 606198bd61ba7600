"""The standalone bundle beside the venv install: size on disk and start-up, in one run.

Both are whole processes, cold (a new process each time), alternated so that the machine's load
falls on both alike: ``--version`` (the interpreter and the CLI's imports), and the window
opened on the sample data until it has loaded and closed (``CSO_PLANNER_QUIT_AFTER_SHOW=1``).
The venv is measured through its installed ``cso-planner`` script, as a person starts it.

Run after ``tools/build_bundle.sh``:
``.venv/bin/python benchmarks/bench_bundle.py [--runs 7] [--bundle dist/cso-planner]``
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "realistic_export.json"


def _size_mb(path: pathlib.Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def _venv_size_mb() -> float:
    """What ``pip install .`` puts in a venv: the app and its run-time dependencies.

    Walks the requirements of the installed ``cso-planner`` distribution (no extras) and adds
    up the files each one installed; test, dev and bundle tools in this venv are not counted.
    """
    import re
    from importlib import metadata

    seen: set[str] = set()
    todo = ["cso-planner"]
    total = 0
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for file in dist.files or ():
            path = pathlib.Path(str(dist.locate_file(file)))
            if path.is_file():
                total += path.stat().st_size
        for requirement in dist.requires or ():
            if "extra ==" in requirement:
                continue
            todo.append(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0])
    return total / 1e6


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=pathlib.Path, default=ROOT / "dist" / "cso-planner")
    args = parser.parse_args()
    bundle = args.bundle.resolve() / "cso-planner"
    venv = pathlib.Path(sys.executable).parent / "cso-planner"
    if not bundle.is_file():
        print(f"no bundle at {bundle}: run tools/build_bundle.sh first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        home = pathlib.Path(folder)
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "CSO_PLANNER_NO_WIZARD": "1",
        }
        if "DISPLAY" in os.environ:
            env["DISPLAY"] = os.environ["DISPLAY"]
        db = {name: home / f"{name}.sqlite3" for name in ("venv", "bundle")}
        programs = {"venv": venv, "bundle": bundle}
        for name, program in programs.items():
            subprocess.run(
                [str(program), "--db", str(db[name]), "import", str(SAMPLE)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        times: dict[tuple[str, str], list[float]] = {}
        show = {**env, "CSO_PLANNER_QUIT_AFTER_SHOW": "1"}
        for _ in range(args.runs):
            for name, program in programs.items():
                times.setdefault((name, "version"), []).append(
                    _time([str(program), "--version"], env)
                )
                times.setdefault((name, "window"), []).append(
                    _time([str(program), "--db", str(db[name])], show)
                )
    print(f"runs: {args.runs}, median seconds (platform {env['QT_QPA_PLATFORM']})")
    print(f"{'':8} {'size MB':>8} {'--version':>10} {'window loaded':>14}")
    sizes = {"venv": _venv_size_mb(), "bundle": _size_mb(args.bundle.resolve())}
    for name in programs:
        version = statistics.median(times[(name, "version")])
        window = statistics.median(times[(name, "window")])
        print(f"{name:8} {sizes[name]:8.0f} {version:10.3f} {window:14.3f}")
    ratio = statistics.median(times[("bundle", "window")]) / statistics.median(
        times[("venv", "window")]
    )
    print(f"bundle / venv, window loaded: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
