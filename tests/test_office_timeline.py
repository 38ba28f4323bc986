"""The office's page shows a case's timeline in the charter's language: what each event says
(opened, planned, send failed, sent, escalated, overdue, acknowledged), with names, not ids, and
times with their offsets. Read from the page Chromium renders, parsed as HTML."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import jointmeeting
from jointmeeting.charter.contacts import Channel, Contacts
from jointmeeting.charter.parse import Limits
from jointmeeting.host.hookspecs import Message, NotifierError
from jointmeeting.host.manager import plugin_host
from jointmeeting.runtime.access import Role
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import ack, dispatch, open_incident, steps, timeline
from jointmeeting.runtime.plan import Report, plan

from .live import start
from .test_office_page import CHROMIUM, FLAGS

#: A time as the page prints it, and what must follow it: the charter's offset.
TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?(?!\d)(\+08:00)?")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: Words that are no language's: the channel's and the failing plugin's error type.
TECHNICAL = ("jsonl", "NotifierError")


class Down:
    """A notifier whose service does not answer, so the timeline has a failed send."""

    def send(self, message: Message, channel: Channel) -> None:
        raise NotifierError("503")


class Items(HTMLParser):
    """The text of each ``li`` in the ``section`` whose id is given."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.inside, self.depth = section, False, 0
        self.items: list[str] = []
        self.item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and dict(attrs).get("id") == self.section:
            self.inside = True
        elif self.inside and tag == "li":
            self.item = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        elif tag == "li" and self.item is not None:
            self.items.append("".join(self.item))
            self.item = None

    def handle_data(self, data: str) -> None:
        if self.item is not None:
            self.item.append(data)


@pytest.mark.parametrize(("path", "reporter", "events", "opened"), [
    ("charters/huilin.yaml", "市民政局",
     ["立案", "待通知", "发送失败", "已发送", "升级督办", "逾期", "已确认"],
     "市民政局按“重大案件或舆情报告”报告"),
    ("examples/charters/riverside-english.yaml", "Civil Affairs Bureau",
     ["opened", "planned", "send failed", "sent", "escalated", "overdue", "acknowledged"],
     "Civil Affairs Bureau reported under “Major case report”"),
])
def test_the_timeline_on_the_office_page_is_in_the_charters_language(
        tmp_path: Path, path: str, reporter: str, events: list[str], opened: str) -> None:
    from playwright.sync_api import sync_playwright

    live = start(tmp_path, path, tokens={"office": (Role.OFFICE, None, None)})
    try:
        charter = jointmeeting.load_charter(
            live.charter, limits=Limits(allow_outside=(str(tmp_path / "charters"),)))
        assert charter.escalation is not None
        book = Contacts.model_validate({"format": 1, "recipients": {charter.office.id: [
            {"via": "jsonl", "to": str(tmp_path / "office.jsonl")}]}})
        known = dt.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo(charter.timezone))
        with Ledger(live.ledger) as ledger:
            incident = open_incident(ledger, charter, plan(
                charter, Report("major-case", reporter, known), book), now=known)
            dispatch(ledger, charter, {"jsonl": Down()}, now=known, contacts=book)
            dispatch(ledger, charter, plugin_host().notifiers(), now=known + dt.timedelta(
                minutes=5), contacts=book)
            # Up the chain a day at a time, until its top has let its deadline pass.
            later = known
            for _ in charter.escalation.chain:
                later += dt.timedelta(days=1)
                dispatch(ledger, charter, {}, now=later, contacts=book)
            first = steps(ledger, incident)[0]
            ack(ledger, charter, first.id, now=later)
            kinds = [e.kind for e in timeline(ledger, incident)]
        assert kinds[0] == "opened" and kinds[-2:] == ["overdue", "acknowledged"]
        assert {"send failed", "sent", "escalated"} <= set(kinds)

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                page = browser.new_page()
                page.goto(f"{live.url}/office")
                page.locator("#token").fill(live.tokens["office"])
                page.locator("#login button[type=submit]").click()
                page.locator(f"#timeline-{incident} li").nth(len(kinds) - 1).wait_for(
                    timeout=20_000)
                html = page.content()
            finally:
                browser.close()
    finally:
        live.stop()

    items = Items(f"timeline-{incident}")
    items.feed(html)
    assert len(items.items) == len(kinds)
    # Each line: when, what happened, what it says, all three in the charter's language.
    said = []
    for item, kind in zip(items.items, kinds, strict=True):
        at, event, detail = item.split("  ", 2)
        assert event == dict(zip(["opened", "planned", "send failed", "sent", "escalated",
                                  "overdue", "acknowledged"], events, strict=True))[kind]
        assert TIME.fullmatch(at) and at.endswith("+08:00"), item
        said.append(detail)
    assert said[0] == opened  # the rule's name, not its id
    times = [m for d in said for m in TIME.finditer(d)]
    assert times and all(m[1] for m in times), said  # every time with its offset
    text = " ".join(said)
    for word in TECHNICAL:
        text = text.replace(word, "")
    text = TIME.sub("", text)
    assert "major-case" not in text and charter.office.id not in re.findall(r"[\w-]+", text)
    if charter.language == "en":
        assert not CJK.search(" ".join(items.items)), items.items
        assert "by 2026-03-02 21:00+08:00" in said[1]  # twelve hours
    else:
        assert not re.search(r"[A-Za-z]{2,}", text), said  # no English word left
        assert "2026-03-03 09:00+08:00前" in said[1]  # twenty-four hours
