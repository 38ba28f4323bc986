"""The charter as a responsibility graph: networkx inside, domain objects outside.

Callers get :class:`Node`, :class:`Edge`, :class:`UnitMatch` and :class:`Impact` values, never
networkx objects (grimp's lesson: the engine can change without the API changing). Node keys are
``kind:id`` strings so that exports such as GraphML carry them unchanged.
"""

from __future__ import annotations

import enum
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import networkx as nx

from jointmeeting.escape import xml_text
from jointmeeting.model import Charter, Duty, Role, Unit
from jointmeeting.outline import areas
from jointmeeting.routes import reporting_routes
from jointmeeting.values import normalise_name


class NodeKind(enum.StrEnum):
    UNIT = "unit"
    POST = "post"
    MEMBER = "member"
    DUTY = "duty"
    AREA = "area"
    OFFICE = "office"
    MEETING = "meeting"
    RULE = "rule"
    PARTY = "party"
    JOINT_MEETING = "joint-meeting"  # the table as a whole, where a rule names it


class EdgeKind(enum.StrEnum):
    OWNS = "owns"  # unit -> duty
    SUPPORTS = "supports"  # unit -> duty
    REPRESENTS = "represents"  # member -> unit
    HOLDS = "holds"  # unit -> post: the unit whose people hold the post
    HOSTS = "hosts"  # unit -> office
    CHAIRS = "chairs"  # post -> meeting
    CALLS = "calls"  # post -> meeting it may call
    REPORTS_TO = "reports-to"  # reporter -> recipient, per reporting rule
    SERVES = "serves"  # duty -> area
    LEADS = "leads"  # unit -> office: the lead unit of the whole table (牵头单位)
    LIAISES = "liaises"  # member -> unit: the unit's liaison officer (联络员)


@dataclass(frozen=True, slots=True)
class Node:
    kind: NodeKind
    id: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True, slots=True)
class Edge:
    kind: EdgeKind
    source: Node
    target: Node
    clause: str | None = None
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class DutyMatch:
    duty: Duty
    score: float
    terms: tuple[str, ...]


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

    kind: str  # responsibility, meeting, reporting, requirement
    id: str
    label: str
    text: str
    source: str
    score: float


@dataclass(frozen=True, slots=True)
class Impact:
    """What removing a unit (or merging it into another) does to the table."""

    unit: Unit
    into: Unit | None
    duties_losing_owner: tuple[Duty, ...]
    duties_losing_lead: tuple[Duty, ...]
    duties_losing_support: tuple[Duty, ...]
    representatives: tuple[str, ...]
    posts: tuple[str, ...]
    hosts_office: bool
    reporting_rules: tuple[str, ...] = field(default=())


_ROLE_WEIGHT = {Role.LEAD: 1.5, Role.OWNS: 1.0, Role.SUPPORTS: 0.8}
_ROLE_RANK = {Role.LEAD: 0, Role.OWNS: 1, Role.SUPPORTS: 2}
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


