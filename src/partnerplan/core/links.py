"""Addresses of pages, worked out once: a list page links to the same few routes hundreds
of times, and Django's reverse() costs tens of microseconds a call."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse


def link_to(name: str, *args: object) -> str:
    """reverse(name, args=args), remembered for the process's script prefix."""
    return _link(get_script_prefix(), name, args)


@lru_cache(maxsize=100_000)
def _link(prefix: str, name: str, args: tuple[object, ...]) -> str:
    # The prefix is part of the key so that a site served under a sub-path gets its own.
    return reverse(name, args=args or None)


# An id no row has, standing in for the real one while the address is reversed once.
_STAND_IN = 9_876_543_210_123


def link_maker(name: str) -> Callable[[object], str]:
    """The address of `name` for any one id, for long lists: reversed once for the list,
    then each row's id is put in its place (even link_to's lookup adds up over a thousand
    links)."""
    head, _, tail = link_to(name, _STAND_IN).partition(str(_STAND_IN))
    return lambda pk: f"{head}{pk}{tail}"


def absolute_url(path: str) -> str:
    """`path` on this site, for links followed from away from it: e-mails, calendars."""
    return settings.SITE_URL + path
