"""What a search that found nothing might have meant: the closest unit names and keywords.

``who 市民正局`` finds nothing, as a misspelt name finds nothing in every other command; those
commands suggest the closest names (:func:`jointmeeting.model.suggest`), and so does ``who``,
with the words it searches for besides names: the thesaurus's and the names of the joint
meeting's own items (its meetings, reporting rules, work requirements).

Why every suggestion is searched once before it is offered: a suggestion is a word that finds
something in this charter, never a word of the thesaurus that its notice does not use.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from jointmeeting.graph import ResponsibilityGraph, thesaurus
from jointmeeting.values import normalise_name

#: How alike a word must be to what was typed, as :func:`jointmeeting.model.suggest` has it.
CUTOFF = 0.6
#: At most this many suggestions for each keyword.
MOST = 3


def _vocabulary(graph: ResponsibilityGraph) -> dict[str, str]:
    """Normalised word -> the word as suggested: unit names and aliases (suggested by the
    unit's name), then the thesaurus's words and the names of the joint meeting's items."""
    words: dict[str, str] = {}
    for unit in graph.charter.units:
        for name in unit.names():
            words.setdefault(normalise_name(name), unit.name)
    related = thesaurus()
    for word in [*related, *(w for group in related.values() for w in group)]:
        words.setdefault(word, word)
    for item in graph.clause_texts():
        if item.kind != "responsibility":  # a responsibility's label is its id
            words.setdefault(normalise_name(item.label), item.label)
    return words


def closest(graph: ResponsibilityGraph, keywords: Sequence[str]) -> list[str]:
    """The unit names and keywords closest to each keyword that finds nothing on its own, each
    of them one that finds something; empty when there is none, or when every keyword finds
    something alone (then only their combination finds nothing)."""
    vocabulary: dict[str, str] | None = None
    found: list[str] = []
    for keyword in keywords:
        word = normalise_name(keyword)
        if not word or _finds(graph, word):
            continue
        vocabulary = vocabulary if vocabulary is not None else _vocabulary(graph)
        # Best first; only the first few that find something are kept.
        near = difflib.get_close_matches(word, list(vocabulary), n=len(vocabulary),
                                         cutoff=CUTOFF)
        mine = [shown for shown in dict.fromkeys(vocabulary[key] for key in near)
                if shown not in found and _finds(graph, shown)][:MOST]
        found.extend(mine)
    return found


def _finds(graph: ResponsibilityGraph, word: str) -> bool:
    return bool(graph.who(word) or graph.clauses(word))
