"""Addresses of pages, worked out once: a list page links to the same few routes hundreds
of times, and Django's reverse() costs tens of microseconds a call."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, reverse


def link_to(name: str, *args: object) -> str:
    """reverse(name, args=args), remembered for the process's script prefix."""
    return _link(get_script_prefix(), name, args)


@lru_cache(maxsize=100_000)
def _link(prefix: str, name: str, args: tuple[object, ...]) -> str:
    # The prefix is part of the key so that a site served under a sub-path gets its own.
    return reverse(name, args=args or None)
