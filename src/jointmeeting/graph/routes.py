"""The reporting routes alone, as plain adjacency lists: who reports to whom, and what follows.

The check of the routes needs neither the whole responsibility graph nor networkx, and must stay
linear on any charter: a route that comes back to its start is found once per strongly connected
component (Tarjan's algorithm, iterative), with one shortest cycle through the component's
first node as the example, never by listing cycles (a dense table of twelve units has more than
could ever be listed). Reaching the office is one traversal backwards from it.

Nodes are ``kind:id`` keys, as in :mod:`jointmeeting.graph`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from jointmeeting.charter.model import Charter


@dataclass
class Routes:
    """Reports-to edges, one per pair (rules merged), and the kinds of the ids they join."""

    successors: dict[str, list[str]] = field(default_factory=dict)
    #: Node key -> index of the first reporting rule with a step to it (where a cycle is shown).
    first_rule: dict[str, int] = field(default_factory=dict)

    def predecessors(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for source, targets in self.successors.items():
            for target in targets:
                found.setdefault(target, []).append(source)
        return found

    def reaching(self, target: str) -> set[str]:
        """Every node with a chain of reports-to edges that ends at ``target`` (one traversal
        backwards from it; ``target`` itself is not included unless a cycle returns to it)."""
        back = self.predecessors()
        seen: set[str] = set()
        queue = deque(back.get(target, ()))
        seen.update(queue)
        while queue:
            for source in back.get(queue.popleft(), ()):
                if source not in seen:
                    seen.add(source)
                    queue.append(source)
        return seen

    def components(self) -> list[list[str]]:
        """Strongly connected components with more than one node, each sorted, in order of
        their first node: every such component holds at least one cycle."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        found: list[list[str]] = []
        counter = 0
        for root in self.successors:
            if root in index:
                continue
            # Iterative Tarjan: (node, iterator over its successors) frames, no recursion.
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            frames = [(root, iter(self.successors.get(root, ())))]
            while frames:
                node, todo = frames[-1]
                advanced = False
                for nxt in todo:
                    if nxt not in index:
                        index[nxt] = low[nxt] = counter
                        counter += 1
                        stack.append(nxt)
                        on_stack.add(nxt)
                        frames.append((nxt, iter(self.successors.get(nxt, ()))))
                        advanced = True
                        break
                    if nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                if advanced:
                    continue
                frames.pop()
                if frames:
                    parent = frames[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
        return sorted(found)

    def cycle_in(self, component: list[str]) -> list[str]:
        """One shortest cycle through the component's first node (breadth-first, inside it)."""
        inside = set(component)
        start = component[0]
        parent: dict[str, str] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt in self.successors.get(node, ()):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return path[::-1]
                if nxt in inside and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        raise AssertionError("a strongly connected component always holds a cycle")


def reporting_routes(charter: Charter) -> Routes:
    """The reports-to edges of a charter: each reporter of a rule to each of its steps' named
    recipients ("members" stands for every unit; a group such as lead-unit has no node)."""
    units = list(dict.fromkeys(f"unit:{u.id}" for u in charter.units))
    keys = {u.id: f"unit:{u.id}" for u in charter.units}
    keys |= {p.id: f"post:{p.id}" for p in charter.posts}
    keys |= {p.id: f"party:{p.id}" for p in charter.parties}
    if charter.office is not None:
        keys[charter.office.id] = f"office:{charter.office.id}"
    keys["joint-meeting"] = "joint-meeting:joint-meeting"  # the table itself, reporting upward
    routes = Routes()
    pairs: dict[str, dict[str, None]] = {}
    for position, rule in enumerate(charter.reporting):
        reporters = list(units) if "members" in rule.reporters else []
        reporters += [keys[r] for r in rule.reporters if r in keys]
        for step in rule.steps:
            target = keys.get(step.to)
            if target is None:
                continue
            routes.first_rule.setdefault(target, position)
            for reporter in reporters:
                if reporter != target:  # "members" includes the recipient itself
                    pairs.setdefault(reporter, {})[target] = None
    routes.successors = {source: list(targets) for source, targets in pairs.items()}
    return routes
