"""The ``plugins`` command: what is installed, what each plugin provides, what failed and why."""

from __future__ import annotations

from typing import Any

import click

from jointmeeting import report
from jointmeeting.cli.app import ExitCode, cli
from jointmeeting.report.envelope import to_json

#: Hook -> what a plugin provides through it, as the listing names it.
_KINDS = {"jointmeeting_roster_sources": "roster sources",
          "jointmeeting_notifiers": "notifiers"}


@cli.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def plugins_command(fmt: str) -> int:
    """List the plugins in use, what each provides, and what failed to load and why.

    Exits 1 when a plugin failed to load or raised while registering.
    """
    from jointmeeting.host.manager import plugin_host

    host = plugin_host()
    host.roster_sources()
    host.notifiers()
    rows: list[dict[str, Any]] = []
    for info in host.plugins():
        given = host.provided.get(info.name, {})
        provides = {_KINDS.get(hook, hook): given.get(hook, []) for hook in info.hooks}
        rows.append({"name": info.name, "origin": info.origin, "hooks": list(info.hooks),
                     "provides": provides})
    if fmt == "json":
        failed = [{"code": d.code, "message": d.message} for d in host.findings]
        click.echo(to_json("plugins", {"plugins": rows, "blocked": host.blocked(),
                                       "failed": failed}), nl=False)
    else:
        for row in rows:
            click.echo(f"{row['name']} ({row['origin']})")
            for kind, names in row["provides"].items():
                click.echo(f"  {kind}: {', '.join(names) or '(none)'}")
        for name in host.blocked():
            click.echo(f"{name} (blocked)")
        if host.findings:
            click.echo(report.diagnostics(host.findings, "text"), err=True)
    return ExitCode.FINDINGS if host.findings else ExitCode.OK
