"""The corpus of real notices (charters/*.yaml beside their texts in charters/sources/): every
command runs on every charter, every `source` resolves in its notice, and each charter holds the
shapes of issue 11 that charters/sources/README.md says its notice shows."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import jointmeeting
from jointmeeting.charter.model import Charter, PostKind, SilenceKind, UnitKind
from jointmeeting.charter.notice import comparable, parse_notice
from jointmeeting.cli import ExitCode, main

from .conftest import HULIN, ROOT

pytest_plugins = ["pytester"]

#: Every charter of the repository's corpus: Hulin's and the notices of other places (templates
#: live in charters/templates/ and are not charters of a county).
CORPUS = sorted((ROOT / "charters").glob("*.yaml"))
#: The corpus without Hulin.
OTHERS = [path for path in CORPUS if path != HULIN]
ids = [path.stem for path in CORPUS]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module", params=CORPUS, ids=ids)
def path(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)


def load(path: Path) -> Charter:
    return jointmeeting.load_charter(path)


def test_the_corpus_has_six_notices_or_more() -> None:
    assert len(OTHERS) >= 6
    for charter_path in OTHERS:
        charter = load(charter_path)
        assert charter.source.text is not None
        assert (charter_path.parent / charter.source.text).is_file()


def test_check_is_clean(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert (code, json.loads(out)["data"]) == (ExitCode.OK, [])


def test_show(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "--charter", str(path))
    charter = load(path)
    assert code == ExitCode.OK
    assert charter.title in out and (charter.source.document or "文号未载") in out
    assert all(unit.name in out for unit in charter.units)


def _keyword(charter: Charter) -> tuple[str, str]:
    """A word of the charter's own text that `who` must find, and the unit it must name: a
    duty's first words, or, where the notice gives no per-unit duties (not_in_notice), a unit's
    own name, which `who` answers with that unit."""
    for duty in charter.duties:
        return comparable(duty.text)[:4], duty.owner
    unit = charter.units[-1]
    return unit.name, unit.id


def test_who_finds_a_word_of_the_charter(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    charter = load(path)
    word, owner = _keyword(charter)
    code, out, _ = run(capsys, "who", "--charter", str(path), word)
    assert code == ExitCode.OK
    assert charter.label(owner) in out  # a unit, or the office for a duty it owns


def test_duties_of_the_first_unit(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    charter = load(path)
    first = charter.units[0]
    code, out, _ = run(capsys, "duties", "--charter", str(path), first.id)
    assert code == ExitCode.OK and first.name in out
    assert all(duty.source in out for duty in charter.duties_of(first))


def test_coverage(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "coverage", "--charter", str(path), "--format", "json")
    assert code == ExitCode.OK
    rows = json.loads(out)
    assert rows and len(json.dumps(rows)) > 2


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "graphml", "json"])
def test_graph(path: Path, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / f"graph.{fmt}"
    code, _, _ = run(capsys, "graph", "--charter", str(path), "--format", fmt, "-o", str(out_file))
    assert code == ExitCode.OK
    text = out_file.read_text(encoding="utf-8")
    charter = load(path)
    if fmt == "json":
        assert json.loads(text)
    elif fmt == "graphml":  # read back by networkx's own GraphML reader
        assert nx.read_graphml(out_file).number_of_nodes() > len(charter.units)
    elif fmt == "dot":
        assert text.startswith("digraph")
        if shutil.which("dot"):  # Graphviz itself must accept it
            done = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True,
                                  check=False, timeout=120)
            assert done.returncode == 0, done.stderr
    else:
        assert text.startswith("flowchart")
    assert charter.units[0].name in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graph_svg(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "graph.svg"
    code, _, _ = run(capsys, "graph", "--charter", str(path), "--format", "svg", "-o",
                     str(out_file))
    assert code == ExitCode.OK
    svg = ET.parse(out_file).getroot()
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {unit.name for unit in load(path).units} <= texts  # Chinese labels as text


def test_site(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "site", "--charter", str(path), "-o", str(tmp_path / "site"))
    assert code == ExitCode.OK
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    charter = load(path)
    assert any(charter.title in page.read_text(encoding="utf-8") for page in pages)


def _routes(charter_path: Path) -> list[tuple[Path, str, str]]:
    charter = load(charter_path)
    out = []
    for rule in charter.reporting:
        for reporter in rule.reporters:
            # A group of member units reports through any one of them.
            sender = charter.units[0].id if reporter == "members" else reporter
            out.append((charter_path, rule.id, sender))
    return out


ROUTES = [route for charter_path in CORPUS for route in _routes(charter_path)]


@pytest.mark.parametrize("route", ROUTES, ids=[f"{p.stem}:{r}:{s}" for p, r, s in ROUTES])
def test_route_for_every_rule_and_reporter(route: tuple[Path, str, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    charter_path, rule, sender = route
    code, out, err = run(capsys, "route", "--charter", str(charter_path), "--kind", rule,
                         "--from", sender, "--at", "2025-06-02T10:00+0800")
    assert code == ExitCode.OK, err
    assert out.strip()


def test_diff_against_hulin(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", str(HULIN), str(path))
    if path == HULIN:
        assert code == ExitCode.OK
    else:
        assert code == ExitCode.FINDINGS and out.strip()  # diff exits 1 when anything changed


def test_every_source_resolves_in_its_notice(path: Path) -> None:
    charter = load(path)
    assert charter.source.text is not None
    notice = parse_notice((path.parent / charter.source.text).read_text(encoding="utf-8"))
    cited = [(loc, item, ref) for loc, item in charter.noted()
             if isinstance(ref := getattr(item, "source", None), str)]
    assert cited
    missing = [(loc, ref) for loc, _, ref in cited if notice.clause(ref) is None]
    assert missing == []
    # and every verbatim text stands in the clause it cites
    moved = [(loc, ref) for loc, item, ref in cited
             if isinstance(text := getattr(item, "text", None), str)
             and comparable(text) not in comparable(notice.clause(ref) or "")]
    assert moved == []


NOTICES = sorted((ROOT / "charters" / "sources").glob("*.txt"))


@pytest.mark.parametrize("notice_path", NOTICES, ids=[p.stem for p in NOTICES])
def test_every_notice_text_is_read(notice_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every stored text, with a charter or not, is read without error (Huashan's ends on a bare
    "(一)", which once crashed the reader)."""
    code, out, _ = run(capsys, "notice", "refs", str(notice_path))
    assert code == ExitCode.OK and out.count("\n") >= 3


