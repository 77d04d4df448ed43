"""Sign-in throttling behind a proxy counts the client's address, not the proxy's."""

from django.test import RequestFactory

from partnerplan.accounts.views import client_ip_behind_proxy


def test_the_address_the_proxy_appended_is_used() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    # A client can forge the first entries; the proxy's own entry is the last one.
    assert client_ip_behind_proxy(request) == "198.51.100.7"


def test_without_the_header_the_connection_address_is_used() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    assert client_ip_behind_proxy(request) == "192.0.2.1"
