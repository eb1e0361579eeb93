"""Benchmark 4: the statistics roll-up of every registered indicator at the province root.

Data: the demo province at `--scale province` (`zugong.core.demo.build_cadres`, as `./dev demo --scale province`:
~39,000 cadres over the whole tree, with their movements), plus report forms (填报) issued by the province to
every unit for six quarters, most of them accepted, so every form-fed indicator has figures (bulk inserts).

Project path (timed): as demo-province (业务管理员 on the root unit, a real role grant), what the dashboard does
for all indicators at once: the grants resolved once (as once per request), `engine.children_of(root)`, then for
EVERY registered indicator `engine.value(ind, user, root, period)` and `engine.breakdown(ind, user, root, period,
kids)` (ratios included: the engine computes them from their parts).

Floor (timed): the same figures written by hand as single SQL statements through `connection.cursor()`: one
query for the children, then per record indicator one COUNT / SUM with the same filters and path prefix and one
`GROUP BY substr(path, 1, n)`; a ratio is two such queries for its value and two for its breakdown.
Project and floor must give identical numbers (the benchmark exits with an error otherwise).

Target: project <= 1.5 x floor (median of the whole roll-up).
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import common

REPEATS = 21
WARMUP = 3
PER_INDICATOR_REPEATS = 9
TARGET = 1.5
QUARTERS = 6  # report forms: the six quarters before today's


# --- data ------------------------------------------------------------------------------------------
def period() -> Any:
    """Since January 1st of last year: movements (last 540 days), recent entrants and four quarterly reports fall in it."""
    from django.utils import timezone

    from zugong.stats.engine import Period

    today = timezone.localdate()
    return Period(date(today.year - 1, 1, 1), today)


def quarter_ends(today: date, n: int) -> list[tuple[date, date]]:
    """(start, end) of the `n` complete quarters before `today`, latest first."""
    out = []
    q_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    for _ in range(n):
        end = q_start - timedelta(days=1)
        q_start = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
        out.append((q_start, end))
    return out


def add_reports(user: Any, *, seed: int = 2026) -> dict[str, int]:
    """Quarterly report forms from the root to every department (offices excepted), with values: 85% accepted."""
    from django.db import transaction
    from django.utils import timezone

    from zugong.orgs.models import OrgUnit
    from zugong.stats.models import ReportAssignment, ReportForm, ReportValue
    from zugong.stats.registry import form_fed

    rng = random.Random(seed)
    codes = [i.code for i in form_fed()]
    root = OrgUnit.objects.get(depth=1)
    units = list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.OFFICE).exclude(pk=root.pk).order_by("path"))
    now = timezone.now()
    with transaction.atomic():
        forms = ReportForm.objects.bulk_create([
            ReportForm(title=f"{end.year}年第{(end.month - 1) // 3 + 1}季度工作情况", org_unit=root, period_start=start,
                       period_end=end, indicator_codes=codes, status=ReportForm.Status.CLOSED, created_by=user, created_at=now)
            for start, end in quarter_ends(timezone.localdate(), QUARTERS)
        ])
        assignments = []
        for form in forms:
            for u in units:
                accepted = rng.random() < 0.85
                assignments.append(ReportAssignment(
                    form=form, org_unit=u, deadline=form.period_end + timedelta(days=10),
                    status=ReportAssignment.Status.ACCEPTED if accepted else ReportAssignment.Status.SUBMITTED,
                    submitted_at=now, submitted_by=user, reviewed_at=now if accepted else None,
                    reviewed_by=user if accepted else None))
        ReportAssignment.objects.bulk_create(assignments, batch_size=2000)
        saved = ReportAssignment.objects.filter(form__in=forms).values_list("id", "org_unit_id", "status", "form__period_end")
        values = [
            ReportValue(assignment_id=pk, org_unit_id=org_id, code=code, value=rng.randrange(0, 40), period_end=end,
                        accepted=status == ReportAssignment.Status.ACCEPTED)
            for pk, org_id, status, end in saved for code in codes
        ]
        ReportValue.objects.bulk_create(values, batch_size=2000)
    return {"report_forms": len(forms), "report_assignments": len(assignments), "report_values": len(values)}


def seed(user: Any) -> dict[str, int]:
    from zugong.core import demo
    from zugong.people.models import Cadre, Movement

    t = time.perf_counter()
    demo.build_cadres(scale="province")
    counts = {"cadres": Cadre.objects.count(), "movements": Movement.objects.count(), **add_reports(user)}
    common.analyze()
    common.log(f"province-scale demo data in {time.perf_counter() - t:.1f}s: {counts}")
    return counts


# --- project path -------------------------------------------------------------------------------------
Figures = dict[str, tuple[Any, Any, Any, tuple[tuple[int, Any], ...]]]


def project(user: Any, org: Any, per: Any, indicators: list[Any]) -> Figures:
    """value + breakdown of every indicator, as the dashboard computes them (grants resolved once, like a request)."""
    from zugong.accounts.access import forget
    from zugong.stats import engine

    forget(user)
    kids = engine.children_of(org)
    out: Figures = {}
    for ind in indicators:
        v = engine.value(ind, user, org, per)
        b = engine.breakdown(ind, user, org, per, kids)
        out[ind.code] = (v, b.total, b.own, tuple((r.org_id, r.value) for r in b.children))
    return out


# --- floor: hand-written SQL --------------------------------------------------------------------------
ON_ROLL = ("active", "seconded", "loaned")
CADRES = 'FROM people_cadre c JOIN orgs_orgunit o ON o.id = c.org_unit_id WHERE o.path LIKE %s'
MOVES = 'FROM people_movement m JOIN orgs_orgunit o ON o.id = m.org_unit_id WHERE o.path LIKE %s'
REPORTS = 'FROM stats_reportvalue v JOIN orgs_orgunit o ON o.id = v.org_unit_id WHERE o.path LIKE %s'


def floors() -> dict[str, Any]:
    """Per indicator code: (aggregate expression, FROM ... WHERE ..., extra params) or ('ratio', numerator, denominator).

    Written out by hand for the indicators registered today; a new indicator makes the benchmark stop and ask for
    its floor (see `check_coverage`)."""
    from zugong.people.models import Movement
    from zugong.stats.registry import form_fed

    on_roll = f"c.status IN ({', '.join(['%s'] * len(ON_ROLL))})"
    spec: dict[str, Any] = {
        "people.headcount": ("COUNT(*)", f"{CADRES} AND {on_roll}", list(ON_ROLL), None),
        "people.postgraduates": ("COUNT(*)", f"{CADRES} AND {on_roll} AND c.education = %s", [*ON_ROLL, "postgraduate"], None),
        "people.postgraduate_share": ("ratio", "people.postgraduates", "people.headcount"),
        "people.new_entrants": ("COUNT(*)", CADRES, [], "c.work_start_date"),
        "people.movements": ("COUNT(*)", MOVES, [], "m.date"),
    }
    for kind in Movement.Kind.values:
        spec[f"people.movements_{kind}"] = ("COUNT(*)", f"{MOVES} AND m.kind = %s", [kind], "m.date")
    for ind in form_fed():
        spec[ind.code] = ("SUM(v.value)", f"{REPORTS} AND v.code = %s AND v.accepted", [ind.code], "v.period_end")
    return spec


def check_coverage(indicators: list[Any], spec: dict[str, Any]) -> None:
    missing = [i.code for i in indicators if i.code not in spec]
    if missing:
        raise SystemExit(f"no hand-written floor for {', '.join(missing)}: add it to bench/bench_rollup.py floors()")


def _num(v: Any) -> int | Decimal:
    if v is None:
        return 0
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    return v


def _pct(num: Any, den: Any) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num or 0) * 100 / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def floor(org_id: int, org_path: str, per: Any, spec: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    """{code: (value, {prefix: value})} and the children (id, path), straight from SQL."""
    from django.db import connection

    n = len(org_path) + 4  # STEP characters per level
    like = org_path + "%"
    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        cur.execute('SELECT id, path FROM orgs_orgunit WHERE parent_id = %s AND is_active AND kind <> %s ORDER BY "order", path',
                    [org_id, "office"])
        kids = cur.fetchall()

        def record(code: str) -> tuple[Any, dict[str, Any]]:
            agg, where, params, date_col = spec[code]
            params = [like, *params]
            if date_col:
                where += f" AND {date_col} >= %s AND {date_col} <= %s"
                params += [per.start, per.end]
            cur.execute(f"SELECT {agg} {where}", params)
            total = _num(cur.fetchone()[0])
            cur.execute(f"SELECT substr(o.path, 1, {n}), {agg} {where} GROUP BY substr(o.path, 1, {n})", params)
            return total, {p: _num(v) for p, v in cur.fetchall()}

        for code in codes:
            if spec[code][0] == "ratio":
                _r, num_code, den_code = spec[code]
                (nv, ng), (dv, dg) = record(num_code), record(den_code)
                out[code] = ("ratio", nv, ng, dv, dg)
            else:
                out[code] = record(code)
    return {"kids": kids, "figures": out}


def floor_figures(raw: dict[str, Any]) -> Figures:
    """The floor's numbers in the project's shape (value, total, 本级, children) for the comparison."""
    kids = raw["kids"]
    child_paths = {p for _id, p in kids}
    out: Figures = {}
    for code, f in raw["figures"].items():
        if f[0] == "ratio":
            _r, nv, ng, dv, dg = f
            n_own = sum(v for p, v in ng.items() if p not in child_paths)
            d_own = sum(v for p, v in dg.items() if p not in child_paths)
            rows = tuple((pk, _pct(ng.get(p, 0), dg.get(p, 0))) for pk, p in kids)
            out[code] = (_pct(nv, dv), _pct(nv, dv), _pct(n_own, d_own) if d_own else None, rows)
        else:
            total, groups = f
            own = sum((v for p, v in groups.items() if p not in child_paths), start=0)
            out[code] = (total, sum(groups.values(), start=0), own, tuple((pk, groups.get(p, 0)) for pk, p in kids))
    return out


def compare(mine: Figures, theirs: Figures) -> None:
    bad = [code for code in theirs if mine.get(code) != theirs[code]]
    if bad or set(mine) != set(theirs):
        for code in bad[:5]:
            common.log(f"MISMATCH {code}: project {mine.get(code)!r}\n      floor   {theirs[code]!r}")
        raise SystemExit(f"project and floor disagree on {len(bad)} indicator(s): {', '.join(bad)}")


# --- measuring ----------------------------------------------------------------------------------------
def count_queries(fn: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def explain(sql: str) -> list[str]:
    """The plan of a captured statement (its parameters already inlined)."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cur:
        cur.execute(prefix + sql)
        return [" | ".join(str(c) for c in row) for row in cur.fetchall()]


