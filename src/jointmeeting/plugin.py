"""Everything a plugin author needs, from one import path.

A roster source or a notifier imports its marker, protocols, record types, errors and row
helpers from here, not from the modules that happen to define them today::

    from jointmeeting.plugin import RosterRead, Row, hookimpl, members_from_rows

Why a module of its own: the library's modules are laid out for its own layers and may move;
this is the promise to plugin authors (pytest's ``pytest`` namespace, tox's ``tox.plugin``).
The hooks themselves are documented in ``docs/plugins.md``, generated from
:mod:`jointmeeting.hookspecs`.
"""

from __future__ import annotations

from jointmeeting.contacts import Channel
from jointmeeting.errors import Code, Diagnostic, JointMeetingError, Position, Severity
from jointmeeting.hookspecs import (
    PROJECT,
    Message,
    Notifier,
    NotifierError,
    RosterRead,
    RosterSource,
    hookimpl,
)
from jointmeeting.model import Charter, Member, RosterSpec
from jointmeeting.named import NamedFileError
from jointmeeting.plugins import PluginHost, plugin_host
from jointmeeting.rosters import (
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
