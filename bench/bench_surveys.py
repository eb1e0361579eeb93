"""Benchmark 8: 满意度测评 at province scale — ballots under a bounded loopback load, and the close and results of
100,000 responses × 19 items.

1. **Ballots under load.** A published survey of the demo province's cities from the shipped template (4 aspects,
   19 items, quotas 30 / 20 / 10 per city), its codes issued (`ballots.codes_issue`). A threaded WSGI server in this
   process (Django's ThreadedWSGIServer, as runserver) on a loopback port; C clients at once each POST M ballots with
   distinct codes to `POST /api/v1/ballots/` (no auth: code + answers to every item), and after every DUP_EVERY-th
   ballot one more submission of a code already accepted (from any client), which must get 409. Rate limits raised
   (SURVEY_RATE, SURVEY_RATE_ALL). Reported: ballots per second, errors (a fresh code not answered 201, a duplicate
   not answered 409), and that the staged responses equal the accepted codes and the used codes, cell by cell
   (target × category). Target: no error, none lost or duplicated.
2. **Close and results.** A survey of the demo province's cities and counties from the shipped template
   (SATISFACTION_PROVINCE), codes issued per region (`codes_issue`), RESPONSES of them answered: staged in bulk
   (`core.bulk.insert_rows` into ResponseStaging, sealed as `ballots.seal` does, 2% with a comment) and the codes marked
   used, as the surveys demo does. Timed: `closing.survey_close` once, whole (shuffled copy into Response /
   ResponseAnswer / ResponseText, results, inspections planned, audit, commit and the VACUUM after it), with its
   phases; then `results.compute` alone (in a transaction, as in the close) against the floor: one hand-written
   GROUP BY of the same answers (`SELECT target_id, item_id, category_id, value, count(*) ... GROUP BY ...`) through
   `connection.cursor()`, every row fetched. Median of RUNS runs each, alternating, after one warm-up of each; the
   Result rows are checked against the floor's counts. Target: compute <= 1.5 x floor. Also, without a profiler,
   where compute's time goes: its GROUP BY, deleting and writing its Result rows (`core.bulk.insert_rows`), the rest
   being Python, the small reads and the commit.
"""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from typing import Any, NamedTuple

import common

TARGET = 1.5
CLIENTS, EACH, DUP_EVERY = 8, 50, 5
RESPONSES = 100_000
QUOTAS = "党员干部 400\n群众 250\n服务对象 100"  # 750 codes per region: 100,500 for the 134 regions of the demo province
COMMENT_SHARE = 0.02
RUNS = 5
SEED = 2026

FLOOR_SQL = """
SELECT r.target_id, a.item_id, r.category_id, a.value, count(*)
FROM surveys_responseanswer a
JOIN surveys_response r ON r.id = a.response_id
WHERE r.survey_id = %s
GROUP BY r.target_id, a.item_id, r.category_id, a.value
"""


def make_survey(actor: Any, root: Any, targets: list[Any], quotas: str | None = None) -> Any:
    """A published survey of `root` over `targets` from the shipped province template (quotas: its default ones)."""
    from zugong.surveys import design

    data = design.template_data("org-work-satisfaction")
    if quotas:
        data["categories_text"] = quotas
    s = design.survey_create(actor=actor, org_unit=root, data=data, targets=targets)
    return design.survey_publish(actor=actor, survey=s, expected_version=s.version)


def regions(root: Any) -> list[Any]:
    """The province's cities and counties (the demo survey's targets)."""
    from zugong.orgs.models import OrgUnit

    return list(OrgUnit.objects.filter(path__startswith=root.path, depth__in=[root.depth + 1, root.depth + 2], is_active=True)
                .filter(kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY]).order_by("path"))


