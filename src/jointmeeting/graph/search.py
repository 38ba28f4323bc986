"""Searching the charter by keyword: which units' duties, and which of the joint meeting's own
texts, match a query (``who``, the service and the site's search follow the same rule).

Search reads the charter, not the responsibility graph: it needs no networkx, so ``who``
starts as quickly as ``check``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from jointmeeting.charter.model import Charter, Duty, Role, Unit
from jointmeeting.charter.values import normalise_name


@dataclass(frozen=True, slots=True)
class DutyMatch:
    duty: Duty
    score: float
    terms: tuple[str, ...]
    #: The unit's role in the duty: the duty's own for an owner, supports for a supporter.
    role: Role = Role.OWNS


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """A unit whose duties match a query; ``role`` is its strongest role among them."""

    unit: Unit
    role: Role
    score: float
    duties: tuple[DutyMatch, ...]


@dataclass(frozen=True, slots=True)
class ClauseMatch:
    """A text of the joint meeting as a whole that matches a query: one of its
    responsibilities, a meeting, a reporting rule or a work requirement."""

    kind: str  # responsibility, meeting, reporting, requirement, office
    id: str
    label: str
    text: str
    source: str
    score: float


_ROLE_WEIGHT = {Role.LEAD: 1.5, Role.OWNS: 1.0, Role.SUPPORTS: 0.8}
#: Weight of a thesaurus expansion relative to the word typed.
_RELATED = 0.5
#: Score of a unit whose name or alias is what was typed: above any duty's (at most 1.5).
_NAME = 3.0


@cache
def thesaurus() -> dict[str, tuple[str, ...]]:
    raw = json.loads(resources.files("jointmeeting").joinpath("data/thesaurus.json")
                     .read_text("utf-8"))
    return {normalise_name(k): tuple(map(normalise_name, v)) for k, v in raw.items()
            if not k.startswith("_")}


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset((text,))


def _words(keywords: Iterable[str]) -> list[str]:
    return [word for word in map(normalise_name, keywords) if word]


def _text_score(wanted: list[str], text: str) -> tuple[float, tuple[str, ...]]:
    """The product over keywords of each one's best score in ``text``, and the terms found."""
    related = thesaurus()
    score, terms = 1.0, []
    for word in wanted:
        best, term = _term_score(word, _bigrams(word), text), word
        for other in related.get(word, ()):
            if other in text and best < _RELATED:
                best, term = _RELATED, other
        score *= best
        terms.append(term)
    return score, tuple(terms)


def _term_score(term: str, pairs: frozenset[str], text: str) -> float:
    """1 for the term as written; less for most of its character pairs (留守 … 儿童)."""
    if term in text:
        return 1.0
    share = sum(pair in text for pair in pairs) / len(pairs)
    return 0.7 * share if share >= 0.75 else 0.0


def _duty_texts(charter: Charter) -> list[str]:
    return [normalise_name(duty.text) for duty in charter.duties]


def who(charter: Charter, *keywords: str) -> list[UnitMatch]:
    """Units whose name or duties match every keyword (typed or related), leads first.

    A unit whose name or an alias holds every keyword (or is held by it: 市文旅局) scores
    3. A duty's score is the product over keywords of the best of: the keyword itself (1),
    most of its character pairs (0.7 × share), or a related word from the thesaurus
    (0.5); the role weighs it (lead 1.5, owns 1, supports 0.8). A unit scores its best;
    the site's search (``templates/site/search.js``) ranks by the same rule.
    """
    wanted = _words(keywords)
    if not wanted:
        return []
    unit_ids = {unit.id for unit in charter.units}
    found: dict[str, list[DutyMatch]] = {}
    texts = charter.derived("search-texts", _duty_texts)  # normalised once per charter
    for duty, text in zip(charter.duties, texts, strict=True):
        score, terms = _text_score(wanted, text)
        if score > 0:
            match = DutyMatch(duty, score * _ROLE_WEIGHT[duty.role], terms, duty.role)
            for owner in duty.owners():
                if owner in unit_ids:  # an unknown owner is check's finding
                    found.setdefault(owner, []).append(match)
            # A supporter (配合) finds the duty too, as supporting it, never as its owner.
            helping = DutyMatch(duty, score * _ROLE_WEIGHT[Role.SUPPORTS], terms, Role.SUPPORTS)
            for supporter in dict.fromkeys(duty.support):
                if supporter in unit_ids:
                    found.setdefault(supporter, []).append(helping)
    named = {unit.id for unit in charter.units
             if all(any(word in name or name in word
                        for name in map(normalise_name, unit.names())) for word in wanted)}
    results = []
    for unit_id in [*found, *(u for u in named if u not in found)]:
        matches = found.get(unit_id, [])
        matches.sort(key=lambda m: (-m.score, m.role.rank))
        roles = [m.role for m in matches] + ([Role.OWNS] if unit_id in named else [])
        role = min(roles, key=lambda r: r.rank)
        score = max([m.score for m in matches] + ([_NAME] if unit_id in named else []))
        results.append(UnitMatch(charter.unit(unit_id), role, score, tuple(matches)))
    order = {u.id: i for i, u in enumerate(charter.units)}
    results.sort(key=lambda r: (-r.score, r.role.rank, order[r.unit.id]))
    return results


