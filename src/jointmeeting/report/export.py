"""The charter for systems that are not Python: JSON in the project's envelope, and Popolo.

Both are wrapped in the envelope every JSON result shares (:mod:`jointmeeting.report.envelope`).

Popolo (https://www.popoloproject.com) is the open-government data standard for people,
organisations, posts and memberships that civic tools read. The mapping:

- the joint meeting itself and each member unit are *organizations*; a unit's ``parent_id`` is
  the unit it sits with, else the joint meeting;
- each post of the charter (总召集人, 召集人 …) is a *post* of the joint meeting, and a seat
  per unit (``seat-UNIT``, labelled with the unit's name) is the post its representative holds;
- each member is a *person*, and each of their dated appointments a *membership* of the joint
  meeting on behalf of the unit, holding the unit's seat. Popolo's ``end_date`` is the last day
  a membership held: the day before the charter's exclusive ``until``.
- a named post holder is a membership holding that post.

Only names, positions and dates leave: rosters are personal data, and nothing else of a person
is in a charter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from jointmeeting.charter.model import Charter
from jointmeeting.report.envelope import envelope


def charter_json(charter: Charter) -> dict[str, Any]:
    """The resolved charter (templates merged, roster source applied) as plain JSON data."""
    return envelope("charter", charter.model_dump(mode="json"))


def _person_id(name: str) -> str:
    # Stable across exports and releases, and ASCII, whatever script the name is in.
    return "person-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def _end(until: dt.date | None) -> dict[str, str]:
    return {} if until is None else {"end_date": (until - dt.timedelta(days=1)).isoformat()}


def popolo(charter: Charter) -> dict[str, Any]:
    """The charter's organisations, posts, people and memberships as Popolo JSON."""
    table = charter.id
    organizations: list[dict[str, Any]] = [{
        "id": table, "name": charter.title, "classification": "joint meeting",
        # No founding date where the notice's date is not known: none is invented.
        **({"founding_date": charter.source.issued.isoformat()} if charter.source.issued
           else {}),
    }]
    posts: list[dict[str, Any]] = []
    for unit in charter.units:
        organization: dict[str, Any] = {
            "id": unit.id, "name": unit.name, "classification": str(unit.kind),
            "parent_id": unit.parent or table,
        }
        if unit.aliases:
            organization["other_names"] = [{"name": alias} for alias in unit.aliases]
        organizations.append(organization)
        posts.append({"id": f"seat-{unit.id}", "label": unit.name, "role": "member unit",
                      "organization_id": table})
    for post in charter.posts:
        # Popolo asks a post's role: with no holder given, the post's title is its function.
        posts.append({"id": post.id, "label": post.title,
                      "role": post.held_by.position or post.title, "organization_id": table})

    persons: dict[str, dict[str, Any]] = {}
    memberships: list[dict[str, Any]] = []
    for index, member in enumerate(charter.members):
        # A member the notice lists by position only (分管负责同志) holds the seat with no
        # person: Popolo's membership does not require one, and none is invented. Such
        # memberships are told apart by their place in the roster.
        person = None if member.name is None else _person_id(member.name)
        if person is not None and member.name is not None:
            persons.setdefault(person, {"id": person, "name": member.name})
        for number, appointment in enumerate(member.appointments()):
            memberships.append({
                "id": f"{person or f'seat{index}'}-{appointment.unit}-"
                      f"{member.since.isoformat() if member.since else 'undated'}-{number}",
                **({"person_id": person} if person else {}), "organization_id": table,
                "on_behalf_of_id": appointment.unit, "post_id": f"seat-{appointment.unit}",
                "role": appointment.position,
                **({"start_date": member.since.isoformat()} if member.since else {}),
                **_end(member.until),
            })
    for post in charter.posts:
        holder = post.held_by
        if holder.name is None:
            continue  # the notice names no one: Popolo gets the post, not an invented person
        person = _person_id(holder.name)
        persons.setdefault(person, {"id": person, "name": holder.name})
        membership: dict[str, Any] = {
            "id": f"{person}-{post.id}", "person_id": person, "organization_id": table,
            "post_id": post.id, **({"role": holder.position} if holder.position else {}),
        }
        if holder.unit is not None:
            membership["on_behalf_of_id"] = holder.unit
        if holder.since is not None:
            membership["start_date"] = holder.since.isoformat()
        membership |= _end(holder.until)
        memberships.append(membership)
    return {"persons": list(persons.values()), "organizations": organizations, "posts": posts,
            "memberships": memberships}
