"""The tests' YAML edit helper: a value set by its path, every other line as it was."""

from __future__ import annotations

import pytest

from jointmeeting.charter.parse import parse_text

from .conftest import MINIMAL
from .yamledit import edit_yaml

TEXT = MINIMAL.read_text(encoding="utf-8")


def changed_lines(old: str, new: str) -> list[str]:
    before = set(old.splitlines())
    return [line for line in new.splitlines() if line not in before]


@pytest.mark.parametrize(("path", "value", "line"), [
    ("duties.civil-affairs-1.owner", "civil-afairs", "    owner: civil-afairs"),
    ("members.张三.since", "2025-02-01",
     "  - {name: 张三, unit: civil-affairs, position: 副主任, since: 2025-02-01, source: 四/张三}"),
    ("units.womens-federation.aliases", ["镇妇联", "妇联"], "    aliases: [镇妇联, 妇联]"),
    ("timezone", "Asia", "timezone: Asia"),
    ("duties.0.text", "[bold]x", '    text: "[bold]x"'),
    ("source.document", "a\0b", '  document: "a\\u0000b"'),
])
def test_a_value_is_set_in_place(path: str, value: object, line: str) -> None:
    new = edit_yaml(TEXT, path, value)
    assert changed_lines(TEXT, new) == [line]
    assert len(new.splitlines()) == len(TEXT.splitlines())
    data, _, found = parse_text(new, "m.yaml")
    assert found == [] and data != parse_text(TEXT, "m.yaml")[0]


def test_a_missing_key_is_added_in_its_mappings_style() -> None:
    new = edit_yaml(TEXT, "members.张三.until", "2025-06-01")
    (line,) = changed_lines(TEXT, new)
    assert line.startswith("  - {until: 2025-06-01, name: 张三,")
    new = edit_yaml(TEXT, "roster", {"source": "csv", "path": "r.csv"})
    assert changed_lines(TEXT, new) == ["roster: {source: csv, path: r.csv}"]
    data, _, _ = parse_text(edit_yaml(TEXT, "duties.0.colour", "red"), "m.yaml")
    assert data["duties"][0]["colour"] == "red" and data["duties"][0]["id"] == "civil-affairs-1"


def test_a_path_that_names_nothing_is_an_error() -> None:
    with pytest.raises(KeyError, match="nothing called 'no-such-duty'"):
        edit_yaml(TEXT, "duties.no-such-duty.owner", "x")
