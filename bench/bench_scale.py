"""Benchmark: how every step grows with the size of the charter, measured in one run.

Generates charters of 1,000, 4,000 and 16,000 units (``--quick``: 500, 1,000 and 2,000) and a
dense-routes family (every unit reporting to every other), and prints for each step — load,
each check, graph, who, coverage, impact, show, site, plan — its time at each size and the growth
exponent between consecutive sizes (1 is linear, 2 quadratic; target at most 1.2). Then plan
latency at each size against Hulin's (target: the largest within 1.5x), and the peak memory of a
whole ``jointmeeting check`` process on the largest charter against a plain C-libyaml load of
the same file (target: at most 1x), and time and peak memory of ``check`` on files of a million
values of the wrong type.

``--national N``: instead, N generated small county charters (sizes drawn like Hulin's) checked
by ``jointmeeting check DIR`` on every core, against the C-parse floor of the same files on
every core (target: at most 1.2x).

Run: ``python bench/bench_scale.py [--quick] [--national 2850]``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import gc
import io
import itertools
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import jointmeeting
from jointmeeting import report
from jointmeeting.checks import rules as checks
from jointmeeting.checks.coverage import coverage
from jointmeeting.graph.responsibility import ResponsibilityGraph
from jointmeeting.graph.search import who
from jointmeeting.runtime.plan import Report, plan
from scale_charters import county, dense_routes, million_wrong_types, write  # the sibling module

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TODAY = dt.date(2025, 6, 1)
KNOWN = dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC)


def timed(work: Callable[[], object]) -> float:
    """The best of a few runs (up to five, or half a second): the machine is shared."""
    best, spent, runs = math.inf, 0.0, 0
    while runs < 5 and (runs == 0 or spent < 0.5):
        start = time.perf_counter()
        work()
        took = time.perf_counter() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return best


def plan_median(charter: jointmeeting.Charter, repeat: int = 2000) -> float:
    """Median µs to plan a major case, reporters taken in turn across the whole charter."""
    times = []
    rule = next(r.id for r in charter.reporting if "members" in r.reporters)
    units = charter.units
    for i in range(repeat):
        reporter = units[(i * 7919) % len(units)].id
        start = time.perf_counter()
        plan(charter, Report(rule, reporter, KNOWN))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def steps_of(path: Path, folder: Path) -> dict[str, float]:
    """Seconds per step on one charter file."""
    from rich.console import Console

    from jointmeeting.publish.site import build

    out: dict[str, float] = {}
    start = time.perf_counter()
    charter = jointmeeting.load_charter(path)
    # The loader pauses the collector (nothing it makes is in a cycle); the one full collection
    # it leaves owing is the load's cost, not that of whichever step happens to come next.
    gc.collect()
    out["load"] = time.perf_counter() - start
    ctx = checks.Context(charter, TODAY)
    for rule in checks.RULES:
        out[f"check {rule.__name__}"] = timed(lambda r=rule: list(r(ctx)))
    out["check (all)"] = timed(lambda: jointmeeting.check(charter, today=TODAY))
    start = time.perf_counter()
    graph = ResponsibilityGraph.from_charter(charter)
    out["graph"] = time.perf_counter() - start
    out["who"] = timed(lambda: who(charter, "留守儿童"))
    out["coverage"] = timed(lambda: coverage(charter))
    out["impact"] = timed(lambda: graph.impact(charter.units[1].id))
    out["show"] = timed(lambda: report.show(charter, Console(file=io.StringIO(), width=100)))
    out["site"] = timed(lambda: build(charter, folder / "site"))
    out["plan (µs)"] = plan_median(charter, 500) / 1e6
    return out


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    return math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)


def table(title: str, sizes: list[int], rows: dict[int, dict[str, float]]) -> None:
    print(f"\n{title}")
    head = "".join(f"{n:>11,}" for n in sizes)
    grow = "".join(f"  {a}→{b}".rjust(13) for a, b in itertools.pairwise(sizes))
    print(f"{'step':<28}{head}  exponent{grow}")
    for step in rows[sizes[0]]:
        times = [rows[n][step] for n in sizes]
        cells = "".join((f"{t * 1e6:9.1f}µs" if step.startswith("plan") else f"{t:10.3f}s")
                        for t in times)
        exps = "".join(f"{exponent(times[k], times[k + 1], sizes[k], sizes[k + 1]):13.2f}"
                       for k in range(len(sizes) - 1))
        print(f"{step:<28}{cells}          {exps}")


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec,
# and the parent here holds the largest charter.
PEAK = """
{body}
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""
CHECK_BODY = ("from jointmeeting.cli import main\n"
              "import contextlib, io\n"
              "with contextlib.redirect_stdout(io.StringIO()), "
              "contextlib.redirect_stderr(io.StringIO()):\n"
              "    main(['check', '--on', '2025-06-01', {path!r}])")
