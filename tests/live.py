"""A live `jointmeeting serve` for tests: a real uvicorn on 127.0.0.1, its log kept in a file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import jointmeeting
from jointmeeting.charter.parse import Limits
from jointmeeting.runtime.access import Role, add_token
from jointmeeting.runtime.ledger import Ledger

from .conftest import ROOT

#: uvicorn's line naming the address it listens on.
RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@dataclass
class Live:
    """A server on a copy of the repository's charters (filings change the charter file)."""

    folder: Path
    charter: Path
    ledger: str
    url: str
    log: Path
    process: subprocess.Popen[bytes]
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, who: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def start(folder: Path, charter: str = "charters/huilin.yaml",
          tokens: dict[str, tuple[Role, str | None, str | None]] | None = None,
          ledger: str | None = None) -> Live:
    """Copy the charters, make ``tokens`` (name -> role, unit, party), start the server on
    ``ledger`` (default: an SQLite file in ``folder``) and wait (at most 30 s) until it
    answers."""
    shutil.copytree(ROOT / "charters", folder / "charters")
    shutil.copytree(ROOT / "examples", folder / "examples")
    path = folder / charter
    ledger = ledger or str(folder / "ledger.sqlite3")
    made = {}
    # The copied charters/ is where a template a charter extends stands, as ROOT's is for the
    # rest of the suite.
    allowed = str(folder / "charters")
    loaded = jointmeeting.load_charter(path, limits=Limits(allow_outside=(allowed,)))
    with Ledger(ledger) as open_ledger:
        for name, (role, unit, party) in (tokens or {}).items():
            made[name] = add_token(open_ledger, loaded, role, name, unit=unit, party=party)[1]
    log = folder / "server.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    with log.open("wb") as out:
        # Port 0: the system picks a free port, and uvicorn's log says which.
        process = subprocess.Popen(
            [sys.executable, "-m", "jointmeeting", "--allow-outside", allowed, "serve",
             "--charter", str(path), "--ledger", ledger, "--port", "0"],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    live = Live(folder, path, ledger, "", log, process, made)
    deadline = time.monotonic() + 30
    while True:
        found = RUNNING.search(log.read_text("utf-8", errors="replace"))
        if found:
            live.url = found[1]
            if httpx.get(f"{live.url}/ping", timeout=2).status_code == 200:
                return live
        if process.poll() is not None or time.monotonic() > deadline:
            live.stop()
            raise RuntimeError(f"the server did not start:\n{log.read_text('utf-8')}")
        time.sleep(0.1)