# --- ballots under load ------------------------------------------------------------------------------
def ballot_load(user: Any, root: Any, clients: int, each: int) -> dict[str, Any]:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    from zugong.core import codes as core_codes
    from zugong.orgs.models import OrgUnit
    from zugong.surveys import ballots
    from zugong.surveys.models import BallotCode, ResponseStaging

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    cities = list(OrgUnit.objects.filter(parent=root, kind=OrgUnit.Kind.CITY).order_by("path"))
    survey = make_survey(user, root, cities)
    issued = ballots.codes_issue(actor=user, survey=survey)
    pool = [(c, (part.batch.target_id, part.batch.category_id)) for part in issued for c in part.codes]
    random.Random(SEED).shuffle(pool)
    assert len(pool) >= clients * each, (len(pool), clients * each)
    cell_of = dict(pool)
    items = list(survey.items.order_by("order").values_list("id", flat=True))

    settings.SURVEY_RATE = settings.SURVEY_RATE_ALL = (1_000_000, 60)
    cache.clear()
    # Django's threaded server (runserver's): a thread per request, its database connection closed when the request ends
    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/api/v1/ballots/"
    fresh: list[tuple[int, str]] = []
    dups: list[tuple[int, str]] = []
    accepted: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def post(code: str, rng: random.Random, i: int) -> int:
        body: dict[str, Any] = {"code": core_codes.format_code(code), "answers": {str(it): rng.randint(1, 4) for it in items}}
        if i % 10 == 3:
            body["comment"] = f"建议进一步改进干部选拔任用工作（第{i}条）"
        req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310
                r.read()
                return int(r.status)
        except urllib.error.HTTPError as e:
            return int(e.code)

    def client(n: int) -> None:
        rng = random.Random(SEED + n)
        mine = [c for c, _ in pool[n * each:(n + 1) * each]]
        barrier.wait()
        for i, code in enumerate(mine):
            status = post(code, rng, i)
            with lock:
                fresh.append((status, code))
                if status == 201:
                    accepted.append(code)
            if (i + 1) % DUP_EVERY == 0:
                with lock:
                    again = rng.choice(accepted) if accepted else code
                dup_status = post(again, rng, i)
                with lock:
                    dups.append((dup_status, again))

    t = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    server.shutdown()
    server.server_close()
    connections.close_all()
    good = [c for s, c in fresh if s == 201]
    staged_cells = Counter(ResponseStaging.objects.filter(survey=survey).values_list("target_id", "category_id"))
    staged = sum(staged_cells.values())
    answers = sum(len(ballots.unseal(x)[0]) for x in ResponseStaging.objects.filter(survey=survey).values_list("sealed", flat=True))
    used = BallotCode.objects.filter(batch__survey=survey, used=True).count()
    cells_match = staged_cells == Counter(cell_of[c] for c in good)
    errors = dict(Counter(f"fresh {s}" for s, _ in fresh if s != 201) + Counter(f"duplicate {s}" for s, _ in dups if s != 409))
    sent = len(fresh) + len(dups)
    out = {"clients": clients, "each": each, "duplicates_every": DUP_EVERY, "codes_issued": len(pool), "fresh": len(fresh),
           "duplicates": len(dups), "sent": sent, "accepted": len(good), "distinct_accepted": len(set(good)),
           "duplicates_409": sum(1 for s, _ in dups if s == 409), "staged": staged, "staged_answers": answers, "used_codes": used,
           "cells_match": cells_match, "errors": errors, "seconds": round(elapsed, 2), "ballots_per_second": round(len(good) / elapsed, 1),
           "requests_per_second": round(sent / elapsed, 1), "items": len(items)}
    common.log(f"ballots: {len(fresh)} fresh + {len(dups)} duplicates from {clients} clients in {elapsed:.2f}s "
               f"({out['ballots_per_second']} ballots/s, {out['requests_per_second']} requests/s), errors {errors or 'none'}, "
               f"staged {staged}, used {used}, cells match {cells_match}")
    return out


# --- close and results ---------------------------------------------------------------------------------
class _Staged(NamedTuple):
    id: uuid.UUID
    survey_id: int
    target_id: int
    category_id: int
    sealed: str  # ballots.seal(answers, comment), as ballot_submit stores it


