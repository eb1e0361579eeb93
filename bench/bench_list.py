"""Benchmark 3: the roster list page with 40,000 rows against the same page with 1,000 rows.

`GET /people/cadres/` through django.test.Client logged in (force_login) as demo-province (业务管理员 on the
root unit: the whole province). Three pages: page 1 in the default order, page 2 sorted by birth date, and
the pinyin search `?q=zs`. For each: the number of queries (CaptureQueriesContext), the median of 20
timed requests after 3 warm-up requests, and the COUNT(*) behind the paginator timed on its own.

Target: the same query count at both sizes and a time ratio (40k / 1k) close to 1, read here as <= 1.5.
"""

from __future__ import annotations

import re
import time
from typing import Any

import common

SIZES = (1_000, 40_000)
REQUESTS = 20
WARMUP = 3
TARGET = 1.5
URL = "/people/cadres/"
PAGES = [
    ("page1", "page 1, default order", {}),
    ("page2_birth", "page 2, sorted by birth date", {"page": "2", "sort": "birth_date"}),
    ("search_zs", "pinyin search ?q=zs", {"q": "zs"}),
]


def client_for(user: Any) -> Any:
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def get(client: Any, params: dict[str, str]) -> Any:
    response = client.get(URL, params)
    assert response.status_code == 200, response.status_code
    return response


def shown_total(response: Any) -> int:
    m = re.search(r"data-total>([\d,]+)<", response.content.decode())
    return int(m.group(1).replace(",", "")) if m else -1


def time_sql(sql: str, repeats: int = REQUESTS) -> float:
    """Median time of one captured statement run again on its own (cursor, fetchall)."""
    from django.db import connection

    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql)
            cur.fetchall()
        times.append(time.perf_counter() - t)
    return common.median(times)


def explain(sql: str) -> list[str]:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cur:
        cur.execute(prefix + sql)
        return [" ".join(str(c) for c in row) for row in cur.fetchall()]


def page_sqls(queries: list[dict[str, str]]) -> tuple[str, str]:
    """(the paginator's COUNT, the page's SELECT) among a request's captured queries."""
    count = next(q["sql"] for q in queries if 'FROM "people_cadre"' in q["sql"] and "COUNT(*)" in q["sql"])
    page = next(q["sql"] for q in queries if q["sql"].startswith('SELECT "people_cadre"."id"'))
    return count, page


def measure(user: Any, n: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user)
    out: dict[str, Any] = {}
    for key, _label, params in PAGES:
        for _ in range(WARMUP):
            response = get(client, params)
        with CaptureQueriesContext(connection) as ctx:
            response = get(client, params)
        queries = list(ctx.captured_queries)
        count_sql, page_sql = page_sqls(queries)
        times = []
        for _ in range(REQUESTS):
            t = time.perf_counter()
            get(client, params)
            times.append(time.perf_counter() - t)
        out[key] = {
            "rows_in_roster": n,
            "rows_matched": shown_total(response),
            "queries": len(queries),
            "request_ms": common.ms(times),
            "median_ms": round(common.median(times) * 1000, 2),
            "count_query_ms": round(time_sql(count_sql) * 1000, 2),
            "page_query_ms": round(time_sql(page_sql) * 1000, 2),
            "count_sql": count_sql,
            "page_sql": page_sql,
        }
        common.log(f"{n:,} rows, {key}: {len(queries)} queries, median {out[key]['median_ms']} ms "
                   f"(COUNT {out[key]['count_query_ms']} ms, page SELECT {out[key]['page_query_ms']} ms)")
    return out


def profile_requests(user: Any, params: dict[str, str]) -> dict[str, Any]:
    client = client_for(user)
    return common.profile_summary(lambda: [get(client, params) for _ in range(REQUESTS)])


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = common.setup(args.db)
    try:
        common.write_result(args, env, run(args))
    finally:
        env.close()


