"""The charter as a responsibility graph: networkx inside, domain objects outside.

Callers get :class:`Node`, :class:`Edge` and :class:`Impact` values, never
networkx objects (grimp's lesson: the engine can change without the API changing). Node keys are
``kind:id`` strings so that exports such as GraphML carry them unchanged.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from jointmeeting.charter.loader import collector_paused
from jointmeeting.charter.model import Charter, Duty, Role, Unit
from jointmeeting.charter.outline import areas
from jointmeeting.graph.routes import reporting_routes


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


class ResponsibilityGraph:
    """Units, posts, members, duties, areas, the office, meetings and rules, and who does what."""

    def __init__(self, charter: Charter, g: nx.MultiDiGraph[str], nodes: dict[str, Node]
                 ) -> None:
        """A graph as built by :meth:`from_charter` (or a part of one); use that."""
        self.charter = charter
        self._g = g
        self._nodes = nodes

    @classmethod
    def from_charter(cls, charter: Charter) -> ResponsibilityGraph:
        """The whole charter as a graph."""
        graph = cls(charter, nx.MultiDiGraph(), {})
        with collector_paused():
            graph._build()
        return graph

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
        office = (self._node(NodeKind.OFFICE, c.office.id, c.office.name)
                  if c.office is not None else None)
        area_nodes = {a.id: self._node(NodeKind.AREA, a.id, a.name) for a in areas().values()}
        if c.office is not None and office is not None and c.office.host in units:
            self._edge(EdgeKind.HOSTS, units[c.office.host], office, c.office.source)
        if c.lead_unit is not None:
            for lead in c.lead_unit.units():  # 由甲和乙牵头: an edge from each
                if lead in units and office is not None:
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
                elif office is not None and owner == office.id:  # 联席会议办公室负责
                    self._edge(EdgeKind.OWNS, office, node, duty.source)
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
        named = {**units, **posts, **parties, **({office.id: office} if office else {})}
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
            hosts_office=self.charter.office is not None and self.charter.office.host == gone.id,
            reporting_rules=tuple(rules))

    def reporting_cycles(self) -> list[list[Node]]:
        """A cycle among reports-to edges for each strongly connected part of the routes (a
        route that comes back to its start never ends), never every cycle: see
        :mod:`jointmeeting.graph.routes`."""
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
        part: nx.MultiDiGraph[str] = self._g.subgraph(keep).copy()
        return ResponsibilityGraph(self.charter, part, {k: self._nodes[k] for k in part})
