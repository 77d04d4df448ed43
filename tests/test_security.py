"""Passwords, sign-in throttling, cookies, deployment checks and the health check."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from partnerplan.accounts import services as account_services
from partnerplan.accounts.models import User
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.core.testing.factories import PASSWORD, SmallFramework, make_user

pytestmark = pytest.mark.django_db

LOCKED_OUT = "Too many attempts to sign in"


def sign_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post("/sign-in/", {"username": username, "password": password}, **extra)


def signed_in_user(client: Client) -> str | None:
    response = client.get("/framework/")
    if response.status_code != 200:
        return None
    return response.wsgi_request.user.get_username()


# --- passwords --------------------------------------------------------------------------


def test_passwords_are_stored_with_argon2(db: None) -> None:
    user = account_services.create_manager(
        username="newmanager",
        password="a sufficiently long password",
        partnerships=[],
        administrator=False,
        actor=Actor.system(AuditSource.CLI),
    )
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert "a sufficiently long password" not in stored


def test_an_older_hash_is_upgraded_to_argon2_on_sign_in(client: Client, db: None) -> None:
    user = make_user("oldtimer")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert sign_in(client, "oldtimer", PASSWORD).status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")


# --- signing in, and the throttle ---------------------------------------------------------


def test_signing_in_with_the_right_password_works(
    framework: SmallFramework, client: Client
) -> None:
    response = sign_in(client, "manager", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/framework/"
    assert signed_in_user(client) == "manager"


def test_a_wrong_password_is_refused_with_a_message(
    framework: SmallFramework, client: Client
) -> None:
    response = sign_in(client, "manager", "not the password")
    assert response.status_code in (200, 400)
    assert "Enter a correct username and password" in response.content.decode()
    assert signed_in_user(client) is None


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    framework: SmallFramework, client: Client
) -> None:
    for attempt in range(4):
        response = sign_in(client, "manager", f"wrong guess {attempt}")
        assert response.status_code in (200, 400)
        assert LOCKED_OUT not in response.content.decode()
    sign_in(client, "manager", "wrong guess 5")

    response = sign_in(client, "manager", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_OUT in html
    assert "govuk-template" in html  # the service's own page
    assert signed_in_user(client) is None


def test_four_wrong_passwords_do_not_lock(framework: SmallFramework, client: Client) -> None:
    for attempt in range(4):
        sign_in(client, "manager", f"wrong guess {attempt}")
    assert sign_in(client, "manager", PASSWORD).status_code == 302
    # A success clears the count: four more mistakes still do not lock.
    client.logout()
    for attempt in range(4):
        sign_in(client, "manager", f"again wrong {attempt}")
    assert sign_in(client, "manager", PASSWORD).status_code == 302


def test_the_lock_holds_one_username_from_one_address(
    framework: SmallFramework, client: Client
) -> None:
    for attempt in range(5):
        sign_in(client, "manager", f"wrong guess {attempt}")
    assert sign_in(client, "manager", PASSWORD).status_code == 429
    # Someone else at the same address is not locked out...
    assert sign_in(Client(), "viewer", PASSWORD).status_code == 302
    # ...nor is the same person signing in from elsewhere.
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert sign_in(elsewhere, "manager", PASSWORD).status_code == 302


def test_an_inactive_account_cannot_sign_in(framework: SmallFramework, client: Client) -> None:
    User.objects.filter(username="editor").update(is_active=False)
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code != 302
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    "next_address",
    ["https://attacker.invalid/", "//attacker.invalid/path", "/\\attacker.invalid"],
)
def test_signing_in_never_sends_the_user_to_another_site(
    framework: SmallFramework, client: Client, next_address: str
) -> None:
    response = client.post(
        "/sign-in/", {"username": "viewer", "password": PASSWORD, "next": next_address}
    )
    assert response.status_code == 302
    assert response["Location"] == "/framework/"


def test_signing_in_returns_to_the_page_asked_for(
    framework: SmallFramework, client: Client
) -> None:
    page = f"/partnerships/{framework.board.pk}/"
    response = client.get(page)
    assert response["Location"] == f"/sign-in/?next={page}"
    response = client.post("/sign-in/", {"username": "viewer", "password": PASSWORD, "next": page})
    assert response["Location"] == page


def test_signing_out_ends_the_session(framework: SmallFramework, client: Client) -> None:
    sign_in(client, "viewer", PASSWORD)
    assert signed_in_user(client) == "viewer"
    response = client.post("/sign-out/")
    assert response.status_code in (200, 302)
    assert signed_in_user(client) is None


def test_signing_in_gives_a_new_session_key(framework: SmallFramework, client: Client) -> None:
    client.get("/sign-in/")
    client.session.save()
    before = client.session.session_key
    sign_in(client, "viewer", PASSWORD)
    assert client.session.session_key != before


# --- cookies ---------------------------------------------------------------------------------


def cookies_after_signing_in(client: Client, **extra: Any) -> dict[str, Any]:
    """Every cookie the browser is sent from the sign-in page to the first page after it,
    keyed by where it was set: each of those responses may set one."""
    cookies: dict[str, Any] = {}
    for step, response in (
        ("sign-in page", client.get("/sign-in/", **extra)),
        ("signing in", sign_in(client, "viewer", PASSWORD, **extra)),
        ("first page", client.get("/framework/", **extra)),
    ):
        assert response.status_code in (200, 302), step
        for name, morsel in response.cookies.items():
            cookies[f"{name} from the {step}"] = morsel
    assert {key.split()[0] for key in cookies} == {"csrftoken", "sessionid"}
    return cookies


def test_cookies_are_http_only(framework: SmallFramework, client: Client) -> None:
    for name, morsel in cookies_after_signing_in(client).items():
        assert morsel["httponly"], name
        assert morsel["samesite"].lower() in ("lax", "strict"), name


def test_cookies_are_secure_over_https(framework: SmallFramework, client: Client) -> None:
    for name, morsel in cookies_after_signing_in(client, secure=True).items():
        assert morsel["secure"], name


def test_cookies_are_not_secure_over_plain_http_on_one_machine(
    framework: SmallFramework, client: Client
) -> None:
    """`make run` serves http://127.0.0.1: a Secure cookie would never come back."""
    for name, morsel in cookies_after_signing_in(client).items():
        assert not morsel["secure"], name