def build_big(user: Any, root: Any, n: int) -> tuple[Any, dict[str, Any]]:
    """The province survey of its regions with `n` staged responses and as many used codes."""
    from zugong.core.bulk import insert_rows
    from zugong.surveys import ballots
    from zugong.surveys.models import BallotCode, ResponseStaging

    rng = random.Random(SEED)
    timing: dict[str, Any] = {}
    t = time.perf_counter()
    targets = regions(root)
    survey = make_survey(user, root, targets, QUOTAS)
    for target in survey.targets.order_by("order"):  # one sheet per region, as the organizer prints them
        ballots.codes_issue(actor=user, survey=survey, target=target)
    timing["issue_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    all_codes = list(BallotCode.objects.filter(batch__survey=survey).order_by("id")
                     .values_list("id", "batch__target_id", "batch__category_id", "batch__target__org_unit_id"))
    assert len(all_codes) >= n, (len(all_codes), n)
    chosen = rng.sample(all_codes, n)
    units = sorted({u for *_, u in all_codes})
    low = set(rng.sample(units, 13))
    items = list(survey.items.order_by("order").values_list("id", flat=True))
    rows = []
    comments = 0
    for _pk, target, category, unit in chosen:
        good = 0.55 if unit in low else 0.9
        answers = {}
        for item in items:
            r = rng.random()
            answers[str(item)] = 4 if r < 0.05 else 1 if r < good * 0.7 else 2 if r < good else 3
        comment = "希望组织部门多到基层听取意见" if rng.random() < COMMENT_SHARE else ""
        comments += bool(comment)
        rows.append(_Staged(uuid.uuid4(), survey.pk, target, category, ballots.seal(answers, comment)))
    timing["generate_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    insert_rows(ResponseStaging, rows)
    BallotCode.objects.filter(batch__survey=survey).update(used=True)
    unused = sorted(set(pk for pk, *_ in all_codes) - {pk for pk, *_ in chosen})
    for i in range(0, len(unused), 500):
        BallotCode.objects.filter(pk__in=unused[i:i + 500]).update(used=False)
    timing["stage_s"] = round(time.perf_counter() - t, 1)
    common.analyze()
    survey.refresh_from_db()
    common.log(f"survey of {len(targets)} regions: {len(all_codes):,} codes issued in {timing['issue_s']}s; {n:,} responses × "
               f"{len(items)} items generated in {timing['generate_s']}s, staged in {timing['stage_s']}s ({comments} comments)")
    return survey, {"regions": len(targets), "codes": len(all_codes), "responses": n, "items": len(items), "comments": comments,
                    "categories": survey.categories.count(), **timing}


def close(user: Any, survey: Any) -> dict[str, Any]:
    """`survey_close` once, whole; its phases timed by wrapping the functions it calls (the code is not changed)."""
    from zugong.surveys import closing, inspections, results
    from zugong.surveys.models import Response, ResponseAnswer, ResponseStaging, ResponseText

    phases: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                phases[name] = round(time.perf_counter() - t, 3)
        return wrapper

    originals = (closing._move, results.compute, inspections.plan_bottom, closing.vacuum)
    closing._move = timed("copy", closing._move)
    results.compute = timed("results", results.compute)
    inspections.plan_bottom = timed("inspections", inspections.plan_bottom)
    closing.vacuum = timed("vacuum", closing.vacuum)
    try:
        with common.peak_rss_growth() as mem:
            t = time.perf_counter()
            closed = closing.survey_close(actor=user, survey=survey, expected_version=survey.version)
            total = time.perf_counter() - t
    finally:
        closing._move, results.compute, inspections.plan_bottom, closing.vacuum = originals
    responses = Response.objects.filter(survey=survey).count()
    answers = ResponseAnswer.objects.filter(response__survey=survey).count()
    texts = ResponseText.objects.filter(response__survey=survey).count()
    left = ResponseStaging.objects.filter(survey=survey).count()
    assert closed.status == "closed" and left == 0
    phases["other"] = round(total - sum(phases.values()), 3)
    out = {"seconds": round(total, 2), "phases_s": phases, "responses": responses, "answers": answers, "texts": texts,
           "staging_left": left, "copy_answers_per_s": round(answers / phases["copy"]), "peak_rss_growth_mib": mem["peak_growth_mib"]}
    common.log(f"close: {total:.2f}s ({', '.join(f'{k} {v}s' for k, v in phases.items())}); {responses:,} responses, "
               f"{answers:,} answers, {texts} texts; copy {out['copy_answers_per_s']:,} answers/s; peak RSS +{mem['peak_growth_mib']} MiB")
    return out


def floor(survey: Any) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(FLOOR_SQL, [survey.pk])
        return cur.fetchall()


def compute(survey: Any) -> int:
    from django.db import transaction

    from zugong.surveys import results

    with transaction.atomic():
        return results.compute(survey)


def check(survey: Any, rows: list[tuple[Any, ...]], n: int) -> dict[str, Any]:
    """The Result rows against the floor's counts: every target × category × item cell, and the overall row."""
    from zugong.surveys.models import Result

    want: dict[tuple[int, int, int], dict[str, int]] = {}
    for t, item, c, value, k in rows:
        want.setdefault((t, c, item), {})[str(value)] = k
    got = {(r.target_id, r.category_id, r.item_id): r.counts
           for r in Result.objects.filter(survey=survey, target__isnull=False, category__isnull=False, item__isnull=False)}
    overall = Result.objects.get(survey=survey, target=None, category=None, item=None, aspect=None)
    ok = got == want and overall.respondents == n and sum(overall.counts.values()) == sum(k for *_, k in rows)
    return {"cells": len(got), "match": ok, "overall_rate": str(overall.rate), "answers": sum(k for *_, k in rows)}


def measure_results(survey: Any, n: int) -> dict[str, Any]:
    from zugong.surveys.models import Result

    project, base = [], []
    cells = compute(survey)  # warm-up of both
    rows = floor(survey)
    for _ in range(RUNS):
        t = time.perf_counter()
        cells = compute(survey)
        project.append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = floor(survey)
        base.append(time.perf_counter() - t)
        common.log(f"results.compute {project[-1]:.3f}s ({cells:,} Result rows); floor {base[-1]:.3f}s ({len(rows):,} rows)")
    checked = check(survey, rows, n)
    assert checked["match"], checked
    return {"result_rows": cells, "floor_rows": len(rows), "project_s": [round(x, 3) for x in project],
            "floor_s": [round(x, 3) for x in base], "check": checked, "stored": Result.objects.filter(survey=survey).count()}


# the statement results.compute runs (copied from zugong/surveys/results.py: the respondents come from the same
# rows, except in the appraisal of persons), for the breakdown
COMPUTE_SQL = (
    "SELECT r.target_id, r.category_id, a.item_id, a.value, COUNT(*) FROM surveys_responseanswer a "
    "JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %s "
    "GROUP BY r.target_id, r.category_id, a.item_id, a.value",
)


def breakdown(survey: Any, compute_s: float) -> dict[str, Any]:
    """Where results.compute's time goes, without a profiler: its statement, deleting its Result rows and writing them
    again by `core.bulk.insert_rows` (COPY on PostgreSQL), as compute does; the rest of compute's median is Python (the
    tallies, the rows, the suppression and ranking), the small reads of the survey's parts and the commit."""
    from django.db import connection, transaction

    from zugong.core.bulk import insert_rows
    from zugong.surveys.models import Result

    parts: dict[str, list[float]] = {"statements": [], "delete": [], "insert_rows": []}
    for _ in range(3):
        t = time.perf_counter()
        with connection.cursor() as cur:
            for sql in COMPUTE_SQL:
                cur.execute(sql, [survey.pk])
                cur.fetchall()
        parts["statements"].append(time.perf_counter() - t)
        rows = list(Result.objects.filter(survey=survey).order_by("id"))
        with transaction.atomic():
            t = time.perf_counter()
            Result.objects.filter(survey=survey).delete()
            parts["delete"].append(time.perf_counter() - t)
            t = time.perf_counter()
            insert_rows(Result, rows)
            parts["insert_rows"].append(time.perf_counter() - t)
    out = {k: round(common.median(v), 3) for k, v in parts.items()}
    out["python"] = round(compute_s - out["statements"] - out["delete"] - out["insert_rows"], 3)
    common.log(f"results.compute {compute_s:.3f}s: statement {out['statements']}s, delete {out['delete']}s, insert_rows "
               f"{out['insert_rows']}s, the rest (Python, small reads, commit) {out['python']}s")
    return out


def run(args: Any) -> dict[str, Any]:
    from zugong.orgs.models import OrgUnit

    user = common.province_user()
    root = OrgUnit.objects.get(parent=None)
    clients = CLIENTS if args.db != "sqlite" else 4
    load = ballot_load(user, root, clients, EACH)
    survey, data = build_big(user, root, RESPONSES)
    closed = close(user, survey)
    common.analyze()
    res = measure_results(survey, RESPONSES)
    p50, f50 = common.median(res["project_s"]), common.median(res["floor_s"])
    ratio = p50 / f50
    passed = ratio <= TARGET
    res["breakdown"] = breakdown(survey, p50)
    targets = [{"name": f"results.compute of {RESPONSES:,} responses × {data['items']} items ({data['regions']} regions × "
                        f"{data['categories']} categories) vs one raw GROUP BY", "value_s": round(p50, 3), "floor_s": round(f50, 3),
                "ratio": round(ratio, 2), "target": f"<= {TARGET:g}x", "pass": passed}]
    ok = (not load["errors"] and load["cells_match"] and load["accepted"] == load["fresh"] == load["distinct_accepted"]
          == load["staged"] == load["used_codes"] and load["duplicates_409"] == load["duplicates"]
          and load["staged_answers"] == load["staged"] * load["items"])
    targets.append({"name": f"ballots: {load['fresh']} + {load['duplicates']} duplicate submissions from {clients} concurrent "
                            f"clients over HTTP ({load['ballots_per_second']} ballots/s)",
                    "value_s": load["seconds"], "floor_s": "", "ratio": 0,
                    "target": "no error, none lost or duplicated, duplicates 409", "pass": ok})
    profile = None
    if common.want_profile(args, passed):
        profile = common.profile_summary(lambda: compute(survey), top=12)
    return {"benchmark": "surveys", "title": f"满意度测评 at province scale: ballots under load, close and results of "
                                            f"{RESPONSES:,} responses",
            "raw": {"ballots": load, "data": data, "close": closed, "results": res}, "targets": targets, "profile": profile,
            "notes": ["Ballots: whole requests over loopback HTTP to a threaded WSGI server in this process (no nginx), each "
                      "a POST of the code and all 19 answers (every tenth with a comment); duplicates re-send a code another "
                      "submission already got 201 for. SQLite runs 4 clients (one writer at a time), PostgreSQL 8.",
                      "Close: one run (it consumes the staged rows); phases timed by wrapping `closing._move` (copy), "
                      "`results.compute`, `inspections.plan_bottom` and `closing.vacuum` (after commit, PostgreSQL only); "
                      "`other` is the lock, version update, audit row and commit (on PostgreSQL the commit runs the deferred foreign-key "
                      "checks of every copied row: Django makes foreign keys DEFERRABLE INITIALLY DEFERRED). Statistics as after the staging (ANALYZE); "
                      "none for the copied rows inside the close's transaction.",
                      f"Results: median of {RUNS} runs of each after one warm-up, alternating, after ANALYZE; compute in a "
                      "transaction as in the close (one GROUP BY, the tallies, the suppression, deleting and "
                      "writing the Result rows); floor = one GROUP BY with every row fetched. The Result rows of every "
                      "target × category × item cell equal the floor's counts."]}


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = common.setup(args.db)
    try:
        common.write_result(args, env, run(args))
    finally:
        env.close()


if __name__ == "__main__":
    main()
