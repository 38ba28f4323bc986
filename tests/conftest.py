from __future__ import annotations

import os
import random
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import jointmeeting

ROOT = Path(__file__).resolve().parent.parent
# The repository's county example extends the shared template in charters/templates, and tests
# point copies of Hulin's charter at its notice in charters/sources: both outside the charter's
# own folder, so the suite allows charters/, as a county's CI would with --allow-outside.
os.environ.setdefault("JOINTMEETING_ALLOW_OUTSIDE", str(ROOT / "charters"))
HULIN = ROOT / "charters" / "huilin.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"
#: Every charter file in the repository (year records and scenarios live elsewhere).
CHARTERS = sorted([*ROOT.glob("charters/*.yaml"), *ROOT.glob("examples/*.yaml"),
                   *ROOT.glob("examples/charters/*.yaml")])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden .expected files with what the code prints now "
                     "(then read the diff before committing it)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


#: The PostgreSQL server the ledger tests also run on (.ci/run sets it: .ci/postgres.sh url).
POSTGRES_ENV = "JOINTMEETING_TEST_POSTGRES"


def postgres_server() -> str:
    """The test server's URL, or skip the test saying why."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"${POSTGRES_ENV} is not set: no PostgreSQL server for the ledger "
                    "(start one with .ci/postgres.sh start and export its url)")
    return url


def in_schema(url: str, schema: str) -> str:
    """The URL with ``search_path`` set to ``schema``: a ledger of its own on one server."""
    joiner = "&" if urlsplit(url).query else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A fresh, empty schema on the test server (dropped afterwards), as a ledger URL.
    Cheaper than a database per test, and as separate."""
    import psycopg

    server = postgres_server()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield in_schema(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh ledger: an SQLite file, then a PostgreSQL schema (skipped, saying why, when
    no server is given locally; CI always gives one)."""
    if request.param == "sqlite":
        return str(tmp_path / "l.sqlite3")
    url: str = request.getfixturevalue("postgres_schema")
    return url


@pytest.fixture(scope="session")
def hulin() -> jointmeeting.Charter:
    return jointmeeting.load_charter(HULIN)


@pytest.fixture(scope="session")
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def kill_at_random(command: list[str], rng: random.Random, within: float = 0.25) -> None:
    """Start a child that prints "ready" once it is set up, then SIGKILL it at a random moment
    of its work. Timing from "ready" rather than from the start keeps the kills inside the work
    however slow the machine's start-up is."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    assert child.stdout is not None
    child.stdout.readline()  # "ready", or "" if it died first
    time.sleep(rng.uniform(0, within))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
