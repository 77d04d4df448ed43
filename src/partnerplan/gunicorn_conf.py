"""Settings for the gunicorn workers `partnerplan serve` starts."""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Tune the garbage collector once the application is loaded.

    A page allocates tens of thousands of short-lived objects. With Python's default
    thresholds, collections run dozens of times a request, and now and then a full one
    walks every object of the loaded application: the slowest one request in twenty took
    up to half as long again as the typical one. The objects loaded so far live as long
    as the worker, so they are frozen out of the collector's sight, and the young
    generation may grow to 5,000 objects before it is collected. Measured with the bench's
    pages in turn: a much larger young generation (50,000) made the whole-plan page's
    slowest requests slower still, as each collection then had more to walk.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(5_000, 10, 10)