def shrink_to(n: int) -> None:
    """Delete the cadres added after the first `n` (raw DELETE: they have no movements), fresh statistics."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT id FROM people_cadre ORDER BY id LIMIT 1 OFFSET %s", [n - 1])
        last = cur.fetchone()[0]
        cur.execute("DELETE FROM people_cadre WHERE id > %s", [last])
        cur.execute("SELECT COUNT(*) FROM people_cadre")
        assert cur.fetchone()[0] == n
        cur.execute("VACUUM ANALYZE people_cadre" if connection.vendor == "postgresql" else "ANALYZE")


def combine(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The small roster measured before and after the large one: one figure from both sets of requests."""
    out: dict[str, Any] = {}
    for key, a in before.items():
        b = after[key]
        times = a["request_ms"] + b["request_ms"]
        out[key] = {
            **a,
            "queries": a["queries"] if a["queries"] == b["queries"] else f"{a['queries']}/{b['queries']}",
            "request_ms": times,
            "request_ms_before": a["request_ms"],
            "request_ms_after": b["request_ms"],
            "median_ms": round(common.median(times), 2),
            "median_ms_before_after": [a["median_ms"], b["median_ms"]],
            "count_query_ms": round((a["count_query_ms"] + b["count_query_ms"]) / 2, 2),
            "page_query_ms": round((a["page_query_ms"] + b["page_query_ms"]) / 2, 2),
        }
    return out


def run(args: Any) -> dict[str, Any]:
    user = common.province_user()
    small_n, big_n = SIZES
    common.add_cadres(small_n)
    common.log(f"{small_n:,} cadres in the roster")
    before = measure(user, small_n)
    t = time.perf_counter()
    common.add_cadres(big_n - small_n, start=small_n)
    common.log(f"{big_n:,} cadres in the roster ({time.perf_counter() - t:.1f}s)")
    large = measure(user, big_n)
    # Profiles and query plans are taken now, at 40,000 rows, for the pages that already miss the target against
    # the first 1,000-row measurement (auto), or for all of them (always).
    missing = [k for k in large if large[k]["queries"] != before[k]["queries"]
               or large[k]["median_ms"] / before[k]["median_ms"] > TARGET]
    keys = [k for k, _, _ in PAGES] if args.profile == "always" else missing if args.profile == "auto" else []
    explained, profiled = {}, {}
    for key in keys:
        params = next(p for k, _, p in PAGES if k == key)
        common.log(f"profiling {key} at {big_n:,} rows (cProfile, {REQUESTS} requests)")
        profiled[key] = profile_requests(user, params)
        explained[key] = {"count": explain(large[key]["count_sql"]), "page": explain(large[key]["page_sql"])}
    shrink_to(small_n)
    common.log(f"back to {small_n:,} cadres")
    after = measure(user, small_n)
    per_size = {small_n: combine(before, after), big_n: large}

    small, big = per_size[SIZES[0]], per_size[SIZES[-1]]
    targets = []
    for key, label, _params in PAGES:
        a, b = small[key], big[key]
        ratio = b["median_ms"] / a["median_ms"]
        passed = a["queries"] == b["queries"] and ratio <= TARGET
        ratio_min = min(b["request_ms"]) / min(a["request_ms"])
        targets.append({
            "name": f"{label}: {SIZES[-1]:,} vs {SIZES[0]:,} rows",
            "value_ms": b["median_ms"], "floor_ms": a["median_ms"], "ratio": round(ratio, 2),
            "ratio_of_fastest": round(ratio_min, 2),
            "queries": [a["queries"], b["queries"]],
            "count_query_ms": [a["count_query_ms"], b["count_query_ms"]],
            "page_query_ms": [a["page_query_ms"], b["page_query_ms"]],
            "rows_matched": [a["rows_matched"], b["rows_matched"]],
            "target": f"same query count, ratio <= {TARGET:g}", "pass": passed,
        })
    result: dict[str, Any] = {
        "benchmark": "list",
        "title": f"Roster list page, {SIZES[-1]:,} vs {SIZES[0]:,} rows",
        "raw": {str(n): r for n, r in per_size.items()},
        "targets": targets,
        "notes": [
            f"Each figure is the median of {REQUESTS} requests after {WARMUP} warm-up requests, whole request through "
            "django.test.Client (middleware, session save, template rendering). The 1,000-row roster is measured before "
            "and after the 40,000-row one (the 39,000 added rows deleted again), and its figure is the median of both "
            f"sets ({2 * REQUESTS} requests), so a change in the machine's load during the run hits both sides.",
            "'ratio of fastest' compares the fastest request at each size: less sensitive to other work on the machine.",
            "The COUNT(*) and page SELECT columns are the same captured statements run again on their own (median of "
            f"{REQUESTS}). The paginator's COUNT(*) has to visit every visible row, so it grows with the roster.",
            "'Close to 1' is read as a ratio of at most 1.5.",
        ],
    }
    if profiled:
        result["explain"] = explained
        result["profile"] = profiled
    return result


if __name__ == "__main__":
    main()
