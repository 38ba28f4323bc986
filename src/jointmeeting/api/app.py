"""The HTTP service: an app factory, the state a request needs, and the JSON envelope.

The app is made by :func:`create_app`, never at import time: it holds one charter (checked when
the service starts, refused with its findings like the CLI refuses it) and one ledger, used from
one thread (see :class:`Service`).

Routes live in modules by subject (the charter, cases, the roster, the year, the office's
page) and call the library's functions, the same the CLI calls; authentication and the role
rules are in :mod:`jointmeeting.api.auth`.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request

from jointmeeting import __version__
from jointmeeting.charter.contacts import Contacts, default_contacts, load_contacts
from jointmeeting.charter.model import Charter
from jointmeeting.charter.parse import Limits
from jointmeeting.checks.rules import check
from jointmeeting.errors import CharterError, Severity
from jointmeeting.graph.responsibility import ResponsibilityGraph
from jointmeeting.host.assembly import load_charter
from jointmeeting.report.envelope import envelope
from jointmeeting.runtime.ledger import Ledger, default_path

T = TypeVar("T")


def load_checked(path: Path, limits: Limits = Limits()) -> Charter:
    """The charter with its roster, refused (CharterError) when it has errors, as the CLI
    refuses one: the routes follow references an unchecked charter may break."""
    charter = load_charter(path, limits=limits)
    errors = [d for d in check(charter) if d.severity is Severity.ERROR]
    if errors:
        raise CharterError(errors)
    return charter


class Service:
    """What the routes share: the charter (reloaded after a filing changes it), its graph, the
    contacts, and the ledger with the one thread that uses it.

    Why one thread: a :class:`Ledger` reads its file's header when it opens, and closing that
    read drops every POSIX lock this process holds on the file, those of SQLite's other
    connections included (SQLite's "how to corrupt" list, 2.2); another process may then take
    the ledger for its own and delete the WAL under them. One connection, opened once and used
    from one thread, never does that; SQLite lets one writer in at a time anyway.
    """

    def __init__(self, charter_path: Path, ledger_path: str | os.PathLike[str],
                 contacts_path: Path | None = None, limits: Limits = Limits()) -> None:
        self.charter_path = charter_path
        self.ledger_path = ledger_path
        self.limits = limits
        self._lock = threading.Lock()
        self.charter = load_checked(charter_path, limits)
        self.graph = ResponsibilityGraph.from_charter(self.charter)
        found = contacts_path or default_contacts(str(charter_path))
        self.contacts: Contacts | None = load_contacts(found) if found else None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger")
        try:
            self._ledger = self._worker.submit(Ledger, ledger_path).result()
        except BaseException:
            self._worker.shutdown()
            raise

    def reload(self) -> None:
        """Read the charter again (its roster changed by a filing)."""
        charter = load_checked(self.charter_path, self.limits)
        with self._lock:
            self.charter, self.graph = charter, ResponsibilityGraph.from_charter(charter)

    def run(self, work: Callable[[Ledger], T]) -> T:
        """``work(ledger)`` on the ledger's thread; its result or its exception."""
        return self._worker.submit(work, self._ledger).result()

    def close(self) -> None:
        self.run(lambda ledger: ledger.close())
        self._worker.shutdown()


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def wrap(kind: str, data: Any) -> dict[str, Any]:
    """A result in the envelope every JSON output of the library shares."""
    return envelope(kind, data)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_app(charter_path: str | os.PathLike[str], ledger_path: str | os.PathLike[str] | None
               = None, *, contacts_path: str | os.PathLike[str] | None = None,
               limits: Limits = Limits()) -> FastAPI:
    """The service for one charter and one ledger (default: beside the charter); ``limits``
    are those the charter is loaded with (folders its named files may stand in).

    Raises:
        CharterError: the charter does not load or has errors.
        LedgerError: the ledger cannot be opened.
    """
    from jointmeeting.api import cases, charter, office, problems, roster, year

    path = Path(charter_path)
    # A ledger is a file or a postgresql:// URL: passed on as given (a Path would mangle a URL).
    service = Service(path, ledger_path or default_path(path),
                      Path(contacts_path) if contacts_path else None, limits)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(title="jointmeeting", version=__version__, lifespan=lifespan,
                  description=f"The service of {service.charter.title} ({service.charter.id}). "
                              "Authenticate with `Authorization: Bearer TOKEN` "
                              "(jointmeeting token add).")
    app.state.service = service
    problems.install(app)

    @app.get("/ping", tags=["service"], summary="The service is up (no token needed).")
    def ping() -> dict[str, Any]:
        return wrap("ping", {"charter": service.charter.id})

    for module in (charter, cases, roster, year, office):
        app.include_router(module.router)
    return app
