"""Cases: plans from the charter's rules, the durable outbox, notifiers as plugins, escalation,
privacy, and faults (a notifier down, hanging, raising; the dispatcher killed)."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import jointmeeting
from jointmeeting.charter.contacts import Channel, Contacts
from jointmeeting.cli import main
from jointmeeting.host.hookspecs import Message, Notifier, NotifierError, hookimpl
from jointmeeting.host.manager import plugin_host
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import ack, dispatch, open_incident, steps, timeline
from jointmeeting.runtime.plan import PlanError, Report, plan

from .conftest import HULIN, ROOT, kill_at_random
from .dispatcher import command as dispatcher

CST = ZoneInfo("Asia/Shanghai")
KNOWN = dt.datetime(2025, 6, 1, 10, 0, tzinfo=CST)


def contacts(tmp_path: Path, **extra: list[dict[str, str]]) -> Contacts:
    recipients = {
        "office": [{"via": "jsonl", "to": str(tmp_path / "office.jsonl")}],
        "convener": [{"via": "jsonl", "to": str(tmp_path / "convener.jsonl")}],
        "general-convener": [{"via": "jsonl", "to": str(tmp_path / "general.jsonl")}],
        "police": [{"via": "jsonl", "to": str(tmp_path / "police.jsonl")}],
        **extra,
    }
    return Contacts.model_validate({"format": 1, "recipients": recipients})


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] \
        if path.exists() else []


class Recorder:
    """A notifier that keeps what it was given; fails while ``down`` is set."""

    def __init__(self) -> None:
        self.got: list[tuple[Message, Channel]] = []
        self.down = False

    def send(self, message: Message, channel: Channel) -> None:
        if self.down:
            raise NotifierError("service unavailable")
        self.got.append((message, channel))


def test_a_major_case_plan(hulin: jointmeeting.Charter) -> None:
    made = plan(hulin, Report("major-case", "市教育局", KNOWN))
    (step,) = made.steps
    assert (step.recipient, step.action, step.deadline, step.clause) == (
        "office", "报告", KNOWN + dt.timedelta(hours=24), "二（二）/1")
    naive = plan(hulin, Report("major-case", "education", KNOWN.replace(tzinfo=None)))
    assert naive.steps[0].deadline == step.deadline  # a naive time is read in Asia/Shanghai


def test_mandatory_reports_from_outside_the_table(hulin: jointmeeting.Charter) -> None:
    for reporter in ("schools", "medical-institutions"):
        made = plan(hulin, Report("mandatory-report", reporter, KNOWN, minor=True))
        assert [(s.recipient, s.deadline, s.mandatory) for s in made.steps] == [
            ("police", KNOWN, True), ("relevant-departments", KNOWN, True)]
    with pytest.raises(PlanError, match="not a reporter"):
        plan(hulin, Report("mandatory-report", "市民政局", KNOWN))
    with pytest.raises(PlanError, match="no reporting rule 'fire'"):
        plan(hulin, Report("fire", "市民政局", KNOWN))
    with pytest.raises(jointmeeting.NameLookupError, match="no unit or party"):
        plan(hulin, Report("major-case", "市火箭局", KNOWN))


def test_no_channel_falls_back_to_the_office_and_nothing_is_dropped(
        hulin: jointmeeting.Charter, tmp_path: Path, ledger_url: str) -> None:
    book = contacts(tmp_path)
    made = plan(hulin, Report("mandatory-report", "schools", KNOWN), book)
    police, departments = made.steps
    assert [c.via for c in police.channels] == ["jsonl"] and police.note == ""
    assert departments.recipient == "relevant-departments"  # still the notice's recipient
    assert list(departments.channels) == book.channels("office")
    assert departments.note == "相关部门无联系渠道：改为通知办公室"  # the charter's language
    bare = plan(hulin, Report("mandatory-report", "schools", KNOWN),
                Contacts.model_validate({"format": 1}))
    assert [s.note for s in bare.steps] == ["公安机关无联系渠道：人工送达",
                                            "相关部门无联系渠道：人工送达"]
    with Ledger(ledger_url) as ledger:
        incident = open_incident(ledger, hulin, bare, now=KNOWN)
        assert [s.status for s in steps(ledger, incident)] == ["manual", "manual"]


def test_scenarios_for_hulin(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scenarios = ROOT / "tests" / "scenarios" / "hulin.yaml"
    assert main(["route", "--charter", str(HULIN), "--test", str(scenarios)]) == 0
    assert capsys.readouterr().out.endswith("6 passed, 0 failed\n")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(scenarios.read_text(encoding="utf-8").replace(
        "by: 2025-06-02T10:00:00+08:00", "by: 2025-06-02T12:00:00+08:00"), encoding="utf-8")
    assert main(["route", "--charter", str(HULIN), "--test", str(wrong)]) == 1
    out = capsys.readouterr().out
    assert "FAIL 市教育局报告重大案件" in out and "expected 2025-06-02T12:00:00+08:00" in out


def test_route_prints_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "--charter", str(HULIN), "--kind", "mandatory-report", "--from",
                 "schools", "--at", "2025-06-03T08:15+0800"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["强制报告（二（二）/2）：学校，知悉时间 2025-06-03 08:15+08:00",
                   "  1. 公安机关  报警  2025-06-03 08:15+08:00前",
                   "  2. 相关部门  通报  2025-06-03 08:15+08:00前"]


def test_route_speaks_the_charters_language(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    """The plan is read by the office's clerk: an English charter's plan is English through
    and through, notes and channels included; a Chinese one's has no English word left."""
    english = ROOT / "examples" / "charters" / "riverside-english.yaml"
    book = tmp_path / "contacts.yaml"
    book.write_text("format: 1\nrecipients:\n  civil-affairs: [{via: console}]\n",
                    encoding="utf-8")
    assert main(["route", "--charter", str(english), "--kind", "major-case", "--from", "CAB",
                 "--at", "2025-06-03T08:15+0800", "--contacts", str(book)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Major case report (2(2)/1): Civil Affairs Bureau, known 2025-06-03 08:15+08:00",
        "  1. Joint Meeting Office  report  by 2025-06-03 20:15+08:00  (no channel for Joint "
        "Meeting Office: deliver by hand)"]
    book.write_text("format: 1\nrecipients:\n  office: [{via: console}, {via: jsonl, to: o}]\n",
                    encoding="utf-8")
    assert main(["route", "--charter", str(HULIN), "--kind", "major-case", "--from", "市民政局",
                 "--at", "2025-06-03T08:15+0800", "--contacts", str(book)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "重大案件或舆情报告（二（二）/1）：市民政局，知悉时间 2025-06-03 08:15+08:00",
        "  1. 联席会议办公室  报告  2025-06-04 08:15+08:00前  经console、jsonl发送"]
    book.write_text("format: 1\n", encoding="utf-8")
    assert main(["route", "--charter", str(HULIN), "--kind", "major-case", "--from", "市民政局",
                 "--at", "2025-06-03T08:15+0800", "--contacts", str(book)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "  1. 联席会议办公室  报告  2025-06-04 08:15+08:00前（联席会议办公室无联系渠道：人工送达）")


def test_the_plan_is_stored_before_anything_is_sent(hulin: jointmeeting.Charter,
                                                    tmp_path: Path, ledger_url: str) -> None:
    made = plan(hulin, Report("mandatory-report", "schools", KNOWN), contacts(tmp_path))
    with Ledger(ledger_url) as ledger:
        incident = open_incident(ledger, hulin, made, now=KNOWN)
        stored = steps(ledger, incident)
        assert [(s.recipient, s.status, s.attempts) for s in stored] == [
            ("police", "pending", 0), ("relevant-departments", "pending", 0)]
        row = ledger.db.execute("SELECT charter_hash FROM incidents").fetchone()
        assert len(row[0]) == 64
        events = timeline(ledger, incident)
        assert [e.kind for e in events] == ["opened", "planned", "planned"]
        # Each entry is a record: when (aware), which step, what it says.
        assert [e.step for e in events] == [None, stored[0].id, stored[1].id]
        assert all(e.at == KNOWN for e in events)
        assert events[1].detail.startswith(stored[0].label)
    assert not (tmp_path / "police.jsonl").exists()


def test_notifiers_are_plugins_and_each_is_called_on_its_own(hulin: jointmeeting.Charter,
                                                             tmp_path: Path, ledger_url: str) -> None:
    recorder = Recorder()

    class Boom:
        def send(self, message: Message, channel: Channel) -> None:
            raise RuntimeError("backend exploded")

    class Plugin:
        @hookimpl
        def jointmeeting_notifiers(self, register: Callable[[str, Notifier], None]) -> None:
            register("record", recorder)
            register("boom", Boom())

    notifiers = plugin_host(extra=(Plugin(),)).notifiers()
    assert {"console", "jsonl", "record", "boom"} <= set(notifiers)
    book = contacts(tmp_path, police=[{"via": "boom"}, {"via": "record"}])
    with Ledger(ledger_url) as ledger:
        incident = open_incident(ledger, hulin, plan(hulin, Report(
            "mandatory-report", "schools", KNOWN), book), now=KNOWN)
        done = dispatch(ledger, hulin, notifiers, now=KNOWN, contacts=book)
        assert (done.sent, done.failed) == (2, 1)  # record + office's jsonl sent; boom failed
        by_via = {s.via: s for s in steps(ledger, incident)}
        assert by_via["boom"].status == "pending" and "backend exploded" in by_via["boom"].last_error
        assert by_via["record"].status == "sent"
    assert recorder.got[0][0].key == by_via["record"].key


def test_a_notifier_down_for_a_while_then_back_delivers_every_step(
        hulin: jointmeeting.Charter, tmp_path: Path, ledger_url: str) -> None:
    recorder = Recorder()
    recorder.down = True
    book = contacts(tmp_path, office=[{"via": "record"}])
    with Ledger(ledger_url) as ledger:
        ids = [open_incident(ledger, hulin, plan(hulin, Report("major-case", unit, KNOWN), book),
                             now=KNOWN) for unit in ("市教育局", "市民政局", "市公安局")]
        now = KNOWN
        for _ in range(3):
            done = dispatch(ledger, hulin, {"record": recorder}, now=now, contacts=book)
            assert done.sent == 0
            now += dt.timedelta(minutes=10)
        keys = {s.key for i in ids for s in steps(ledger, i)}
        assert all(s.attempts == 3 for i in ids for s in steps(ledger, i))
        recorder.down = False
        assert dispatch(ledger, hulin, {"record": recorder}, now=now, contacts=book).sent == 3
        assert {m.key for m, _ in recorder.got} == keys
        events = [e.kind for e in timeline(ledger, ids[0])]
        assert events.count("send failed") == 3 and events[-1] == "sent"


def test_a_hanging_notifier_times_out_without_holding_up_the_others(
        hulin: jointmeeting.Charter, tmp_path: Path, ledger_url: str) -> None:
    recorder = Recorder()

    class Hang:
        def send(self, message: Message, channel: Channel) -> None:
            time.sleep(60)

    book = contacts(tmp_path, police=[{"via": "hang"}], office=[{"via": "record"}])
    with Ledger(ledger_url) as ledger:
        incident = open_incident(ledger, hulin, plan(hulin, Report(
            "mandatory-report", "schools", KNOWN), book), now=KNOWN)
        started = time.monotonic()
        done = dispatch(ledger, hulin, {"hang": Hang(), "record": recorder}, now=KNOWN,
                        contacts=book, timeout=0.5)
        assert time.monotonic() - started < 10  # bounded by the timeout, not by the hang
        assert (done.sent, done.failed) == (1, 1)
        hung = next(s for s in steps(ledger, incident) if s.via == "hang")
        assert hung.last_error == "timed out after 0.5 s" and hung.status == "pending"


def test_unacknowledged_steps_escalate_up_the_chain(hulin: jointmeeting.Charter,
                                                    tmp_path: Path, ledger_url: str) -> None:
    book = contacts(tmp_path)
    notifiers = plugin_host().notifiers()
    with Ledger(ledger_url) as ledger:
        incident = open_incident(ledger, hulin, plan(hulin, Report("major-case", "市教育局",
                                                                   KNOWN), book), now=KNOWN)
        dispatch(ledger, hulin, notifiers, now=KNOWN, contacts=book)
        now = KNOWN + dt.timedelta(hours=24, minutes=1)
        assert dispatch(ledger, hulin, notifiers, now=now, contacts=book).escalated == 1
        now += dt.timedelta(hours=4, minutes=1)
        assert dispatch(ledger, hulin, notifiers, now=now, contacts=book).escalated == 1
        now += dt.timedelta(hours=4, minutes=1)
        assert dispatch(ledger, hulin, notifiers, now=now, contacts=book).escalated == 0
        chain = [(s.level, s.recipient, s.status) for s in steps(ledger, incident)]
        assert chain == [(0, "office", "sent"), (1, "convener", "sent"),
                         (2, "general-convener", "sent")]
        events = [e.kind for e in timeline(ledger, incident)]
        assert events.count("escalated") == 2 and events[-1] == "overdue"
    assert lines(tmp_path / "general.jsonl")[0]["subject"].startswith("【重大案件或舆情报告】")


def test_an_acknowledged_step_does_not_escalate(hulin: jointmeeting.Charter,
                                                tmp_path: Path, ledger_url: str) -> None:
    book = contacts(tmp_path)
    with Ledger(ledger_url) as ledger:
        incident = open_incident(ledger, hulin, plan(hulin, Report("major-case", "市教育局",
                                                                   KNOWN), book), now=KNOWN)
        (step,) = steps(ledger, incident)
        ack(ledger, hulin, step.id, now=KNOWN + dt.timedelta(hours=1))
        later = KNOWN + dt.timedelta(days=3)
        assert dispatch(ledger, hulin, plugin_host().notifiers(), now=later,
                        contacts=book).escalated == 0
        assert [s.status for s in steps(ledger, incident)] == ["acked"]


def test_messages_about_minors_carry_no_identifying_detail(hulin: jointmeeting.Charter,
                                                           tmp_path: Path, ledger_url: str) -> None:
    book = contacts(tmp_path)
    with Ledger(ledger_url) as ledger:
        for minor in (True, False):
            made = plan(hulin, Report("mandatory-report", "schools", KNOWN,
                                      summary="学生张小明在家中遭受殴打", minor=minor,
                                      details={"victim": "张小明", "address": "虎林市某路1号"}),
                        book)
            open_incident(ledger, hulin, made, now=KNOWN)
        dispatch(ledger, hulin, plugin_host().notifiers(), now=KNOWN, contacts=book)
        stored = ledger.db.execute("SELECT private FROM incidents WHERE id = 1").fetchone()[0]
    sent = lines(tmp_path / "police.jsonl")  # sends run side by side: in no fixed order
    (minor_msg,) = [m for m in sent if m["minor"]]
    (adult_msg,) = [m for m in sent if not m["minor"]]
    assert "张小明" not in json.dumps(minor_msg, ensure_ascii=False)
    assert "涉及未成年人" in minor_msg["body"]
    assert "学生张小明在家中遭受殴打" in adult_msg["body"]
    for message in (minor_msg, adult_msg):
        assert "虎林市某路1号" not in json.dumps(message, ensure_ascii=False)
    assert json.loads(stored) == {"victim": "张小明", "address": "虎林市某路1号"}


def test_the_cli_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str], ledger_url: str,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole flow from the command line: the ledger beside the charter, or the PostgreSQL
    one that $JOINTMEETING_LEDGER names."""
    if ledger_url.startswith("postgresql:"):
        monkeypatch.setenv("JOINTMEETING_LEDGER", ledger_url)
    shutil.copytree(HULIN.parent, tmp_path / "charters")
    charter = tmp_path / "charters" / "huilin.yaml"
    (tmp_path / "charters" / "contacts.yaml").write_text(
        f"format: 1\nrecipients:\n  office: [{{via: jsonl, to: {tmp_path / 'o.jsonl'}}}]\n",
        encoding="utf-8")
    args = ["--charter", str(charter)]
    assert main(["incident", "open", "--kind", "major-case", "--from", "团市委", "--at",
                 "2025-06-01T10:00+0800", "--summary", "舆情", *args]) == 0
    assert capsys.readouterr().out.startswith("incident 1 opened\n")
    assert main(["dispatch", "--once", *args]) == 0
    assert main(["incident", "status", "1", *args]) == 0
    assert "已发送（已尝试1次）" in capsys.readouterr().out
    assert main(["ack", "1", *args]) == 0
    assert main(["timeline", "1", *args]) == 0
    out = capsys.readouterr().out
    assert "已确认" in out and "立案" in out
    assert main(["ack", "1", *args]) == 1
    assert "already" not in capsys.readouterr().out
    assert main(["incident", "status", "9", *args]) == 1
    assert "no incident 9" in capsys.readouterr().err


@pytest.mark.slow
def test_sigkill_never_loses_a_step(hulin: jointmeeting.Charter, tmp_path: Path,
                                    ledger_url: str) -> None:
    """Kill the dispatcher 20 times at random moments, then let it finish: every step is
    delivered at least once, and a step delivered twice carries the same key both times."""
    book_path = tmp_path / "contacts.yaml"
    book_path.write_text(f"format: 1\nrecipients:\n  office: [{{via: jsonl, to: "
                         f"{tmp_path / 'office.jsonl'}}}]\n", encoding="utf-8")
    ledger_path = ledger_url
    units = [u.id for u in hulin.units]
    with Ledger(ledger_path) as ledger:
        book = Contacts.model_validate({"format": 1, "recipients": {
            "office": [{"via": "jsonl", "to": str(tmp_path / "office.jsonl")}]}})
        for i in range(600):
            open_incident(ledger, hulin, plan(hulin, Report("major-case", units[i % 34], KNOWN),
                                              book), now=KNOWN)
        keys = {r[0] for r in ledger.db.execute("SELECT key FROM steps")}
    rng = random.Random(20)
    command = dispatcher(HULIN, book_path, ledger_path, passes=2000, batch=2, timeout=10)
    mid_way = 0
    for _ in range(20):
        kill_at_random(command, rng)
        with Ledger(ledger_path) as ledger:
            sent = ledger.db.execute("SELECT count(*) FROM steps WHERE status = 'sent'"
                                     ).fetchone()[0]
        mid_way += 0 < sent < len(keys)
    assert mid_way >= 10  # the kills really fell while steps were being sent
    assert subprocess.run(command, timeout=300, check=False, stdout=subprocess.DEVNULL
                          ).returncode == 0
    delivered = lines(tmp_path / "office.jsonl")
    assert {m["key"] for m in delivered} == keys  # none lost, none invented
    by_key: dict[object, set[object]] = {}
    for m in delivered:
        by_key.setdefault(m["key"], set()).add(m["incident"])
    assert all(len(incidents) == 1 for incidents in by_key.values())
    with Ledger(ledger_path) as ledger:
        assert ledger.db.execute("SELECT count(*) FROM steps WHERE level = 0 AND status = 'sent'"
                                 ).fetchone()[0] == 600


def test_a_corrupt_ledger_stops_dispatch_with_one_clear_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x00garbage" * 512)
    assert main(["dispatch", "--once", "--charter", str(HULIN), "--ledger", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "is damaged or is not a jointmeeting ledger" in err and "Traceback" not in err
