"""Templates and overlays: merge by id, removal, positions in the file each item came from."""

from __future__ import annotations

from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.words import words
from jointmeeting.cli import main

from .conftest import MINIMAL, ROOT
from .yamledit import edit_yaml

TEMPLATE = MINIMAL.read_text(encoding="utf-8")
#: How a Chinese charter marks what it takes from its template.
INHERITED = words("zh-CN")("mark.inherited")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_override_add_and_remove(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", TEMPLATE)
    county = write(tmp_path, "county.yaml", """\
extends: base.yaml
id: county
remove: {duties: [womens-federation-1]}
units:
  - {id: civil-affairs, name: 县民政局, kind: government, source: 四/县民政局}
duties:
  - {id: womens-federation-2, owner: womens-federation, text: 维护妇女权益。, source: 四/x/1}
""")
    charter = jointmeeting.load_charter(county)
    assert charter.id == "county" and charter.title == "示例镇妇女儿童工作联席会议制度"
    assert [(u.id, u.name) for u in charter.units] == [("womens-federation", "镇妇女联合会"),
                                                      ("civil-affairs", "县民政局")]
    assert [d.id for d in charter.duties] == ["civil-affairs-1", "womens-federation-2"]
    assert jointmeeting.check(charter) == []


def test_a_finding_about_an_inherited_item_points_into_the_template(tmp_path: Path) -> None:
    base = write(tmp_path, "base.yaml",
                 edit_yaml(TEMPLATE, "duties.civil-affairs-1.owner", "civil-afairs"))
    county = write(tmp_path, "county.yaml", "extends: base.yaml\nid: county\n")
    found = jointmeeting.check(jointmeeting.load_charter(county))
    owner = next(d for d in found if d.code == "JM301")
    assert owner.path == str(base.resolve()) and owner.position.line == 55
    bad = write(tmp_path, "bad.yaml", "extends: base.yaml\nid: Bad\n")
    with pytest.raises(jointmeeting.CharterError) as info:
        jointmeeting.load_charter(bad)
    assert str(info.value.diagnostics[0]) == (f"{bad}:2:5: JM204 id: 'Bad' is not an id: use "
                                              "lowercase ASCII letters, digits and hyphens")


def test_missing_and_looping_templates(tmp_path: Path) -> None:
    missing = write(tmp_path, "a.yaml", "extends: nowhere.yaml\nid: a\n")
    with pytest.raises(jointmeeting.CharterError) as info:
        jointmeeting.load_charter(missing)
    assert [d.code for d in info.value.diagnostics] == ["JM207"]
    write(tmp_path, "x.yaml", "extends: y.yaml\n")
    loop = write(tmp_path, "y.yaml", "extends: x.yaml\n")
    with pytest.raises(jointmeeting.CharterError) as info:
        jointmeeting.load_charter(loop)
    assert info.value.diagnostics[0].code == "JM207"
    assert "loop" in info.value.diagnostics[0].message


def test_remove_takes_every_id_keyed_list(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", TEMPLATE)
    county = write(tmp_path, "county.yaml", """\
extends: base.yaml
id: county
remove: {meetings: [plenary], reporting: [major-case], posts: []}
""")
    charter = jointmeeting.load_charter(county)
    assert charter.meetings == [] and charter.reporting == []


def test_remove_refuses_an_unknown_list_or_id(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", TEMPLATE)
    county = write(tmp_path, "county.yaml", """\
extends: base.yaml
id: county
remove:
  dutis: [civil-affairs-1]
  units: [civil-affairs, police]
  office: [office]
""")
    with pytest.raises(jointmeeting.CharterError) as info:
        jointmeeting.load_charter(county)
    assert [(d.code, d.position.line, d.position.col, d.message)
            for d in info.value.diagnostics] == [
        ("JM201", 4, 3, "unknown key 'dutis' in remove (lists: assumptions, units, posts, "
                        "parties, duties, responsibilities, meetings, reporting, requirements)"),
        ("JM208", 5, 26, "remove.units: the template has no units item 'police'"),
        ("JM201", 6, 3, "unknown key 'office' in remove (lists: assumptions, units, posts, "
                        "parties, duties, responsibilities, meetings, reporting, requirements)"),
    ]


def test_a_finding_about_an_inherited_item_names_the_county_line_to_change(
        tmp_path: Path) -> None:
    write(tmp_path, "base.yaml",
          edit_yaml(TEMPLATE, "duties.civil-affairs-1.owner", "civil-afairs"))
    county = write(tmp_path, "county.yaml", "extends: base.yaml\nid: county\n\nduties: []\n")
    found = jointmeeting.check(jointmeeting.load_charter(county))
    owner = next(d for d in found if d.code == "JM301")
    assert owner.message.endswith(
        f"(inherited from the template; override duties item 'civil-affairs-1' in {county}:4, "
        "or list it under remove:)")
    # With no list of its own, the line to change is the `extends:` one.
    county.write_text("extends: base.yaml\nid: county\n", encoding="utf-8")
    found = jointmeeting.check(jointmeeting.load_charter(county))
    assert f"in {county}:1," in next(d for d in found if d.code == "JM301").message


COUNTY = ROOT / "examples" / "charters" / "county-from-template.yaml"
TEMPLATE_FILE = ROOT / "charters" / "templates" / "women-children-county.yaml"


def test_inherited_items_are_marked_in_show_site_and_diff(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    assert main(["show", "--on", "2025-06-01", "--charter", str(COUNTY)]) == 0
    shown = capsys.readouterr().out.splitlines()
    rule = next(line for line in shown if line.startswith("重大案件或舆情报告"))
    assert rule.endswith(INHERITED)  # the template's 24-hour rule, not the county's words
    own = next(line for line in shown if "市学前教育管理中心" in line and "  四/" in line)
    assert INHERITED not in own
    site = tmp_path / "site"
    assert main(["site", "--on", "2025-06-01", "--charter", str(COUNTY), "-o", str(site)]) == 0
    rules = (site / "rules.html").read_text(encoding="utf-8")
    assert rules.count(f'<span class="inherited">{INHERITED}</span>') >= 5
    capsys.readouterr()
    assert main(["diff", str(ROOT / "charters" / "huilin.yaml"), str(COUNTY)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "* post general-convener changed: remark, held_by  " + INHERITED in lines
    assert not any(line.startswith("+ unit kindergarten-office") and INHERITED in line
                   for line in lines)
