"""The built-in plugin: the roster kept in the charter file itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jointmeeting.hookspecs import RosterRead, RosterSource, hookimpl
from jointmeeting.model import Charter, RosterSpec


class CharterRoster:
    """Members as the charter file lists them."""

    def read(self, charter: Charter, spec: RosterSpec, base_dir: Path) -> RosterRead:
        return RosterRead(list(charter.members))


@hookimpl(trylast=True)
def jointmeeting_roster_sources(register: Callable[[str, RosterSource], None]) -> None:
    register("charter", CharterRoster())
