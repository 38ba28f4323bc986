"""Everything a plugin author needs, from one import path.

A roster source or a notifier imports its marker, protocols, record types, errors and row
helpers from here, not from the modules that happen to define them today::

    from jointmeeting.plugin import RosterRead, Row, hookimpl, members_from_rows

Why a module of its own: the library's modules are laid out for its own layers and may move;
this is the promise to plugin authors (pytest's ``pytest`` namespace, tox's ``tox.plugin``).
The hooks themselves are documented in ``docs/plugins.md``, generated from
:mod:`jointmeeting.host.hookspecs`.
"""

from __future__ import annotations

from jointmeeting.charter.contacts import Channel
from jointmeeting.charter.model import Charter, Member, RosterSpec
from jointmeeting.charter.named import NamedFileError
from jointmeeting.errors import Code, Diagnostic, JointMeetingError, Position, Severity
from jointmeeting.host.hookspecs import (
    PROJECT,
    Message,
    Notifier,
    NotifierError,
    RosterRead,
    RosterSource,
    hookimpl,
)
from jointmeeting.host.manager import PluginHost, plugin_host
from jointmeeting.host.rosters import (
    CsvError,
    Row,
    as_date,
    as_text,
    heading_columns,
    members_from_rows,
    office_csv_rows,
)

__all__ = [
    "PROJECT",
    "Channel",
    "Charter",
    "Code",
    "CsvError",
    "Diagnostic",
    "JointMeetingError",
    "Member",
    "Message",
    "NamedFileError",
    "Notifier",
    "NotifierError",
    "PluginHost",
    "Position",
    "RosterRead",
    "RosterSource",
    "RosterSpec",
    "Row",
    "Severity",
    "as_date",
    "as_text",
    "heading_columns",
    "hookimpl",
    "members_from_rows",
    "office_csv_rows",
    "plugin_host",
]
