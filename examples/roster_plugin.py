"""A town's own roster source, as a plugin: members from an HR system instead of the charter.

A real plugin is a package with an entry point in the ``jointmeeting`` group (see
plugins/jointmeeting-xlsx); here the plugin object is handed to the host directly so the example
runs on its own. Run: python examples/roster_plugin.py
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import jointmeeting
from jointmeeting.plugin import (
    RosterRead,
    RosterSource,
    RosterSpec,
    Row,
    hookimpl,
    members_from_rows,
    plugin_host,
)

#: What an HR system's API might answer: name, unit as the HR system spells it, position, start.
HR_RECORDS = [
    ("张三", "镇民政办", "副主任", "2025-01-15"),
    ("李四", "镇妇联", "主席", "2025-01-15"),
    ("王五", "镇火箭局", "主任", "2025-01-15"),  # a unit the charter does not have
]


class HRSystem:
    def read(self, charter: jointmeeting.Charter, spec: RosterSpec, base_dir: Path
             ) -> RosterRead:
        rows = [Row(number, {"name": (name, 1), "unit": (unit, 2), "position": (position, 3),
                             "since": (since, 4)})
                for number, (name, unit, position, since) in enumerate(HR_RECORDS, start=1)]
        # Checked like the charter's own: an unknown unit is a finding naming its row.
        return members_from_rows(charter, rows, "hr-api")


class HRPlugin:
    @hookimpl
    def jointmeeting_roster_sources(self, register: Callable[[str, RosterSource], None]
                                    ) -> None:
        register("hr-api", HRSystem())


def main() -> None:
    text = Path("examples/minimal.yaml").read_text(encoding="utf-8")
    charter = jointmeeting.charter_from_text(
        text.replace("members:\n", "roster: {source: hr-api}\nmembers:\n"), "town.yaml")
    charter, read = plugin_host(extra=(HRPlugin(),)).read_roster(charter)
    for member in charter.members:
        print(f"{member.name}: {member.unit}, {member.position}")
    for finding in read.diagnostics:
        print(finding)
    print(charter.representative("镇妇联", dt.date(2025, 6, 1)).name)


if __name__ == "__main__":
    main()
