"""Shared fixtures. In CI (CI=true) a skipped test counts as a failure."""

from __future__ import annotations

import os

import pytest

from partnerplan.core.testing.factories import SmallFramework, small_framework

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every test must run: {report.longrepr}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(  # type: ignore[no-untyped-def]
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
) -> None:
    """SQLite's test database in a file, as in production, not Django's shared in-memory
    one: there, a thread reading a table makes another thread's write to it fail at once
    ("database table is locked") instead of waiting, which background imports and the
    browser tests' server would trip over."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "partnerplan.sqlite3"
        )


@pytest.fixture(autouse=True)
def _plain_static_files(settings) -> None:  # type: ignore[no-untyped-def]
    # Tests serve static files from the source tree; production uses hashed names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def framework(db) -> SmallFramework:  # type: ignore[no-untyped-def]
    return small_framework()


@pytest.fixture
def client_for(client):  # type: ignore[no-untyped-def]
    """A test client signed in as the given user (or anonymous for None)."""

    def sign_in(user):  # type: ignore[no-untyped-def]
        client.logout()
        if user is not None:
            client.force_login(user, backend="partnerplan.accounts.backends.UserBackend")
        return client

    return sign_in