def clauses(charter: Charter, *keywords: str) -> list[ClauseMatch]:
    """The joint meeting's own texts that match every keyword, best first: its
    responsibilities, meetings, reporting rules and work requirements (scored as duties
    are, with no role)."""
    wanted = _words(keywords)
    found = []
    for order, item in enumerate(clause_texts(charter) if wanted else []):
        score, _ = _text_score(wanted, normalise_name(item.label + item.text))
        if score > 0:
            found.append((-score, order, replace(item, score=score)))
    return [match for *_, match in sorted(found, key=lambda f: (f[0], f[1]))]


def clause_texts(charter: Charter) -> list[ClauseMatch]:
    """Every text :func:`clauses` searches, in the order it ranks ties (score 0)."""
    items = [("responsibility", r.id, r.id, r.text, r.source) for r in charter.responsibilities]
    items += [("meeting", m.id, m.name, m.text, m.source) for m in charter.meetings]
    items += [("reporting", r.id, r.name, r.text, r.source) for r in charter.reporting]
    items += [("requirement", q.id, q.title, q.text, q.source) for q in charter.requirements]
    items += [("office", d.id, charter.label(d.owner), d.text, d.source)
              for d in charter.office_duties()]  # 联席会议办公室负责: the office's own duties
    return [ClauseMatch(*item, score=0.0) for item in items]


#: How alike a word must be to what was typed, as :func:`jointmeeting.charter.model.suggest` has it.
CUTOFF = 0.6
#: At most this many suggestions for each keyword.
MOST = 3


def _vocabulary(charter: Charter) -> dict[str, str]:
    """Normalised word -> the word as suggested: unit names and aliases (suggested by the
    unit's name), then the thesaurus's words and the names of the joint meeting's items."""
    words: dict[str, str] = {}
    for unit in charter.units:
        for name in unit.names():
            words.setdefault(normalise_name(name), unit.name)
    related = thesaurus()
    for word in [*related, *(w for group in related.values() for w in group)]:
        words.setdefault(word, word)
    for item in clause_texts(charter):
        if item.kind != "responsibility":  # a responsibility's label is its id
            words.setdefault(normalise_name(item.label), item.label)
    return words


def suggestions(charter: Charter, keywords: Sequence[str]) -> list[str]:
    """What a search that found nothing might have meant: the unit names and keywords closest
    to each keyword that finds nothing on its own, each of them one that finds something
    (never a thesaurus word this charter's notice does not use); empty when there is none, or
    when every keyword finds something alone (then only their combination finds nothing)."""
    vocabulary: dict[str, str] | None = None
    found: list[str] = []
    for keyword in keywords:
        word = normalise_name(keyword)
        if not word or _finds(charter, word):
            continue
        vocabulary = vocabulary if vocabulary is not None else _vocabulary(charter)
        # Best first; only the first few that find something are kept.
        near = difflib.get_close_matches(word, list(vocabulary), n=len(vocabulary),
                                         cutoff=CUTOFF)
        mine = [shown for shown in dict.fromkeys(vocabulary[key] for key in near)
                if shown not in found and _finds(charter, shown)][:MOST]
        found.extend(mine)
    return found


def _finds(charter: Charter, word: str) -> bool:
    return bool(who(charter, word) or clauses(charter, word))
