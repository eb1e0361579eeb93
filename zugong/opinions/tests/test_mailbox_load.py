"""A bounded loopback load test of the mailbox: 8 clients each send 25 letters at once to a live server over HTTP
(PostgreSQL; captcha in test mode, rate limits raised). No error, no lost or duplicated letter: every 201 carries
a distinct receipt code and every code finds its letter."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from zugong.opinions import mailbox
from zugong.opinions.models import MailboxCase

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers are load-tested on PostgreSQL"),
]

CLIENTS, EACH = 8, 25


def _post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def test_concurrent_letters_are_all_taken_once(live_server: Any, settings: Any, tree: Any) -> None:
    from zugong.opinions.categories import ensure_categories

    ensure_categories()
    cache.clear()
    settings.CAPTCHA_TEST_MODE = True
    settings.MAILBOX_RATE = (10_000, 60)
    settings.MAILBOX_RATE_ALL = (10_000, 60)
    url = f"{live_server.url}/api/v1/mailbox/"
    units = [tree.county_a1.pk, tree.county_a2.pk, tree.county_b1.pk, tree.city_a.pk]
    results: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(n: int) -> None:
        barrier.wait()
        for i in range(EACH):
            key = _post_key(live_server.url)
            out = _post(url, {"org_unit": units[(n + i) % len(units)], "category": "work_style", "content": f"第{n}号客户端第{i}封信",
                              "captcha_key": key, "captcha": "PASS"})
            with lock:
                results.append(out)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    statuses = [s for s, _ in results]
    assert statuses == [201] * (CLIENTS * EACH), {s: statuses.count(s) for s in set(statuses)}
    codes = [body["receipt_code"] for _, body in results]
    assert len(set(codes)) == CLIENTS * EACH
    assert MailboxCase.objects.count() == CLIENTS * EACH
    for code in codes[:: max(1, len(codes) // 20)]:
        assert mailbox.look_up(code) is not None
    print(f"\nmailbox load: {CLIENTS * EACH} letters from {CLIENTS} clients in {elapsed:.2f}s ({CLIENTS * EACH / elapsed:.0f}/s)")


def _post_key(base: str) -> str:
    with urllib.request.urlopen(f"{base}/api/v1/mailbox/", timeout=30) as r:
        return str(json.loads(r.read())["captcha"]["key"])