def test_the_pytest_plugin_passes_the_corpus(pytester: pytest.Pytester) -> None:
    charters = pytester.path / "charters"
    charters.mkdir()
    shutil.copytree(ROOT / "charters" / "sources", charters / "sources")
    for charter_path in CORPUS:
        shutil.copy(charter_path, charters / charter_path.name)
    result = pytester.runpytest("-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= len(CORPUS) and "failed" not in outcomes, result.stdout


# The shapes of issue 11 (point 2) the corpus README says each notice shows, held by its charter.

def charter_of(stem: str) -> Charter:
    return load(ROOT / "charters" / f"{stem}.yaml")


def test_a_liaison_officers() -> None:
    for stem in ("longnan-city-left-behind-children-2008", "yunfu-city-funeral-management-2021",
                 "ankang-city-anti-trafficking-2021"):
        liaison = charter_of(stem).liaison
        assert liaison is not None and liaison.officers == [] and liaison.assumption


def test_b_c_a_lead_unit_and_an_office_in_a_sub_unit() -> None:
    youxi = charter_of("youxi-county-anti-trafficking-2022")
    assert youxi.lead_unit is not None and youxi.lead_unit.unit == "public-security"
    assert (youxi.office.host, youxi.office.host_subunit) == ("public-security", "刑事侦查大队")
    assert charter_of("changzhi-city-anti-trafficking").lead_unit is not None
    hubei = charter_of("hubei-province-anti-trafficking-2013")  # 设在省公安厅刑事侦查总队
    assert (hubei.office.host, hubei.office.host_subunit) == ("public-security", "刑事侦查总队")
    assert {p.id: p.held_by.position for p in hubei.posts}["office-director"] == "刑事侦查总队总队长"


def test_e_members_with_no_named_person() -> None:
    yunfu = charter_of("yunfu-city-funeral-management-2021")
    assert yunfu.members and all(m.name is None and m.position == "分管负责同志"
                                 for m in yunfu.members)


def test_f_several_conveners_named_by_the_layout() -> None:
    longnan = charter_of("longnan-city-left-behind-children-2008")
    kinds = [post.kind for post in longnan.posts]
    assert kinds.count(PostKind.CONVENER) == 3 and PostKind.GENERAL_CONVENER in kinds
    assert all(post.text is None for post in longnan.posts if post.kind is PostKind.CONVENER)
    yunfu = charter_of("yunfu-city-funeral-management-2021")
    assert [p.kind for p in yunfu.posts].count(PostKind.DEPUTY_CONVENER) == 2


def test_g_succession_approved_by_a_post_and_automatic() -> None:
    succession = charter_of("longnan-city-left-behind-children-2008").succession
    assert succession is not None
    assert (succession.approved_by, succession.automatic) == ("general-convener", True)


def test_h_no_per_unit_duties_said_explicitly() -> None:
    """A unit of the corpus that owns or supports no duty is one the charter says the notice
    gives none."""
    for charter_path in OTHERS:
        charter = load(charter_path)
        owners = {unit for duty in charter.duties for unit in [*duty.owners(), *duty.support]}
        assert all(charter.silent_on(SilenceKind.UNIT_DUTIES, u.id)
                   for u in charter.units if u.id not in owners)


def test_d_tasks_owned_jointly_with_supporting_units() -> None:
    """The province's plan writes `(A、B负责,C、D配合)` after each task."""
    duties = {d.id: d for d in charter_of("unnamed-province-anti-trafficking-2008").duties}
    market = duties["buyers-market"]
    assert (market.owner, market.co_owners) == ("public-security", ["human-resources"])
    assert market.support == ["trade-union", "industry-commerce-administration", "civil-affairs"]
    assert "(省公安厅、省人力资源和社会保障厅负责,省总工会、省工商局、省民政厅配合)" in market.text
    assert len(duties["special-campaigns"].support) == 6


def test_d_a_task_led_by_one_unit_and_carried_by_several_at_a_known_place() -> None:
    """Hebei 2007: `(省劳动保障厅牵头,省安监局、建设厅……省总工会等分别负责)` after a task of the
    joint meeting's own work plan; the lead is the owner, the eight others co-owners in order."""
    hebei = charter_of("hebei-province-migrant-workers-2007")
    assert hebei.jurisdiction.name == "河北省"
    (task,) = hebei.duties
    assert (task.owner, task.support) == ("labour-security", [])
    assert task.co_owners == ["work-safety", "construction", "public-security", "commerce",
                              "industry-commerce-administration", "state-assets",
                              "pboc-shijiazhuang", "trade-union"]
    assert task.text.endswith("(省劳动保障厅牵头,省安监局、建设厅、公安厅、商务厅、工商局、国资委、"
                              "人行石家庄中心支行、省总工会等分别负责)")
    assert all(hebei.duties_of(hebei.unit(unit)) == [task] for unit in task.owners())
    assert hebei.open_units is not None and "等分别负责" in hebei.open_units.text


def test_a_domestic_violence_table_with_per_unit_duties() -> None:
    """Xiangyang 2018 (a newspaper report of the city's 六方联动 mechanism): six units, each with
    its own duty quoted from the report, the 妇儿工委 organising them as the office, the court's
    duty keeping its deadline in hours in its text (duties have no deadline field)."""
    xiangyang = charter_of("xiangyang-city-anti-domestic-violence-2018")
    owners = {duty.owner for duty in xiangyang.duties}
    assert owners == {"public-security", "civil-affairs", "justice", "health", "court",
                      "womens-federation"}
    assert xiangyang.unit("法院").kind is UnitKind.JUDICIAL
    assert xiangyang.office.host == "women-children-committee"
    assert xiangyang.silent_on(SilenceKind.UNIT_DUTIES, "women-children-committee")
    court = {d.id: d for d in xiangyang.duties}["protection-orders"]
    assert "并在72小时内作出人身安全保护令或者驳回申请,情况紧急的,应当在24小时内作出" in court.text
    assert xiangyang.reporting == []


def test_i_the_joint_meeting_and_the_office_report_upward() -> None:
    longnan = charter_of("longnan-city-left-behind-children-2008")
    assert {tuple(r.reporters) for r in longnan.reporting} == {("joint-meeting",)}
    yunfu = charter_of("yunfu-city-funeral-management-2021")
    assert [r.reporters for r in yunfu.reporting] == [["office"]]


def test_j_unit_kinds_two_names_and_open_lists() -> None:
    youxi = charter_of("youxi-county-anti-trafficking-2022")
    assert {u.kind for u in youxi.units} >= {UnitKind.PEOPLES_CONGRESS, UnitKind.MASS_ORGANIZATION}
    assert youxi.unit("网信办").id == "publicity-dept"  # 县委宣传部(网信办)
    assert youxi.open_units is not None and "等部门组成" in youxi.open_units.text
    huashan = charter_of("huashan-district-family-education-2024")
    assert {"濮塘镇", "金家庄街道"} <= {u.name for u in huashan.units}  # towns as member units
    assert len(huashan.units) == 27 and huashan.open_units is None  # "27家成员单位": closed


def test_k_cadences() -> None:
    meetings = {m.id: m for m in charter_of("ankang-city-minors-protection-2023").meetings}
    assert (meetings["quarterly"].cadence, meetings["as-needed"].cadence) == ("P3M", "as-needed")
    (meeting,) = charter_of("yunfu-city-funeral-management-2021").meetings
    assert meeting.cadence == "as-needed"


def test_l_articles_half_width_and_headings_with_text() -> None:
    ankang = charter_of("ankang-city-anti-trafficking-2021")
    assert ankang.office.source == "第二条/2"
    assert [c.source for c in ankang.responsibilities] == ["第一条/0"]  # heading on its line
    longnan = charter_of("longnan-city-left-behind-children-2008")
    # "(一)联席会议主要职责:组织……": half-width brackets, the heading, then clause /1 on its line
    assert longnan.responsibilities[0].source == "二（一）/1"


def test_g_roster_file_follows_the_notice_and_checks_clean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Longnan's notice: a change is approved by the general convener, then automatic."""
    shutil.copytree(ROOT / "charters", tmp_path / "charters")
    charter = tmp_path / "charters" / "longnan-city-left-behind-children-2008.yaml"
    ledger = tmp_path / "ledger.sqlite3"
    common = ("--charter", str(charter), "--ledger", str(ledger))
    assert run(capsys, "roster", "propose", "education", "--name", "张三", "--position",
               "副局长", "--effective", "2025-06-01", *common)[0] == ExitCode.OK
    code, out, _ = run(capsys, "roster", "file", "1", "--date", "2025-06-02", "--approved-on",
                       "2025-06-01", *common)
    assert code == ExitCode.OK and "general-convener" in out
    assert run(capsys, "check", str(charter))[0] == ExitCode.OK
    members = {m.name: m for m in load(charter).members}
    assert members["张三"].source == "一/2"  # the succession clause of the notice
    assert members["刘为民"].until is not None


def test_a_k_a_liaison_meeting_and_a_half_yearly_table() -> None:
    """Xinzhou's office calls the liaison meeting (联络员会议); Fujian's table meets 每半年."""
    xinzhou = {m.id: m for m in charter_of("xinzhou-city-anti-counterfeit-currency").meetings}
    liaison = xinzhou["liaison-meeting"]
    assert (liaison.name, liaison.attendees, liaison.called_by) == (
        "联络员会议", ["liaisons"], ["office"])
    fujian = {m.id: m for m in charter_of("fujian-province-services-statistics-2007").meetings}
    assert fujian["plenary"].cadence == "P6M"


def test_g_j_k_the_successor_in_the_job_takes_the_seat_and_a_railway_bureau_sits() -> None:
    """Beijing 2012: 由其所在单位的接任领导接替 (automatic), 北京铁路局 as a member unit of a
    closed list of 20, a yearly meeting and a meeting of the office's members before it."""
    beijing = charter_of("beijing-municipality-vagrancy-relief-2012")
    assert beijing.succession is not None and beijing.succession.automatic
    assert beijing.succession.approved_by is None and beijing.succession.filed_with is None
    assert beijing.unit("北京铁路局").kind is UnitKind.ENTERPRISE
    assert len(beijing.units) == 20 and beijing.open_units is None  # "等20个部门组成"
    meetings = {m.id: m for m in beijing.meetings}
    assert (meetings["plenary"].cadence, meetings["special"].cadence) == ("P1Y", "as-needed")
    assert meetings["office-members-meeting"].trigger == "联席会议召开之前"


def test_i_the_office_reports_upward_to_two_bodies() -> None:
    xinzhou = {r.id: r for r in charter_of("xinzhou-city-anti-counterfeit-currency").reporting}
    assert xinzhou["minutes"].reporters == ["office"]
    assert [s.to for s in xinzhou["minutes"].steps][-2:] == ["provincial-office", "city-government"]
    fujian = {r.id: r for r in charter_of("fujian-province-services-statistics-2007").reporting}
    assert [s.to for s in fujian["implementation-report"].steps] == [
        "joint-meeting", "province-government"]


def test_j_a_cppcc_committee_as_a_member_unit() -> None:
    qingtian = charter_of("qingtian-county-overseas-chinese-affairs-2012")
    assert qingtian.unit("县政协港澳台侨委").kind is UnitKind.CPPCC
    assert {u.kind for u in qingtian.units} >= {UnitKind.PEOPLES_CONGRESS, UnitKind.PARTY,
                                                UnitKind.MASS_ORGANIZATION, UnitKind.INSTITUTION}
    assert len(qingtian.units) == 10 and qingtian.open_units is None  # "等十家": closed
    kinds = [post.kind for post in qingtian.posts]
    assert kinds == [PostKind.GENERAL_CONVENER, PostKind.DEPUTY_CONVENER, PostKind.DEPUTY_CONVENER]
