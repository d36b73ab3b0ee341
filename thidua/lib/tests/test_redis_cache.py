"""THIDUA_CACHE=redis://…: the application servers of several machines share one cache, so a
slow result (dashboard, suggestions: thidua.lib.stamped) is computed once for all of them.
Talks to the real Redis on 127.0.0.1:6379 (skipped, saying why, when none answers)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from thidua.lib import stamped
from thidua.org.models import Unit

REDIS = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _redis_answers(), reason="không có Redis ở 127.0.0.1:6379")


def _settings_caches(value: str) -> subprocess.CompletedProcess:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CACHES['default']))"
    )
    env = {**os.environ, "THIDUA_CACHE": value, "DJANGO_SETTINGS_MODULE": "thidua.settings"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_a_redis_address_selects_djangos_redis_cache():
    done = _settings_caches(REDIS)
    assert done.returncode == 0, done.stderr
    default = json.loads(done.stdout)
    assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert default["LOCATION"] == REDIS


def test_an_unknown_cache_is_refused_naming_the_choices():
    done = _settings_caches("memcached")
    assert done.returncode != 0
    assert "'local', 'file' hoặc địa chỉ Redis" in done.stderr


@needs_redis
@pytest.mark.django_db
def test_two_servers_share_a_stamped_result_through_redis():
    prefix = f"test-{uuid.uuid4().hex}"
    config = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    calls = []

    def compute():
        calls.append(1)
        return {"units": 3}

    with override_settings(CACHES={"default": {**config, "KEY_PREFIX": prefix}}):
        assert stamped.cached("shared", ("q",), [Unit], compute) == {"units": 3}
        key = stamped.stamped_key("shared", ("q",), [Unit])
    # Another machine: its own connection to the same Redis, nothing in its memory.
    other = RedisCache(REDIS, {"KEY_PREFIX": prefix})
    try:
        assert other.get(key) == {"units": 3}
        with override_settings(CACHES={"default": {**config, "KEY_PREFIX": prefix}}):
            assert stamped.cached("shared", ("q",), [Unit], compute) == {"units": 3}
        assert calls == [1]  # computed once, read back by the second server
    finally:
        other.delete(key)
