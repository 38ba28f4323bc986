"""Hostile inputs and the targets they are fed to, shared by the CI suite
(``tests/test_fuzz.py``, driven by hypothesis) and the long run (``tests/fuzz/run.py``).

Every generator takes a :class:`random.Random`, so hypothesis can drive it (``st.randoms``) and
the long run can replay any input from its seed. Inputs start from the repository's own files
(charters of every shape, a template and its county, contacts, a year's records, a notice) and
are mutated two ways: line edits of the YAML text (tokens, indentation, cuts, duplicates), and
structural edits of the parsed data (a value, a key or an item replaced by a hostile one),
written back as JSON, which is YAML.

A target raises :class:`Unexpected` (or lets any exception through) when the library does what
it must not: raise anything but its own errors, give a finding without a position in the file
it names, or crash on a charter that ``check`` accepted.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jointmeeting
from jointmeeting.charter.parse import parse_text
from jointmeeting.checks.coverage import coverage
from jointmeeting.errors import Code, Severity
from jointmeeting.graph import pictures
from jointmeeting.graph.responsibility import ResponsibilityGraph
from jointmeeting.graph.search import who

ROOT = Path(__file__).resolve().parents[2]
CHARTERS = {p.name: p.read_text(encoding="utf-8") for p in [
    ROOT / "examples" / "minimal.yaml", *sorted((ROOT / "examples" / "charters").glob("*.yaml")),
    ROOT / "charters" / "huilin.yaml"] if "extends" not in p.read_text(encoding="utf-8")}
#: Hulin's charter is ten times the others: fed less often, so the long run covers more shapes.
WEIGHTS = [1 if name == "huilin.yaml" else 6 for name in CHARTERS]
TEMPLATE = (ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8")
NOTICE = (ROOT / "charters" / "sources" / "hulin-2025-notice.txt").read_text(encoding="utf-8")
RECORDS = (ROOT / "examples" / "records" / "hulin-2025.yaml").read_text(encoding="utf-8")
CONTACTS = """format: 1
recipients:
  office: [{via: email, to: office@example.cn}]
  police: [{via: dingtalk, secret_env: JOINTMEETING_DINGTALK}]
  civil-affairs: [{via: jsonl, to: out.jsonl}]
people:
  张所军: [{via: console}]
"""
KNOWN = dt.datetime(2025, 6, 3, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))

TOKENS = ["", " ", "\t", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:x ", "%",
          "no", "yes", "1:20", "2024-02-30", "null", "~", "'", '"', "#", "\x00", "\u200b",
          "\u3000", "- - -", "? ", "<<: ", "|", ">", "...", "---", "💥", "\\", "ｘ", "9" * 40,
          "\x1b[2J", "\x1b]8;;http://x\x1b\\", "\r", "\u202e", "\x85", "P3650000D", "Asia"]
SCALARS: list[Any] = [
    None, True, False, 0, -1, 2 ** 63, 10 ** 40, 1.5, -0.0, 1e308, "", " ", "\x00", "a\x00b",
    "\x1b[31m红\x1b[0m", "\x1b]8;;https://evil.example\x1b\\x", "a\nb\r\n::error::x", "\u202e",
    "Asia", "Asia/Shanghai", "UTC", "zone1970.tab", "../x", "PT24H", "PT0S", "P366D", "P367D",
    "P3650000D", "P" + "9" * 30 + "D", "immediately", "P1M", "P99999Y", "9999-12-31",
    "0001-01-01", "2024-02-30", "2025-04-21", "9999-12-31T23:00:00-12:00",
    "0001-01-01T00:00:00+14:00", "2025-07-01T09:00:00+08:00", "../../etc/passwd", "/etc/shadow", "/dev/zero",
    ".", "..", "sub", "a" * 5000, "💥", "members", "lead-unit", "office", "civil-affairs",
    "womens-federation", "convener", "四/镇民政办/1", "一（一）", "x" * 300, "-", "~", "%",
]
CONTAINERS: list[Any] = [[], {}, [None], [[]], {"id": ["x"]}, {"id": {"a": 1}}, [{"id": None}],
                         {"a": {"b": {"c": {}}}}, ["civil-affairs", ["x"]], {"units": 5}]


def hostile(rng: random.Random) -> Any:
    """A value that tends to break code that trusted its type, size or content."""
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(SCALARS)
    if roll < 0.8:
        return copy.deepcopy(rng.choice(CONTAINERS))
    return "".join(rng.choice(["a", "-", "1", "/", ".", "\x00", "\n", "界", " ", "P", "T", "D"])
                   for _ in range(rng.randint(0, 12)))


def line_mutation(rng: random.Random, text: str) -> str:
    """Up to four line edits of a YAML text (the project's original mutation test)."""
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        kind = rng.choice(["delete", "duplicate", "insert", "indent", "replace", "cut"])
        line = lines[i]
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "indent":
            lines[i] = " " * rng.randint(0, 7) + line.lstrip(" ")
        elif kind == "cut":
            lines[i] = line[: rng.randint(0, len(line))] + "\n"
        else:
            token = rng.choice(TOKENS)
            at = rng.randint(0, len(line))
            rest = line[at:] if kind == "insert" else line[at + rng.randint(0, 8):]
            lines[i] = line[:at] + token + rest
    return "".join(lines)


def _paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*here, index))
    return found


