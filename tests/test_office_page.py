"""The office's page in Chromium: a case opened through the API appears with its deadline, and
acknowledging it from the page updates its timeline."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from jointmeeting.runtime.access import Role

from .live import Live, start

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    server = start(tmp_path_factory.mktemp("office"), tokens={
        "office": (Role.OFFICE, None, None), "member": (Role.MEMBER, "civil-affairs", None)})
    try:
        yield server
    finally:
        server.stop()


def test_a_case_appears_and_is_acknowledged_from_the_page(live: Live, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with live.client("member") as member:
        opened = member.post("/incidents", json={
            "rule": "major-case", "reporter": "市民政局", "known_at": "2026-03-02T09:00",
            "summary": "某村留守儿童失联"})
    assert opened.status_code == 201, opened.text
    case = opened.json()["data"]
    assert Path(CHROMIUM).exists(), ".ci/run installs Debian's chromium"
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                    if r.status >= 400 else None)
            page.goto(f"{live.url}/office")
            assert page.locator("html").get_attribute("lang") == "zh-CN"
            page.get_by_label("访问令牌").fill(live.tokens["office"])
            page.get_by_role("button", name="进入").click()

            row = page.locator(f"#case-{case['id']}")
            row.wait_for(timeout=20_000)
            assert row.locator(".deadline").inner_text() == "2026-03-03 09:00+08:00"
            assert "市民政局" in row.inner_text() and "重大案件或舆情报告" in row.inner_text()
            assert "联席会议办公室" in row.locator(".waiting").inner_text()
            timeline = page.locator(f"#timeline-{case['id']}")
            assert "立案" in timeline.inner_text() and "已确认" not in timeline.inner_text()
            page.locator("#review").get_by_text("发现问题").wait_for(timeout=20_000)

            row.get_by_role("button", name="确认收到：联席会议办公室").click()
            timeline.get_by_text("已确认").wait_for(timeout=20_000)
            assert "联席会议办公室" in timeline.locator("li").last.inner_text()
            assert page.locator("#status").inner_text() == "已确认：联席会议办公室"
            assert page.locator(f"#case-{case['id']}").count() == 0  # no longer open
            page.screenshot(path=str(tmp_path / "office.png"), full_page=True)

            page.reload()  # the token stays for the tab: no second sign-in
            page.locator("#no-cases, #cases tbody tr").first.wait_for(timeout=20_000)
            assert page.locator("#login").is_hidden()
            assert "jm_" not in page.content()  # the token is never written into the page
        finally:
            browser.close()
    assert problems == []
    with live.client("office") as office:
        events = office.get(f"/incidents/{case['id']}/timeline").json()["data"]
        audit = office.get("/audit").json()["data"]
    assert [e["event"] for e in events][-1] == "acknowledged"
    assert audit[-1]["action"] == "step.ack" and audit[-1]["actor"].startswith("office (office")
    assert (tmp_path / "office.png").stat().st_size > 5_000