YAML_BODY = "import yaml\nyaml.load(open({path!r}, encoding='utf-8'), Loader=yaml.CSafeLoader)"


def peak_kib(body: str) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK.format(body=body)], check=True,
                            capture_output=True, text=True)
    return int(result.stdout.split()[-1])


def c_parse(path: str) -> int:
    import yaml

    with open(path, encoding="utf-8") as handle:
        return len(yaml.load(handle, Loader=yaml.CSafeLoader))


def national(count: int, folder: Path) -> None:
    """``count`` county charters of Hulin-like sizes: ``check DIR`` against the C-parse floor."""
    rng = random.Random(2850)
    tree = folder / "national"
    for i in range(count):
        units = max(12, min(80, int(rng.gauss(34, 10))))
        write(tree / f"province-{i % 31}" / f"county-{i}.yaml",
              county(units, charter_id=f"county-{i}"))
    files = sorted(str(p) for p in tree.rglob("*.yaml"))
    cores = os.cpu_count() or 1
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(cores) as pool:
        list(pool.map(c_parse, files, chunksize=64))
    floor = time.perf_counter() - start
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "jointmeeting", "check", "--on",
                             "2025-06-01", str(tree)], check=False, capture_output=True,
                            text=True)
    ours = time.perf_counter() - start
    print(f"\nnational: {count:,} charters on {cores} core(s): {result.stderr.strip()}")
    print(f"  check DIR            {ours:7.2f} s")
    print(f"  C-libyaml parse      {floor:7.2f} s   ratio {ours / floor:.2f}x (target <= 1.2x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="500, 1,000 and 2,000 units")
    parser.add_argument("--national", type=int, default=0, metavar="N",
                        help="only check N generated county charters as one tree")
    args = parser.parse_args()
    sizes = [500, 1000, 2000] if args.quick else [1000, 4000, 16000]
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        if args.national:
            national(args.national, folder)
            return
        rows = {}
        for n in sizes:
            path = write(folder / f"county-{n}.yaml", county(n))
            rows[n] = steps_of(path, folder)
            print(f"  {n:,} units: {path.stat().st_size / 2**20:.1f} MiB, "
                  f"{sum(rows[n].values()):.1f} s", flush=True)
        table("county charters (seconds per step)", sizes, rows)
        dense = [6, 9, 12]
        dense_rows = {}
        for n in dense:
            path = write(folder / f"dense-{n}.yaml", dense_routes(n))
            charter = jointmeeting.load_charter(path)
            dense_rows[n] = {"check (all)": timed(lambda c=charter: jointmeeting.check(
                c, today=TODAY))}
        table("dense reporting routes (every unit reports to every other)", dense, dense_rows)

        hulin = plan_median(jointmeeting.load_charter(ROOT / "charters" / "huilin.yaml"))
        print(f"\nplan a case: Hulin {hulin:.1f} µs; "
              + "; ".join(f"{n:,} units {rows[n]['plan (µs)'] * 1e6:.1f} µs "
                          f"({rows[n]['plan (µs)'] * 1e6 / hulin:.2f}x)" for n in sizes)
              + " (target <= 1.5x)")

        big = str(folder / f"county-{sizes[-1]}.yaml")
        ours = peak_kib(CHECK_BODY.format(path=big))
        plain = peak_kib(YAML_BODY.format(path=big))
        print(f"peak memory, {sizes[-1]:,} units: check {ours / 1024:.0f} MiB, C-libyaml load "
              f"{plain / 1024:.0f} MiB, ratio {ours / plain:.2f}x (target <= 1x)")
        wrong_types(folder)


def wrong_types(folder: Path, faults: int = 1_000_000) -> None:
    """``check`` on files of a million values of the wrong type: time and peak memory of the
    whole process (target: a few seconds a MB, a few hundred MB)."""
    for where in ("support", "units"):
        path = write(folder / f"wrong-{where}.yaml", million_wrong_types(faults, where=where))
        start = time.perf_counter()
        peak = peak_kib(CHECK_BODY.format(path=str(path)))
        took = time.perf_counter() - start
        size = path.stat().st_size / 2**20
        print(f"a million wrong-type values ({where}, {size:.1f} MiB): check {took:.1f} s "
              f"({took / size:.1f} s/MiB), peak {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
