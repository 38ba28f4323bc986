"""Benchmark: building the responsibility graph and answering `who`, on the Hulin charter and on
the generated charter of 10,000 units and 100,000 duties (see bench_load.py). Medians of repeated
runs in one process; run: ``python bench/bench_graph.py [--repeat N]``."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import jointmeeting
from bench_load import OUT, ROOT, generate  # the sibling script: one generator for both
from jointmeeting.graph.responsibility import ResponsibilityGraph

QUERIES = [("留守儿童",), ("拐卖",), ("困境", "儿童")]


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    big_path = OUT / "big-charter.yaml"
    if not big_path.exists():
        OUT.mkdir(exist_ok=True)
        generate(big_path)
    charters = {"huilin": jointmeeting.load_charter(ROOT / "charters/huilin.yaml"),
                "generated 10k/100k": jointmeeting.load_charter(Path(big_path))}
    for name, charter in charters.items():
        repeat = args.repeat if name == "huilin" else max(3, args.repeat // 3)
        build = median_ms(lambda c=charter: ResponsibilityGraph.from_charter(c), repeat)
        graph = ResponsibilityGraph.from_charter(charter)
        print(f"{name:<20} graph build  median {build:9.2f} ms  "
              f"({len(graph.nodes()):,} nodes, {len(graph.edges()):,} edges)")
        for query in QUERIES:
            took = median_ms(lambda q=query, c=charter: jointmeeting.who(c, *q), repeat)
            print(f"{name:<20} who {' '.join(query):<10} median {took:9.2f} ms")


if __name__ == "__main__":
    main()