def test_cookies_stay_secure_in_production_even_on_a_plain_request(
    framework: SmallFramework, client: Client, settings: Any
) -> None:
    settings.HTTPS = True
    for name, morsel in cookies_after_signing_in(client).items():
        assert morsel["secure"], name


def test_a_forwarded_protocol_header_counts_only_behind_a_proxy(
    framework: SmallFramework, settings: Any
) -> None:
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https"}
    # Not behind a proxy: anyone could send the header, so it proves nothing.
    for name, morsel in cookies_after_signing_in(Client(), **forwarded).items():
        assert not morsel["secure"], name
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for name, morsel in cookies_after_signing_in(Client(), **forwarded).items():
        assert morsel["secure"], name


def test_pages_carry_the_protective_headers(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(framework.users["viewer"]).get("/framework/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# --- deployment check -------------------------------------------------------------------------


def partnerplan_command() -> list[str]:
    script = Path(sys.executable).with_name("partnerplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "partnerplan.cli"]


def run_deploy_check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PARTNERPLAN_BEHIND_PROXY"}
    }
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PARTNERPLAN_HTTPS": "true",
        "ALLOWED_HOSTS": "example.org",
        "PARTNERPLAN_VAR": str(tmp_path),
        **overrides,
    }
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*partnerplan_command(), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = run_deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_does_fail_on_a_real_problem(tmp_path: Path) -> None:
    """The control for the test above: the same check catches DEBUG left on."""
    result = run_deploy_check(tmp_path, DEBUG="true")
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


# --- the health check ------------------------------------------------------------------------


def test_health_answers_json_with_the_database_ok(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


HEALTH_WITHOUT_DATABASE = """
import json
import re
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def test_health_answers_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    """A real process whose database address has nothing listening (port 1 on this machine)."""
    env = {key: value for key, value in os.environ.items() if key != "PARTNERPLAN_BEHIND_PROXY"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "partnerplan.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nowhere",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "PARTNERPLAN_VAR": str(tmp_path),
        "PARTNERPLAN_PLAIN_STATIC": "true",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", HEALTH_WITHOUT_DATABASE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "body": {"status": "unavailable", "database": "unreachable"}}


# --- CSRF ------------------------------------------------------------------------------------


def test_every_form_on_a_page_carries_one_token_masked_afresh_per_response(
    framework: SmallFramework,
) -> None:
    from partnerplan.core.models import AuditEvent
    from partnerplan.partnerships import services as partnership_services
    from partnerplan.partnerships.models import Membership

    manager = framework.users["manager"]
    for membership in Membership.objects.order_by("pk")[:2]:
        partnership_services.membership_remove(membership=membership, actor=Actor(user=manager))
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)

    def tokens() -> list[str]:
        page = client.get("/deleted/").content.decode()
        return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)

    first, second = tokens(), tokens()
    assert len(first) == 3  # two restore buttons and signing out
    assert len(set(first)) == 1 and len(set(second)) == 1
    assert first[0] != second[0]
    deletion = AuditEvent.objects.restorable().order_by("pk").first()
    assert client.post(f"/deleted/{deletion.pk}/restore/").status_code == 403
    restored = client.post(f"/deleted/{deletion.pk}/restore/", {"csrfmiddlewaretoken": first[0]})
    assert restored.status_code == 302
