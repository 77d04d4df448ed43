"""Reads written in SQL, for the few pages where Django building a query costs more than
the database running it (measured at county scale: see docs/benchmarks.md and decision
8). Everything else goes through the ORM. The SQL is fixed text that reads the same on
SQLite and PostgreSQL; values are always passed as parameters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


def read_rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Every row `sql` finds, as tuples."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(count: int) -> str:
    """Parameter markers for a list of `count` values: `%s, %s, …`."""
    return ", ".join(["%s"] * count)


def among(column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
    """A condition that `column` is one of `ids`, and its parameters. PostgreSQL is given
    the ids as one array, which it reads and plans faster than hundreds of separate
    parameters (measured with a plan's 300 actions: about a millisecond a query);
    SQLite has no arrays and takes a list of parameters."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({placeholders(len(ids))})", list(ids)
