"""Every charter of the repository's corpus drafted again from its notice: at least 90% of its
units, members and duty clauses come out of `jointmeeting draft` as the hand-written file has
them. Run as a script (``python -m tests.test_draft_corpus``) to print each notice's figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import jointmeeting
from jointmeeting.charter.notice import comparable, read_notice
from jointmeeting.charter.values import normalise_name
from jointmeeting.draft.drafter import draft_charter
from jointmeeting.draft.words import plain

from .conftest import ROOT

CORPUS = sorted(ROOT.glob("charters/*.yaml"))


def _names(unit: dict[str, Any]) -> set[str]:
    return {normalise_name(n) for n in [unit["name"], *unit.get("signboards", []),
                                        *unit.get("aliases", [])]}


def figures(path: Path) -> dict[str, tuple[int, int]]:
    """(matched, in the hand-written charter) for units, members and duty clauses.

    A unit matches when one of its names is a drafted unit's; a member when the drafted one has
    the same name (or, for a seat the notice names no one for, the same unit and position); a
    duty when a drafted duty has the same words, the same clause and the matching owner. The
    draft is compared as drafted, whether or not it loads yet (a partial notice may lack the
    office the format requires).
    """
    hand = jointmeeting.load_charter(path)
    assert hand.source.text, f"{path.name} names no notice text to draft from"
    notice = (path.parent / hand.source.text).resolve()
    drafted = plain(draft_charter(read_notice(notice), str(notice)).data)
    units = {u.id: next((d["id"] for d in drafted.get("units", [])
                         if _names(d) & _names(u.model_dump())), None) for u in hand.units}

    def member(m: jointmeeting.Member) -> bool:
        return any((m.name is not None and d["name"] is not None
                    and normalise_name(m.name) == normalise_name(d["name"]))
                   or (m.name is None and d["name"] is None and units.get(m.unit) == d["unit"]
                       and m.position == d["position"]) for d in drafted.get("members", []))

    def duty(h: jointmeeting.Duty) -> bool:
        return any(comparable(d["text"]) == comparable(h.text) and d["source"] == h.source
                   and units.get(h.owner, h.owner) == d["owner"]  # the office: its id
                   for d in drafted.get("duties", []))

    return {"units": (sum(u is not None for u in units.values()), len(hand.units)),
            "members": (sum(map(member, hand.members)), len(hand.members)),
            "duties": (sum(map(duty, hand.duties)), len(hand.duties))}


#: Notices whose shapes `jointmeeting draft` does not read yet (reported, src/ left alone): the
#: test fails for them today and must start passing (strict) once the drafter reads them.
DRAFT_GAPS = {
    "xiangyang-city-anti-domestic-violence-2018": "units 6/7, duties 4/6: `公安机关……应当` "
    "names a kind of body, not a unit of the report, and is left unread (draft-sentence-duties); "
    "`市妇联要设立……热线,接到` is drafted as its whole clause where the charter cuts it at the "
    "comma",
}


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=DRAFT_GAPS[p.stem]))
    if p.stem in DRAFT_GAPS else p for p in CORPUS], ids=[p.stem for p in CORPUS])
def test_the_draft_of_each_notice_matches_its_charter(path: Path) -> None:
    for part, (matched, total) in figures(path).items():
        assert matched >= 0.9 * total, f"{path.name}: {part} {matched}/{total}"


def test_the_corpus_is_not_empty() -> None:
    assert any(p.name == "huilin.yaml" for p in CORPUS)


if __name__ == "__main__":
    for charter in CORPUS:
        print(charter.stem, {k: f"{m}/{t}" for k, (m, t) in figures(charter).items()})