def structural_mutation(rng: random.Random, data: Any) -> Any:
    """Up to three edits of parsed data: a value, a key or an item replaced or removed."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return hostile(rng)
        path = rng.choice(paths)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        kind = rng.random()
        if kind < 0.6:
            parent[last] = hostile(rng)
        elif kind < 0.75:
            del parent[last]
        elif kind < 0.85 and isinstance(parent, dict):
            key = hostile(rng)
            parent[key if isinstance(key, str) else json.dumps(key)] = parent.pop(last)
        elif isinstance(parent, list):
            parent.insert(rng.randint(0, len(parent)), copy.deepcopy(rng.choice(parent)))
        else:
            parent[last] = copy.deepcopy(rng.choice([v for _, v in _items(data)] or [None]))
    return data


def _items(data: Any) -> list[tuple[Any, Any]]:
    return [(p, _get(data, p)) for p in _paths(data)]


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def text_mutation(rng: random.Random, data: Any) -> Any:
    """Up to four strings replaced by hostile strings: the file mostly stays valid, so what
    comes after loading (checks, renderers, the runtime) meets the hostile text."""
    data = copy.deepcopy(data)
    paths = [p for p, v in _items(data) if isinstance(v, str) and p]
    for path in rng.sample(paths, min(len(paths), rng.randint(1, 4))):
        parent = _get(data, path[:-1])
        value = rng.choice([v for v in SCALARS if isinstance(v, str)])
        parent[path[-1]] = value if rng.random() < 0.5 else parent[path[-1]] + value
    return data


def mutated_yaml(rng: random.Random, text: str) -> str:
    """``text`` with line edits, or its data with structural or string edits written back as
    JSON."""
    roll = rng.random()
    if roll < 0.4:
        return line_mutation(rng, text)
    data, _, found = parse_text(text, "x.yaml")
    if found:
        return text
    mutate = structural_mutation if roll < 0.7 else text_mutation
    return json.dumps(mutate(rng, data), ensure_ascii=rng.random() < 0.3)


class Unexpected(AssertionError):
    """The library did what it must not with a hostile input."""


@dataclass
class Workspace:
    """A folder for the files the inputs name: a template, a notice, a FIFO, a folder."""

    folder: Path

    @classmethod
    def create(cls) -> Workspace:
        import os

        folder = Path(tempfile.mkdtemp(prefix="jointmeeting-fuzz-"))
        (folder / "base.yaml").write_text(TEMPLATE, encoding="utf-8")
        (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
        (folder / "sources").mkdir()
        (folder / "sources" / "hulin-2025-notice.txt").write_text(NOTICE, encoding="utf-8")
        (folder / "sub").mkdir()
        os.mkfifo(folder / "fifo")
        return cls(folder)


def _positioned(exc: jointmeeting.CharterError, name: str) -> None:
    if not exc.diagnostics:
        raise Unexpected("CharterError without findings")
    for d in exc.diagnostics:
        if not isinstance(d.code, Code):
            raise Unexpected(f"unknown code {d.code}")
        # A summary line ("… and 55 more JM202 findings") stands for many places: no position.
        if not d.omitted and (d.position is None or d.position.line < 1 or d.position.col < 1):
            raise Unexpected(f"no position, or not 1-based: {d}")
        if not (d.path or "").endswith(name) and d.path != str(Path(d.path or "").resolve()):
            raise Unexpected(f"finding in {d.path!r}, not in the input or a template: {d}")


def _rendered(found: list[jointmeeting.Diagnostic]) -> None:
    """Findings in every format: one inert line each, and JSON that parses to them."""
    from jointmeeting import report

    for fmt in ("text", "github"):
        lines = report.diagnostics(found, fmt).split("\n") if found else []
        if len(lines) != len(found) or any("\x1b" in line or "\x9b" in line for line in lines):
            raise Unexpected(f"{fmt} output is not one inert line per finding: {lines!r}")
        if fmt == "github" and any(not line.startswith("::") for line in lines):
            raise Unexpected(f"a GitHub annotation line does not start a command: {lines!r}")
    if [d["message"] for d in json.loads(report.diagnostics(found, "json"))["data"]] != \
            [d.message for d in found]:
        raise Unexpected("JSON findings do not read back as the findings")


def charter_target(text: str, space: Workspace, name: str = "c.yaml") -> None:
    """Load, check, and when check accepts it, run what the runtime runs on a charter."""
    try:
        charter = jointmeeting.charter_from_text(text, name, base_dir=space.folder)
    except jointmeeting.CharterError as exc:
        _positioned(exc, name)
        _rendered(exc.diagnostics)
        return
    found = jointmeeting.check(charter)
    if any(not isinstance(d.code, Code) for d in found):
        raise Unexpected(f"unknown code in {found}")
    _rendered(found)
    if not any(d.severity is Severity.ERROR for d in found):
        exercise(charter)


def exercise(charter: jointmeeting.Charter) -> None:
    """Everything a user may do next with a charter that ``check`` accepted."""
    from rich.console import Console

    from jointmeeting import report
    from jointmeeting.charter.values import deadline_delta
    from jointmeeting.runtime.plan import PlanError, Report, plan

    graph = ResponsibilityGraph.from_charter(charter)
    pictures.to_graphml(graph)
    pictures.to_json(graph)
    pictures.to_dot(graph)
    pictures.to_mermaid(graph)
    report.show(charter, Console(file=io.StringIO(), width=100))
    report.coverage(charter, coverage(charter), "table")
    for unit in charter.units[:3]:
        report.unit_duties(charter, unit)
        graph.impact(unit.id, None)
    report.who(charter, who(charter, "儿童"))
    for rule in charter.reporting:
        reporter = next((r for r in rule.reporters if r not in ("members", "lead-unit")),
                        charter.units[0].id)
        try:
            made = plan(charter, Report(rule.id, reporter, KNOWN, summary="x"))
        except PlanError:
            continue
        report.plan(charter, made)
    if charter.escalation is not None:
        KNOWN + deadline_delta(charter.escalation.after)  # what dispatch adds to "now"


def overlay_input(rng: random.Random) -> str:
    """A county that extends the template, with removals and overrides, some hostile."""
    data, _, _ = parse_text(TEMPLATE, "base.yaml")
    county: dict[str, Any] = {"extends": rng.choice(["base.yaml"] * 30 + [
        "fifo", "sub", "/etc/passwd", "../base.yaml", "base.yaml\x00", "nope.yaml",
        "a" * 4000, "./base.yaml", hostile(rng)]), "id": "county"}
    if rng.random() < 0.7:
        lists = ["units", "duties", "posts", "meetings", "reporting", "unit", "x"]
        county["remove"] = {rng.choice(lists): [
            rng.choice(["civil-affairs", "womens-federation", "convener", "plenary",
                        "major-case", "civil-affairs-1"]) if rng.random() < 0.7 else hostile(rng)
            for _ in range(rng.randint(0, 3))] for _ in range(rng.randint(0, 2))}
        if rng.random() < 0.1:
            county["remove"] = hostile(rng)
    for key in ("units", "duties", "posts", "meetings", "reporting"):
        if rng.random() < 0.3:
            items = copy.deepcopy(data.get(key) or [])
            if items:
                county[key] = [structural_mutation(rng, items[0]) if rng.random() < 0.5
                               else items[0]]
    if rng.random() < 0.3:
        county = structural_mutation(rng, county)
    return json.dumps(county, ensure_ascii=False) if rng.random() < 0.8 else \
        line_mutation(rng, json.dumps(county, ensure_ascii=False, indent=1))


def charter_input(rng: random.Random) -> str:
    name = rng.choices(list(CHARTERS), WEIGHTS)[0]
    text = CHARTERS[name]
    if rng.random() < 0.2:  # a file it names: the notice, a folder, a FIFO, outside
        data, _, _ = parse_text(text, name)
        data["source"]["text"] = rng.choice(["notice.txt", "sub", "fifo", "../notice.txt",
                                             "/dev/zero", "notice.txt\x00", hostile(rng)])
        if rng.random() < 0.3:
            data["roster"] = {"source": rng.choice(["csv", "xlsx", "charter"]),
                              "path": rng.choice(["fifo", "sub", "/dev/zero", "../x.csv"])}
        text = json.dumps(data, ensure_ascii=False)
    return mutated_yaml(rng, text)


def contacts_target(text: str, charter: jointmeeting.Charter) -> None:
    from jointmeeting.charter.contacts import Contacts
    from jointmeeting.charter.loader import validate_text

    try:
        contacts, _, _ = validate_text(text, "contacts.yaml", Contacts)
    except jointmeeting.CharterError as exc:
        _positioned(exc, "contacts.yaml")
        return
    jointmeeting.check(charter, contacts=contacts)


def records_target(text: str, charter: jointmeeting.Charter) -> None:
    from jointmeeting import report
    from jointmeeting.charter.loader import validate_text
    from jointmeeting.publish import ical
    from jointmeeting.runtime.review import review
    from jointmeeting.runtime.year import YearRecords

    try:
        records, _, _ = validate_text(text, "records.yaml", YearRecords)
    except jointmeeting.CharterError as exc:
        _positioned(exc, "records.yaml")
        return
    done = review(charter, records, today=dt.date(2025, 12, 31))
    report.review_json(done)
    report.review_table(done)
    report.review_html(done, dt.date(2025, 12, 31))
    # CalendarError is the library's own: a year or a time at the calendar's edge, said so.
    with contextlib.suppress(ical.CalendarError):
        ical.calendar(done)


def notice_input(rng: random.Random) -> str:
    lines = NOTICE.splitlines(keepends=True)
    start = rng.randrange(len(lines))
    text = "".join(lines[start:start + rng.randint(1, 60)])
    return line_mutation(rng, text) if rng.random() < 0.8 else "".join(
        rng.choice(["一、", "（一）", "市民政局：", "；", "。", "\n", " ", "张三 ", "界", "\x00",
                    "\x1b", "1", "日印发"]) for _ in range(rng.randint(0, 80)))


def notice_target(text: str, space: Workspace, charter_text: str) -> None:
    """A notice of any shape, and a charter that cites it, checked."""
    from jointmeeting.charter.notice import parse_notice

    parse_notice(text)
    path = space.folder / "fuzzed-notice.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    charter_target(charter_text, space)


@dataclass(frozen=True)
class Kind:
    """One kind of input: how to make one from a Random, and how to feed it."""

    name: str
    run: Callable[[random.Random, Workspace, jointmeeting.Charter], None]


def _charter(rng: random.Random, space: Workspace, hulin: jointmeeting.Charter) -> None:
    charter_target(charter_input(rng), space)


def _overlay(rng: random.Random, space: Workspace, hulin: jointmeeting.Charter) -> None:
    charter_target(overlay_input(rng), space, "county.yaml")


def _contacts(rng: random.Random, space: Workspace, hulin: jointmeeting.Charter) -> None:
    contacts_target(mutated_yaml(rng, CONTACTS), hulin)


def _records(rng: random.Random, space: Workspace, hulin: jointmeeting.Charter) -> None:
    records_target(mutated_yaml(rng, RECORDS), hulin)


_CITING = CHARTERS["minimal.yaml"].replace(
    "  issued: 2025-01-15", "  issued: 2025-01-15\n  text: fuzzed-notice.txt")


def _notice(rng: random.Random, space: Workspace, hulin: jointmeeting.Charter) -> None:
    notice_target(notice_input(rng), space, _CITING)


KINDS = (Kind("charter", _charter), Kind("overlay", _overlay), Kind("contacts", _contacts),
         Kind("records", _records), Kind("notice", _notice))
