"""Results too slow to compute on every request, cached under a stamp of the record.

Every write path (pages, API, imports, bulk writes: thidua.lib.bulk) adds a history row, so
the newest history id of each table read changes with any change that could move a result:
a key made of the question and that stamp never serves a stale result, and the clock only
frees memory. Used by the home page's dashboard (thidua.reports.dashboard) and the
suggestions page (thidua.eligibility.suggestions). The cache is Django's configured one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Model

T = TypeVar("T")

CACHE_SECONDS = 24 * 3600  # only to free memory: the stamp, not the clock, says what is stale


def stamp(models: Sequence[type[Model]]) -> tuple:
    """The newest history row of each model, one indexed MAX a model. History ids are never
    reused (AUTOINCREMENT in SQLite, sequences in PostgreSQL)."""
    return tuple(
        m.history.model.objects.order_by("-history_id").values_list("history_id", flat=True).first()
        for m in models
    )


def stamped_key(namespace: str, key: tuple, models: Sequence[type[Model]]) -> str:
    """The cache key of `key` as the record stands now (a short digest: any key length)."""
    digest = hashlib.sha256(repr((*key, stamp(models))).encode()).hexdigest()
    return f"{namespace}:{digest}"


def cached(
    namespace: str,
    key: tuple,
    models: Sequence[type[Model]],
    compute: Callable[[], T],
    timeout: int = CACHE_SECONDS,
) -> T:
    """compute(), or its result of an earlier call when none of `models` changed since."""
    full = stamped_key(namespace, key, models)
    found: Any = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, timeout=timeout)
    return found
