"""Benchmark 7: 开门评部 at province scale — the opinion list at 150,000 vs 1,000 opinions, the ledger export of
150,000 measures against raw writing, and the public mailbox under a bounded loopback load.

1. **List and filter.** `GET /opinions/` through django.test.Client as demo-province (the whole province): page 1 in the
   default order (newest first) and the list filtered by channel and category. The median of 20 requests after 3
   warm-up requests, and the query count, with 1,000 opinions and with 150,000. Target: same query count, ratio <= 1.5.
2. **Ledger export.** 150,000 measures (about 350 per department, under three problems each) exported as the official
   ledger xlsx (`opinions.ledger.write(export_rows(...))`: one query, xlsxwriter in constant-memory mode). Floor: the
   same rows read by one hand-written SQL statement through `connection.cursor()` and written by xlsxwriter
   (constant memory) cell by cell with the same layout and formats. Target: project <= 1.5 x floor, and constant
   memory: the export's peak RSS growth stays far below the size of the rows in memory.
3. **Mailbox under load.** A threaded WSGI server in this process (Django's ThreadedWSGIServer, as runserver) on a
   loopback port; C clients each POST M letters to `/api/v1/mailbox/` (captcha in test mode, rate limits raised) at once.
   Reported: letters per second, errors (non-201), and that every receipt code finds its letter and the rows written
   equal the codes returned (no lost or duplicated letters). Target: no error, none lost.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

import common

SIZES = (1_000, 150_000)
REQUESTS = 20
WARMUP = 3
TARGET = 1.5
MEASURES = 150_000
CLIENTS, EACH = 8, 25


def add_opinions(n: int, start: int, user: Any, seed: int = 2026) -> None:
    from django.utils import timezone

    from zugong.core.bulk import insert_rows
    from zugong.opinions.demo import _Row
    from zugong.opinions.models import Channel, Drive, Opinion, OpinionCategory
    from zugong.orgs.models import OrgUnit

    rng = random.Random(seed + start)
    today = timezone.localdate()
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).values_list("id", flat=True))
    drive = Drive.objects.first() or Drive.objects.create(org_unit=OrgUnit.objects.get(parent=None), title="开门评部", start_date=today,
                                                            end_date=today, channels=list(Channel.values), created_by=user)
    categories = list(OpinionCategory.objects.values_list("id", flat=True))
    channels = [c for c in Channel.values if c != "mailbox"]
    insert_rows(Opinion, [_Row(units[i % len(units)], drive.pk, channels[rng.randrange(len(channels))],
                               categories[rng.randrange(len(categories))], f"意见建议第{i}条：希望精简报表材料", "masses", "", False,
                               today - timedelta(days=rng.randint(0, 700)), "new", b"", 1, user.pk) for i in range(start, start + n)])
    common.analyze()


def shrink_to(n: int) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT id FROM opinions_opinion ORDER BY id LIMIT 1 OFFSET %s", [n - 1])
        last = cur.fetchone()[0]
        cur.execute("DELETE FROM opinions_opinion WHERE id > %s", [last])
    common.analyze()


def measure_list(user: Any, n: int, pages: list[tuple[str, str, dict[str, str]]]) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    out: dict[str, Any] = {}
    for key, _label, params in pages:
        for _ in range(WARMUP):
            assert client.get("/opinions/", params).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get("/opinions/", params)
        n_queries = len(ctx.captured_queries)  # now: the next request's request_started signal empties the log
        times = []
        for _ in range(REQUESTS):
            t = time.perf_counter()
            client.get("/opinions/", params)
            times.append(time.perf_counter() - t)
        out[key] = {"rows": n, "queries": n_queries, "request_ms": common.ms(times),
                    "median_ms": round(common.median(times) * 1000, 2)}
        common.log(f"{n:,} opinions, {key}: {out[key]['queries']} queries, median {out[key]['median_ms']} ms")
    return out


# --- ledger export ---------------------------------------------------------------------------------
FLOOR_SQL = """
SELECT me.id, oc.name, pr.title, fi.content, me.content, o.name, me.leader, me.responsible, me.deadline, me.status, me.progress
FROM opinions_measure me
JOIN orgs_orgunit o ON o.id = me.org_unit_id
LEFT JOIN opinions_problem pr ON pr.id = me.problem_id
LEFT JOIN opinions_opinioncategory oc ON oc.id = pr.category_id
LEFT JOIN campaigns_finding fi ON fi.id = me.finding_id
WHERE o.path LIKE %s
ORDER BY o.path, me.deadline, me.id
"""


def add_measures(n: int, user: Any, seed: int = 2026) -> None:
    from django.utils import timezone

    from zugong.core.bulk import insert_rows
    from zugong.opinions.models import Measure, OpinionCategory, Problem
    from zugong.orgs.models import OrgUnit

    rng = random.Random(seed)
    today = timezone.localdate()
    units = list(OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.OFFICE).values_list("id", flat=True))
    categories = list(OpinionCategory.objects.values_list("id", flat=True))
    problems = Problem.objects.bulk_create([Problem(org_unit_id=u, category_id=categories[k], title=f"查摆问题{k + 1}：报表材料过多，基层负担重",
                                                    identified_on=today, created_by=user) for u in units for k in range(3)], batch_size=2000)
    statuses = ["planned", "in_progress", "returned", "awaiting", "closed", "closed", "closed"]
    rows = []
    for i in range(n):
        p = problems[i % len(problems)]
        planned = today - timedelta(days=rng.randint(0, 300))
        rows.append(Measure(org_unit_id=p.org_unit_id, problem_id=p.pk, content=f"整改措施{i}：精简报表，合并同类，建立清单管理制度",
                            leader="分管副部长", responsible="组织科科长", planned_on=planned, deadline=planned + timedelta(days=rng.randint(5, 90)),
                            status=statuses[rng.randrange(len(statuses))], progress=rng.randint(0, 100), reopened=0, version=1,
                            created_by_id=user.pk))
    insert_rows(Measure, rows)
    common.analyze()


def floor_write(path: str, unit: Any) -> int:
    """The floor: one SQL statement, xlsxwriter in constant memory, the same cells and formats."""
    import xlsxwriter
    from django.db import connection
    from django.utils import timezone

    from zugong.opinions.ledger import HEADER_ROW, HEADERS, WIDTHS
    from zugong.opinions.models import Measure

    labels = {k: str(v) for k, v in Measure.Status.choices}
    today = timezone.localdate()
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("整改台帐")
    head = wb.add_format({"bold": True, "border": 1, "bg_color": "#E8EEF7", "text_wrap": True, "align": "center", "valign": "vcenter"})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    fill = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#FFF8DC"})
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.merge_range(0, 0, 0, len(HEADERS) - 1, f"{unit.name}整改台帐", wb.add_format({"bold": True, "font_size": 16}))
    ws.merge_range(1, 0, 1, len(HEADERS) - 1, f"填报单位：{unit.name}        日期：{today:%Y年%m月%d日}", wb.add_format({"font_size": 10}))
    for c, h in enumerate(HEADERS):
        ws.write_string(HEADER_ROW, c, h, head)
    n = 0
    open_ = {"planned", "in_progress", "returned"}
    with connection.cursor() as cur:
        cur.execute(FLOOR_SQL, [unit.path + "%"])
        while batch := cur.fetchmany(5000):
            for pk, category, problem, finding, content, org, leader, responsible, deadline, status, progress in batch:
                n += 1
                r = HEADER_ROW + n
                if isinstance(deadline, str):  # SQLite returns dates as text through a raw cursor
                    from datetime import date

                    deadline = date.fromisoformat(deadline)
                ws.write_number(r, 0, n, cell)
                ws.write_number(r, 1, pk, cell)
                ws.write_string(r, 2, category or "督导发现问题", cell)
                ws.write_string(r, 3, problem or finding or "", cell)
                ws.write_string(r, 4, content, cell)
                ws.write_string(r, 5, org, cell)
                ws.write_string(r, 6, leader, cell)
                ws.write_string(r, 7, responsible, cell)
                ws.write_string(r, 8, deadline.isoformat(), cell)
                ws.write_string(r, 9, labels[status] + ("（逾期）" if status in open_ and deadline < today else ""), cell)
                ws.write_number(r, 10, progress, cell)
                ws.write_blank(r, 11, None, fill)
                ws.write_blank(r, 12, None, fill)
    wb.close()
    return n


def measure_export(user: Any, unit: Any) -> dict[str, Any]:
    from zugong.opinions import ledger

    qs = ledger.measures_in(user, unit)
    project, floor, memory = [], [], []
    rows = 0
    for _ in range(3):
        fd, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(fd)
        with common.peak_rss_growth() as mem:
            t = time.perf_counter()
            rows = ledger.write(path, unit, ledger.export_rows(qs))
            project.append(time.perf_counter() - t)
        memory.append(mem["peak_growth_mib"])
        size = os.path.getsize(path)
        os.unlink(path)
        fd, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(fd)
        t = time.perf_counter()
        floor_rows = floor_write(path, unit)
        floor.append(time.perf_counter() - t)
        os.unlink(path)
        assert floor_rows == rows, (floor_rows, rows)
        common.log(f"export {rows:,} rows: project {project[-1]:.2f}s (peak RSS +{memory[-1]} MiB), floor {floor[-1]:.2f}s, {size / 1e6:.1f} MB")
    return {"rows": rows, "project_s": [round(x, 3) for x in project], "floor_s": [round(x, 3) for x in floor],
            "peak_rss_growth_mib": memory, "file_mb": round(size / 1e6, 1)}


# --- mailbox under load --------------------------------------------------------------------------------
def mailbox_load(clients: int, each: int) -> dict[str, Any]:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    from zugong.opinions import mailbox
    from zugong.opinions.models import MailboxCase
    from zugong.orgs.models import OrgUnit

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    settings.CAPTCHA_TEST_MODE = True
    settings.MAILBOX_RATE = settings.MAILBOX_RATE_ALL = (1_000_000, 60)
    cache.clear()
    # Django's threaded server (runserver's): a thread per request, its database connection closed when the request ends
    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).values_list("id", flat=True)[:50])
    before = MailboxCase.objects.count()
    results: list[tuple[int, str]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(n: int) -> None:
        barrier.wait()
        for i in range(each):
            try:
                with urllib.request.urlopen(f"{base}/api/v1/mailbox/", timeout=60) as r:  # noqa: S310 — loopback
                    key = json.loads(r.read())["captcha"]["key"]
            except urllib.error.HTTPError as e:
                with lock:
                    results.append((e.code, ""))
                continue
            body = json.dumps({"org_unit": units[(n + i) % len(units)], "category": "work_style", "content": f"第{n}号第{i}封来信",
                               "captcha_key": key, "captcha": "PASS"}).encode()
            req = urllib.request.Request(f"{base}/api/v1/mailbox/", data=body, headers={"Content-Type": "application/json"})  # noqa: S310
            try:
                with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310
                    out = (r.status, json.loads(r.read())["receipt_code"])
            except urllib.error.HTTPError as e:
                out = (e.code, "")
            with lock:
                results.append(out)

    t = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    server.shutdown()
    from django.db import connections

    connections.close_all()
    codes = [c for s, c in results if s == 201]
    written = MailboxCase.objects.count() - before
    found = sum(1 for c in codes if mailbox.look_up(c) is not None)
    errors = {str(s): sum(1 for x, _ in results if x == s) for s in {x for x, _ in results} if s != 201}
    common.log(f"mailbox: {len(results)} letters from {clients} clients in {elapsed:.2f}s ({len(results) / elapsed:.0f}/s), "
               f"errors {errors or 'none'}, written {written}, codes found {found}")
    return {"clients": clients, "each": each, "sent": len(results), "accepted": len(codes), "distinct_codes": len(set(codes)),
            "written": written, "found": found, "errors": errors, "seconds": round(elapsed, 2),
            "per_second": round(len(results) / elapsed, 1)}


def run(args: Any) -> dict[str, Any]:
    from zugong.opinions.models import OpinionCategory
    from zugong.orgs.models import OrgUnit

    user = common.province_user()
    root = OrgUnit.objects.get(parent=None)
    small_n, big_n = SIZES
    category = OpinionCategory.objects.get(code="work_style").pk
    pages = [("page1", "opinion list, page 1 (newest first)", {}),
             ("filtered", "opinion list filtered by channel and category", {"channel": "letter", "category": str(category)})]
    add_opinions(small_n, 0, user)
    small = measure_list(user, small_n, pages)
    t = time.perf_counter()
    add_opinions(big_n - small_n, small_n, user)
    common.log(f"{big_n:,} opinions ({time.perf_counter() - t:.1f}s)")
    big = measure_list(user, big_n, pages)
    shrink_to(small_n)
    again = measure_list(user, small_n, pages)
    targets = []
    for key, label, _ in pages:
        a_times = small[key]["request_ms"] + again[key]["request_ms"]
        a = round(common.median(a_times), 2)
        b = big[key]["median_ms"]
        same = small[key]["queries"] == big[key]["queries"] == again[key]["queries"]
        ratio = b / a
        targets.append({"name": f"{label}: {big_n:,} vs {small_n:,} opinions", "value_ms": b, "floor_ms": a, "ratio": round(ratio, 2),
                        "queries": [small[key]["queries"], big[key]["queries"]], "target": f"same query count, ratio <= {TARGET:g}",
                        "pass": same and ratio <= TARGET})
    t = time.perf_counter()
    add_measures(MEASURES, user)
    common.log(f"{MEASURES:,} measures ({time.perf_counter() - t:.1f}s)")
    export = measure_export(user, root)
    p50, f50 = common.median(export["project_s"]), common.median(export["floor_s"])
    # the rows held in memory at once would be about 150,000 x 13 cells; constant memory: far below that
    targets.append({"name": f"ledger export of {export['rows']:,} measures (official layout) vs raw SQL + xlsxwriter",
                    "value_s": round(p50, 2), "floor_s": round(f50, 2), "ratio": round(p50 / f50, 2), "target": "<= 1.5x",
                    "pass": p50 / f50 <= 1.5})
    targets.append({"name": f"memory: peak RSS growth during the export of {export['rows']:,} measures",
                    "value_mib": max(export["peak_rss_growth_mib"]), "floor_mib": export["file_mb"], "ratio": 0,
                    "target": "< 64 MiB (constant memory)", "pass": max(export["peak_rss_growth_mib"]) < 64})
    clients = CLIENTS if args.db != "sqlite" else 4
    load = mailbox_load(clients, EACH)
    ok = not load["errors"] and load["accepted"] == load["sent"] == load["written"] == load["found"] == load["distinct_codes"]
    targets.append({"name": f"mailbox: {load['sent']} letters from {clients} concurrent clients over HTTP ({load['per_second']}/s)",
                    "value_s": load["seconds"], "floor_s": "", "ratio": 0, "target": "no error, none lost or duplicated", "pass": ok})
    return {"benchmark": "opinions", "title": "开门评部 at province scale: opinion list, ledger export, mailbox load",
            "raw": {"list": {str(small_n): small, str(big_n): big, f"{small_n}_again": again}, "export": export, "mailbox": load},
            "targets": targets,
            "notes": [f"List figures: median of {REQUESTS} requests after {WARMUP} warm-up ones; the 1,000-row figure combines the runs "
                      "before and after the 150,000-row one.",
                      "Export: the same rows and cells on both sides; project = `ledger.write(export_rows(qs))` with the scope filter "
                      "(visible_to) and the ORM's row conversion; floor = one raw SQL statement and xlsxwriter. Three runs each.",
                      "Mailbox: whole requests over loopback HTTP to a threaded WSGI server in this process (no nginx); every letter "
                      "first GETs a captcha, then POSTs; SQLite runs 4 clients (one writer at a time), PostgreSQL 8."]}


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = common.setup(args.db)
    try:
        common.write_result(args, env, run(args))
    finally:
        env.close()


if __name__ == "__main__":
    main()