def heaviest_query(user: Any, org: Any, per: Any, indicators: list[Any]) -> dict[str, Any]:
    """The slowest statement of one project roll-up (captured), timed again on its own, with its plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        project(user, org, per, indicators)
    slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
    return {"sql": slowest["sql"], "time_ms": round(float(slowest["time"]) * 1000, 2)}


def run(args: Any) -> dict[str, Any]:
    from zugong.orgs.models import OrgUnit
    from zugong.stats import engine
    from zugong.stats.registry import all_indicators

    user = common.province_user()
    counts = seed(user)
    root = OrgUnit.objects.get(depth=1)
    per = period()
    indicators = all_indicators()
    spec = floors()
    check_coverage(indicators, spec)
    codes = [i.code for i in indicators]

    # identical numbers, and every indicator has data
    mine = project(user, root, per, indicators)
    theirs = floor_figures(floor(root.pk, root.path, per, spec, codes))
    compare(mine, theirs)
    empty = [c for c, (v, *_rest) in mine.items() if not v]
    if empty:
        raise SystemExit(f"no data behind {', '.join(empty)}: the benchmark data must give every indicator a figure")
    kids = engine.children_of(root)
    common.log(f"{len(indicators)} indicators, {len(kids)} children of {root.name}: project and floor agree")

    project_queries = count_queries(lambda: project(user, root, per, indicators))
    floor_queries = count_queries(lambda: floor(root.pk, root.path, per, spec, codes))

    for _ in range(WARMUP):
        project(user, root, per, indicators)
        floor(root.pk, root.path, per, spec, codes)
    project_s, floor_s = [], []
    for _ in range(REPEATS):  # alternating, so a change in the machine's load hits both
        project_s.append(common.timed(lambda: project(user, root, per, indicators))[0])
        floor_s.append(common.timed(lambda: floor(root.pk, root.path, per, spec, codes))[0])
    p_ms, f_ms = common.median(project_s) * 1000, common.median(floor_s) * 1000
    ratio = p_ms / f_ms
    passed = ratio <= TARGET
    common.log(f"roll-up of {len(indicators)} indicators: project {p_ms:.1f} ms ({project_queries} queries), "
               f"floor {f_ms:.1f} ms ({floor_queries} queries): {ratio:.2f}x")

    per_indicator = []
    for ind in indicators:
        pt, ft = [], []
        for _ in range(PER_INDICATOR_REPEATS):
            pt.append(common.timed(lambda ind=ind: project(user, root, per, [ind]))[0])
            ft.append(common.timed(lambda ind=ind: floor(root.pk, root.path, per, spec, [ind.code]))[0])
        pm, fm = common.median(pt) * 1000, common.median(ft) * 1000
        v = mine[ind.code][0]
        per_indicator.append({"code": ind.code, "label": ind.label, "aggregate": ind.aggregate,
                              "value": float(v) if isinstance(v, Decimal) else v,
                              "project_ms": round(pm, 2), "floor_ms": round(fm, 2), "ratio": round(pm / fm, 2)})

    heavy = heaviest_query(user, root, per, indicators)
    heavy["plan"] = explain(heavy["sql"])
    result: dict[str, Any] = {
        "benchmark": "rollup",
        "title": f"Statistics roll-up of all {len(indicators)} indicators at the province root",
        "data": counts,
        "indicators": len(indicators),
        "children": len(kids),
        "org": root.name,
        "period": per.label(),
        "raw": {
            "project_ms": common.ms(project_s), "floor_ms": common.ms(floor_s),
            "project_queries": project_queries, "floor_queries": floor_queries,
            "per_indicator": per_indicator,
        },
        "heaviest": heavy,
        "targets": [{
            "name": f"roll-up of {len(indicators)} indicators (value + per-child breakdown) vs hand-written SQL",
            "value_ms": round(p_ms, 2), "floor_ms": round(f_ms, 2), "ratio": round(ratio, 2),
            "target": f"<= {TARGET:g}x", "pass": passed,
        }],
        "notes": [
            f"Median of {REPEATS} roll-ups each (project and floor alternating) after {WARMUP} warm-up runs of each; "
            f"per-indicator figures are medians of {PER_INDICATOR_REPEATS} (the project side then includes the grants "
            "query and the children query for one indicator, so small indicators show a larger ratio).",
            f"Project: {project_queries} queries per roll-up (1 grants + 1 children + the indicators' own); floor: "
            f"{floor_queries} (1 children + the indicators' own). Numbers compared value by value (value, total, 本级 "
            "and every child) before timing.",
            f"Period: {per.label()} (dated indicators); headcount and education are states (as of now).",
        ],
    }
    if common.want_profile(args, passed):
        common.log("profiling 5 project roll-ups (cProfile)")
        result["profile"] = common.profile_summary(lambda: [project(user, root, per, indicators) for _ in range(5)])
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
