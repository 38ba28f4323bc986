"""The ``jointmeeting`` command line: the group and entry point in :mod:`.app`, the commands in
modules by subject, registered on the group when this package is imported."""

from jointmeeting.cli import cases, charters, export, notices, plugins, rosters, service, year
from jointmeeting.cli.app import ExitCode, cli, main, run

__all__ = ["ExitCode", "cases", "charters", "cli", "export", "main", "notices", "plugins",
           "rosters", "run", "service", "year"]
