"""The dispatcher the kill tests start and kill: one script, its clock, batch, send timeout and
pace given on its command line (build it with :func:`command`).

It loads the charter and contacts, opens the ledger, prints ``ready`` (what
:func:`tests.conftest.kill_at_random` waits for), then dispatches pass after pass until no step
is pending or its passes are spent, and exits 0 either way: the test reads the ledger and the
receiver for what was delivered.

Its clock is either fixed, ``--start`` plus ``--every`` minutes a pass (so failed and
unrecorded sends come due again without waiting), or the real one (``--start now``), which a
claim's expiry in real seconds needs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

#: The fixed clock's start when a test names none.
START = dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC)


def command(charter: str | Path, contacts: str | Path, ledger: str | Path, *, passes: int,
            batch: int, timeout: float, start: dt.datetime | None = START, every: float = 10,
            pause: float = 0.02) -> list[str]:
    """The command line that runs this script: ``start=None`` for the real clock; ``pause``
    seconds between passes, as ``jointmeeting dispatch`` makes one."""
    # -P: the tests folder is not put first on the child's path, to shadow nothing there.
    return [sys.executable, "-P", str(Path(__file__).resolve()), str(charter), str(contacts),
            str(ledger), "--passes", str(passes), "--batch", str(batch), "--timeout",
            str(timeout), "--start", start.isoformat() if start else "now", "--every",
            str(every), "--pause", str(pause)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("charter")
    parser.add_argument("contacts")
    parser.add_argument("ledger")
    parser.add_argument("--passes", type=int, required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--timeout", type=float, required=True)
    parser.add_argument("--start", required=True, help="an ISO time, or now for the real clock")
    parser.add_argument("--every", type=float, required=True, help="minutes a pass, fixed clock")
    parser.add_argument("--pause", type=float, required=True)
    args = parser.parse_args()

    import jointmeeting
    from jointmeeting.charter.contacts import load_contacts
    from jointmeeting.host.manager import plugin_host
    from jointmeeting.runtime.ledger import Ledger
    from jointmeeting.runtime.outbox import dispatch

    charter = jointmeeting.load_charter(args.charter)
    book = load_contacts(args.contacts)
    notifiers = plugin_host().notifiers()
    start = None if args.start == "now" else dt.datetime.fromisoformat(args.start)
    with Ledger(args.ledger) as ledger:
        print("ready", flush=True)
        for i in range(args.passes):
            now = dt.datetime.now(dt.UTC) if start is None \
                else start + dt.timedelta(minutes=args.every * i)
            dispatch(ledger, charter, notifiers, now=now, contacts=book, timeout=args.timeout,
                     batch=args.batch)
            if not ledger.db.execute("SELECT 1 FROM steps WHERE status = 'pending'").fetchone():
                break
            time.sleep(args.pause)


if __name__ == "__main__":
    main()
