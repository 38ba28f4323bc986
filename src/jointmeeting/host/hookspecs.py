"""The hooks a plugin may implement: the whole contract of each is in its docstring.

Project name and entry-point group: ``jointmeeting``. Hooks are ``register_*``-style (llm's
pattern): a plugin hands objects to ``register``, and the host, not the plugin, decides what
happens when two plugins use the same name (the first registered wins; default plugins register
last, so a town's plugin wins over them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pluggy

from jointmeeting.charter.contacts import Channel
from jointmeeting.charter.model import Charter, Member, RosterSpec
from jointmeeting.errors import Diagnostic, JointMeetingError

PROJECT = "jointmeeting"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@dataclass
class RosterRead:
    """What a roster source read: members, per-member contact details kept apart from the
    charter (phone numbers stay text), and findings about rows it could not use."""

    members: list[Member]
    contacts: dict[str, dict[str, str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class RosterSource(Protocol):
    """Where a charter's members come from."""

    def read(self, charter: Charter, spec: RosterSpec, base_dir: Path) -> RosterRead:
        """Read the roster that ``spec`` names (``spec.path`` is relative to ``base_dir``; read
        a file with ``charter.read_named(spec.path)``, which keeps to the folders the caller
        allows, regular files and the size limit).

        Every row that cannot become a member is a diagnostic naming the file, row and
        column; the rows that can are returned.
        """
        ...


@dataclass(frozen=True)
class Message:
    """What a notifier delivers. ``key`` is the step's idempotency key: every attempt to
    deliver one step carries the same key, so a receiver can drop repeats. A message about a
    case that involves a minor carries no name or identifying detail (``minor`` is set)."""

    key: str
    incident: int
    subject: str
    body: str
    minor: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "incident": self.incident, "subject": self.subject,
                "body": self.body, "minor": self.minor}


class NotifierError(JointMeetingError):
    """A delivery failed; the message says why, without any secret."""


class Notifier(Protocol):
    """A way to deliver messages: email, a webhook, a chat bot, a file."""

    def send(self, message: Message, channel: Channel) -> None:
        """Deliver ``message`` to ``channel.to`` (or to the address held in the environment
        variable ``channel.secret_env``). Return on success; raise :class:`NotifierError` (or
        any exception) on failure. May be called again with the same ``message.key`` after a
        crash or a timeout: deliveries are at least once. Must not log secrets."""
        ...


@hookspec
def jointmeeting_roster_sources(register: Callable[[str, RosterSource], None]) -> None:
    """Register roster sources: call ``register(name, source)`` once per source.

    ``name`` is what a charter's ``roster: {source: NAME, path: …}`` names (``xlsx``, ``csv``,
    ``hr-api``); the first plugin to register a name keeps it. A ``RosterSource`` has one
    method:

    ```python
    def read(self, charter: Charter, spec: RosterSpec, base_dir: Path) -> RosterRead:
    ```

    It returns the members it could read, per-member contact details (phone numbers as text)
    and a diagnostic for every row it could not use. A source that reads a file reads it with
    ``charter.read_named(spec.path)``: the bytes of a regular file under the charter's folder
    (or a folder the caller allows), within the size limit, or a ``NamedFileError`` saying why
    not. Build members with ``members_from_rows(charter, rows, path)``: rows are then checked
    like the charter's own (an unknown unit is JM403 naming the row). Worked examples:
    ``plugins/jointmeeting-xlsx`` (spreadsheets) and ``examples/roster_plugin.py`` (an HR
    system).
    """


@hookspec
def jointmeeting_notifiers(register: Callable[[str, Notifier], None]) -> None:
    """Register notifiers: call ``register(name, notifier)`` once per notifier.

    ``name`` is what a contacts file's ``via`` names (``email``, ``webhook``, ``dingtalk``);
    the first plugin to register a name keeps it. A ``Notifier`` has one method:

    ```python
    def send(self, message: Message, channel: Channel) -> None:
    ```

    Return on success; raise (``NotifierError`` or anything) on failure: the dispatcher records
    the reason and retries with backoff, and a send that hangs past its timeout is abandoned,
    so a broken backend never holds up the others. Deliveries are at least once: the same step
    always carries the same ``message.key``, so drop repeats by it. Read tokens and passwords
    from the environment variable ``channel.secret_env`` names; never log them. A message about
    a case that involves a minor (``message.minor``) carries no name or identifying detail.
    Worked examples: ``plugins/jointmeeting-apprise`` (email, webhooks, DingTalk, WeCom,
    Feishu) and ``examples/notifier_plugin.py``.
    """
