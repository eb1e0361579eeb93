"""Benchmark 5: deploy a 12-task campaign to every unit of the province-scale demo tree, and onward.

Data: the demo org tree (`zugong.core.demo.build_tree`, the same tree at every demo scale: the province, its
affiliated units, 13 cities, development zones under three of them, the counties) and accounts; each unit's
default responsible people (TaskDefaults, as the demo campaign has them, so deployment pre-fills them); for
every measured run a fresh 三讲三提升 campaign from the built-in template (`campaign_from_template`, 12 tasks).

Project path (timed): as demo-province, `fanout.campaign_deploy` from the province (every receiving unit:
the cities and the affiliated units), then, for every unit that received the tasks: its assignments read
with select_related("task") and, when `fanout.receivers(c, unit)` is non-empty, `fanout.deploy_onward` of
all of them to its counties and zones, 5 working days earlier (each call with the grants resolved afresh,
as each is its own request). Between the two steps, NOT timed: one UPDATE marking the first-level
assignments accepted (what the receiving units do on their pages before they can deploy onward) and one
query for the units that received them.

Floor (timed): the same assignment rows (every column, the ids included, so the parent links hold) read
back and deleted first (not timed), then written again with ONE hand-written `executemany` INSERT into
campaigns_assignment, in one transaction, on the same database; the rows read afterwards must equal the
rows before.

Target: project <= 2 x floor.
"""

from __future__ import annotations

import time
from typing import Any

import common

TARGET = 2.0
REPEATS = 11
WARMUP = 1
WORKDAYS_EARLIER = 5
TEMPLATE = "sanjiang"
COLUMNS = ["id", "campaign_id", "task_id", "parent_id", "org_unit_id", "issuer_id", "origin", "title", "content", "leader",
           "lead_office_id", "responsible_id", "deadline", "weight", "status", "progress", "has_children", "completed_on",
           "accepted_at", "urged", "created_at", "version"]


# --- data ------------------------------------------------------------------------------------------
def add_defaults() -> int:
    """Each unit's default 分管领导, 牵头科室 and 责任人 (as `demo.build_campaigns` sets them)."""
    from zugong.accounts.models import User
    from zugong.campaigns.models import TaskDefaults
    from zugong.orgs.models import OrgUnit

    people = {OrgUnit.objects.get(name="哈尔滨市委组织部").pk: User.objects.get(username="demo-city"),
              OrgUnit.objects.get(name="道里区委组织部").pk: User.objects.get(username="demo-county")}
    units = list(OrgUnit.objects.exclude(kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.OFFICE]).filter(is_active=True))
    first_office: dict[int, Any] = {}
    for o in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE, parent__in=units).order_by("order", "path"):
        first_office.setdefault(o.parent_id, o)
    TaskDefaults.objects.bulk_create([
        TaskDefaults(org_unit=u, leader=f"副部长{i % 7 + 1}", lead_office=first_office.get(u.pk), responsible=people.get(u.pk))
        for i, u in enumerate(units)
    ])
    return len(units)


def tree_counts() -> dict[str, int]:
    from django.db.models import Count

    from zugong.orgs.models import OrgUnit

    return dict(OrgUnit.objects.values_list("kind").annotate(n=Count("id")).order_by("kind"))


def new_campaign(actor: Any, root: Any) -> Any:
    """A fresh draft from the template, starting today (the same deadlines, so the same work, in every run)."""
    from django.utils import timezone

    from zugong.campaigns.services import campaign_from_template

    c = campaign_from_template(actor=actor, org_unit=root, code=TEMPLATE, start_date=timezone.localdate())
    if c.tasks.count() != 12:
        raise SystemExit(f"the {TEMPLATE} template gave {c.tasks.count()} tasks, not 12")
    return c


# --- project path -------------------------------------------------------------------------------------
def project(actor: Any, c: Any) -> dict[str, float]:
    """Deploy, accept (not timed), deploy onward from every first-level unit; the timed parts in seconds."""
    from django.utils import timezone

    from zugong.accounts.access import forget
    from zugong.campaigns import fanout
    from zugong.campaigns.models import Assignment
    from zugong.orgs.models import OrgUnit

    t0 = time.perf_counter()
    forget(actor)
    rows = fanout.campaign_deploy(actor=actor, campaign=c, expected_version=c.version)
    t1 = time.perf_counter()
    Assignment.objects.filter(campaign=c, parent=None, status=Assignment.Status.ISSUED).update(
        status=Assignment.Status.ACCEPTED, accepted_at=timezone.now())
    units = list(OrgUnit.objects.filter(pk__in={r.org_unit_id for r in rows}).order_by("path"))  # each unit's own request
    t2 = time.perf_counter()
    onward = 0
    for unit in units:
        forget(actor)
        mine = list(Assignment.objects.filter(campaign=c, org_unit=unit, parent=None).select_related("task"))
        if fanout.receivers(c, unit):
            fanout.deploy_onward(actor=actor, unit=unit, campaign=c, assignments=mine, workdays_earlier=WORKDAYS_EARLIER)
            onward += 1
    t3 = time.perf_counter()
    return {"deploy": t1 - t0, "onward": t3 - t2, "total": (t1 - t0) + (t3 - t2), "first_level": len(units),
            "deployed_onward": onward}


def expected_rows(c: Any) -> int:
    """12 x (first-level receivers + the receivers of each of them), from `fanout.receivers` (not timed)."""
    from zugong.campaigns import fanout

    first = fanout.receivers(c, c.org_unit)
    return c.tasks.count() * (len(first) + sum(len(fanout.receivers(c, u)) for u in first))


