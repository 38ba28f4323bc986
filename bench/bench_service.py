"""Load test of `jointmeeting serve`, on loopback only.

Starts the service on a copy of the Hulin charter with a fresh SQLite ledger, then, from one run:

1. *mixed load*: CLIENTS concurrent clients for SECONDS against ``who`` (a member unit's token),
   a route plan, and opening incidents (about 5 : 3 : 2): requests per second, latency
   percentiles, errors (any status but 2xx, or a failed connection; target: none);
2. *who against a trivial endpoint*: the same clients, first on ``/ping`` (no work), then on
   ``who``, each for a third of SECONDS: the ratio of their throughputs says what a search
   costs over the server's own overhead (HTTP, routing, the JSON envelope).

The clients run in this process (asyncio, httpx) on the same machine as the server: on a small
machine they share its cores, so the figures are a floor, not the server's ceiling.

Run: ``python bench/bench_service.py`` (50 clients, 30 s), or ``--quick`` (10 clients, 6 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import jointmeeting
from jointmeeting.runtime.access import Role, add_token
from jointmeeting.runtime.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("留守儿童", "家暴", "拐卖", "托育", "困境 儿童", "女干部", "校园 安全", "就业")

Request = Callable[[random.Random], tuple[str, str, dict[str, object]]]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


#: uvicorn's line naming the address it listens on.
RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


async def load(url: str, token: str, clients: int, seconds: float, pick: Request) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds
    headers = {"Authorization": f"Bearer {token}"}

    async def client(number: int) -> None:
        rng = random.Random(number)
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
            while time.monotonic() < stop:
                method, path, kw = pick(rng)
                start = time.perf_counter()
                try:
                    response = await http.request(method, path, **kw)  # type: ignore[arg-type]
                except httpx.HTTPError:
                    tally.errors += 1
                    continue
                tally.latencies.append(time.perf_counter() - start)
                tally.statuses[response.status_code] = tally.statuses.get(
                    response.status_code, 0) + 1
                if not response.is_success:
                    tally.errors += 1

    began = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(clients)))
    tally.seconds = time.monotonic() - began
    return tally


def mixed(rng: random.Random) -> tuple[str, str, dict[str, object]]:
    roll = rng.random()
    if roll < 0.5:
        return "GET", "/who", {"params": {"q": rng.choice(QUERIES)}}
    if roll < 0.8:
        return "GET", "/plan", {"params": {"rule": "major-case", "reporter": "civil-affairs"}}
    return "POST", "/incidents", {"json": {"rule": "major-case", "reporter": "civil-affairs",
                                           "summary": "bench"}}


def who(rng: random.Random) -> tuple[str, str, dict[str, object]]:
    return "GET", "/who", {"params": {"q": rng.choice(QUERIES)}}


def ping(_: random.Random) -> tuple[str, str, dict[str, object]]:
    return "GET", "/ping", {}


def report(name: str, tally: Tally) -> None:
    print(f"{name:<28} {len(tally.latencies):>7} requests  {tally.rate:>8.1f} req/s  "
          f"p50 {tally.percentile(0.50):>7.1f} ms  p99 {tally.percentile(0.99):>7.1f} ms  "
          f"errors {tally.errors}  statuses {dict(sorted(tally.statuses.items()))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 clients for 6 s.")
    parser.add_argument("--clients", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args()
    clients = args.clients or (10 if args.quick else 50)
    seconds = args.seconds or (6.0 if args.quick else 30.0)

    with tempfile.TemporaryDirectory(prefix="jointmeeting-bench-") as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "charters", work / "charters")
        charter_path = work / "charters" / "huilin.yaml"
        ledger_path = work / "ledger.sqlite3"
        charter = jointmeeting.load_charter(charter_path)
        with Ledger(ledger_path) as ledger:
            _, token = add_token(ledger, charter, Role.MEMBER, "bench", unit="civil-affairs")
        log_path = work / "server.log"
        log = log_path.open("wb")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
        # Port 0: the system picks a free port, and uvicorn's log says which.
        server = subprocess.Popen(
            [sys.executable, "-m", "jointmeeting", "serve", "--charter", str(charter_path),
             "--ledger", str(ledger_path), "--port", "0"],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 30
            while True:
                found = RUNNING.search(log_path.read_text("utf-8", errors="replace"))
                if found and httpx.get(f"{found[1]}/ping", timeout=2).status_code == 200:
                    url = found[1]
                    break
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.1)
            print(f"{clients} clients on {url}, cores: {os.cpu_count()}")
            mix = asyncio.run(load(url, token, clients, seconds, mixed))
            report(f"mixed, {seconds:g} s", mix)
            third = seconds / 3
            trivial = asyncio.run(load(url, token, clients, third, ping))
            report(f"/ping, {third:g} s", trivial)
            search = asyncio.run(load(url, token, clients, third, who))
            report(f"/who, {third:g} s", search)
            print(f"who / ping throughput: {search.rate / trivial.rate:.2f}")
            errors = mix.errors + trivial.errors + search.errors
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)
            log.close()
    print(f"errors: {errors} (target: none)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
