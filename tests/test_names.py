"""Names: parties resolve by id, name and alias as units do; a misspelt name gets the closest
names suggested, and the same mistake exits with the same code in every command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.cli import main
from jointmeeting.runtime.plan import Report, plan

from .conftest import HULIN, ROOT

RIVERSIDE = ROOT / "examples" / "charters" / "riverside-english.yaml"
KNOWN = dt.datetime(2025, 6, 3, 8, 15)


@pytest.mark.parametrize("reporter", ["学校", "schools", " 学 校 "])
def test_route_takes_a_party_by_name_or_id(reporter: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "--charter", str(HULIN), "--kind", "mandatory-report", "--from",
                 reporter, "--at", "2025-06-03 08:15"]) == 0
    assert capsys.readouterr().out.startswith("强制报告（二（二）/2）：学校，")


def test_a_party_answers_to_its_aliases(hulin: jointmeeting.Charter) -> None:
    parties = [p.model_copy(update={"aliases": ["中小学校"]}) if p.id == "schools" else p
               for p in hulin.parties]
    charter = hulin.model_copy(update={"parties": parties})
    assert charter.party("中小学校").id == "schools"
    made = plan(charter, Report("mandatory-report", "中小学校", KNOWN))
    assert made.reporter_label == "学校"


def test_a_misspelt_unit_gets_the_closest_name(hulin: jointmeeting.Charter) -> None:
    with pytest.raises(jointmeeting.UnknownUnitError) as found:
        hulin.unit("市民正局")
    assert "did you mean 市民政局?" in str(found.value)
    assert isinstance(found.value, jointmeeting.NameLookupError)


def test_a_misspelt_party_gets_the_closest_name(hulin: jointmeeting.Charter) -> None:
    with pytest.raises(jointmeeting.NameLookupError, match="did you mean 医疗机构"):
        hulin.party("医疗机")


def test_a_misspelt_english_name_gets_the_closest_name() -> None:
    charter = jointmeeting.load_charter(RIVERSIDE)
    with pytest.raises(jointmeeting.NameLookupError, match="did you mean Education Bureau"):
        charter.unit("Educaton Bureau")


MISSPELT = [
    ["route", "--charter", str(HULIN), "--kind", "major-case", "--from", "市民正局"],
    ["incident", "open", "--charter", str(HULIN), "--kind", "major-case", "--from", "市民正局",
     "--ledger", "{ledger}"],
    ["duties", "市民正局", "--charter", str(HULIN)],
    ["impact", "市民正局", "--charter", str(HULIN)],
    ["graph", "--focus", "市民正局", "--charter", str(HULIN)],
    ["roster", "show", "--unit", "市民正局", "--charter", str(HULIN)],
    ["roster", "propose", "市民正局", "--name", "王五", "--position", "副局长", "--effective",
     "2025-07-01", "--charter", str(HULIN), "--ledger", "{ledger}"],
]


def test_the_same_mistake_exits_the_same_way_in_every_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    codes = {}
    for args in MISSPELT:
        argv = [a.replace("{ledger}", f"{tmp_path}/ledger.sqlite3") for a in args]
        codes[args[0] + " " + args[1]] = main(argv)
        err = capsys.readouterr().err
        assert "did you mean 市民政局?" in err, (args, err)
        assert "Traceback" not in err
    assert set(codes.values()) == {2}, codes




@pytest.mark.parametrize(("path", "typed", "hint"), [
    (HULIN, "市民正局", "; did you mean 市民政局?"),  # a unit's name
    (HULIN, "留守儿同", "; did you mean 留守儿童 or 留守流动儿童?"),  # keywords
    (HULIN, "zzzz", ""),  # nothing near
    (RIVERSIDE, "Educaton", "; did you mean Education Bureau?"),
    (RIVERSIDE, "留守儿同", ""),  # the thesaurus's words, but not this charter's
])
def test_who_suggests_the_closest_names_and_keywords(
        path: Path, typed: str, hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`who` finding nothing says so on stderr with the closest unit names and keywords, as a
    misspelt name does elsewhere; it still exits 1 (nothing found is a finding, not a usage
    error); and every word it suggests finds something."""
    assert main(["who", typed, "--charter", str(path)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"nothing matches {typed}{hint}\n")
    for word in hint.removeprefix("; did you mean ").removesuffix("?").split(" or ") if hint \
            else []:
        assert main(["who", word, "--charter", str(path)]) == 0, word
        assert capsys.readouterr().out