# --- floor: hand-written SQL ----------------------------------------------------------------------------
def floor(c: Any) -> dict[str, Any]:
    """Read the campaign's assignment rows, delete them, time one executemany INSERT of the same rows."""
    from django.db import connection, transaction

    from zugong.campaigns.models import Assignment

    fields = [Assignment._meta.get_field(col) for col in COLUMNS]  # get_field takes attnames too
    before = list(Assignment.objects.filter(campaign=c).order_by("id").values_list(*COLUMNS))
    params = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)] for row in before]
    qn = connection.ops.quote_name
    table = qn(Assignment._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(qn(col) for col in COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE campaign_id = %s", [c.pk])
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(sql, params)
    seconds = time.perf_counter() - t
    after = list(Assignment.objects.filter(campaign=c).order_by("id").values_list(*COLUMNS))
    if after != before:
        raise SystemExit(f"the floor wrote different rows: {len(after)} rows read back, {len(before)} before")
    return {"insert": seconds, "rows": len(before)}


# --- measuring ----------------------------------------------------------------------------------------
def count_queries(fn: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def made(c: Any) -> dict[str, int]:
    from zugong.audit.models import ObjectChange
    from zugong.campaigns.models import Assignment
    from zugong.notices.models import Notice

    return {
        "assignments": Assignment.objects.filter(campaign=c).count(),
        "notices": Notice.objects.filter(dedupe_key__startswith=f"campaigns.deploy:{c.pk}:").count(),
        "audit_rows": ObjectChange.objects.filter(action__in=["campaign.deployed", "campaign.deployed_onward"],
                                                  object_id=str(c.pk)).count(),
    }


def run(args: Any) -> dict[str, Any]:
    from zugong.orgs.models import OrgUnit

    actor = common.province_user()
    root = OrgUnit.objects.get(depth=1)
    defaults = add_defaults()
    kinds = tree_counts()
    common.analyze()
    common.log(f"tree: {kinds}; task defaults for {defaults} units")

    runs: list[dict[str, float]] = []
    floors: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    queries = 0
    for i in range(WARMUP + REPEATS):  # project and floor alternating, so a change in the machine's load hits both
        c = new_campaign(actor, root)
        want = expected_rows(c)
        if i == 0:
            queries = count_queries(lambda c=c: project(actor, c))
            p = None
        else:
            p = project(actor, c)
        counts = made(c)
        if counts["assignments"] != want:
            raise SystemExit(f"the project path made {counts['assignments']} assignments, expected {want}")
        f = floor(c)
        if f["rows"] != want:
            raise SystemExit(f"the floor wrote {f['rows']} rows, expected {want}")
        if i < WARMUP:
            common.log(f"warm-up: {want} assignments ({queries} queries in the project path, accept UPDATE included)")
            continue
        assert p is not None
        runs.append(p)
        floors.append(f)
        common.log(f"project: deploy {p['deploy']:.3f}s + onward {p['onward']:.3f}s = {p['total']:.3f}s; "
                   f"floor {f['insert']:.3f}s; {want} rows")

    rows = floors[-1]["rows"]
    project_s = common.median([r["total"] for r in runs])
    floor_s = common.median([f["insert"] for f in floors])
    ratio = project_s / floor_s
    passed = ratio <= TARGET
    first_level, onward = int(runs[-1]["first_level"]), int(runs[-1]["deployed_onward"])
    common.log(f"fan-out of {rows} assignments: project {project_s:.3f}s, floor {floor_s:.3f}s: {ratio:.2f}x")
    result: dict[str, Any] = {
        "benchmark": "fanout",
        "title": "Deployment of a 12-task campaign to every unit of the province, and onward",
        "rows": rows,
        "tree": kinds,
        "first_level": first_level,
        "deployed_onward": onward,
        "made": counts,
        "queries": queries,
        "raw": {
            "deploy_s": [round(r["deploy"], 3) for r in runs],
            "onward_s": [round(r["onward"], 3) for r in runs],
            "project_s": [round(r["total"], 3) for r in runs],
            "floor_s": [round(f["insert"], 3) for f in floors],
        },
        "targets": [{
            "name": f"campaign deployment + deployment onward ({rows:,} assignments) vs one executemany INSERT",
            "value_s": round(project_s, 3), "floor_s": round(floor_s, 3), "ratio": round(ratio, 2),
            "target": f"<= {TARGET:g}x", "pass": passed,
        }],
        "notes": [
            f"Medians of {REPEATS} runs each, project and floor alternating, after {WARMUP} warm-up run of each (that one "
            "also counts the queries); every project run deploys a fresh campaign (created outside the timing), every "
            "floor run rewrites the rows of the project run just before it.",
            f"Project: {first_level} first-level receiving units (cities and affiliated units), {onward} of which deploy "
            f"onward (the affiliated units have no receivers). Besides the {rows:,} assignments one run writes "
            f"{counts['notices']} notices (one per receiving unit and holder of `campaigns.change_assignment` nearest to "
            f"it) and {counts['audit_rows']} audit rows, updates the parents (`has_children`, `recompute`) and the "
            f"campaign; {queries} queries in all (the untimed accept UPDATE included).",
            "Timed: `campaign_deploy`, then per first-level unit the read of its assignments, `fanout.receivers` and "
            "`deploy_onward`. Not timed: the one UPDATE that marks the first-level assignments accepted and the query for "
            "the units that received them.",
        ],
    }
    if common.want_profile(args, passed):
        common.log("profiling 3 project runs (cProfile)")
        cs = [new_campaign(actor, root) for _ in range(3)]
        result["profile"] = common.profile_summary(lambda: [project(actor, c) for c in cs], top=15)
    return result


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = common.setup(args.db)
    try:
        common.write_result(args, env, run(args))
    finally:
        env.close()


if __name__ == "__main__":
    main()
