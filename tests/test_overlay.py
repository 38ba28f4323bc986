"""Templates and overlays: merge by id, removal, positions in the file each item came from."""

from __future__ import annotations

from pathlib import Path

import pytest

import jointmeeting

from .conftest import MINIMAL

TEMPLATE = MINIMAL.read_text(encoding="utf-8")


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
    base = write(tmp_path, "base.yaml", TEMPLATE.replace("owner: civil-affairs",
                                                         "owner: civil-afairs"))
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
