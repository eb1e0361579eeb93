"""Parallel submissions for the race tests on PostgreSQL: ``n`` threads released at once by a barrier, each on its own
connection. The server's ``max_connections`` is shared with whatever else runs on the machine, so ``n`` is capped at
the slots free when the race starts (with a margin), and the test says how many really ran."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

from zugong.core.errors import ConflictError

MARGIN = 8  # slots left for the server's other clients while the race runs


def free_connection_slots() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('max_connections')::int - (SELECT count(*) FROM pg_stat_activity"
                    " WHERE backend_type = 'client backend')")
        (free,) = cur.fetchone()
    return int(free)


def race(n: int, work: Callable[[], Any], *, at_least: int = 20) -> list[str]:
    """Run ``work`` in up to ``n`` threads at once; each outcome is "ok", "used" (ConflictError) or "error: …"."""
    n = min(n, free_connection_slots() + 1 - MARGIN)  # +1: this test's own connection is closed before the race
    assert n >= at_least, f"only {n} PostgreSQL connections free for the race"
    barrier = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            try:
                work()
                result = "ok"
            except ConflictError:
                result = "used"
        except Exception as exc:
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(n)]
    connection.close()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes
