"""The outbox against a peer that misbehaves, with the dispatcher killed (`kill -9`) on the way:
a webhook receiver on 127.0.0.1 that answers slowly (past the dispatcher's timeout, after it
has taken the message), drops the connection, or answers HTTP 200 with an ``errcode``. Every
step is delivered, and every repeat carries the same key in the header and the body, checked
at the receiver."""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import jointmeeting
from jointmeeting.charter.contacts import Contacts
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import open_incident
from jointmeeting.runtime.plan import Report, plan

from .conftest import HULIN, kill_at_random
from .dispatcher import command as dispatcher
from .test_cases import KNOWN

TOKEN = "9f3c1e77d2a04b6b"
#: What the peer does with a request, and how often.
BEHAVIOUR = {"ok": 50, "slow": 20, "drop": 15, "errcode": 15}
SLOW = 1.0  # seconds; the dispatcher gives a send 0.5


@dataclass
class Seen:
    path: str
    header: str | None
    body: dict[str, Any]
    outcome: str


@dataclass
class FaultyPeer:
    """Takes a message on "ok" and "slow" (answering late); refuses it on "drop" and
    "errcode"."""

    rng: random.Random
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def serve(self) -> ThreadingHTTPServer:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with peer.lock:
                    outcome = peer.rng.choices(list(BEHAVIOUR), list(BEHAVIOUR.values()))[0]
                    peer.seen.append(Seen(self.path, self.headers.get("Idempotency-Key"),
                                          body, outcome))
                if outcome == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if outcome == "slow":
                    time.sleep(SLOW)
                answer = {"errcode": 45009 if outcome == "errcode" else 0, "errmsg": outcome}
                data = json.dumps(answer).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the dispatcher gave up on a slow answer, or was killed

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


@pytest.fixture
def peer() -> Iterator[tuple[FaultyPeer, int]]:
    faulty = FaultyPeer(random.Random(18))
    server = faulty.serve()
    try:
        yield faulty, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_faulty_peer_and_kill_9_lose_nothing_and_every_repeat_carries_its_key(
        hulin: jointmeeting.Charter, tmp_path: Path, peer: tuple[FaultyPeer, int],
        monkeypatch: pytest.MonkeyPatch, ledger_url: str) -> None:
    faulty, port = peer
    hook = f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={TOKEN}"
    monkeypatch.setenv("JOINTMEETING_FAULT_HOOK", hook)
    book_path = tmp_path / "contacts.yaml"
    book_path.write_text("format: 1\nrecipients:\n  office: [{via: webhook, secret_env: "
                         "JOINTMEETING_FAULT_HOOK}]\n", encoding="utf-8")
    ledger_path = ledger_url
    book = Contacts.model_validate({"format": 1, "recipients": {"office": [
        {"via": "webhook", "secret_env": "JOINTMEETING_FAULT_HOOK"}]}})
    units = [u.id for u in hulin.units]
    with Ledger(ledger_path) as ledger:
        for i in range(24):
            open_incident(ledger, hulin, plan(hulin, Report("major-case", units[i % len(units)],
                                                            KNOWN), book), now=KNOWN)
        key_of = {r[0]: r[1] for r in ledger.db.execute("SELECT incident, key FROM steps")}
    command = dispatcher(HULIN, book_path, ledger_path, passes=400, batch=10, timeout=0.5)
    rng = random.Random(4)
    kills = mid_way = 0
    for _ in range(5):
        kill_at_random(command, rng, within=0.6)
        kills += 1
        with faulty.lock:
            taken = {s.header for s in faulty.seen if s.outcome in ("ok", "slow")}
        mid_way += 0 < len(taken) < len(key_of)
    assert mid_way >= 2  # the kills fell while steps were being sent
    finished = subprocess.run(command, timeout=60, check=False, env=os.environ.copy(),
                              stdout=subprocess.DEVNULL)
    assert finished.returncode == 0
    time.sleep(SLOW)  # let the last slow answers finish before reading what the peer saw
    with faulty.lock:
        seen = list(faulty.seen)
    # The URL arrived whole, and the key is in the header and the body of every request.
    assert {s.path for s in seen} == {f"/cgi-bin/webhook/send?key={TOKEN}"}
    assert all(s.header == s.body["idempotency_key"] for s in seen)
    # Every repeat of a step carries that step's one key.
    keys_by_incident: dict[int, set[str | None]] = {}
    for s in seen:
        keys_by_incident.setdefault(s.body["incident"], set()).add(s.header)
    assert keys_by_incident == {incident: {key} for incident, key in key_of.items()}
    # Every step was taken by the peer at least once; a refusal never counted as a send.
    taken_counts = Counter(s.header for s in seen if s.outcome in ("ok", "slow"))
    assert set(taken_counts) == set(key_of.values())
    with Ledger(ledger_path) as ledger:
        assert {r[0] for r in ledger.db.execute("SELECT status FROM steps")} == {"sent"}
    outcomes = Counter(s.outcome for s in seen)
    repeats = sum(n - 1 for n in taken_counts.values())
    assert outcomes["errcode"] and outcomes["drop"] and outcomes["slow"] and repeats
    print(f"\n{len(seen)} requests for {len(key_of)} steps, {dict(outcomes)}; "
          f"{repeats} repeats taken by the peer; {kills} kills")
