"""No county in the generic code (issue 11, point 1): Hulin's clause references, rule ids, place
names and sample keywords come from its charter, never from ``src/``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jointmeeting

from .conftest import HULIN, ROOT

SRC = ROOT / "src" / "jointmeeting"


def hulin_words() -> set[str]:
    """What only Hulin's charter should know: its place, units, people and rule ids."""
    charter = jointmeeting.load_charter(HULIN)
    words = {"虎林", "鸡西", "黑龙江", "hulin", "huilin"}
    words |= {name for unit in charter.units for name in unit.names()}
    words |= {m.name for m in charter.members if m.name}
    words |= {rule.id for rule in charter.reporting} | {r.id for r in charter.requirements}
    words |= {m.id for m in charter.meetings if len(m.id) > 8}
    return words


#: A clause reference as notices write them: 一（二）, 二（二）/1, 四/…, 五（一）.
CLAUSE = re.compile(r"[一二三四五六七八九十]+（[一二三四五六七八九十]+）|[一二三四五六七八九十]+/")


def strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, docstrings left out (they may cite examples): those of
    modules, classes and functions, and the attribute docstrings under a model's fields, which
    are all bare string statements and never a value the code uses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def texts() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(SRC.rglob("*")):
        name = str(path.relative_to(ROOT))
        if path.suffix == ".py":
            found += [(name, line, text) for line, text in strings(path)]
        elif path.suffix in {".j2", ".js", ".css", ".html"}:
            found += [(name, i, line) for i, line in
                      enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    return found


def test_no_clause_reference_rule_id_place_or_sample_keyword_of_hulin_in_src() -> None:
    words = hulin_words()
    hits = []
    for name, line, text in texts():
        low = text.lower()
        found = sorted({w for w in words if w.lower() in low})
        if CLAUSE.search(text):
            found.append(CLAUSE.search(text)[0])  # type: ignore[index]
        if found:
            hits.append(f"{name}:{line}: {', '.join(found)}")
    assert hits == []


def test_the_scan_finds_literals_but_not_docstring_examples(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text('"""Refs like 一（二）/1."""\nSOURCE = "一（二）/1"\nRULE = "major-case"\n',
                      encoding="utf-8")
    found = strings(module)
    assert found == [(2, "一（二）/1"), (3, "major-case")]
    assert CLAUSE.search(found[0][1]) and "major-case" in hulin_words()
