"""The built-in plugin: the roster kept in the charter file itself, and two notifiers that need
no network (the console, and a JSON Lines file)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from jointmeeting.charter.contacts import Channel
from jointmeeting.charter.escape import printable
from jointmeeting.charter.model import Charter, RosterSpec
from jointmeeting.host.hookspecs import (
    Message,
    Notifier,
    NotifierError,
    RosterRead,
    RosterSource,
    hookimpl,
)


class CharterRoster:
    """Members as the charter file lists them."""

    def read(self, charter: Charter, spec: RosterSpec, base_dir: Path) -> RosterRead:
        return RosterRead(list(charter.members))


class ConsoleNotifier:
    """Prints the message: for trying a charter out, and for a clerk watching a terminal."""

    def send(self, message: Message, channel: Channel) -> None:
        body = "\n".join(map(printable, message.body.split("\n")))  # its lines are its own
        print(f"[{message.key}] {printable(message.subject)}\n{body}", file=sys.stdout,
              flush=True)


class JsonlNotifier:
    """Appends the message as one JSON line to the file ``channel.to``, synced to disk."""

    def send(self, message: Message, channel: Channel) -> None:
        if not channel.to:
            raise NotifierError("a jsonl channel needs `to`: the file to append to")
        line = json.dumps({**message.as_dict(), "to": channel.to}, ensure_ascii=False) + "\n"
        try:
            with open(channel.to, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise NotifierError(f"cannot append to {channel.to}: {exc.strerror}") from None


@hookimpl(trylast=True)
def jointmeeting_roster_sources(register: Callable[[str, RosterSource], None]) -> None:
    register("charter", CharterRoster())


@hookimpl(trylast=True)
def jointmeeting_notifiers(register: Callable[[str, Notifier], None]) -> None:
    register("console", ConsoleNotifier())
    register("jsonl", JsonlNotifier())