class ResponsibilityGraph:
    """Units, posts, members, duties, areas, the office, meetings and rules, and who does what."""

    def __init__(self, charter: Charter) -> None:
        self.charter = charter
        self._g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self._nodes: dict[str, Node] = {}
        self._texts: list[str] | None = None
        self._unit_ids = {unit.id for unit in charter.units}
        self._build()

    # --- construction ------------------------------------------------------------------------

    def _node(self, kind: NodeKind, node_id: str, label: str) -> Node:
        node = Node(kind, node_id, label)
        self._nodes[node.key] = node
        self._g.add_node(node.key, kind=kind.value, label=label)
        return node

    def _edge(self, kind: EdgeKind, source: Node, target: Node, clause: str | None,
              rule: str | None = None) -> None:
        self._g.add_edge(source.key, target.key, key=f"{kind}:{rule or ''}", kind=kind.value,
                         clause=clause or "", rule=rule or "")

    def _build(self) -> None:
        c = self.charter
        units = {u.id: self._node(NodeKind.UNIT, u.id, u.name) for u in c.units}
        posts = {p.id: self._node(NodeKind.POST, p.id, p.title) for p in c.posts}
        parties = {p.id: self._node(NodeKind.PARTY, p.id, p.name) for p in c.parties}
        office = self._node(NodeKind.OFFICE, c.office.id, c.office.name)
        area_nodes = {a.id: self._node(NodeKind.AREA, a.id, a.name) for a in areas().values()}
        if c.office.host in units:
            self._edge(EdgeKind.HOSTS, units[c.office.host], office, c.office.source)
        if c.lead_unit is not None:
            for lead in c.lead_unit.units():  # 由甲和乙牵头: an edge from each
                if lead in units:
                    self._edge(EdgeKind.LEADS, units[lead], office, c.lead_unit.source)
        for officer in c.liaison.officers if c.liaison else []:
            if officer.unit in units:
                person = self._node(NodeKind.MEMBER, f"liaison/{officer.unit}",
                                    officer.name or "联络员")
                self._edge(EdgeKind.LIAISES, person, units[officer.unit], officer.source)
        for post in c.posts:
            if post.held_by.unit in units:
                self._edge(EdgeKind.HOLDS, units[post.held_by.unit], posts[post.id], post.source)
        for member in c.members:
            person = self._node(NodeKind.MEMBER, member.name or f"{member.unit}/{member.position}",
                                member.label)
            for appointment in member.appointments():
                if appointment.unit in units:
                    self._edge(EdgeKind.REPRESENTS, person, units[appointment.unit],
                               member.source)
        for duty in c.duties:
            node = self._node(NodeKind.DUTY, duty.id, duty.text)
            for owner in duty.owners():
                if owner in units:
                    self._edge(EdgeKind.OWNS, units[owner], node, duty.source)
            for other in duty.support:
                if other in units:
                    self._edge(EdgeKind.SUPPORTS, units[other], node, duty.source)
            for area in duty.areas:
                if area in area_nodes:
                    self._edge(EdgeKind.SERVES, node, area_nodes[area], duty.source)
        for meeting in c.meetings:
            node = self._node(NodeKind.MEETING, meeting.id, meeting.name)
            if meeting.chair in posts:
                self._edge(EdgeKind.CHAIRS, posts[meeting.chair], node, meeting.source)
            for caller in meeting.called_by:
                if caller in posts:
                    self._edge(EdgeKind.CALLS, posts[caller], node, meeting.source)
        named = {**units, **posts, **parties, office.id: office}
        if any("joint-meeting" in [*r.reporters, *(s.to for s in r.steps)] for r in c.reporting):
            named["joint-meeting"] = self._node(NodeKind.JOINT_MEETING, "joint-meeting",
                                                c.label("joint-meeting"))
        for rule in c.reporting:
            self._node(NodeKind.RULE, rule.id, rule.name)
            reporters = [units[u] for u in units] if "members" in rule.reporters else []
            reporters += [named[r] for r in rule.reporters if r in named]
            for step in rule.steps:
                target = named.get(step.to)
                if target is None:  # a group such as lead-unit: no single node to draw
                    continue
                for reporter in reporters:
                    if reporter is not target:  # "members" includes the recipient itself
                        self._edge(EdgeKind.REPORTS_TO, reporter, target, rule.source, rule.id)

    # --- reading -----------------------------------------------------------------------------

    def nodes(self, kind: NodeKind | None = None) -> list[Node]:
        return [n for n in self._nodes.values() if kind is None or n.kind == kind]

    def edges(self, kind: EdgeKind | None = None) -> list[Edge]:
        return [Edge(EdgeKind(data["kind"]), self._nodes[a], self._nodes[b],
                     data["clause"] or None, data["rule"] or None)
                for a, b, data in self._g.edges(data=True)
                if kind is None or data["kind"] == kind.value]

    def who(self, *keywords: str) -> list[UnitMatch]:
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
        found: dict[str, list[DutyMatch]] = {}
        if self._texts is None:  # normalised once, on the first query
            self._texts = [normalise_name(duty.text) for duty in self.charter.duties]
        for duty, text in zip(self.charter.duties, self._texts, strict=True):
            score, terms = _text_score(wanted, text)
            if score > 0:
                match = DutyMatch(duty, score * _ROLE_WEIGHT[duty.role], terms)
                for owner in duty.owners():
                    if owner in self._unit_ids:  # an unknown owner is check's finding
                        found.setdefault(owner, []).append(match)
        named = {unit.id for unit in self.charter.units
                 if all(any(word in name or name in word
                            for name in map(normalise_name, unit.names())) for word in wanted)}
        results = []
        for unit_id in [*found, *(u for u in named if u not in found)]:
            matches = found.get(unit_id, [])
            matches.sort(key=lambda m: (-m.score, _ROLE_RANK[m.duty.role]))
            roles = [m.duty.role for m in matches] + ([Role.OWNS] if unit_id in named else [])
            role = min(roles, key=_ROLE_RANK.__getitem__)
            score = max([m.score for m in matches] + ([_NAME] if unit_id in named else []))
            results.append(UnitMatch(self.charter.unit(unit_id), role, score, tuple(matches)))
        order = {u.id: i for i, u in enumerate(self.charter.units)}
        results.sort(key=lambda r: (-r.score, _ROLE_RANK[r.role], order[r.unit.id]))
        return results

    def clauses(self, *keywords: str) -> list[ClauseMatch]:
        """The joint meeting's own texts that match every keyword, best first: its
        responsibilities, meetings, reporting rules and work requirements (scored as duties
        are, with no role)."""
        wanted = _words(keywords)
        found = []
        for order, item in enumerate(self.clause_texts() if wanted else []):
            score, _ = _text_score(wanted, normalise_name(item.label + item.text))
            if score > 0:
                found.append((-score, order, replace(item, score=score)))
        return [match for *_, match in sorted(found, key=lambda f: (f[0], f[1]))]

    def clause_texts(self) -> list[ClauseMatch]:
        """Every text :meth:`clauses` searches, in the order it ranks ties (score 0)."""
        c = self.charter
        items = [("responsibility", r.id, r.id, r.text, r.source) for r in c.responsibilities]
        items += [("meeting", m.id, m.name, m.text, m.source) for m in c.meetings]
        items += [("reporting", r.id, r.name, r.text, r.source) for r in c.reporting]
        items += [("requirement", q.id, q.title, q.text, q.source) for q in c.requirements]
        return [ClauseMatch(*item, score=0.0) for item in items]

    def impact(self, unit: str | Unit, into: str | Unit | None = None) -> Impact:
        """What loses its owner, lead, supporter or representative if ``unit`` goes away.

        With ``into``, the same things are what would move to that unit in a merger.
        """
        gone = self.charter.unit(unit)
        target = self.charter.unit(into) if into is not None else None
        duties = self.charter.duties_of(gone)
        reps = [f"{e.source.label}" for e in self.edges(EdgeKind.REPRESENTS)
                if e.target.id == gone.id]
        posts = [e.target.label for e in self.edges(EdgeKind.HOLDS) if e.source.id == gone.id]
        rules = sorted({e.rule for e in self.edges(EdgeKind.REPORTS_TO)
                        if gone.id in (e.source.id, e.target.id) and e.rule})
        return Impact(
            unit=gone, into=target,
            duties_losing_owner=tuple(duties),
            duties_losing_lead=tuple(d for d in duties if d.role is Role.LEAD),
            duties_losing_support=tuple(d for d in self.charter.duties if gone.id in d.support),
            representatives=tuple(reps), posts=tuple(posts),
            hosts_office=self.charter.office.host == gone.id,
            reporting_rules=tuple(rules))

    def coverage(self) -> dict[str, dict[str, Role]]:
        """Area id -> unit id -> the strongest role the unit has in a duty serving the area."""
        matrix: dict[str, dict[str, Role]] = {area: {} for area in areas()}
        for duty in self.charter.duties:
            for area in duty.areas:
                cell = matrix.setdefault(area, {})
                for unit_id, role in [*((o, duty.role) for o in duty.owners()),
                                      *((s, Role.SUPPORTS) for s in duty.support)]:
                    held = cell.get(unit_id)
                    if held is None or _ROLE_RANK[role] < _ROLE_RANK[held]:
                        cell[unit_id] = role
        return matrix

    def reporting_cycles(self) -> list[list[Node]]:
        """A cycle among reports-to edges for each strongly connected part of the routes (a
        route that comes back to its start never ends), never every cycle: see
        :mod:`jointmeeting.routes`."""
        found = reporting_routes(self.charter)
        return [[self._nodes[k] for k in found.cycle_in(part)] for part in found.components()]

    def units_not_reaching(self, target: Node) -> list[Node]:
        """Units with no chain of reports-to edges that ends at ``target``."""
        reached = reporting_routes(self.charter).reaching(target.key)
        return [n for n in self.nodes(NodeKind.UNIT) if n.key not in reached]

    def focus(self, unit: str | Unit, depth: int = 1) -> ResponsibilityGraph:
        """The part of the graph within ``depth`` steps of a unit, in either direction."""
        start = f"{NodeKind.UNIT}:{self.charter.unit(unit).id}"
        return self._part(nx.ego_graph(self._g.to_undirected(as_view=True), start,
                                       radius=depth).nodes)

    def only(self, kinds: Iterable[NodeKind]) -> ResponsibilityGraph:
        """The graph with only nodes of the given kinds (e.g. the organisation without duties)."""
        wanted = set(kinds)
        return self._part([node.key for node in self.nodes() if node.kind in wanted])

    def _part(self, keep: Iterable[str]) -> ResponsibilityGraph:
        view = ResponsibilityGraph.__new__(ResponsibilityGraph)
        view.charter = self.charter
        view._g = self._g.subgraph(keep).copy()
        view._nodes = {k: self._nodes[k] for k in view._g}
        view._texts = self._texts
        view._unit_ids = self._unit_ids
        return view

    def to_graphml(self) -> str:
        """GraphML, valid XML whatever the charter's texts hold: a character XML 1.0 forbids
        (a control character in a clause reference) is written as a visible escape."""
        safe = nx.relabel_nodes(self._g, {n: xml_text(n) for n in self._g}, copy=True)
        for *_, data in [*safe.nodes(data=True), *safe.edges(data=True)]:
            for key, value in data.items():
                if isinstance(value, str):
                    data[key] = xml_text(value)
        buffer = io.BytesIO()
        nx.write_graphml(safe, buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")

    def to_json(self) -> str:
        data = {"nodes": [{"key": n.key, "kind": n.kind.value, "id": n.id, "label": n.label}
                          for n in self.nodes()],
                "edges": [{"kind": e.kind.value, "source": e.source.key, "target": e.target.key,
                           "clause": e.clause, "rule": e.rule} for e in self.edges()]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

