"""A notifier plugin: deliver case steps to a system of your own (here, a list in memory).

Any object with ``send(message, channel)`` is a notifier; register it under the name a contacts
file's ``via`` uses. Deliveries are at least once: use ``message.key`` to drop repeats.
Run: python examples/notifier_plugin.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import jointmeeting
from jointmeeting.plugin import Channel, Message, Notifier, hookimpl, plugin_host

# The host program's side (the ledger and the dispatcher), not the plugin's:
from jointmeeting.runtime.ledger import Ledger
from jointmeeting.runtime.outbox import dispatch, open_incident


class OfficeInbox:
    """Keeps each message once, by its idempotency key."""

    def __init__(self) -> None:
        self.messages: dict[str, Message] = {}

    def send(self, message: Message, channel: Channel) -> None:
        self.messages.setdefault(message.key, message)


INBOX = OfficeInbox()


class InboxPlugin:
    @hookimpl
    def jointmeeting_notifiers(self, register: Callable[[str, Notifier], None]) -> None:
        register("inbox", INBOX)


def main() -> None:
    charter = jointmeeting.load_charter("charters/huilin.yaml")
    contacts = jointmeeting.Contacts.model_validate({"format": 1, "recipients": {
        "police": [{"via": "inbox"}], "office": [{"via": "inbox"}]}})
    known = dt.datetime(2025, 6, 3, 8, 15, tzinfo=charter.zone)
    notifiers = plugin_host(extra=(InboxPlugin(),)).notifiers()
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "l.sqlite3") as ledger:
        made = jointmeeting.plan(
            charter, jointmeeting.Report("mandatory-report", "schools", known, minor=True),
            contacts)
        open_incident(ledger, charter, made, now=known)
        done = dispatch(ledger, charter, notifiers, now=known, contacts=contacts)
    print(f"sent {done.sent}")
    # Sends run side by side, so they arrive in no fixed order.
    for subject in sorted(m.subject for m in INBOX.messages.values()):
        print(subject)


if __name__ == "__main__":
    main()
