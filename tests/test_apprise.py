"""The Apprise notifiers against real peers on 127.0.0.1: an SMTP server, an HTTP server, and
DingTalk and WeCom answers faked at the HTTP layer (including HTTP 200 with an error code)."""

from __future__ import annotations

import datetime as dt
import email
import json
import logging
import socket
import threading
from collections.abc import Iterator
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

import jointmeeting
from jointmeeting.charter.contacts import Contacts
from jointmeeting.host.manager import plugin_host
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import dispatch, open_incident, steps, timeline
from jointmeeting.runtime.plan import Report, plan

KNOWN = dt.datetime(2025, 6, 3, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TOKEN = "5ec2e7a0c1b94f3d8a6e"  # the shape the services issue; must never be logged


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[int, list[Any]]]:
    got: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            got.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, got
    finally:
        controller.stop()


class Peer:
    """An HTTP server on 127.0.0.1 that records requests and answers with ``reply``."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.headers: list[dict[str, str]] = []
        self.reply: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
        self.status = 200
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                peer.requests.append((self.path, json.loads(body)))
                peer.headers.append(dict(self.headers))
                data = json.dumps(peer.reply).encode()
                self.send_response(peer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def peer() -> Iterator[Peer]:
    server = Peer()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def run_case(hulin: jointmeeting.Charter, tmp_path: Path, channel: dict[str, str],
             *, minor: bool = True) -> tuple[Ledger, int]:
    book = Contacts.model_validate({"format": 1, "recipients": {"police": [channel]}})
    ledger = Ledger(tmp_path / "l.sqlite3")
    incident = open_incident(ledger, hulin, plan(hulin, Report(
        "mandatory-report", "schools", KNOWN, summary="学生王小红遭受侵害", minor=minor), book),
        now=KNOWN)
    dispatch(ledger, hulin, plugin_host().notifiers(), now=KNOWN, contacts=book, timeout=20)
    return ledger, incident


def test_email_arrives_with_its_chinese_subject(hulin: jointmeeting.Charter, tmp_path: Path,
                                                 smtp: tuple[int, list[Any]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    port, got = smtp
    monkeypatch.setenv("JOINTMEETING_SMTP_URL",
                       f"mailto://127.0.0.1:{port}?from=office@hulin.example&mode=insecure")
    ledger, incident = run_case(hulin, tmp_path, {"via": "email", "to": "110@hulin.example"})
    with ledger:
        police = steps(ledger, incident)[0]
        assert police.status == "sent", police.last_error
    (envelope,) = got
    assert envelope.rcpt_tos == ["110@hulin.example"]
    mail = email.message_from_bytes(envelope.content)
    subject = str(make_header(decode_header(mail["Subject"])))
    assert subject == f"【强制报告】学校报告（案件{incident}号），请于2025-06-03 08:15+08:00前处理"
    text = mail.get_payload(decode=True) if not mail.is_multipart() else \
        mail.get_payload()[0].get_payload(decode=True)
    assert "涉及未成年人" in text.decode("utf-8") and "王小红" not in text.decode("utf-8")


def test_a_webhook_receives_the_message(hulin: jointmeeting.Charter, tmp_path: Path,
                                         peer: Peer) -> None:
    ledger, incident = run_case(hulin, tmp_path, {
        "via": "webhook", "to": f"http://127.0.0.1:{peer.port}/hooks/jointmeeting"},
        minor=False)
    with ledger:
        assert steps(ledger, incident)[0].status == "sent"
    ((path, body),) = peer.requests
    assert path == "/hooks/jointmeeting"
    assert body["title"].startswith("【强制报告】") and "学生王小红遭受侵害" in body["message"]


@pytest.mark.parametrize(("via", "plugin", "attribute", "refusal", "error"), [
    ("dingtalk", "apprise.plugins.dingtalk.NotifyDingTalk", "robot/send?access_token={token}",
     {"errcode": 310000, "errmsg": "keywords not in content"},
     "errcode 310000: keywords not in content"),
    ("wecom", "apprise.plugins.wecombot.NotifyWeComBot", "cgi-bin/webhook/send?key={key}",
     {"errcode": 93000, "errmsg": "invalid webhook url"}, "errcode 93000: invalid webhook url"),
    ("feishu", "apprise.plugins.feishu.NotifyFeishu", "open-apis/bot/v2/hook/{token}/",
     {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"},
     "code 19021: sign match fail or timestamp is not within one hour"),
])
def test_bots_and_their_200_with_an_error_code(
        hulin: jointmeeting.Charter, tmp_path: Path, peer: Peer, via: str, plugin: str,
        attribute: str, refusal: dict[str, Any], error: str, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(f"{plugin}.notify_url", f"http://127.0.0.1:{peer.port}/{attribute}")
    monkeypatch.setenv("JOINTMEETING_BOT_TOKEN", TOKEN)
    channel = {"via": via, "secret_env": "JOINTMEETING_BOT_TOKEN"}
    ledger, incident = run_case(hulin, tmp_path / "ok", channel)
    with ledger:
        sent = steps(ledger, incident)[0]
        assert sent.status == "sent"
    ((path, body),) = peer.requests
    assert path == "/" + attribute.format(token=TOKEN, key=TOKEN)  # the query arrives whole
    assert f"Idempotency-Key: {sent.key}" in json.dumps(body)  # in the text, where bots allow
    peer.reply = refusal
    ledger, incident = run_case(hulin, tmp_path / "refused", channel)
    with ledger:
        police = steps(ledger, incident)[0]
        assert police.status == "pending"  # retried later, escalated past its deadline
        assert police.last_error == f"NotifierError: the service answered {error}"
        told = " ".join(event.detail for event in timeline(ledger, incident))
    assert TOKEN not in told and TOKEN not in caplog.text and TOKEN not in str(police)


def test_a_missing_secret_is_named_not_guessed(hulin: jointmeeting.Charter,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOINTMEETING_DINGTALK_X", raising=False)
    ledger, incident = run_case(hulin, tmp_path, {"via": "dingtalk",
                                                  "secret_env": "JOINTMEETING_DINGTALK_X"})
    with ledger:
        assert steps(ledger, incident)[0].last_error == (
            "NotifierError: environment variable JOINTMEETING_DINGTALK_X is not set")


def test_a_webhook_with_its_token_in_the_query_carries_the_key_and_reads_the_answer(
        hulin: jointmeeting.Charter, tmp_path: Path, peer: Peer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The URL reaches the peer intact; the key is in a header and in the body, the same on
    every attempt; a 200 with an errcode and a 500 are failures, not sends."""
    monkeypatch.setenv("JOINTMEETING_OA_HOOK",
                       f"http://127.0.0.1:{peer.port}/cgi-bin/webhook/send?key={TOKEN}&a=1")
    peer.reply = {"errcode": 93000, "errmsg": "invalid webhook url"}
    book = Contacts.model_validate({"format": 1, "recipients": {"police": [
        {"via": "webhook", "secret_env": "JOINTMEETING_OA_HOOK"}]}})
    notifiers = plugin_host().notifiers()
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        incident = open_incident(ledger, hulin, plan(hulin, Report(
            "mandatory-report", "schools", KNOWN, minor=True), book), now=KNOWN)
        now = KNOWN
        for answer in ("errcode", "500", "ok"):
            peer.status = 500 if answer == "500" else 200
            if answer == "ok":
                peer.reply = {"errcode": 0, "errmsg": "ok"}
            dispatch(ledger, hulin, notifiers, now=now, contacts=book, timeout=20)
            police = steps(ledger, incident)[0]
            assert police.status == ("sent" if answer == "ok" else "pending")
            now += dt.timedelta(hours=1)
        assert police.attempts == 3
        errors = [e.detail for e in timeline(ledger, incident) if e.kind == "send failed"]
    assert "errcode 93000: invalid webhook url" in errors[0]
    assert "answered HTTP 500" in errors[1] and TOKEN not in " ".join(errors)
    assert [p for p, _ in peer.requests] == [f"/cgi-bin/webhook/send?key={TOKEN}&a=1"] * 3
    assert {h["Idempotency-Key"] for h in peer.headers} == {police.key}
    assert {b["idempotency_key"] for _, b in peer.requests} == {police.key}


