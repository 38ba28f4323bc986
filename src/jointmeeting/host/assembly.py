"""A charter assembled for use: its file (with any template it extends) and the members its
roster source gives. This is what :func:`jointmeeting.load_charter` means, for the library, the
pytest plugin and the command line alike.

Why a module of its own: the file is read by :mod:`jointmeeting.charter.loader`, below the
plugins; the roster comes from a roster source plugin, above it. Only a charter whose
``roster:`` names a source other than the file builds a plugin host, so a plain charter loads
without one.
"""

from __future__ import annotations

import os

from jointmeeting.charter.loader import load_charter as read_charter_file
from jointmeeting.charter.model import Charter
from jointmeeting.charter.parse import Limits
from jointmeeting.errors import CharterError, Severity


def load_charter(path: str | os.PathLike[str], *, limits: Limits = Limits()) -> Charter:
    """Load and validate a charter file, with the members its roster source gives.

    Warnings about the roster (and about plugins that failed to load) are kept with the
    charter's :attr:`~jointmeeting.charter.model.Charter.load_findings`, which :func:`check`
    reports.

    Raises:
        CharterError: the file cannot be read, is not YAML, or does not fit the charter's
            types, or its roster cannot be read; ``.diagnostics`` holds every finding, each
            with its line and column.
    """
    charter = read_charter_file(path, limits=limits)
    if charter.roster.source == "charter":
        return charter
    from jointmeeting.host.manager import plugin_host

    host = plugin_host()
    assembled, read = host.read_roster(charter)
    found = [*host.findings, *read.diagnostics]
    if any(d.severity is Severity.ERROR for d in found):
        raise CharterError(found)
    assembled._load_findings = [*charter.load_findings, *found]
    return assembled
