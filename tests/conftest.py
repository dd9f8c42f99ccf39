"""Shared fixtures: the fixture outlet on loopback, config files, SQLite and PostgreSQL databases."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import OutletServer, SmtpSink, start_outlet
from tests.postgres import create_database, postgres_server

_database_names = itertools.count()


@pytest.fixture
def outlet(tmp_path: Path) -> Iterator[OutletServer]:
    """An empty fixture outlet (publish articles with `outlet.publish` or `outlet.copy_fixture`)."""
    server = start_outlet(tmp_path / "outlet")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return create_database(postgres_admin_url, f"newsmon_test_{next(_database_names)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsmon.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes it runs twice: on a SQLite file and on a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsmon.db'}"
    return create_database(
        request.getfixturevalue("postgres_admin_url"), f"newsmon_test_{next(_database_names)}"
    )


@pytest.fixture
def smtp_server() -> Iterator[SmtpSink]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps the messages it accepts."""
    server = SmtpSink().start()
    yield server
    server.stop()
