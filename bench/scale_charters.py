"""Generated charters for the scale benchmark and the resource-limit tests.

Every charter here is valid against the charter format, shaped like a county's (units in a tree
of parents, a member and a few duties per unit, a reporting route from each unit up the tree to
the office), and grows with one number. Kept apart from ``bench_scale.py`` so that the tests can
build the same files without running the benchmark.
"""

from __future__ import annotations

from pathlib import Path

AREAS = ("children.welfare", "children.safety", "children.education", "women.health",
         "women.economy", "women.law")

HEAD = """format: 1
id: {id}
title: 基准联席会议制度
jurisdiction: {{name: {place}, level: county-level-city}}
source:
  {{document: 基政办发〔2025〕1号, title: 基准, issuer: 基准市人民政府办公室, issued: 2025-01-01}}
office:
  {{name: 联席会议办公室, host: unit-0, text: 设在第0单位。, responsibilities: [日常协调],
   source: 一（一）/3}}
posts:
  - {{id: general-convener, title: 总召集人, text: 副市长担任；, source: 一（一）/1,
     held_by: {{organization: 基准市人民政府, position: 副市长}}}}
  - {{id: convener, title: 召集人, held_by: {{unit: unit-0, position: 主席}}, text: 主席担任；,
     source: 一（一）/2}}
parties:
  - {{id: police, name: 公安机关, kind: recipient, source: 二（二）/2}}
  - {{id: schools, name: 学校, kind: reporter, source: 二（二）/2}}
meetings:
  - {{id: plenary, name: 全体会议, text: 每年召开1-2次。, per_year: {{min: 1, max: 2}},
     chair: general-convener, called_by: [convener], source: 二（一）/1}}
escalation: {{chain: [office, convener, general-convener], after: PT4H, source: 一（一）}}
"""


def county(units: int, *, duties_per_unit: int = 3, charter_id: str = "bench") -> str:
    """A valid charter of ``units`` units: a tree of parents (ten children each), one member
    per unit, ``duties_per_unit`` duties each, and one reporting rule per unit that routes it
    to its parent (the root unit to the office), so reaching the office takes many hops."""
    out = [HEAD.format(id=charter_id, place="基准市"), "units:\n"]
    for i in range(units):
        parent = f", parent: unit-{(i - 1) // 10}" if i else ""
        out.append(f"  - {{id: unit-{i}, name: 第{i}单位, aliases: [第{i}局], kind: government"
                   f"{parent}, source: 四/第{i}单位}}\n")
    out.append("members:\n")
    for i in range(units):
        also = f", also: [{{unit: unit-{i + 1}, position: 主任}}]" if i % 7 == 3 \
            and i + 1 < units else ""
        out.append(f"  - {{name: 成员{i}, unit: unit-{i}, position: 副局长, since: 2025-01-01"
                   f"{also}, source: 四/成员{i}}}\n")
    out.append("duties:\n")
    for i in range(units):
        for n in range(1, duties_per_unit + 1):
            role = "lead" if n == 1 and i % 5 == 0 else "owns"
            support = f", support: [unit-{(i + 1) % units}]" if n == 2 else ""
            area = AREAS[(i + n) % len(AREAS)]
            out.append(f"  - {{id: unit-{i}-{n}, owner: unit-{i}, role: {role}{support}, "
                       f"text: 推动完善困境儿童和留守儿童关爱保护政策第{i}之{n}项；, "
                       f"areas: [{area}], source: 四/第{i}单位/{n}}}\n")
    out.append("reporting:\n"
               "  - {id: major-case, name: 重大案件报告, kind: event, text: 24小时内报告。, "
               "reporters: [members], steps: [{to: office, action: 报告, within: PT24H}], "
               "source: 二（二）/1}\n"
               "  - {id: mandatory-report, name: 强制报告, kind: mandatory, text: 立即报警。, "
               "reporters: [schools], steps: [{to: police, action: 报警, within: immediately}], "
               "source: 二（二）/2}\n")
    for i in range(units):
        to = f"unit-{(i - 1) // 10}" if i else "office"
        also = ", {to: office, action: 抄送}" if i else ""
        out.append(f"  - {{id: route-{i}, name: 第{i}单位报送, kind: periodic, text: 定期报送。, "
                   f"reporters: [unit-{i}], steps: [{{to: {to}, action: 报送}}{also}], "
                   f"source: 二（二）/1}}\n")
    return "".join(out)


def dense_routes(units: int = 12) -> str:
    """A small charter whose reporting routes form a complete graph: every unit reports to every
    other one and then to the office. It has more cycles than could ever be listed."""
    text = county(units, duties_per_unit=1, charter_id="dense")
    head, _, _ = text.partition("reporting:\n")
    out = [head, "reporting:\n"]
    for i in range(units):
        steps = ", ".join(f"{{to: unit-{j}, action: 报送}}" for j in range(units) if j != i)
        out.append(f"  - {{id: dense-{i}, name: 第{i}单位报送, kind: event, text: 报送。, "
                   f"reporters: [unit-{i}], steps: [{steps}, {{to: office, action: 报送}}], "
                   f"source: 二（二）/1}}\n")
    return "".join(out)


def million_findings(faults: int = 1_000_000) -> str:
    """A small charter (about 2 bytes a fault) whose one duty names ``faults`` supporters that
    are not units: one JM301 finding each."""
    text = county(3, duties_per_unit=1, charter_id="faults")
    head, _, tail = text.partition("duties:\n")
    bad = ",".join(["x"] * faults)
    return (f"{head}duties:\n  - {{id: bad, owner: unit-0, support: [{bad}], text: 报送。, "
            f"source: 四/第0单位/1}}\n{tail}")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def million_wrong_types(faults: int = 1_000_000, *, where: str = "support") -> str:
    """A small charter holding ``faults`` numbers where something else belongs: one JM203
    finding each, all found by validation, before any check runs.

    ``where``: ``support``, one duty's list of supporting units (unit ids expected; about 2
    bytes a fault), or ``units``, the list of units itself (mappings expected; 6 bytes a fault).
    """
    text = county(3, duties_per_unit=1, charter_id="wrong-types")
    if where == "units":
        head, _, tail = text.partition("units:\n")
        return head + "units:\n" + "  - 7\n" * faults + tail
    bad = ",".join(["7"] * faults)
    head, _, tail = text.partition("duties:\n")
    return (f"{head}duties:\n  - {{id: bad, owner: unit-0, support: [{bad}], text: 报送。, "
            f"source: 四/第0单位/1}}\n{tail}")
