"""The long fuzz run: hostile charters, overlays, contacts, year records and notices, fed to the
library in-process until a count or a time limit is reached.

    python -m tests.fuzz.run --count 100000 --seconds 3600 --seed 1 --out fuzz-out

Every input is made from its own seed, so a failure is replayed with ``--replay SEED``. Each
input has a time limit and the process a memory limit (a hang or a memory bomb is a failure
too). Prints a summary as JSON: how many inputs
were tried and how many failed, by kind, and the distinct failures (written in full to
``--out``).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import resource
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import jointmeeting

from .cases import KINDS, ROOT, Workspace

#: How often each kind is fed: charters and overlays are where most of the code is.
KIND_WEIGHTS = (5, 3, 1, 1, 1)
PER_INPUT_SECONDS = 20


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang(f"no answer within {PER_INPUT_SECONDS} s")


def one(seed: int, space: Workspace, hulin: jointmeeting.Charter) -> tuple[str, BaseException | None]:
    rng = random.Random(seed)
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    signal.setitimer(signal.ITIMER_REAL, PER_INPUT_SECONDS)
    try:
        kind.run(rng, space, hulin)
    except Exception as exc:  # every exception is a finding of the run
        return kind.name, exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return kind.name, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=3600.0)
    parser.add_argument("--seed", type=int, default=1, help="the first input's seed")
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"))
    parser.add_argument("--replay", type=int, default=None, help="run one seed, show its error")
    parser.add_argument("--memory-mb", type=int, default=2048,
                        help="address space limit: a memory bomb is a MemoryError, not a "
                             "kill (0: none, when called from another program)")
    args = parser.parse_args(argv)
    if args.memory_mb:
        resource.setrlimit(resource.RLIMIT_AS, (args.memory_mb << 20, args.memory_mb << 20))
    previous = signal.signal(signal.SIGALRM, _alarm)
    space = Workspace.create()
    try:
        return _run(args, space)
    finally:
        signal.signal(signal.SIGALRM, previous)
        shutil.rmtree(space.folder, ignore_errors=True)


def _run(args: argparse.Namespace, space: Workspace) -> int:
    hulin = jointmeeting.load_charter(ROOT / "charters" / "huilin.yaml")
    if args.replay is not None:
        kind, error = one(args.replay, space, hulin)
        print(kind, "ok" if error is None else "".join(traceback.format_exception(error)))
        return 0 if error is None else 1
    args.out.mkdir(parents=True, exist_ok=True)
    tried: collections.Counter[str] = collections.Counter()
    failed: collections.Counter[str] = collections.Counter()
    distinct: dict[str, dict[str, Any]] = {}
    start = time.monotonic()
    seed = args.seed
    while sum(tried.values()) < args.count and time.monotonic() - start < args.seconds:
        kind, error = one(seed, space, hulin)
        tried[kind] += 1
        if error is not None:
            failed[kind] += 1
            frames = traceback.extract_tb(error.__traceback__)
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            key = f"{kind} {type(error).__name__} {where}"
            if key not in distinct:
                distinct[key] = {"seed": seed, "kind": kind, "error": repr(error)[:500],
                                 "traceback": "".join(traceback.format_exception(error))}
                with open(args.out / "failures.jsonl", "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(distinct[key], ensure_ascii=False) + "\n")
        seed += 1
        total = sum(tried.values())
        if total % 5000 == 0:
            print(f"{total} tried, {sum(failed.values())} failed, "
                  f"{time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)
    summary = {"tried": sum(tried.values()), "failed": sum(failed.values()),
               "seconds": round(time.monotonic() - start), "first_seed": args.seed,
               "by_kind": {k: {"tried": tried[k], "failed": failed[k]} for k in tried},
               "distinct_failures": sorted(distinct)}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n",
                                           encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