def test_an_email_carries_a_message_id_made_from_the_key_on_every_attempt(
        hulin: jointmeeting.Charter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server refuses the first attempt (451) and takes the second: both carry one
    Message-ID, derived from the step's key, and the refusal is a failure, not a send."""
    got: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            got.append(envelope)
            return "451 try again later" if len(got) == 1 else "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("JOINTMEETING_SMTP_URL",
                       f"mailto://127.0.0.1:{port}?from=office@hulin.example&mode=insecure")
    book = Contacts.model_validate({"format": 1, "recipients": {"police": [
        {"via": "email", "to": "110@hulin.example"}]}})
    try:
        with Ledger(tmp_path / "l.sqlite3") as ledger:
            incident = open_incident(ledger, hulin, plan(hulin, Report(
                "mandatory-report", "schools", KNOWN), book), now=KNOWN)
            for later in (0, 1):
                dispatch(ledger, hulin, plugin_host().notifiers(),
                         now=KNOWN + dt.timedelta(hours=later), contacts=book, timeout=20)
                police = steps(ledger, incident)[0]
                assert police.status == ("sent" if later else "pending")
                if not later:
                    assert police.last_error == "NotifierError: the mail server answered 451"
    finally:
        controller.stop()
    mails = [email.message_from_bytes(e.content) for e in got]
    assert [m.get_all("Message-ID") for m in mails] == [
        [f"<jointmeeting.{police.key}@hulin.example>"]] * 2
