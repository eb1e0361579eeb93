"""Fixed-window rate limits on the cache (Redis with REDIS_URL, local memory otherwise), for public endpoints:
the mailbox and its status look-up (SECURITY.md R50; nginx `limit_req` is the first layer, see docs/deploy.md).

Keys are keyed hashes of the client address, so the cache never holds an IP address; a window's counter
expires with the window."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

from zugong.core.netaddr import client_ip


def _digest(value: str) -> str:
    return hashlib.blake2b(value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16).hexdigest()


def count(scope: str, key: str, window: int) -> int:
    """Count one event of `key` in the current `window` seconds of `scope`; return the count so far."""
    bucket = int(time.time() // window)
    ck = f"rl:{scope}:{_digest(key)}:{bucket}"
    cache.add(ck, 0, timeout=window + 5)
    try:
        return int(cache.incr(ck))
    except ValueError:  # expired between add and incr
        cache.set(ck, 1, timeout=window + 5)
        return 1


def peek(scope: str, key: str, window: int) -> int:
    bucket = int(time.time() // window)
    return int(cache.get(f"rl:{scope}:{_digest(key)}:{bucket}") or 0)


def over(request: Any, scope: str, *, per_ip: tuple[int, int], overall: tuple[int, int] | None = None) -> bool:
    """Count this request against a per-address limit (requests, seconds) and an optional limit over all
    addresses; True when either is exceeded (answer 429)."""
    ip = client_ip(request) or "unknown"
    limit, window = per_ip
    hit = count(scope, ip, window) > limit
    if overall is not None:
        total, total_window = overall
        hit = count(f"{scope}:all", "*", total_window) > total or hit
    return hit
