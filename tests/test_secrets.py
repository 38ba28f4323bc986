"""Secrets stay secret when the library is used from Python: a host program that logs
everything at DEBUG through its own handler finds no token in its log."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import HULIN

TOKEN = "5ec2e7a0c1b94f3d8a6e"

HOST = """
import datetime as dt, io, logging, os, socket, sys
buffer = io.StringIO()
handler = logging.StreamHandler(buffer)
handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
logging.basicConfig(level=logging.DEBUG, handlers=[handler])

import jointmeeting
from jointmeeting.charter.contacts import Contacts
from jointmeeting.host.manager import plugin_host
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import dispatch, open_incident, steps
from jointmeeting.runtime.plan import Report, plan

with socket.socket() as s:  # a port nothing listens on: the send fails, and is logged
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
os.environ["HOST_SECRET"] = SECRET.format(port=port)
charter = jointmeeting.load_charter(CHARTER)
book = Contacts.model_validate({"format": 1, "recipients": {"police": [CHANNEL]}})
known = dt.datetime(2025, 6, 3, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
with Ledger(LEDGER) as ledger:
    incident = open_incident(ledger, charter, plan(charter, Report(
        "mandatory-report", "schools", known, summary="x", minor=True), book), now=known)
dispatch(Ledger(LEDGER), charter, plugin_host().notifiers(), now=known, contacts=book,
         timeout=5)
with Ledger(LEDGER) as ledger:
    print(steps(ledger, incident)[0].last_error)
print(buffer.getvalue())
"""


@pytest.mark.parametrize(("secret", "channel"), [
    (f"http://127.0.0.1:{{port}}/hooks/{TOKEN}", {"via": "webhook", "secret_env": "HOST_SECRET"}),
    (f"http://127.0.0.1:{{port}}/send?key={TOKEN}&x=1",
     {"via": "webhook", "secret_env": "HOST_SECRET"}),
    (f"mailto://office:{TOKEN}@127.0.0.1:{{port}}?from=a@b.example&mode=insecure",
     {"via": "email", "to": "police@b.example", "secret_env": "HOST_SECRET"}),
], ids=["webhook-path", "webhook-query", "smtp-password"])
def test_a_host_programs_debug_log_holds_no_token(tmp_path: Path, secret: str,
                                                  channel: dict[str, str]) -> None:
    code = (f"SECRET = {secret!r}\nCHANNEL = {channel!r}\nCHARTER = {str(HULIN)!r}\n"
            f"LEDGER = {str(tmp_path)!r} + '/l.sqlite3'\n") + textwrap.dedent(HOST)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr
    log = done.stdout
    assert log.splitlines()[0] not in ("", "None")  # the send failed and said why
    if channel["via"] == "webhook":  # requests and urllib3 log at DEBUG; smtplib logs nothing
        assert "DEBUG" in log and "127.0.0.1" in log  # the host did see the library's records
    assert TOKEN not in log + done.stderr
