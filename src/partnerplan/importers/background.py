"""Work that goes on after a request has answered: reading an uploaded document, which
for a long PDF takes longer than anyone should wait for a page.

A small pool of threads in the web process, so that partnerplan needs no queue or
worker to install. The work itself is bounded (the PDF reader's child process has page,
time and memory limits), and a reading that never finished, because its process was
stopped, is told apart by its age (`jobs.READING_GIVEN_UP_AFTER`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="partnerplan-import")
_running: dict[int, Future[None]] = {}


def submit(key: int, work: Callable[[], None]) -> Future[None]:
    """Run `work` in the background; `key` names it for `wait`."""

    def run() -> None:
        close_old_connections()
        try:
            work()
        except Exception:
            logger.exception("Background work %s failed", key)
            raise
        finally:
            # The thread's own database connection; the pool's threads outlive requests.
            connections.close_all()

    future = _pool.submit(run)
    _running[key] = future
    future.add_done_callback(lambda _: _running.pop(key, None))
    return future


def wait(key: int, timeout: float) -> None:
    """Block until the work named `key` has finished (at once if it has)."""
    future = _running.get(key)
    if future is not None:
        future.result(timeout=timeout)
