"""The static site: stable output, no broken internal links, and a real browser that searches
for 留守儿童 and follows the result to 市民政局's page."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.graph.search import clauses

from .conftest import HULIN, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert main(["site", "--charter", str(HULIN), "-o", str(out)]) == 0
    return out


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.labels: set[str] = set()
        self.inputs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("href", "src"):
            if found.get(key):
                self.links.append(str(found[key]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "label" and found.get("for"):
            self.labels.add(str(found["for"]))
        if tag == "input" and found.get("id"):
            self.inputs.add(str(found["id"]))


def parse(path: Path) -> Links:
    page = Links()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_no_broken_internal_links_and_no_external_assets(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 34 + 15 + 5  # units, areas, and five pages of their own
    parsed = {p: parse(p) for p in pages}
    checked = 0
    for path, page in parsed.items():
        assert page.lang == "zh-CN"
        assert page.labels >= page.inputs  # every input has a label
        for link in page.links:
            assert not urlsplit(link).scheme and not link.startswith("//"), link  # offline
            target, anchor = urldefrag(link)
            resolved = (path.parent / target).resolve() if target else path
            assert resolved.exists(), f"{path.relative_to(site)} links to missing {link}"
            if anchor:
                assert anchor in parsed[resolved].ids, f"{link} has no #{anchor}"
            checked += 1
    assert checked > 600


def test_the_site_rebuilds_identically(site: Path, tmp_path: Path) -> None:
    assert main(["site", "--charter", str(HULIN), "-o", str(tmp_path)]) == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*")
              if p.is_file()}
    assert first == second


def test_a_unit_page_has_its_duties_clauses_representative_and_reports(site: Path) -> None:
    text = (site / "units" / "civil-affairs.html").read_text(encoding="utf-8")
    for expected in ("<h1>市民政局</h1>", "张所军（副局长）", "牵头推进流浪儿童、农村留守儿童关爱保护",
                     "〔四/市民政局/2〕", "重大案件或舆情报告：报告联席会议办公室（24小时内）",
                     "〔二（二）/1〕", 'id="duty-civil-affairs-2"'):
        assert expected in text, expected
    fulian = (site / "units" / "womens-federation.html").read_text(encoding="utf-8")
    assert "召集人（主席）" in fulian and "存疑：</strong>通知第四部分列有市妇联的职责" in fulian
    notes = (site / "assumptions.html").read_text(encoding="utf-8")
    assert "通知未列明“相关部门”是哪些部门。" in notes and "国有资产监督管理机构" in notes
    graph = (site / "graph.html").read_text(encoding="utf-8")
    assert 'src="graph.svg"' in graph and "市民政局" in (site / "graph.svg").read_text("utf-8")


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_search_in_a_real_browser(served: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), ".ci/run installs Debian's chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 412, "height": 915})  # a phone
            page.goto(f"{served}/index.html")
            page.get_by_label("输入关键词").fill("留守儿童")
            first = page.locator("#results li").first
            first.wait_for()
            assert first.locator("a").inner_text() == "市民政局"
            assert first.locator(".role").inner_text() == "牵头"
            assert page.locator("#status").inner_text() == "找到 1 个单位"
            page.screenshot(path=str(tmp_path / "search.png"), full_page=False)
            if os.environ.get("JOINTMEETING_UPDATE_SCREENSHOT"):  # refresh the one in docs/
                shutil.copyfile(tmp_path / "search.png", ROOT / "docs" / "site-search.png")
            first.locator("a").click()
            page.wait_for_url("**/units/civil-affairs.html#duty-civil-affairs-2")
            duty = page.locator("#duty-civil-affairs-2")
            assert "牵头推进流浪儿童、农村留守儿童关爱保护和困境儿童保障工作" in duty.inner_text()
            assert "〔四/市民政局/2〕" in duty.inner_text()
            page.screenshot(path=str(tmp_path / "unit.png"))
            # names and aliases find their unit
            page.goto(f"{served}/index.html?q=市文旅局")
            assert page.locator("#results li a").first.inner_text() == "市文体广电和旅游局"
            # the page's search and `jointmeeting who` are two implementations of one rule:
            # they must rank the same units first
            charter = jointmeeting.load_charter(HULIN)
            for query in ("家暴", "拐卖", "托育", "困境 儿童", "吸毒", "童工", "女干部",
                          "市文旅局", "妇联", "留守流动儿童", "舆情", "实事"):
                page.goto(f"{served}/index.html?q={query}")
                shown = page.locator("#results li > a").all_inner_texts()
                expected = [m.unit.name for m in jointmeeting.who(charter, *query.split())]
                assert shown == expected, query
                # the joint meeting's own responsibilities and rules, ranked alike
                shown = page.locator("#clause-results li > a").all_inner_texts()
                assert shown == [c.label for c in clauses(charter, *query.split())], query
        finally:
            browser.close()
    assert (tmp_path / "search.png").stat().st_size > 10_000


def test_the_committed_screenshot_is_there() -> None:
    shot = ROOT / "docs" / "site-search.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_graphviz_the_site_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("shutil.which", lambda _: None)
    assert main(["site", "--charter", str(HULIN), "-o", str(tmp_path)]) == 0
    assert "Graphviz's `dot` is not installed" in capsys.readouterr().err
    assert "未安装 Graphviz" in (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert not (tmp_path / "graph.svg").exists()
