"""The service through a live uvicorn on 127.0.0.1 with httpx: every endpoint, a role × endpoint
table, a minor's details kept from everyone but the office, bad input as 4xx findings, and no
token in the server's log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from jointmeeting.cli import main
from jointmeeting.runtime.access import Role, audit_log, tokens
from jointmeeting.runtime.ledger import Ledger

from .conftest import CHARTERS, HULIN, ROOT
from .live import Live, start
from .test_json_out import ENVELOPE, REGISTRY

PRINCIPALS = {
    "office": (Role.OFFICE, None, None),
    "convener": (Role.CONVENER, None, None),
    "member": (Role.MEMBER, "civil-affairs", None),
    "other-member": (Role.MEMBER, "public-security", None),
    "party": (Role.PARTY, None, "schools"),
    "police": (Role.PARTY, None, "police"),
    "reader": (Role.READER, None, None),
}
#: The table's columns: no token, then each role.
ROLES = ("none", "reader", "party", "member", "convener", "office")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    server = start(tmp_path_factory.mktemp("service"), tokens=PRINCIPALS)
    try:
        yield server
    finally:
        server.stop()


def call(live: Live, who: str | None, method: str, path: str, **kw: Any) -> httpx.Response:
    with live.client(who) as client:
        response = client.request(method, path, **kw)
    body = response.json() if response.headers.get("content-type", "").startswith(
        "application/json") else None
    if body is not None and response.is_success and path != "/openapi.json":
        # The envelope and its kind's schema: one kind is one shape, from the service or the
        # command line.
        jsonschema.Draft202012Validator(
            ENVELOPE, registry=REGISTRY, format_checker=jsonschema.FormatChecker(),
        ).validate(body)
    if body is not None and not response.is_success:
        assert set(body) == {"errors"} and body["errors"], body
        for error in body["errors"]:
            assert set(error) == {"code", "message", "path", "line", "col"}
            assert error["code"].startswith("JM"), error
    assert "Traceback" not in response.text
    return response


def data(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()["data"]


def open_case(live: Live, who: str, reporter: str = "civil-affairs", rule: str = "major-case",
              **kw: Any) -> dict[str, Any]:
    body = {"rule": rule, "reporter": reporter, "known_at": "2026-03-02T09:00", **kw}
    return dict(data(call(live, who, "POST", "/incidents", json=body), 201))


def test_openapi_lists_every_endpoint(live: Live) -> None:
    spec = call(live, None, "GET", "/openapi.json").json()
    assert set(spec["paths"]) == {
        "/ping", "/charter", "/units", "/units/{unit}/duties", "/who", "/coverage", "/graph",
        "/plan", "/roster", "/incidents", "/incidents/{incident}",
        "/incidents/{incident}/timeline", "/steps/{step}/ack", "/audit", "/records", "/review",
        "/proposals", "/proposals/{proposal}/file", "/office"}
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_reading_the_charter(live: Live) -> None:
    charter = data(call(live, "reader", "GET", "/charter"))
    assert charter["id"] == "hulin-women-children" and len(charter["units"]) == 34
    units = data(call(live, "reader", "GET", "/units"))
    assert units[0]["id"] == "organization-dept"
    duties = data(call(live, "reader", "GET", "/units/市文旅局/duties"))
    assert duties["unit"]["id"] == "culture-tourism" and duties["duties"][0]["source"]
    who = data(call(live, "reader", "GET", "/who", params={"q": "留守儿童"}))
    assert (who[0]["name"], who[0]["role"]) == ("市民政局", "lead")
    assert who[0]["duties"][0]["source"] == "四/市民政局/2"
    coverage = data(call(live, "reader", "GET", "/coverage"))
    assert coverage["areas"]["children.welfare"]["civil-affairs"] == "lead"
    graph = data(call(live, "reader", "GET", "/graph"))
    assert {"unit:civil-affairs", "office:office"} <= {n["key"] for n in graph["nodes"]}
    made = data(call(live, "reader", "GET", "/plan", params={
        "rule": "major-case", "reporter": "市民政局", "at": "2026-03-02T09:00"}))
    assert made["steps"][0]["label"] == "联席会议办公室"
    assert made["steps"][0]["deadline"] == "2026-03-03T09:00:00+08:00"  # 24 hours, +08:00
    roster = data(call(live, "reader", "GET", "/roster", params={"on": "2025-06-01"}))
    civil = next(u for u in roster["units"] if u["unit"] == "civil-affairs")
    assert civil["members"][0]["name"] == "张所军"


def test_a_case_from_opening_to_acknowledgement(live: Live) -> None:
    case = open_case(live, "member", summary="某村留守儿童失联")
    assert case["reporter"] == "civil-affairs" and case["summary"] == "某村留守儿童失联"
    assert case["next_deadline"] == "2026-03-03T09:00:00+08:00"
    assert [w["label"] for w in case["waiting"]] == ["联席会议办公室"]
    listed = data(call(live, "member", "GET", "/incidents", params={"open": "true"}))
    assert case["id"] in [c["id"] for c in listed]
    status = data(call(live, "member", "GET", f"/incidents/{case['id']}"))
    assert status["steps"][0]["acknowledged_at"] is None
    step = case["waiting"][0]["step"]
    after = data(call(live, "office", "POST", f"/steps/{step}/ack"))
    assert not after["open"] and after["steps"][0]["acknowledged_at"]
    events = data(call(live, "member", "GET", f"/incidents/{case['id']}/timeline"))
    assert [e["event"] for e in events] == ["opened", "planned", "acknowledged"]
    assert events[0]["at"].endswith("+08:00")
    again = call(live, "office", "POST", f"/steps/{step}/ack")
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "JM564"
    closed = data(call(live, "office", "GET", "/incidents", params={"open": "true"}))
    assert case["id"] not in [c["id"] for c in closed]


def test_a_party_opens_as_itself_and_the_police_acknowledge_their_step(live: Live) -> None:
    case = open_case(live, "party", reporter="schools", rule="mandatory-report")
    police = next(w["step"] for w in case["waiting"] if w["recipient"] == "police")
    others = next(w["step"] for w in case["waiting"] if w["recipient"] != "police")
    refused = call(live, "police", "POST", f"/steps/{others}/ack")
    assert refused.status_code == 403 and refused.json()["errors"][0]["code"] == "JM562"
    assert data(call(live, "police", "POST", f"/steps/{police}/ack"))["id"] == case["id"]
    assert call(live, "other-member", "GET", f"/incidents/{case['id']}").status_code == 404


def test_records_and_the_review(live: Live) -> None:
    text = (ROOT / "examples" / "records" / "hulin-2025.yaml").read_bytes()
    done = data(call(live, "office", "POST", "/records", content=text,
                     headers={"Content-Type": "application/yaml"}))
    assert done["year"] == 2025 and done["records"] > 5
    csv = ("类型,单位,日期,内容,状态,纳入工作报告,期间\r\n"
           "工作进展,市民政局,2025-06-30,,,,上半年\r\n").encode()
    done = data(call(live, "office", "POST", "/records", params={"year": 2025}, content=csv,
                     headers={"Content-Type": "text/csv"}))
    assert done["records"] == 1
    review = data(call(live, "convener", "GET", "/review",
                       params={"year": 2025, "today": "2026-01-15"}))
    assert review["year"] == 2025 and all(f["clause"] for f in review["findings"])
    bad = call(live, "office", "POST", "/records", params={"year": 2025},
               content=csv.replace(b"2025-06-30", "六月底".encode()),
               headers={"Content-Type": "text/csv"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"code": "JM520", "message": "row 2: '六月底' is not a date",
                                     "path": "body", "line": 2, "col": 3}]


def test_succession_proposed_by_the_unit_and_filed_by_the_office(live: Live) -> None:
    made = data(call(live, "member", "POST", "/proposals", json={
        "unit": "市民政局", "name": "李新", "position": "副局长", "effective": "2026-04-01"}), 201)
    assert made["unit"] == "civil-affairs" and made["filing"] is None
    filed = data(call(live, "office", "POST", f"/proposals/{made['id']}/file",
                      json={"number": "2026-901", "filed_on": "2026-03-20"}))
    assert filed["filing"] == "2026-901" and filed["written"]
    assert "李新" in live.charter.read_text("utf-8")
    roster = data(call(live, "reader", "GET", "/roster", params={"on": "2026-04-02"}))
    civil = next(u for u in roster["units"] if u["unit"] == "civil-affairs")
    assert [m["name"] for m in civil["members"]] == ["李新"]  # the service reloaded the charter


def test_every_write_is_recorded_with_who_made_it(live: Live) -> None:
    case = open_case(live, "other-member", reporter="public-security")
    entries = data(call(live, "office", "GET", "/audit"))
    last = entries[-1]
    assert (last["action"], last["target"]) == ("incident.open", f"incident {case['id']}")
    assert last["actor"].startswith("other-member (member:public-security, token ")
    with Ledger(live.ledger) as ledger:
        logged = audit_log(ledger)
        ids = {t.label: t.id for t in tokens(ledger)}
    assert logged[-1].token == ids["other-member"]
    assert {"incident.open", "step.ack", "records.import", "proposal.propose",
            "proposal.file"} <= {e.action for e in logged}


# -- the role × endpoint table ---------------------------------------------------------------

Request = Callable[[Live], tuple[str, str, dict[str, Any]]]


def _fresh_office_step(live: Live) -> tuple[str, str, dict[str, Any]]:
    case = open_case(live, "office")  # reported as civil-affairs: the member's own case
    return "POST", f"/steps/{case['waiting'][0]['step']}/ack", {}


def _fresh_proposal(live: Live) -> tuple[str, str, dict[str, Any]]:
    made = data(call(live, "office", "POST", "/proposals", json={
        "unit": "civil-affairs", "name": "王备", "position": "副局长",
        "effective": "2026-05-01"}), 201)
    return "POST", f"/proposals/{made['id']}/file", {}


def _case_of(reporter: str) -> Request:
    def make(live: Live) -> tuple[str, str, dict[str, Any]]:
        return "GET", f"/incidents/{open_case(live, 'office', reporter=reporter)['id']}", {}
    return make


def _opening(reporter: str, rule: str = "major-case") -> Request:
    body = {"rule": rule, "reporter": reporter}
    return lambda _: ("POST", "/incidents", {"json": body})


def _get(path: str, **params: Any) -> Request:
    return lambda _: ("GET", path, {"params": params})


#: endpoint -> (request, expected status for none, reader, party, member, convener, office).
TABLE: dict[str, tuple[Request, tuple[int, ...]]] = {
    "GET /ping": (_get("/ping"), (200, 200, 200, 200, 200, 200)),
    "GET /office": (_get("/office"), (200, 200, 200, 200, 200, 200)),
    "GET /charter": (_get("/charter"), (401, 200, 200, 200, 200, 200)),
    "GET /units": (_get("/units"), (401, 200, 200, 200, 200, 200)),
    "GET /units/{unit}/duties": (_get("/units/civil-affairs/duties"),
                                 (401, 200, 200, 200, 200, 200)),
    "GET /who": (_get("/who", q="家暴"), (401, 200, 200, 200, 200, 200)),
    "GET /coverage": (_get("/coverage"), (401, 200, 200, 200, 200, 200)),
    "GET /graph": (_get("/graph"), (401, 200, 200, 200, 200, 200)),
    "GET /plan": (_get("/plan", rule="major-case", reporter="civil-affairs"),
                  (401, 200, 200, 200, 200, 200)),
    "GET /roster": (_get("/roster", on="2025-06-01"), (401, 200, 200, 200, 200, 200)),
    "GET /incidents": (_get("/incidents"), (401, 403, 200, 200, 200, 200)),
    "GET /incidents/{own}": (_case_of("civil-affairs"), (401, 403, 404, 200, 200, 200)),
    "GET /incidents/{another's}": (_case_of("public-security"), (401, 403, 404, 404, 200, 200)),
    "GET /incidents/{own}/timeline": (
        lambda live: ("GET", _case_of("civil-affairs")(live)[1] + "/timeline", {}),
        (401, 403, 404, 200, 200, 200)),
    "POST /incidents as the member": (_opening("civil-affairs"), (401, 403, 403, 201, 403, 201)),
    "POST /incidents as another unit": (_opening("public-security"),
                                        (401, 403, 403, 403, 403, 201)),
    "POST /incidents as the party": (_opening("schools", "mandatory-report"),
                                     (401, 403, 201, 403, 403, 201)),
    "POST /steps/{office's}/ack": (_fresh_office_step, (401, 403, 404, 403, 403, 200)),
    "POST /records": (lambda _: ("POST", "/records", {
        "content": b"format: 1\nyear: 2024\n", "headers": {"Content-Type": "application/yaml"}}),
        (401, 403, 403, 403, 403, 200)),
    "GET /review": (_get("/review", year=2025), (401, 403, 403, 403, 200, 200)),
    "POST /proposals for the member's unit": (lambda _: ("POST", "/proposals", {"json": {
        "unit": "civil-affairs", "name": "赵甲", "position": "副局长",
        "effective": "2026-06-01"}}), (401, 403, 403, 201, 403, 201)),
    "POST /proposals for another unit": (lambda _: ("POST", "/proposals", {"json": {
        "unit": "public-security", "name": "钱乙", "position": "副局长",
        "effective": "2026-06-01"}}), (401, 403, 403, 403, 403, 201)),
    "POST /proposals/{id}/file": (_fresh_proposal, (401, 403, 403, 403, 403, 200)),
    "GET /audit": (_get("/audit"), (401, 403, 403, 403, 403, 200)),
}


def test_the_table_covers_every_endpoint(live: Live) -> None:
    spec = call(live, None, "GET", "/openapi.json").json()
    routes = {f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops}
    covered = {name.split(" as ")[0].split(" for ")[0] for name in TABLE}
    covered = {c.replace("{own}", "{incident}").replace("{another's}", "{incident}")
               .replace("{office's}", "{step}").replace("{id}", "{proposal}") for c in covered}
    assert covered == routes


@pytest.mark.parametrize("endpoint", list(TABLE))
def test_role_by_endpoint(live: Live, endpoint: str) -> None:
    make, expected = TABLE[endpoint]
    got = []
    for role in ROLES:
        method, path, kw = make(live)  # a fresh object per role where the call changes it
        got.append(call(live, None if role == "none" else role, method, path, **kw).status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


# -- privacy, bad input, tokens ----------------------------------------------------------------

def test_a_minors_details_reach_the_office_alone(live: Live) -> None:
    summary, detail = "MINOR-SUMMARY-7f3a 女童受伤", "MINOR-DETAIL-91bc 张某某 某街3号"
    case = open_case(live, "member", summary=summary, minor=True, details={"victim": detail})
    assert summary not in json.dumps(case, ensure_ascii=False)  # not even to its reporter
    full = data(call(live, "office", "GET", f"/incidents/{case['id']}"))
    assert full["summary"] == summary and full["details"] == {"victim": detail}
    plain = open_case(live, "member", summary="成人案件概要", details={"victim": "PLAIN-DETAIL"})
    step = case["waiting"][0]["step"]
    for role in ("member", "convener", "party", "reader", "other-member", "police"):
        bodies = [call(live, role, method, path, **kw).text for method, path, kw in [
            ("GET", "/incidents", {}), ("GET", f"/incidents/{case['id']}", {}),
            ("GET", f"/incidents/{case['id']}/timeline", {}), ("GET", "/review",
                                                               {"params": {"year": 2026}}),
            ("GET", "/audit", {}), ("GET", "/charter", {}), ("POST", f"/steps/{step}/ack", {}),
            ("GET", f"/incidents/{plain['id']}", {})]]
        text = "".join(bodies)
        assert "MINOR-SUMMARY-7f3a" not in text and "MINOR-DETAIL-91bc" not in text, role
        assert "PLAIN-DETAIL" not in text, role  # details of any case: the office's alone
    seen = data(call(live, "member", "GET", f"/incidents/{plain['id']}"))
    assert seen["summary"] == "成人案件概要"  # a case without a minor: its reporter reads it


@pytest.mark.parametrize(("method", "path", "kw", "status", "code"), [
    ("GET", "/units/市火箭局/duties", {}, 404, "JM563"),
    ("GET", "/who", {"params": {"q": "   "}}, 422, "JM560"),
    ("GET", "/who", {"params": {"q": "x" * 300}}, 422, "JM560"),
    ("GET", "/who", {}, 422, "JM560"),
    ("GET", "/plan", {"params": {"rule": "no-such-rule", "reporter": "civil-affairs"}}, 422,
     "JM560"),
    ("GET", "/plan", {"params": {"rule": "major-case", "reporter": "civil-affairs",
                                 "at": "yesterday"}}, 422, "JM560"),
    ("GET", "/roster", {"params": {"on": "2026-02-30"}}, 422, "JM560"),
    ("GET", "/incidents/abc", {}, 422, "JM560"),
    ("GET", "/incidents/99999", {}, 404, "JM563"),
    ("GET", "/incidents/99999/timeline", {}, 404, "JM563"),
    ("POST", "/steps/99999/ack", {}, 404, "JM563"),
    ("POST", "/incidents", {"content": b"{not json", "headers": {
        "Content-Type": "application/json"}}, 422, "JM560"),
    ("POST", "/incidents", {"json": {"rule": "major-case"}}, 422, "JM560"),
    ("POST", "/incidents", {"json": {"rule": "major-case", "reporter": "市火箭局"}}, 422,
     "JM563"),
    ("POST", "/incidents", {"json": {"rule": "major-case", "reporter": "schools"}}, 422,
     "JM560"),
    ("POST", "/incidents", {"json": {"rule": "major-case", "reporter": "civil-affairs",
                                     "minor": "perhaps"}}, 422, "JM560"),
    ("POST", "/records", {"content": b"format: 1\nyear: [", "headers": {
        "Content-Type": "application/yaml"}}, 422, "JM103"),
    ("POST", "/records", {"content": b"a,b\n", "headers": {"Content-Type": "text/csv"}}, 422,
     "JM560"),
    ("POST", "/records", {"content": b"\xff\xfe\x00garbage", "headers": {
        "Content-Type": "application/yaml"}}, 422, "JM101"),
    ("POST", "/proposals", {"json": {"unit": "市火箭局", "name": "甲", "position": "乙",
                                     "effective": "2026-01-01"}}, 422, "JM563"),
    ("POST", "/proposals/99999/file", {}, 404, "JM563"),
    ("DELETE", "/charter", {}, 405, "JM560"),
    ("GET", "/nowhere", {}, 404, "JM563"),
])
def test_bad_input_is_a_4xx_finding(live: Live, method: str, path: str, kw: dict[str, Any],
                                    status: int, code: str) -> None:
    response = call(live, "office", method, path, **kw)
    assert (response.status_code, response.json()["errors"][0]["code"]) == (status, code), \
        response.text


def test_tokens_on_the_command_line(live: Live, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--charter", str(live.charter), "--ledger", str(live.ledger)]
    assert main(["token", "add", "--role", "member", "--unit", "市卫健局", "--label", "卫健局系统",
                 *args]) == 0
    out = capsys.readouterr()
    secret = out.out.strip()
    assert secret.startswith("jm_") and len(secret) > 40 and secret not in out.err
    assert data(call(live, None, "GET", "/units", headers={"Authorization": f"Bearer {secret}"}))
    with Ledger(live.ledger) as ledger:
        made = next(t for t in tokens(ledger) if t.label == "卫健局系统")
        stored = [tuple(r) for r in ledger.db.execute("SELECT * FROM tokens")]
    assert made.unit == "health" and secret not in repr(stored)
    assert main(["token", "list", *args]) == 0
    listed = capsys.readouterr().out
    assert "卫健局系统" in listed and "jm_" not in listed
    assert main(["token", "revoke", str(made.id), *args]) == 0
    refused = call(live, None, "GET", "/units", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and refused.json()["errors"][0]["code"] == "JM561"
    assert main(["token", "add", "--role", "member", "--label", "x", *args]) == 1
    assert "bound to one unit" in capsys.readouterr().err
    assert main(["token", "add", "--role", "party", "--party", "村委会", "--label", "x",
                 *args]) == 1


def test_no_token_in_the_log(live: Live) -> None:
    for who in live.tokens:
        call(live, who, "GET", "/units")
        call(live, who, "GET", "/incidents/99999")
    call(live, None, "GET", "/units", headers={"Authorization": "Bearer jm_not-a-real-token-x"})
    log = live.log.read_text("utf-8")
    assert '"GET /units HTTP/1.1" 200' in log and '"GET /units HTTP/1.1" 401' in log
    assert "jm_" not in log and "Bearer" not in log and "authorization" not in log.lower()
    for secret in live.tokens.values():
        assert secret[3:12] not in log


def test_a_charter_with_errors_does_not_start(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "examples" / "minimal.yaml").read_text("utf-8").replace(
        "owner: civil-affairs", "owner: civil-afairs", 1), encoding="utf-8")
    assert main(["serve", "--charter", str(bad), "--ledger", str(tmp_path / "l.sqlite3")]) == 1
    assert "JM301" in capsys.readouterr().err


@pytest.mark.parametrize("name", [str(p.relative_to(ROOT)) for p in CHARTERS if p != HULIN])
def test_other_charters(tmp_path: Path, name: str) -> None:
    server = start(tmp_path, name, tokens={"office": (Role.OFFICE, None, None)})
    try:
        charter = data(call(server, "office", "GET", "/charter"))
        # A notice may give no reporting rule at all (the charter says so): then no case.
        case = None
        for rule in charter["reporting"][:1]:
            units = [u["id"] for u in charter["units"]]
            reporter = units[0] if "members" in rule["reporters"] else rule["reporters"][0]
            case = open_case(server, "office", reporter=reporter, rule=rule["id"])
            assert case["steps"] and case["steps"][0]["label"] != case["steps"][0]["recipient"]
        page = call(server, None, "GET", "/office").text
        # With no office (the notice sets up none), the page is the joint meeting's.
        office = charter["office"] or {"name": charter["title"].removesuffix("制度")}
        assert office["name"] in page
        english = charter["language"] == "en"
        assert f'<html lang="{charter["language"]}">' in page
        assert ("Open cases" if english else "正在办理的案件") in page
        if case is not None:
            known = dt.datetime.fromisoformat(case["known_at"])
            assert known.utcoffset() == dt.timedelta(hours=8)
    finally:
        server.stop()


def test_a_convener_acknowledges_what_escalated_to_their_post(live: Live) -> None:
    import jointmeeting
    from jointmeeting.runtime.outbox import escalate

    case = open_case(live, "member")  # known 2026-03-02 09:00: its 24 hours are long past
    with Ledger(live.ledger) as ledger:  # the dispatcher's escalation, from another process
        assert escalate(ledger, jointmeeting.load_charter(live.charter),
                        now=dt.datetime.now(dt.UTC)) >= 1
    status = data(call(live, "convener", "GET", f"/incidents/{case['id']}"))
    up = next(s for s in status["steps"] if s["level"] == 1)
    assert (up["recipient"], up["label"]) == ("convener", "召集人")
    assert call(live, "member", "POST", f"/steps/{up['id']}/ack").status_code == 403
    done = data(call(live, "convener", "POST", f"/steps/{up['id']}/ack"))
    assert next(s for s in done["steps"] if s["id"] == up["id"])["acknowledged_at"]
    office_step = case["waiting"][0]["step"]  # the office's own, below: not the convener's
    assert call(live, "convener", "POST", f"/steps/{office_step}/ack").status_code == 403


def test_a_member_unit_told_of_a_case_sees_and_acknowledges_its_step(tmp_path: Path) -> None:
    server = start(tmp_path, "examples/charters/dongfang-town-left-behind.yaml", tokens={
        "villages": (Role.PARTY, None, "villages"),
        "police-station": (Role.MEMBER, "police-station", None),
        "civil-affairs": (Role.MEMBER, "civil-affairs", None)})
    try:
        case = open_case(server, "villages", reporter="村民委员会", rule="abuse-report",
                         summary="邻居报告儿童被打")
        mine = next(w["step"] for w in case["waiting"] if w["recipient"] == "police-station")
        office = next(w["step"] for w in case["waiting"] if w["recipient"] == "office")
        seen = data(call(server, "police-station", "GET", f"/incidents/{case['id']}"))
        assert seen["summary"] == "邻居报告儿童被打" and "details" not in seen
        assert call(server, "civil-affairs", "GET",
                    f"/incidents/{case['id']}").status_code == 404
        assert call(server, "police-station", "POST", f"/steps/{office}/ack").status_code == 403
        done = data(call(server, "police-station", "POST", f"/steps/{mine}/ack"))
        assert [w["recipient"] for w in done["waiting"]] == ["office"]
        listed = data(call(server, "police-station", "GET", "/incidents"))
        assert [c["id"] for c in listed] == [case["id"]]
        assert data(call(server, "civil-affairs", "GET", "/incidents")) == []
    finally:
        server.stop()
