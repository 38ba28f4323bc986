"""One outbox on PostgreSQL shared by two dispatcher processes, each killed with SIGKILL at
random moments: every step delivered, none by both dispatchers at the same moment (the
receiver on 127.0.0.1 records deliveries of one key that overlap), every repeat with the
step's one key, every overdue step escalated once. And the claim that makes it so: the steps
of a dispatcher killed mid-batch come due again when its claim expires, not before."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import jointmeeting
from jointmeeting.charter.contacts import Contacts
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import dispatch, open_incident
from jointmeeting.runtime.plan import Report, plan

from .conftest import HULIN, kill_at_random
from .dispatcher import command as dispatcher
from .test_cases import KNOWN

STEPS = 600
KILLS = 20  # per dispatcher
HOLD = 0.02  # seconds the receiver takes over each delivery: room for an overlap to show
CLAIM = 3.0  # seconds a claim holds ($JOINTMEETING_CLAIM_SECONDS); the send timeout is 1


@dataclass
class Receiver:
    """Takes every delivery; notes each that arrives while another of its key is under way."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    under_way: Counter[str] = field(default_factory=Counter)
    overlaps: list[str] = field(default_factory=list)
    seen: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)

    def serve(self) -> ThreadingHTTPServer:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers.get("Idempotency-Key") or ""
                with receiver.lock:
                    if receiver.under_way[key]:
                        receiver.overlaps.append(key)
                    receiver.under_way[key] += 1
                    receiver.seen.append((self.headers.get("Idempotency-Key"), body))
                try:
                    time.sleep(HOLD)
                    data = b'{"errcode": 0, "errmsg": "ok"}'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the dispatcher was killed while it waited
                finally:
                    with receiver.lock:
                        receiver.under_way[key] -= 1

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, int]]:
    taking = Receiver()
    server = taking.serve()
    try:
        yield taking, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_two_dispatchers_killed_at_random_share_one_outbox(
        hulin: jointmeeting.Charter, postgres_schema: str, receiver: tuple[Receiver, int],
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    taking, port = receiver
    monkeypatch.setenv("JOINTMEETING_SHARED_HOOK", f"http://127.0.0.1:{port}/hook")
    monkeypatch.setenv("JOINTMEETING_CLAIM_SECONDS", str(CLAIM))
    book_path = tmp_path / "contacts.yaml"
    book_path.write_text("format: 1\nrecipients:\n  office: [{via: webhook, secret_env: "
                         "JOINTMEETING_SHARED_HOOK}]\n", encoding="utf-8")
    book = Contacts.model_validate({"format": 1, "recipients": {"office": [
        {"via": "webhook", "secret_env": "JOINTMEETING_SHARED_HOOK"}]}})
    units = [u.id for u in hulin.units]
    now = dt.datetime.now(dt.UTC)
    with Ledger(postgres_schema) as ledger:
        for i in range(STEPS):
            # Known long ago: every step is also overdue, so both dispatchers escalate too.
            open_incident(ledger, hulin, plan(hulin, Report("major-case", units[i % len(units)],
                                                            KNOWN), book), now=now)
        key_of = {r[0]: r[1] for r in ledger.db.execute("SELECT incident, key FROM steps")}
    assert len(key_of) == STEPS
    # The real clock: a claim expires in real seconds ($JOINTMEETING_CLAIM_SECONDS).
    command = dispatcher(HULIN, book_path, postgres_schema, passes=3000, batch=5, timeout=1.0,
                         start=None, pause=0.1)  # at most about five minutes

    mid_way: list[bool] = []

    def kill_repeatedly(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(KILLS):
            kill_at_random(command, rng, within=0.5)
            with taking.lock:
                taken = len({key for key, _ in taking.seen})
            mid_way.append(0 < taken < STEPS)

    killers = [threading.Thread(target=kill_repeatedly, args=(seed,)) for seed in (1, 2)]
    for killer in killers:
        killer.start()
    for killer in killers:
        killer.join(timeout=600)
    assert len(mid_way) == 2 * KILLS
    assert sum(mid_way) >= KILLS  # the kills fell while steps were being sent
    finishers = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for _ in range(2)]
    assert [f.wait(timeout=400) for f in finishers] == [0, 0]

    with taking.lock:
        seen = list(taking.seen)
        overlaps = list(taking.overlaps)
    assert overlaps == []  # never one step sent by two dispatchers at the same moment
    assert all(header == body["idempotency_key"] for header, body in seen)
    keys_by_incident: dict[int, set[str | None]] = {}
    for header, body in seen:
        keys_by_incident.setdefault(body["incident"], set()).add(header)
    assert keys_by_incident == {incident: {key} for incident, key in key_of.items()}
    with Ledger(postgres_schema) as ledger:
        statuses = Counter(r[0] for r in ledger.db.execute(
            "SELECT status FROM steps WHERE level = 0"))
        escalations = ledger.db.execute("SELECT incident, count(*) FROM steps WHERE level = 1 "
                                        "GROUP BY incident").fetchall()
    assert statuses == {"sent": STEPS}
    assert sorted(r[0] for r in escalations) == sorted(key_of) and {r[1] for r in escalations} == {1}
    repeats = len(seen) - STEPS
    print(f"\n{len(seen)} deliveries of {STEPS} steps ({repeats} repeats after kills), "
          f"{2 * KILLS} kills, {sum(mid_way)} while sending")


KILLED_MID_SEND = """
import datetime as dt, os, signal, sys
import jointmeeting
from jointmeeting.charter.contacts import Contacts
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import dispatch

class Dies:
    def send(self, message, channel):
        os.kill(os.getpid(), signal.SIGKILL)  # mid-batch: claimed, nothing recorded

charter = jointmeeting.load_charter(sys.argv[1])
book = Contacts.model_validate({"format": 1, "recipients": {"office": [{"via": "dies"}]}})
with Ledger(sys.argv[2]) as ledger:
    dispatch(ledger, charter, {"dies": Dies()}, now=dt.datetime.fromisoformat(sys.argv[3]),
             contacts=book)
"""


def test_the_steps_of_a_dispatcher_killed_mid_batch_come_due_when_its_claim_expires(
        hulin: jointmeeting.Charter, ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINTMEETING_CLAIM_SECONDS", "90")
    book = Contacts.model_validate({"format": 1, "recipients": {"office": [{"via": "dies"}]}})
    with Ledger(ledger_url) as ledger:
        ids = [open_incident(ledger, hulin, plan(hulin, Report("major-case", unit, KNOWN), book),
                             now=KNOWN) for unit in ("市教育局", "市民政局", "市公安局")]
        keys = {r[0] for r in ledger.db.execute("SELECT key FROM steps")}
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_SEND, str(HULIN), ledger_url,
                             KNOWN.isoformat()], check=False, timeout=120)
    assert killed.returncode == -9
    got: list[str] = []

    class Takes:
        def send(self, message: Any, channel: Any) -> None:
            got.append(message.key)

    with Ledger(ledger_url) as ledger:
        assert {(r[0], r[1]) for r in ledger.db.execute(
            "SELECT status, attempts FROM steps")} == {("pending", 1)}  # claimed, not lost
        just_before = KNOWN + dt.timedelta(seconds=89)
        assert dispatch(ledger, hulin, {"dies": Takes()}, now=just_before, contacts=book).sent == 0
        at_expiry = KNOWN + dt.timedelta(seconds=90)
        assert dispatch(ledger, hulin, {"dies": Takes()}, now=at_expiry, contacts=book).sent == 3
    assert set(got) == keys and len(got) == len(ids)


def test_a_claim_shorter_than_the_send_timeout_is_refused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: pytest.CaptureFixture[str]
        ) -> None:
    from jointmeeting.cli import main

    monkeypatch.setenv("JOINTMEETING_CLAIM_SECONDS", "5")
    assert main(["dispatch", "--once", "--timeout", "10", "--charter", str(HULIN),
                 "--ledger", str(tmp_path / "l.sqlite3")]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == ("jointmeeting: $JOINTMEETING_CLAIM_SECONDS is '5': give the seconds a "
                    "dispatcher's claim on a step holds, more than the send timeout (10 s)")
