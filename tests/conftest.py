"""Shared fixtures. In CI (CI=true) a skipped test counts as a failure."""

from __future__ import annotations

import os

import pytest

from partnerplan.core.testing.factories import SmallFramework, small_framework

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# Known bugs, each found by the test named and not fixed yet. They run in every build and
# are expected to fail (strict: a fix makes the build fail until the line is removed).
KNOWN_BUGS = {
    "tests/test_audit.py::test_deleted_items_of_one_partnership_are_hidden_from_others": "deletions of organisations and people (no partnership) are listed to every manager",
    "tests/test_audit.py::test_changes_in_the_site_administration_are_audited_as_such": "an admin edit of a partnership is not yet recorded as the test expects",
    "tests/test_framework_pages.py::test_a_loop_is_refused_in_the_site_administration_too": "the admin form for reporting lines does not yet check for loops",
    "tests/test_permissions.py::test_matrix[GET history of a role as manager]": "the history page of a role grant is refused to the partnership's manager",
}


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if item.nodeid in KNOWN_BUGS:
            item.add_marker(pytest.mark.xfail(reason=KNOWN_BUGS[item.nodeid], strict=True))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every test must run: {report.longrepr}"


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
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in
