"""Benchmark: eligibility for every catalog certification over a 10,000-entry ledger.

Run: ``.venv/bin/python benchmarks/bench_eligibility.py [--entries N] [--repeats R]``.
The goal (issue 3) is under 50 ms for all certifications; the engine sweeps interval events,
so the cost grows with the number of entries, not with the number of days they cover.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

# Runnable from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cso_planner.catalog import load_bundled_catalog
from cso_planner.eligibility import (
    Degree,
    ExperienceSpan,
    Facts,
    HeldCert,
    evaluate_all,
    rules_from_catalog,
)

GOAL_MS = 50.0


def make_facts(n: int, seed: int = 7) -> Facts:
    """``n`` random entries over 40 years, each tagged with 1-3 domains of 1-3 certifications."""
    catalog = load_bundled_catalog()
    rules = rules_from_catalog(catalog)
    pools: dict[str, list[str]] = {}
    for rule in rules:
        if rule.kind == "experience":
            pools[rule.cert_code] = list(rule.params.get("domain_pool", []))
    codes = sorted(c for c, pool in pools.items() if pool)
    rng = random.Random(seed)
    origin = dt.date(1990, 1, 1).toordinal()
    spans = []
    for i in range(n):
        start = origin + rng.randrange(0, 40 * 365)
        end = None if i % 500 == 0 else start + rng.randrange(30, 4 * 365)
        tags = {
            code: frozenset(rng.sample(pools[code], k=min(len(pools[code]), rng.randint(1, 3))))
            for code in rng.sample(codes, k=rng.randint(1, 3))
        }
        spans.append(
            ExperienceSpan(
                start=dt.date.fromordinal(start),
                end=None if end is None else dt.date.fromordinal(end),
                hours_per_week=rng.choice([10, 19, 20, 25, 30, 37.5, 40, 45]),
                paid=rng.random() > 0.1,
                management=rng.random() > 0.6,
                domains=tags,
            )
        )
    return Facts(
        experience=tuple(spans),
        degrees=(Degree("bachelor", "Computer Science", True, dt.date(1995, 6, 1)),),
        certifications=(
            HeldCert("CISA", earned_on=dt.date(2015, 3, 1)),
            HeldCert("APP", earned_on=dt.date(2012, 3, 1)),
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    facts = make_facts(args.entries)
    rules = rules_from_catalog(load_bundled_catalog())
    on = dt.date(2026, 11, 22)
    evaluate_all(facts, rules, on)  # warm-up (imports, caches of the catalog)
    times = []
    for _ in range(args.repeats):
        begin = time.perf_counter()
        answers = evaluate_all(facts, rules, on)
        times.append((time.perf_counter() - begin) * 1000)
    median = statistics.median(times)
    print(
        f"{len(answers)} certifications x {args.entries} entries: median {median:.1f} ms "
        f"over {args.repeats} runs (min {min(times):.1f}, max {max(times):.1f}); "
        f"goal {GOAL_MS:.0f} ms -> ratio {median / GOAL_MS:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
