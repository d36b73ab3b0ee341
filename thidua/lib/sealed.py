"""Python objects the service keeps on disk between two of its own processes (a background
job and a later request): pickled, sealed with an HMAC keyed by SECRET_KEY, written 0o600
and replaced atomically.

Unpickling runs code, so a file is never loaded unless its seal is the one this service
made: a file swapped or edited on disk (or one written under another SECRET_KEY) is refused
with Unsealed, never unpickled."""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils.crypto import constant_time_compare, salted_hmac

from thidua.lib.files import write_private

__all__ = ["Unsealed", "dump", "load"]

_SALT = "thidua.lib.sealed"
_MAC_BYTES = 32  # SHA-256


class Unsealed(Exception):
    """The file is missing, unreadable, or not sealed by this service."""


def _seal(data: bytes) -> bytes:
    return salted_hmac(_SALT, data, algorithm="sha256").digest()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pickling 100,000 records makes as many objects, which the cyclic collector would scan
    again and again for nothing (measured: loading them 5 s with it, about 1 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def dump(obj: Any, path: str | os.PathLike) -> None:
    path = Path(path)
    with _collector_paused():
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    partial = path.with_name(f".{path.name}.part")
    with write_private(partial) as out:
        out.write(_seal(data))
        out.write(data)
    os.replace(partial, path)  # a reader sees the old file or the new one, never half of one


def load(path: str | os.PathLike) -> Any:
    try:
        blob = Path(path).read_bytes()
    except OSError as exc:
        raise Unsealed(str(path)) from exc
    mac, data = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
    if len(mac) < _MAC_BYTES or not constant_time_compare(mac, _seal(data)):
        raise Unsealed(str(path))
    with _collector_paused():
        return pickle.loads(data)  # sealed by this service: checked above
